// What a fact set did not see, and when it is seen (docs/language.md): the conservative
// rule that makes a claim `unknown` when facts an unobserved relation might still have
// could change its outcome, or when its evidence is not observable yet at the date the
// fact set is seen as of. (Leaving out facts dated after that date is the facade's job,
// when a Database evaluates: lib/api/dating.cpp.)
#pragma once

#include <cstdint>
#include <set>

#include "kzrules/check.hpp"

namespace kz::sem {
struct Program;
struct Claim;
}

namespace kz::argument {

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
