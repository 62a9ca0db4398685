// Argument maps as Graphviz DOT and as Argdown text. Drawing the DOT is the caller's
// business (the CLI runs Graphviz): the library never runs a process.
#include <sstream>
#include <string>
#include <vector>

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

// The key to the map's colours and line styles, drawn beside it (an HTML-like label).
std::string legend(bool with_report) {
  std::string rows =
      "<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>"
      "<TR><TD>solid line</TD><TD>supports</TD></TR>"
      "<TR><TD>dashed line</TD><TD>opposes</TD></TR>"
      "<TR><TD>thick line</TD><TD>hoop, smoking gun or doubly decisive test</TD></TR>"
      "<TR><TD>thin line</TD><TD>straw-in-the-wind test</TD></TR>";
  if (with_report)
    rows +=
        "<TR><TD><FONT COLOR=\"#1a7f1a\">green line</FONT></TD><TD>test passed</TD></TR>"
        "<TR><TD><FONT COLOR=\"#c01818\">red line</FONT></TD><TD>test failed</TD></TR>"
        "<TR><TD><FONT COLOR=\"#aaaaaa\">grey line</FONT></TD><TD>not counted (vacuous or unknown claim)</TD></TR>"
        "<TR><TD BGCOLOR=\"#eaf7ea\">claim</TD><TD>holds</TD></TR>"
        "<TR><TD BGCOLOR=\"#fbeaea\">claim</TD><TD>fails</TD></TR>"
        "<TR><TD BGCOLOR=\"#f1e6f6\">claim</TD><TD>unknown</TD></TR>"
        "<TR><TD BGCOLOR=\"#f4f4f4\">claim</TD><TD>vacuous</TD></TR>"
        "<TR><TD BGCOLOR=\"#c7efc7\">hypothesis</TD><TD>supported or confirmed</TD></TR>"
        "<TR><TD BGCOLOR=\"#f6c7c7\">hypothesis</TD><TD>weakened or eliminated</TD></TR>"
        "<TR><TD BGCOLOR=\"#e8c7f0\">hypothesis</TD><TD>contested</TD></TR>";
  return "  subgraph cluster_legend {\n    label=\"\";\n    style=invis;\n"
         "    legend [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
         "CELLPADDING=\"3\">" +
         rows + "</TABLE>>];\n  }\n";
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string hypothesis_node(const sem::Hypothesis& h, const FactSetReport* report) {
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
    if (!r->decisive.empty()) label += "\\ndecided by " + wrap(dot_escape(join(r->decisive, ", ")), 28);
  }
  return fmt::format("    \"h:{}\" [shape=box, style=\"rounded,filled,bold\", fillcolor=\"{}\", label=\"{}\"];\n",
                     h.name, fill, label);
}

}  // namespace

// One cluster per hypothesis, holding the hypothesis on top and, below it in rows of
// two, the claims whose first link names it; a claim's links to other hypotheses cross
// between clusters without moving anything (constraint=false). So thirty claims make a
// grid a few rows deep instead of one column, and labels stay on their edges (decorate).
std::string argument_dot(const Program& program, const FactSetReport* report) {
  const auto& m = api::model_of(program);
  constexpr std::size_t claims_per_row = 2;
  std::string out = "digraph argument {\n  rankdir=BT;\n  newrank=true;\n  nodesep=0.3;\n  ranksep=0.45;\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
  if (report) {
    std::string title = dot_escape(argument::display_path(report->name));
    if (const auto note = argument::coverage_note(*report); !note.empty()) title += "\\n" + dot_escape(note);
    out += fmt::format("  label=\"{}\";\n  labelloc=t;\n", title);
  }
  // Each claim's home: the hypothesis of its first link (claims without links have none).
  std::vector<std::vector<std::size_t>> home_claims(m.hypotheses.size());
  std::vector<std::size_t> unlinked;
  for (std::size_t c = 0; c < m.claims.size(); ++c) {
    if (m.claims[c].links.empty())
      unlinked.push_back(c);
    else
      home_claims[m.claims[c].links.front().hypothesis].push_back(c);
  }
  auto claim_node = [&](const sem::Claim& c) {
    const auto* r = find_claim(report, c.name);
    const std::string label = c.name + "\\n" + wrap(dot_escape(c.text), 30) + claim_details(c, r, report);
    return fmt::format("    \"c:{}\" [shape=note, style=filled, fillcolor=\"{}\", label=\"{}\"];\n", c.name,
                       claim_fill(r), label);
  };
  for (std::size_t h = 0; h < m.hypotheses.size(); ++h) {
    out += fmt::format("  subgraph \"cluster_h_{}\" {{\n    label=\"\";\n    style=\"rounded,dashed\";\n    color=\"#99aabb\";\n",
                       m.hypotheses[h].name);
    out += hypothesis_node(m.hypotheses[h], report);
    const auto& claims = home_claims[h];
    for (const std::size_t c : claims) out += claim_node(m.claims[c]);
    // Rows of claims: each claim sits one rank below the claim a row before it.
    for (std::size_t k = claims_per_row; k < claims.size(); ++k)
      out += fmt::format("    \"c:{}\" -> \"c:{}\" [style=invis];\n", m.claims[claims[k]].name,
                         m.claims[claims[k - claims_per_row]].name);
    out += "  }\n";
  }
  for (const std::size_t c : unlinked) out += claim_node(m.claims[c]);
  for (const auto& c : m.claims) {
    const auto* r = find_claim(report, c.name);
    for (std::size_t i = 0; i < c.links.size(); ++i) {
      const auto& link = c.links[i];
      std::string color = "#555555";
      if (r && i < r->links.size() && r->links[i].passed) color = *r->links[i].passed ? "#1a7f1a" : "#c01818";
      if (r && i < r->links.size() && !r->links[i].passed) color = "#aaaaaa";
      const bool decisive = link.test != sem::TestType::straw;
      const std::string tooltip = link.because ? fmt::format(", tooltip=\"{}\"", dot_escape(*link.because)) : "";
      const std::string constraint = i == 0 ? "" : ", constraint=false";
      out += fmt::format("  \"c:{}\" -> \"h:{}\" [label=\"{}\", color=\"{}\", fontcolor=\"{}\", style={}, "
                         "penwidth={}, decorate=true{}{}];\n",
                         c.name, m.hypotheses[link.hypothesis].name, link_label(link), color, color,
                         link.supports ? "solid" : "dashed", decisive ? "2.2" : "1.0", constraint, tooltip);
    }
  }
  out += legend(report != nullptr);
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
