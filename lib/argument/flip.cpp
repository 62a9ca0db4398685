// The smallest set of facts whose removal changes a hypothesis's verdict: removal sets of
// increasing size over the facts the hypothesis's claims depend on, so the first flip
// found is a smallest one, within an evaluation budget. The facts are every fact of the
// fact set as check sees it: rows loaded from a folder or added from code, facts written
// in a file or text fact set, and the facts written in the rules, which belong to every
// fact set. Each trial is the fact set's own program (its coverage.kz included).
#include <algorithm>

#include <fmt/format.h>

#include "core/bad_input.hpp"

#include "api/internal.hpp"
#include "argument/dependence.hpp"
#include "argument/factsets.hpp"
#include "argument/parallel.hpp"
#include "eval/engine.hpp"
#include "kzrules/analysis.hpp"
#include "kzrules/explain.hpp"
#include "semantics/ir.hpp"

namespace kz {

namespace {

[[noreturn]] void fail(ErrorCode code, std::string message) { throw_bad_input(code, std::move(message)); }

std::string atom_of(const std::string& relation, const Tuple& t) {
  std::vector<std::string> parts;
  for (const auto& v : t)
    parts.push_back(std::holds_alternative<std::string>(v) ? "\"" + format_value(v) + "\"" : format_value(v));
  return fmt::format("{}({})", relation, fmt::join(parts, ", "));
}

// A fact written in the language, as an atom: its head's constants (a computed argument
// is shown as `_`).
std::string atom_of_rule(const eval::Engine& engine, const sem::Rule& rule) {
  const auto& model = engine.program();
  Tuple values;
  bool computed = false;
  for (const auto& arg : rule.head_args) {
    if (arg.op != sem::ExprOp::constant) {
      computed = true;
      values.emplace_back(std::string("_"));
      continue;
    }
    values.push_back(arg.kind == Kind::symbol ? Value(model.symbols[arg.value]) : engine.to_value(arg.kind, arg.value));
  }
  std::string atom = atom_of(model.relations[rule.head].name, values);
  return computed ? atom + " (" + model.sources.file_line(rule.loc) + ")" : atom;
}

// The search's shared deadline has passed, and `e` is the evaluation that noticed it.
bool out_of_time(const Error& e, const EvalOptions& eval) {
  return e.kind() == ErrorKind::resource_limit && eval.deadline &&
         std::chrono::steady_clock::now() >= *eval.deadline;
}

}  // namespace

FlipResult flip(const Program& program, const FactSet& factset, const std::string& hypothesis,
                const CheckOptions& given, const FlipOptions& flip_options) {
  const CheckOptions options = argument::sharing_one_deadline(given);
  // The fact set's own program: the rules with its coverage.kz, its file or texts.
  Database base = open_factset(program, factset);
  const Program& trial_program = base.program();
  const auto& m = api::model_of(trial_program);
  std::optional<std::uint32_t> h;
  for (std::uint32_t i = 0; i < m.hypotheses.size(); ++i)
    if (m.hypotheses[i].name == hypothesis) h = i;
  if (!h) fail(ErrorCode::unknown_hypothesis, fmt::format("no hypothesis named '{}'", hypothesis));

  // Every fact loaded (before evaluation a relation holds only those), and the
  // candidates: those in relations the claims depend on.
  // A fact is a loaded row, or a fact written in the language (a rule without a body).
  struct Fact {
    std::string relation;
    Tuple tuple;                                  // a row
    std::uint32_t rule = eval::no_rule;           // or this fact-rule
    std::string atom;                             // how the report names it
  };
  std::vector<Fact> facts;
  for (const auto& r : m.relations)
    for (auto& t : base.rows(r.name)) {
      std::string atom = atom_of(r.name, t);
      facts.push_back({r.name, std::move(t), eval::no_rule, std::move(atom)});
    }
  const auto& base_engine = api::engine_of(base);
  for (const auto& rule : m.rules)
    if (rule.is_fact())
      facts.push_back({m.relations[rule.head].name, {}, rule.id, atom_of_rule(base_engine, rule)});
  const auto cone = argument::Dependence(m).hypothesis_sources(*h);
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (cone[*m.find_relation(facts[i].relation)]) candidates.push_back(i);

  auto verdict_without = [&](const std::vector<std::size_t>& removed) {
    Database db(trial_program);
    std::vector<std::uint32_t> left_out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) {
      const bool is_removed = next < removed.size() && removed[next] == i;
      if (is_removed) ++next;
      if (facts[i].rule != eval::no_rule) {
        if (is_removed) left_out.push_back(facts[i].rule);
      } else if (!is_removed) {
        db.add_fact(facts[i].relation, facts[i].tuple);
      }
    }
    argument::apply_changes(db, options);
    // Removal sets are evaluated -j at a time, each on one thread.
    EvalOptions one_thread = options.eval;
    one_thread.threads = 1;
    api::evaluate_without_facts(db, one_thread, left_out);
    return check_database(db, "", options).hypotheses[*h].verdict;
  };

