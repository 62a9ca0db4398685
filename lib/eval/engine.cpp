// Semi-naive evaluation and the operation interpreter: the strata's fixpoint, rules on
// one thread or several, and the operations of a plan run row by row. Aggregates are in
// aggregate.cpp, provenance and what-if removal in provenance.cpp, expressions in
// expressions.cpp.
#include "eval/engine.hpp"
#include "eval/regex_size.hpp"
#include "core/words.hpp"


#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "core/source.hpp"

namespace kz::eval {

using plan::Op;
using sem::Cmp;
using sem::Expr;

namespace {

// Gives the heap's free pages back to the system. glibc keeps memory that a freed set
// or relation leaves in the middle of the heap, and the next allocations (an index, the
// next stratum's rows) would add to the peak instead of reusing it.
void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

// The slice of the delta this thread evaluates in a parallel rule run, and the tick
// counter that paces limit checks (per thread, so workers never share it).
thread_local bool sliced = false;
thread_local std::size_t slice_lo = 0, slice_hi = 0;
thread_local std::uint64_t ticks = 0;
// Set once an exists condition's first solution has run the rest of its rule: the
// condition's own loops then stop (Engine::run_condition).
thread_local bool condition_met = false;

// Below this many delta rows a rule runs on one thread: splitting costs more than it saves.
constexpr std::size_t min_parallel_delta = 512;
// A parallel run takes the delta this many rows at a time, so candidate buffers stay small.
constexpr std::size_t parallel_round_rows = std::size_t{1} << 16;

bool expr_parallel_safe(const Expr& e) {
  if (e.op == sem::ExprOp::functor && (functor_info(e.functor).makes_symbols || functor_info(e.functor).impure))
    return false;
  for (const auto& a : e.args)
    if (!expr_parallel_safe(a)) return false;
  return true;
}

bool ops_parallel_safe(const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    for (const auto& k : op.key_values)
      if (!expr_parallel_safe(k)) return false;
    if (!expr_parallel_safe(op.expr)) return false;
    if (op.literal) {
      if (op.type == Op::Type::builtin && op.literal->type != sem::Literal::Type::contains) return false;
      if (!expr_parallel_safe(op.literal->lhs) || !expr_parallel_safe(op.literal->rhs)) return false;
    }
    if (op.aggregate && op.aggregate->target && !expr_parallel_safe(*op.aggregate->target)) return false;
    if (!ops_parallel_safe(op.sub)) return false;
  }
  return true;
}

// Every operation of a plan, those inside exists conditions included.
template <typename Visit>
void for_each_op(const std::vector<Op>& ops, const Visit& visit) {
  for (const Op& op : ops) {
    visit(op);
    if (op.type == Op::Type::exists) for_each_op(op.sub, visit);
  }
}

double as_float(std::uint64_t w) { return word_to_float(w); }
std::uint64_t from_float(double d) { return float_to_word(d); }
std::int64_t as_int(std::uint64_t w) { return word_to_int(w); }

}  // namespace

Engine::Engine(std::shared_ptr<const sem::Program> program, std::shared_ptr<const plan::ProgramPlan> plan)
    : program_(std::move(program)), plan_(std::move(plan)) {
  for (const auto& s : program_->symbols) symbols_.intern(s);
  const auto& reg = plan_->indexes;
  for (std::uint32_t r = 0; r < program_->relations.size(); ++r) {
    const auto& attrs = program_->relations[r].attributes;
    std::uint64_t signed_columns = 0;
    bool narrow_allowed = true;
    for (std::size_t c = 0; c < attrs.size() && c < 64; ++c) {
      if (attrs[c].kind == Kind::number) signed_columns |= std::uint64_t{1} << c;
      if (attrs[c].kind == Kind::float_number) narrow_allowed = false;
    }
    relations_.push_back(std::make_unique<Relation>(program_->relations[r].arity(), signed_columns, narrow_allowed));
    if (r < reg.by_relation.size())
      for (const auto& cols : reg.by_relation[r]) relations_.back()->add_index(cols);
  }
  delta_.resize(relations_.size());
  heights_.resize(relations_.size());
  rules_of_row_.resize(relations_.size());
  input_origins_.resize(relations_.size());
  query_indexes_ = reg;
}

void Engine::runtime_error(const sem::Loc& loc, ErrorCode code, const std::string& message) const {
  throw Error(ErrorKind::bad_input, make_error(program_->sources.locate(loc), code, message));
}

void Engine::runtime_warning(const sem::Loc& loc, ErrorCode code, const std::string& message) {
  if (strict_) runtime_error(loc, code, message + " (an error under --strict)");
  Diagnostic warning = make_error(program_->sources.locate(loc), code, message);
  warning.severity = Severity::warning;
  add_warning(std::move(warning));
}

void Engine::add_warning(Diagnostic warning) {
  if (strict_) {
    warning.severity = Severity::error;
    warning.message += " (an error under --strict)";
    throw Error(ErrorKind::bad_input, std::move(warning));
  }
  for (const auto& seen : runtime_warnings_)
    if (seen.code == warning.code && seen.where.file == warning.where.file &&
        seen.where.line == warning.where.line && seen.where.column == warning.where.column)
      return;
  if (runtime_warnings_.size() < 20) runtime_warnings_.push_back(std::move(warning));
}

