// Prints plans. A lookup reads as what the evaluator does with it:
//   scan edge key[0=y#1] via index 0 bind[1->z#2]
// scans `edge` for rows whose column 0 equals y#1, through the relation's index 0 (an
// entry of the index registry), and binds column 1 to z#2. Without keys a scan reads the
// whole relation; with every column keyed it is one probe of the relation's tuple set.
// `same[2=0]` is a variable repeated in the atom: column 2 must equal column 0.
// `(delta)` marks the atom that reads only the last iteration's new rows, `(old)` one that
// reads only the rows from before them.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "plan/plan.hpp"
#include "semantics/print.hpp"

namespace kz::plan {

namespace {

std::string lookup_text(const sem::Program& program, const Op& op, const sem::Slots& slots) {
  std::string text = fmt::format("{} {}", op.type == Op::Type::scan ? "scan" : "not",
                                 program.relations[op.relation].name);
  if (op.delta) text += " (delta)";
  if (op.old_only) text += " (old)";
  if (op.existential) text += " (first match)";
  else if (op.head_complete) text += " (first solution)";
  if (!op.key_columns.empty()) {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < op.key_columns.size(); ++i)
      keys.push_back(fmt::format("{}={}", op.key_columns[i], sem::to_string(program, op.key_values[i], slots)));
    text += fmt::format(" key[{}]", fmt::join(keys, ", "));
    text += op.index == no_index ? " via tuple set" : fmt::format(" via index {}", op.index);
  }
  if (op.range_column >= 0) {
    const auto bound_text = [&](const std::optional<sem::Expr>& e) {
      return e ? sem::to_string(program, *e, slots) : std::string("..");
    };
    text += fmt::format(" range[{} in {}{}, {}{}]", op.range_column, op.low_strict ? "(" : "[",
                        bound_text(op.range_low), bound_text(op.range_high), op.high_strict ? ")" : "]");
  }
  if (!op.binds.empty()) {
    std::vector<std::string> binds;
    for (const auto& [column, slot] : op.binds) binds.push_back(fmt::format("{}->{}", column, sem::slot_text(slots, slot)));
    text += fmt::format(" bind[{}]", fmt::join(binds, ", "));
  }
  if (!op.equal_columns.empty()) {
    std::vector<std::string> same;
    for (const auto& [column, other] : op.equal_columns) same.push_back(fmt::format("{}={}", column, other));
    text += fmt::format(" same[{}]", fmt::join(same, ", "));
  }
  if (!op.computed_columns.empty()) {
    std::vector<std::string> checks;
    for (const auto& [column, value] : op.computed_columns)
      checks.push_back(fmt::format("{}={}", column, sem::to_string(program, value, slots)));
    text += fmt::format(" check[{}]", fmt::join(checks, ", "));
  }
  return text;
}

std::string aggregate_text(const sem::Program& program, const Op& op, const sem::Slots& slots) {
  const sem::AggregateSpec& spec = *op.aggregate;
  std::string text = fmt::format("aggregate {} {} {}", sem::slot_text(slots, op.slot), op.checks_slot ? "=" : ":=",
                                 sem::aggregate_name(spec.fn));
  if (spec.target) text += " " + sem::to_string(program, *spec.target, slots);
  if (!spec.outer_slots.empty()) {
    std::vector<std::string> keys;
    for (auto s : spec.outer_slots) keys.push_back(sem::slot_text(slots, s));
    text += fmt::format(" keyed by {}", fmt::join(keys, ", "));
  }
  if (!spec.distinct_on.empty() && !op.bindings_distinct) text += ", each binding once";
  return text;
}

class PlanPrinter {
 public:
  PlanPrinter(const sem::Program& program, const ProgramPlan& plan) : program_(program), plan_(plan) {}

  std::string print() {
    for (std::size_t i = 0; i < plan_.strata.size() && i < program_.strata.size(); ++i) stratum(i);
    indexes();
    claims();
    return std::move(out_);
  }

 private:
  const sem::Program& program_;
  const ProgramPlan& plan_;
  std::string out_;

  void line(int depth, const std::string& text) {
    out_.append(static_cast<std::size_t>(2 * depth), ' ');
    out_ += text;
    out_ += '\n';
  }

  void ops(int depth, const std::vector<Op>& list, const sem::Slots& slots) {
    out_ += to_string(program_, list, slots, 2 * depth);
  }

  void stratum(std::size_t i) {
    const sem::Stratum& s = program_.strata[i];
    std::vector<std::string> names;
    for (auto r : s.relations) names.push_back(program_.relations[r].name);
    line(0, fmt::format("stratum {}{}: {}", i, s.recursive ? " (recursive)" : "", fmt::join(names, ", ")));
    const StratumPlan& p = plan_.strata[i];
    if (!p.initial.empty()) line(1, "initial");
    for (const auto& version : p.initial) rule(version);
    if (!p.delta.empty()) line(1, "delta, repeated until no new rows");
    for (const auto& version : p.delta) rule(version);
  }

