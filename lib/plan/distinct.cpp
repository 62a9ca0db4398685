// Whether a rule's body can give one head tuple twice. A scan multiplies solutions by
// the rows it matches; those solutions stay apart in the head only when every column
// the scan reads is a key (fixed before the scan) or is copied into a head argument.
// Everything else in a plan (filters, negations, assignments, aggregates) yields at most
// one solution per incoming one.
#include <algorithm>

#include "plan/plan.hpp"

namespace kz::plan {

bool solutions_distinct(const sem::Program& program, const std::vector<Op>& ops,
                        const std::vector<sem::Expr>& head_args) {
  std::vector<std::int32_t> head_slots;
  for (const auto& arg : head_args)
    if (arg.op == sem::ExprOp::variable) head_slots.push_back(arg.slot);
  auto in_head = [&](std::int32_t slot) {
    return std::find(head_slots.begin(), head_slots.end(), slot) != head_slots.end();
  };
  for (const Op& op : ops) {
    if (op.type == Op::Type::generate) return false;  // many values: not worth proving
    if (op.type != Op::Type::scan) continue;
    if (op.head_complete) return true;  // one solution from here on for each before
    const std::uint32_t arity = program.relations[op.relation].arity();
    std::vector<bool> fixed(arity, false);
    for (auto c : op.key_columns) fixed[c] = true;
    if (!op.computed_columns.empty()) return false;  // not worth proving: take the safe answer
    for (const auto& [column, slot] : op.binds)
      if (in_head(slot)) fixed[column] = true;
    // A repeated new variable: the column equals one that binds it.
    for (const auto& [column, other] : op.equal_columns)
      if (other < arity && fixed[other]) fixed[column] = true;
    if (std::find(fixed.begin(), fixed.end(), false) != fixed.end()) return false;
  }
  return true;
}

}  // namespace kz::plan
