// Plans every rule (and its semi-naive delta versions) and every claim of a program, and
// reports range-restriction errors: a variable that no positive atom binds.
#include <algorithm>

#include <fmt/format.h>

#include "plan/plan.hpp"

namespace kz::plan {

using sem::Program;
using sem::Rule;
using sem::Literal;
using sem::Claim;
using sem::Stratum;
using sem::Slots;
using sem::Expr;
using sem::ExprOp;
using sem::ClaimForm;

namespace {

class ProgramPlanner {
 public:
  ProgramPlanner(const Program& program, std::vector<Diagnostic>& diagnostics)
      : program_(program), diagnostics_(diagnostics) {}

  bool run(ProgramPlan& out) {
    auto* plan = &out;
    plan->indexes.by_relation.resize(program_.relations.size());
    indexes_ = &plan->indexes;
    for (const auto& stratum : program_.strata) plan->strata.push_back(plan_stratum(stratum));
    for (const auto& claim : program_.claims) plan->claims.push_back(plan_claim(claim));
    return ok_;
  }

 private:
  const Program& program_;
  std::vector<Diagnostic>& diagnostics_;
  plan::IndexRegistry* indexes_ = nullptr;
  bool ok_ = true;

  // Planning a body of n literals takes about n^2 steps, once per version: a recursive
  // rule has one more version per recursive atom. The budget turns an absurd program
  // (hundreds of recursive atoms in one body) into an error instead of minutes of planning.
  static constexpr std::uint64_t planning_budget = 10'000'000;
  std::uint64_t planning_spent_ = 0;
  bool over_budget_ = false;

  static std::uint64_t planning_cost(const std::vector<Literal>& body) {
    const std::uint64_t n = body.size();
    std::uint64_t cost = n * n + 1;
    for (const auto& l : body)
      if (l.type == Literal::Type::aggregate) cost += planning_cost(l.aggregate->body);
    return cost;
  }

  bool afford(const std::vector<Literal>& body) {
    if (over_budget_) return false;
    planning_spent_ += planning_cost(body);
    if (planning_spent_ <= planning_budget) return true;
    over_budget_ = true;
    error(body.empty() ? Loc{} : body.front().loc, ErrorCode::too_large,
          fmt::format("the program is too large to plan (more than {} planning steps): a body with "
                      "hundreds of literals, planned once more for each recursive atom; split big "
                      "bodies into helper relations",
                      planning_budget));
    return false;
  }

  void error(Loc where, ErrorCode code, std::string message) {
    ok_ = false;
    if (diagnostics_.size() < 60)
      diagnostics_.push_back(make_error(program_.sources.locate(where), code, std::move(message)));
  }

  std::optional<std::vector<plan::Op>> plan_body(const std::vector<Literal>& body, const Slots& slots,
                                                 std::vector<bool>& bound, int delta) {
    if (!afford(body)) return std::nullopt;
    auto result = plan::plan_conjunction(program_, body, bound, delta, *indexes_);
    if (auto* failure = std::get_if<plan::Unbound>(&result)) {
      if (failure->slot >= 0) {
        const std::string& name = slots.names[static_cast<std::size_t>(failure->slot)];
        error(failure->loc, ErrorCode::unbound_variable,
              fmt::format("variable '{}' {}", name, failure->message));
      } else {
        error(failure->loc, ErrorCode::unbound_variable, failure->message);
      }
      return std::nullopt;
    }
    return std::move(std::get<std::vector<plan::Op>>(result));
  }

  void require_bound(const Expr& e, const std::vector<bool>& bound, const Slots& slots,
                     const char* where_text) {
    if (e.op == ExprOp::variable && !bound[static_cast<std::size_t>(e.slot)]) {
      error(e.loc, ErrorCode::unbound_variable,
            fmt::format("variable '{}' {} is not bound by a positive atom of the body",
                        slots.names[static_cast<std::size_t>(e.slot)], where_text));
      return;
    }
    for (const auto& a : e.args) require_bound(a, bound, slots, where_text);
  }

  // A range scan needs its relation's rows fixed while the rule runs: not on a relation
  // the stratum itself derives.
  static void drop_ranges_over(std::vector<plan::Op>& ops, const std::vector<std::uint32_t>& relations) {
    for (auto& op : ops) {
      if (op.range_column >= 0 && std::find(relations.begin(), relations.end(), op.relation) != relations.end()) {
        op.range_column = -1;
        op.range_low.reset();
        op.range_high.reset();
      }
      drop_ranges_over(op.sub, relations);
    }
  }

  // In the delta version of `rule` whose delta atom is body literal `delta_literal`: the
  // atoms of the stratum's relations before it read only older rows (Op::old_only).
  static void mark_old_only(std::vector<plan::Op>& ops, const Rule& rule, std::size_t delta_literal,
                            const std::vector<std::uint32_t>& relations) {
    for (auto& op : ops) {
      // (Not a probe of the tuple set: telling old rows from new needs row ids, and a set
      // of packed rows keeps none. Reading the new rows too is only redundant work.)
      if (op.type == plan::Op::Type::scan && !op.delta && (op.index != plan::no_index || op.key_columns.empty()) &&
          op.source != nullptr && op.source >= rule.body.data() &&
          op.source < rule.body.data() + delta_literal &&
          std::find(relations.begin(), relations.end(), op.relation) != relations.end())
        op.old_only = true;
      mark_old_only(op.sub, rule, delta_literal, relations);  // moved into an exists condition
    }
  }

