// Orders each body for evaluation and picks the index every lookup needs. Greedy: cheap
// checks as soon as their variables are bound, then the atom with the most bound
// columns (the delta atom first in semi-naive versions). A literal that can never be
// scheduled names the variable nothing binds: that is range restriction.
#include "plan/plan.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

namespace kz::plan {

using sem::Expr;
using sem::ExprOp;
using sem::Literal;

std::uint32_t IndexRegistry::request(std::uint32_t relation, const std::vector<std::uint32_t>& columns,
                                     std::uint32_t arity) {
  if (columns.empty() || columns.size() == arity) return no_index;
  if (by_relation.size() <= relation) by_relation.resize(relation + 1);
  auto& list = by_relation[relation];
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == columns) return static_cast<std::uint32_t>(i);
  list.push_back(columns);
  return static_cast<std::uint32_t>(list.size() - 1);
}

namespace {

bool all_bound(const Expr& e, const std::vector<bool>& bound) {
  if (e.op == ExprOp::variable) return bound[static_cast<std::size_t>(e.slot)];
  return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return all_bound(a, bound); });
}

const Expr* first_unbound_expr(const Expr& e, const std::vector<bool>& bound) {
  if (e.op == ExprOp::variable) return bound[static_cast<std::size_t>(e.slot)] ? nullptr : &e;
  for (const auto& a : e.args)
    if (auto const* x = first_unbound_expr(a, bound)) return x;
  return nullptr;
}

// `bound` with the variables the atom's plain arguments bind added.
std::vector<bool> bound_after(const Literal& l, std::vector<bool> bound) {
  for (const auto& a : l.args)
    if (a.op == ExprOp::variable) bound[static_cast<std::size_t>(a.slot)] = true;
  return bound;
}

// An atom can be scanned when each argument is a variable, a wildcard, bound, or computed
// from variables bound by then or by the atom's own plain arguments (`choose(2*n, n, c)`,
// a check on each row).
bool atom_ready(const Literal& l, const std::vector<bool>& bound) {
  bool needs_own = false;
  for (const auto& a : l.args)
    if (a.op != ExprOp::variable && a.op != ExprOp::wildcard && !all_bound(a, bound)) needs_own = true;
  if (!needs_own) return true;
  const std::vector<bool> after = bound_after(l, bound);
  return std::all_of(l.args.begin(), l.args.end(), [&](const Expr& a) {
    return a.op == ExprOp::variable || a.op == ExprOp::wildcard || all_bound(a, after);
  });
}

int bound_columns(const Literal& l, const std::vector<bool>& bound) {
  int n = 0;
  for (const auto& a : l.args)
    if (a.op != ExprOp::wildcard && all_bound(a, bound)) ++n;
  return n;
}

Op make_lookup(const sem::Program& program, const Literal& l, std::vector<bool>& bound,
               IndexRegistry& indexes, bool negation) {
  Op op;
  op.type = negation ? Op::Type::negation : Op::Type::scan;
  op.relation = l.relation;
  op.source = &l;
  std::vector<std::pair<std::int32_t, std::uint32_t>> fresh;  // slot -> first column
  for (std::uint32_t col = 0; col < l.args.size(); ++col) {
    const Expr& a = l.args[col];
    if (a.op == ExprOp::wildcard) continue;
    if (a.op == ExprOp::variable && !bound[static_cast<std::size_t>(a.slot)]) {
      auto it = std::find_if(fresh.begin(), fresh.end(), [&](auto& p) { return p.first == a.slot; });
      if (it != fresh.end()) {
        op.equal_columns.emplace_back(col, it->second);
      } else {
        fresh.emplace_back(a.slot, col);
        op.binds.emplace_back(col, a.slot);
      }
      continue;
    }
    if (!negation && !all_bound(a, bound)) {  // computed from what this scan binds
      op.computed_columns.emplace_back(col, a);
      continue;
    }
    op.key_columns.push_back(col);
    op.key_values.push_back(a);
  }
  for (auto& [slot, col] : fresh) bound[static_cast<std::size_t>(slot)] = true;
  op.index = indexes.request(l.relation, op.key_columns, program.relations[l.relation].arity());
  return op;
}

// What planning one literal now gives: nothing (it cannot run yet), its operation, or
// the reason the whole conjunction cannot be planned.
using Step = std::variant<std::monostate, Op, Unbound>;

Op check_op(Op::Type type, const Literal& l) {
  Op op;
  op.type = type;
  op.literal = &l;
  op.source = &l;
  return op;
}

