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

#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz::io {

struct Format {
  char delimiter = '\t';
  bool headers = false;
  bool rfc4180 = false;
};

Format format_of(const sem::IoSpec& spec);

struct Field {
  std::string text;
  std::uint32_t offset = 0;  // of the field's first byte in the file
};

// Splits `content` into records; throws kz::Error (bad_input) with file:line:col on an
// unterminated quote. `file` names the file in messages.
void read_records(const std::string& file, const std::string& content, const Format& format,
                  const std::function<void(std::vector<Field>&, std::uint32_t offset)>& on_record);

// Loads a relation from a file through its IO parameters.
void load_relation(eval::Engine& engine, std::uint32_t relation, const std::filesystem::path& file,
                   const Format& format);

void write_relation(const eval::Engine& engine, std::uint32_t relation, std::ostream& out,
                    const Format& format);

// The file a relation reads (or writes) under `dir`, per its IO parameters.
std::filesystem::path input_path(const sem::Relation& relation, const std::filesystem::path& dir);
std::filesystem::path output_path(const sem::Relation& relation, const sem::IoSpec& spec,
                                  const std::filesystem::path& dir);

}  // namespace kz::io
