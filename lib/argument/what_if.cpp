// What-if: the same fact sets checked as they are and with facts removed or added, and
// what moved between the two checks (claim outcomes, verdicts, what each supports).
#include <algorithm>

#include <fmt/format.h>

#include "argument/binding_text.hpp"
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

// edge(2, 3, _): a fact or pattern as `check --with/--without` takes it.
std::string atom_text(const std::string& relation, const std::vector<std::string>& arguments) {
  return fmt::format("{}({})", relation, fmt::join(arguments, ", "));
}

std::vector<std::string> change_names(const CheckOptions& options) {
  std::vector<std::string> out;
  for (const auto& [relation, pattern] : options.without) {
    std::vector<std::string> arguments;
    for (const auto& value : pattern) arguments.push_back(value ? argument::value_text(*value) : "_");
    out.push_back("--without " + atom_text(relation, arguments));
  }
  for (const auto& [relation, tuple] : options.with) {
    std::vector<std::string> arguments;
    for (const auto& value : tuple) arguments.push_back(argument::value_text(value));
    out.push_back("--with " + atom_text(relation, arguments));
  }
  return out;
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

WhatIfReport what_if(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& given) {
  const CheckOptions options = argument::sharing_one_deadline(given);
  CheckOptions as_they_are = options;
  as_they_are.with.clear();
  as_they_are.without.clear();
  as_they_are.explain = false;  // only the changed report is shown
  WhatIfReport report;
  report.baseline = check(program, factsets, as_they_are);
  report.changed = check(program, factsets, options);
  report.moves = compare_checks(report.baseline, report.changed);
  report.changes = change_names(options);
  return report;
}

WhatIfReport what_if(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                     const CheckOptions& options) {
  return what_if(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options);
}

}  // namespace kz