  FlipResult result;
  result.hypothesis = hypothesis;
  result.candidates = candidates.size();
  result.before = verdict_without({});
  result.evaluations = 1;
  const std::size_t max_size = std::min(flip_options.max_size, candidates.size());
  // Removal sets of each size in lexicographic order, evaluated a chunk at a time (in
  // parallel with -j N); the first flip in that order wins, so results do not depend on
  // the thread count.
  const std::size_t chunk = 64;
  for (std::size_t k = 1; k <= max_size; ++k) {
    std::vector<std::size_t> pick(k);
    for (std::size_t i = 0; i < k; ++i) pick[i] = i;
    bool more = true;
    while (more) {
      std::vector<std::vector<std::size_t>> batch;
      while (more && batch.size() < chunk && result.evaluations + batch.size() < flip_options.max_evaluations) {
        std::vector<std::size_t> removed;
        for (auto p : pick) removed.push_back(candidates[p]);
        std::sort(removed.begin(), removed.end());
        batch.push_back(std::move(removed));
        // Advance to the next combination.
        std::size_t i = k;
        while (i > 0 && pick[i - 1] == candidates.size() - k + (i - 1)) --i;
        if (i == 0) {
          more = false;
        } else {
          ++pick[i - 1];
          for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
        }
      }
      std::vector<Verdict> verdicts(batch.size());
      try {
        argument::parallel_for(batch.size(), options.eval.threads,
                               [&](std::size_t b) { verdicts[b] = verdict_without(batch[b]); });
      } catch (const Error& e) {
        // Out of time: say how far the search went, as when the budget runs out. Any
        // other limit (--max-tuples) is an error still.
        if (!out_of_time(e, options.eval)) throw;
        result.stopped_early = result.out_of_time = true;
        return result;
      }
      for (std::size_t b = 0; b < batch.size(); ++b) {
        ++result.evaluations;
        if (verdicts[b] != result.before) {
          result.after = verdicts[b];
          for (auto i : batch[b]) result.removed.push_back(facts[i].atom);
          result.complete_size = k - 1;
          return result;
        }
      }
      if (more && result.evaluations >= flip_options.max_evaluations) {
        result.stopped_early = true;
        return result;
      }
    }
    result.complete_size = k;
  }
  return result;
}

FlipResult flip(const std::filesystem::path& rules, const std::filesystem::path& factset, const std::string& hypothesis,
                const CheckOptions& options, const FlipOptions& flip_options) {
  const FactSet set = FactSet::from_path(factset);
  return flip(argument::parse_rules(rules, options.parse), set, hypothesis, options, flip_options);
}

std::string render_flip(const FlipResult& r) {
  std::string out = fmt::format("{} is {}.\n", r.hypothesis, verdict_name(r.before));
  if (r.after) {
    out += fmt::format("Removing {} fact{} makes it {}:\n", r.removed.size(), r.removed.size() == 1 ? "" : "s",
                       verdict_name(*r.after));
    for (const auto& f : r.removed) out += "  " + f + "\n";
    if (r.complete_size == 0)
      out += fmt::format("One fact is the smallest change there is ({} of the {} facts its claims depend on tried).\n",
                         r.evaluations - 1, r.candidates);
    else
      out += fmt::format("No smaller set does: every set of up to {} of the {} facts its claims depend on was tried "
                         "({} evaluations).\n",
                         r.complete_size, r.candidates, r.evaluations);
  } else if (r.out_of_time) {
    out += fmt::format("No flip found: every set of up to {} of the {} facts its claims depend on was tried, then "
                       "the time limit ran out after {} evaluations (raise it with --timeout).\n",
                       r.complete_size, r.candidates, r.evaluations);
  } else if (r.stopped_early) {
    out += fmt::format("No flip found: every set of up to {} of the {} facts its claims depend on was tried, then "
                       "the budget of {} evaluations ran out (raise it with --budget).\n",
                       r.complete_size, r.candidates, r.evaluations);
  } else {
    out += fmt::format("No flip found: removing any set of up to {} of the {} facts its claims depend on leaves "
                       "the verdict as it is ({} evaluations).\n",
                       r.complete_size, r.candidates, r.evaluations);
  }
  return out;
}

}  // namespace kz
