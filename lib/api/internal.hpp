// lib/api/internal.hpp — the library's own way behind the facade.
//
// The public headers show a Program and a Database, never what is behind them. The
// layers above the facade (lib/argument: check, explain, sweep, flip, graphs) and tests
// that look inside reach the evaluator's engine, the checked model and its plan through
// these functions, so those accessors need not be public.
#pragma once

#include <memory>
#include <utility>

#include "kzrules/database.hpp"
#include "kzrules/program.hpp"

namespace kz::api {

// The one friend of Program and Database: it builds a Program and opens both up.
struct Access {
  static Program make_program(std::shared_ptr<const sem::Program> model,
                              std::shared_ptr<const plan::ProgramPlan> plan) {
    return Program(std::move(model), std::move(plan));
  }
  static const std::shared_ptr<const sem::Program>& model(const Program& program) noexcept { return program.model_; }
  static const std::shared_ptr<const plan::ProgramPlan>& plan(const Program& program) noexcept {
    return program.plan_;
  }
  static eval::Engine& engine(Database& database) noexcept { return *database.engine_; }
  static const eval::Engine& engine(const Database& database) noexcept { return *database.engine_; }
};

// The evaluator behind a Database: its relations, symbols and provenance.
inline eval::Engine& engine_of(Database& database) noexcept { return Access::engine(database); }
inline const eval::Engine& engine_of(const Database& database) noexcept { return Access::engine(database); }

// The checked model behind a Program (relations, rules, hypotheses, claims, sources).
inline const sem::Program& model_of(const Program& program) noexcept { return *Access::model(program); }
// How it is evaluated: each rule's and claim's join order and indexes.
inline const plan::ProgramPlan& plan_of(const Program& program) noexcept { return *Access::plan(program); }
// The same, shared: what an engine keeps alive.
inline const std::shared_ptr<const sem::Program>& shared_model_of(const Program& program) noexcept {
  return Access::model(program);
}
inline const std::shared_ptr<const plan::ProgramPlan>& shared_plan_of(const Program& program) noexcept {
  return Access::plan(program);
}

}  // namespace kz::api
