// The HTML handout: everything a seminar needs on one page, with no external files.
// The argument maps are drawn by the caller's renderer (the CLI runs Graphviz).
#include <fmt/format.h>

#include "argument/binding_text.hpp"
#include "argument/factsets.hpp"
#include "argument/report_parts.hpp"
#include "argument/robustness_render.hpp"
#include "kzrules/analysis.hpp"
#include "kzrules/explain.hpp"

namespace kz {

namespace {

using namespace argument;

// Text as the content of an element (the page puts no text of the argument in an
// attribute, so quotes stay as they are: p = "aliev").
std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string code_list(const std::vector<std::string>& names) {
  std::vector<std::string> parts;
  for (const auto& n : names) parts.push_back("<code>" + esc(n) + "</code>");
  return fmt::format("{}", fmt::join(parts, ", "));
}

const char* verdict_class(Verdict v) {
  switch (v) {
    case Verdict::confirmed:
    case Verdict::supported: return "good";
    case Verdict::eliminated:
    case Verdict::weakened: return "bad";
    case Verdict::contested: return "mixed";
    default: return "neutral";
  }
}

std::string page_head(const std::string& title) {
  return R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kzrules: )" + esc(title) + R"(</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.good{background:#d7f2d7}.bad{background:#f6d3d3}.mixed{background:#ead3f2}.neutral{background:#eee}
.holds{color:#1a7f1a}.fails{color:#c01818;font-weight:bold}.vacuous{color:#8a6d00}.unknown{color:#7a2e99}
.because{color:#555;font-style:italic}.note{color:#555}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.85em}details{margin:.3em 0}
.map svg{max-width:100%;height:auto}
</style></head><body>
)";
}

std::string hypotheses_html(const CheckReport& report) {
  std::string out = "<h2>Hypotheses</h2>\n<table><tr><th>hypothesis</th><th>statement</th><th>source</th></tr>\n";
  for (const auto& h : report.hypotheses)
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", esc(h.name), esc(h.text),
                       esc(h.source));
  return out + "</table>\n";
}

std::string matrix_html(const CheckReport& report) {
  std::string out = "<h2>Verdicts</h2>\n<table><tr><th>fact set</th>";
  for (const auto& h : report.hypotheses) out += fmt::format("<th>{}</th>", esc(h.name));
  out += "<th>supports</th></tr>\n";
  for (const auto& f : report.factsets) {
    out += fmt::format("<tr><td><code>{}</code></td>", esc(display_path(f.name)));
    for (const auto& h : f.hypotheses)
      out += fmt::format("<td class=\"{}\">{}</td>", verdict_class(h.verdict), verdict_name(h.verdict));
    out += fmt::format("<td><b>{}</b></td></tr>\n", esc(names_or_none(f.supports)));
  }
  return out + "</table>\n";
}

// What moved with the what-if changes, fact set by fact set.
std::string moves_html(const WhatIfReport& what) {
  std::string out = fmt::format("<h2>What moved</h2>\n<p>Against the fact sets as they are, with {}.</p>\n",
                                code_list(what.changes));
  for (const auto& f : what.moves) {
    out += fmt::format("<h3><code>{}</code></h3>\n", esc(f.factset));
    if (!f.any()) {
      out += "<p>No verdict moved.</p>\n";
      continue;
    }
    out += "<table><tr><th>what</th><th>before</th><th>after</th></tr>\n";
    for (const auto& c : f.claims)
      out += fmt::format("<tr><td>claim <code>{}</code></td><td class=\"{}\">{}</td><td class=\"{}\">{}</td></tr>\n",
                         esc(c.claim), outcome_name(c.before), outcome_name(c.before), outcome_name(c.after),
                         outcome_name(c.after));
    for (const auto& v : f.verdicts)
      out += fmt::format(
          "<tr><td>hypothesis <code>{}</code></td><td class=\"{}\">{}</td><td class=\"{}\">{}</td></tr>\n",
                         esc(v.hypothesis), verdict_class(v.before), verdict_name(v.before), verdict_class(v.after),
                         verdict_name(v.after));
    if (f.supports_moved)
      out += fmt::format("<tr><td>supports</td><td>{}</td><td><b>{}</b></td></tr>\n",
                         esc(names_or_none(f.supports_before)), esc(names_or_none(f.supports_after)));
    out += "</table>\n";
  }
  return out;
}

// The map as inline SVG when the renderer draws it, as DOT text otherwise.
std::string map_html(const std::string& dot, const HtmlOptions& html) {
  const std::optional<std::string> svg = html.render_svg ? html.render_svg(dot) : std::nullopt;
  if (!svg) return "<p>(Graphviz is not installed: the map as DOT text.)</p><pre>" + esc(dot) + "</pre>";
  const auto start = svg->find("<svg");
  return start == std::string::npos ? "<pre>" + esc(dot) + "</pre>" : svg->substr(start);
}

std::string claim_cell(const ClaimResult& c) {
  std::string out = fmt::format("<code>{}</code> ({})<br>{}", esc(c.name), claim_form_name(c.form), esc(c.text));
  if (const auto note = observable_note(c); !note.empty()) out += "<br><span class=\"note\">" + esc(note) + "</span>";
  return out;
}

std::string outcome_cell(const ClaimResult& c, const FactSetReport& f) {
  std::string out = outcome_name(c.outcome);
  if (const auto reason = unknown_reason(c, f.as_of); !reason.empty())
    out += "<br><span class=\"note\">" + esc(reason) + "</span>";
  return out;
}

// One instance: with its proof folded under it when the report holds one.
std::string instance_html(const ClaimResult& c, const Binding& binding, const InstanceExplanation* explained) {
  const std::string text = esc(assignments_text(binding));
  if (!explained) return fmt::format("<div><code>{}</code></div>", text);
  std::string proofs;
  for (const auto& p : explained->proofs) proofs += render_proof(p);
  return fmt::format("<details><summary>{}: <code>{}</code></summary>{}<pre>{}</pre></details>",
                     c.witnesses.empty() ? "counterexample" : "witness", text,
                     explained->note.empty() ? "" : "<p>" + esc(explained->note) + "</p>", esc(proofs));
}

std::string found_cell(const ClaimResult& c, const HtmlOptions& html) {
  std::string out = esc(claim_summary(c));
  const auto& items = listed_instances(c);
  const std::size_t n = shown_count(items.size(), html.all);
  for (std::size_t i = 0; i < n; ++i)
    out += instance_html(c, items[i], i < c.explained.size() ? &c.explained[i] : nullptr);
  if (n < items.size()) out += fmt::format("<div>… {} more</div>", items.size() - n);
  return out;
}

std::string links_cell(const ClaimResult& c, bool bayes) {
  std::string out;
  for (const auto& l : c.links) {
    out += esc(link_text(l, c.outcome, bayes)) + "<br>";
    if (l.because) out += "<span class=\"because\">because " + esc(*l.because) + "</span><br>";
  }
  return out;
}

std::string claims_html(const FactSetReport& f, const HtmlOptions& html) {
  std::string out = "<table><tr><th>claim</th><th>outcome</th><th>what was found</th><th>links</th></tr>\n";
  for (const auto& c : f.claims)
    out += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>\n", claim_cell(c),
                       outcome_name(c.outcome), outcome_cell(c, f), found_cell(c, html), links_cell(c, f.bayes));
  return out + "</table>\n";
}

// Each hypothesis's verdict and what decided it.
std::string factset_hypotheses_html(const FactSetReport& f) {
  std::string out = "<table><tr><th>hypothesis</th><th>verdict</th><th>score</th><th>decided by</th><th>passed</th>"
                    "<th>failed</th><th>unknown</th>";
  if (f.bayes) out += "<th>posterior</th>";
  out += "</tr>\n";
  for (const auto& h : f.hypotheses) {
    out += fmt::format("<tr><td><code>{}</code></td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
                       "<td>{}</td><td>{}</td>",
                       esc(h.name), verdict_class(h.verdict), verdict_name(h.verdict),
                       score_matters(h.verdict) ? fmt::format("{:+d}", h.score) : std::string(),
                       code_list(h.decisive), code_list(h.passed), code_list(h.failed), code_list(h.unknown));
    if (f.bayes) out += fmt::format("<td>{}</td>", h.posterior ? fmt::format("{:.3f}", *h.posterior) : std::string());
    out += "</tr>\n";
  }
  out += "</table>\n";
  if (f.bayes)
    out += "<p class=\"note\">Posteriors multiply each test's odds factor from prior odds 1, assuming the claims are "
           "independent given the hypothesis; each link shows its weight of evidence in decibans (dB).</p>\n";
  return out;
}

std::string factset_html(const Program& program, const FactSetReport& f, const HtmlOptions& html) {
  std::string out = fmt::format("<h2>Fact set <code>{}</code></h2>\n", esc(display_path(f.name)));
  if (const auto note = coverage_note(f); !note.empty()) out += "<p class=\"note\">" + esc(note) + "</p>\n";
  out += claims_html(f, html);
  out += factset_hypotheses_html(f);
  out += "<details class=\"map\"><summary>Argument map</summary>" + map_html(argument_dot(program, &f), html) +
         "</details>\n";
  out += fmt::format("<p><b>{} supports:</b> {}</p>\n", esc(display_path(f.name)), esc(names_or_none(f.supports)));
  out += robustness_html(f);
  return out;
}

}  // namespace

std::string render_html(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options,
                        const HtmlOptions& html) {
  // The handout always shows a proof of each claim's first instance; --explain, more.
  CheckOptions explained = options;
  explained.explain = true;
  if (!options.explain) explained.explain_instances = 1;
  std::optional<WhatIfReport> what;
  if (!options.with.empty() || !options.without.empty()) what = what_if(program, factsets, explained);
  const CheckReport report = what ? what->changed : check(program, factsets, explained);

  const std::string rules = display_path(report.rules);
  std::string out = page_head(html.title.empty() ? rules : html.title);
  out += html.title.empty() ? fmt::format("<h1>Checking <code>{}</code></h1>\n", esc(rules))
                            : fmt::format("<h1>{}</h1>\n<p class=\"note\">Rules: <code>{}</code></p>\n", esc(html.title), esc(rules));
  out += hypotheses_html(report);
  out += matrix_html(report);
  if (what) out += moves_html(*what);
  for (const auto& f : report.factsets) out += factset_html(program, f, html);
  out += "<p><small>Made by kzrules. Verdicts follow Van Evera's tests: a failed hoop eliminates, a passed smoking gun "
         "confirms, straws weigh slightly.</small></p>\n</body></html>\n";
  return out;
}

std::string render_html(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                        const CheckOptions& options, const HtmlOptions& html) {
  return render_html(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options,
                     html);
}

}  // namespace kz
