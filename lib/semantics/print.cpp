// Prints the checked program. Each section is one loop over a vector of the IR in its
// own order, so the text is the same on every run and follows the declaration order.
#include "semantics/print.hpp"

#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/words.hpp"
#include "syntax/print.hpp"

namespace kz::sem {

namespace {

// Operator names, in ExprOp's order; a functor's name is its table entry's.
constexpr const char* op_names[] = {"var", "const", "_", "-", "+", "-", "*", "/", "%", "^", "functor"};
static_assert(std::size(op_names) == static_cast<std::size_t>(ExprOp::functor) + 1,
              "one name for each ExprOp");

// The shortest text that reads back as the same double, and always looks like a float.
std::string float_text(double d) {
  std::string text = fmt::format("{}", d);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // n: inf, nan
  return text;
}

std::string conjunction_text(const Program& program, const std::vector<Literal>& literals,
                             const Slots& slots) {
  std::vector<std::string> parts;
  for (const auto& l : literals) parts.push_back(to_string(program, l, slots));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string slots_text(const Slots& slots) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < slots.size(); ++i)
    parts.push_back(fmt::format("{}: {}", slot_text(slots, static_cast<std::int32_t>(i)),
                                kind_name(slots.kinds[i])));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string io_text(const char* direction, const IoSpec& spec) {
  if (spec.params.empty()) return direction;
  std::vector<std::string> parts;
  for (const auto& [key, value] : spec.params) parts.push_back(key + "=" + syntax::quoted(value));
  return fmt::format("{}({})", direction, fmt::join(parts, ", "));
}

class IrPrinter {
 public:
  explicit IrPrinter(const Program& program) : program_(program) {}

  std::string print() {
    relations();
    params();
    coverage();
    rules();
    strata();
    hypotheses();
    claims();
    return std::move(out_);
  }

 private:
  const Program& program_;
  std::string out_;

  void line(int depth, const std::string& text) {
    out_.append(static_cast<std::size_t>(2 * depth), ' ');
    out_ += text;
    out_ += '\n';
  }

  void relations() {
    line(0, "relations");
    if (program_.relations.empty()) line(1, "none");
    for (const auto& r : program_.relations) {
      std::vector<std::string> attributes;
      for (const auto& a : r.attributes) {
        std::string text = fmt::format("{}: {}", a.name, kind_name(a.kind));
        if (!a.type_name.empty() && a.type_name != kind_name(a.kind)) text += " (" + a.type_name + ")";
        attributes.push_back(std::move(text));
      }
      std::string text = fmt::format("{}({})", r.name, fmt::join(attributes, ", "));
      for (const auto* spec : r.inputs()) text += " " + io_text("input", *spec);
      for (const auto& output : r.outputs) text += " " + io_text("output", output);
      if (r.printsize) text += " printsize";
      line(1, text);
    }
  }

  void params() {
    if (program_.params.empty()) return;
    line(0, "params");
    for (const auto& p : program_.params)
      line(1, fmt::format("{}: {} = {}{}", p.name, kind_name(p.kind), constant_text(program_, p.kind, p.value),
                          p.range ? fmt::format(" range {} .. {} step {}", p.range->low.text(), p.range->high.text(),
                                                p.range->step.text())
                                  : std::string()));
  }

  // What the fact set covers: unobserved relations, dated ones, the date it is seen as of.
  void coverage() {
    if (program_.unobserved.empty() && program_.datings.empty() && !program_.as_of) return;
    line(0, "coverage");
    for (const auto& u : program_.unobserved) line(1, "unobserved " + program_.relations[u.relation].name);
    for (const auto& d : program_.datings) {
      const auto& r = program_.relations[d.relation];
      line(1, fmt::format("dated {} by {}", r.name, r.attributes[d.attribute].name));
    }
    if (program_.as_of) line(1, "as of " + program_.as_of->text());
  }

  // Facts are rules without a body; they have no slots worth a line.
  void rules() {
    line(0, "rules");
    if (program_.rules.empty()) line(1, "none");
    for (const auto& rule : program_.rules) {
      const std::string head = atom_text(program_, rule.head, rule.head_args, rule.slots);
      if (rule.is_fact()) {
        line(1, fmt::format("#{} {}.", rule.id, head));
        continue;
      }
      line(1, fmt::format("#{} {} :- {}.", rule.id, head, conjunction_text(program_, rule.body, rule.slots)));
      line(2, "slots " + slots_text(rule.slots));
    }
  }

  void strata() {
    line(0, "strata");
    if (program_.strata.empty()) line(1, "none");
    for (std::size_t i = 0; i < program_.strata.size(); ++i) {
      const Stratum& stratum = program_.strata[i];
      std::vector<std::string> names, rules;
      for (auto r : stratum.relations) names.push_back(program_.relations[r].name);
      for (auto id : stratum.rules) rules.push_back(fmt::format("#{}", id));
      std::string text = fmt::format("{}: {}", i, fmt::join(names, ", "));
      if (stratum.recursive) text += " (recursive)";
      if (!rules.empty()) text += fmt::format(" rules {}", fmt::join(rules, ", "));
      line(1, text);
    }
  }

  void hypotheses() {
    if (program_.hypotheses.empty()) return;
    line(0, "hypotheses");
    for (const auto& h : program_.hypotheses) {
      std::string text = h.name + " " + syntax::quoted(h.text);
      if (!h.source.empty()) text += " source " + syntax::quoted(h.source);
      line(1, text);
    }
  }

