// kzrules/robustness.hpp — which single choices of the person who encoded an argument
// decide its verdicts.
//
// For every hypothesis on every fact set, robustness() tries each single change of three
// kinds and keeps those that move the hypothesis's verdict, with the verdict each one
// moves it to (docs/cli.md, `kzrules robustness`):
//   - weaken_link: one link's test one step weaker: doubly_decisive → hoop, and
//     separately → smoking_gun; hoop or smoking_gun → straw; straw → the link removed.
//     Claim outcomes stay as they are; only the judging changes.
//   - remove_fact: one fact of the fact set removed: a row of a fact file, a tuple added
//     from code, or a fact written in the language in the fact set's own file or text
//     (facts written in RULES belong to the argument, not to the data, and stay). Only
//     facts of relations that the hypotheses' claims depend on, through rules, are tried;
//     each is checked by deriving again only what its relation reaches.
//   - move_param: one `.param` that declares a range (`range 1.0 .. 6.0 step 0.1`) moved
//     to the nearest value of its range that moves the verdict, on each side of its
//     value (below and above). Values are exact decimals, written as such ("2.9").
// A verdict that some single change moves is *fragile*; reports list fragile verdicts
// first, and each hypothesis's changes as links, then facts, then parameters.
//
// The same analysis rides on a check: with CheckOptions::robustness, check() gives every
// FactSetReport a FactSetRobustness (FactSetReport::robustness), and every check
// renderer (text, JSON, Markdown, HTML) adds a robustness section to that fact set.
// robustness() is that check, with only the robustness parts kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kzrules/check.hpp"

namespace kz {

enum class ChangeKind : std::uint8_t { weaken_link, remove_fact, move_param };
// "weaken_link", "remove_fact", "move_param": the words of the JSON report.
const char* change_kind_name(ChangeKind kind) noexcept;

// One single change that moves a hypothesis's verdict.
struct VerdictChange {
  ChangeKind kind = ChangeKind::weaken_link;
  // The change as a reader names it:
  //   weaken_link  "akim_mean_tenure_short opposes centre_periphery as hoop → straw"
  //                ("… as straw → no link" when the link goes)
  //   remove_fact  the fact as an atom: region_tenure("Akmola", 2.1, 6, "Table 2")
  //   move_param   "tenure_limit = 2.9 (now 3.0)"
  std::string what;
  Verdict new_verdict = Verdict::untested;
  // file:line of the link, the fact or the `.param`; empty for a fact added from code.
  std::string location;
  // weaken_link: the claim, and its link's test after the change (none: link removed).
  std::string claim;
  std::optional<TestType> weakened_to;
  // move_param: the parameter, and the value that moves the verdict (exact decimal text).
  std::string param, value;
};

struct HypothesisRobustness {
  std::string hypothesis;
  Verdict verdict = Verdict::untested;  // as the fact set has it
  std::vector<VerdictChange> changes;   // links, then facts, then parameters
  bool fragile() const noexcept { return !changes.empty(); }
};

struct FactSetRobustness {
  std::string name;
  std::vector<HypothesisRobustness> hypotheses;  // fragile first, else in declaration order
  // What was tried: link weakenings, facts removed one at a time, and the parameters
  // with a range (each value of a range is tried only until the nearest moving value on
  // each side is found for every hypothesis).
  std::size_t links_tried = 0;
  std::size_t facts_tried = 0;
  std::vector<std::string> params_tried;
  std::size_t fragile_count() const noexcept;
};

struct RobustnessReport {
  std::string rules;
  std::vector<FactSetRobustness> factsets;  // as check() orders them (FACTSET@DATE too)
};

// The robustness of every verdict on each fact set. Options as for check(): `eval.threads`
// (-j) spreads fact removals and parameter values over threads, `as_of`, `with` and
// `without` apply before anything is tried. Throws kz::Error on bad input.
RobustnessReport robustness(const Program& program, const std::vector<FactSet>& factsets,
                            const CheckOptions& options = {});
// RULES and FACTSETs read as check() reads them.
RobustnessReport robustness(const std::filesystem::path& rules,
                            const std::vector<std::filesystem::path>& factsets,
                            const CheckOptions& options = {});

// The report for a seminar: per fact set, fragile verdicts first with each change that
// moves them, then the verdicts no single change moves, then what was tried.
std::string render_text(const RobustnessReport& report, const RenderOptions& options = {});
std::string render_markdown(const RobustnessReport& report);
// {"rules", "factsets": [{"name", "hypotheses": [{"hypothesis", "verdict", "fragile",
// "changes": [{"kind", "what", "new_verdict", "location", ...}]}], "tried": {...}}]}
std::string render_json(const RobustnessReport& report);

}  // namespace kz
