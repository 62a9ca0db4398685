// Proof trees: a row's origin (fact file, program fact, host or rule), and for a rule the
// body rows of one derivation of lower height, proved in turn.
#include "argument/proof.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kz::argument {

ProofNode ProofBuilder::prove(std::uint32_t relation, std::uint32_t row, int depth) {
  ProofNode node;
  const auto& rel = program_.relations[relation];
  node.atom = atom_text(engine_, relation, engine_.relation(relation).row(row));
  for (std::size_t c = 0; c < rel.arity(); ++c)
    if (rel.attributes[c].name == "source" && rel.attributes[c].kind == Kind::symbol)
      node.source = engine_.format(Kind::symbol, engine_.relation(relation).row(row)[c]);
  if (const auto origin = engine_.input_origin(relation, row)) {
    node.kind = ProofKind::input;
    node.location = fmt::format("{}:{}", engine_.input_files()[origin->file], origin->line);
    return node;
  }
  auto rule_id = engine_.deriving_rule(relation, row);
  if (!rule_id) {
    node.kind = ProofKind::host;
    node.location = "added from code";
    return node;
  }
  const sem::Rule& rule = program_.rules[*rule_id];
  node.location = program_.sources.file_line(rule.loc);
  if (rule.is_fact()) {
    node.kind = ProofKind::fact;
    return node;
  }
  node.kind = ProofKind::rule;
  node.rule_text = source_text(program_, rule.loc);
  if (depth > 500 || ++nodes_ > 20000) {
    node.children.push_back(ProofNode{"...", ProofKind::truncated, "", "", "", {}});
    return node;
  }
  const std::uint32_t height = engine_.height(relation, row);
  auto rows = body_rows(rule, engine_.relation(relation).row(row), height);
  for (auto [r, i] : rows) node.children.push_back(prove(r, i, depth + 1));
  return node;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> ProofBuilder::body_rows(const sem::Rule& rule,
                                                                             const eval::RowRef& head,
                                                                             std::uint32_t height) {
  const auto& head_plan = plans_.of(rule);
  std::vector<std::uint64_t> regs(std::max<std::size_t>(1, rule.slots.size()), 0);
  std::vector<std::uint64_t> want;
  for (std::size_t c = 0; c < rule.head_args.size(); ++c) want.push_back(head[c]);
  for (std::size_t c = 0; c < rule.head_args.size(); ++c)
    if (rule.head_args[c].op == sem::ExprOp::variable) regs[static_cast<std::size_t>(rule.head_args[c].slot)] = want[c];
  eval::Engine::Trace trace;
  trace.register_count = regs.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
  find_traced(engine_, head_plan, regs.data(), trace, [&](const std::uint64_t* r) {
    if (!head_gives(engine_, rule, r, want)) return false;
    for (auto [rel, i] : trace.rows)
      if (engine_.height(rel, i) >= height) return false;
    found = trace.rows;
    return true;
  });
  // The trace holds a row for each scan in the plan's order, which the planner chooses;
  // a proof lists the premises in the order the rule writes them.
  std::vector<std::size_t> written;
  for (const auto& op : head_plan)
    if (op.type == plan::Op::Type::scan) {
      std::size_t position = rule.body.size();
      for (std::size_t l = 0; l < rule.body.size(); ++l)
        if (&rule.body[l] == op.source) position = l;
      written.push_back(position);
    }
  if (written.size() == found.size()) {
    std::vector<std::size_t> order(found.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return written[a] < written[b]; });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> in_written_order;
    for (const std::size_t i : order) in_written_order.push_back(found[i]);
    found = std::move(in_written_order);
  }
  return found;
}

}  // namespace kz::argument
