// One precedence level of the parse tree as an expression tree. The parser reads
// `first (op operand)*` per level; arithmetic levels are left associative (`^` right),
// and the level of Soufflé's infix words (band, bor, bxor, bshl, bshr, bshru, land, lor,
// lxor) is ordered here by their precedence, as Soufflé orders them: lor lowest, then
// lxor, land, bor, bxor, band, and the shifts highest.
#pragma once

#include <vector>

#include "semantics/ir.hpp"

namespace kz::sem {

// `operands` joined by `operators` (one fewer, as ast::Operation codes), each node at
// `whole`.
Expr combine_operators(std::vector<Expr> operands, const std::vector<char>& operators, Loc whole);

// Soufflé's prefix words as functor calls: '~' bnot, '!' lnot.
Expr prefix_word(char op, Expr operand, Loc where);

}  // namespace kz::sem
