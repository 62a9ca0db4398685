// Rule attempts for an underived tuple: the head matched against the tuple, then the
// body searched from the head's bindings, traced to its deepest point.
#include "argument/why_not.hpp"

#include <fmt/format.h>

namespace kz::argument {

namespace {

class RuleAttempts {
 public:
  explicit RuleAttempts(eval::Engine& engine) : engine_(engine), program_(engine.program()), plans_(engine) {}

  RuleAttempt attempt(const sem::Rule& rule, const std::vector<std::uint64_t>& want) {
    RuleAttempt a;
    a.location = program_.sources.file_line(rule.loc);
    a.rule_text = source_text(program_, rule.loc);
    std::vector<std::uint64_t> regs(std::max<std::size_t>(1, rule.slots.size()), 0);
    std::vector<bool> bound(rule.slots.size(), false);
    if (!bind_head(rule, want, regs, bound, a)) return a;
    const auto& ops = plans_.of(rule);
    eval::Engine::Trace trace;
    trace.register_count = regs.size();
    trace.deepest_registers = regs;
    const bool derived = find_traced(engine_, ops, regs.data(), trace,
                                     [&](const std::uint64_t* r) { return head_gives(engine_, rule, r, want); });
    if (derived) return a;
    // Bindings at the deepest point: the head's, then whatever the passed ops bound.
    for (std::size_t i = 0; i < trace.deepest && i < ops.size(); ++i) {
      for (auto& [col, slot] : ops[i].binds) bound[static_cast<std::size_t>(slot)] = true;
      if (ops[i].type == plan::Op::Type::assign ||
          ((ops[i].type == plan::Op::Type::aggregate || ops[i].type == plan::Op::Type::generate) && !ops[i].checks_slot))
        bound[static_cast<std::size_t>(ops[i].slot)] = true;
    }
    for (std::size_t s = 0; s < rule.slots.size(); ++s)
      if (bound[s] && !rule.slots.names[s].empty() && rule.slots.names[s][0] != '<')
        a.bindings.emplace_back(rule.slots.names[s], quoted(engine_, rule.slots.kinds[s], trace.deepest_registers[s]));
    if (trace.deepest < ops.size()) {
      const auto* literal = ops[trace.deepest].source;
      a.failed_literal = literal ? source_text(program_, literal->loc) : "a body literal";
    } else {
      a.failed_literal = "the head: the body holds, but its head expressions give another tuple";
    }
    return a;
  }

 private:
  // Binds the head's variables to `want`; false (with the reason in `a`) when the head
  // cannot match it: a repeated variable given two values, or a constant that differs.
  bool bind_head(const sem::Rule& rule, const std::vector<std::uint64_t>& want, std::vector<std::uint64_t>& regs,
                 std::vector<bool>& bound, RuleAttempt& a) {
    for (std::size_t c = 0; c < rule.head_args.size(); ++c) {
      const auto& h = rule.head_args[c];
      if (h.op == sem::ExprOp::variable) {
        const auto s = static_cast<std::size_t>(h.slot);
        if (bound[s] && regs[s] != want[c]) {
          a.failed_literal = "the head: its repeated variable cannot take both values";
          return false;
        }
        regs[s] = want[c];
        bound[s] = true;
      } else if (h.op == sem::ExprOp::constant && h.value != want[c]) {
        a.failed_literal = fmt::format("the head: attribute {} is always {}", c + 1,
                                       quoted(engine_, h.kind, h.value));
        return false;
      }
    }
    return true;
  }

  eval::Engine& engine_;
  const sem::Program& program_;
  RulePlans plans_;
};

}  // namespace

std::vector<RuleAttempt> why_not(eval::Engine& engine, std::uint32_t relation,
                                 const std::optional<std::vector<std::uint64_t>>& want) {
  const auto& program = engine.program();
  RuleAttempts attempts(engine);
  std::vector<RuleAttempt> out;
  for (const auto& rule : program.rules) {
    if (rule.head != relation || rule.is_fact()) continue;
    if (!want) {
      out.push_back(RuleAttempt{program.sources.file_line(rule.loc), source_text(program, rule.loc),
                                "a constant of the atom appears nowhere in the facts", {}});
      continue;
    }
    out.push_back(attempts.attempt(rule, *want));
  }
  return out;
}

}  // namespace kz::argument
