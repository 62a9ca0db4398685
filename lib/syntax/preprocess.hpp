// The C preprocessor's directives, read as Soufflé's programs use them.
//
// Soufflé pipes every program through `mcpp` or `cpp`, and its programs rely on it:
// `#include "edb.dl"`, `#define TEST_CASE(op) .decl sym_##op(x: symbol) ...`, `#if
// RAM_DOMAIN_SIZE == 64`, `__LINE__`. kzrules reads these directives itself, so that
// the same program runs in the browser (no `cpp` there), and so that an error still
// points at the line the user wrote: every line of the output remembers the file and
// line it came from. A text with no directive and no `__LINE__`/`__FILE__` is left
// exactly as it is.
//
// What is read: object-like and function-like macros (`#` stringizing, `##` pasting,
// `...` with `__VA_ARGS__`), `#undef`, `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/
// `#endif` with C's integer constant expressions and `defined`, `#include "file"` and
// `<file>`, `#error`; `#pragma`, `#line`, `#warning` and `#ident` are passed over, as
// Soufflé's own `.pragma` is the language's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kz::syntax {

// A file `#include` names: the name reports give it and its text.
struct IncludedText {
  std::string name;
  std::string text;
};
// Finds what `#include` names, as written, from the file that includes it; nothing, with
// `why` set, when it cannot be read.
using IncludeLookup =
    std::function<std::optional<IncludedText>(const std::string& including, const std::string& written, std::string& why)>;

struct PreprocessOptions {
  // Macros defined before the text is read (`--macro NAME=VALUE`, and RAM_DOMAIN_SIZE).
  std::vector<std::pair<std::string, std::string>> macros;
  // Without one, `#include` is an error (a text in memory has no folder to read from).
  const IncludeLookup* includes = nullptr;
  // The longest output, so that a macro that doubles itself stops instead of exhausting memory.
  std::size_t max_output_bytes = std::size_t{16} << 20;
};

struct Preprocessed {
  std::string text;
  std::vector<std::string> files;  // files[0]: the text given; then what it included
  // For each line of `text`: the file (an index into `files`) and the line it came from.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> line_origins;
};

struct PreprocessError {
  std::string file;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::string line_text;
  std::string message;
  bool too_large = false;  // the output passed max_output_bytes (not a bad directive)
};

// Whether `text` has a line that starts with `#`, or names `__LINE__` or `__FILE__`:
// whether preprocess() would change it.
bool needs_preprocessing(std::string_view text);

std::variant<Preprocessed, PreprocessError> preprocess(const std::string& name, std::string_view text,
                                                       const PreprocessOptions& options);

}  // namespace kz::syntax