// `x = range(a, b)` (either way round) generates x once a and b are bound; a bound x is
// checked against each value.
Step plan_range(const Literal& l, std::vector<bool>& bound) {
  const bool on_right = sem::is_range_call(l.rhs);
  const Expr& call = on_right ? l.rhs : l.lhs;
  const Expr& target = on_right ? l.lhs : l.rhs;
  if (!all_bound(call, bound)) return {};
  Op op = check_op(Op::Type::generate, l);
  op.expr = call;
  op.slot = target.slot;
  op.checks_slot = bound[static_cast<std::size_t>(target.slot)];
  bound[static_cast<std::size_t>(target.slot)] = true;
  return op;
}

// A comparison runs once both sides are bound; x = e with e bound assigns x.
Step plan_comparison(const Literal& l, std::vector<bool>& bound) {
  if (sem::is_range_call(l.lhs) || sem::is_range_call(l.rhs)) return plan_range(l, bound);
  const bool lb = all_bound(l.lhs, bound), rb = all_bound(l.rhs, bound);
  if (lb && rb) return check_op(Op::Type::filter, l);
  if (l.cmp == sem::Cmp::eq && ((l.lhs.op == ExprOp::variable && !lb && rb) ||
                                (l.rhs.op == ExprOp::variable && !rb && lb))) {
    const bool into_lhs = l.lhs.op == ExprOp::variable && !lb;
    Op op = check_op(Op::Type::assign, l);
    op.slot = into_lhs ? l.lhs.slot : l.rhs.slot;
    op.expr = into_lhs ? l.rhs : l.lhs;
    bound[static_cast<std::size_t>(op.slot)] = true;
    return op;
  }
  return {};
}

// An aggregate runs once its grouping keys are bound; its body is planned then.
Step plan_aggregate(const sem::Program& program, const Literal& l, std::vector<bool>& bound,
                    IndexRegistry& indexes) {
  const auto& spec = *l.aggregate;
  if (!std::all_of(spec.outer_slots.begin(), spec.outer_slots.end(),
                   [&](std::int32_t s) { return bound[static_cast<std::size_t>(s)]; }))
    return {};
  std::vector<bool> inner = bound;
  auto sub = plan_conjunction(program, spec.body, inner, -1, indexes);
  if (auto* failure = std::get_if<Unbound>(&sub)) return *failure;
  if (spec.target) {
    if (auto const* x = first_unbound_expr(*spec.target, inner))
      return Unbound{&l, x->slot, x->loc, "the aggregate's target uses a variable its body does not bind"};
  }
  Op op;
  op.type = Op::Type::aggregate;
  op.aggregate = &spec;
  op.slot = spec.result_slot;
  op.sub = std::move(std::get<std::vector<Op>>(sub));
  op.source = &l;
  if (!spec.distinct_on.empty()) {
    std::vector<sem::Expr> ranged_over;
    for (const auto slot : spec.distinct_on) {
      sem::Expr variable;
      variable.op = ExprOp::variable;
      variable.slot = slot;
      ranged_over.push_back(std::move(variable));
    }
    op.bindings_distinct = solutions_distinct(program, op.sub, ranged_over);
  }
  // `1 = count : { ... }` may have given the result its value first: then the aggregate
  // checks it instead of overwriting it.
  op.checks_slot = bound[static_cast<std::size_t>(spec.result_slot)];
  bound[static_cast<std::size_t>(spec.result_slot)] = true;
  return op;
}

// Every literal but a positive atom: checks and assignments, which only cut or extend
// the current row, so they run as soon as they can.
Step plan_check(const sem::Program& program, const Literal& l, std::vector<bool>& bound,
                IndexRegistry& indexes) {
  switch (l.type) {
    case Literal::Type::compare: return plan_comparison(l, bound);
    case Literal::Type::contains:
    case Literal::Type::match:
      if (all_bound(l.lhs, bound) && all_bound(l.rhs, bound)) return check_op(Op::Type::builtin, l);
      return {};
    case Literal::Type::negation:
      if (std::all_of(l.args.begin(), l.args.end(),
                      [&](const Expr& a) { return a.op == ExprOp::wildcard || all_bound(a, bound); }))
        return make_lookup(program, l, bound, indexes, true);
      return {};
    case Literal::Type::aggregate: return plan_aggregate(program, l, bound, indexes);
    case Literal::Type::atom: return {};
  }
  return {};
}

constexpr std::size_t max_lookahead_literals = 64;

// Whether every argument of the atom is bound (or `_`): reading it is a membership test.
bool is_membership_test(const Literal& l, const std::vector<bool>& bound) {
  return std::all_of(l.args.begin(), l.args.end(),
                     [&](const Expr& a) { return a.op == ExprOp::wildcard || all_bound(a, bound); });
}

