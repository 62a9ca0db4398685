// Removing one fact at a time and judging again, without a whole evaluation each time.
//
// A worker loads its fact set once, evaluates it, and keeps two snapshots of the
// relations a removal can reach: their loaded rows and their rows after the fixpoint.
// For a fact of relation R it resets the relations derived from R (Dependence::
// downstream) to their loaded rows less that fact, derives only them again
// (Engine::rederive), puts back from the snapshot whatever the previous removal touched
// and this one does not, evaluates again only the linked claims that read them, and
// judges. Facts are tried grouped by relation, so consecutive removals touch the same
// relations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kzrules/check.hpp"

namespace kz::argument {

// A fact whose removal alone moves some verdicts.
struct MovingFact {
  std::string atom;      // region(\"Akmola\", ...), as the fact set holds it
  std::string location;  // file:line; empty for a tuple added from code
  std::vector<std::pair<std::uint32_t, Verdict>> moves;  // hypothesis id, its new verdict
};

struct FactRemovals {
  std::size_t tried = 0;
  std::vector<MovingFact> moving;  // in the order tried
};

// The facts of `database` (loaded, not evaluated; it is dated and evaluated here) numbered
// `slice` of `slices` equal parts, each removed alone. `baseline` is the fact set's
// report as check() made it. The facts are its loaded rows and every fact written in the
// language, in RULES or in the fact set's own texts: all belong to the fact set.
FactRemovals remove_facts_one_by_one(Database& database, const FactSetReport& baseline, const EvalOptions& eval,
                                     std::size_t slice, std::size_t slices);

}  // namespace kz::argument
