// One fact removed at a time, judged again after deriving only what it reaches
// (fact_removal.hpp).
#include "argument/fact_removal.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "api/dating.hpp"
#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/coverage.hpp"
#include "argument/dependence.hpp"
#include "argument/explain_support.hpp"
#include "argument/robustness.hpp"
#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz::argument {

namespace {

using Words = std::vector<std::uint64_t>;

// One fact to remove: a loaded row of `relation`, or a fact written in the language (a
// rule without a body, `rule`).
struct Candidate {
  std::uint32_t relation = 0;
  std::uint32_t row = eval::no_row;
  std::uint32_t rule = eval::no_rule;
};

class Remover {
 public:
  Remover(eval::Engine& engine, const FactSetReport& baseline, const EvalOptions& eval)
      : engine_(engine),
        model_(engine.program()),
        dependence_(model_),
        baseline_(baseline),
        scratch_(outcomes_only(baseline)),
        clean_(scratch_),
        eval_(eval) {
    const std::size_t n = model_.relations.size();
    // The relations some hypothesis's claims depend on hold the facts worth trying, and
    // their removal reaches the relations downstream of them.
    RelationSet sources(n, false);
    for (std::uint32_t h = 0; h < model_.hypotheses.size(); ++h) {
      const RelationSet mine = dependence_.hypothesis_sources(h);
      for (std::size_t r = 0; r < n; ++r) sources[r] = sources[r] || mine[r];
    }
    reachable_.assign(n, false);
    for (std::uint32_t r = 0; r < n; ++r) {
      if (!sources[r]) continue;
      const RelationSet down = dependence_.downstream(r);
      for (std::size_t d = 0; d < n; ++d) reachable_[d] = reachable_[d] || down[d];
    }
    loaded_.resize(n);
    derived_.resize(n);
    for (std::uint32_t r = 0; r < n; ++r)
      if (reachable_[r]) loaded_[r] = rows_of(r);
    collect_candidates(sources);
  }

  const std::vector<Candidate>& candidates() const noexcept { return candidates_; }

  // The whole fixpoint once, and what it gives the relations a removal can reach.
  void evaluate() {
    engine_.evaluate(eval_);
    for (std::uint32_t r = 0; r < model_.relations.size(); ++r)
      if (reachable_[r]) derived_[r] = rows_of(r);
  }

  // The verdicts that move when `fact` alone is removed, as a MovingFact (none: nothing moved).
  std::optional<MovingFact> try_removing(const Candidate& fact) {
    if (fact.relation != current_) switch_to(fact.relation);
    for (auto r : touched_) {
      eval::Relation& rel = engine_.relation(r);
      rel.clear();
      const bool skip_row = r == fact.relation && fact.row != eval::no_row;
      append_rows(rel, loaded_[r], skip_row ? fact.row : eval::no_row);
    }
    try {
      engine_.rederive(eval_, downstream_, fact.rule);
      for (auto c : claims_) scratch_.claims[c] = evaluate_claim(engine_, c);
    } catch (const Error& error) {  // say which removal it was (a count dropping to 0, say)
      throw_with_note(
          error,
          fmt::format("while judging the fact set without {} ({})", atom_of(fact),
                      location_of(fact).empty() ? "a fact added from code" : location_of(fact)));
    }
    settle_unknowns(model_, scratch_);
    judge(model_, scratch_, false);
    MovingFact moving;
    for (std::uint32_t h = 0; h < scratch_.hypotheses.size(); ++h)
      if (scratch_.hypotheses[h].verdict != baseline_.hypotheses[h].verdict)
        moving.moves.emplace_back(h, scratch_.hypotheses[h].verdict);
    for (auto c : claims_) scratch_.claims[c] = clean_.claims[c];
    if (moving.moves.empty()) return std::nullopt;
    moving.atom = atom_of(fact);
    moving.location = location_of(fact);
    return moving;
  }

 private:
  Words rows_of(std::uint32_t r) const {
    const eval::Relation& rel = engine_.relation(r);
    Words words;
    words.reserve(rel.size() * rel.arity());
    for (std::size_t i = 0; i < rel.size(); ++i) {
      const eval::RowRef row = rel.row(i);
      for (std::uint32_t c = 0; c < rel.arity(); ++c) words.push_back(row[c]);
    }
    return words;
  }

  // The rows were one relation's, so they are distinct: no deduplication needed.
  static void append_rows(eval::Relation& rel, const Words& words, std::uint32_t skip) {
    const std::uint32_t arity = rel.arity();
    const std::size_t rows = arity ? words.size() / arity : 0;
    for (std::size_t i = 0; i < rows; ++i)
      if (i != skip) rel.append_unique(words.data() + i * arity);
  }

