// The Boost-free face of the grammar: text in, parse tree or one syntax error out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "kzrules/errors.hpp"
#include "syntax/ast.hpp"

namespace kz::syntax {

struct SyntaxError {
  std::uint32_t offset = 0;  // byte offset of the spot in the text
  std::string message;
  ErrorCode code = ErrorCode::syntax_error;
};

// What one parse cost: how many operands and body literals the parser attempted. The
// grammar never parses the same text twice, so this grows linearly with the input.
struct ParseStats {
  std::uint64_t steps = 0;
};

// Parses a whole source text. On success the tree's offsets index into `text`.
std::variant<ast::Program, SyntaxError> parse_program(std::string_view text, ParseStats* stats = nullptr);

// Parses one atom standing alone, such as `path(1, 3)` (a final '.' is allowed): an atom
// typed outside a program, on a command line. Offsets index into `text`.
std::variant<ast::Atom, SyntaxError> parse_atom(std::string_view text);

}  // namespace kz::syntax
