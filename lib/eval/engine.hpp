// The evaluator: relations and symbols of one database, the semi-naive fixpoint over the
// program's strata, and the interpreter that runs planned operations.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>


#include "eval/containers.hpp"
#include "eval/input_origins.hpp"
#include "eval/relation.hpp"
#include "eval/symbol_table.hpp"
#include "eval/worker_pool.hpp"
#include "kzrules/eval_options.hpp"
#include "kzrules/diagnostic.hpp"
#include "kzrules/errors.hpp"
#include "plan/plan.hpp"
#include "semantics/ir.hpp"

namespace kz::eval {

// No rule: Engine::rederive skips none.
inline constexpr std::uint32_t no_rule = 0xFFFFFFFFu;

// Called once per solution of a body, with the variable registers.
using Sink = FunctionRef<void(const std::uint64_t* registers)>;

class Engine {
 public:
  Engine(std::shared_ptr<const sem::Program> program, std::shared_ptr<const plan::ProgramPlan> plan);

  const sem::Program& program() const noexcept { return *program_; }
  const std::shared_ptr<const sem::Program>& shared_program() const noexcept { return program_; }
  const plan::ProgramPlan& plan() const noexcept { return *plan_; }
  SymbolTable& symbols() noexcept { return symbols_; }
  const SymbolTable& symbols() const noexcept { return symbols_; }
  Relation& relation(std::uint32_t id) { return *relations_[id]; }
  // Frees the deduplication set of an input relation that nothing will insert into or
  // test rows of by the set (called once its files are read): the set cost as much as
  // the rows, and only the loading needed it. A later use builds it again.
  void drop_set_if_unused(std::uint32_t relation);
  // Whether the relation was freed after its last use (EvalOptions::release_intermediate),
  // or its indexes could not be built again after one (out of memory).
  bool released(std::uint32_t id) const noexcept {
    return (id < released_.size() && released_[id]) || (id < relations_.size() && relations_[id]->indexes_suspended());
  }
  const Relation& relation(std::uint32_t id) const { return *relations_[id]; }

  void evaluate(const EvalOptions& options);
  // Has the next evaluation read an input relation when it first needs it: `load` runs
  // just before the first stratum that reads or derives the relation, when the strata
  // release what they are done with (EvalOptions::release_intermediate); at the start
  // otherwise, and for a relation the claims read. An input read only late then does
  // not add its rows to the peak of the strata before (Soufflé too loads an input in a
  // stratum of its own).
  void defer_input(std::uint32_t relation, std::function<void()> load);
  // evaluate() without the facts written in the language whose rule ids are listed
  // (flip's removal sets: a fact of a file fact set, or of the rules, left out).
  void evaluate_without(const EvalOptions& options, const std::vector<std::uint32_t>& facts_left_out);
  bool evaluated() const noexcept { return evaluated_; }
  // The relations hold a model computed elsewhere (a backend brought its rows back).
  void mark_evaluated() noexcept { evaluated_ = true; }
  // Derives again, after evaluate(), the relations marked in `derive` (indexed by
  // relation id): the caller has reset each of them to its input rows, and every relation
  // not marked must already hold what the fixpoint gives it. Runs, stratum by stratum,
  // only the rules whose head is marked, except rule `skip` (a fact left out). What a
  // robustness analysis needs to see one change to the facts without a whole evaluation.
  void rederive(const EvalOptions& options, const std::vector<bool>& derive,
                std::uint32_t skip = no_rule);

  // Runs planned operations; `registers` must hold a word for every slot.
  void run(const std::vector<plan::Op>& ops, std::uint64_t* registers, Sink sink);
  // Runs them until `accept` takes a solution; whether one was taken. The search stops
  // there (a claim's conclusion needs one solution, not all of them).
  bool run_until(const std::vector<plan::Op>& ops, std::uint64_t* registers,
                 FunctionRef<bool(const std::uint64_t* registers)> accept);

  std::uint64_t eval(const sem::Expr& e, const std::uint64_t* registers);
  bool compare(sem::Cmp cmp, Kind kind, std::uint64_t a, std::uint64_t b) const;
  // Output order of two words of one kind: numbers numerically, symbols by text.
  int order(Kind kind, std::uint64_t a, std::uint64_t b) const;
  std::vector<std::uint32_t> sorted_rows(std::uint32_t relation) const;