  // Each source relation's loaded rows, then the facts written for it in the language (in
  // RULES, then in the fact set's own texts): grouped by relation.
  void collect_candidates(const RelationSet& sources) {
    std::vector<std::vector<std::uint32_t>> written(model_.relations.size());
    for (const auto& rule : model_.rules)
      if (rule.is_fact() && sources[rule.head])
        written[rule.head].push_back(rule.id);
    for (std::uint32_t r = 0; r < model_.relations.size(); ++r) {
      if (!sources[r]) continue;
      const std::uint32_t arity = model_.relations[r].arity();
      const std::size_t rows = arity ? loaded_[r].size() / arity : 0;
      for (std::size_t i = 0; i < rows; ++i)
        candidates_.push_back({r, static_cast<std::uint32_t>(i), eval::no_rule});
      for (auto rule : written[r]) candidates_.push_back({r, eval::no_row, rule});
    }
  }

  // Removals of facts of `relation` from now on: what they reach, and the claims to
  // evaluate again. Relations the last removal touched and these do not get their
  // fixpoint rows back.
  void switch_to(std::uint32_t relation) {
    current_ = relation;
    downstream_ = dependence_.downstream(relation);
    for (auto r : touched_) {
      if (downstream_[r]) continue;
      eval::Relation& rel = engine_.relation(r);
      rel.clear();
      append_rows(rel, derived_[r], eval::no_row);
    }
    touched_.clear();
    for (std::uint32_t r = 0; r < downstream_.size(); ++r)
      if (downstream_[r]) touched_.push_back(r);
    claims_.clear();
    for (std::size_t c = 0; c < model_.claims.size(); ++c) {
      if (model_.claims[c].links.empty()) continue;  // judges nothing
      const RelationSet& reads = dependence_.claim_sources(c);
      for (auto r : touched_)
        if (reads[r]) {
          claims_.push_back(c);
          break;
        }
    }
  }

  std::string atom_of(const Candidate& fact) const {
    const sem::Relation& relation = model_.relations[fact.relation];
    std::vector<std::uint64_t> words;
    if (fact.row != eval::no_row) {
      const auto first =
          loaded_[fact.relation].begin() + static_cast<std::ptrdiff_t>(fact.row * relation.arity());
      words.assign(first, first + relation.arity());
    } else {
      const sem::Rule& rule = model_.rules[fact.rule];
      std::vector<std::uint64_t> registers(std::max<std::size_t>(1, rule.slots.size()), 0);
      for (const auto& arg : rule.head_args) words.push_back(engine_.eval(arg, registers.data()));
    }
    std::vector<std::string> args;
    for (std::size_t c = 0; c < words.size(); ++c)
      args.push_back(quoted(engine_, relation.attributes[c].kind, words[c]));
    return fmt::format("{}({})", relation.name, fmt::join(args, ", "));
  }

  std::string location_of(const Candidate& fact) const {
    if (fact.rule != eval::no_rule) return model_.sources.file_line(model_.rules[fact.rule].loc);
    const auto origin = engine_.input_origin(fact.relation, fact.row);
    return origin ? fmt::format("{}:{}", engine_.input_files()[origin->file], origin->line)
                  : std::string();
  }

  eval::Engine& engine_;
  const sem::Program& model_;
  Dependence dependence_;
  const FactSetReport& baseline_;
  FactSetReport scratch_;      // judged after each removal
  const FactSetReport clean_;  // scratch_ before any removal
  EvalOptions eval_;
  RelationSet reachable_;
  std::vector<Words> loaded_, derived_;  // per relation, when reachable
  std::vector<Candidate> candidates_;
  std::uint32_t current_ = eval::no_row;  // the relation of the facts being removed
  RelationSet downstream_;
  std::vector<std::uint32_t> touched_;  // relations reset for the current relation's facts
  std::vector<std::size_t> claims_;     // linked claims that read them
};

}  // namespace

FactRemovals remove_facts_one_by_one(Database& database, const FactSetReport& baseline,
                                     const EvalOptions& eval, std::size_t slice, std::size_t slices) {
  EvalOptions one_thread = eval;
  one_thread.threads = 1;  // the slices are the parallelism
  one_thread.record_provenance = false;
  // The rows a fact set seen as of a date leaves out are gone before evaluation, as
  // Database::evaluate has them gone: they are no facts to try, nor to put back.
  api::leave_out_rows_after_as_of(api::engine_of(database));
  Remover remover(api::engine_of(database), baseline, one_thread);
  const auto& candidates = remover.candidates();
  const std::size_t begin = candidates.size() * slice / slices,
                    end = candidates.size() * (slice + 1) / slices;
  FactRemovals result;
  if (begin == end) return result;  // more slices than facts
  remover.evaluate();
  for (std::size_t i = begin; i < end; ++i) {
    ++result.tried;
    if (auto moving = remover.try_removing(candidates[i]))
      result.moving.push_back(std::move(*moving));
  }
  return result;
}

}  // namespace kz::argument
