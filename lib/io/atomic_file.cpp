// Replacing files whole (atomic_file.hpp), and kz::replace_file (kzrules/files.hpp).
#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <random>
#include <streambuf>
#include <string>
#include <utility>

#include "core/bad_input.hpp"
#include "core/system_error.hpp"
#include "io/temporary_files.hpp"
#include "kzrules/files.hpp"

namespace kz::io {

namespace {

[[noreturn]] void cannot_write(const std::filesystem::path& target, const std::string& why) {
  throw_bad_input(ErrorCode::cannot_write,
                  fmt::format("cannot write {}: {}", target.string(), why));
}

// ".<name>.<tag>-<12 random letters>": hidden, so `*.csv` never matches it, and not
// guessable, though safety comes from creating it exclusively, not from the name.
std::filesystem::path sibling_name(const std::filesystem::path& target, const char* tag) {
  static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::uint64_t bits = (std::uint64_t{device()} << 32) | device();
  std::string suffix;
  for (int i = 0; i < 12; ++i, bits /= 36) suffix += letters[bits % 36];
  // Room for the additions within the 255 bytes a file name may have.
  const std::string name = target.filename().string().substr(0, 200);
  return target.parent_path() / fmt::format(".{}.{}-{}", name, tag, suffix);
}

constexpr int name_attempts = 100;

// Creates a new file next to `target`, never opening an existing file or following a
// link: its descriptor and name.
std::pair<int, std::filesystem::path> create_temporary(const std::filesystem::path& target,
                                                       const std::filesystem::path& folder) {
  for (int attempt = 0; attempt < name_attempts; ++attempt) {
    auto path = sibling_name(target, "kztmp");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return {fd, std::move(path)};
    if (errno != EEXIST)
      cannot_write(target, fmt::format("cannot create a file in {}: {}", folder.string(),
                                       system_error_text(errno)));
  }
  cannot_write(target, fmt::format("no free temporary name in {}", folder.string()));
}

// A second name for what `target` is now (a file, or the link itself), so that a batch
// that fails can put it back; nullopt where the file system has no hard links.
std::optional<std::filesystem::path> link_old(const std::filesystem::path& target) {
  for (int attempt = 0; attempt < name_attempts; ++attempt) {
    auto path = sibling_name(target, "kzold");
    if (::linkat(AT_FDCWD, target.c_str(), AT_FDCWD, path.c_str(), 0) == 0) return path;
    if (errno != EEXIST) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

struct FileBatch::Staged {
  std::filesystem::path target;
  std::filesystem::path temporary;
  int fd = -1;
  std::optional<ListedTemporary> listed;
  std::unique_ptr<DescriptorBuffer> buffer;
  std::unique_ptr<std::ostream> stream;  // after buffer: destroyed first
  bool renamed = false;                  // the temporary is the target now
  bool target_existed = false;
  std::optional<std::filesystem::path> old;  // the old target's second name
  std::optional<ListedTemporary> listed_old;
};

FileBatch::FileBatch() = default;

FileBatch::~FileBatch() { discard(); }

void FileBatch::discard() noexcept {
  for (auto& staged : staged_) {
    if (staged->fd >= 0) ::close(std::exchange(staged->fd, -1));
    if (!staged->temporary.empty() && !staged->renamed) ::unlink(staged->temporary.c_str());
    staged->listed.reset();
    if (staged->old) ::unlink(staged->old->c_str());
    staged->old.reset();
    staged->listed_old.reset();
  }
  staged_.clear();
  if (!committed_)
    for (auto folder = created_folders_.rbegin(); folder != created_folders_.rend(); ++folder)
      ::rmdir(folder->c_str());  // only if still empty
  created_folders_.clear();
}

void FileBatch::create_folders(const std::filesystem::path& target) {
  const std::filesystem::path folder = target.parent_path();
  std::vector<std::filesystem::path> missing;  // innermost first
  std::error_code ec;
  for (auto p = folder; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto p = missing.rbegin(); p != missing.rend(); ++p) {
    if (::mkdir(p->c_str(), 0777) == 0)
      created_folders_.push_back(*p);
    else if (errno != EEXIST)
      cannot_write(target, fmt::format("cannot create the folder {}: {}", p->string(),
                                       system_error_text(errno)));
  }
}

std::ostream& FileBatch::add(const std::filesystem::path& target, MissingFolders missing) {
  if (!target.has_filename()) cannot_write(target, "the path names a folder, not a file");
  struct stat existing {};
  const bool exists = ::lstat(target.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) cannot_write(target, "it is a folder");
  if (missing == MissingFolders::create) create_folders(target);
  Staged& staged = *staged_.emplace_back(std::make_unique<Staged>());
  staged.target = target;
  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  std::tie(staged.fd, staged.temporary) = create_temporary(target, folder);
  staged.listed.emplace(staged.temporary.string());
  // The replacement keeps the permissions of the file it replaces.
  if (exists && S_ISREG(existing.st_mode)) ::fchmod(staged.fd, existing.st_mode & 0777);
  staged.buffer = std::make_unique<DescriptorBuffer>(staged.fd);
  staged.stream = std::make_unique<std::ostream>(staged.buffer.get());
  return *staged.stream;
}

namespace {

// Flushes and closes a staged file: the last chance to see a write fail.
void finish_writing(const std::filesystem::path& target, std::ostream& stream,
                    const DescriptorBuffer& buffer, int& fd) {
  stream.flush();
  if (buffer.error() != 0) cannot_write(target, system_error_text(buffer.error()));
  if (!stream) cannot_write(target, "a write failed");
  const int closing = std::exchange(fd, -1);
  if (::close(closing) != 0 && errno != EINTR) cannot_write(target, system_error_text(errno));
}

}  // namespace

void FileBatch::commit() {
  try {
    rename_all();
  } catch (...) {
    discard();
    throw;
  }
}

void FileBatch::rename_all() {
  for (auto& staged : staged_)
    finish_writing(staged->target, *staged->stream, *staged->buffer, staged->fd);
  for (auto& staged : staged_) {
    struct stat existing {};
    staged->target_existed = ::lstat(staged->target.c_str(), &existing) == 0;
    if (!staged->target_existed) continue;
    staged->old = link_old(staged->target);
    if (staged->old) staged->listed_old.emplace(staged->old->string());
  }
  for (auto& staged : staged_) {
    if (::rename(staged->temporary.c_str(), staged->target.c_str()) != 0) {
      const int error = errno;
      // Put back what the renames before this one replaced.
      for (auto& done : staged_) {
        if (!done->renamed) continue;
        if (done->old && ::rename(done->old->c_str(), done->target.c_str()) == 0) {
          done->old.reset();
          done->listed_old.reset();
        } else if (!done->target_existed)
          ::unlink(done->target.c_str());
      }
      cannot_write(staged->target, system_error_text(error));
    }
    staged->renamed = true;
    staged->listed.reset();
  }
  committed_ = true;
  discard();  // the old files' second names
}

}  // namespace kz::io

namespace kz {

void replace_file(const std::filesystem::path& path, std::string_view content) {
  io::FileBatch batch;
  batch.add(path).write(content.data(), static_cast<std::streamsize>(content.size()));
  batch.commit();
}

}  // namespace kz
