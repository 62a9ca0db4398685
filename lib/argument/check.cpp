// check(): one evaluation per fact set, claims evaluated and judged on each.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/parallel.hpp"
#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz {

bool CheckReport::any_claim_failed() const {
  for (const auto& f : factsets)
    for (const auto& c : f.claims)
      if (c.outcome == Outcome::fails) return true;
  return false;
}

FactSetReport check_database(Database& database, std::string name, const CheckOptions& options) {
  FactSetReport report;
  report.name = std::move(name);
  report.bayes = options.bayes;
  auto& engine = api::engine_of(database);
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

Database open_factset(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                      const ParseOptions& options) {
  auto sources = read_rules(rules);
  std::error_code ec;
  if (!factset) {
    Database db(parse_or_throw(std::move(sources), options));
    const auto dir = std::filesystem::is_directory(rules, ec) ? rules : rules.parent_path();
    db.load_inputs(dir.empty() ? std::filesystem::path(".") : dir);
    return db;
  }
  if (std::filesystem::is_directory(*factset, ec)) {
    Database db(parse_or_throw(std::move(sources), options));
    db.load_inputs(*factset);
    return db;
  }
  std::ifstream in(*factset, std::ios::binary);
  if (!in) {
    Diagnostic d;
    d.message = fmt::format("fact set {} does not exist (give a folder of .facts/.csv files or a file of facts)",
                            factset->string());
    fail({d});
  }
  // A file of facts in the language adds to the facts written in RULES.
  std::ostringstream s;
  s << in.rdbuf();
  sources.push_back({factset->string(), s.str()});
  return Database(parse_or_throw(std::move(sources), options));
}

std::string factset_name(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset) {
  if (factset) return display_name(*factset);
  std::error_code ec;
  const auto dir = std::filesystem::is_directory(rules, ec) ? rules : rules.parent_path();
  return display_name(dir.empty() ? std::filesystem::path(".") : dir);
}

CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options) {
  CheckReport report;
  report.rules = display_name(rules);
  report.bayes = options.bayes;
  const Program program = parse_or_throw(read_rules(rules), options.parse);
  report.hypotheses = program.hypotheses();
  std::vector<std::optional<std::filesystem::path>> sets;
  if (factsets.empty()) sets.emplace_back();
  for (const auto& f : factsets) sets.emplace_back(f);
  // Fact sets are independent: with -j N they are evaluated N at a time, each on one
  // thread; a single fact set gets the N threads for its own evaluation.
  report.factsets.resize(sets.size());
  EvalOptions eval = options.eval;
  if (sets.size() > 1) eval.threads = 1;
  argument::parallel_for(sets.size(), options.eval.threads, [&](std::size_t i) {
    Database db = open_factset(rules, sets[i], options.parse);
    for (const auto& [relation, pattern] : options.without) db.remove_facts(relation, pattern);
    for (const auto& [relation, tuple] : options.with) db.add_fact(relation, tuple);
    db.evaluate(eval);
    report.factsets[i] = check_database(db, factset_name(rules, sets[i]), options);
  });
  return report;
}

}  // namespace kz
