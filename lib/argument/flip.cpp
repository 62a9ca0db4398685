// The smallest set of input facts whose removal changes a hypothesis's verdict: removal
// sets of increasing size over the facts the hypothesis's claims depend on, so the
// first flip found is a smallest one, within an evaluation budget. The facts are those
// a fact set loads as rows (from a folder, or added from code).
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

// Facts written in the language belong to the program: they cannot be removed.
void require_rows(const FactSet& factset) {
  std::error_code ec;
  if (factset.path && !std::filesystem::is_directory(*factset.path, ec))
    fail(ErrorCode::bad_option, fmt::format("flip needs a fact set folder; {} is not one", factset.path->string()));
  if (!factset.texts.empty())
    throw_bad_input(ErrorCode::bad_option,
                    fmt::format("flip needs facts it can remove: {} holds facts written in the language (give a "
                                "folder, or tuples added from code)",
                                factset.name));
}

}  // namespace

FlipResult flip(const Program& program, const FactSet& factset, const std::string& hypothesis,
                const CheckOptions& options, const FlipOptions& flip_options) {
  require_rows(factset);
  Database base = open_factset(program, factset);
  const auto& m = api::model_of(program);
  std::optional<std::uint32_t> h;
  for (std::uint32_t i = 0; i < m.hypotheses.size(); ++i)
    if (m.hypotheses[i].name == hypothesis) h = i;
  if (!h) fail(ErrorCode::unknown_hypothesis, fmt::format("no hypothesis named '{}'", hypothesis));

  // Every fact loaded (before evaluation a relation holds only those), and the
  // candidates: those in relations the claims depend on.
  struct Fact {
    std::string relation;
    Tuple tuple;
  };
  std::vector<Fact> facts;
  for (const auto& r : m.relations)
    for (auto& t : base.rows(r.name)) facts.push_back({r.name, std::move(t)});
  const auto cone = argument::Dependence(m).hypothesis_sources(*h);
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (cone[*m.find_relation(facts[i].relation)]) candidates.push_back(i);

  auto verdict_without = [&](const std::vector<std::size_t>& removed) {
    Database db(program);
    std::size_t next = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) {
      if (next < removed.size() && removed[next] == i) {
        ++next;
        continue;
      }
      db.add_fact(facts[i].relation, facts[i].tuple);
    }
    // Removal sets are evaluated -j at a time, each on one thread.
    EvalOptions one_thread = options.eval;
    one_thread.threads = 1;
    db.evaluate(one_thread);
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
      argument::parallel_for(batch.size(), options.eval.threads,
                             [&](std::size_t b) { verdicts[b] = verdict_without(batch[b]); });
      for (std::size_t b = 0; b < batch.size(); ++b) {
        ++result.evaluations;
        if (verdicts[b] != result.before) {
          result.after = verdicts[b];
          for (auto i : batch[b]) result.removed.push_back(atom_of(facts[i].relation, facts[i].tuple));
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
  require_rows(set);  // before the rules are read, as ever
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