  Value to_value(Kind kind, std::uint64_t word) const;
  std::string format(Kind kind, std::uint64_t word) const;
  // Converts a host value to a column word; nullopt when the kinds do not fit.
  std::optional<std::uint64_t> from_value(Kind kind, const Value& value);

  // Throws the error of an expression that has no value (bad_input), with its code.
  [[noreturn]] void runtime_error(const sem::Loc& loc, ErrorCode code, const std::string& message) const;
  // Where Soufflé warns and goes on (a malformed regex, substr out of range): a warning,
  // once a place and at most 20 in all; under strict, the error instead. Never called on
  // worker threads (the calls that warn intern symbols or compile patterns).
  void runtime_warning(const sem::Loc& loc, ErrorCode code, const std::string& message);
  // A warning located elsewhere (a fact file's line), kept as runtime_warning keeps its
  // own; under strict, thrown as an error (bad_input) instead.
  void add_warning(Diagnostic warning);
  const std::vector<Diagnostic>& runtime_warnings() const noexcept { return runtime_warnings_; }
  void set_strict(bool strict) noexcept { strict_ = strict; }
  // Whether integer arithmetic wraps rather than stopping (sem::Program::wrap_integers).
  bool wraps_integers() const noexcept { return program_->wrap_integers; }

  std::size_t derived_tuples() const noexcept { return derived_; }

  // ---- provenance (kept only when EvalOptions::record_provenance is set) -------------
  // Where an input row came from: a fact file and line (recorded for every input row).
  using InputOrigin = eval::InputOrigin;
  // Removes the rows whose columns equal `values` where `mask` is set (what-if analysis,
  // before evaluation); returns how many went.
  // Removes the rows `remove` picks (before evaluation); returns how many went.
  std::size_t remove_rows_if(std::uint32_t relation, FunctionRef<bool(RowRef)> remove);
  std::size_t remove_matching(std::uint32_t relation, const std::vector<std::uint64_t>& values,
                              const std::vector<bool>& mask);
  void record_input(std::uint32_t relation, std::uint32_t row, const std::string& file, std::uint32_t line);
  std::optional<InputOrigin> input_origin(std::uint32_t relation, std::uint32_t row) const;
  const std::vector<std::string>& input_files() const noexcept { return input_files_; }
  bool provenance() const noexcept { return provenance_; }
  // The rule that first derived a row and the height of that derivation (0: not derived
  // by a rule: an input row).
  std::uint32_t height(std::uint32_t relation, std::uint32_t row) const {
    const auto& h = heights_[relation];
    return row < h.size() ? h[row] : 0;
  }
  std::optional<std::uint32_t> deriving_rule(std::uint32_t relation, std::uint32_t row) const {
    const auto& r = rules_of_row_[relation];
    if (row >= r.size() || r[row] == no_row) return std::nullopt;
    return r[row];
  }

  // Tracing for explanations: the rows each solution used, and the deepest operation a
  // search reached (with the registers at that point), for "why not".
  struct Trace {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;  // (relation, row) of each scan
    std::size_t deepest = 0;
    std::vector<std::uint64_t> deepest_registers;
    std::size_t register_count = 0;
  };
  void set_trace(Trace* trace) noexcept { trace_ = trace; }
  // Plans a conjunction after evaluation (for explanations), adding indexes as needed.
  plan::PlanResult plan_query(const std::vector<sem::Literal>& literals, std::vector<bool>& bound);

 private:
  struct Range {
    std::size_t lo = 0, hi = 0;
  };

