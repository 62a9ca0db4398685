// kzrules/files.hpp — files written whole, and what an interrupted run leaves behind.
//
// kzrules writes every file it produces (Database::write_outputs, replace_file) under a
// fresh temporary name in the target's folder, created exclusively and never through a
// symbolic link, and renames it over the target only once the whole content is written:
// a reader sees the old file or the new one, never a truncated one. An existing target
// that is a symbolic link is itself replaced by a regular file; the file it pointed to is
// not touched (a link planted in a shared folder cannot redirect a write).
//
// While a temporary is being written it is listed, so that a signal need not leave it
// behind. The library never installs a signal handler by itself: a host that wants the
// temporaries removed when it is interrupted calls remove_temporary_files_on_signals()
// once, or calls remove_temporary_files() from a handler of its own.
#pragma once

#include <filesystem>
#include <streambuf>
#include <string_view>
#include <vector>

namespace kz {

// A stream buffer over a file descriptor that keeps the first error a write met (a full
// disk, a closed pipe), so that it can be reported as one: after it every write fails, and
// the stream over it goes bad. kzrules writes its files through it, and the CLI its
// standard output; a host can give it to std::cout the same way
// (`std::cout.rdbuf(&buffer)`) and ask error() once it has flushed.
class DescriptorBuffer final : public std::streambuf {
 public:
  explicit DescriptorBuffer(int fd);
  int error() const noexcept { return error_; }  // the first write's errno, or 0

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool drain();

  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

// Replaces `path` with `content`, whole, as above; its folder must exist. Throws
// kz::Error (bad_input, E0305 cannot_write) saying why, with `path` left as it was.
void replace_file(const std::filesystem::path& path, std::string_view content);

// Removes every temporary file kzrules is writing at this moment; the writes in progress
// then fail with E0305. Async-signal-safe: meant for a signal handler.
void remove_temporary_files() noexcept;

// For SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ, each only while its disposition is
// the default: a handler that removes the temporaries, then raises the signal again with
// its default action, so the process ends as it would have. A signal that is ignored
// (as under nohup) or already handled is left alone. Call it once, early, on the main
// thread.
void remove_temporary_files_on_signals();

}  // namespace kz
