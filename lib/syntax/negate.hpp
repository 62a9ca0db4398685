// The negation of a bracketed body, `!( b(x) ; d(x) )`, as a body without it: De Morgan's
// laws carry the negation down to atoms (negated) and comparisons (their operator
// flipped), so the rest of kzrules sees only the literals it already knows. Soufflé
// accepts the form; its meaning is the same.
#pragma once

#include "syntax/ast.hpp"

namespace kz::syntax {

// not (C1 ; C2 ; ...) = (not C1), (not C2), ...   and   not (L1, L2, ...) = not L1 ; not L2 ; ...
ast::Disjunction negated(const ast::Disjunction& body);

}  // namespace kz::syntax
