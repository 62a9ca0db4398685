// check(): one evaluation per fact set, claims evaluated and judged on each. Fact sets
// come from a folder, from facts in the language (a file or text in memory) or from
// code; the functions that take paths read RULES and FACTSET, then do the same.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "core/calendar.hpp"
#include "argument/claims.hpp"
#include "argument/coverage.hpp"
#include "argument/factsets.hpp"
#include "argument/parallel.hpp"
#include "argument/proof.hpp"
#include "argument/robustness.hpp"
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

// `facts_only_from`: the index of the first source that belongs to a fact set.
Program parse_or_throw(std::vector<SourceText> sources, const ParseOptions& options, std::string name,
                       std::size_t facts_only_from) {
  auto parsed = api::parse_named(std::move(sources), options, std::move(name), facts_only_from);
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
                const std::vector<std::pair<std::string, std::string>>& more_overrides,
                const std::optional<std::string>& as_of) {
  auto sources = program.sources();
  const std::size_t facts_from = sources.size();
  sources.insert(sources.end(), more_texts.begin(), more_texts.end());
  ParseOptions options = program.parse_options();
  options.param_overrides.insert(options.param_overrides.end(), more_overrides.begin(), more_overrides.end());
  if (as_of) options.as_of = as_of;
  return parse_or_throw(std::move(sources), options, program.name(), facts_from);
}

namespace {

// Whether `file` is already one of the program's sources: with no fact set, the folder of
// RULES is the fact set, and its coverage.kz was read with the rules.
bool among_sources(const Program& program, const std::filesystem::path& file) {
  for (const auto& source : program.sources()) {
    std::error_code ec;
    if (std::filesystem::equivalent(source.name, file, ec)) return true;
  }
  return false;
}

// FactSet::unobserved and ::as_of, written as the lines a coverage.kz would hold.
std::optional<SourceText> coverage_from_code(const FactSet& factset) {
  if (factset.unobserved.empty() && !factset.as_of) return std::nullopt;
  std::string text;
  if (!factset.unobserved.empty()) text += fmt::format(".unobserved {}\n", fmt::join(factset.unobserved, ", "));
  if (factset.as_of) text += fmt::format(".as_of \"{}\"\n", *factset.as_of);
  return SourceText{factset.name + " (coverage given in code)", std::move(text)};
}

}  // namespace

Database open_factset_with(const Program& program, const FactSet& factset,
                           const std::vector<std::pair<std::string, std::string>>& more_overrides,
                           const std::optional<std::string>& as_of) {
  std::optional<std::filesystem::path> folder;
  std::vector<SourceText> texts;
  if (factset.path) {
    if (is_folder(*factset.path)) {
      folder = *factset.path;
      // What the folder did not observe, and when it is seen, beside its facts.
      const auto coverage = *folder / "coverage.kz";
      if (std::error_code ec; std::filesystem::is_regular_file(coverage, ec) && !among_sources(program, coverage))
        texts.push_back(read_fact_file(coverage));
    } else {
      texts.push_back(read_fact_file(*factset.path));
    }
  }
  texts.insert(texts.end(), factset.texts.begin(), factset.texts.end());
  if (auto coverage = coverage_from_code(factset)) texts.push_back(std::move(*coverage));
  // Facts in the language need the program's declarations: they are read with its sources.
  const bool same = texts.empty() && more_overrides.empty() && !as_of;
  Database db(same ? program : reparse(program, texts, more_overrides, as_of));
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
  return argument::open_factset_with(program, factset, {}, std::nullopt);
}

FactSetReport check_database(Database& database, std::string name, const CheckOptions& options) {
  FactSetReport report;
  report.name = std::move(name);
  report.bayes = options.bayes;
  report.explain = options.explain;
  auto& engine = api::engine_of(database);
  if (options.explain) argument::require_provenance(engine);
  for (std::size_t c = 0; c < engine.program().claims.size(); ++c)
    report.claims.push_back(argument::evaluate_claim(engine, c));
  argument::settle_unknowns(engine.program(), report);
  argument::judge(engine.program(), report, options.bayes);
  if (options.explain)
    for (std::size_t c = 0; c < report.claims.size(); ++c)
      report.claims[c].explained = argument::explain_instances(engine, c, report.claims[c], options.explain_instances);
  return report;
}

CheckReport check(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options) {
  CheckReport report;
  report.rules = program.name();
  report.bayes = options.bayes;
  report.hypotheses = program.hypotheses();
  // Fact sets are independent: with -j N they are evaluated N at a time, each on one
  // thread; a single fact set gets the N threads for its own evaluation.
  // With --as-of, each fact set once per date (FACTSET@DATE), dates ascending.
  std::vector<std::optional<std::string>> dates(options.as_of.begin(), options.as_of.end());
  if (dates.empty()) dates.push_back(std::nullopt);
  for (const auto& date : dates)
    if (date && !parse_calendar_date(*date))
      throw_bad_input(ErrorCode::bad_date,
                      fmt::format("--as-of {}: not a date (write 1996, 2001-03 or 2001-03-15)", *date));
  auto key = [](const std::optional<std::string>& d) { return d ? parse_calendar_date(*d)->as_of_key() : 0; };
  std::stable_sort(dates.begin(), dates.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  const std::size_t runs = factsets.size() * dates.size();
  report.factsets.resize(runs);
  EvalOptions eval = options.eval;
  if (runs > 1) eval.threads = 1;
  if (options.explain) eval.record_provenance = true;
  argument::parallel_for(runs, options.eval.threads, [&](std::size_t run) {
    const FactSet& factset = factsets[run / dates.size()];
    const auto& date = dates[run % dates.size()];
    Database db = argument::open_factset_with(program, factset, {}, date);
    argument::apply_changes(db, options);
    db.evaluate(eval);
    report.factsets[run] = check_database(db, date ? factset.name + "@" + *date : factset.name, options);
  });
  if (options.robustness) {
    std::vector<argument::CheckRun> checked;
    for (std::size_t run = 0; run < runs; ++run)
      checked.push_back({&factsets[run / dates.size()], dates[run % dates.size()], &report.factsets[run]});
    argument::attach_robustness(program, checked, options);
  }
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
  const std::size_t facts_from = sources.size();
  sources.push_back(read_fact_file(*set.path));
  return Database(parse_or_throw(std::move(sources), options, display_name(rules), facts_from));
}

std::string factset_name(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset) {
  return argument::factset_for(rules, factset).name;
}

CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options) {
  return check(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options);
}

}  // namespace kz
