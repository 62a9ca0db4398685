// Renderings of a check report, whole or one fact set's part: aligned text for a
// terminal, JSON with the contract's stable fields, Markdown for handouts.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "argument/binding_text.hpp"
#include "argument/robustness_render.hpp"
#include "kzrules/check.hpp"

namespace kz {

namespace {

constexpr std::size_t shown_instances = 5;

using argument::binding_text;

std::string percent(double share) { return fmt::format("{:.2f}%", share * 100.0); }

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

// What a claim found, in one line: values, share, coverage.
std::string claim_summary(const ClaimResult& c) {
  if (c.form == ClaimForm::holds) {
    if (c.values.size() == 2)
      return fmt::format("{} {} {}", format_value(c.values[0]), c.comparison, format_value(c.values[1]));
    return "a side has no value (an aggregate over nothing)";
  }
  if (c.form == ClaimForm::exists) return fmt::format("{} witness{}", c.witnesses.size(), c.witnesses.size() == 1 ? "" : "es");
  if (c.form == ClaimForm::none)
    return fmt::format("{} counterexample{}", c.counterexamples.size(), c.counterexamples.size() == 1 ? "" : "s");
  if (!c.coverage || *c.coverage == 0) return "nothing to test: the body has no solution";
  const std::size_t ok = *c.coverage - c.counterexamples.size();
  if (c.form == ClaimForm::forall) return fmt::format("{} of {} extend to the conclusion", ok, *c.coverage);
  if (c.form == ClaimForm::most)
    return fmt::format("{} of {} extend ({}; more than half needed)", ok, *c.coverage, percent(c.share.value_or(0)));
  return fmt::format("{} of {} extend ({}; needs {} {})", ok, *c.coverage, percent(c.share.value_or(0)),
                     c.comparison, c.bound ? format_value(*c.bound) : "?");
}

std::string link_text(const LinkResult& l, bool bayes) {
  std::string status = !l.passed ? "not counted (vacuous)" : *l.passed ? "passed" : "failed";
  std::string out = fmt::format("{} {} as {}: {}", l.supports ? "supports" : "opposes", l.hypothesis,
                                test_type_name(l.test), status);
  if (bayes && l.weight_db) out += fmt::format(" ({:+.1f} dB; p_H {}, p_notH {})", *l.weight_db, l.p_h, l.p_not_h);
  return out;
}

std::size_t name_width(const FactSetReport& f) {
  std::size_t w = 4;
  for (const auto& c : f.claims) w = std::max(w, c.name.size());
  return w;
}

// One fact set: its claims with what each found and its links, its hypotheses with
// their verdicts, and what it supports.
std::string factset_text(const FactSetReport& f, bool bayes, const Style& style, const RenderOptions& options) {
  std::string out;
  out += style.paint(fmt::format("Fact set {}", f.name), "1") + "\n\n";
  out += "  Claims\n";
  const std::size_t w = name_width(f);
  for (const auto& c : f.claims) {
    out += fmt::format("    {}  {:<{}}  {:<6}  {}\n", style.outcome(c.outcome), c.name, w, claim_form_name(c.form),
                       c.text);
    const std::string pad(4 + 7 + 2, ' ');
    out += pad + claim_summary(c) + "\n";
    auto list = [&](const std::vector<Binding>& items, const char* label) {
      if (items.empty()) return;
      const std::size_t n = options.all ? items.size() : std::min(items.size(), shown_instances);
      out += pad + (n < items.size() ? fmt::format("{} (first {} of {}):", label, n, items.size())
                                     : fmt::format("{}:", label)) + "\n";
      for (std::size_t i = 0; i < n; ++i) out += pad + "  " + binding_text(items[i]) + "\n";
    };
    list(c.witnesses, "witnesses");
    list(c.counterexamples, "counterexamples");
    for (const auto& l : c.links) out += pad + link_text(l, bayes) + "\n";
  }
  out += "\n  Hypotheses\n";
  std::size_t hw = 10;
  for (const auto& h : f.hypotheses) hw = std::max(hw, h.name.size());
  for (const auto& h : f.hypotheses) {
    std::string line = fmt::format("    {:<{}}  {}", h.name, hw, style.verdict(h.verdict, 10));
    if (bayes && h.posterior) line += fmt::format("  posterior {:.3f}", *h.posterior);
    if (h.verdict == Verdict::supported || h.verdict == Verdict::weakened || h.verdict == Verdict::undecided)
      line += fmt::format("  score {:+d}", h.score);
    if (!h.decisive.empty()) line += fmt::format("  decided by: {}", fmt::join(h.decisive, ", "));
    if (!h.passed.empty()) line += fmt::format("  passed: {}", fmt::join(h.passed, ", "));
    if (!h.failed.empty()) line += fmt::format("  failed: {}", fmt::join(h.failed, ", "));
    out += line + "\n";
  }
  if (bayes)
    out += "    (posteriors multiply each test's odds factor from prior odds 1, assuming the claims are "
           "independent given the hypothesis)\n";
  const std::string supports = f.supports.empty() ? "none" : fmt::format("{}", fmt::join(f.supports, ", "));
  out += "\n" + style.paint(fmt::format("{} supports: {}", f.name, supports), "1") + "\n";
  if (f.supports.size() > 1) out += "  (hypotheses are judged separately: the evidence favours each of these)\n";
  out += "\n";
  out += argument::robustness_text(f, options);
  return out;
}

}  // namespace

std::string render_text(const FactSetReport& report, const RenderOptions& options) {
  return factset_text(report, report.bayes, Style{options.color}, options);
}

std::string render_text(const CheckReport& report, const RenderOptions& options) {
  const Style style{options.color};
  std::string out;
  for (const auto& f : report.factsets) out += factset_text(f, report.bayes, style, options);
  if (report.factsets.size() > 1) {
    std::size_t fw = 8;
    for (const auto& f : report.factsets) fw = std::max(fw, f.name.size());
    std::vector<std::size_t> widths;
    std::string header = fmt::format("  {:<{}}", "fact set", fw);
    for (const auto& h : report.hypotheses) {
      widths.push_back(std::max<std::size_t>(h.name.size(), 10));
      header += fmt::format("  {:<{}}", h.name, widths.back());
    }
    out += style.paint("Verdicts", "1") + "\n" + header + "  supports\n";
    for (const auto& f : report.factsets) {
      std::string line = fmt::format("  {:<{}}", f.name, fw);
      for (std::size_t h = 0; h < f.hypotheses.size(); ++h)
        line += "  " + style.verdict(f.hypotheses[h].verdict, widths[h]);
      line += "  " + (f.supports.empty() ? std::string("none") : fmt::format("{}", fmt::join(f.supports, ", ")));
      out += line + "\n";
    }
  }
  return out;
}

namespace {

nlohmann::ordered_json value_json(const Value& v) {
  return std::visit([](const auto& x) { return nlohmann::ordered_json(x); }, v);
}

nlohmann::ordered_json bindings_json(const std::vector<Binding>& items) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& b : items) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (const auto& [name, value] : b) obj[name] = value_json(value);
    arr.push_back(std::move(obj));
  }
  return arr;
}

