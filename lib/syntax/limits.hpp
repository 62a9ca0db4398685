// Size limits checked on the parse tree, before lowering, planning and evaluation recurse
// over it: each level of an expression is a recursion of every later stage, and each
// literal of a body one more nested loop of the evaluator. Real programs stay far below
// them; a generated or corrupted file past them gets a syntax error instead of a stack
// overflow. (The parser itself limits nesting: grammar_def.hpp, max_nesting.)
#pragma once

#include <cstdint>
#include <optional>

#include "syntax/ast.hpp"
#include "syntax/grammar.hpp"

namespace kz::syntax {

inline constexpr std::uint64_t max_expression_depth = 1000;  // operators and calls, nested
// A body's `;` are multiplied out into alternatives (one rule each). One alternative may
// have this many literals (the evaluator nests one loop per literal) ...
inline constexpr std::uint64_t max_body_literals = 1000;
// ... and all alternatives together this many (each is lowered, planned and run).
inline constexpr std::uint64_t max_expanded_literals = 65536;

std::optional<SyntaxError> check_limits(const ast::Program& program);

}  // namespace kz::syntax
