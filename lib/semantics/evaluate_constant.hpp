// The value of a typed constant expression (no variables, no aggregates), computed as the
// evaluator computes it while running rules (eval/expressions.cpp): 64-bit integers that
// refuse to overflow, unsigned ones that wrap, IEEE floats, and the functors that need no
// facts. For values known before any fact is read, such as the arguments of an atom typed
// on a command line (ground_atom.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kzrules/errors.hpp"
#include "semantics/ir.hpp"

namespace kz::sem {

// Why a constant expression has no value, and where: the sub-expression at fault.
struct ConstantError {
  Loc loc;
  ErrorCode code = ErrorCode::bad_ground_atom;
  std::string message;
};

// The word of `e` in its kind (e.kind, with the kinds of its parts resolved). A symbol's
// word is its index in `symbols`: constants index it, and each string the expression makes
// (cat, lower, to_string...) is appended to it. Throws ConstantError on integer overflow,
// division by zero, a conversion of text that is not a number, or a part that has no value
// before evaluation (a variable, `_`, ord(), the date functors). With `wrap_integers`
// (Program::wrap_integers), integer overflow wraps as the evaluator's does instead.
std::uint64_t evaluate_constant(const Expr& e, std::vector<std::string>& symbols, bool wrap_integers);

}  // namespace kz::sem