// How many other atoms still to scan would have every argument bound once `l` is read:
// each becomes a membership test that cuts rows early. Between two atoms with as many
// bound columns, the one that lets a test run sooner goes first (`trust(z1, z2, p),
// host(h2, z2), Exposed(h2, p)` before `host(h1, z1)`).
int tests_unlocked(const std::vector<Literal>& literals, const std::vector<bool>& done, std::size_t l,
                   const std::vector<bool>& bound) {
  const std::vector<bool> after = bound_after(literals[l], bound);
  int n = 0;
  for (std::size_t j = 0; j < literals.size(); ++j) {
    if (j == l || done[j] || literals[j].type != Literal::Type::atom) continue;
    if (is_membership_test(literals[j], after) && !is_membership_test(literals[j], bound)) ++n;
  }
  return n;
}

// The columns of an atom that reading it binds: its variables not bound yet.
int free_columns(const Literal& l, const std::vector<bool>& bound) {
  int n = 0;
  for (const auto& a : l.args)
    if (a.op == ExprOp::variable && !bound[static_cast<std::size_t>(a.slot)]) ++n;
  return n;
}

// How good a ready atom is to read next; a larger rank is better, compared in order.
struct AtomRank {
  bool delta = false;  // the rule's delta atom always goes first
  bool keyed = false;  // a lookup on bound columns, never a whole-relation scan
  int free = 0;        // fewer free columns first: each multiplies the rows a key finds
  int unlocked = 0;    // then the one that turns more atoms into membership tests
  bool better_than(const AtomRank& o) const {
    if (delta != o.delta) return delta;
    if (keyed != o.keyed) return keyed;
    if (!keyed) return false;  // whole-relation scans: the first written stays first
    if (free != o.free) return free < o.free;
    return unlocked > o.unlocked;
  }
};

// The atom to scan next: the delta atom, else among lookups on bound columns the one that
// binds the fewest new variables (a membership test binds none), ties going to the one
// that unlocks more membership tests, then to the first written; else the first written
// whole-relation scan. -1 when no atom is ready.
//
// Sizes are not known when planning: the number of free columns stands in for the rows a
// key finds. Which of `ub(x, y, w)` (x, y bound) and `cover(w, u)` (u bound) finds fewer
// rows depends on the data; both bind one variable, so the writer's order decides, as it
// does in Soufflé.
int best_atom(const std::vector<Literal>& literals, const std::vector<bool>& done,
              const std::vector<bool>& bound, int delta_literal) {
  int pick = -1;
  AtomRank best;
  for (std::size_t i = 0; i < literals.size(); ++i) {
    if (done[i] || literals[i].type != Literal::Type::atom || !atom_ready(literals[i], bound)) continue;
    AtomRank rank;
    rank.delta = static_cast<int>(i) == delta_literal;
    rank.keyed = bound_columns(literals[i], bound) > 0;
    rank.free = free_columns(literals[i], bound);
    // Looking ahead costs a pass over the body for each candidate: only for keyed scans
    // that bind something new, in bodies of ordinary length (a rule of hundreds of atoms
    // is planned as before, within the planning budget).
    rank.unlocked = rank.keyed && rank.free > 0 && literals.size() <= max_lookahead_literals
                        ? tests_unlocked(literals, done, i, bound)
                        : 0;
    if (pick < 0 || rank.better_than(best)) best = rank, pick = static_cast<int>(i);
  }
  return pick;
}

// Nothing left can run: names the first variable that nothing binds.
Unbound explain_unbound(const std::vector<Literal>& literals, const std::vector<bool>& done,
                        const std::vector<bool>& bound) {
  for (std::size_t i = 0; i < literals.size(); ++i) {
    if (done[i]) continue;
    const Literal& l = literals[i];
    std::vector<const Expr*> exprs;
    if (l.type == Literal::Type::compare || l.type == Literal::Type::contains ||
        l.type == Literal::Type::match) {
      exprs = {&l.lhs, &l.rhs};
    } else {
      for (const auto& a : l.args) exprs.push_back(&a);
    }
    for (const Expr* e : exprs)
      if (auto const* x = first_unbound_expr(*e, bound)) {
        const char* what = l.type == Literal::Type::negation ? "is negated"
                           : l.type == Literal::Type::atom   ? "is used in an argument expression"
                                                             : "is compared";
        return Unbound{&l, x->slot, x->loc, fmt::format("{} but no positive atom binds it", what)};
      }
    if (l.type == Literal::Type::aggregate)
      for (auto s : l.aggregate->outer_slots)
        if (!bound[static_cast<std::size_t>(s)])
          return Unbound{&l, s, l.loc, "is a grouping key of an aggregate but nothing outside binds it"};
  }
  return Unbound{&literals.front(), -1, literals.front().loc, "cannot be evaluated"};
}