  void claims() {
    if (program_.claims.empty()) return;
    line(0, "claims");
    for (const auto& claim : program_.claims) {
      line(1, fmt::format("{} {} {}", claim.name, claim_form_name(claim.form), syntax::quoted(claim.text)));
      if (claim.observable_from) line(2, fmt::format("observable from {}", *claim.observable_from));
      if (claim.slots.size() > 0) line(2, "slots " + slots_text(claim.slots));
      if (!claim.reported.empty()) {
        std::vector<std::string> reported;
        for (auto s : claim.reported) reported.push_back(slot_text(claim.slots, s));
        line(2, fmt::format("reported {}", fmt::join(reported, ", ")));
      }
      alternatives("body", claim.body, claim.slots);
      alternatives("conclusion", claim.conclusion, claim.slots);
      if (claim.form == ClaimForm::share)
        line(2, fmt::format("share {} {}", cmp_text(claim.cmp), to_string(program_, claim.bound, claim.slots)));
      if (claim.form == ClaimForm::holds) {
        for (const auto& l : claim.holds_aggregates) line(2, "aggregate " + to_string(program_, l, claim.slots));
        line(2, fmt::format("holds {} {} {}", to_string(program_, claim.lhs, claim.slots), cmp_text(claim.cmp),
                            to_string(program_, claim.rhs, claim.slots)));
      }
      for (const auto& link : claim.links) {
        std::string text = fmt::format("{} {} as {} with p_h {}, p_not_h {}", link.supports ? "supports" : "opposes",
                                       program_.hypotheses[link.hypothesis].name, test_name(link.test),
                                       link.p_h, link.p_not_h);
        if (!link.explicit_probability) text += " (the test's defaults)";
        if (link.because) text += " because " + syntax::quoted(*link.because);
        line(2, text);
      }
    }
  }

  // A DNF body: `body: ...` when it has one alternative, `body 1: ...` and on for more.
  void alternatives(const char* label, const std::vector<std::vector<Literal>>& dnf, const Slots& slots) {
    for (std::size_t i = 0; i < dnf.size(); ++i) {
      const std::string name = dnf.size() == 1 ? label : fmt::format("{} {}", label, i + 1);
      line(2, fmt::format("{}: {}", name, conjunction_text(program_, dnf[i], slots)));
    }
  }
};

}  // namespace

std::string to_string(const Program& program) { return IrPrinter(program).print(); }

std::string slot_text(const Slots& slots, std::int32_t slot) {
  return fmt::format("{}#{}", slots.names[static_cast<std::size_t>(slot)], slot);
}

std::string constant_text(const Program& program, Kind kind, std::uint64_t value) {
  switch (kind) {
    case Kind::symbol: return syntax::quoted(program.symbols[value]);
    case Kind::number: return std::to_string(static_cast<std::int64_t>(value));
    case Kind::unsigned_number: return std::to_string(value) + "u";
    case Kind::float_number: return float_text(word_to_float(value));
  }
  return "?";
}

std::string to_string(const Program& program, const Expr& e, const Slots& slots) {
  switch (e.op) {
    case ExprOp::variable: return slot_text(slots, e.slot);
    case ExprOp::wildcard: return "_";
    case ExprOp::constant: return constant_text(program, e.kind, e.value);
    default: break;
  }
  const char* op = e.op == ExprOp::functor ? functor_info(e.functor).name : op_names[static_cast<std::size_t>(e.op)];
  const char* kind = kind_name(e.kind);
  if (e.op == ExprOp::neg) return fmt::format("(-{}):{}", to_string(program, e.args[0], slots), kind);
  if (e.op >= ExprOp::add && e.op <= ExprOp::pow)
    return fmt::format("({} {} {}):{}", to_string(program, e.args[0], slots), op,
                       to_string(program, e.args[1], slots), kind);
  std::vector<std::string> args;
  for (const auto& a : e.args) args.push_back(to_string(program, a, slots));
  return fmt::format("{}({}):{}", op, fmt::join(args, ", "), kind);
}

std::string atom_text(const Program& program, std::uint32_t relation, const std::vector<Expr>& args,
                      const Slots& slots) {
  std::vector<std::string> parts;
  for (const auto& a : args) parts.push_back(to_string(program, a, slots));
  return fmt::format("{}({})", program.relations[relation].name, fmt::join(parts, ", "));
}

std::string to_string(const Program& program, const Literal& l, const Slots& slots) {
  switch (l.type) {
    case Literal::Type::atom: return atom_text(program, l.relation, l.args, slots);
    case Literal::Type::negation: return "!" + atom_text(program, l.relation, l.args, slots);
    case Literal::Type::compare:
      return fmt::format("{} {} {}", to_string(program, l.lhs, slots), cmp_text(l.cmp),
                         to_string(program, l.rhs, slots));
    case Literal::Type::contains:
    case Literal::Type::match:
      return fmt::format("{}{}({}, {})", l.negated ? "!" : "",
                         l.type == Literal::Type::contains ? "contains" : "match",
                         to_string(program, l.lhs, slots), to_string(program, l.rhs, slots));
    case Literal::Type::aggregate: {
      const AggregateSpec& spec = *l.aggregate;
      std::string text = fmt::format("{} = {}", slot_text(slots, spec.result_slot), aggregate_name(spec.fn));
      if (spec.target) text += " " + to_string(program, *spec.target, slots);
      text += " : { " + conjunction_text(program, spec.body, slots) + " }";
      if (!spec.outer_slots.empty()) {
        std::vector<std::string> keys;
        for (auto s : spec.outer_slots) keys.push_back(slot_text(slots, s));
        text += fmt::format(" keyed by {}", fmt::join(keys, ", "));
      }
      return text;
    }
  }
  return "?";
}

}  // namespace kz::sem
