// Source texts and the mapping from byte offsets to line, column and line text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "kzrules/errors.hpp"

namespace kz {

// The largest program text kzrules reads (one file, or one text given in memory). Parse
// trees take about 80 bytes for each byte of a program of facts, so this bounds a
// parse near 1.3 GB; large fact sets belong in .facts/.csv files, which are read row
// by row into compact storage. Positions are 32-bit offsets, so no text may pass 4 GiB.
inline constexpr std::size_t max_program_bytes = std::size_t{16} << 20;
inline constexpr std::size_t max_source_bytes = 0xFFFFFFFFu;

// Where each line of a preprocessed text came from (syntax/preprocess.hpp): `#include`
// splices other files in, so a line's file and number are looked up, not counted.
struct LineOrigins {
  std::vector<std::string> files;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lines;  // per line: index into files, 1-based line
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text, LineOrigins origins = {});
  const std::string& name() const noexcept { return name_; }
  const std::string& text() const noexcept { return text_; }
  // The file and line as written (through any #include), the column and line text as read.
  SourceLocation locate(std::uint32_t offset, std::uint32_t length = 1) const;
  std::uint32_t line_of(std::uint32_t offset) const;  // in text()
  std::string file_line(std::uint32_t offset) const;  // "file:line" as written

 private:
  // The file and line a line of text() came from.
  std::pair<const std::string*, std::uint32_t> origin(std::uint32_t line) const;

  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  LineOrigins origins_;
};

// A place in one of a program's files: which file, which byte.
struct Loc {
  std::uint32_t file = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 1;
};

class SourceSet {
 public:
  std::uint32_t add(std::string name, std::string text, LineOrigins origins = {});
  const SourceFile& file(std::uint32_t index) const { return files_.at(index); }
  std::size_t size() const noexcept { return files_.size(); }
  SourceLocation locate(Loc loc) const { return files_.at(loc.file).locate(loc.offset, loc.length); }
  std::string file_line(Loc loc) const;  // "file:line", for proofs and reports

 private:
  std::vector<SourceFile> files_;
};

// The offset of the first byte that is not valid UTF-8, if any.
std::optional<std::uint32_t> find_invalid_utf8(std::string_view text);

Diagnostic make_error(SourceLocation where, std::string message);
// The same with its catalogue code (see core/bad_input.hpp).
Diagnostic make_error(SourceLocation where, ErrorCode code, std::string message);

}  // namespace kz