void Engine::check_limits() {
  if (derived_ > max_tuples_) {
    throw Error(ErrorKind::resource_limit,
                coded_error(ErrorCode::tuple_limit,
                            fmt::format("resource limit: more than {} tuples derived (--max-tuples); the "
                                        "last rule derived tuples of '{}'. A rule like n(x + 1) :- n(x). "
                                        "never stops",
                                        max_tuples_, program_->relations[current_relation_].name)));
  }
  if (has_deadline_ && std::chrono::steady_clock::now() > deadline_) {
    throw Error(ErrorKind::resource_limit,
                coded_error(ErrorCode::time_limit,
                            shared_deadline_
                                ? fmt::format("resource limit: the evaluations took longer than {} s in all "
                                              "(--timeout bounds the whole analysis)",
                                              timeout_seconds_)
                                : fmt::format("resource limit: evaluation took longer than {} s (--timeout)",
                                              timeout_seconds_)));
  }
}

void Engine::evaluate(const EvalOptions& options) {
  run_strata(options, nullptr, {});
  evaluated_ = true;
}

void Engine::evaluate_without(const EvalOptions& options, const std::vector<std::uint32_t>& facts_left_out) {
  run_strata(options, nullptr, facts_left_out);
  evaluated_ = true;
}

void Engine::rederive(const EvalOptions& options, const std::vector<bool>& derive, std::uint32_t skip) {
  derived_ = 0;  // --max-tuples bounds each derivation, not their sum
  run_strata(options, &derive, skip == no_rule ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{skip});
}

void Engine::run_strata(const EvalOptions& options, const std::vector<bool>* derive,
                        const std::vector<std::uint32_t>& skip) {
  max_tuples_ = options.max_tuples ? options.max_tuples : default_max_tuples;
  provenance_ = options.record_provenance;
  if (!(options.timeout_seconds >= 0))  // negative, or NaN
    throw Error(ErrorKind::bad_input,
                coded_error(ErrorCode::library_misuse,
                            fmt::format("a timeout is 0 (no limit) or a positive number of seconds, not {}",
                                        options.timeout_seconds)));
  has_deadline_ = options.timeout_seconds > 0;
  timeout_seconds_ = options.timeout_seconds;
  shared_deadline_ = options.deadline.has_value();
  // Past a billion seconds (31 years) a limit is no limit; converting more to
  // microseconds would overflow.
  if (shared_deadline_)
    has_deadline_ = true, deadline_ = *options.deadline;
  else if (has_deadline_ && options.timeout_seconds < 1e9)
    deadline_ = std::chrono::steady_clock::now() +
                std::chrono::microseconds(static_cast<std::int64_t>(options.timeout_seconds * 1e6));
  else
    has_deadline_ = false;
  const auto& strata = program_->strata;
  const auto& plans = plan().strata;
  // Provenance and tracing record derivations one at a time: they stay on one thread.
  // The threads start with the first delta large enough to share.
  const unsigned threads = options.threads > 1 && !provenance_ && !trace_ ? std::min(options.threads, 64u) : 1;
  struct DropPool {
    std::unique_ptr<WorkerPool>& pool;
    ~DropPool() { pool.reset(); }
  } drop_pool{pool_};
  auto wanted = [&](const plan::RulePlan& rp) {
    if (std::find(skip.begin(), skip.end(), rp.rule) != skip.end()) return false;
    return !derive || (*derive)[program_->rules[rp.rule].head];
  };
  const bool release = options.release_intermediate && !provenance_ && !derive;
  const std::vector<std::size_t> last_read = release ? last_reads() : std::vector<std::size_t>{};
  const std::vector<std::size_t> last_set_use = release ? last_set_uses() : std::vector<std::size_t>{};
  std::vector<bool> set_dropped(relations_.size(), false);
  released_.assign(relations_.size(), false);
  // Indexes are built at the start of the first stratum that looks rows up by them, so
  // that a relation's index and its deduplication set (let go after its last use) need
  // not coexist: a relation derived early and looked up late costs one or the other.
  const std::vector<std::size_t> first_index_use = release ? first_indexed_reads() : std::vector<std::size_t>{};
  // Inputs read late are read then; without releasing, or for the claims, at once.
  struct DropDeferred {  // each evaluation takes the deferrals made for it, and no more
    std::vector<std::function<void()>>& loads;
    ~DropDeferred() { loads.clear(); }
  } drop_deferred{deferred_inputs_};
  const std::vector<std::size_t> first_use =
      release && !deferred_inputs_.empty() ? first_uses() : std::vector<std::size_t>(relations_.size(), 0);
  load_deferred_inputs([&](std::uint32_t r) { return first_use[r] == 0; });
  // Relations that already hold rows (inputs) keep the indexes their loading built:
  // building them twice cost strata's 960,000 moves 5 % of its time.
  if (release)
    for (std::uint32_t r = 0; r < relations_.size(); ++r)
      if (first_index_use[r] > 0 && relations_[r]->size() == 0) relations_[r]->suspend_indexes();
  struct ResumeIndexes {  // whatever ends the evaluation, lookups work afterwards
    Engine& engine;
    ~ResumeIndexes() {
      try {
        for (std::uint32_t r = 0; r < engine.relations_.size(); ++r)
          if (!engine.released_[r]) engine.relations_[r]->resume_indexes();
      } catch (...) {  // out of memory: the index stays suspended, and lookups stop with E0601
      }
    }
  } resume_indexes{*this};
  // Frees the relations whose last reader is a stratum before `s`.
  auto release_read_before = [&](std::size_t s) {
    bool freed = false;
    struct Trim {
      bool& freed;
      ~Trim() {
        if (freed) return_free_memory();
      }
    } trim{freed};
    for (std::uint32_t r = 0; r < relations_.size(); ++r)
      if (!released_[r] && last_read[r] < s) {
        relations_[r]->release();
        released_[r] = true;
        freed = true;
      } else if (!set_dropped[r] && last_set_use[r] < s) {
        // Kept rows, but nothing inserts into them or tests them by the set any more.
        relations_[r]->drop_set();
        set_dropped[r] = true;
        freed = true;
      }
  };
  for (std::size_t s = 0; s < strata.size(); ++s) {
    if (release) {
      release_read_before(s);
      load_deferred_inputs([&](std::uint32_t r) { return first_use[r] == s; });
      // The previous stratum's relations are complete: nothing appends to them again.
      if (s != 0)
        for (auto r : strata[s - 1].relations)
          if (!released_[r]) relations_[r]->shrink_rows();
      for (std::uint32_t r = 0; r < relations_.size(); ++r)
        if (first_index_use[r] == s) relations_[r]->resume_indexes();
    }
    const auto& stratum = strata[s];
    const auto& sp = plans[s];
    if (derive && std::none_of(stratum.relations.begin(), stratum.relations.end(),
                               [&](std::uint32_t r) { return (*derive)[r]; }))
      continue;
    for (const auto& rp : sp.initial)
      if (wanted(rp)) run_rule(rp);
    if (!stratum.recursive) continue;
    // The first delta is everything the stratum holds so far: its input facts and what
    // its non-recursive rules derived. Recursive rules run only on deltas.
    std::vector<std::size_t> before(stratum.relations.size());
    for (auto r : stratum.relations) delta_[r] = Range{0, relations_[r]->size()};
    for (;;) {
      bool any = false;
      for (auto r : stratum.relations) any |= delta_[r].hi > delta_[r].lo;
      if (!any) break;
      for (std::size_t k = 0; k < stratum.relations.size(); ++k) before[k] = relations_[stratum.relations[k]]->size();
      for (const auto& rp : sp.delta) {
        if (!wanted(rp)) continue;
        const Range& d = delta_[rp.delta_relation];
        if (threads > 1 && d.hi - d.lo >= min_parallel_delta && parallel_safe(rp)) {
          if (!pool_) pool_ = std::make_unique<WorkerPool>(threads);
          run_rule_parallel(rp);
        } else {
          run_rule(rp);
        }
      }
      for (std::size_t k = 0; k < stratum.relations.size(); ++k) {
        auto r = stratum.relations[k];
        delta_[r] = Range{before[k], relations_[r]->size()};
      }
    }
    for (auto r : stratum.relations) delta_[r] = Range{};
  }
  if (release) release_read_before(strata.size());  // what the last stratum read too
}

