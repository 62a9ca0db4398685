// A claim as queries for the server: the distinct solutions of its premise B (the
// variables it reports) with, for forall, most and share, whether its conclusion C
// extends each; for holds, the two sides. The argument layer judges the claim from the
// rows these give as it does from its own search (argument/claims.cpp).
#pragma once

#include <cstddef>
#include <string>

#include "plan/plan.hpp"
#include "semantics/ir.hpp"

namespace kz::sql {

struct ClaimQuery {
  // SELECT c0, c1, ... (one column per reported variable, or one `true` column when B
  // reports none) [, extends]; empty for holds.
  std::string solutions;
  bool with_extends = false;
  // holds: SELECT lhs, rhs over the hoisted aggregates' first solution; empty otherwise.
  std::string sides;
};

// Throws kz::Error (backend_unsupported) at a construct with no translation.
ClaimQuery claim_query(const sem::Program& program, const plan::ProgramPlan& plan, std::size_t claim);

}  // namespace kz::sql
