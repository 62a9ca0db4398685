// The dependence walks of dependence.hpp: over the rules, backwards from what a claim
// reads, and forwards from one relation.
#include "argument/dependence.hpp"

#include "semantics/ir.hpp"

namespace kz::argument {

void mark_relations_read(const std::vector<sem::Literal>& literals, RelationSet& out) {
  for (const auto& l : literals) {
    if (l.type == sem::Literal::Type::atom || l.type == sem::Literal::Type::negation)
      out[l.relation] = true;
    if (l.type == sem::Literal::Type::aggregate) mark_relations_read(l.aggregate->body, out);
  }
}

Dependence::Dependence(const sem::Program& program)
    : program_(program), reads_(program.relations.size()), read_by_(program.relations.size()) {
  const std::size_t n = program.relations.size();
  for (const auto& rule : program.rules) {
    RelationSet read(n, false);
    mark_relations_read(rule.body, read);
    for (std::uint32_t r = 0; r < n; ++r) {
      if (!read[r]) continue;
      reads_[rule.head].push_back(r);
      read_by_[r].push_back(rule.head);
    }
  }
  for (const auto& claim : program.claims) {
    RelationSet set(n, false);
    for (const auto& conj : claim.body) mark_relations_read(conj, set);
    for (const auto& conj : claim.conclusion) mark_relations_read(conj, set);
    mark_relations_read(claim.holds_aggregates, set);
    claim_sources_.push_back(upstream(std::move(set)));
  }
}

RelationSet Dependence::upstream(RelationSet set) const {
  std::vector<std::uint32_t> todo;
  for (std::uint32_t r = 0; r < set.size(); ++r)
    if (set[r]) todo.push_back(r);
  while (!todo.empty()) {
    const std::uint32_t r = todo.back();
    todo.pop_back();
    for (auto body : reads_[r])
      if (!set[body]) set[body] = true, todo.push_back(body);
  }
  return set;
}

RelationSet Dependence::hypothesis_sources(std::uint32_t hypothesis) const {
  RelationSet set(program_.relations.size(), false);
  for (std::size_t c = 0; c < program_.claims.size(); ++c) {
    bool linked = false;
    for (const auto& link : program_.claims[c].links) linked |= link.hypothesis == hypothesis;
    if (!linked) continue;
    for (std::size_t r = 0; r < set.size(); ++r) set[r] = set[r] || claim_sources_[c][r];
  }
  return set;
}

RelationSet Dependence::downstream(std::uint32_t relation) const {
  RelationSet set(program_.relations.size(), false);
  std::vector<std::uint32_t> todo{relation};
  set[relation] = true;
  while (!todo.empty()) {
    const std::uint32_t r = todo.back();
    todo.pop_back();
    for (auto head : read_by_[r])
      if (!set[head]) set[head] = true, todo.push_back(head);
  }
  return set;
}

}  // namespace kz::argument
