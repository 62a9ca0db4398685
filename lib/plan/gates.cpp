// Two rewrites of a rule's plan that change no row, only how much the evaluator
// enumerates (plan.hpp, separate_independent_parts). Soufflé makes both: it reduces atoms
// whose variables are used nowhere else to existence checks, and it evaluates a body's
// parts that share no variable with the head once, as a condition.
#include <algorithm>
#include <numeric>

#include "plan/plan.hpp"

namespace kz::plan {

namespace {

using sem::Expr;
using sem::ExprOp;
using Slots = std::vector<std::int32_t>;

void slots_of(const Expr& e, Slots& out) {
  if (e.op == ExprOp::variable) out.push_back(e.slot);
  for (const auto& a : e.args) slots_of(a, out);
}

// The variables an operation needs bound before it runs.
Slots reads_of(const Op& op) {
  Slots out;
  for (const auto& k : op.key_values) slots_of(k, out);
  for (const auto& [column, value] : op.computed_columns) slots_of(value, out);
  if (op.type == Op::Type::assign || op.type == Op::Type::generate) slots_of(op.expr, out);
  if ((op.type == Op::Type::generate || op.type == Op::Type::aggregate) && op.checks_slot) out.push_back(op.slot);
  if ((op.type == Op::Type::filter || op.type == Op::Type::builtin) && op.literal) {
    slots_of(op.literal->lhs, out);
    slots_of(op.literal->rhs, out);
  }
  if (op.type == Op::Type::aggregate) out.insert(out.end(), op.aggregate->outer_slots.begin(), op.aggregate->outer_slots.end());
  if (op.type == Op::Type::exists)
    for (const auto& inner : op.sub) {
      const Slots more = reads_of(inner);
      out.insert(out.end(), more.begin(), more.end());
    }
  return out;
}

// The variables an operation binds.
Slots binds_of(const Op& op) {
  Slots out;
  for (const auto& [column, slot] : op.binds) out.push_back(slot);
  if (op.type == Op::Type::assign || ((op.type == Op::Type::generate || op.type == Op::Type::aggregate) && !op.checks_slot))
    out.push_back(op.slot);
  if (op.type == Op::Type::exists)
    for (const auto& inner : op.sub) {
      const Slots more = binds_of(inner);
      out.insert(out.end(), more.begin(), more.end());
    }
  return out;
}

struct Components {
  explicit Components(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t i) { return parent[i] == i ? i : parent[i] = find(parent[i]); }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
  std::vector<std::size_t> parent;
};

// A scan whose bound variables nothing after it reads (nor the head) needs one row: the
// first that matches (`r(x, _)`, `c(_, _, _)`).
void mark_existential_scans(std::vector<Op>& ops, std::vector<bool> needed) {
  for (std::size_t k = ops.size(); k-- > 0;) {
    Op& op = ops[k];
    if (op.type == Op::Type::exists) {
      mark_existential_scans(op.sub, std::vector<bool>(needed.size(), false));
    } else if (op.type == Op::Type::scan) {
      op.existential = std::none_of(op.binds.begin(), op.binds.end(),
                                    [&](const auto& bind) { return needed[static_cast<std::size_t>(bind.second)]; });
    }
    for (auto s : binds_of(op)) needed[static_cast<std::size_t>(s)] = false;
    for (auto s : reads_of(op)) needed[static_cast<std::size_t>(s)] = true;
  }
}

// From the first op before which every head variable is bound, each scan needs only
// the first solution of what follows it: any other gives the same head tuple again.
void mark_head_complete_scans(std::vector<Op>& ops, const Slots& head, std::size_t slot_count) {
  std::vector<bool> bound(slot_count, false);
  bool complete = false;
  for (Op& op : ops) {
    complete = complete || std::all_of(head.begin(), head.end(), [&](std::int32_t s) {
                 return bound[static_cast<std::size_t>(s)];
               });
    if (complete && op.type == Op::Type::scan) op.head_complete = true;
    for (auto s : binds_of(op)) bound[static_cast<std::size_t>(s)] = true;
  }
}

}  // namespace

std::vector<Op> separate_independent_parts(std::vector<Op> ops, const std::vector<Expr>& head_args,
                                           std::size_t slot_count) {
  // Operations that share a variable belong together.
  Components components(ops.size());
  std::vector<std::size_t> first_use(slot_count, ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    Slots used = reads_of(ops[i]);
    const Slots bound = binds_of(ops[i]);
    used.insert(used.end(), bound.begin(), bound.end());
    for (auto s : used) {
      auto& first = first_use[static_cast<std::size_t>(s)];
      if (first == ops.size())
        first = i;
      else
        components.join(i, first);
    }
  }
  Slots head;
  for (const auto& h : head_args) slots_of(h, head);
  std::vector<bool> feeds_head(ops.size(), false);
  for (auto s : head)
    if (first_use[static_cast<std::size_t>(s)] < ops.size()) feeds_head[components.find(first_use[static_cast<std::size_t>(s)])] = true;

  // The parts the head does not see become conditions, first and in their order.
  std::vector<Op> gates, rest;
  std::vector<std::size_t> gate_of(ops.size(), ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::size_t root = components.find(i);
    if (feeds_head[root]) {
      rest.push_back(std::move(ops[i]));
      continue;
    }
    if (gate_of[root] == ops.size()) {
      gate_of[root] = gates.size();
      Op gate;
      gate.type = Op::Type::exists;
      gates.push_back(std::move(gate));
    }
    gates[gate_of[root]].sub.push_back(std::move(ops[i]));
    gates[gate_of[root]].sub.back().in_condition = true;
  }
  for (auto& op : rest) gates.push_back(std::move(op));
  std::vector<bool> needed(slot_count, false);
  for (auto s : head) needed[static_cast<std::size_t>(s)] = true;
  mark_existential_scans(gates, std::move(needed));
  mark_head_complete_scans(gates, head, slot_count);
  return gates;
}

}  // namespace kz::plan
