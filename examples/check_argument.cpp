// Checking an argument from a host program: the claims of a rules folder evaluated on
// fact sets, the verdicts read from the report object, and the report rendered.
//
//   kz-example-check-argument RULES [FACTSET...] [--markdown]
//   kz-example-check-argument rules/kazakhstan rules/kazakhstan/facts/2007
//
// Two ways in: kz::check() does everything for a rules folder and fact-set folders; the
// second half does the same steps by hand (parse, load, evaluate with limits,
// check_database) for a host that already holds a Program or adds facts from code.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "kzrules/kzrules.hpp"

namespace {

// The CLI's exit statuses: 2 for bad input, 3 for a resource limit.
int report_error(const kz::Error& error) {
  std::cerr << kz::render(error.diagnostics());
  return error.kind() == kz::ErrorKind::resource_limit ? 3 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool markdown = false;
  std::vector<std::filesystem::path> factsets;
  std::filesystem::path rules;
  for (const auto& a : args) {
    if (a == "--markdown") markdown = true;
    else if (rules.empty()) rules = a;
    else factsets.emplace_back(a);
  }
  if (rules.empty()) {
    std::cerr << "usage: kz-example-check-argument RULES [FACTSET...] [--markdown]\n";
    return 2;
  }

  // 1. The whole check in one call. Bad rules or facts throw kz::Error, whose
  //    diagnostics are values: print them, or show them in the host's own UI.
  kz::CheckOptions options;
  options.eval.threads = 2;                 // worker threads
  options.eval.timeout_seconds = 60;        // a resource_limit error past a minute
  options.eval.max_tuples = 10'000'000;     // and past ten million derived tuples
  kz::CheckReport report;
  try {
    report = kz::check(rules, factsets, options);
  } catch (const kz::Error& e) {
    return report_error(e);
  }

  // The report is a plain object: a host reads it directly...
  for (const kz::FactSetReport& factset : report.factsets) {
    std::cout << factset.name << ":";
    for (const kz::HypothesisResult& h : factset.hypotheses)
      std::cout << " " << h.name << "=" << kz::verdict_name(h.verdict);
    std::cout << "\n  supports:";
    for (const std::string& h : factset.supports) std::cout << " " << h;
    if (factset.supports.empty()) std::cout << " (none)";
    std::cout << "\n";
  }
  std::cout << "\n";

  // ...or renders it as the CLI does: text, JSON or Markdown.
  std::cout << (markdown ? kz::render_markdown(report) : kz::render_text(report));

  // 2. The same steps by hand, for the first fact set: parse once (diagnostics as values,
  //    warnings included), then one Database per fact set.
  kz::ParseResult parsed = kz::parse_path(rules);
  if (!parsed.ok()) {
    std::cerr << kz::render(parsed.diagnostics);
    return 2;
  }
  try {
    kz::Database db(*parsed.program);
    db.load_inputs(factsets.empty() ? (std::filesystem::is_directory(rules) ? rules : rules.parent_path())
                                    : factsets.front());
    db.evaluate(options.eval);
    kz::FactSetReport by_hand = kz::check_database(db, "by hand", options);
    const bool same = by_hand.supports == report.factsets.front().supports;
    std::cout << "\nby hand: " << by_hand.claims.size() << " claims; supports the same hypotheses: "
              << (same ? "yes" : "no") << "\n";
    return same ? EXIT_SUCCESS : EXIT_FAILURE;
  } catch (const kz::Error& e) {
    return report_error(e);
  }
}
