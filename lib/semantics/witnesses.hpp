// Witnesses of min and max: Soufflé's `Tallest(s, h) :- h = max x : { Student(s, x) }.`
// A variable that only a min or max aggregate binds (and the head, or nothing else,
// reads) is a witness: it takes the values for which the body reaches the aggregate's
// value. The rule is read as the aggregate over the body with the witness its own
// variable, then the body again with the target equal to that value:
//   h = max x : { Student(_s, x) }, Student(s, x2), x2 = h.
// Every tied witness gives a row (Soufflé keeps one of them, which one unspecified).
#pragma once

#include "semantics/ir.hpp"

namespace kz::sem {

// Rewrites every rule of `program` whose min or max aggregate has witnesses.
void expand_aggregate_witnesses(Program& program);

}  // namespace kz::sem
