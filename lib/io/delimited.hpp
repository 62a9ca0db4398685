// Reading and writing delimited fact files: Soufflé's tab-separated `.facts`, and CSV
// with `delimiter`, `headers` and `rfc4180` (quoted fields, "" for a quote, newlines
// inside quotes), as `.input`/`.output` IO parameters select.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "semantics/ir.hpp"

namespace kz::io {

struct Format {
  std::string delimiter = "\t";  // one character or more (Soufflé allows delimiter=", ")
  bool headers = false;
  bool rfc4180 = false;
};

Format format_of(const sem::IoSpec& spec);
// An IO parameter's yes: true, 1 or yes.
bool truthy(const std::string& value);
// The delimiter as messages show it: \t for a tab.
std::string delimiter_text(const Format& format);

struct Field {
  std::string text;
  std::uint32_t offset = 0;  // of the field's first byte in the file
  bool quoted = false;       // written in double quotes (rfc4180): `""` is a value, not a blank line
};

// Splits `content` into records; throws kz::Error (bad_input) with file:line:col on an
// unterminated quote. `file` names the file in messages. A byte order mark is skipped
// only `at_file_start` (content may be a later piece of a file, of whole lines).
void read_records(const std::string& file, const std::string& content, const Format& format,
                  const std::function<void(std::vector<Field>&, std::uint32_t offset)>& on_record,
                  bool at_file_start = true);

// Where rows read from a file go. The reader parses each field by its attribute's kind;
// the sink owns the symbol table and the relation (the facade inserts rows and records
// where each came from), so this layer never sees the evaluator.
class RowSink {
 public:
  virtual ~RowSink() = default;
  // The word a symbol field is stored as.
  virtual std::uint64_t intern(const std::string& symbol) = 0;
  // One row, a word per attribute, read from `line` of `file`.
  virtual void add(const std::uint64_t* row, const std::string& file, std::uint32_t line) = 0;
  // Something in the file was read as Soufflé reads it but deserves a look (W0009, extra
  // fields). Under --strict the sink throws it as an error instead.
  virtual void warn(Diagnostic warning) = 0;
};

// Reads a relation's rows from a file through its IO parameters into `sink`. Throws
// kz::Error (bad_input) with file:line:column on a malformed line or value.
void read_relation(const sem::Relation& relation, const std::filesystem::path& file, const Format& format,
                   RowSink& sink);

// Writes rows as delimited text: a header line first when the format asks for one, then
// each row's fields as `next_row` fills them (it returns false after the last row).
void write_rows(const sem::Relation& relation, std::ostream& out, const Format& format,
                const std::function<bool(std::vector<std::string>& fields)>& next_row);

// Throws what read_relation would if `file` cannot be opened (missing, a folder,
// unreadable); reads nothing.
void check_readable(const sem::Relation& relation, const std::filesystem::path& file);

// The file a relation reads (or writes) under `dir`, per its IO parameters.
std::filesystem::path input_path(const sem::Relation& relation, const std::filesystem::path& dir);
std::filesystem::path input_path(const sem::Relation& relation, const sem::IoSpec& spec,
                                 const std::filesystem::path& dir);
std::filesystem::path output_path(const sem::Relation& relation, const sem::IoSpec& spec,
                                  const std::filesystem::path& dir);

}  // namespace kz::io
