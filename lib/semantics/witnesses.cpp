#include "semantics/witnesses.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "semantics/variables.hpp"

namespace kz::sem {

namespace {

using SlotMap = std::map<std::int32_t, std::int32_t>;

void collect(const Literal& l, std::set<std::int32_t>& out) {
  for (const auto& a : l.args) add_variables(a, out);
  add_variables(l.lhs, out);
  add_variables(l.rhs, out);
  if (!l.aggregate) return;
  for (const auto& b : l.aggregate->body) collect(b, out);
  if (l.aggregate->target) add_variables(*l.aggregate->target, out);
  out.insert(l.aggregate->outer_slots.begin(), l.aggregate->outer_slots.end());
  out.insert(l.aggregate->result_slot);
}

void rename(Expr& e, const SlotMap& map) {
  if (e.op == ExprOp::variable) {
    auto found = map.find(e.slot);
    if (found != map.end()) e.slot = found->second;
  }
  for (auto& a : e.args) rename(a, map);
}

std::int32_t renamed(std::int32_t slot, const SlotMap& map) {
  auto found = map.find(slot);
  return found == map.end() ? slot : found->second;
}

// A copy of `l` with its variables renamed, a nested aggregate copied, not shared.
Literal rename(const Literal& l, const SlotMap& map) {
  Literal out = l;
  for (auto& a : out.args) rename(a, map);
  rename(out.lhs, map);
  rename(out.rhs, map);
  if (l.aggregate) {
    auto spec = std::make_shared<AggregateSpec>(*l.aggregate);
    for (auto& b : spec->body) b = rename(b, map);
    if (spec->target) rename(*spec->target, map);
    for (auto& s : spec->outer_slots) s = renamed(s, map);
    std::sort(spec->outer_slots.begin(), spec->outer_slots.end());
    spec->result_slot = renamed(spec->result_slot, map);
    out.aggregate = spec;
  }
  return out;
}

std::int32_t fresh_like(Slots& slots, std::int32_t slot) {
  const auto s = static_cast<std::size_t>(slot);
  const std::int32_t added = slots.add(slots.names[s] + "'", slots.locs[s]);
  slots.kinds.back() = slots.kinds[s];
  return added;
}

// Rewrites the aggregate at body[k] if it has witnesses; true if it did.
bool expand_at(Rule& rule, std::size_t k) {
  const Literal& literal = rule.body[k];
  if (literal.type != Literal::Type::aggregate || !literal.aggregate || !literal.aggregate->target) return false;
  const AggregateSpec spec = *literal.aggregate;
  if (spec.fn != AggregateFn::min && spec.fn != AggregateFn::max) return false;
  std::set<std::int32_t> elsewhere;
  for (std::size_t j = 0; j < rule.body.size(); ++j)
    if (j != k) collect(rule.body[j], elsewhere);
  std::vector<std::int32_t> witnesses;
  for (auto s : spec.outer_slots)
    if (!elsewhere.count(s)) witnesses.push_back(s);
  if (witnesses.empty()) return false;

  // The aggregate over every witness: each becomes a variable of its own.
  SlotMap local;
  for (auto w : witnesses) local[w] = fresh_like(rule.slots, w);
  auto over_all = std::make_shared<AggregateSpec>(spec);
  for (auto& b : over_all->body) b = rename(b, local);
  rename(*over_all->target, local);
  over_all->outer_slots.erase(std::remove_if(over_all->outer_slots.begin(), over_all->outer_slots.end(),
                                             [&](std::int32_t s) { return local.count(s) != 0; }),
                              over_all->outer_slots.end());
  Literal aggregate = literal;
  aggregate.aggregate = over_all;

  // The body again, its own variables fresh, binding the witnesses that reach the value.
  std::set<std::int32_t> inside;
  for (const auto& b : spec.body) collect(b, inside);
  add_variables(*spec.target, inside);
  SlotMap again_map;
  for (auto s : inside)
    if (!std::binary_search(spec.outer_slots.begin(), spec.outer_slots.end(), s))
      again_map[s] = fresh_like(rule.slots, s);
  std::vector<Literal> replacement{aggregate};
  for (const auto& b : spec.body) replacement.push_back(rename(b, again_map));
  Literal equal;
  equal.type = Literal::Type::compare;
  equal.cmp = Cmp::eq;
  equal.loc = literal.loc;
  equal.lhs.op = ExprOp::variable;
  equal.lhs.slot = spec.result_slot;
  equal.lhs.kind = spec.result_kind;
  equal.lhs.loc = literal.loc;
  equal.rhs = *spec.target;
  rename(equal.rhs, again_map);
  replacement.push_back(std::move(equal));

  rule.body.erase(rule.body.begin() + static_cast<std::ptrdiff_t>(k));
  rule.body.insert(rule.body.begin() + static_cast<std::ptrdiff_t>(k), replacement.begin(), replacement.end());
  return true;
}

}  // namespace

void expand_aggregate_witnesses(Program& program) {
  for (auto& rule : program.rules) {
    const std::size_t original = rule.body.size();
    // Walk the original literals from the last, so that a rewrite's insertions do not move
    // the literals still to be looked at.
    for (std::size_t k = original; k-- > 0;) expand_at(rule, k);
  }
}

}  // namespace kz::sem
