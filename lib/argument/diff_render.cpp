// Renderings of a diff report: aligned text for a terminal, JSON with stable fields,
// Markdown for a seminar handout. Differences are numbered from 1 in all three, and a
// verdict names the differences that move it by those numbers.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "argument/report_parts.hpp"
#include "kzrules/diff.hpp"

namespace kz {

namespace {

std::string verdict_text(const std::optional<Verdict>& v) { return v ? verdict_name(*v) : "(absent)"; }

std::string list_text(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

// Why a difference was not applied alone to A.
const char* untried_reason(const Difference& d) {
  switch (d.kind) {
    case DifferenceKind::rules_changed: return "not tried alone: it changes what is derived";
    case DifferenceKind::param_changed: return "not tried alone: the value is of another kind";
    case DifferenceKind::param_removed: return "not tried alone: B gives it no value";
    default: return "not tried alone: A has no such parameter";
  }
}

// `#1 (-> weakened), #4 (-> (absent))`, or why nothing is listed: the differences move it
// only together, or one that was not tried alone may.
std::string movers_text(const VerdictPair& pair, bool some_untried) {
  if (pair.moved_by.empty())
    return some_untried ? "no single tried difference moves it" : "no single difference moves it: they move it together";
  std::vector<std::string> parts;
  for (const auto& m : pair.moved_by)
    parts.push_back(fmt::format("#{} (-> {})", m.difference + 1, verdict_text(m.verdict)));
  return fmt::format("moved alone by {}", fmt::join(parts, ", "));
}

// A rules difference's lines, each side on its own lines.
std::vector<std::string> rule_lines(const Difference& d) {
  std::vector<std::string> out;
  auto add = [&](const char* label, const std::optional<std::string>& side) {
    if (!side) return;
    std::size_t start = 0;
    for (;;) {
      const auto end = side->find('\n', start);
      out.push_back(fmt::format("{} {}", label, side->substr(start, end == std::string::npos ? end : end - start)));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  };
  add("A:", d.before);
  add("B:", d.after);
  return out;
}

bool any_untried(const DiffReport& report) {
  const auto& all = report.differences;
  return std::any_of(all.begin(), all.end(), [](const Difference& d) { return !d.tried; });
}

}  // namespace

std::string render_text(const DiffReport& report) {
  std::string out = fmt::format("Comparing A: {}\n     with B: {}\n\n", report.rules_a, report.rules_b);
  if (report.differences.empty()) {
    out += "No differences: the two encodings state the same hypotheses, claims, links, parameters and rules.\n\n";
  } else {
    out += fmt::format("Differences ({})\n", report.differences.size());
    const std::size_t width = std::to_string(report.differences.size()).size();
    for (std::size_t i = 0; i < report.differences.size(); ++i) {
      const Difference& d = report.differences[i];
      out += fmt::format("  {:>{}}. {}", i + 1, width, d.description());
      if (!d.tried) out += fmt::format("  ({})", untried_reason(d));
      out += "\n";
      if (d.kind == DifferenceKind::rules_changed)
        for (const auto& line : rule_lines(d)) out += fmt::format("  {:>{}}    {}\n", "", width, line);
    }
    out += "\n";
  }
  for (const auto& f : report.factsets) {
    out += fmt::format("Fact set {}\n", f.name);
    std::size_t hw = 10;
    for (const auto& v : f.verdicts) hw = std::max(hw, v.hypothesis.size());
    out += fmt::format("    {:<{}}  {:<10}  B\n", "hypothesis", hw, "A");
    for (const auto& v : f.verdicts) {
      const std::string a = verdict_text(v.a), b = verdict_text(v.b);
      out += v.differs() ? fmt::format("    {:<{}}  {:<10}  {:<10}  differs\n", v.hypothesis, hw, a, b)
                         : fmt::format("    {:<{}}  {:<10}  {}\n", v.hypothesis, hw, a, b);
      if (v.differs()) out += fmt::format("    {:<{}}  {}\n", "", hw, movers_text(v, any_untried(report)));
    }
    out += fmt::format("  A supports: {}\n  B supports: {}\n\n", list_text(f.supports_a), list_text(f.supports_b));
  }
  return out;
}

std::string render_json(const DiffReport& report) {
  using json = nlohmann::ordered_json;
  auto optional_text = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  auto optional_side = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  auto optional_verdict = [](const std::optional<Verdict>& v) { return v ? json(verdict_name(*v)) : json(nullptr); };
  json root;
  root["rules_a"] = report.rules_a;
  root["rules_b"] = report.rules_b;
  root["differences"] = json::array();
  for (std::size_t i = 0; i < report.differences.size(); ++i) {
    const Difference& d = report.differences[i];
    json dj;
    dj["id"] = i + 1;
    dj["kind"] = difference_kind_name(d.kind);
    dj["claim"] = optional_text(d.claim);
    dj["hypothesis"] = optional_text(d.hypothesis);
    dj["param"] = optional_text(d.param);
    dj["relation"] = optional_text(d.relation);
    dj["before"] = optional_side(d.before);
    dj["after"] = optional_side(d.after);
    dj["tried"] = d.tried;
    dj["description"] = d.description();
    root["differences"].push_back(std::move(dj));
  }
  root["factsets"] = json::array();
  for (const auto& f : report.factsets) {
    json fj;
    fj["name"] = f.name;
    fj["verdicts"] = json::array();
    for (const auto& v : f.verdicts) {
      json vj;
      vj["hypothesis"] = v.hypothesis;
      vj["a"] = optional_verdict(v.a);
      vj["b"] = optional_verdict(v.b);
      vj["differs"] = v.differs();
      vj["moved_by"] = json::array();
      for (const auto& m : v.moved_by)
        vj["moved_by"].push_back({{"difference", m.difference + 1}, {"verdict", optional_verdict(m.verdict)}});
      fj["verdicts"].push_back(std::move(vj));
    }
    fj["supports_a"] = f.supports_a;
    fj["supports_b"] = f.supports_b;
    root["factsets"].push_back(std::move(fj));
  }
  return root.dump(2) + "\n";
}

std::string render_markdown(const DiffReport& report) {
  std::string out =
      fmt::format("# Comparing `{}` (A) with `{}` (B)\n\n## Differences\n\n", report.rules_a, report.rules_b);
  if (report.differences.empty()) {
    out += "None: the two encodings state the same hypotheses, claims, links, parameters and rules.\n\n";
  } else {
    out += "| # | kind | difference |\n|---|---|---|\n";
    for (std::size_t i = 0; i < report.differences.size(); ++i) {
      const Difference& d = report.differences[i];
      std::string text = argument::md_escape(d.description());
      if (d.kind == DifferenceKind::rules_changed)
        for (const auto& line : rule_lines(d)) text += "<br>`" + argument::md_escape(line) + "`";
      if (!d.tried) text += fmt::format(" ({})", untried_reason(d));
      out += fmt::format("| {} | {} | {} |\n", i + 1, difference_kind_name(d.kind), text);
    }
    out += "\n";
  }
  for (const auto& f : report.factsets) {
    out += fmt::format("## Fact set `{}`\n\n| hypothesis | A | B | what moves A's verdict alone |\n|---|---|---|---|\n",
                       f.name);
    for (const auto& v : f.verdicts) {
      const std::string b = v.differs() ? "**" + verdict_text(v.b) + "**" : verdict_text(v.b);
      out += fmt::format("| `{}` | {} | {} | {} |\n", v.hypothesis, verdict_text(v.a), b,
                         v.differs() ? movers_text(v, any_untried(report)) : std::string());
    }
    out += fmt::format("\n**A supports:** {}; **B supports:** {}\n\n", list_text(f.supports_a),
                       list_text(f.supports_b));
  }
  return out;
}

}  // namespace kz
