#include "core/source.hpp"

#include <algorithm>

namespace kz {

SourceFile::SourceFile(std::string name, std::string text, LineOrigins origins)
    : name_(std::move(name)), text_(std::move(text)), origins_(std::move(origins)) {
  line_starts_.push_back(0);
  // Callers refuse texts past max_source_bytes; cut one that slips through rather than
  // let a 32-bit offset wrap (a 4 GiB text looped here for ever).
  if (text_.size() > max_source_bytes) text_.resize(max_source_bytes);
  // A line ends at \n, \r\n, or a lone \r (old Mac files put everything on line 1).
  for (std::size_t i = 0; i < text_.size(); ++i) {
    const bool lone_cr = text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n');
    if (text_[i] == '\n' || lone_cr) line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
}

SourceLocation SourceFile::locate(std::uint32_t offset, std::uint32_t length) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t const line = line_of(offset);
  std::uint32_t const start = line_starts_[line - 1];
  std::uint32_t stop = start;
  while (stop < text_.size() && text_[stop] != '\n' && text_[stop] != '\r') ++stop;
  SourceLocation where;
  const auto [file, written_line] = origin(line);
  where.file = *file;
  where.line = written_line;
  where.column = offset - start + 1;
  where.length = std::max<std::uint32_t>(1, length);
  // A line too long to quote whole (a generated file can have one of 100 MB) is quoted
  // as a window around the column, cut at character boundaries.
  constexpr std::uint32_t longest_quoted = 240, before = 80, window = 160;
  if (stop - start <= longest_quoted) {
    where.line_text = text_.substr(start, stop - start);
    return where;
  }
  auto boundary = [&](std::uint32_t at) {
    while (at > start && (static_cast<unsigned char>(text_[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  const std::uint32_t from = boundary(offset - start > before ? offset - before : start);
  const std::uint32_t to = boundary(std::min<std::uint32_t>(stop, from + window));
  where.line_text = (from > start ? "..." : "") + text_.substr(from, to - from) + (to < stop ? "..." : "");
  where.caret_column = offset - from + 1 + (from > start ? 3 : 0);
  return where;
}

std::pair<const std::string*, std::uint32_t> SourceFile::origin(std::uint32_t line) const {
  if (line == 0 || line > origins_.lines.size()) return {&name_, line};
  const auto& [file, written_line] = origins_.lines[line - 1];
  return {file < origins_.files.size() ? &origins_.files[file] : &name_, written_line};
}

std::string SourceFile::file_line(std::uint32_t offset) const {
  const auto [file, line] = origin(line_of(offset));
  return *file + ":" + std::to_string(line);
}

std::uint32_t SourceSet::add(std::string name, std::string text, LineOrigins origins) {
  files_.emplace_back(std::move(name), std::move(text), std::move(origins));
  return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string SourceSet::file_line(Loc loc) const { return files_.at(loc.file).file_line(loc.offset); }

std::optional<std::uint32_t> find_invalid_utf8(std::string_view text) {
  auto const* s = reinterpret_cast<unsigned char const*>(text.data());
  std::size_t const n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char const c = s[i];
    std::size_t extra = 0;
    std::uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000;
    } else {
      return static_cast<std::uint32_t>(i);
    }
    if (i + extra >= n) return static_cast<std::uint32_t>(i);
    std::uint32_t cp = c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return static_cast<std::uint32_t>(i);
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return static_cast<std::uint32_t>(i);
    i += extra + 1;
  }
  return std::nullopt;
}

Diagnostic make_error(SourceLocation where, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.message = std::move(message);
  d.where = std::move(where);
  return d;
}

Diagnostic make_error(SourceLocation where, ErrorCode code, std::string message) {
  Diagnostic d = make_error(std::move(where), std::move(message));
  d.code = error_entry(code).code;
  return d;
}

}  // namespace kz
