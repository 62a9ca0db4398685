// A what-if check rendered: the changed report in its format, then what moved against
// the fact sets as they are (as text, as a JSON object beside the report's fields, as a
// Markdown section).
#include <fmt/format.h>

#include "argument/report_json.hpp"
#include "argument/report_parts.hpp"
#include "kzrules/analysis.hpp"

namespace kz {

namespace {

using argument::Json;
using argument::names_or_none;

Json factset_moves_json(const FactSetMoves& f) {
  Json fj;
  fj["name"] = f.factset;
  fj["claims"] = Json::array();
  for (const auto& c : f.claims)
    fj["claims"].push_back({{"claim", c.claim}, {"before", outcome_name(c.before)}, {"after", outcome_name(c.after)}});
  fj["verdicts"] = Json::array();
  for (const auto& v : f.verdicts)
    fj["verdicts"].push_back(
        {{"hypothesis", v.hypothesis}, {"before", verdict_name(v.before)}, {"after", verdict_name(v.after)}});
  fj["supports"] = f.supports_moved ? Json{{"before", f.supports_before}, {"after", f.supports_after}} : Json(nullptr);
  return fj;
}

std::string factset_moves_markdown(const FactSetMoves& f) {
  std::string out = fmt::format("### `{}`\n\n", f.factset);
  if (!f.any()) return out + "No verdict moved.\n\n";
  out += "| what | before | after |\n|---|---|---|\n";
  for (const auto& c : f.claims)
    out += fmt::format("| claim `{}` | {} | **{}** |\n", c.claim, outcome_name(c.before), outcome_name(c.after));
  for (const auto& v : f.verdicts)
    out += fmt::format("| hypothesis `{}` | {} | **{}** |\n", v.hypothesis, verdict_name(v.before),
                       verdict_name(v.after));
  if (f.supports_moved)
    out += fmt::format("| supports | {} | **{}** |\n", names_or_none(f.supports_before),
                       names_or_none(f.supports_after));
  return out + "\n";
}

}  // namespace

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

std::string render_text(const WhatIfReport& report, const RenderOptions& options) {
  return render_text(report.changed, options) + render_moves(report.moves, report.changes);
}

std::string render_json(const WhatIfReport& report) {
  Json root = argument::report_json(report.changed);
  Json moves = Json::array();
  for (const auto& f : report.moves) moves.push_back(factset_moves_json(f));
  root["what_if"] = {{"changes", report.changes}, {"factsets", std::move(moves)}};
  return root.dump(2) + "\n";
}

std::string render_markdown(const WhatIfReport& report, const RenderOptions& options) {
  std::string out = render_markdown(report.changed, options) + "\n## What moved\n\n";
  if (!report.changes.empty()) {
    std::vector<std::string> changes;
    for (const auto& change : report.changes) changes.push_back("`" + change + "`");
    out += fmt::format("Against the fact sets as they are, with {}.\n\n", fmt::join(changes, ", "));
  }
  for (const auto& f : report.moves) out += factset_moves_markdown(f);
  return out;
}

}  // namespace kz