namespace {

// Marks in `read` the relations that `ops` read, in aggregates and conditions too.
void mark_read(const std::vector<plan::Op>& ops, std::vector<bool>& read) {
  for (const auto& op : ops) {
    if (op.type == plan::Op::Type::scan || op.type == plan::Op::Type::negation) read[op.relation] = true;
    mark_read(op.sub, read);
  }
}

// Marks in `tested` the relations whose rows `ops` test by the deduplication set (every
// column bound), in aggregates and conditions too.
void mark_set_tests(const std::vector<plan::Op>& ops, std::vector<bool>& tested) {
  for (const auto& op : ops) {
    if ((op.type == plan::Op::Type::scan || op.type == plan::Op::Type::negation) && op.index == plan::no_index &&
        !op.key_columns.empty())
      tested[op.relation] = true;
    mark_set_tests(op.sub, tested);
  }
}

// Marks in `looked_up` the relations that `ops` read through an index.
void mark_indexed_reads(const std::vector<plan::Op>& ops, std::vector<bool>& looked_up) {
  for (const auto& op : ops) {
    if ((op.type == plan::Op::Type::scan || op.type == plan::Op::Type::negation) && op.index != plan::no_index)
      looked_up[op.relation] = true;
    mark_indexed_reads(op.sub, looked_up);
  }
}

using Marker = void (*)(const std::vector<plan::Op>&, std::vector<bool>&);

// The relations `mark` flags in one stratum's rules.
std::vector<bool> flagged_in(const plan::StratumPlan& stratum, std::size_t relations, Marker mark) {
  std::vector<bool> flagged(relations, false);
  for (const auto& rp : stratum.initial) mark(rp.ops, flagged);
  for (const auto& rp : stratum.delta) mark(rp.ops, flagged);
  return flagged;
}

// The relations `mark` flags in the claims (checked after every stratum).
std::vector<bool> flagged_in_claims(const plan::ProgramPlan& plan, std::size_t relations, Marker mark) {
  std::vector<bool> flagged(relations, false);
  for (const auto& claim : plan.claims) {
    for (const auto& ops : claim.body) mark(ops, flagged);
    for (const auto& ops : claim.conclusion) mark(ops, flagged);
    mark(claim.holds, flagged);
  }
  return flagged;
}

// By relation: the last stratum that makes it or whose rules `mark` flags it, or
// `forever` when the claims flag it.
std::vector<std::size_t> last_flagged(const sem::Program& program, const plan::ProgramPlan& plan,
                                      std::size_t relations, Marker mark) {
  std::vector<std::size_t> last(relations, 0);
  for (std::size_t s = 0; s < program.strata.size(); ++s)
    for (auto r : program.strata[s].relations) last[r] = s;
  for (std::size_t s = 0; s < plan.strata.size(); ++s) {
    const std::vector<bool> flagged = flagged_in(plan.strata[s], relations, mark);
    for (std::uint32_t r = 0; r < relations; ++r)
      if (flagged[r]) last[r] = std::max(last[r], s);
  }
  const std::vector<bool> by_claims = flagged_in_claims(plan, relations, mark);
  for (std::uint32_t r = 0; r < relations; ++r)
    if (by_claims[r]) last[r] = static_cast<std::size_t>(-1);
  return last;
}

}  // namespace

