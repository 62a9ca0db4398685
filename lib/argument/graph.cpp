// Argument maps as Graphviz DOT and as Argdown text. Drawing the DOT is the caller's
// business (the CLI runs Graphviz): the library never runs a process.
#include <sstream>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/report_parts.hpp"
#include "kzrules/analysis.hpp"
#include "semantics/ir.hpp"

namespace kz {

namespace {

std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Breaks a sentence into lines of about `width` characters for node labels.
std::string wrap(const std::string& text, std::size_t width) {
  std::string out, line;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

const ClaimResult* find_claim(const FactSetReport* report, const std::string& name) {
  if (!report) return nullptr;
  for (const auto& c : report->claims)
    if (c.name == name) return &c;
  return nullptr;
}

const HypothesisResult* find_hypothesis(const FactSetReport* report, const std::string& name) {
  if (!report) return nullptr;
  for (const auto& h : report->hypotheses)
    if (h.name == name) return &h;
  return nullptr;
}

// What a claim's node says beside its name and text: from when its evidence is
// observable, and with a report its outcome and why it is unknown.
std::string claim_details(const sem::Claim& claim, const ClaimResult* result, const FactSetReport* report) {
  std::string out;
  if (claim.observable_from) out += fmt::format("\\nfrom {}", *claim.observable_from);
  if (!result) return out;
  out += fmt::format("\\n({})", outcome_name(result->outcome));
  if (const auto reason = argument::unknown_reason(*result, report->as_of); !reason.empty())
    out += "\\n" + wrap(dot_escape(reason), 34);
  return out;
}

const char* claim_fill(const ClaimResult* result) {
  if (!result) return "#ffffff";
  switch (result->outcome) {
    case Outcome::holds: return "#eaf7ea";
    case Outcome::fails: return "#fbeaea";
    case Outcome::unknown: return "#f1e6f6";
    default: return "#f4f4f4";
  }
}

// A link's edge label: its direction and test, and its reason when it gives one.
std::string link_label(const sem::Link& link) {
  std::string out = fmt::format("{} · {}", link.supports ? "supports" : "opposes", sem::test_name(link.test));
  if (link.because) out += "\\n" + wrap(dot_escape("because " + *link.because), 32);
  return out;
}

}  // namespace

std::string argument_dot(const Program& program, const FactSetReport* report) {
  const auto& m = api::model_of(program);
  std::string out = "digraph argument {\n  rankdir=LR;\n  nodesep=0.25;\n  ranksep=1.2;\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  if (report) {
    std::string title = dot_escape(report->name);
    if (const auto note = argument::coverage_note(*report); !note.empty()) title += "\\n" + dot_escape(note);
    out += fmt::format("  label=\"{}\";\n  labelloc=t;\n", title);
  }
  out += "  subgraph cluster_hypotheses {\n    label=\"Hypotheses\";\n    style=dashed;\n";
  for (const auto& h : m.hypotheses) {
    std::string label = h.name + "\\n" + wrap(dot_escape(h.text), 28);
    std::string fill = "#dbe9f6";
    if (const auto* r = find_hypothesis(report, h.name)) {
      label += fmt::format("\\n[{}]", verdict_name(r->verdict));
      switch (r->verdict) {
        case Verdict::confirmed:
        case Verdict::supported: fill = "#c7efc7"; break;
        case Verdict::eliminated:
        case Verdict::weakened: fill = "#f6c7c7"; break;
        case Verdict::contested: fill = "#e8c7f0"; break;
        default: fill = "#eeeeee"; break;
      }
    }
    out += fmt::format("    \"h:{}\" [shape=box, style=\"rounded,filled,bold\", fillcolor=\"{}\", label=\"{}\"];\n",
                       h.name, fill, label);
  }
  out += "  }\n";
  for (const auto& c : m.claims) {
    const auto* r = find_claim(report, c.name);
    const std::string label = c.name + "\\n" + wrap(dot_escape(c.text), 34) + claim_details(c, r, report);
    out += fmt::format("  \"c:{}\" [shape=note, style=filled, fillcolor=\"{}\", label=\"{}\"];\n", c.name,
                       claim_fill(r), label);
    for (std::size_t i = 0; i < c.links.size(); ++i) {
      const auto& link = c.links[i];
      std::string color = "#555555";
      if (r && i < r->links.size() && r->links[i].passed) color = *r->links[i].passed ? "#1a7f1a" : "#c01818";
      if (r && i < r->links.size() && !r->links[i].passed) color = "#aaaaaa";
      const bool decisive = link.test != sem::TestType::straw;
      const std::string tooltip = link.because ? fmt::format(", tooltip=\"{}\"", dot_escape(*link.because)) : "";
      out += fmt::format("  \"c:{}\" -> \"h:{}\" [label=\"{}\", color=\"{}\", fontcolor=\"{}\", style={}, "
                         "penwidth={}{}];\n",
                         c.name, m.hypotheses[link.hypothesis].name, link_label(link), color, color,
                         link.supports ? "solid" : "dashed", decisive ? "2.2" : "1.0", tooltip);
    }
  }
  out += "}\n";
  return out;
}

std::string argument_argdown(const Program& program, const FactSetReport* report) {
  const auto& m = api::model_of(program);
  std::string out = "===\ntitle: kzrules argument map\n===\n\n";
  if (report) {
    out += fmt::format("// fact set: {}\n", report->name);
    if (const auto note = argument::coverage_note(*report); !note.empty()) out += "// " + note + "\n";
    out += "\n";
  }
  for (const auto& h : m.hypotheses) {
    out += fmt::format("[{}]: {}", h.name, h.text);
    if (const auto* r = find_hypothesis(report, h.name)) out += fmt::format(" #{}", verdict_name(r->verdict));
    out += "\n";
    if (!h.source.empty()) out += fmt::format("  // source: {}\n", h.source);
    out += "\n";
  }
  for (const auto& c : m.claims) {
    out += fmt::format("<{}>: {}", c.name, c.text);
    const auto* r = find_claim(report, c.name);
    if (r) out += fmt::format(" #{}", outcome_name(r->outcome));
    out += "\n";
    if (c.observable_from) out += fmt::format("  // observable from {}\n", *c.observable_from);
    if (r && r->outcome == Outcome::unknown)
      out += "  // unknown: " + argument::unknown_reason(*r, report->as_of) + "\n";
    for (std::size_t i = 0; i < c.links.size(); ++i) {
      const auto& link = c.links[i];
      out += fmt::format("  {} [{}] #{}", link.supports ? "+>" : "->", m.hypotheses[link.hypothesis].name,
                         sem::test_name(link.test));
      if (r && i < r->links.size())
        out += !r->links[i].passed ? " #not-counted" : *r->links[i].passed ? " #passed" : " #failed";
      out += "\n";
      if (link.because) out += fmt::format("    // because: {}\n", *link.because);
    }
    out += "\n";
  }
  return out;
}

}  // namespace kz