template <typename T>
nlohmann::ordered_json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json factset_json(const FactSetReport& f) {
  using json = nlohmann::ordered_json;
  json fj;
  fj["name"] = f.name;
  fj["claims"] = json::array();
  for (const auto& c : f.claims) {
    json cj;
    cj["name"] = c.name;
    cj["outcome"] = outcome_name(c.outcome);
    cj["holds"] = c.outcome == Outcome::vacuous ? json(nullptr) : json(c.outcome == Outcome::holds);
    cj["form"] = claim_form_name(c.form);
    if (c.form == ClaimForm::holds) {
      json values = json::array();
      for (const auto& v : c.values) values.push_back(value_json(v));
      cj["values"] = c.values.empty() ? json(nullptr) : values;
    } else {
      cj["values"] = nullptr;
    }
    cj["share"] = optional_json(c.share);
    cj["coverage"] = optional_json(c.coverage);
    cj["witnesses"] = bindings_json(c.witnesses);
    cj["counterexamples"] = bindings_json(c.counterexamples);
    cj["links"] = json::array();
    for (const auto& l : c.links) {
      json lj;
      lj["hypothesis"] = l.hypothesis;
      lj["direction"] = l.supports ? "supports" : "opposes";
      lj["test"] = test_type_name(l.test);
      lj["passed"] = optional_json(l.passed);
      lj["weight_db"] = optional_json(l.weight_db);
      lj["p_h"] = l.p_h;
      lj["p_not_h"] = l.p_not_h;
      cj["links"].push_back(std::move(lj));
    }
    cj["text"] = c.text;
    cj["location"] = c.location;
    if (!c.comparison.empty()) cj["comparison"] = c.comparison;
    if (c.bound) cj["bound"] = *c.bound;
    fj["claims"].push_back(std::move(cj));
  }
  fj["hypotheses"] = json::array();
  for (const auto& h : f.hypotheses) {
    json hj;
    hj["name"] = h.name;
    hj["verdict"] = verdict_name(h.verdict);
    hj["passed"] = h.passed;
    hj["failed"] = h.failed;
    hj["posterior"] = optional_json(h.posterior);
    hj["score"] = h.score;
    hj["decisive"] = h.decisive;
    fj["hypotheses"].push_back(std::move(hj));
  }
  fj["supports"] = f.supports;
  argument::add_robustness_json(f, fj);
  return fj;
}

}  // namespace

