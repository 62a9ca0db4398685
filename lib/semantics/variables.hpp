// The variables an expression names, for the passes that rewrite rules after lowering
// (magic sets, witnesses, aggregate bodies).
#pragma once

#include <cstdint>
#include <set>

#include "semantics/ir.hpp"

namespace kz::sem {

inline void add_variables(const Expr& e, std::set<std::int32_t>& out) {
  if (e.op == ExprOp::variable) out.insert(e.slot);
  for (const auto& a : e.args) add_variables(a, out);
}

}  // namespace kz::sem
