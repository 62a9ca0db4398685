// Which aggregates range over distinct bindings (AggregateSpec::distinct_on).
//
// Soufflé evaluates an aggregate whose body has more than one atom, an atom that repeats
// a variable, or an aggregate inside it, over a relation made of the body's named
// variables: `count : { a(x), b(x, _) }` counts the x that have some b, once each, not
// the b rows. Over a single atom it counts the atom's tuples (`count : { b(_, _) }`).
// kzrules gives the same rows, so a program that runs in both agrees.
#pragma once

#include "semantics/ir.hpp"

namespace kz::sem {

// Sets distinct_on for every aggregate of the program's rules and claims.
void mark_distinct_aggregates(Program& program);

}  // namespace kz::sem
