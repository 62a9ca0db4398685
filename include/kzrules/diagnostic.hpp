// kzrules/diagnostic.hpp — the one error model of kzrules.
//
// Every problem kzrules finds (a syntax error, an unbound variable, a malformed fact file,
// a resource limit) is a Diagnostic value: a severity, a message, the place in the source
// (file, line, column, and the text of that line) and notes that point elsewhere.
// Functions that parse return their diagnostics in a result; functions that load or
// evaluate throw kz::Error, which carries the same values. The library never prints
// and never exits: rendering is the caller's choice (render() gives the gcc-style text).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace kz {

enum class Severity : std::uint8_t { error, warning, note };

// A resolved position in a source or fact file. line and column count from 1; a column
// counts bytes of the line. A location without a file (file empty) is not rendered.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string line_text;  // the line, without its line end (a long line: a window around the column)
  std::uint32_t length = 1;  // how many columns the caret underline covers
  // Where in line_text the caret goes (1-based), when line_text is a window of a long
  // line ("...", then the text around the column); 0: at `column`.
  std::uint32_t caret_column = 0;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;  // E0101: the entry in the error catalogue (kzrules/errors.hpp)
  std::string message;
  SourceLocation where;
  std::vector<Diagnostic> notes;  // each a Severity::note, with its own location
};

// What kind of failure an Error is; the CLI maps it to an exit status.
enum class ErrorKind : std::uint8_t {
  bad_input,       // syntax, semantics, facts, flags: exit 2
  resource_limit,  // --max-tuples, --timeout: exit 3
};

// `file:line:col: error: message`, the source line, a caret under the spot, then notes.
std::string render(const Diagnostic& diagnostic, bool color = false);
std::string render(const std::vector<Diagnostic>& diagnostics, bool color = false);

// `--strict`: the same diagnostics with every warning made an error, its code (W0003...),
// place and notes kept. Under strict, parsing and checking refuse a program that warns
// (ParseOptions::strict in kzrules/program.hpp).
std::vector<Diagnostic> warnings_as_errors(std::vector<Diagnostic> diagnostics);

// Thrown by loading, evaluation and checking; carries one or more diagnostics.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::vector<Diagnostic> diagnostics);
  Error(ErrorKind kind, Diagnostic diagnostic);
  ErrorKind kind() const noexcept { return kind_; }
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  ErrorKind kind_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace kz
