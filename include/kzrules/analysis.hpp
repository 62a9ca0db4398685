// kzrules/analysis.hpp — what would change a verdict: argument maps, parameter sweeps,
// and the smallest set of facts whose removal flips a hypothesis.
#pragma once

#include <cstddef>
#include <filesystem>
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
// Renders DOT through Graphviz `dot -T<format>` (svg, png, pdf). Throws kz::Error when
// dot is not installed or fails.
std::string render_with_dot(const std::string& dot, const std::string& format);

// ---- parameter sweeps ---------------------------------------------------------------
struct SweepRange {
  std::string param;
  double from = 0, to = 0, step = 1;
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

// Parses "name=from:to:step" (or "name=value").
SweepRange parse_sweep_range(const std::string& text);
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
  std::size_t candidates = 0;           // input facts the hypothesis's claims depend on
  std::size_t evaluations = 0;
  std::size_t complete_size = 0;        // every removal set up to this size was tried
  bool stopped_early = false;           // the budget ran out
};

// Finds the smallest set of input facts whose removal changes the hypothesis's verdict:
// exact (removal sets by increasing size) within the budget; otherwise it says how far
// it searched.
FlipResult flip(const std::filesystem::path& rules, const std::filesystem::path& factset,
                const std::string& hypothesis, const CheckOptions& options = {}, const FlipOptions& flip_options = {});
std::string render_flip(const FlipResult& result);

}  // namespace kz

namespace kz {

// ---- handouts -----------------------------------------------------------------------
// One self-contained HTML file: the verdict matrix, the argument map (inline SVG when
// Graphviz is installed, its DOT text otherwise), each fact set's claims, and a proof
// for one instance of each claim.
std::string render_html(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                        const CheckOptions& options = {});

}  // namespace kz
