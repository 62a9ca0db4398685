// The evaluation plan: each rule body (and each claim body) as an ordered list of
// operations over numbered variable slots, with the indexes every lookup needs.
// Plans are computed once per program and printable (to_string), so tests can read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "semantics/ir.hpp"

namespace kz::plan {

inline constexpr std::uint32_t no_index = 0xFFFFFFFFu;  // scan, or the relation's tuple set

struct Op {
  // exists: `sub` is a condition run until its first solution, then the rest once.
  // generate: `slot = range(...)` (expr), each value in turn, or a check when slot is bound.
  enum class Type : std::uint8_t { scan, negation, filter, assign, aggregate, builtin, exists, generate };
  Type type = Type::scan;
  // scan / negation
  std::uint32_t relation = 0;
  bool delta = false;                                  // read only the last iteration's rows
  // In a delta version, an atom of the stratum's own relations written before the delta
  // atom reads only the rows from before the last iteration: semi-naive evaluation's
  // split, so that two new rows are joined once (in the version whose delta atom comes
  // first), not once per version. tc(x, y) :- tc(x, z), tc(z, y) joined every pair of
  // new rows twice.
  bool old_only = false;
  std::vector<std::uint32_t> key_columns;              // ascending
  std::vector<sem::Expr> key_values;                   // one per key column
  std::uint32_t index = no_index;                      // id in IndexRegistry for the relation
  std::vector<std::pair<std::uint32_t, std::int32_t>> binds;        // column -> slot
  std::vector<std::pair<std::uint32_t, std::uint32_t>> equal_columns;  // repeated new variable
  // An argument computed from variables this same scan binds (`choose(2*n, n, c)`): the
  // column must equal it, checked once the row's variables are bound.
  std::vector<std::pair<std::uint32_t, sem::Expr>> computed_columns;
  // A scan with no key whose column comparisons bound by what is bound before it
  // (`num(f), f <= x / 2`): only the rows between the bounds are read, in the column's
  // order (the engine keeps the relation's row numbers sorted by that column). The
  // comparisons still run after the scan. -1: none. Only on relations of earlier strata,
  // which do not change while the scan's rule runs.
  std::int32_t range_column = -1;
  std::optional<sem::Expr> range_low, range_high;
  bool low_strict = false, high_strict = false;
  // Nothing after this scan reads what it binds: the first matching row is enough.
  bool existential = false;
  // Every variable of the head is bound before this scan: whatever it and the ops after
  // it find, the head tuple is the same, so the first solution through it is enough
  // (`notminimal(x, y, u) :- ub(x, y, u), cover(w, u), ub(x, y, w)` stops at the first w).
  bool head_complete = false;
  // A scan of an exists condition's own: it stops once the condition has met.
  bool in_condition = false;
  // filter / builtin / assign
  const sem::Literal* literal = nullptr;
  std::int32_t slot = -1;                               // assign / generate target
  bool checks_slot = false;  // generate, aggregate: the target was bound before; compare with it
  sem::Expr expr;                                       // assign value
  // aggregate
  const sem::AggregateSpec* aggregate = nullptr;
  // The body's solutions already differ in the variables the aggregate ranges over
  // (sem::AggregateSpec::distinct_on): no solution needs setting aside as a repeat.
  bool bindings_distinct = false;
  std::vector<Op> sub;  // the aggregate's body, or the exists condition
  const sem::Literal* source = nullptr;                 // the literal this op came from
};

// The column sets each relation is looked up by; engines build one index per entry.
struct IndexRegistry {
  std::vector<std::vector<std::vector<std::uint32_t>>> by_relation;
  std::uint32_t request(std::uint32_t relation, const std::vector<std::uint32_t>& columns,
                        std::uint32_t arity);
};

struct RulePlan {
  std::uint32_t rule = 0;
  std::vector<Op> ops;
  // Different solutions of the body always give different head tuples: every column a
  // scan reads is a key or lands in a head argument. Into an empty relation, such a
  // rule's tuples need no deduplication.
  bool distinct = false;
  // In a delta version, the relation whose last iteration's rows the delta atom reads.
  std::uint32_t delta_relation = no_index;
};

// A rule's plan with the operations that share no variable with the head (`c(y), d(y)` in
// `a(x) :- b(x), c(y), d(y).`) moved first as exists conditions, evaluated until their first
// solution instead of once per row of the rest; and every scan whose bindings nothing
// after it reads marked existential. A plan with neither is returned as it was.
std::vector<Op> separate_independent_parts(std::vector<Op> ops, const std::vector<sem::Expr>& head_args,
                                           std::size_t slot_count);

// Whether every solution of `ops` gives a different tuple of `head_args` (see RulePlan).
bool solutions_distinct(const sem::Program& program, const std::vector<Op>& ops,
                        const std::vector<sem::Expr>& head_args);

struct StratumPlan {
  std::vector<RulePlan> initial;  // every rule, all atoms read whole relations
  std::vector<RulePlan> delta;    // recursive rules, one version per recursive atom
};

struct ClaimPlan {
  std::vector<std::vector<Op>> body;        // one per disjunct of B
  std::vector<std::vector<Op>> conclusion;  // one per disjunct of C, B's variables bound
  std::vector<Op> holds;                    // the hoisted aggregates of holds
};

struct ProgramPlan {
  std::vector<StratumPlan> strata;
  std::vector<ClaimPlan> claims;
  IndexRegistry indexes;
};

// Why a conjunction could not be ordered: a variable that nothing binds.
struct Unbound {
  const sem::Literal* literal = nullptr;  // null: the head or a claim's expression
  std::int32_t slot = -1;
  sem::Loc loc;
  std::string message;
};

using PlanResult = std::variant<std::vector<Op>, Unbound>;

// Orders `literals` for evaluation. `bound` says which slots are bound on entry (and on
// return, which are bound after). `delta_literal` is the index of the atom that reads
// the last iteration's rows, or -1.
PlanResult plan_conjunction(const sem::Program& program, const std::vector<sem::Literal>& literals,
                            std::vector<bool>& bound, int delta_literal, IndexRegistry& indexes);

// Plans every rule (with its semi-naive delta versions) and every claim of a checked
// program into `plan`. Returns false when it added an error to `diagnostics`: a variable
// that no positive atom binds, or a program too large to plan.
bool plan_program(const sem::Program& program, ProgramPlan& plan, std::vector<Diagnostic>& diagnostics);

// Printing (print.cpp; `kzrules run --show=plan`). One op a line, `indent` spaces deep,
// an aggregate's sub-plan two spaces under it; variables and expressions as the IR
// printer writes them (semantics/print.hpp).
std::string to_string(const sem::Program& program, const std::vector<Op>& ops,
                      const sem::Slots& slots, int indent = 0);
// The whole plan: each stratum's rule versions (initial, then delta), the index
// registry, then the claims' plans. Deterministic: the plan's own order throughout.
std::string to_string(const sem::Program& program, const ProgramPlan& plan);

}  // namespace kz::plan
