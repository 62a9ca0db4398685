// kzrules/explain.hpp — why a tuple was derived, why another was not, and why a claim
// came out as it did.
//
// Proofs need provenance: evaluate with EvalOptions::record_provenance = true. A proof
// is a tree of minimal height (as Soufflé's provenance gives it) down to input facts,
// each node naming the rule (file:line) or the fact (file:line, and the row's `source`
// column where the relation has one).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kzrules/check.hpp"
#include "kzrules/database.hpp"

namespace kz {

// Reads one ground atom, e.g. `path(1, 3)` or `horde("Ablyazov", "senior")`, against
// the program's declarations. An argument may be a constant expression (`p(1+5, 3)` is
// p(6, 3)), evaluated as the language evaluates it; a variable, a value of the wrong
// kind or an integer overflow is refused. Throws kz::Error (bad_input) with a caret
// under the offending argument.
std::pair<std::string, Tuple> parse_atom(const Program& program, std::string_view text);
// The same, with `_` allowed for "any value" (for --without).
std::pair<std::string, Pattern> parse_pattern(const Program& program, std::string_view text);

// ProofNode and InstanceExplanation, which reports carry too, are in kzrules/check.hpp.

// Why a rule did not derive a tuple: the first body literal no extension passes, with
// the bindings of the closest partial match.
struct RuleAttempt {
  std::string location;
  std::string rule_text;
  std::string failed_literal;  // empty when the head itself cannot match
  std::vector<std::pair<std::string, std::string>> bindings;
};

struct Explanation {
  std::string atom;
  bool derived = false;
  ProofNode proof;                    // when derived
  std::vector<RuleAttempt> attempts;  // when not: one per rule of the relation
  bool input_relation = false;        // not derived and no rule could have derived it
};

Explanation explain_atom(Database& database, std::string_view atom_text);

struct ClaimExplanation {
  ClaimResult result;
  std::vector<InstanceExplanation> instances;
};

ClaimExplanation explain_claim(Database& database, std::string_view claim_name, std::size_t max_instances = 5);

std::string render_proof(const ProofNode& proof);
std::string render_explanation(const Explanation& explanation);
std::string render_claim_explanation(const ClaimExplanation& explanation);
std::string explanation_json(const Explanation& explanation);
std::string claim_explanation_json(const ClaimExplanation& explanation);

}  // namespace kz
