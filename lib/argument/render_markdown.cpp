// The check report as Markdown for handouts: a table of each fact set's claims and one
// of its hypotheses, what it supports, the proofs asked for, and with several fact sets
// the verdict matrix.
#include <algorithm>

#include <fmt/format.h>

#include "argument/binding_text.hpp"
#include "argument/report_parts.hpp"
#include "argument/robustness_render.hpp"
#include "kzrules/check.hpp"
#include "kzrules/explain.hpp"

namespace kz {

namespace {

using namespace argument;

std::string claim_cell(const ClaimResult& c) {
  std::string out = fmt::format("`{}` ({})<br>{}", c.name, claim_form_name(c.form), md_escape(c.text));
  if (const auto note = observable_note(c); !note.empty()) out += "<br>*" + note + "*";
  return out;
}

std::string outcome_cell(const ClaimResult& c, const FactSetReport& f) {
  std::string out = fmt::format("**{}**", outcome_name(c.outcome));
  if (const auto reason = unknown_reason(c, f.as_of); !reason.empty()) out += "<br>" + md_escape(reason);
  return out;
}

std::string found_cell(const ClaimResult& c, const RenderOptions& options) {
  std::string out = md_escape(claim_summary(c));
  const auto& items = listed_instances(c);
  const std::size_t n = shown_count(items.size(), options.all);
  for (std::size_t i = 0; i < n; ++i) out += "<br>`" + md_escape(binding_text(items[i])) + "`";
  if (n < items.size()) out += fmt::format("<br>… {} more", items.size() - n);
  return out;
}

std::string links_cell(const ClaimResult& c, bool bayes) {
  std::vector<std::string> links;
  for (const auto& l : c.links) {
    std::string link = md_escape(link_text(l, c.outcome, bayes));
    if (l.because) link += "<br>*because:* " + md_escape(*l.because);
    links.push_back(std::move(link));
  }
  return fmt::format("{}", fmt::join(links, "<br>"));
}

std::string verdict_cell(const HypothesisResult& h) {
  std::string out = fmt::format("**{}**", verdict_name(h.verdict));
  if (h.posterior) out += fmt::format(" (posterior {:.3f})", *h.posterior);
  if (score_matters(h.verdict)) out += fmt::format(" (score {:+d})", h.score);
  if (!h.decisive.empty()) out += fmt::format(" (decided by: {})", fmt::join(h.decisive, ", "));
  return out;
}

// Each claim's proofs asked for with CheckOptions::explain, as fenced text.
std::string proofs_markdown(const FactSetReport& f) {
  std::string out;
  for (const auto& c : f.claims) {
    for (const auto& inst : c.explained) {
      out += fmt::format("**`{}`** {} `{}`", c.name, c.witnesses.empty() ? "counterexample" : "witness",
                         binding_text(inst.binding));
      if (!inst.note.empty()) out += ": " + inst.note;
      out += "\n\n```\n";
      for (const auto& proof : inst.proofs) out += render_proof(proof);
      out += "```\n\n";
    }
  }
  return out.empty() ? out : "### Proofs\n\n" + out;
}

// One fact set: a table of its claims, a table of its hypotheses, what it supports.
std::string factset_markdown(const FactSetReport& f, const RenderOptions& options) {
  std::string out = fmt::format("## Fact set `{}`\n\n", f.name);
  if (const auto note = coverage_note(f); !note.empty()) out += md_escape(note) + "\n\n";
  out += "| claim | outcome | what was found | links |\n|---|---|---|---|\n";
  for (const auto& c : f.claims)
    out += fmt::format("| {} | {} | {} | {} |\n", claim_cell(c), outcome_cell(c, f), found_cell(c, options),
                       links_cell(c, f.bayes));
  out += "\n| hypothesis | verdict | passed | failed | unknown |\n|---|---|---|---|---|\n";
  for (const auto& h : f.hypotheses)
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", h.name, verdict_cell(h), fmt::join(h.passed, ", "),
                       fmt::join(h.failed, ", "), fmt::join(h.unknown, ", "));
  out += fmt::format("\n**{} supports:** {}\n\n", f.name, names_or_none(f.supports));
  out += proofs_markdown(f);
  out += robustness_markdown(f);
  return out;
}

std::string matrix_markdown(const CheckReport& report) {
  std::string out = "## Verdicts\n\n| fact set |";
  for (const auto& h : report.hypotheses) out += fmt::format(" `{}` |", h.name);
  out += " supports |\n|---|";
  for (std::size_t i = 0; i < report.hypotheses.size(); ++i) out += "---|";
  out += "---|\n";
  for (const auto& f : report.factsets) {
    out += fmt::format("| `{}` |", f.name);
    for (const auto& h : f.hypotheses) out += fmt::format(" {} |", verdict_name(h.verdict));
    out += fmt::format(" {} |\n", names_or_none(f.supports));
  }
  return out;
}

}  // namespace

std::string render_markdown(const FactSetReport& report, const RenderOptions& options) {
  return factset_markdown(report, options);
}

std::string render_markdown(const CheckReport& report, const RenderOptions& options) {
  std::string out = fmt::format("# Checking `{}`\n\n", report.rules);
  if (!report.hypotheses.empty()) {
    out += "| hypothesis | statement | source |\n|---|---|---|\n";
    for (const auto& h : report.hypotheses)
      out += fmt::format("| `{}` | {} | {} |\n", h.name, md_escape(h.text), md_escape(h.source));
    out += "\n";
  }
  for (const auto& f : report.factsets) out += factset_markdown(f, options);
  if (report.factsets.size() > 1) out += matrix_markdown(report);
  return out;
}

}  // namespace kz
