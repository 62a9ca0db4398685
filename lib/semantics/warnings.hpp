// Warnings about a program as written, as Soufflé gives them (docs/language.md,
// "Warnings"). They read the parse trees, where each occurrence of a name is still as
// written (clauses before DNF, aggregates in place), and the checked program, which knows
// the parameters, `.input` and `.unobserved`:
//   W0003 singleton_variable        a variable that occurs once in a clause, or once in an
//                                   aggregate it is local to (a rule's or a claim's);
//   W0004 free_conclusion_variable  a forall/most/share conclusion's variable that the
//                                   premise does not bind and that occurs once (an exists
//                                   or none body's and a premise's variables are the
//                                   reported instances: once is fine there);
//   W0005 undefined_relation        a relation used in a body or a claim that no fact, rule,
//                                   `.input` or `.unobserved` accounts for; located at its
//                                   .decl (where `.input` would go), with a note at its
//                                   first use.
// A name starting with `_` is never a singleton.
#pragma once

#include <vector>

#include "semantics/ir.hpp"
#include "semantics/lower.hpp"

namespace kz::sem {

// The warnings of `program`, lowered from `files` without errors, in source order.
std::vector<Warning> find_warnings(const Program& program, const std::vector<ParsedFile>& files);

}  // namespace kz::sem
