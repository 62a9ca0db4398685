// What proofs, "why not" and claim explanations share: traced searches that stop at the
// first solution wanted, head-bound plans of rules, and the text of atoms and rules as
// explanations show them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/engine.hpp"

namespace kz::argument {

// Records a search in `trace` for as long as it lives. The engine must not keep a
// pointer to a trace that is gone, so the destructor clears it even when the search
// throws (a runtime error in a rule's expression, say).
class TraceScope {
 public:
  TraceScope(eval::Engine& engine, eval::Engine::Trace& trace) : engine_(engine) { engine_.set_trace(&trace); }
  ~TraceScope() { engine_.set_trace(nullptr); }
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  eval::Engine& engine_;
};

// Runs `ops` from `registers`, traced in `trace`, until `accept` takes a solution; false
// when none was taken. While `accept` runs, trace.rows holds the rows of its solution.
bool find_traced(eval::Engine& engine, const std::vector<plan::Op>& ops, std::uint64_t* registers,
                 eval::Engine::Trace& trace, const std::function<bool(const std::uint64_t*)>& accept);

// Whether the head expressions of `rule`, evaluated on `registers`, give `want`.
bool head_gives(eval::Engine& engine, const sem::Rule& rule, const std::uint64_t* registers,
                const std::vector<std::uint64_t>& want);

// Each rule's body planned with the head's variables bound, made once per rule.
class RulePlans {
 public:
  explicit RulePlans(eval::Engine& engine) : engine_(engine) {}
  const std::vector<plan::Op>& of(const sem::Rule& rule);

 private:
  eval::Engine& engine_;
  std::unordered_map<std::uint32_t, std::vector<plan::Op>> plans_;
};

// A column's word as explanations write it: a symbol in quotes, a number as it is.
std::string quoted(const eval::Engine& engine, Kind kind, std::uint64_t word);
// path(1, 3): a row of `relation` as an atom.
std::string atom_text(const eval::Engine& engine, std::uint32_t relation, const eval::RowRef& row);
// The source text at `loc` (a rule, a literal) on one line, its runs of white space as one space.
std::string source_text(const sem::Program& program, const sem::Loc& loc);

// Throws kz::Error (bad_input) unless the engine has evaluated with provenance recorded.
void require_provenance(const eval::Engine& engine);

}  // namespace kz::argument