  // The fixpoint over every stratum; with `derive`, only the rules whose head it marks;
  // never the rules in `skip`.
  void run_strata(const EvalOptions& options, const std::vector<bool>* derive, const std::vector<std::uint32_t>& skip);
  void run_op(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_scan(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  bool negation_holds(const plan::Op& op, const std::uint64_t* registers);
  void run_aggregate(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_condition(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_generate(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_rule(const plan::RulePlan& rule_plan);
  // A delta rule over a large delta with -j N: the delta is split between the threads,
  // and the head's hash-set shards too (see Relation::stage).
  void run_rule_parallel(const plan::RulePlan& rule_plan);
  // Whether a rule can run on several threads: nothing in it adds symbols or compiles a
  // regular expression (the two caches an evaluation writes to).
  bool parallel_safe(const plan::RulePlan& rule_plan) const;
  void check_limits();
  // The compiled pattern; null for a malformed one, which matches nothing (W0007).
  const std::regex* regex_for(std::uint64_t pattern, const sem::Loc& loc);
  // match(pattern, text), refused with bad_regex when it would run past max_regex_work.
  bool bounded_match(std::uint64_t pattern, std::uint64_t text, const sem::Loc& loc);

  std::shared_ptr<const sem::Program> program_;
  std::shared_ptr<const plan::ProgramPlan> plan_;
  SymbolTable symbols_;
  std::vector<std::unique_ptr<Relation>> relations_;
  std::vector<bool> released_;  // by relation: freed after its last use
  std::vector<bool> set_used_;  // by relation: a rule inserts into it or tests rows by its set
  // For each relation, the last stratum that reads it, or none (SIZE_MAX) when it must
  // outlive the evaluation (an output, a .printsize, a claim's).
  std::vector<std::size_t> last_reads() const;
  // By relation: the last stratum that inserts into it or tests its rows by the
  // deduplication set (-1 when a claim does); after it the set can go.
  std::vector<std::size_t> last_set_uses() const;
  // By relation: the first stratum that looks its rows up by an index, or -1.
  std::vector<std::size_t> first_indexed_reads() const;
  // By relation: the first stratum that reads it or derives it; `never` for none.
  std::vector<std::size_t> first_uses() const;
  // Runs the deferred loads of the relations `due` selects, once each.
  void load_deferred_inputs(FunctionRef<bool(std::uint32_t relation)> due);
  std::vector<std::function<void()>> deferred_inputs_;  // by relation, when any
  std::vector<Range> delta_;
  std::unique_ptr<WorkerPool> pool_;  // during evaluate() with -j N > 1
  // candidates_[t][g]: what thread t derived for group g in a parallel round; kept
  // between rounds and rules so their buffers are allocated once.
  std::vector<std::vector<Relation::Candidates>> candidates_;
  // A relation's row numbers in the order of one integer column, for range scans
  // (plan::Op::range_column): built on first use, rebuilt when the rows are not the same.
  struct SortedColumn {
    std::uint64_t generation = 0;
    std::size_t size = 0;
    std::vector<std::uint32_t> rows;
  };
  const std::vector<std::uint32_t>& sorted_rows(std::uint32_t relation, std::uint32_t column, bool is_signed);
  std::mutex sorted_mutex_;  // scans on worker threads may ask for a sorted column
  std::map<std::pair<std::uint32_t, std::uint32_t>, SortedColumn> sorted_;
  std::unordered_map<std::uint64_t, std::unique_ptr<std::regex>> regexes_;
  std::unordered_map<std::uint64_t, double> regex_sizes_;  // estimated states of each compiled pattern
  bool evaluated_ = false;
  std::uint64_t autoinc_ = 0;  // the next value of autoinc()
  // Set by run_until's caller-facing sink to end the search: scans stop visiting rows.
  bool stop_ = false;
  bool strict_ = false;
  std::vector<Diagnostic> runtime_warnings_;

  // Limits of the running evaluation.
  std::uint64_t max_tuples_ = default_max_tuples;
  std::size_t derived_ = 0;
  bool has_deadline_ = false;
  std::chrono::steady_clock::time_point deadline_;
  double timeout_seconds_ = 0;
  bool shared_deadline_ = false;  // the deadline is an analysis's, over all its evaluations
  std::uint32_t current_relation_ = 0;

  bool provenance_ = false;
  std::uint32_t current_height_ = 0;
  std::uint32_t current_rule_ = 0;
  std::vector<std::vector<std::uint32_t>> heights_;
  std::vector<std::vector<std::uint32_t>> rules_of_row_;
  std::vector<InputOrigins> input_origins_;
  std::vector<std::string> input_files_;
  Trace* trace_ = nullptr;
  plan::IndexRegistry query_indexes_;
};

}  // namespace kz::eval
