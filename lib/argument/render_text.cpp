// The check report as aligned text for a terminal: each fact set's claims with what each
// found and how its links counted, its hypotheses' verdicts, what it supports, and with
// several fact sets the verdict matrix.
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

struct Style {
  bool color;
  std::string paint(const std::string& text, const char* code) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
  std::string outcome(Outcome o) const {
    switch (o) {
      case Outcome::holds: return paint("holds  ", "32");
      case Outcome::fails: return paint("FAILS  ", "1;31");
      case Outcome::vacuous: return paint("vacuous", "33");
      case Outcome::unknown: return paint("unknown", "35");
    }
    return "";
  }
  std::string verdict(Verdict v, std::size_t width) const {
    std::string text = fmt::format("{:<{}}", verdict_name(v), width);
    switch (v) {
      case Verdict::confirmed:
      case Verdict::supported: return paint(text, "1;32");
      case Verdict::eliminated:
      case Verdict::weakened: return paint(text, "31");
      case Verdict::contested: return paint(text, "1;35");
      default: return paint(text, "33");
    }
  }
};

// Under the claim's header line, aligned with its name.
const std::string pad(4 + 7 + 2, ' ');

std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// One instance and, with --explain, why it is one.
std::string instance_text(const Binding& binding, const InstanceExplanation* explained) {
  std::string out = pad + "  " + binding_text(binding) + "\n";
  if (!explained) return out;
  const std::string deeper = pad + "    ";
  if (!explained->note.empty()) out += deeper + explained->note + "\n";
  for (const auto& proof : explained->proofs) out += indented(render_proof(proof), deeper);
  return out;
}

std::string instances_text(const ClaimResult& c, const RenderOptions& options) {
  const auto& items = listed_instances(c);
  if (items.empty()) return "";
  const char* label = c.witnesses.empty() ? "counterexamples" : "witnesses";
  const std::size_t n = shown_count(items.size(), options.all);
  std::string out = pad + (n < items.size() ? fmt::format("{} (first {} of {}):", label, n, items.size())
                                            : fmt::format("{}:", label)) + "\n";
  for (std::size_t i = 0; i < n; ++i)
    out += instance_text(items[i], i < c.explained.size() ? &c.explained[i] : nullptr);
  return out;
}

std::string claim_text(const ClaimResult& c, const FactSetReport& f, std::size_t name_width, const Style& style,
                       const RenderOptions& options) {
  std::string out = fmt::format("    {}  {:<{}}  {:<6}  {}\n", style.outcome(c.outcome), c.name, name_width,
                                claim_form_name(c.form), c.text);
  if (const auto note = observable_note(c); !note.empty()) out += pad + note + "\n";
  if (const auto reason = unknown_reason(c, f.as_of); !reason.empty()) out += pad + "unknown: " + reason + "\n";
  out += pad + claim_summary(c) + "\n";
  out += instances_text(c, options);
  for (const auto& l : c.links) {
    out += pad + link_text(l, c.outcome, f.bayes) + "\n";
    if (l.because) out += pad + "  because: " + *l.because + "\n";
  }
  return out;
}

std::string hypothesis_text(const HypothesisResult& h, std::size_t name_width, bool bayes, const Style& style) {
  std::string line = fmt::format("    {:<{}}  {}", h.name, name_width, style.verdict(h.verdict, 10));
  if (bayes && h.posterior) line += fmt::format("  posterior {:.3f}", *h.posterior);
  if (score_matters(h.verdict)) line += fmt::format("  score {:+d}", h.score);
  if (!h.decisive.empty()) line += fmt::format("  decided by: {}", fmt::join(h.decisive, ", "));
  if (!h.passed.empty()) line += fmt::format("  passed: {}", fmt::join(h.passed, ", "));
  if (!h.failed.empty()) line += fmt::format("  failed: {}", fmt::join(h.failed, ", "));
  if (!h.unknown.empty()) line += fmt::format("  unknown: {}", fmt::join(h.unknown, ", "));
  return line + "\n";
}

// One fact set: its claims with what each found and its links, its hypotheses with
// their verdicts, and what it supports.
std::string factset_text(const FactSetReport& f, const Style& style, const RenderOptions& options) {
  std::string out = style.paint(fmt::format("Fact set {}", f.name), "1") + "\n";
  if (const auto note = coverage_note(f); !note.empty()) out += "  " + note + "\n";
  out += "\n  Claims\n";
  std::size_t w = 4;
  for (const auto& c : f.claims) w = std::max(w, c.name.size());
  for (const auto& c : f.claims) out += claim_text(c, f, w, style, options);
  out += "\n  Hypotheses\n";
  std::size_t hw = 10;
  for (const auto& h : f.hypotheses) hw = std::max(hw, h.name.size());
  for (const auto& h : f.hypotheses) out += hypothesis_text(h, hw, f.bayes, style);
  if (f.bayes)
    out += "    (posteriors multiply each test's odds factor from prior odds 1, assuming the claims are "
           "independent given the hypothesis)\n";
  out += "\n" + style.paint(fmt::format("{} supports: {}", f.name, names_or_none(f.supports)), "1") + "\n";
  if (f.supports.size() > 1) out += "  (hypotheses are judged separately: the evidence favours each of these)\n";
  out += "\n";
  out += robustness_text(f, options);
  return out;
}

// Fact sets by hypotheses, and what each supports.
std::string matrix_text(const CheckReport& report, const Style& style) {
  std::size_t fw = 8;
  for (const auto& f : report.factsets) fw = std::max(fw, f.name.size());
  std::vector<std::size_t> widths;
  std::string header = fmt::format("  {:<{}}", "fact set", fw);
  for (const auto& h : report.hypotheses) {
    widths.push_back(std::max<std::size_t>(h.name.size(), 10));
    header += fmt::format("  {:<{}}", h.name, widths.back());
  }
  std::string out = style.paint("Verdicts", "1") + "\n" + header + "  supports\n";
  for (const auto& f : report.factsets) {
    std::string line = fmt::format("  {:<{}}", f.name, fw);
    for (std::size_t h = 0; h < f.hypotheses.size(); ++h)
      line += "  " + style.verdict(f.hypotheses[h].verdict, widths[h]);
    out += line + "  " + names_or_none(f.supports) + "\n";
  }
  return out;
}

}  // namespace

std::string render_text(const FactSetReport& report, const RenderOptions& options) {
  return factset_text(report, Style{options.color}, options);
}

std::string render_text(const CheckReport& report, const RenderOptions& options) {
  const Style style{options.color};
  std::string out;
  for (const auto& f : report.factsets) out += factset_text(f, style, options);
  if (report.factsets.size() > 1) out += matrix_text(report, style);
  return out;
}

}  // namespace kz