void Engine::drop_set_if_unused(std::uint32_t relation) {
  if (set_used_.empty()) {
    set_used_ = flagged_in_claims(plan(), relations_.size(), mark_set_tests);
    for (const auto& rule : program_->rules) set_used_[rule.head] = true;
    for (const auto& stratum : plan().strata) {
      const std::vector<bool> tested = flagged_in(stratum, relations_.size(), mark_set_tests);
      for (std::uint32_t r = 0; r < relations_.size(); ++r)
        if (tested[r]) set_used_[r] = true;
    }
  }
  if (set_used_[relation]) return;
  relations_[relation]->drop_set();
  return_free_memory();
}

std::vector<std::size_t> Engine::first_indexed_reads() const {
  const auto& plans = plan().strata;
  std::vector<std::size_t> first(relations_.size(), static_cast<std::size_t>(-1));
  for (std::size_t s = plans.size(); s-- > 0;) {
    const std::vector<bool> looked_up = flagged_in(plans[s], relations_.size(), mark_indexed_reads);
    for (std::uint32_t r = 0; r < relations_.size(); ++r)
      if (looked_up[r]) first[r] = s;
  }
  return first;
}

std::vector<std::size_t> Engine::first_uses() const {
  const auto& plans = plan().strata;
  constexpr auto never = static_cast<std::size_t>(-1);
  std::vector<std::size_t> first(relations_.size(), never);
  for (std::size_t s = plans.size(); s-- > 0;) {
    const std::vector<bool> read = flagged_in(plans[s], relations_.size(), mark_read);
    for (std::uint32_t r = 0; r < relations_.size(); ++r)
      if (read[r]) first[r] = s;
    // An input with rules too: its own rows come before the stratum adds to them.
    for (const auto& rp : plans[s].initial) first[program_->rules[rp.rule].head] = s;
  }
  // Claims are checked as the strata go: what they read is there from the start. So is
  // a relation no stratum reads (an output, a count), which costs the same either way.
  const std::vector<bool> in_claims = flagged_in_claims(plan(), relations_.size(), mark_read);
  for (std::uint32_t r = 0; r < relations_.size(); ++r)
    if (in_claims[r] || first[r] == never) first[r] = 0;
  return first;
}

void Engine::defer_input(std::uint32_t relation, std::function<void()> load) {
  deferred_inputs_.resize(relations_.size());
  deferred_inputs_[relation] = std::move(load);
}

void Engine::load_deferred_inputs(FunctionRef<bool(std::uint32_t relation)> due) {
  for (std::uint32_t r = 0; r < deferred_inputs_.size(); ++r)
    if (deferred_inputs_[r] && due(r)) {
      auto load = std::move(deferred_inputs_[r]);
      deferred_inputs_[r] = nullptr;
      load();
    }
}

std::vector<std::size_t> Engine::last_set_uses() const {
  // A stratum inserts into its own relations; inputs were deduplicated when loaded;
  // claims test by the set after the strata.
  return last_flagged(*program_, plan(), relations_.size(), mark_set_tests);
}

std::vector<std::size_t> Engine::last_reads() const {
  // A relation nothing reads goes after the stratum that makes it; outputs, counted
  // relations and what claims read stay.
  std::vector<std::size_t> last = last_flagged(*program_, plan(), relations_.size(), mark_read);
  for (std::uint32_t r = 0; r < relations_.size(); ++r) {
    const auto& relation = program_->relations[r];
    if (!relation.outputs.empty() || relation.printsize) last[r] = static_cast<std::size_t>(-1);
  }
  return last;
}

void Engine::run_rule(const plan::RulePlan& rule_plan) {
  const sem::Rule& rule = program_->rules[rule_plan.rule];
  current_relation_ = rule.head;
  current_rule_ = rule_plan.rule;
  current_height_ = 0;
  Relation& head = *relations_[rule.head];
  const std::size_t arity = rule.head_args.size();
  std::vector<std::uint64_t> registers(std::max<std::size_t>(1, rule.slots.size()), 0);
  // Derived tuples are inserted in batches: prefetching each batch's hash-table slots
  // first overlaps the cache misses of a large relation's inserts. Tuples wait at most
  // until the rule's run ends, so the next iteration's delta still holds them all.
  constexpr std::size_t batch = 32;
  std::vector<std::uint64_t> pending;
  std::vector<std::uint32_t> pending_heights;
  pending.reserve(batch * std::max<std::size_t>(1, arity));
  std::size_t count = 0;
  // Tuples of a rule whose solutions all differ, into a relation that starts empty, are
  // new by construction: they skip the deduplication set (see Relation::append_unique).
  const bool unique = rule_plan.distinct && head.size() == 0;
  auto flush = [&] {
    if (!unique)
      for (std::size_t t = 0; t < count; ++t) head.prefetch(pending.data() + t * arity);
    for (std::size_t t = 0; t < count; ++t) {
      if (unique)
        head.append_unique(pending.data() + t * arity);
      else if (!head.insert(pending.data() + t * arity))
        continue;
      if (provenance_) {
        auto& h = heights_[rule.head];
        auto& r = rules_of_row_[rule.head];
        const std::size_t row = head.size() - 1;
        if (h.size() < row) h.resize(row, 0), r.resize(row, no_row);
        h.push_back(pending_heights[t] + 1);
        r.push_back(current_rule_);
      }
      if (++derived_ > max_tuples_ || (derived_ & 0xFFF) == 0) check_limits();
    }
    pending.clear();
    pending_heights.clear();
    count = 0;
  };
  run(rule_plan.ops, registers.data(), [&](const std::uint64_t* regs) {
    for (std::size_t c = 0; c < arity; ++c) pending.push_back(eval(rule.head_args[c], regs));
    if (provenance_) pending_heights.push_back(current_height_);
    if (++count == batch) flush();
  });
  flush();
}

