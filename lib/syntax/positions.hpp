// Moving a syntax error to the spot a person would point at, and naming constructs
// people bring from elsewhere. The parser reports where its last expectation failed,
// which is sometimes just before white space (a misspelled claim form reported at the end
// of the previous line) or far from the cause (an unclosed comment reported at the end
// of the file).
#pragma once

#include <string_view>

#include "syntax/grammar.hpp"

namespace kz::syntax {

// `error` as parse_program gave it for `text`, made more precise where it can be.
SyntaxError refine_syntax_error(std::string_view text, SyntaxError error);

}  // namespace kz::syntax
