// Claim explanations: the claim's outcome, and for each reported instance (witnesses, or
// counterexamples when there are none) the proofs of the body atoms behind it and, for a
// counterexample, the conclusion literal it fails. check --explain puts the same
// instances into the report.
#include "kzrules/explain.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/proof.hpp"
#include "core/bad_input.hpp"
#include "core/suggest.hpp"

namespace kz {

namespace argument {

namespace {

// The claim's registers with the instance's reported variables set.
std::vector<std::uint64_t> instance_registers(eval::Engine& engine, const sem::Claim& claim, const Binding& binding) {
  std::vector<std::uint64_t> regs(std::max<std::size_t>(1, claim.slots.size()), 0);
  for (std::size_t i = 0; i < claim.reported.size(); ++i) {
    const auto s = static_cast<std::size_t>(claim.reported[i]);
    regs[s] = *engine.from_value(claim.slots.kinds[s], binding[i].second);
  }
  return regs;
}

// The proofs of the body's atoms for this instance, from the first disjunct that
// produces it.
std::vector<ProofNode> body_proofs(eval::Engine& engine, ProofBuilder& prover, const sem::Claim& claim,
                                   std::vector<std::uint64_t> regs) {
  for (const auto& conj : claim.body) {
    std::vector<bool> bound(claim.slots.size(), false);
    for (auto s : claim.reported) bound[static_cast<std::size_t>(s)] = true;
    auto planned = engine.plan_query(conj, bound);
    auto* ops = std::get_if<std::vector<plan::Op>>(&planned);
    if (!ops) continue;
    eval::Engine::Trace trace;
    trace.register_count = regs.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;
    const bool found = find_traced(engine, *ops, regs.data(), trace, [&](const std::uint64_t*) {
      rows = trace.rows;
      return true;
    });
    if (!found) continue;
    std::vector<ProofNode> proofs;
    for (auto [r, i] : rows) proofs.push_back(prover.prove(r, i));
    return proofs;
  }
  return {};
}

// Which literal of the conclusion no extension of a counterexample passes.
std::string failing_conclusion(eval::Engine& engine, std::size_t claim_index, std::vector<std::uint64_t> regs) {
  const auto& plan = engine.plan().claims[claim_index];
  std::string failing;
  for (const auto& ops : plan.conclusion) {
    eval::Engine::Trace trace;
    trace.register_count = regs.size();
    {
      TraceScope tracing(engine, trace);
      engine.run(ops, regs.data(), [](const std::uint64_t*) {});
    }
    if (trace.deepest < ops.size() && ops[trace.deepest].source)
      failing = source_text(engine.program(), ops[trace.deepest].source->loc);
    break;
  }
  return failing.empty() ? "the conclusion has no solution" : fmt::format("the conclusion fails at {}", failing);
}

}  // namespace

std::vector<InstanceExplanation> explain_instances(eval::Engine& engine, std::size_t claim_index,
                                                   const ClaimResult& result, std::size_t max_instances) {
  require_provenance(engine);
  const sem::Claim& claim = engine.program().claims[claim_index];
  ProofBuilder prover(engine);
  const bool counterexamples = result.witnesses.empty();
  const auto& instances = counterexamples ? result.counterexamples : result.witnesses;
  std::vector<InstanceExplanation> out;
  for (std::size_t k = 0; k < instances.size() && k < max_instances; ++k) {
    InstanceExplanation inst;
    inst.binding = instances[k];
    const auto regs = instance_registers(engine, claim, inst.binding);
    inst.proofs = body_proofs(engine, prover, claim, regs);
    if (counterexamples && !claim.conclusion.empty()) inst.note = failing_conclusion(engine, claim_index, regs);
    out.push_back(std::move(inst));
  }
  return out;
}

}  // namespace argument

ClaimExplanation explain_claim(Database& database, std::string_view name, std::size_t max_instances) {
  auto& engine = api::engine_of(database);
  argument::require_provenance(engine);
  const auto& program = engine.program();
  std::size_t index = program.claims.size();
  for (std::size_t c = 0; c < program.claims.size(); ++c)
    if (program.claims[c].name == name) index = c;
  if (index == program.claims.size()) {
    std::vector<std::string> names;
    for (const auto& c : program.claims) names.push_back(c.name);
    throw_bad_input(ErrorCode::unknown_claim, fmt::format("no claim named '{}'{}", name, did_you_mean(name, names)));
  }
  ClaimExplanation out;
  out.result = argument::evaluate_claim(engine, index);
  out.instances = argument::explain_instances(engine, index, out.result, max_instances);
  return out;
}

}  // namespace kz