bool is_constant_expr(const Expr& e) {
  if (e.op == ExprOp::variable) return false;
  return std::all_of(e.args.begin(), e.args.end(), [](const Expr& a) { return is_constant_expr(a); });
}

// Bounds on a keyless scan's column from the comparisons still to run whose other side
// is bound before the scan (see Op::range_column). Integers only: their order is the
// words' order, as signed or unsigned numbers.
void add_range(Op& op, const std::vector<Literal>& literals, const std::vector<bool>& done,
               const std::vector<bool>& bound_before) {
  if (op.type != Op::Type::scan || op.delta || !op.key_columns.empty()) return;
  auto column_of = [&](const Expr& e) -> std::int32_t {
    if (e.op != ExprOp::variable || bound_before[static_cast<std::size_t>(e.slot)]) return -1;
    if (e.kind != Kind::number && e.kind != Kind::unsigned_number) return -1;
    for (const auto& [column, slot] : op.binds)
      if (slot == e.slot) return static_cast<std::int32_t>(column);
    return -1;
  };
  for (std::size_t j = 0; j < literals.size(); ++j) {
    const Literal& l = literals[j];
    if (done[j] || l.type != Literal::Type::compare || l.cmp == sem::Cmp::eq || l.cmp == sem::Cmp::ne) continue;
    // Read as `column cmp value`.
    sem::Cmp cmp = l.cmp;
    std::int32_t column = column_of(l.lhs);
    const Expr* value = &l.rhs;
    if (column < 0) {
      column = column_of(l.rhs);
      value = &l.lhs;
      cmp = cmp == sem::Cmp::lt ? sem::Cmp::gt : cmp == sem::Cmp::le ? sem::Cmp::ge : cmp == sem::Cmp::gt ? sem::Cmp::lt : sem::Cmp::le;
    }
    if (column < 0 || !all_bound(*value, bound_before) || value->kind != l.lhs.kind || l.lhs.kind != l.rhs.kind)
      continue;
    if (op.range_column >= 0 && op.range_column != column) continue;
    const bool upper = cmp == sem::Cmp::lt || cmp == sem::Cmp::le;
    auto& slot = upper ? op.range_high : op.range_low;
    if (slot) continue;  // the first bound of each side
    op.range_column = column;
    slot = *value;
    (upper ? op.high_strict : op.low_strict) = cmp == sem::Cmp::lt || cmp == sem::Cmp::gt;
  }
  // Bounds that are constants read the scan's rows once: sorting them would cost more
  // than the filter saves. A bound on an outer row's variable is asked again each row.
  auto varies = [](const std::optional<Expr>& e) {
    return e && !is_constant_expr(*e);
  };
  if (op.range_column >= 0 && !varies(op.range_low) && !varies(op.range_high)) {
    op.range_column = -1;
    op.range_low.reset();
    op.range_high.reset();
  }
}

}  // namespace

PlanResult plan_conjunction(const sem::Program& program, const std::vector<Literal>& literals,
                            std::vector<bool>& bound, int delta_literal, IndexRegistry& indexes) {
  std::vector<Op> ops;
  std::vector<bool> done(literals.size(), false);
  for (std::size_t remaining = literals.size(); remaining > 0; --remaining) {
    int pick = -1;
    for (std::size_t i = 0; i < literals.size() && pick < 0; ++i) {
      if (done[i]) continue;
      Step step = plan_check(program, literals[i], bound, indexes);
      if (auto* failure = std::get_if<Unbound>(&step)) return *failure;
      if (auto* op = std::get_if<Op>(&step)) {
        ops.push_back(std::move(*op));
        pick = static_cast<int>(i);
      }
    }
    if (pick < 0) {
      pick = best_atom(literals, done, bound, delta_literal);
      if (pick < 0) return explain_unbound(literals, done, bound);
      const std::vector<bool> bound_before = bound;
      Op op = make_lookup(program, literals[static_cast<std::size_t>(pick)], bound, indexes, false);
      op.delta = pick == delta_literal;
      std::vector<bool> others_done = done;
      others_done[static_cast<std::size_t>(pick)] = true;
      add_range(op, literals, others_done, bound_before);
      ops.push_back(std::move(op));
    }
    done[static_cast<std::size_t>(pick)] = true;
  }
  return ops;
}

}  // namespace kz::plan
