#include "semantics/aggregate_bodies.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "semantics/variables.hpp"

namespace kz::sem {

namespace {

bool repeats_a_variable(const Literal& atom) {
  std::set<std::int32_t> seen;
  std::size_t count = 0;
  for (const auto& a : atom.args) {
    std::set<std::int32_t> slots;
    add_variables(a, slots);
    for (auto s : slots) {
      ++count;
      seen.insert(s);
    }
  }
  return seen.size() != count;
}

void mark(std::vector<Literal>& body);

// The aggregate's distinct_on, then those of the aggregates inside it.
void mark(AggregateSpec& spec) {
  std::size_t atoms = 0;
  bool nested = false, generates = false, repeated = false;
  for (const auto& l : spec.body) {
    if (l.type == Literal::Type::atom) {
      ++atoms;
      repeated = repeated || repeats_a_variable(l);
    }
    nested = nested || l.type == Literal::Type::aggregate;
    generates = generates || (l.type == Literal::Type::compare && (is_range_call(l.lhs) || is_range_call(l.rhs)));
  }
  spec.distinct_on.clear();
  if (atoms > 1 || nested || generates || repeated) {
    // The body's variables with the grouping keys, not those local to an aggregate inside
    // it (they are gone once it has its value). A body that names none (`count : { a(_),
    // b(_) }`) holds or not: the aggregate's own result slot, one value while the body
    // runs, stands in, so that every solution is the same one.
    std::set<std::int32_t> slots(spec.outer_slots.begin(), spec.outer_slots.end());
    for (const auto& l : spec.body) {
      for (const auto& a : l.args) add_variables(a, slots);
      add_variables(l.lhs, slots);
      add_variables(l.rhs, slots);
      if (l.aggregate) slots.insert(l.aggregate->result_slot);
    }
    if (slots.empty()) slots.insert(spec.result_slot);
    spec.distinct_on.assign(slots.begin(), slots.end());
  }
  mark(spec.body);
}

void mark(std::vector<Literal>& body) {
  for (auto& l : body) {
    if (l.type != Literal::Type::aggregate || !l.aggregate) continue;
    // Specs may be shared between copies of a body (magic sets, witnesses): a copy of its
    // own, so that marking one never reaches into another's.
    auto own = std::make_shared<AggregateSpec>(*l.aggregate);
    mark(*own);
    l.aggregate = std::move(own);
  }
}

}  // namespace

void mark_distinct_aggregates(Program& program) {
  for (auto& rule : program.rules) mark(rule.body);
  for (auto& claim : program.claims) {
    for (auto& conjunction : claim.body) mark(conjunction);
    for (auto& conjunction : claim.conclusion) mark(conjunction);
    mark(claim.holds_aggregates);
  }
}

}  // namespace kz::sem
