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
  // Strictness is judged on the program each fact set evaluates (refuse_warnings_if_strict).
  auto parsed = api::parse_path_lenient(rules, options);
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

// What a fact set adds to the program's sources: its file of facts, or its folder's
// coverage.kz (what the folder did not observe, and when it is seen) unless the program
// read it already; its texts; and its coverage given in code.
std::vector<SourceText> factset_texts(const Program& program, const FactSet& factset) {
  std::vector<SourceText> texts;
  if (factset.path) {
    const auto coverage = *factset.path / "coverage.kz";
    if (!is_folder(*factset.path))
      texts.push_back(read_fact_file(*factset.path));
    else if (std::error_code ec; std::filesystem::is_regular_file(coverage, ec) && !among_sources(program, coverage))
      texts.push_back(read_fact_file(coverage));
  }
  texts.insert(texts.end(), factset.texts.begin(), factset.texts.end());
  if (auto coverage = coverage_from_code(factset)) texts.push_back(std::move(*coverage));
  return texts;
}

bool feeds_from_code(const FactSet& factset, const std::string& relation) {
  return std::any_of(factset.tuples.begin(), factset.tuples.end(),
                     [&](const auto& tuple) { return tuple.first == relation; });
}

}  // namespace

Program program_for(const Program& program, const FactSet& factset,
                    const std::vector<std::pair<std::string, std::string>>& more_overrides,
                    const std::optional<std::string>& as_of) {
  // Facts in the language need the program's declarations: they are read with its sources.
  auto texts = factset_texts(program, factset);
  const bool same = texts.empty() && more_overrides.empty() && !as_of;
  return same ? program : reparse(program, texts, more_overrides, as_of);
}

std::vector<Diagnostic> warnings_for(const Program& evaluated, const FactSet& factset) {
  const sem::Program& model = api::model_of(evaluated);
  std::vector<Diagnostic> out;
  for (const auto& w : model.warnings)
    if (!w.undefined_relation || !feeds_from_code(factset, model.relations[*w.undefined_relation].name))
      out.push_back(w.diagnostic);
  return out;
}

void refuse_warnings_if_strict(const Program& evaluated, const FactSet& factset) {
  if (!evaluated.parse_options().strict) return;
  auto warnings = warnings_for(evaluated, factset);
  if (!warnings.empty()) fail(warnings_as_errors(std::move(warnings)));
}

void add_distinct(std::vector<Diagnostic>& out, const std::vector<Diagnostic>& more) {
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.code == b.code && a.message == b.message && a.where.file == b.where.file &&
           a.where.line == b.where.line && a.where.column == b.where.column;
  };
  for (const auto& d : more)
    if (std::none_of(out.begin(), out.end(), [&](const Diagnostic& o) { return same(o, d); })) out.push_back(d);
}

Database open_factset_with(const Program& program, const FactSet& factset,
                           const std::vector<std::pair<std::string, std::string>>& more_overrides,
                           const std::optional<std::string>& as_of) {
  Program evaluated = program_for(program, factset, more_overrides, as_of);
  refuse_warnings_if_strict(evaluated, factset);
  Database db(std::move(evaluated));
  if (factset.path && is_folder(*factset.path)) db.load_inputs(*factset.path);
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
    report.claims.push_back(argument::evaluate_claim(engine, c, api::remote_claim(database, c)));
  report.warnings = database.warnings();
  argument::settle_unknowns(engine.program(), report);
  argument::judge(engine.program(), report, options.bayes);
  if (options.explain)
    for (std::size_t c = 0; c < report.claims.size(); ++c)
      report.claims[c].explained = argument::explain_instances(engine, c, report.claims[c], options.explain_instances);
  return report;
}

CheckReport check(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& given) {
  const CheckOptions options = argument::sharing_one_deadline(given);
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

namespace {

// RULES read with a file of facts as one program, its errors reported with theirs.
Program parse_with_fact_file(const std::filesystem::path& rules, const FactSet& set, const ParseOptions& options) {
  std::vector<Diagnostic> errors;
  auto sources = api::read_sources(rules, errors);
  if (!errors.empty()) fail(errors);
  const std::size_t facts_from = sources.size();
  sources.push_back(read_fact_file(*set.path));
  return parse_or_throw(std::move(sources), options, display_name(rules), facts_from);
}

}  // namespace

Database open_factset(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                      const ParseOptions& options) {
  const FactSet set = argument::factset_for(rules, factset);
  if (is_folder(*set.path)) return open_factset(argument::parse_rules(rules, options), set);
  Program program = parse_with_fact_file(rules, set, options);
  argument::refuse_warnings_if_strict(program, set);
  return Database(std::move(program));
}

std::vector<Diagnostic> factset_warnings(const Program& program, const std::vector<FactSet>& factsets) {
  std::vector<Diagnostic> out;
  for (const auto& set : factsets)
    argument::add_distinct(out, argument::warnings_for(argument::program_for(program, set, {}, std::nullopt), set));
  return out;
}

std::vector<Diagnostic> factset_warnings(const std::filesystem::path& rules,
                                         const std::vector<std::filesystem::path>& factsets,
                                         const ParseOptions& options) {
  std::optional<Program> alone;  // RULES by themselves, read once for every folder
  std::vector<Diagnostic> out;
  for (const auto& set : argument::factsets_for(rules, factsets)) {
    if (is_folder(*set.path)) {
      if (!alone) alone = argument::parse_rules(rules, options);
      argument::add_distinct(out, argument::warnings_for(argument::program_for(*alone, set, {}, std::nullopt), set));
    } else {
      argument::add_distinct(out, argument::warnings_for(parse_with_fact_file(rules, set, options), set));
    }
  }
  return out;
}

std::string factset_name(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset) {
  return argument::factset_for(rules, factset).name;
}

CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options) {
  return check(argument::parse_rules(rules, options.parse), argument::factsets_for(rules, factsets), options);
}

}  // namespace kz
