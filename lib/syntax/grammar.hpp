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

// Parses a whole source text. On success the tree's offsets index into `text`.
std::variant<ast::Program, SyntaxError> parse_program(std::string_view text);

}  // namespace kz::syntax
