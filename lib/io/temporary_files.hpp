// The list of temporary files being written, which remove_temporary_files() (in
// kzrules/files.hpp, possibly from a signal handler) empties.
#pragma once

#include <string>

namespace kz::io {

struct TemporarySlot;

// Lists `path` for removal by remove_temporary_files() for as long as it lives. List a
// file only after creating it exclusively: a file that is someone else's must never be
// on the list.
class ListedTemporary {
 public:
  explicit ListedTemporary(const std::string& path);
  ~ListedTemporary();
  ListedTemporary(const ListedTemporary&) = delete;
  ListedTemporary& operator=(const ListedTemporary&) = delete;

 private:
  TemporarySlot* slot_;
};

}  // namespace kz::io