bool Engine::parallel_safe(const plan::RulePlan& rule_plan) const {
  const sem::Rule& rule = program_->rules[rule_plan.rule];
  for (const auto& h : rule.head_args)
    if (!expr_parallel_safe(h)) return false;
  return ops_parallel_safe(rule_plan.ops);
}

void Engine::run_rule_parallel(const plan::RulePlan& rule_plan) {
  const sem::Rule& rule = program_->rules[rule_plan.rule];
  current_relation_ = rule.head;
  current_rule_ = rule_plan.rule;
  Relation& head = *relations_[rule.head];
  const std::size_t arity = rule.head_args.size();
  const unsigned threads = pool_->threads();
  // candidates[t][g]: what thread t derived for the shards of group g.
  auto& candidates = candidates_;
  candidates.resize(threads);
  for (auto& per_thread : candidates) per_thread.resize(threads);
  std::vector<std::vector<const Relation::Candidates*>> by_group(threads);
  for (unsigned g = 0; g < threads; ++g)
    for (unsigned t = 0; t < threads; ++t) by_group[g].push_back(&candidates[t][g]);
  // A membership test on a delta needs row ids (Relation::find); settle that before the
  // threads start, as it changes the relation's set.
  for_each_op(rule_plan.ops, [&](const Op& op) {
    if (op.type == Op::Type::scan && op.delta && op.index == plan::no_index && !op.key_columns.empty())
      relations_[op.relation]->require_ids();
  });
  const Range delta = delta_[rule_plan.delta_relation];
  for (std::size_t round = delta.lo; round < delta.hi; round += parallel_round_rows) {
    const std::size_t round_end = std::min(delta.hi, round + parallel_round_rows);
    // 1. Each thread evaluates the body over its slice of the delta.
    pool_->run([&](unsigned t) {
      const std::size_t n = round_end - round;
      sliced = true;
      slice_lo = round + n * t / threads;
      slice_hi = round + n * (t + 1) / threads;
      struct Unslice {
        ~Unslice() { sliced = false; }
      } unslice;
      std::vector<std::uint64_t> registers(std::max<std::size_t>(1, rule.slots.size()), 0);
      SmallVector<std::uint64_t, 8> tuple(arity);
      auto& mine = candidates[t];
      run(rule_plan.ops, registers.data(), [&](const std::uint64_t* regs) {
        for (std::size_t c = 0; c < arity; ++c) tuple[c] = eval(rule.head_args[c], regs);
        head.add_candidate(tuple.data(), mine);
      });
    });
    // 2. Each thread deduplicates the candidates of its shards; then the new rows are
    //    appended in one pass and get their final ids.
    std::vector<const Relation::Candidates*> all;
    for (auto& per_thread : candidates)
      for (auto& c : per_thread) all.push_back(&c);
    std::size_t added = 0;
    if (head.begin_staging(threads, all)) {
      pool_->run([&](unsigned g) { head.stage(g, by_group[g]); });
      added = head.commit_staged();
      if (!head.packed()) pool_->run([&](unsigned g) { head.finish_staged(g); });  // packed rows have no ids to fix
    } else {
      for (const auto* c : all) added += head.insert_candidates(*c);
    }
    for (auto& per_thread : candidates)
      for (auto& c : per_thread) c.clear();
    derived_ += added;
    check_limits();
  }
}

void Engine::run(const std::vector<Op>& ops, std::uint64_t* registers, Sink sink) {
  run_op(ops, 0, registers, sink);
}

bool Engine::run_until(const std::vector<Op>& ops, std::uint64_t* registers,
                       FunctionRef<bool(const std::uint64_t*)> accept) {
  stop_ = false;
  run_op(ops, 0, registers, [&](const std::uint64_t* regs) {
    if (accept(regs)) stop_ = true;
  });
  const bool taken = stop_;
  stop_ = false;
  return taken;
}

void Engine::run_op(const std::vector<Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink) {
  if (trace_ && i >= trace_->deepest && i > 0) {
    trace_->deepest = i;
    trace_->deepest_registers.assign(registers, registers + trace_->register_count);
  }
  if (i == ops.size()) {
    sink(registers);
    return;
  }
  const Op& op = ops[i];
  switch (op.type) {
    case Op::Type::scan: run_scan(ops, i, registers, sink); return;
    case Op::Type::negation:
      if (negation_holds(op, registers)) run_op(ops, i + 1, registers, sink);
      return;
    case Op::Type::filter: {
      const sem::Literal& l = *op.literal;
      if (compare(l.cmp, l.lhs.kind, eval(l.lhs, registers), eval(l.rhs, registers)))
        run_op(ops, i + 1, registers, sink);
      return;
    }
    case Op::Type::builtin: {
      const sem::Literal& l = *op.literal;
      const std::uint64_t a = eval(l.lhs, registers), b = eval(l.rhs, registers);
      bool result;
      if (l.type == sem::Literal::Type::contains) {
        result = symbols_.text(b).find(symbols_.text(a)) != std::string::npos;
      } else {
        // A malformed pattern: neither match nor !match holds, as in Soufflé.
        if (!regex_for(a, l.lhs.loc)) return;
        result = bounded_match(a, b, l.lhs.loc);
      }
      if (result != l.negated) run_op(ops, i + 1, registers, sink);
      return;
    }
    case Op::Type::assign:
      registers[op.slot] = eval(op.expr, registers);
      run_op(ops, i + 1, registers, sink);
      return;
    case Op::Type::aggregate: run_aggregate(ops, i, registers, sink); return;
    case Op::Type::exists: run_condition(ops, i, registers, sink); return;
    case Op::Type::generate: run_generate(ops, i, registers, sink); return;
  }
}

