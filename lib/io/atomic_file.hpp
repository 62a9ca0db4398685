// Replacing files whole, one or several at once (kzrules/files.hpp gives the contract).
//
// Each file of a batch is written under a fresh name in its target's folder, created
// with O_EXCL|O_NOFOLLOW (an existing file or planted link is never opened), and listed
// for removal on a signal. Nothing is renamed over a target until every file of the
// batch was written in full; if a rename still fails, the targets already replaced get
// their old content back. So the targets end all new or all as they were (a signal during
// the few renames themselves is the exception: then some may be new), and no temporary
// is left behind.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <vector>

namespace kz::io {

// What add() does when the target's folder does not exist.
enum class MissingFolders : bool { refuse, create };

class FileBatch {
 public:
  FileBatch();
  // Removes every temporary not committed, and the folders add() created if now empty.
  ~FileBatch();
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;

  // Starts the file that will replace `target` and returns the stream to write it to (a
  // failed write sets its badbit; commit reports it). Throws kz::Error (E0305
  // cannot_write) when `target` is a folder or its folder is missing (unless told to
  // create it) or cannot hold a new file.
  std::ostream& add(const std::filesystem::path& target,
                    MissingFolders missing = MissingFolders::refuse);

  // Checks that every write succeeded and closes each file, then renames each over its
  // target. Throws kz::Error (E0305) saying which file and why; the targets are then as
  // they were, and the temporaries gone. Either way the batch is then spent.
  void commit();

 private:
  struct Staged;
  std::vector<std::unique_ptr<Staged>> staged_;
  std::vector<std::filesystem::path> created_folders_;  // outermost first
  bool committed_ = false;

  // Creates the missing folders above `target`, remembering them.
  void create_folders(const std::filesystem::path& target);
  void rename_all();
  // Removes what is left: temporaries, second names of old files, and (unless committed)
  // the folders created if they are empty. The batch is then empty.
  void discard() noexcept;
};

}  // namespace kz::io
