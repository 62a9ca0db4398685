// check(): one evaluation per fact set, claims evaluated and judged on each. Fact sets
// come from a folder, from facts in the language (a file or text in memory) or from
// code; the functions that take paths read RULES and FACTSET, then do the same.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "argument/claims.hpp"
#include "argument/factsets.hpp"
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

namespace {

// A path as reports show it: as given, without a trailing slash.
std::string display_name(const std::filesystem::path& p) {
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

[[noreturn]] void fail(std::vector<Diagnostic> diagnostics) {
  throw Error(ErrorKind::bad_input, std::move(diagnostics));
}

Program parse_or_throw(std::vector<SourceText> sources, const ParseOptions& options, std::string name) {
  auto parsed = api::parse_named(std::move(sources), options, std::move(name));
  if (!parsed.ok()) fail(parsed.diagnostics);
  return *parsed.program;
}

bool is_folder(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

// A fact set that is a file: facts in the language, one more source of the program.
SourceText read_fact_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fail({coded_error(ErrorCode::missing_file,
                      fmt::format("fact set {} does not exist (give a folder of .facts/.csv files or a file of facts)",
                                  file.string()))});
  }
  std::ostringstream s;
  s << in.rdbuf();
  return {file.string(), s.str()};
}

}  // namespace

FactSet FactSet::from_path(const std::filesystem::path& path) {
  FactSet set;
  set.name = display_name(path);
  set.path = path;
  return set;
}

FactSet FactSet::from_text(std::string name, std::string text) {
  FactSet set;
  set.name = name;
  set.texts.push_back({std::move(name), std::move(text)});
  return set;
}

FactSet FactSet::from_tuples(std::string name) {
  FactSet set;
  set.name = std::move(name);
  return set;
}

FactSet& FactSet::add(std::string relation, Tuple values) {
  tuples.emplace_back(std::move(relation), std::move(values));
  return *this;
}

namespace argument {

Program parse_rules(const std::filesystem::path& rules, const ParseOptions& options) {
  auto parsed = parse_path(rules, options);
  if (!parsed.ok()) fail(parsed.diagnostics);
  return *parsed.program;
}

FactSet factset_for(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset) {
  if (factset) return FactSet::from_path(*factset);
  const auto dir = is_folder(rules) ? rules : rules.parent_path();
  return FactSet::from_path(dir.empty() ? std::filesystem::path(".") : dir);
}

std::vector<FactSet> factsets_for(const std::filesystem::path& rules,
                                  const std::vector<std::filesystem::path>& factsets) {
  std::vector<FactSet> out;
  if (factsets.empty()) out.push_back(factset_for(rules, std::nullopt));
  for (const auto& f : factsets) out.push_back(factset_for(rules, f));
  return out;
}

Program reparse(const Program& program, const std::vector<SourceText>& more_texts,
                const std::vector<std::pair<std::string, std::string>>& more_overrides) {
  auto sources = program.sources();
  sources.insert(sources.end(), more_texts.begin(), more_texts.end());
  ParseOptions options = program.parse_options();
  options.param_overrides.insert(options.param_overrides.end(), more_overrides.begin(), more_overrides.end());
  return parse_or_throw(std::move(sources), options, program.name());
}

Database open_factset_with(const Program& program, const FactSet& factset,
                           const std::vector<std::pair<std::string, std::string>>& more_overrides) {
  std::optional<std::filesystem::path> folder;
  std::vector<SourceText> texts;
  if (factset.path) {
    if (is_folder(*factset.path)) folder = *factset.path;
    else texts.push_back(read_fact_file(*factset.path));
  }
  texts.insert(texts.end(), factset.texts.begin(), factset.texts.end());
  // Facts in the language need the program's declarations: they are read with its sources.
  Database db(texts.empty() && more_overrides.empty() ? program : reparse(program, texts, more_overrides));
  if (folder) db.load_inputs(*folder);
  for (const auto& [relation, tuple] : factset.tuples) db.add_fact(relation, tuple);
  return db;
}

void apply_changes(Database& database, const CheckOptions& options) {
  for (const auto& [relation, pattern] : options.without) database.remove_facts(relation, pattern);
  for (const auto& [relation, tuple] : options.with) database.add_fact(relation, tuple);
}

}  // namespace argument

Database open_factset(const Program& program, const FactSet& factset) {
  return argument::open_factset_with(program, factset, {});
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

CheckReport check(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options) {
  CheckReport report;
  report.rules = program.name();
  report.bayes = options.bayes;
  report.hypotheses = program.hypotheses();
  // Fact sets are independent: with -j N they are evaluated N at a time, each on one
  // thread; a single fact set gets the N threads for its own evaluation.
  report.factsets.resize(factsets.size());
  EvalOptions eval = options.eval;
  if (factsets.size() > 1) eval.threads = 1;
  argument::parallel_for(factsets.size(), options.eval.threads, [&](std::size_t i) {
    Database db = open_factset(program, factsets[i]);
    argument::apply_changes(db, options);
    db.evaluate(eval);
    report.factsets[i] = check_database(db, factsets[i].name, options);
  });
  return report;
}

Database open_factset(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                      const ParseOptions& options) {
  const FactSet set = argument::factset_for(rules, factset);
  if (is_folder(*set.path)) return open_factset(argument::parse_rules(rules, options), set);
  // A file of facts is read with RULES as one program, its errors reported with theirs.
  std::vector<Diagnostic> errors;
  auto sources = api::read_sources(rules, errors);
  if (!errors.empty()) fail(errors);
  sources.push_back(read_fact_file(*set.path));
  return Database(parse_or_throw(std::move(sources), options, display_name(rules)));
}

std::string factset_name(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset) {
  return argument::factset_for(rules, factset).name;
}

CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options) {
  return check(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options);
}

}  // namespace kz