  // `#1 path(x#0, z#1), delta on literal 1: path(x#0, y#2)`: the rule, its head, and in
  // a delta version the body literal (counted from 1, as the IR prints the body) that
  // reads the new rows. A rule with two recursive atoms has two delta versions.
  void rule(const RulePlan& version) {
    const sem::Rule& r = program_.rules[version.rule];
    std::string text = fmt::format("#{} {}", r.id, sem::atom_text(program_, r.head, r.head_args, r.slots));
    if (version.delta_relation != no_index) text += ", delta on " + delta_literal(r, version);
    if (version.distinct) text += ", distinct";
    line(2, text);
    ops(3, version.ops, r.slots);
  }

  std::string delta_literal(const sem::Rule& r, const RulePlan& version) const {
    for (const Op& op : version.ops) {
      if (!op.delta) continue;
      for (std::size_t i = 0; i < r.body.size(); ++i)
        if (&r.body[i] == op.source)
          return fmt::format("literal {}: {}", i + 1, sem::to_string(program_, r.body[i], r.slots));
    }
    return program_.relations[version.delta_relation].name;
  }

  void indexes() {
    line(0, "indexes");
    bool any = false;
    const auto& by_relation = plan_.indexes.by_relation;
    for (std::size_t r = 0; r < by_relation.size(); ++r) {
      if (by_relation[r].empty()) continue;
      any = true;
      std::vector<std::string> entries;
      for (std::size_t i = 0; i < by_relation[r].size(); ++i)
        entries.push_back(fmt::format("{} [{}]", i, fmt::join(by_relation[r][i], ", ")));
      line(1, fmt::format("{}: {}", program_.relations[r].name, fmt::join(entries, ", ")));
    }
    if (!any) line(1, "none");
  }

  void claims() {
    if (plan_.claims.empty()) return;
    line(0, "claims");
    for (std::size_t i = 0; i < plan_.claims.size() && i < program_.claims.size(); ++i) {
      const sem::Claim& claim = program_.claims[i];
      const ClaimPlan& p = plan_.claims[i];
      line(1, fmt::format("{} {}", claim.name, sem::claim_form_name(claim.form)));
      alternatives("body", p.body, claim.slots);
      std::string label = "conclusion";
      if (!claim.reported.empty()) {
        std::vector<std::string> bound;
        for (auto s : claim.reported) bound.push_back(sem::slot_text(claim.slots, s));
        label += fmt::format(", {} bound", fmt::join(bound, ", "));
      }
      alternatives(label, p.conclusion, claim.slots);
      // holds: the hoisted aggregates run first, then the comparison over their results.
      if (claim.form == sem::ClaimForm::holds) {
        line(2, fmt::format("holds {} {} {}", sem::to_string(program_, claim.lhs, claim.slots),
                            sem::cmp_text(claim.cmp), sem::to_string(program_, claim.rhs, claim.slots)));
        ops(3, p.holds, claim.slots);
      }
    }
  }

  // One plan a DNF alternative: `body` when there is one, `body 1`, `body 2` ... for more.
  void alternatives(const std::string& label, const std::vector<std::vector<Op>>& plans, const sem::Slots& slots) {
    for (std::size_t i = 0; i < plans.size(); ++i) {
      line(2, plans.size() == 1 ? label : fmt::format("{} {}", label, i + 1));
      ops(3, plans[i], slots);
    }
  }
};

}  // namespace

std::string to_string(const sem::Program& program, const std::vector<Op>& ops, const sem::Slots& slots,
                      int indent) {
  std::string out;
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& op : ops) {
    out += pad;
    switch (op.type) {
      case Op::Type::scan:
      case Op::Type::negation: out += lookup_text(program, op, slots); break;
      case Op::Type::filter:
      case Op::Type::builtin: out += "filter " + sem::to_string(program, *op.literal, slots); break;
      case Op::Type::assign:
        out += fmt::format("assign {} := {}", sem::slot_text(slots, op.slot), sem::to_string(program, op.expr, slots));
        break;
      case Op::Type::aggregate: out += aggregate_text(program, op, slots); break;
      case Op::Type::exists: out += "exists (once, until its first solution)"; break;
      case Op::Type::generate:
        out += fmt::format("{} {} {}", op.checks_slot ? "check" : "generate", sem::slot_text(slots, op.slot),
                           op.checks_slot ? "in " + sem::to_string(program, op.expr, slots)
                                          : ":= each of " + sem::to_string(program, op.expr, slots));
        break;
    }
    out += '\n';
    if (op.type == Op::Type::aggregate || op.type == Op::Type::exists) out += to_string(program, op.sub, slots, indent + 2);
  }
  return out;
}

std::string to_string(const sem::Program& program, const ProgramPlan& plan) {
  return PlanPrinter(program, plan).print();
}

}  // namespace kz::plan
