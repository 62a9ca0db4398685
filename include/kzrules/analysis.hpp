// kzrules/analysis.hpp — what would change a verdict: argument maps, what-if checks,
// parameter sweeps, the smallest set of facts whose removal flips a hypothesis, and the
// HTML handout that gathers a check on one page.
//
// Each works on a parsed Program and FactSets (kzrules/check.hpp), so an argument held
// in memory can be analysed without a file; the functions that take paths read RULES
// and FACTSET as `kzrules check` does and do the same. Nothing here runs a process:
// to draw a map as SVG, a caller hands render_html a renderer (the CLI runs Graphviz).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kzrules/check.hpp"

namespace kz {

// ---- argument maps ------------------------------------------------------------------
// Hypotheses, claims and links (labelled by test type). With a fact set's report,
// claims are coloured by outcome and links by passed (green) or failed (red).
std::string argument_dot(const Program& program, const FactSetReport* report = nullptr);
// The same map as Argdown text: statements for hypotheses, arguments for claims,
// `+>` for supports and `->` for opposes, the test type as a tag.
std::string argument_argdown(const Program& program, const FactSetReport* report = nullptr);

// ---- what-if ----------------------------------------------------------------------------
// What moved in one fact set between two checks of it: claims whose outcome changed,
// hypotheses whose verdict changed, and the hypotheses it supports.
struct OutcomeMove {
  std::string claim;
  Outcome before = Outcome::vacuous, after = Outcome::vacuous;
};
struct VerdictMove {
  std::string hypothesis;
  Verdict before = Verdict::untested, after = Verdict::untested;
};
struct FactSetMoves {
  std::string factset;
  std::vector<OutcomeMove> claims;
  std::vector<VerdictMove> verdicts;
  bool supports_moved = false;
  std::vector<std::string> supports_before, supports_after;
  bool any() const noexcept { return !claims.empty() || !verdicts.empty() || supports_moved; }
};

struct WhatIfReport {
  CheckReport baseline;             // the fact sets as they are
  CheckReport changed;              // with CheckOptions::without and ::with applied
  std::vector<FactSetMoves> moves;  // one per fact set
  // How reports name the changes, as `check` takes them: `--without edge(2, 3, _)`,
  // `--with edge(3, 4, "new")`.
  std::vector<std::string> changes;
};

// What moved from `before` to `after`, two checks of the same program on the same fact
// sets in the same order (e.g. without and with a change).
std::vector<FactSetMoves> compare_checks(const CheckReport& before, const CheckReport& after);
// Checks each fact set as it is and with CheckOptions::without and ::with applied, and
// compares the two. Only the changed check is explained (CheckOptions::explain).
WhatIfReport what_if(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options);
WhatIfReport what_if(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                     const CheckOptions& options);
// "What moved", each of `changes` (how the caller names them, e.g. "--without edge(1, 2)")
// on the heading line, then what moved in each fact set ("no verdict moved" when nothing
// did): what `kzrules check --with/--without` prints after the changed report.
std::string render_moves(const std::vector<FactSetMoves>& moves, const std::vector<std::string>& changes);
// A what-if check in each format: the changed report, then what moved. JSON adds to the
// changed report's fields {"what_if": {"changes": [...], "factsets": [{"name", "claims":
// [{"claim", "before", "after"}], "verdicts": [{"hypothesis", "before", "after"}],
// "supports": {"before", "after"} or null}]}}; Markdown adds a "What moved" section.
// render_html (below) adds the same section to the handout when the options hold changes.
std::string render_text(const WhatIfReport& report, const RenderOptions& options = {});
std::string render_json(const WhatIfReport& report);
std::string render_markdown(const WhatIfReport& report, const RenderOptions& options = {});

// ---- parameter sweeps ---------------------------------------------------------------
// The values a sweep gives one `.param`: FROM, FROM + STEP, ... up to TO, exact decimals
// as written ("0.4", "0.05"), so 0.4:0.9:0.05 visits 0.4, 0.45, ..., 0.9 and each row
// is named by its value so written. With all three empty, the range the `.param`
// declares (`.param tenure_limit = 3.0 range 1.0 .. 6.0 step 0.1`).
struct SweepRange {
  std::string param;
  std::string from, to, step;
  bool declared() const noexcept { return from.empty() && to.empty() && step.empty(); }
};

struct SweepRow {
  std::string value;
  std::vector<Verdict> verdicts;  // one per hypothesis, in declaration order
  std::vector<bool> flipped;      // the verdict differs from the row before
  std::vector<std::string> supports;
};

struct SweepReport {
  std::string param;
  std::string factset;
  std::vector<std::string> hypotheses;
  std::vector<SweepRow> rows;
};

// Parses "name=from:to:step", "name=value" (that value alone) or "name" (the range its
// `.param` declares). Throws kz::Error: bad_option for another shape, a bound above the
// other, a step that is not positive or more than 10,000 values; bad_parameter for a
// number that is not a plain decimal (2.5, -1, 0.05).
SweepRange parse_sweep_range(const std::string& text);
// Checks the fact set at each value of the range: the program is read again from its
// sources with the value as one more parameter override. A range checked here as
// parse_sweep_range checks it; a declared range the `.param` lacks is an error
// (bad_parameter, at the declaration).
SweepReport sweep(const Program& program, const FactSet& factset, const SweepRange& range,
                  const CheckOptions& options = {});
SweepReport sweep(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                  const SweepRange& range, const CheckOptions& options = {});
std::string render_sweep(const SweepReport& report);

// ---- flips --------------------------------------------------------------------------
struct FlipOptions {
  std::size_t max_evaluations = 20000;  // the search's budget
  std::size_t max_size = 4;             // the largest removal set tried
};

struct FlipResult {
  std::string hypothesis;
  Verdict before = Verdict::untested;
  std::optional<Verdict> after;         // set when a flip was found
  std::vector<std::string> removed;     // the facts, as atoms
  std::size_t candidates = 0;           // facts the hypothesis's claims depend on
  std::size_t evaluations = 0;
  std::size_t complete_size = 0;        // every removal set up to this size was tried
  bool stopped_early = false;           // the budget or the time ran out
  bool out_of_time = false;             // it was the time: --timeout bounds the whole search
};

// Finds the smallest set of facts whose removal changes the hypothesis's verdict: exact
// (removal sets by increasing size) within the budget of evaluations and the time limit
// (options.eval.timeout_seconds, for the whole search); otherwise it says how far it
// searched. Only the first evaluation, of the fact set as it is, may run out of time with
// an error. The candidates are the facts the hypothesis's claims depend on, of every
// origin: rows loaded from a folder or added from code, facts written in the fact set's
// texts or files, and facts written in the rules (they belong to every fact set). Each
// trial sees the fact set as check does, its coverage.kz and the options' changes included.
FlipResult flip(const Program& program, const FactSet& factset, const std::string& hypothesis,
                const CheckOptions& options = {}, const FlipOptions& flip_options = {});
FlipResult flip(const std::filesystem::path& rules, const std::filesystem::path& factset,
                const std::string& hypothesis, const CheckOptions& options = {}, const FlipOptions& flip_options = {});
std::string render_flip(const FlipResult& result);

// ---- handouts -----------------------------------------------------------------------
struct HtmlOptions {
  // Draws an argument map's DOT text as SVG, or gives nothing when it cannot (the CLI
  // runs Graphviz `dot -Tsvg`). Without it, or when it gives nothing, the page holds the
  // map as DOT text.
  std::function<std::optional<std::string>(const std::string& dot)> render_svg;
  bool all = false;  // list every instance of a claim; otherwise at most 5
  // The page's title and heading (`check --format html --title`); empty: "Checking RULES".
  // Headings never show an absolute path: one outside the current folder is shown by its
  // last component, one inside it relative to it, so a handout does not carry the
  // author's folders.
  std::string title;
};

// One self-contained HTML file: the verdict matrix; for each fact set its date and what
// it did not observe, its claims (outcome, what was found, instances, links with their
// reasons), a proof for the first instance of each claim (for the first
// CheckOptions::explain_instances with CheckOptions::explain), its hypotheses (verdict,
// score, the claims that decided it, posteriors under CheckOptions::bayes) and its
// argument map (inline SVG when the renderer draws it, its DOT text otherwise); with
// CheckOptions::without or ::with, what moved against the fact sets as they are.
std::string render_html(const Program& program, const std::vector<FactSet>& factsets,
                        const CheckOptions& options = {}, const HtmlOptions& html = {});
std::string render_html(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                        const CheckOptions& options = {}, const HtmlOptions& html = {});

}  // namespace kz
