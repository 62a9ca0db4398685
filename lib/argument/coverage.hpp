// What a fact set did not see, and when it is seen (LANGUAGE.md, "Layer 2, continued"):
// dating the rows of `.dated` relations and leaving out those after the fact set's date,
// and the conservative rule that makes a claim `unknown` when facts an unobserved
// relation might still have could change its outcome, or when its evidence is not
// observable yet.
#pragma once

#include <cstdint>
#include <set>

#include "kzrules/check.hpp"
#include "kzrules/database.hpp"

namespace kz::sem {
struct Program;
struct Claim;
}

namespace kz::argument {

// Checks the date of every row of each dated relation read from files or added from
// code, and removes those dated after the program's as-of date (facts written in the
// language were dated when the program was read). Call before evaluating. Throws
// kz::Error (bad_date) at the first row whose date is not a date.
void see_as_of(Database& database);

// The unobserved relations a claim depends on, split by how the contract's rule needs:
// those reached from B (the body or premise) only through positive atoms, those reached
// from B through some negation or aggregate, and those reached from C (the conclusion,
// or a `holds` claim's sides) in any way. Relation ids, through rules transitively.
struct ClaimDependence {
  std::set<std::uint32_t> body_positive, body_other, conclusion;
};
ClaimDependence unobserved_dependence(const sem::Program& program, const sem::Claim& claim);

// Marks the report's claims `unknown` where the contract says so, and records the fact
// set's as-of date and unobserved relations in the report. Call before judging.
void settle_unknowns(const sem::Program& program, FactSetReport& report);

}  // namespace kz::argument
