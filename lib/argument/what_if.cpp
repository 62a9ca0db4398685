// What-if: the same fact sets checked as they are and with facts removed or added, and
// what moved between the two checks (claim outcomes, verdicts, what each supports).
#include <algorithm>

#include <fmt/format.h>

#include "argument/factsets.hpp"
#include "core/bad_input.hpp"
#include "kzrules/analysis.hpp"

namespace kz {

namespace {

FactSetMoves compare_factsets(const FactSetReport& before, const FactSetReport& after) {
  FactSetMoves moves;
  moves.factset = after.name;
  for (std::size_t c = 0; c < std::min(before.claims.size(), after.claims.size()); ++c)
    if (after.claims[c].outcome != before.claims[c].outcome)
      moves.claims.push_back({after.claims[c].name, before.claims[c].outcome, after.claims[c].outcome});
  for (std::size_t h = 0; h < std::min(before.hypotheses.size(), after.hypotheses.size()); ++h)
    if (after.hypotheses[h].verdict != before.hypotheses[h].verdict)
      moves.verdicts.push_back({after.hypotheses[h].name, before.hypotheses[h].verdict, after.hypotheses[h].verdict});
  if (before.supports != after.supports) {
    moves.supports_moved = true;
    moves.supports_before = before.supports;
    moves.supports_after = after.supports;
  }
  return moves;
}

std::string names_or_none(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::vector<FactSetMoves> compare_checks(const CheckReport& before, const CheckReport& after) {
  if (before.factsets.size() != after.factsets.size())
    throw_bad_input(ErrorCode::library_misuse,
                    fmt::format("cannot compare a check of {} fact sets with a check of {}", before.factsets.size(),
                                after.factsets.size()));
  std::vector<FactSetMoves> out;
  for (std::size_t f = 0; f < after.factsets.size(); ++f)
    out.push_back(compare_factsets(before.factsets[f], after.factsets[f]));
  return out;
}

WhatIfReport what_if(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options) {
  CheckOptions as_they_are = options;
  as_they_are.with.clear();
  as_they_are.without.clear();
  WhatIfReport report;
  report.baseline = check(program, factsets, as_they_are);
  report.changed = check(program, factsets, options);
  report.moves = compare_checks(report.baseline, report.changed);
  return report;
}

WhatIfReport what_if(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                     const CheckOptions& options) {
  return what_if(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options);
}

std::string render_moves(const std::vector<FactSetMoves>& moves, const std::vector<std::string>& changes) {
  std::string out = "What moved";
  for (const auto& change : changes) out += "  " + change;
  out += "\n";
  for (const auto& f : moves) {
    out += "  " + f.factset + "\n";
    for (const auto& c : f.claims)
      out += fmt::format("    claim {}: {} -> {}\n", c.claim, outcome_name(c.before), outcome_name(c.after));
    for (const auto& v : f.verdicts)
      out += fmt::format("    {}: {} -> {}\n", v.hypothesis, verdict_name(v.before), verdict_name(v.after));
    if (f.supports_moved)
      out += fmt::format("    supports: {} -> {}\n", names_or_none(f.supports_before), names_or_none(f.supports_after));
    if (!f.any()) out += "    no verdict moved\n";
  }
  return out;
}

}  // namespace kz
