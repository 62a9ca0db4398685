// What `kzrules diff` compares: two checked programs matched by name (diff_compare.cpp),
// and the canonical text that decides whether a claim's form or a relation's rules
// changed. Canonical texts print variables by slot number only, so a claim or rule whose
// variables were renamed consistently reads the same.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kzrules/diff.hpp"

namespace kz::sem {
struct Program;
struct Claim;
}

namespace kz::argument {

// One line of a canonical text: `anonymous` compares, `shown` (with variable names) is
// what a report prints.
struct CanonicalLine {
  std::string anonymous, shown;
};

// A claim's form, body, conclusion, bound or `holds` sides, one line each (not its
// name, prose, `from` or links).
std::vector<CanonicalLine> claim_form_lines(const sem::Program& program, const sem::Claim& claim);

// B's values of the parameters both programs declare with the same kind but a different
// value, as `--param` overrides would give them.
std::vector<std::pair<std::string, std::string>> b_param_values(const sem::Program& a, const sem::Program& b);

// The differences between A and B. `a_at_b` is A read again with b_param_values(a, b):
// claims and rules are compared on it, so a threshold that moved only because a
// parameter did is the parameter's difference, not the claim's. It has A's structure
// (the same claims and rules in the same order), so A's own text is shown for them.
std::vector<Difference> compare_programs(const sem::Program& a, const sem::Program& a_at_b, const sem::Program& b);

}  // namespace kz::argument