std::string render_json(const FactSetReport& report) { return factset_json(report).dump(2) + "\n"; }

std::string render_json(const CheckReport& report) {
  using json = nlohmann::ordered_json;
  json root;
  root["rules"] = report.rules;
  root["bayes"] = report.bayes;
  root["hypotheses"] = json::array();
  for (const auto& h : report.hypotheses)
    root["hypotheses"].push_back({{"name", h.name}, {"text", h.text}, {"source", h.source}});
  root["factsets"] = json::array();
  for (const auto& f : report.factsets) root["factsets"].push_back(factset_json(f));
  return root.dump(2) + "\n";
}

namespace {

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

// One fact set: a table of its claims, a table of its hypotheses, what it supports.
std::string factset_markdown(const FactSetReport& f, bool bayes, const RenderOptions& options) {
  std::string out = fmt::format("## Fact set `{}`\n\n", f.name);
  out += "| claim | outcome | what was found | links |\n|---|---|---|---|\n";
  for (const auto& c : f.claims) {
    std::string found = md_escape(claim_summary(c));
    const auto& items = c.witnesses.empty() ? c.counterexamples : c.witnesses;
    const std::size_t n = options.all ? items.size() : std::min(items.size(), shown_instances);
    for (std::size_t i = 0; i < n; ++i) found += "<br>`" + md_escape(binding_text(items[i])) + "`";
    if (n < items.size()) found += fmt::format("<br>… {} more", items.size() - n);
    std::vector<std::string> links;
    for (const auto& l : c.links) links.push_back(md_escape(link_text(l, bayes)));
    out += fmt::format("| `{}` ({})<br>{} | **{}** | {} | {} |\n", c.name, claim_form_name(c.form), md_escape(c.text),
                       outcome_name(c.outcome), found, fmt::join(links, "<br>"));
  }
  out += "\n| hypothesis | verdict | passed | failed |\n|---|---|---|---|\n";
  for (const auto& h : f.hypotheses) {
    std::string verdict = verdict_name(h.verdict);
    if (h.posterior) verdict += fmt::format(" (posterior {:.3f})", *h.posterior);
    out += fmt::format("| `{}` | **{}** | {} | {} |\n", h.name, verdict, fmt::join(h.passed, ", "),
                       fmt::join(h.failed, ", "));
  }
  out += fmt::format("\n**{} supports:** {}\n\n", f.name,
                     f.supports.empty() ? std::string("none") : fmt::format("{}", fmt::join(f.supports, ", ")));
  out += argument::robustness_markdown(f);
  return out;
}

}  // namespace

std::string render_markdown(const FactSetReport& report, const RenderOptions& options) {
  return factset_markdown(report, report.bayes, options);
}

std::string render_markdown(const CheckReport& report, const RenderOptions& options) {
  std::string out = fmt::format("# Checking `{}`\n\n", report.rules);
  if (!report.hypotheses.empty()) {
    out += "| hypothesis | statement | source |\n|---|---|---|\n";
    for (const auto& h : report.hypotheses)
      out += fmt::format("| `{}` | {} | {} |\n", h.name, md_escape(h.text), md_escape(h.source));
    out += "\n";
  }
  for (const auto& f : report.factsets) out += factset_markdown(f, report.bayes, options);
  if (report.factsets.size() > 1) {
    out += "## Verdicts\n\n| fact set |";
    for (const auto& h : report.hypotheses) out += fmt::format(" `{}` |", h.name);
    out += " supports |\n|---|";
    for (std::size_t i = 0; i < report.hypotheses.size(); ++i) out += "---|";
    out += "---|\n";
    for (const auto& f : report.factsets) {
      out += fmt::format("| `{}` |", f.name);
      for (const auto& h : f.hypotheses) out += fmt::format(" {} |", verdict_name(h.verdict));
      out += fmt::format(" {} |\n", f.supports.empty() ? std::string("none") : fmt::format("{}", fmt::join(f.supports, ", ")));
    }
  }
  return out;
}

}  // namespace kz
