// The names the IR's enumerations print as (ir.hpp).
#include "semantics/ir.hpp"

namespace kz::sem {

const char* cmp_text(Cmp cmp) noexcept {
  switch (cmp) {
    case Cmp::eq: return "=";
    case Cmp::ne: return "!=";
    case Cmp::lt: return "<";
    case Cmp::le: return "<=";
    case Cmp::gt: return ">";
    case Cmp::ge: return ">=";
  }
  return "?";
}

bool is_range_call(const Expr& e) { return e.op == ExprOp::functor && e.functor == Functor::range; }

const char* aggregate_name(AggregateFn fn) noexcept {
  static const char* names[] = {"count", "sum", "min", "max", "mean", "median", "mode", "stddev"};
  return names[static_cast<int>(fn)];
}

const char* test_name(TestType test) noexcept {
  static const char* names[] = {"straw", "hoop", "smoking_gun", "doubly_decisive"};
  return names[static_cast<int>(test)];
}

TestProbabilities default_probabilities(TestType test) noexcept {
  static const TestProbabilities defaults[] = {{0.6, 0.4}, {0.95, 0.6}, {0.4, 0.05}, {0.95, 0.05}};
  return defaults[static_cast<int>(test)];
}

const char* claim_form_name(ClaimForm form) noexcept {
  static const char* names[] = {"exists", "none", "forall", "most", "share", "holds"};
  return names[static_cast<int>(form)];
}

}  // namespace kz::sem
