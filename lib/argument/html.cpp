// The HTML handout: everything a seminar needs on one page, with no external files.
// The argument maps are drawn by the caller's renderer (the CLI runs Graphviz).
#include <fmt/format.h>

#include "argument/factsets.hpp"
#include "argument/robustness_render.hpp"
#include "kzrules/analysis.hpp"
#include "kzrules/explain.hpp"

namespace kz {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
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

// The map as inline SVG when the renderer draws it, as DOT text otherwise.
std::string map_html(const std::string& dot, const HtmlOptions& html) {
  const std::optional<std::string> svg = html.render_svg ? html.render_svg(dot) : std::nullopt;
  if (!svg) return "<p>(Graphviz is not installed: the map as DOT text.)</p><pre>" + esc(dot) + "</pre>";
  const auto start = svg->find("<svg");
  return start == std::string::npos ? "<pre>" + esc(dot) + "</pre>" : svg->substr(start);
}

}  // namespace

std::string render_html(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options,
                        const HtmlOptions& html) {
  const CheckReport report = check(program, factsets, options);
  std::string out = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kzrules: )" + esc(report.rules) + R"(</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.good{background:#d7f2d7}.bad{background:#f6d3d3}.mixed{background:#ead3f2}.neutral{background:#eee}
.holds{color:#1a7f1a}.fails{color:#c01818;font-weight:bold}.vacuous{color:#8a6d00}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.85em}details{margin:.3em 0}
.map svg{max-width:100%;height:auto}
</style></head><body>
)";
  out += fmt::format("<h1>Checking <code>{}</code></h1>\n", esc(report.rules));
  out += "<h2>Hypotheses</h2>\n<table><tr><th>hypothesis</th><th>statement</th><th>source</th></tr>\n";
  for (const auto& h : report.hypotheses)
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", esc(h.name), esc(h.text), esc(h.source));
  out += "</table>\n<h2>Verdicts</h2>\n<table><tr><th>fact set</th>";
  for (const auto& h : report.hypotheses) out += fmt::format("<th>{}</th>", esc(h.name));
  out += "<th>supports</th></tr>\n";
  for (const auto& f : report.factsets) {
    out += fmt::format("<tr><td><code>{}</code></td>", esc(f.name));
    for (const auto& h : f.hypotheses)
      out += fmt::format("<td class=\"{}\">{}</td>", verdict_class(h.verdict), verdict_name(h.verdict));
    out += fmt::format("<td><b>{}</b></td></tr>\n", f.supports.empty() ? std::string("none") : esc(fmt::format("{}", fmt::join(f.supports, ", "))));
  }
  out += "</table>\n";

  for (std::size_t i = 0; i < report.factsets.size(); ++i) {
    const auto& f = report.factsets[i];
    Database db = open_factset(program, factsets[i]);
    argument::apply_changes(db, options);
    EvalOptions eval = options.eval;
    eval.record_provenance = true;
    db.evaluate(eval);
    out += fmt::format("<h2>Fact set <code>{}</code></h2>\n", esc(f.name));
    out += "<table><tr><th>claim</th><th>outcome</th><th>links</th><th>why</th></tr>\n";
    for (const auto& c : f.claims) {
      std::string links;
      for (const auto& l : c.links)
        links += fmt::format("{} <code>{}</code> as {}: {}<br>", l.supports ? "supports" : "opposes", esc(l.hypothesis),
                             test_type_name(l.test), !l.passed ? "not counted" : *l.passed ? "passed" : "failed");
      std::string why;
      if (c.form == ClaimForm::holds && c.values.size() == 2) {
        why = esc(fmt::format("{} {} {}", format_value(c.values[0]), c.comparison, format_value(c.values[1])));
      } else {
        const auto e = explain_claim(db, c.name, 1);
        if (!e.instances.empty()) {
          const auto& inst = e.instances.front();
          std::string proofs, binding;
          for (const auto& p : inst.proofs) proofs += render_proof(p);
          for (const auto& [n, v] : inst.binding) binding += n + " = " + format_value(v) + "  ";
          why = fmt::format("<details><summary>{}: {}</summary>{}<pre>{}</pre></details>",
                            c.witnesses.empty() ? "counterexample" : "witness", esc(binding),
                            inst.note.empty() ? "" : "<p>" + esc(inst.note) + "</p>", esc(proofs));
        } else if (c.outcome == Outcome::vacuous) {
          why = "nothing to test";
        }
      }
      out += fmt::format("<tr><td><code>{}</code> ({})<br>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>\n",
                         esc(c.name), claim_form_name(c.form), esc(c.text), outcome_name(c.outcome),
                         outcome_name(c.outcome), links, why);
    }
    out += "</table>\n";
    const std::string dot = argument_dot(db.program(), &f);
    out += "<details class=\"map\"><summary>Argument map</summary>" + map_html(dot, html) + "</details>\n";
    out += fmt::format("<p><b>{} supports:</b> {}</p>\n", esc(f.name),
                       f.supports.empty() ? std::string("none") : esc(fmt::format("{}", fmt::join(f.supports, ", "))));
    out += argument::robustness_html(f);
  }
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
