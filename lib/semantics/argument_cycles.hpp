// Expression arguments that bind each other: Soufflé's tak,
//   tak(X, Y, Z, V, Q) :- tak(X - 1, Y, Z, V1, Q1), tak(Y - 1, Z, X, V2, Q2), ...
// The first atom needs X to compute X - 1, and only the second binds X; the second needs
// Y, which only the first binds. An atom whose expression arguments nothing else can
// bind first is read as a scan with a variable of its own in that place and the
// expression compared with it afterwards: tak(t, Y, Z, V1, Q1), ..., t = X - 1. Rules
// the planner can order as written are not touched, so their plans do not change.
#pragma once

#include "semantics/ir.hpp"

namespace kz::sem {

void untie_argument_cycles(Program& program);

}  // namespace kz::sem
