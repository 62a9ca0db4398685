// The evaluator: relations and symbols of one database, the semi-naive fixpoint over the
// program's strata, and the interpreter that runs planned operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include <absl/functional/function_ref.h>

#include "eval/relation.hpp"
#include "eval/symbol_table.hpp"
#include "kzrules/database.hpp"
#include "kzrules/diagnostic.hpp"
#include "plan/plan.hpp"
#include "semantics/ir.hpp"

namespace kz::eval {

// Called once per solution of a body, with the variable registers.
using Sink = absl::FunctionRef<void(const std::uint64_t* registers)>;

class Engine {
 public:
  explicit Engine(std::shared_ptr<const sem::Program> program);

  const sem::Program& program() const noexcept { return *program_; }
  const std::shared_ptr<const sem::Program>& shared_program() const noexcept { return program_; }
  const plan::ProgramPlan& plan() const noexcept { return *program_->plan; }
  SymbolTable& symbols() noexcept { return symbols_; }
  const SymbolTable& symbols() const noexcept { return symbols_; }
  Relation& relation(std::uint32_t id) { return *relations_[id]; }
  const Relation& relation(std::uint32_t id) const { return *relations_[id]; }

  void evaluate(const EvalOptions& options);
  bool evaluated() const noexcept { return evaluated_; }

  // Runs planned operations; `registers` must hold a word for every slot.
  void run(const std::vector<plan::Op>& ops, std::uint64_t* registers, Sink sink);

  std::uint64_t eval(const sem::Expr& e, const std::uint64_t* registers);
  bool compare(sem::Cmp cmp, Kind kind, std::uint64_t a, std::uint64_t b) const;
  // Output order of two words of one kind: numbers numerically, symbols by text.
  int order(Kind kind, std::uint64_t a, std::uint64_t b) const;
  std::vector<std::uint32_t> sorted_rows(std::uint32_t relation) const;

  Value to_value(Kind kind, std::uint64_t word) const;
  std::string format(Kind kind, std::uint64_t word) const;
  // Converts a host value to a column word; nullopt when the kinds do not fit.
  std::optional<std::uint64_t> from_value(Kind kind, const Value& value);

  [[noreturn]] void runtime_error(const sem::Loc& loc, const std::string& message) const;

  std::size_t derived_tuples() const noexcept { return derived_; }

 private:
  struct Range {
    std::size_t lo = 0, hi = 0;
  };

  void run_op(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_scan(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  bool negation_holds(const plan::Op& op, const std::uint64_t* registers);
  void run_aggregate(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink);
  void run_rule(const plan::RulePlan& rule_plan);
  void check_limits();
  const std::regex& regex_for(std::uint64_t pattern, const sem::Loc& loc);

  std::shared_ptr<const sem::Program> program_;
  SymbolTable symbols_;
  std::vector<std::unique_ptr<Relation>> relations_;
  std::vector<Range> delta_;
  std::unordered_map<std::uint64_t, std::unique_ptr<std::regex>> regexes_;
  bool evaluated_ = false;

  // Limits of the running evaluation.
  std::uint64_t max_tuples_ = default_max_tuples;
  std::size_t derived_ = 0;
  std::uint64_t ticks_ = 0;
  bool has_deadline_ = false;
  std::chrono::steady_clock::time_point deadline_;
  double timeout_seconds_ = 0;
  std::uint32_t current_relation_ = 0;
};

}  // namespace kz::eval
