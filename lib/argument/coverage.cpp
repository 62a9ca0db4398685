// Settling what an unobserved relation leaves unknown, and when a claim's evidence can
// be observed.
//
// The rule for `unknown` is deliberately conservative: more facts of an unobserved
// relation can only add solutions to what depends on it through positive atoms, so a
// found witness of `exists`, a counterexample of `none`, and a counterexample of
// `forall` whose conclusion does not depend on it at all stay found. Everything else
// that depends on an unobserved relation could move, and is `unknown`.
#include "argument/coverage.hpp"

#include <fmt/format.h>

#include "core/calendar.hpp"
#include "semantics/ir.hpp"

namespace kz::argument {

// ---- what depends on an unobserved relation --------------------------------------------------
namespace {

using Ids = std::set<std::uint32_t>;

// For each relation: the unobserved relations it reaches through positive atoms only
// (`positive`), and those it reaches through a path with some negation or aggregate
// (`other`). A fixpoint over the rules; programs are small next to their data.
struct Reach {
  std::vector<Ids> positive, other;
};

bool add_all(Ids& to, const Ids& from) {
  const std::size_t before = to.size();
  to.insert(from.begin(), from.end());
  return to.size() != before;
}

// Adds what `literals` reach to `positive`/`other`; inside a negation or an aggregate
// everything counts as `other`.
bool collect(const std::vector<sem::Literal>& literals, bool monotone, const Reach& reach, Ids& positive,
             Ids& other) {
  bool changed = false;
  for (const auto& l : literals) {
    switch (l.type) {
      case sem::Literal::Type::atom:
        if (monotone) {
          changed |= add_all(positive, reach.positive[l.relation]);
        } else {
          changed |= add_all(other, reach.positive[l.relation]);
        }
        changed |= add_all(other, reach.other[l.relation]);
        break;
      case sem::Literal::Type::negation:
        changed |= add_all(other, reach.positive[l.relation]);
        changed |= add_all(other, reach.other[l.relation]);
        break;
      case sem::Literal::Type::aggregate:
        changed |= collect(l.aggregate->body, false, reach, positive, other);
        break;
      default:
        break;
    }
  }
  return changed;
}

Reach reach_of(const sem::Program& program) {
  Reach reach;
  reach.positive.resize(program.relations.size());
  reach.other.resize(program.relations.size());
  for (const auto& u : program.unobserved) reach.positive[u.relation].insert(u.relation);
  if (program.unobserved.empty()) return reach;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& rule : program.rules)
      changed |= collect(rule.body, true, reach, reach.positive[rule.head], reach.other[rule.head]);
  }
  return reach;
}

std::vector<std::string> names_of(const sem::Program& program, const Ids& ids) {
  std::vector<std::string> out;
  for (auto id : ids) out.push_back(program.relations[id].name);
  return out;
}

ClaimDependence dependence(const sem::Program& program, const sem::Claim& claim, const Reach& reach) {
  ClaimDependence d;
  for (const auto& conj : claim.body) collect(conj, true, reach, d.body_positive, d.body_other);
  Ids conclusion_other;
  for (const auto& conj : claim.conclusion) collect(conj, true, reach, d.conclusion, conclusion_other);
  collect(claim.holds_aggregates, true, reach, d.conclusion, conclusion_other);
  d.conclusion.insert(conclusion_other.begin(), conclusion_other.end());
  (void)program;
  return d;
}

// Whether the contract's rule lets this outcome stand although it depends on an
// unobserved relation.
bool settled(const ClaimResult& claim, const ClaimDependence& d) {
  if (!d.body_other.empty()) return false;
  switch (claim.form) {
    case ClaimForm::exists: return claim.outcome == Outcome::holds;
    case ClaimForm::none: return claim.outcome == Outcome::fails;
    case ClaimForm::forall: return claim.outcome == Outcome::fails && d.conclusion.empty();
    default: return false;
  }
}

}  // namespace

ClaimDependence unobserved_dependence(const sem::Program& program, const sem::Claim& claim) {
  return dependence(program, claim, reach_of(program));
}

void settle_unknowns(const sem::Program& program, FactSetReport& report) {
  report.as_of = program.as_of ? std::optional<std::string>(program.as_of->text()) : std::nullopt;
  report.unobserved.clear();
  for (const auto& u : program.unobserved) report.unobserved.push_back(program.relations[u.relation].name);
  const Reach reach = reach_of(program);
  for (std::size_t c = 0; c < report.claims.size(); ++c) {
    const sem::Claim& source = program.claims[c];
    ClaimResult& claim = report.claims[c];
    claim.observable_from = source.observable_from;
    if (source.observable_from && program.as_of &&
        program.as_of->as_of_key() < std::int64_t{*source.observable_from} * 10000 + 101) {
      claim.outcome = Outcome::unknown;
      claim.not_yet_observable = true;
      continue;
    }
    if (program.unobserved.empty()) continue;
    const ClaimDependence d = dependence(program, source, reach);
    Ids all = d.body_positive;
    all.insert(d.body_other.begin(), d.body_other.end());
    all.insert(d.conclusion.begin(), d.conclusion.end());
    if (all.empty() || settled(claim, d)) continue;
    claim.outcome = Outcome::unknown;
    claim.unknown_relations = names_of(program, all);
  }
}

}  // namespace kz::argument
