// Robustness reports for a seminar: fragile verdicts first, each with the single changes
// that move it and the verdict each gives; then the verdicts nothing moves; then what
// was tried. As text, Markdown, JSON and (inside the check handout) HTML.
#include "argument/robustness_render.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kz {

namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t shown_changes = 5;  // a check report's summary, without --all

const char* kind_label(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::weaken_link:
      return "weaken link";
    case ChangeKind::remove_fact:
      return "remove fact";
    case ChangeKind::move_param:
      return "move param";
  }
  return "";
}

std::string paint(bool color, const std::string& text, const char* code) {
  return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string tried_text(const FactSetRobustness& r) {
  return fmt::format(
      "tried: {} weakened one at a time, {} removed one at a time, {}",
      plural(r.links_tried, "link", "links"), plural(r.facts_tried, "fact", "facts"),
      r.params_tried.empty()
          ? std::string("no parameter with a range")
          : fmt::format("parameter{} moved in {} range: {}", r.params_tried.size() == 1 ? "" : "s",
                        r.params_tried.size() == 1 ? "its" : "their",
                        fmt::join(r.params_tried, ", ")));
}

std::string headline(const FactSetRobustness& r) {
  const std::size_t fragile = r.fragile_count();
  if (fragile == 0) return "No verdict is fragile: no single change tried moves any of them.";
  return fmt::format("{} of {} verdicts {} fragile: a single change moves {}.", fragile,
                     r.hypotheses.size(), fragile == 1 ? "is" : "are",
                     fragile == 1 ? "it" : "them");
}

std::string verdict_status(const HypothesisRobustness& h, bool color) {
  if (!h.fragile()) return "robust: no single change moves it";
  return paint(color, "FRAGILE", "1;31") +
         fmt::format(": {} move{} it", plural(h.changes.size(), "single change", "single changes"),
                     h.changes.size() == 1 ? "s" : "");
}

// One fact set's hypotheses and their changes, each line indented by `indent`; at most
// `limit` changes a hypothesis (0: all).
std::string section_text(const FactSetRobustness& r, const std::string& indent, std::size_t limit,
                         bool color) {
  std::string out = indent + headline(r) + "\n";
  std::size_t width = 0;
  for (const auto& h : r.hypotheses) width = std::max(width, h.hypothesis.size());
  for (const auto& h : r.hypotheses) {
    out += fmt::format("{}{:<{}}  {:<10}  {}\n", indent, h.hypothesis, width,
                       verdict_name(h.verdict), verdict_status(h, color));
    const std::size_t shown = limit ? std::min(limit, h.changes.size()) : h.changes.size();
    for (std::size_t i = 0; i < shown; ++i) {
      const VerdictChange& c = h.changes[i];
      out += fmt::format("{}    {:<11}  {}  makes it {}{}\n", indent, kind_label(c.kind), c.what,
                         verdict_name(c.new_verdict),
                         c.location.empty() ? "" : "  (" + c.location + ")");
    }
    if (shown < h.changes.size())
      out += fmt::format("{}    … and {} more (--all, or `kzrules robustness`, lists them all)\n",
                         indent, h.changes.size() - shown);
  }
  out += indent + tried_text(r) + "\n";
  return out;
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string change_markdown(const VerdictChange& c) {
  return fmt::format("{}: `{}` makes it **{}**{}", kind_label(c.kind), md_escape(c.what),
                     verdict_name(c.new_verdict),
                     c.location.empty() ? "" : fmt::format(" ({})", md_escape(c.location)));
}

std::string section_markdown(const FactSetRobustness& r) {
  std::string out =
      headline(r) +
      "\n\n| hypothesis | verdict | fragile | single changes that move it |\n|---|---|---|---|\n";
  for (const auto& h : r.hypotheses) {
    std::vector<std::string> changes;
    for (const auto& c : h.changes) changes.push_back(change_markdown(c));
    out += fmt::format(
        "| `{}` | {} | {} | {} |\n", h.hypothesis, verdict_name(h.verdict),
        h.fragile() ? "**yes**" : "no",
        changes.empty() ? std::string("none") : fmt::format("{}", fmt::join(changes, "<br>")));
  }
  out += "\n" + tried_text(r) + "\n\n";
  return out;
}

json change_json(const VerdictChange& c) {
  json j;
  j["kind"] = change_kind_name(c.kind);
  j["what"] = c.what;
  j["new_verdict"] = verdict_name(c.new_verdict);
  j["location"] = c.location.empty() ? json(nullptr) : json(c.location);
  if (c.kind == ChangeKind::weaken_link) {
    j["claim"] = c.claim;
    j["weakened_to"] = c.weakened_to ? json(test_type_name(*c.weakened_to)) : json(nullptr);
  }
  if (c.kind == ChangeKind::move_param) {
    j["param"] = c.param;
    j["value"] = c.value;
  }
  return j;
}

// A fact set's robustness into `j`: its hypotheses and what was tried.
void fill_section_json(const FactSetRobustness& r, json& j) {
  j["hypotheses"] = json::array();
  for (const auto& h : r.hypotheses) {
    json hj;
    hj["hypothesis"] = h.hypothesis;
    hj["verdict"] = verdict_name(h.verdict);
    hj["fragile"] = h.fragile();
    hj["changes"] = json::array();
    for (const auto& c : h.changes) hj["changes"].push_back(change_json(c));
    j["hypotheses"].push_back(std::move(hj));
  }
  j["tried"] = {{"links", r.links_tried}, {"facts", r.facts_tried}, {"params", r.params_tried}};
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

namespace argument {

std::string robustness_text(const FactSetReport& report, const RenderOptions& options) {
  if (!report.robustness) return "";
  return paint(options.color, "  Robustness", "1") + "\n" +
         section_text(*report.robustness, "    ", options.all ? 0 : shown_changes, options.color) +
         "\n";
}

std::string robustness_markdown(const FactSetReport& report) {
  if (!report.robustness) return "";
  return "### Robustness\n\n" + section_markdown(*report.robustness);
}

std::string robustness_html(const FactSetReport& report) {
  if (!report.robustness) return "";
  const FactSetRobustness& r = *report.robustness;
  std::string out = "<h3>Robustness</h3>\n<p>" + html_escape(headline(r)) + "</p>\n";
  out +=
      "<table><tr><th>hypothesis</th><th>verdict</th><th>fragile</th><th>single changes that move "
      "it</th></tr>\n";
  for (const auto& h : r.hypotheses) {
    std::string changes;
    for (const auto& c : h.changes)
      changes += fmt::format("{}: <code>{}</code> makes it <b>{}</b>{}<br>", kind_label(c.kind),
                             html_escape(c.what), verdict_name(c.new_verdict),
                             c.location.empty() ? "" : " (" + html_escape(c.location) + ")");
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       html_escape(h.hypothesis), verdict_name(h.verdict),
                       h.fragile() ? "<b>yes</b>" : "no", changes.empty() ? "none" : changes);
  }
  return out + "</table>\n<p>" + html_escape(tried_text(r)) + "</p>\n";
}

void add_robustness_json(const FactSetReport& report, nlohmann::ordered_json& factset) {
  if (!report.robustness) return;
  json section;
  fill_section_json(*report.robustness, section);
  factset["robustness"] = std::move(section);
}

}  // namespace argument

std::string render_text(const RobustnessReport& report, const RenderOptions& options) {
  std::string out =
      paint(options.color, fmt::format("Robustness of {}", report.rules), "1") + "\n\n";
  out +=
      "Each change below is one choice made alone: a link's test one step weaker, one fact "
      "removed, or one\n"
      "parameter moved to the nearest value of its range (on each side) that moves the "
      "verdict.\n\n";
  for (const auto& f : report.factsets)
    out += paint(options.color, fmt::format("Fact set {}", f.name), "1") + "\n" +
           section_text(f, "  ", 0, options.color) + "\n";
  return out;
}

std::string render_markdown(const RobustnessReport& report) {
  std::string out = fmt::format("# Robustness of `{}`\n\n", report.rules);
  out +=
      "Each change is one choice made alone: a link's test one step weaker, one fact removed, or "
      "one parameter "
      "moved to the nearest value of its range (on each side) that moves the verdict.\n\n";
  for (const auto& f : report.factsets)
    out += fmt::format("## Fact set `{}`\n\n", f.name) + section_markdown(f);
  return out;
}

std::string render_json(const RobustnessReport& report) {
  json root;
  root["rules"] = report.rules;
  root["factsets"] = json::array();
  for (const auto& f : report.factsets) {
    json fj;
    fj["name"] = f.name;
    fill_section_json(f, fj);
    root["factsets"].push_back(std::move(fj));
  }
  return root.dump(2) + "\n";
}

}  // namespace kz
