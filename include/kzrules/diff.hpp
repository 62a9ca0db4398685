// kzrules/diff.hpp — two encodings of one argument, compared: "why do our answers differ?"
//
// Two students (or a student and a key) encode the same argument. diff() lists what
// differs between the two programs, A and B, matched by name: hypotheses added or
// removed; claims added, removed, or changed in form, body or threshold (compared on the
// checked program, so renaming a claim's variables consistently is no change) or in
// `from YEAR`; links, matched by claim and hypothesis, added, removed, or changed in
// direction, test, reason (`because`) or probabilities; `.param` values; and the rules
// and facts that define a relation. The prose of claims and hypotheses is not compared.
//
// Then it checks both on each fact set, sets the verdicts side by side, and for each
// verdict that differs, says which differences move it: each difference is applied alone
// to A, and A is judged again. An added claim or a changed claim body takes the claim's
// outcome as B evaluates it; a link change, an added or removed claim or hypothesis is
// judged again on A's outcomes; a `from` change and a parameter value are evaluated
// again. A change to a relation's rules is listed but not tried alone (`tried` is false):
// it changes what is derived, which only evaluating a mixed program could show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kzrules/check.hpp"

namespace kz {

enum class DifferenceKind : std::uint8_t {
  hypothesis_added,
  hypothesis_removed,
  claim_added,
  claim_removed,
  claim_changed,     // the form, the body or conclusion, a share bound, a `holds` side
  claim_from,        // `from YEAR`
  link_added,
  link_removed,
  link_direction,    // supports / opposes
  link_test,         // straw, hoop, smoking_gun, doubly_decisive
  link_because,      // the reason; moves no verdict
  link_probability,  // (p_H, p_notH); moves no verdict (only --bayes posteriors)
  param_added,
  param_removed,
  param_changed,     // a `.param` value
  rules_changed,     // the rules and facts that define a relation
};

// The word reports and JSON use: "link_test", "param_changed", ...
const char* difference_kind_name(DifferenceKind kind) noexcept;

struct Difference {
  DifferenceKind kind = DifferenceKind::claim_changed;
  std::string claim;       // claim_* and link_* kinds
  std::string hypothesis;  // hypothesis_* and link_* kinds
  std::string param;       // param_* kinds
  std::string relation;    // rules_changed
  // A's side and B's side as text (a test, a direction, a year, a value, the lines of a
  // claim's form or a relation's rules found in one program only); empty when that side
  // has none (an added or removed thing, a `from` or `because` given on one side only).
  std::optional<std::string> before, after;
  bool tried = true;  // applied alone to A (false: param_added, param_removed, rules_changed)
  // One line for people: `link kin_in_opposition -> clan: test hoop -> straw`.
  std::string description() const;
};

// One difference that, applied alone to A, moves a verdict: the index of the difference
// in DiffReport::differences, and the verdict A then gives (empty: A then has no such
// hypothesis).
struct VerdictMover {
  std::size_t difference = 0;
  std::optional<Verdict> verdict;
};

// A hypothesis on one fact set, as A and as B judge it (empty: that program has no such
// hypothesis). `moved_by` is filled only when the two differ.
struct VerdictPair {
  std::string hypothesis;
  std::optional<Verdict> a, b;
  std::vector<VerdictMover> moved_by;
  bool differs() const noexcept { return a != b; }
};

struct FactSetDiff {
  std::string name;
  std::vector<VerdictPair> verdicts;  // A's hypotheses in its order, then those only B has
  std::vector<std::string> supports_a, supports_b;
};

struct DiffReport {
  std::string rules_a, rules_b;        // Program::name() of each
  std::vector<Difference> differences; // hypotheses, then claims with their links, params, rules
  std::vector<FactSetDiff> factsets;   // in the order given (with --as-of, once per date)
  CheckReport a, b;                    // the two checks behind the verdicts
  bool any_verdict_differs() const;
};

// Compares A and B, checks both on each fact set, and tries each difference alone on A.
// Throws kz::Error on bad input (a fact set that cannot be read by either program).
DiffReport diff(const Program& a, const Program& b, const std::vector<FactSet>& factsets,
                const CheckOptions& options = {});
// The same from paths: RULES_A and RULES_B are each a file or a folder of .kz/.dl files,
// parsed with CheckOptions::parse; with no fact set, the folder that holds RULES_A (RULES_A
// itself when it is a folder), read through `.input`.
DiffReport diff(const std::filesystem::path& rules_a, const std::filesystem::path& rules_b,
                const std::vector<std::filesystem::path>& factsets, const CheckOptions& options = {});

// The differences, numbered from 1; then each fact set's verdicts side by side, and under
// each verdict that differs the differences (by number) that move it alone.
std::string render_text(const DiffReport& report);
// {"rules_a", "rules_b", "differences": [{"id", "kind", "claim", "hypothesis", "param",
// "relation", "before", "after", "tried", "description"}], "factsets": [{"name",
// "verdicts": [{"hypothesis", "a", "b", "differs", "moved_by": [{"difference", "verdict"}]}],
// "supports_a", "supports_b"}]}; "id" numbers differences from 1 and "moved_by" refers to
// them; absent things are null (docs/seminar.md).
std::string render_json(const DiffReport& report);
std::string render_markdown(const DiffReport& report);

}  // namespace kz
