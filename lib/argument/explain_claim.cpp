// Claim explanations: the claim's outcome, and for each reported instance (witnesses, or
// counterexamples when there are none) the proofs of the body atoms behind it and, for a
// counterexample, the conclusion literal it fails.
#include "kzrules/explain.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/proof.hpp"
#include "core/bad_input.hpp"

namespace kz {

ClaimExplanation explain_claim(Database& database, std::string_view name, std::size_t max_instances) {
  auto& engine = api::engine_of(database);
  argument::require_provenance(engine);
  const auto& program = engine.program();
  std::size_t index = program.claims.size();
  for (std::size_t c = 0; c < program.claims.size(); ++c)
    if (program.claims[c].name == name) index = c;
  if (index == program.claims.size()) throw_bad_input(ErrorCode::unknown_claim, fmt::format("no claim named '{}'", name));
  const sem::Claim& claim = program.claims[index];
  ClaimExplanation out;
  out.result = argument::evaluate_claim(engine, index);
  argument::ProofBuilder prover(engine);
  const auto& instances = out.result.witnesses.empty() ? out.result.counterexamples : out.result.witnesses;
  const bool counterexamples = out.result.witnesses.empty();
  for (std::size_t k = 0; k < instances.size() && k < max_instances; ++k) {
    InstanceExplanation inst;
    inst.binding = instances[k];
    std::vector<std::uint64_t> regs(std::max<std::size_t>(1, claim.slots.size()), 0);
    for (std::size_t i = 0; i < claim.reported.size(); ++i) {
      const auto s = static_cast<std::size_t>(claim.reported[i]);
      regs[s] = *engine.from_value(claim.slots.kinds[s], inst.binding[i].second);
    }
    // The body's atoms for this instance, from the first disjunct that produces it.
    for (const auto& conj : claim.body) {
      std::vector<bool> bound(claim.slots.size(), false);
      for (auto s : claim.reported) bound[static_cast<std::size_t>(s)] = true;
      auto planned = engine.plan_query(conj, bound);
      auto* ops = std::get_if<std::vector<plan::Op>>(&planned);
      if (!ops) continue;
      eval::Engine::Trace trace;
      trace.register_count = regs.size();
      std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;
      const bool found = argument::find_traced(engine, *ops, regs.data(), trace, [&](const std::uint64_t*) {
        rows = trace.rows;
        return true;
      });
      if (!found) continue;
      for (auto [r, i] : rows) inst.proofs.push_back(prover.prove(r, i));
      break;
    }
    if (counterexamples && !claim.conclusion.empty()) {
      // Which literal of the conclusion no extension passes.
      const auto& plan = engine.plan().claims[index];
      std::string failing;
      for (const auto& ops : plan.conclusion) {
        eval::Engine::Trace trace;
        trace.register_count = regs.size();
        {
          argument::TraceScope tracing(engine, trace);
          engine.run(ops, regs.data(), [](const std::uint64_t*) {});
        }
        if (trace.deepest < ops.size() && ops[trace.deepest].source)
          failing = argument::source_text(program, ops[trace.deepest].source->loc);
        break;
      }
      inst.note = failing.empty() ? "the conclusion has no solution" : fmt::format("the conclusion fails at {}", failing);
    }
    out.instances.push_back(std::move(inst));
  }
  return out;
}

}  // namespace kz
