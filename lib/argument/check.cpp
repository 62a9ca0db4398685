// check(): one evaluation per fact set, claims evaluated and judged on each.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "argument/claims.hpp"
#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz {

const char* outcome_name(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::holds: return "holds";
    case Outcome::fails: return "fails";
    case Outcome::vacuous: return "vacuous";
  }
  return "?";
}

const char* verdict_name(Verdict verdict) noexcept {
  static const char* names[] = {"contested", "eliminated", "confirmed", "supported", "weakened", "undecided", "untested"};
  return names[static_cast<int>(verdict)];
}

bool CheckReport::any_claim_failed() const {
  for (const auto& f : factsets)
    for (const auto& c : f.claims)
      if (c.outcome == Outcome::fails) return true;
  return false;
}

FactSetReport check_database(Database& database, std::string name, const CheckOptions& options) {
  FactSetReport report;
  report.name = std::move(name);
  auto& engine = database.engine();
  for (std::size_t c = 0; c < engine.program().claims.size(); ++c)
    report.claims.push_back(argument::evaluate_claim(engine, c));
  argument::judge(engine.program(), report, options.bayes);
  return report;
}

namespace {

std::string display_name(const std::filesystem::path& p) {
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

[[noreturn]] void fail(std::vector<Diagnostic> diagnostics) {
  throw Error(ErrorKind::bad_input, std::move(diagnostics));
}

std::vector<SourceText> read_rules(const std::filesystem::path& rules) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(rules, ec)) {
    for (const auto& e : std::filesystem::directory_iterator(rules, ec)) {
      const auto ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".kz" || ext == ".dl")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(rules);
  }
  std::vector<SourceText> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in || std::filesystem::is_directory(f, ec)) {
      Diagnostic d;
      d.message = fmt::format("cannot read {}: no such file, or not readable", f.string());
      fail({d});
    }
    std::ostringstream s;
    s << in.rdbuf();
    out.push_back({f.string(), s.str()});
  }
  if (out.empty()) {
    Diagnostic d;
    d.message = fmt::format("{} holds no .kz or .dl files", rules.string());
    fail({d});
  }
  return out;
}

Program parse_or_throw(std::vector<SourceText> sources, const ParseOptions& options) {
  auto parsed = parse_sources(std::move(sources), options);
  if (!parsed.ok()) fail(parsed.diagnostics);
  return *parsed.program;
}

}  // namespace

CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options) {
  CheckReport report;
  report.rules = display_name(rules);
  report.bayes = options.bayes;
  const auto rule_sources = read_rules(rules);
  const Program program = parse_or_throw(rule_sources, options.parse);
  for (const auto& h : program.model().hypotheses) report.hypotheses.push_back({h.name, h.text, h.source});

  std::error_code ec;
  auto run_one = [&](const Program& p, const std::optional<std::filesystem::path>& fact_dir, std::string name) {
    Database db(p);
    if (fact_dir) db.load_inputs(*fact_dir);
    db.evaluate(options.eval);
    report.factsets.push_back(check_database(db, std::move(name), options));
  };

  if (factsets.empty()) {
    const auto dir = std::filesystem::is_directory(rules, ec) ? rules : rules.parent_path();
    run_one(program, dir.empty() ? std::filesystem::path(".") : dir, display_name(dir.empty() ? "." : dir));
    return report;
  }
  for (const auto& f : factsets) {
    if (std::filesystem::is_directory(f, ec)) {
      run_one(program, f, display_name(f));
    } else if (std::filesystem::exists(f, ec)) {
      // A file of facts in the language adds to the facts written in RULES.
      auto sources = rule_sources;
      std::ifstream in(f, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      sources.push_back({f.string(), s.str()});
      run_one(parse_or_throw(std::move(sources), options.parse), std::nullopt, display_name(f));
    } else {
      Diagnostic d;
      d.message = fmt::format("fact set {} does not exist (give a folder of .facts/.csv files or a file of facts)",
                              f.string());
      fail({d});
    }
  }
  return report;
}

}  // namespace kz