// x = range(from, to[, step]): from, from + step, ... up to `to`, not included; the step
// is 1 towards `to` (-1 downwards) when not given, a step away from `to` gives nothing,
// and a step of 0 gives `from` alone (as Soufflé does), unless it is `to`.
void Engine::run_generate(const std::vector<Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink) {
  const Op& op = ops[i];
  const Expr& call = op.expr;
  const Kind kind = call.kind;
  const std::uint64_t from = eval(call.args[0], registers), to = eval(call.args[1], registers);
  const std::uint64_t given = op.checks_slot ? registers[op.slot] : 0;
  auto emit = [&](std::uint64_t value) {
    if ((++ticks & 0xFFFF) == 0) check_limits();
    if (op.checks_slot) {
      if (value == given) run_op(ops, i + 1, registers, sink);
      return;
    }
    registers[op.slot] = value;
    run_op(ops, i + 1, registers, sink);
  };
  if (kind == Kind::float_number) {
    const double a = as_float(from), b = as_float(to);
    const double step = call.args.size() > 2 ? as_float(eval(call.args[2], registers)) : (b >= a ? 1.0 : -1.0);
    if (!std::isfinite(a) || !std::isfinite(b) || std::isnan(step)) return;
    if (step == 0) {
      if (a != b) emit(from);
      return;
    }
    for (std::uint64_t k = 0;; ++k) {
      const double v = a + static_cast<double>(k) * step;
      if (step > 0 ? !(v < b) : !(v > b)) return;
      emit(from_float(v));
    }
  }
  if (kind == Kind::unsigned_number) {
    const bool up = to >= from;
    std::uint64_t step = 1;
    if (call.args.size() > 2) step = eval(call.args[2], registers);
    if (step == 0) {
      if (from != to) emit(from);
      return;
    }
    if (up)
      for (std::uint64_t v = from; v < to; v = to - v > step ? v + step : to) emit(v);
    else
      for (std::uint64_t v = from; v > to; v = v - to > step ? v - step : to) emit(v);
    return;
  }
  const std::int64_t a = as_int(from), b = as_int(to);
  const std::int64_t step = call.args.size() > 2 ? as_int(eval(call.args[2], registers)) : (b >= a ? 1 : -1);
  if (step == 0) {
    if (a != b) emit(from);
    return;
  }
  // Counted in unsigned arithmetic so that no step past either end overflows.
  if (step > 0 && a < b)
    for (std::uint64_t left = static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a), v = 0; v < left;
         v += static_cast<std::uint64_t>(step))
      emit(static_cast<std::uint64_t>(a) + v);
  if (step < 0 && a > b)
    for (std::uint64_t left = static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b), v = 0; v < left;
         v += static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(step))
      emit(static_cast<std::uint64_t>(a) - v);
}

// The condition runs until its first solution; inside that solution the rest of the plan
// runs once (its variables are the condition's own: nothing after reads them). Running
// the rest inside keeps the condition's rows on the trace for provenance.
void Engine::run_condition(const std::vector<Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink) {
  bool met = false;
  run_op(ops[i].sub, 0, registers, [&](const std::uint64_t*) {
    if (met) return;
    met = true;
    run_op(ops, i + 1, registers, sink);
    condition_met = true;  // the condition's scans (Op::in_condition) stop now
  });
  condition_met = false;
}

// The rows of a range scan (plan::Op::range_column), in the column's order between its
// bounds. Out of line so that run_scan's row loops, which most scans run, compile as
// they did before range scans existed (inlined here, they ran neg4k 8% slower).
template <class Visit, class StopsAfter>
[[gnu::noinline]] void scan_range(Engine& engine, const Op& op, const Relation& rel,
                                  const std::vector<std::uint32_t>& order, bool is_signed, std::uint64_t* registers,
                                  Visit& visit, bool may_stop_early, StopsAfter& stops_after, const bool& stop) {
  const auto column = static_cast<std::uint32_t>(op.range_column);
  auto less = [&](std::uint64_t a, std::uint64_t b) { return is_signed ? as_int(a) < as_int(b) : a < b; };
  auto row_below = [&](std::uint32_t r, std::uint64_t v) { return less(rel.row(r)[column], v); };
  auto value_below = [&](std::uint64_t v, std::uint32_t r) { return less(v, rel.row(r)[column]); };
  auto begin = order.begin(), end = order.end();
  if (op.range_low) {
    const std::uint64_t low = engine.eval(*op.range_low, registers);
    begin = op.low_strict ? std::upper_bound(begin, end, low, value_below) : std::lower_bound(begin, end, low, row_below);
  }
  if (op.range_high) {
    const std::uint64_t high = engine.eval(*op.range_high, registers);
    end = op.high_strict ? std::lower_bound(begin, end, high, row_below) : std::upper_bound(begin, end, high, value_below);
  }
  for (auto it = begin; it < end && !stop; ++it) {
    const bool matched = visit(*it);
    if (may_stop_early && stops_after(matched)) break;
  }
}

