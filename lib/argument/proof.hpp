// Proof trees of derived rows, from the provenance the evaluator recorded: each row's
// rule and height. A proof has minimal height (as Soufflé's provenance gives it): each
// rule node rests on body rows all derived earlier than its head.
#pragma once

#include <cstdint>

#include "argument/explain_support.hpp"
#include "kzrules/explain.hpp"

namespace kz::argument {

class ProofBuilder {
 public:
  explicit ProofBuilder(eval::Engine& engine) : engine_(engine), program_(engine.program()), plans_(engine) {}

  // The proof of row `row` of `relation`, down to input facts (truncated past a depth
  // of 500 or 20000 nodes in all).
  ProofNode prove(std::uint32_t relation, std::uint32_t row, int depth = 0);

 private:
  // The body rows of one derivation of `head` by `rule`, all of lower height.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> body_rows(const sem::Rule& rule, const eval::RowRef& head,
                                                                 std::uint32_t height);

  eval::Engine& engine_;
  const sem::Program& program_;
  RulePlans plans_;
  std::size_t nodes_ = 0;
};

// The first `max_instances` instances claim `claim_index` reported in `result` (its
// witnesses, or its counterexamples when it has none), each with the proofs of the body
// atoms behind it and, for a counterexample of a conclusion, the literal it fails. The
// engine must have evaluated with provenance recorded.
std::vector<InstanceExplanation> explain_instances(eval::Engine& engine, std::size_t claim_index,
                                                   const ClaimResult& result, std::size_t max_instances);

}  // namespace kz::argument
