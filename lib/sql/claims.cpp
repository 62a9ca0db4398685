// Claims as queries (see claims.hpp).
#include "sql/claims.hpp"

#include <fmt/format.h>

#include "sql/script.hpp"
#include "sql/translate.hpp"

namespace kz::sql {


ClaimQuery claim_query(const sem::Program& program, const plan::ProgramPlan& plan, std::size_t index) {
  const sem::Claim& claim = program.claims.at(index);
  const plan::ClaimPlan& claim_plan = plan.claims.at(index);
  const TableNames names{program, {}};
  const std::size_t slot_count = claim.slots.size();
  ClaimQuery out;
  if (claim.form == sem::ClaimForm::holds) {
    BodyTranslator body(program, names, slot_count);
    body.add(claim_plan.holds);
    out.sides = body.select({typed_value(claim.lhs.kind, body.expression(claim.lhs)) + " AS lhs",
                             typed_value(claim.rhs.kind, body.expression(claim.rhs)) + " AS rhs"},
                            false) +
                " LIMIT 1";
    return out;
  }
  std::vector<std::string> disjuncts, names_of_columns;
  for (const auto& ops : claim_plan.body) {
    BodyTranslator body(program, names, slot_count);
    body.add(ops);
    std::vector<std::string> columns;
    for (std::size_t k = 0; k < claim.reported.size(); ++k) {
      const auto slot = claim.reported[k];
      columns.push_back(fmt::format("{} AS c{}",
                                    typed_value(claim.slots.kinds[static_cast<std::size_t>(slot)],
                                          body.variable(slot, claim.loc)),
                                    k));
    }
    if (columns.empty()) columns.push_back("true AS c0");
    disjuncts.push_back(body.select(columns, true));
  }
  if (disjuncts.empty()) disjuncts.push_back("SELECT true AS c0 WHERE false");
  const std::string solutions = join(disjuncts, " UNION ");
  const bool has_conclusion = claim.form == sem::ClaimForm::forall || claim.form == sem::ClaimForm::most ||
                              claim.form == sem::ClaimForm::share;
  if (!has_conclusion) {
    out.solutions = solutions;
    return out;
  }
  // Whether some disjunct of C has a solution with B's variables fixed to the row's.
  std::vector<std::string> column_names, tests;
  for (std::size_t k = 0; k < std::max<std::size_t>(claim.reported.size(), 1); ++k)
    column_names.push_back(fmt::format("c{}", k));
  for (const auto& ops : claim_plan.conclusion) {
    BodyTranslator conclusion(program, names, slot_count);
    for (std::size_t k = 0; k < claim.reported.size(); ++k) conclusion.bind(claim.reported[k], fmt::format("u.c{}", k));
    conclusion.add(ops);
    tests.push_back(fmt::format("EXISTS ({})", conclusion.select({"1"}, false)));
  }
  if (tests.empty()) tests.push_back("false");
  out.solutions = fmt::format("SELECT u.*, ({}) AS extends FROM ({}) AS u({})", join(tests, " OR "), solutions,
                              join(column_names, ", "));
  out.with_extends = true;
  return out;
}

}  // namespace kz::sql