void Engine::run_scan(const std::vector<Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink) {
  const Op& op = ops[i];
  const Relation& rel = *relations_[op.relation];
  std::size_t lo = 0, hi = rel.size();
  if (op.delta) {
    lo = sliced ? slice_lo : delta_[op.relation].lo;
    hi = sliced ? slice_hi : delta_[op.relation].hi;
  } else if (op.old_only) {
    hi = delta_[op.relation].lo;
  }
  if (lo >= hi) return;

  // A scan after which the head is fixed (Op::head_complete) stops at the first solution
  // through it: the rule plan counts on it (RulePlan::distinct). Provenance keeps the
  // first derivation, which is the one found. A trace's sink may turn a solution down
  // to look for another (explanations under a height bound), so traces search on.
  bool produced = false;
  auto note_solution = [&](const std::uint64_t* solution) {
    produced = true;
    sink(solution);
  };
  const bool first_solution = op.head_complete && !trace_;
  const Sink rest = first_solution ? Sink(note_solution) : sink;

  // Whether the row matched (and the rest of the plan ran on it).
  auto visit = [&](std::uint32_t r) {
    // Counted per row, not per scan: a join that derives nothing still meets the limits.
    if ((++ticks & 0xFFFF) == 0) check_limits();
    const RowRef row = rel.row(r);
    for (auto& [col, other] : op.equal_columns)
      if (row[col] != row[other]) return false;
    for (auto& [col, slot] : op.binds) registers[slot] = row[col];
    if (!op.computed_columns.empty())
      for (auto& [col, value] : op.computed_columns)
        if (row[col] != eval(value, registers)) return false;
    if (!provenance_ && !trace_) {
      run_op(ops, i + 1, registers, rest);
      return true;
    }
    const std::uint32_t saved_height = current_height_;
    current_height_ = std::max(current_height_, height(op.relation, r));
    if (trace_) trace_->rows.emplace_back(op.relation, r);
    run_op(ops, i + 1, registers, rest);
    if (trace_) trace_->rows.pop_back();
    current_height_ = saved_height;
    return true;
  };
  // After a row: an existential scan stops at its first match, a condition's scans once
  // the condition has met.
  auto stops_after = [&](bool matched) { return (matched && op.existential) || condition_met || produced; };

  // Most scans never stop early: for them the test after each row is one predictable branch.
  const bool may_stop_early = op.existential || op.in_condition || first_solution;
  if (op.range_column >= 0 && !op.delta) {  // only the rows between the bounds, in the column's order
    const auto column = static_cast<std::uint32_t>(op.range_column);
    const bool is_signed = program_->relations[op.relation].attributes[column].kind == Kind::number;
    scan_range(*this, op, rel, sorted_rows(op.relation, column, is_signed), is_signed, registers, visit, may_stop_early,
               stops_after, stop_);
    return;
  }
  if (op.key_columns.empty()) {
    for (std::size_t r = lo; r < hi && !stop_; ++r) {
      const bool matched = visit(static_cast<std::uint32_t>(r));
      if (may_stop_early && stops_after(matched)) break;
    }
    return;
  }
  SmallVector<std::uint64_t, 8> key(op.key_values.size());
  for (std::size_t k = 0; k < key.size(); ++k) key[k] = eval(op.key_values[k], registers);
  if (op.index == plan::no_index) {  // every column is bound: a membership test
    if (!op.delta && !provenance_ && !trace_) {
      if (rel.contains(key.data())) run_op(ops, i + 1, registers, sink);
      return;
    }
    std::uint32_t r = rel.find(key.data());
    if (r != no_row && r >= lo && r < hi) visit(r);
    return;
  }
  for (std::uint32_t r = rel.first(op.index, key.data()); r != no_row && !stop_; r = rel.next(op.index, r)) {
    if (r >= hi) continue;
    if (r < lo) break;
    const bool matched = visit(r);
    if (may_stop_early && stops_after(matched)) break;
  }
}

const std::vector<std::uint32_t>& Engine::sorted_rows(std::uint32_t relation, std::uint32_t column, bool is_signed) {
  std::lock_guard<std::mutex> lock(sorted_mutex_);
  const Relation& rel = *relations_[relation];
  SortedColumn& sorted = sorted_[{relation, column}];
  if (sorted.generation == rel.generation() && sorted.size == rel.size() && sorted.rows.size() == rel.size())
    return sorted.rows;
  sorted.rows.resize(rel.size());
  for (std::uint32_t r = 0; r < sorted.rows.size(); ++r) sorted.rows[r] = r;
  std::sort(sorted.rows.begin(), sorted.rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::uint64_t x = rel.row(a)[column], y = rel.row(b)[column];
    return is_signed ? as_int(x) < as_int(y) : x < y;
  });
  sorted.generation = rel.generation();
  sorted.size = rel.size();
  return sorted.rows;
}

bool Engine::negation_holds(const Op& op, const std::uint64_t* registers) {
  const Relation& rel = *relations_[op.relation];
  if (op.key_columns.empty()) return rel.size() == 0;
  SmallVector<std::uint64_t, 8> key(op.key_values.size());
  for (std::size_t k = 0; k < key.size(); ++k) key[k] = eval(op.key_values[k], registers);
  if (op.index == plan::no_index) return !rel.contains(key.data());
  return rel.first(op.index, key.data()) == no_row;
}

const std::regex* Engine::regex_for(std::uint64_t pattern, const sem::Loc& loc) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return it->second.get();
  // libstdc++'s default (depth-first) matcher backtracks exponentially on patterns like
  // (a*)*c and recurses once per character, so a long symbol overflows the stack; its
  // polynomial (breadth-first) matcher does neither. It refuses back-references.
  auto flags = std::regex::ECMAScript;
#ifdef __GLIBCXX__
  flags |= std::regex_constants::__polynomial;
