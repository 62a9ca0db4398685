// The words reports print for outcomes, verdicts, claim forms, test types and proof
// steps, the same words for `<<`, and the public forms of the checked model's enums.
#include <ostream>

#include "argument/claims.hpp"
#include "semantics/ir.hpp"

namespace kz {

const char* outcome_name(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::holds: return "holds";
    case Outcome::fails: return "fails";
    case Outcome::vacuous: return "vacuous";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}

const char* verdict_name(Verdict verdict) noexcept {
  static const char* names[] = {"contested", "eliminated", "confirmed", "supported", "weakened", "undecided", "untested"};
  return names[static_cast<int>(verdict)];
}

const char* claim_form_name(ClaimForm form) noexcept {
  switch (form) {
    case ClaimForm::exists: return "exists";
    case ClaimForm::none: return "none";
    case ClaimForm::forall: return "forall";
    case ClaimForm::most: return "most";
    case ClaimForm::share: return "share";
    case ClaimForm::holds: return "holds";
  }
  return "?";
}

const char* test_type_name(TestType test) noexcept {
  switch (test) {
    case TestType::straw: return "straw";
    case TestType::hoop: return "hoop";
    case TestType::smoking_gun: return "smoking_gun";
    case TestType::doubly_decisive: return "doubly_decisive";
  }
  return "?";
}

const char* proof_kind_name(ProofKind kind) noexcept {
  switch (kind) {
    case ProofKind::rule: return "rule";
    case ProofKind::input: return "input";
    case ProofKind::fact: return "fact";
    case ProofKind::host: return "host";
    case ProofKind::truncated: return "truncated";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, Outcome outcome) { return out << outcome_name(outcome); }
std::ostream& operator<<(std::ostream& out, Verdict verdict) { return out << verdict_name(verdict); }
std::ostream& operator<<(std::ostream& out, ClaimForm form) { return out << claim_form_name(form); }
std::ostream& operator<<(std::ostream& out, TestType test) { return out << test_type_name(test); }
std::ostream& operator<<(std::ostream& out, ProofKind kind) { return out << proof_kind_name(kind); }

namespace argument {

ClaimForm public_form(sem::ClaimForm form) noexcept {
  switch (form) {
    case sem::ClaimForm::exists: return ClaimForm::exists;
    case sem::ClaimForm::none: return ClaimForm::none;
    case sem::ClaimForm::forall: return ClaimForm::forall;
    case sem::ClaimForm::most: return ClaimForm::most;
    case sem::ClaimForm::share: return ClaimForm::share;
    case sem::ClaimForm::holds: return ClaimForm::holds;
  }
  return ClaimForm::exists;
}

TestType public_test(sem::TestType test) noexcept {
  switch (test) {
    case sem::TestType::straw: return TestType::straw;
    case sem::TestType::hoop: return TestType::hoop;
    case sem::TestType::smoking_gun: return TestType::smoking_gun;
    case sem::TestType::doubly_decisive: return TestType::doubly_decisive;
  }
  return TestType::straw;
}

}  // namespace argument

}  // namespace kz
