#include "io/delimited.hpp"

#include "core/floats.hpp"

#include <charconv>
#include <optional>
#include <fstream>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "core/source.hpp"
#include "core/integers.hpp"
#include "core/words.hpp"
#include "io/compression.hpp"

namespace kz::io {

namespace {

[[noreturn]] void fail_at(const std::string& file, const std::string& content, std::uint32_t offset, ErrorCode code,
                          std::string message, std::uint32_t length = 1) {
  SourceFile source(file, content);
  throw Error(ErrorKind::bad_input, make_error(source.locate(offset, length), code, std::move(message)));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool truthy(const std::string& v) { return v == "true" || v == "1" || v == "yes"; }

Format format_of(const sem::IoSpec& spec) {
  Format f;
  f.headers = truthy(spec.get("headers", "false"));
  f.rfc4180 = truthy(spec.get("rfc4180", "false"));
  // CSV by RFC 4180 separates by commas unless told otherwise, as Soufflé reads it.
  std::string d = spec.get("delimiter", f.rfc4180 ? "," : "\t");
  if (d == "\\t") d = "\t";
  f.delimiter = d.empty() ? "\t" : d;
  return f;
}

std::string delimiter_text(const Format& format) { return format.delimiter == "\t" ? "\\t" : format.delimiter; }

void read_records(const std::string& file, const std::string& content, const Format& format,
                  const std::function<void(std::vector<Field>&, std::uint32_t)>& on_record, bool at_file_start) {
  std::size_t i = 0;
  const std::size_t n = content.size();
  if (at_file_start && n >= 3 && static_cast<unsigned char>(content[0]) == 0xEF &&
      static_cast<unsigned char>(content[1]) == 0xBB && static_cast<unsigned char>(content[2]) == 0xBF)
    i = 3;  // UTF-8 byte order mark
  const std::string& delimiter = format.delimiter;
  auto at_delimiter = [&](std::size_t at) {
    return content[at] == delimiter[0] && (delimiter.size() == 1 || content.compare(at, delimiter.size(), delimiter) == 0);
  };
  // The fields of one record. Their strings are reused from record to record: building
  // and moving a new one per field cost a tenth of loading a million-row file.
  std::vector<Field> fields;
  std::size_t count = 0;
  while (i < n) {
    const auto record_start = static_cast<std::uint32_t>(i);
    count = 0;
    bool line_done = false;
    while (!line_done) {
      if (count == fields.size()) fields.emplace_back();
      Field& field = fields[count++];
      field.text.clear();
      field.quoted = false;
      field.offset = static_cast<std::uint32_t>(i);
      if (format.rfc4180 && i < n && content[i] == '"') {
        field.quoted = true;
        const std::size_t open = i++;
        for (;;) {
          if (i >= n)
            fail_at(file, content, static_cast<std::uint32_t>(open), ErrorCode::bad_quoting,
                    "unterminated quoted field: a '\"' opens here and never closes");
          if (content[i] == '"') {
            if (i + 1 < n && content[i + 1] == '"') {
              field.text += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field.text += content[i++];
        }
        // After the closing quote: a delimiter, a line end or the end.
        if (i < n && content[i] == '\r') ++i;
        if (i < n && !at_delimiter(i) && content[i] != '\n')
          fail_at(file, content, static_cast<std::uint32_t>(i), ErrorCode::bad_quoting,
                  fmt::format("unexpected text after a quoted field (expected the delimiter '{}')",
                              delimiter_text(format)));
      } else {
        const std::size_t start = i;
        while (i < n && !at_delimiter(i) && content[i] != '\n') ++i;
        std::size_t end = i;
        if (end > start && content[end - 1] == '\r' && (i >= n || content[i] == '\n')) --end;
        field.text.assign(content, start, end - start);
      }
      if (i < n && at_delimiter(i)) {
        i += format.delimiter.size();
      } else {
        if (i < n) ++i;  // the newline
        line_done = true;
      }
    }
    fields.resize(count);
    const bool blank = count == 1 && fields[0].text.empty() && !fields[0].quoted;
    if (!blank) on_record(fields, record_start);
  }
}

std::filesystem::path input_path(const sem::Relation& relation, const std::filesystem::path& dir) {
  return relation.input ? input_path(relation, *relation.input, dir) : dir / (relation.name + ".facts");
}

std::filesystem::path input_path(const sem::Relation& relation, const sem::IoSpec& spec,
                                 const std::filesystem::path& dir) {
  std::string name = spec.get("filename");
  if (name.empty()) return dir / (relation.name + ".facts");
  std::filesystem::path p(name);
  return p.is_absolute() ? p : dir / p;
}

std::filesystem::path output_path(const sem::Relation& relation, const sem::IoSpec& spec,
                                  const std::filesystem::path& dir) {
  std::string name = spec.get("filename");
  if (name.empty()) return dir / (relation.name + ".csv");
  std::filesystem::path p(name);
  return p.is_absolute() ? p : dir / p;
}

namespace {

// A relation of no attributes holds or not. As in Soufflé, its file holds it with any
// line, `()` (as kzrules and Soufflé write it) or blank; an empty file does not.
void read_nullary(const sem::Relation& relation, const std::string& file, const std::string& content,
                  RowSink& sink) {
  std::size_t begin = content.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  if (begin >= content.size()) return;
  for (std::size_t line_start = begin; line_start < content.size();) {
    std::size_t end = content.find('\n', line_start);
    if (end == std::string::npos) end = content.size();
    std::string_view text = std::string_view(content).substr(line_start, end - line_start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    text = trim(text);
    if (!text.empty() && text != "()")
      fail_at(file, content, static_cast<std::uint32_t>(line_start), ErrorCode::wrong_field_count,
              fmt::format("'{}' has no attributes: each line of its file is '()' or blank", relation.name));
    line_start = end + 1;
  }
  const std::uint64_t no_words = 0;
  sink.add(&no_words, file, 1);
}

}  // namespace

namespace {

// The whole of a fact file, for the rare paths that need it at once: a located error or
// warning in a file read a window at a time, and what is not read that way.
std::string read_whole(const std::filesystem::path& path, const sem::Relation& relation) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  // Read straight into one string of the file's size: a stringstream would hold the
  // file twice at the peak (a million-row file is 16 MB).
  std::string content;
  in.seekg(0, std::ios::end);
  const std::streamoff length = in.tellg();
  in.seekg(0, std::ios::beg);
  if (length > static_cast<std::streamoff>(max_source_bytes)) {
    SourceLocation where;
    where.file = file;
    throw_bad_input(ErrorCode::too_large,
                    fmt::format("cannot read facts of '{}': {} is larger than 4 GiB; split it into several relations or "
                                "files",
                                relation.name, file),
                    std::move(where));
  }
  if (length > 0) {
    content.resize(static_cast<std::size_t>(length));
    in.read(content.data(), length);
    content.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (length < 0 || in.bad()) {  // not seekable (a pipe): read it as a stream
    in.clear();
    in.seekg(0, std::ios::beg);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    content = buffer.str();
  }
  return content;
}

// Turns the records of a fact file into rows for the sink. It is fed the file's text in
// pieces of whole lines (or all at once), each with the offset of its first byte, and
// keeps what spans pieces: the header's mapping, the line count, the one warning.
class RowReader {
 public:
  RowReader(const sem::Relation& relation, const std::filesystem::path& path, const Format& format, RowSink& sink)
      : relation_(relation), path_(path), file_(path.string()), format_(format), sink_(sink),
        tuple_(relation.arity()) {}

  // `text` holds whole lines of the file from byte `base` on; `whole` when it is all of it.
  void read(const std::string& text, std::uint32_t base, bool whole) {
    text_ = &text, base_ = base, whole_ = whole;
    if (auto bad = find_invalid_utf8(text))
      fail(*bad, 1, ErrorCode::invalid_utf8, "this byte is not valid UTF-8 (save the file as UTF-8)");
    counted_to_ = 0;
    read_records(file_, text, format_, [&](std::vector<Field>& fields, std::uint32_t offset) { record(fields, offset); },
                 base == 0);
    for (; counted_to_ < text.size(); ++counted_to_)
      if (text[counted_to_] == '\n') ++line_;
  }

 private:
  // Where an offset of the current text is: a piece of a file is located in the whole
  // file, read again for it (only on the way to an error or the one warning).
  SourceLocation locate(std::uint32_t offset, std::uint32_t length) const {
    if (whole_) return SourceFile(file_, *text_).locate(offset, length);
    return SourceFile(file_, read_whole(path_, relation_)).locate(base_ + offset, length);
  }
  [[noreturn]] void fail(std::uint32_t offset, std::uint32_t length, ErrorCode code, std::string message) const {
    throw Error(ErrorKind::bad_input, make_error(locate(offset, length), code, std::move(message)));
  }

  std::uint32_t line_of(std::uint32_t offset) {
    for (; counted_to_ < offset; ++counted_to_)
      if ((*text_)[counted_to_] == '\n') ++line_;
    return line_;
  }

  void record(std::vector<Field>& fields, std::uint32_t record_offset) {
    const auto& attrs = relation_.attributes;
    const std::size_t arity = attrs.size();
    if (first_ && format_.headers) {
      first_ = false;
      // A header naming every attribute maps columns by name, so a spreadsheet may order
      // its columns freely; any other header is skipped and columns are positional.
      std::unordered_map<std::string, std::size_t> by_name;
      for (std::size_t a = 0; a < arity; ++a) by_name[attrs[a].name] = a;
      std::vector<std::size_t> mapping;
      for (const auto& f : fields) {
        auto it = by_name.find(std::string(trim(f.text)));
        if (it == by_name.end()) break;
        mapping.push_back(it->second);
      }
      if (mapping.size() == arity && fields.size() == arity) column_of_field_ = std::move(mapping);
      return;
    }
    first_ = false;
    if (fields.size() > arity && column_of_field_.empty()) {
      // Soufflé reads the leading fields and drops the rest; so does kzrules, saying so.
      if (!warned_extra_fields_) {
        warned_extra_fields_ = true;
        Diagnostic warning =
            make_error(locate(fields[arity].offset, 1), ErrorCode::extra_fields_ignored,
                       fmt::format("'{}' has {} attribute{} but this line has {} fields (delimiter '{}'): the fields "
                                   "after the {} are ignored, here and on every such line of this file",
                                   relation_.name, arity, arity == 1 ? "" : "s", fields.size(),
                                   delimiter_text(format_), arity == 1 ? "first" : fmt::format("first {}", arity)));
        warning.severity = Severity::warning;
        sink_.warn(std::move(warning));
      }
    } else if (fields.size() != arity) {
      fail(record_offset, 1, ErrorCode::wrong_field_count,
           fmt::format("'{}' has {} attribute{} but this line has {} field{} (delimiter '{}')", relation_.name, arity,
                       arity == 1 ? "" : "s", fields.size(), fields.size() == 1 ? "" : "s", delimiter_text(format_)));
    }
    for (std::size_t f = 0; f < arity; ++f) {
      const std::size_t a = column_of_field_.empty() ? f : column_of_field_[f];
      const Field& field = fields[f];
      const std::uint32_t len = static_cast<std::uint32_t>(std::max<std::size_t>(1, field.text.size()));
      auto bad = [&](const char* what) {
        fail(field.offset, len, ErrorCode::bad_fact_value,
             fmt::format("\"{}\" is not {} (attribute '{}' of '{}')", field.text, what, attrs[a].name, relation_.name));
      };
      switch (attrs[a].kind) {
        case Kind::symbol: tuple_[a] = sink_.intern(field.text); break;
        case Kind::number: {
          const auto v = parse_integer(trim(field.text), true);
          if (!v) bad("a number");
          tuple_[a] = *v;
          break;
        }
        case Kind::unsigned_number: {
          const auto v = parse_integer(trim(field.text), false);
          if (!v) bad("an unsigned number");
          tuple_[a] = *v;
          break;
        }
        case Kind::float_number: {
          std::string_view t = trim(field.text);
          const std::optional<double> v = parse_float(t);
          if (!v) bad("a float");
          tuple_[a] = float_to_word(v ? *v : 0);
          break;
        }
      }
    }
    sink_.add(tuple_.data(), file_, line_of(record_offset));
  }

  const sem::Relation& relation_;
  const std::filesystem::path& path_;
  const std::string file_;
  const Format& format_;
  RowSink& sink_;
  std::vector<std::uint64_t> tuple_;
  std::vector<std::size_t> column_of_field_;  // field position -> attribute, from the header
  bool first_ = true, warned_extra_fields_ = false;
  const std::string* text_ = nullptr;
  std::uint32_t base_ = 0;
  bool whole_ = true;
  std::uint32_t line_ = 1;       // the line of byte counted_to_ of the current text
  std::size_t counted_to_ = 0;
};

// How much of a plain fact file is held at once: a large file is read in pieces of
// whole lines, so that reading it costs this much memory and not the file's size.
constexpr std::size_t window_bytes = std::size_t{1} << 20;

// The file, open, or E0302 when it is a folder, missing or unreadable.
std::ifstream open_input(const sem::Relation& relation, const std::filesystem::path& path) {
  const std::string file = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw_bad_input(ErrorCode::missing_file,
                    fmt::format("cannot read facts of '{}': {} is a folder", relation.name, file));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    SourceLocation where;
    where.file = file;
    throw_bad_input(ErrorCode::missing_file,
                    fmt::format("cannot read facts of '{}': {} does not exist or is not readable", relation.name, file),
                    std::move(where));
  }
  return in;
}

}  // namespace

void check_readable(const sem::Relation& relation, const std::filesystem::path& path) { open_input(relation, path); }

void read_relation(const sem::Relation& relation, const std::filesystem::path& path, const Format& format,
                   RowSink& sink) {
  const std::string file = path.string();
  std::ifstream in = open_input(relation, path);
  in.seekg(0, std::ios::end);
  const std::streamoff length = in.tellg();
  in.seekg(0, std::ios::beg);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  in.clear();
  in.seekg(0, std::ios::beg);
  // Read whole: a small or unseekable file, a gzip one (unpacked at once), CSV by RFC
  // 4180 (a quoted field may hold a line break, so lines do not end records), a relation
  // of no attributes (read differently), and what is too large to read at all.
  const bool whole = length <= static_cast<std::streamoff>(window_bytes) ||
                     length > static_cast<std::streamoff>(max_source_bytes) ||
                     is_gzip(std::string_view(magic, 2)) || format.rfc4180 || relation.arity() == 0;
  if (whole) {
    std::string content = read_whole(path, relation);
    // A gzip-compressed file reads as what it holds, whatever its name (as in Soufflé).
    if (is_gzip(content)) content = gunzip(content, file, max_source_bytes);
    if (relation.arity() == 0) {
      if (auto bad = find_invalid_utf8(content))
        fail_at(file, content, *bad, ErrorCode::invalid_utf8, "this byte is not valid UTF-8 (save the file as UTF-8)");
      return read_nullary(relation, file, content, sink);
    }
    RowReader(relation, path, format, sink).read(content, 0, true);
    return;
  }
  RowReader reader(relation, path, format, sink);
  std::string window, rest;
  std::uint32_t base = 0;  // the offset in the file of the window's first byte
  for (;;) {
    window.swap(rest);
    rest.clear();
    const std::size_t had = window.size();
    window.resize(had + window_bytes);
    in.read(window.data() + had, static_cast<std::streamsize>(window_bytes));
    window.resize(had + static_cast<std::size_t>(in.gcount()));
    const bool at_end = in.gcount() == 0 || in.eof();
    if (!at_end) {
      // Whole lines only: the part after the last line break waits for the next window.
      const std::size_t last = window.rfind('\n');
      if (last == std::string::npos) {  // one line longer than a window: read on
        rest.swap(window);
        continue;
      }
      rest.assign(window, last + 1, std::string::npos);
      window.resize(last + 1);
    }
    reader.read(window, base, false);
    base += static_cast<std::uint32_t>(window.size());
    if (at_end) return;
  }
}

void write_rows(const sem::Relation& relation, std::ostream& out, const Format& format,
                const std::function<bool(std::vector<std::string>& fields)>& next_row) {
  const auto& attrs = relation.attributes;
  // RFC 4180 output quotes every symbol, as Soufflé writes it, so that a reader never
  // has to guess whether a field that looks like a number was one.
  auto emit = [&](const std::string& text, bool symbol) {
    const bool quote = format.rfc4180 && (symbol || text.find_first_of("\"\n\r") != std::string::npos ||
                                          text.find(format.delimiter) != std::string::npos);
    if (!quote) {
      out << text;
      return;
    }
    out << '"';
    for (char c : text) {
      if (c == '"') out << '"';
      out << c;
    }
    out << '"';
  };
  auto emit_line = [&](const std::vector<std::string>& fields, bool header) {
    for (std::size_t c = 0; c < fields.size(); ++c) {
      if (c) out << format.delimiter;
      emit(fields[c], !header && attrs[c].kind == Kind::symbol);
    }
    out << '\n';
  };
  std::vector<std::string> fields;
  if (attrs.empty()) {  // a relation of no attributes: `()` when it holds, as Soufflé writes it
    while (next_row(fields)) out << "()\n";
    return;
  }
  if (format.headers) {
    for (const auto& attr : attrs) fields.push_back(attr.name);
    emit_line(fields, true);
  }
  fields.assign(attrs.size(), std::string());
  while (next_row(fields)) emit_line(fields, false);
}

}  // namespace kz::io