  plan::StratumPlan plan_stratum(const Stratum& stratum) {
    plan::StratumPlan out = plan_stratum_as_planned(stratum);
    for (auto& rule : out.initial) drop_ranges_over(rule.ops, stratum.relations);
    for (auto& rule : out.delta) drop_ranges_over(rule.ops, stratum.relations);
    return out;
  }

  plan::StratumPlan plan_stratum_as_planned(const Stratum& stratum) {
    plan::StratumPlan out;
    for (auto id : stratum.rules) {
      const Rule& rule = program_.rules[id];
      // A recursive rule runs only in its delta versions: the first iteration's delta is
      // every row its stratum starts with. Its whole-body plan only checks the bindings,
      // so the indexes it would ask for are not built.
      const bool recursive_rule =
          stratum.recursive && std::any_of(rule.body.begin(), rule.body.end(), [&](const Literal& l) {
            return l.type == Literal::Type::atom &&
                   std::find(stratum.relations.begin(), stratum.relations.end(), l.relation) != stratum.relations.end();
          });
      plan::IndexRegistry scratch;
      plan::IndexRegistry* const shared = indexes_;
      if (recursive_rule) indexes_ = &scratch;
      std::vector<bool> bound(rule.slots.size(), false);
      auto ops = plan_body(rule.body, rule.slots, bound, -1);
      indexes_ = shared;
      if (!ops) continue;
      std::size_t errors = diagnostics_.size();
      for (const auto& h : rule.head_args)
        require_bound(h, bound, rule.slots, rule.is_fact() ? "in a fact (facts must be ground)" : "in the head");
      if (diagnostics_.size() != errors) continue;
      if (!recursive_rule) {
        auto separated = plan::separate_independent_parts(std::move(*ops), rule.head_args, rule.slots.size());
        const bool distinct = plan::solutions_distinct(program_, separated, rule.head_args);
        out.initial.push_back(plan::RulePlan{id, std::move(separated), distinct});
      }
      if (!stratum.recursive) continue;
      for (std::size_t i = 0; i < rule.body.size(); ++i) {
        const Literal& l = rule.body[i];
        if (l.type != Literal::Type::atom) continue;
        if (std::find(stratum.relations.begin(), stratum.relations.end(), l.relation) == stratum.relations.end())
          continue;
        std::vector<bool> delta_bound(rule.slots.size(), false);
        auto delta_ops = plan_body(rule.body, rule.slots, delta_bound, static_cast<int>(i));
        if (delta_ops) mark_old_only(*delta_ops, rule, i, stratum.relations);
        if (delta_ops)
          out.delta.push_back(plan::RulePlan{
              id, plan::separate_independent_parts(std::move(*delta_ops), rule.head_args, rule.slots.size()), false,
              l.relation});
      }
    }
    return out;
  }

  plan::ClaimPlan plan_claim(const Claim& claim) {
    plan::ClaimPlan out;
    for (const auto& conj : claim.body) {
      std::vector<bool> bound(claim.slots.size(), false);
      auto ops = plan_body(conj, claim.slots, bound, -1);
      if (!ops) continue;
      for (auto s : claim.reported)
        if (!bound[static_cast<std::size_t>(s)])
          error(claim.slots.locs[static_cast<std::size_t>(s)], ErrorCode::unbound_variable,
                fmt::format("variable '{}' of claim '{}' is not bound by a positive atom in every "
                            "alternative of its body",
                            claim.slots.names[static_cast<std::size_t>(s)], claim.name));
      out.body.push_back(std::move(*ops));
    }
    for (const auto& conj : claim.conclusion) {
      std::vector<bool> bound(claim.slots.size(), false);
      for (auto s : claim.reported) bound[static_cast<std::size_t>(s)] = true;
      auto ops = plan_body(conj, claim.slots, bound, -1);
      if (ops) out.conclusion.push_back(std::move(*ops));
    }
    if (claim.form == ClaimForm::holds) {
      std::vector<bool> bound(claim.slots.size(), false);
      auto ops = plan_body(claim.holds_aggregates, claim.slots, bound, -1);
      if (ops) {
        require_bound(claim.lhs, bound, claim.slots, "in holds");
        require_bound(claim.rhs, bound, claim.slots, "in holds");
        out.holds = std::move(*ops);
      }
    }
    return out;
  }
};

}  // namespace

bool plan_program(const Program& program, ProgramPlan& plan, std::vector<Diagnostic>& diagnostics) {
  return ProgramPlanner(program, diagnostics).run(plan);
}

}  // namespace kz::plan