#endif
  const double states = regex_states(symbols_.text(pattern));
  if (std::isinf(states))
    runtime_error(loc, ErrorCode::bad_regex,
                  fmt::format("bad regular expression \"{}\": groups nested more than {} deep", symbols_.text(pattern),
                              max_regex_nesting));
  if (states > max_regex_states)
    runtime_error(loc, ErrorCode::bad_regex,
                  fmt::format("bad regular expression \"{}\": its repetitions and alternatives make it too large to "
                              "compile (about {:.0f} states, at most {:.0f}); use smaller counts in {{n,m}} or fewer "
                              "alternatives",
                              symbols_.text(pattern), states, max_regex_states));
  regex_sizes_[pattern] = states;
  try {
    auto re = std::make_unique<std::regex>(symbols_.text(pattern), flags);
    return regexes_.emplace(pattern, std::move(re)).first->second.get();
  } catch (const std::regex_error& e) {
    if (e.code() == std::regex_constants::error_complexity)
      runtime_error(loc, ErrorCode::bad_regex,
                    fmt::format("bad regular expression \"{}\": back-references (\\1) are not supported "
                                "in match(), they can take exponential time",
                                symbols_.text(pattern)));
    // Malformed: as in Soufflé, a warning, and the match fails.
    runtime_warning(loc, ErrorCode::regex_never_matches,
                    fmt::format("bad regular expression \"{}\": {}; neither match() nor !match() holds with it", symbols_.text(pattern),
                                e.what()));
    regexes_.emplace(pattern, nullptr);
    return nullptr;
  }
}

bool Engine::bounded_match(std::uint64_t pattern, std::uint64_t text, const sem::Loc& loc) {
  const std::regex* re = regex_for(pattern, loc);
  if (!re) return false;
  const std::string& s = symbols_.text(text);
  const double work = regex_sizes_[pattern] * static_cast<double>(s.size() + 1);
  if (work > max_regex_work)
    runtime_error(loc, ErrorCode::bad_regex,
                  fmt::format("match() of a {}-character symbol against \"{}\" would take about {:.0f} steps (at "
                              "most {:.0f}): use a simpler pattern, or contains()",
                              s.size(), symbols_.text(pattern).substr(0, 60), work, max_regex_work));
  return std::regex_match(s, *re);
}

bool Engine::compare(Cmp cmp, Kind kind, std::uint64_t a, std::uint64_t b) const {
  if (cmp == Cmp::eq && kind != Kind::float_number) return a == b;
  if (cmp == Cmp::ne && kind != Kind::float_number) return a != b;
  const int c = order(kind, a, b);
  if (kind == Kind::float_number && (std::isnan(as_float(a)) || std::isnan(as_float(b))))
    return cmp == Cmp::ne;
  switch (cmp) {
    case Cmp::eq: return c == 0;
    case Cmp::ne: return c != 0;
    case Cmp::lt: return c < 0;
    case Cmp::le: return c <= 0;
    case Cmp::gt: return c > 0;
    case Cmp::ge: return c >= 0;
  }
  return false;
}

int Engine::order(Kind kind, std::uint64_t a, std::uint64_t b) const {
  switch (kind) {
    case Kind::number: return as_int(a) < as_int(b) ? -1 : as_int(a) > as_int(b) ? 1 : 0;
    case Kind::unsigned_number: return a < b ? -1 : a > b ? 1 : 0;
    case Kind::float_number: {
      const double x = as_float(a), y = as_float(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case Kind::symbol: {
      if (a == b) return 0;
      const int c = symbols_.text(a).compare(symbols_.text(b));
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
  return 0;
}

std::vector<std::uint32_t> Engine::sorted_rows(std::uint32_t relation) const {
  const Relation& rel = *relations_[relation];
  const auto& attrs = program_->relations[relation].attributes;
  std::vector<std::uint32_t> ids(rel.size());
  std::iota(ids.begin(), ids.end(), 0u);
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t x, std::uint32_t y) {
    const RowRef a = rel.row(x);
    const RowRef b = rel.row(y);
    for (std::size_t c = 0; c < attrs.size(); ++c) {
      const int o = order(attrs[c].kind, a[c], b[c]);
      if (o != 0) return o < 0;
    }
    return false;
  });
  return ids;
}

Value Engine::to_value(Kind kind, std::uint64_t word) const {
  switch (kind) {
    case Kind::number: return as_int(word);
    case Kind::unsigned_number: return word;
    case Kind::float_number: return as_float(word);
    case Kind::symbol: return symbols_.text(word);
  }
  return std::int64_t{0};
}

std::string Engine::format(Kind kind, std::uint64_t word) const {
  return format_value(to_value(kind, word));
}

std::optional<std::uint64_t> Engine::from_value(Kind kind, const Value& value) {
  switch (kind) {
    case Kind::symbol:
      if (auto const* s = std::get_if<std::string>(&value)) return symbols_.intern(*s);
      return std::nullopt;
    case Kind::number:
      if (auto const* i = std::get_if<std::int64_t>(&value)) return static_cast<std::uint64_t>(*i);
      if (auto const* u = std::get_if<std::uint64_t>(&value); u && *u <= static_cast<std::uint64_t>(INT64_MAX))
        return *u;
      return std::nullopt;
    case Kind::unsigned_number:
      if (auto const* u = std::get_if<std::uint64_t>(&value)) return *u;
      if (auto const* i = std::get_if<std::int64_t>(&value); i && *i >= 0) return static_cast<std::uint64_t>(*i);
      return std::nullopt;
    case Kind::float_number:
      if (auto const* d = std::get_if<double>(&value)) return from_float(*d);
      if (auto const* i = std::get_if<std::int64_t>(&value)) return from_float(static_cast<double>(*i));
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kz::eval
