// Lowering the argument layer's declarations: .hypothesis, and .claim with its links to
// hypotheses. A claim's bodies are lowered like rule bodies (DNF, shared slots); the
// conclusion C of forall/most/share sees B's variables; share's bound and a link's
// probabilities must be constants.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/words.hpp"
#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

void Lowerer::declare_hypothesis(const ast::Hypothesis& h) {
  if (auto it = hypothesis_ids_.find(h.name.name); it != hypothesis_ids_.end()) {
    auto& e = error(loc(h.name), ErrorCode::declared_twice,
                    fmt::format("hypothesis '{}' is declared twice", h.name.name));
    note(e, prog_.hypotheses[it->second].loc, "first declared here");
    return;
  }
  hypothesis_ids_[h.name.name] = static_cast<std::uint32_t>(prog_.hypotheses.size());
  prog_.hypotheses.push_back(
      Hypothesis{h.name.name, h.text.value, h.source ? h.source->value : std::string(), loc(h.name)});
}

// ---- claims --------------------------------------------------------------------------------
void Lowerer::lower_claim(const ast::Claim& c) {
  if (!claim_name_is_new(c)) return;
  std::size_t before = errors_;
  Claim claim;
  claim.name = c.name.name;
  claim.text = c.text.value;
  claim.loc = loc(c.name);
  if (c.from && !set_observable_from(*c.from, claim)) return;
  Scope body_scope;
  body_scope.slots = &claim.slots;
  lower_claim_form(c.form, claim, body_scope);
  collect_reported(claim, body_scope);
  type_claim(claim);
  for (const auto& link : c.links) lower_link(link, claim);
  if (errors_ == before) prog_.claims.push_back(std::move(claim));
}

// Records the claim's name; false (with an error) when another claim has it.
bool Lowerer::claim_name_is_new(const ast::Claim& c) {
  if (auto it = claim_locs_.find(c.name.name); it != claim_locs_.end()) {
    auto& e = error(loc(c.name), ErrorCode::declared_twice,
                    fmt::format("claim '{}' is declared twice", c.name.name));
    note(e, it->second, "first declared here");
    return false;
  }
  claim_locs_[c.name.name] = loc(c.name);
  return true;
}

void Lowerer::lower_claim_form(const ast::ClaimForm& form, Claim& claim, Scope& body_scope) {
  if (auto const* body_form = boost::get<ast::BodyForm>(&form)) {
    claim.form = body_form->keyword == "exists" ? ClaimForm::exists : ClaimForm::none;
    claim.body = lower_body(body_form->body, body_scope);
  } else if (auto const* implication = boost::get<ast::ImplicationForm>(&form)) {
    claim.form = implication->keyword == "forall" ? ClaimForm::forall : ClaimForm::most;
    claim.body = lower_body(implication->body, body_scope);
    claim.conclusion = lower_conclusion(implication->conclusion, claim, body_scope);
  } else if (auto const* share = boost::get<ast::ShareForm>(&form)) {
    claim.form = ClaimForm::share;
    claim.body = lower_body(share->body, body_scope);
    claim.conclusion = lower_conclusion(share->conclusion, claim, body_scope);
    claim.cmp = *parse_cmp(share->op);
    lower_share_bound(share->bound, claim);
  } else if (auto const* holds = boost::get<ast::HoldsForm>(&form)) {
    claim.form = ClaimForm::holds;
    claim.cmp = *parse_cmp(holds->op);
    claim.lhs = lower_expr(holds->lhs, body_scope, claim.holds_aggregates, false);
    claim.rhs = lower_expr(holds->rhs, body_scope, claim.holds_aggregates, false);
  }
}

// A claim body in DNF, each conjunction's literals lowered in `scope`.
std::vector<std::vector<Literal>> Lowerer::lower_body(const ast::Disjunction& d, Scope& scope) {
  std::vector<std::vector<Literal>> out;
  auto dnf = to_dnf(d, loc(d));
  for (const auto& conj : dnf)
    for (const auto* lit : conj) collect_names(*lit, scope.level_names);
  for (const auto& conj : dnf) {
    std::vector<Literal> lits;
    lower_conjunction(conj, scope, lits);
    out.push_back(std::move(lits));
  }
  return out;
}

// The conclusion C, in a scope below B's: B's variables are C's too.
std::vector<std::vector<Literal>> Lowerer::lower_conclusion(const ast::Disjunction& d, Claim& claim,
                                                            Scope& body_scope) {
  Scope conclusion_scope;
  conclusion_scope.slots = &claim.slots;
  conclusion_scope.parent = &body_scope;
  return lower_body(d, conclusion_scope);
}

// share's bound: a numeric constant, kept as a float.
void Lowerer::lower_share_bound(const ast::Expression& bound, Claim& claim) {
  auto folded = lower_constant(bound);
  if (!folded || folded->kind == Kind::symbol) {
    // A lone name that is no parameter is most likely a misspelled one: say so.
    // Precedence levels wrap a lone operand in expressions of one operand each.
    const ast::Expression* term = &bound;
    while (term->rest.empty()) {
      auto const* inner = boost::get<boost::spirit::x3::forward_ast<ast::Expression>>(&term->first);
      if (inner == nullptr) break;
      term = &inner->get();
    }
    if (auto const* name = term->rest.empty() ? boost::get<ast::Identifier>(&term->first) : nullptr;
        name != nullptr && !param_ids_.count(name->name)) {
      error(loc(bound), ErrorCode::bad_share_bound,
            fmt::format("a share's bound must be a number or a .param; '{}' is no parameter{}", name->name,
                        param_suggestion(name->name)));
      return;
    }
    error(loc(bound), ErrorCode::bad_share_bound, "a share's bound must be a number, such as 0.75");
    return;
  }
  claim.bound = *folded;
  if (claim.bound.kind != Kind::float_number) {
    double d = claim.bound.kind == Kind::unsigned_number ? static_cast<double>(claim.bound.value)
                                                         : static_cast<double>(static_cast<std::int64_t>(claim.bound.value));
    claim.bound.value = float_to_word(d);
    claim.bound.kind = Kind::float_number;
    claim.bound.int_literal = false;
  }
}

// The reported variables: B's own named variables, in order of first appearance.
void Lowerer::collect_reported(Claim& claim, const Scope& body_scope) {
  for (std::int32_t s : body_scope.own) {
    const std::string& n = claim.slots.names[static_cast<std::size_t>(s)];
    if (!n.empty() && n[0] != '<') claim.reported.push_back(s);
  }
  std::sort(claim.reported.begin(), claim.reported.end());
}

// Kinds: all bodies are inferred together (they share slots), then each conjunction is
// inferred again on its own and checked.
void Lowerer::type_claim(Claim& claim) {
  std::vector<Literal> all;
  auto gather = [&](std::vector<std::vector<Literal>>& dnf) {
    for (auto& conj : dnf)
      for (auto& l : conj) all.push_back(l);
  };
  gather(claim.body);
  gather(claim.conclusion);
  for (auto& l : claim.holds_aggregates) all.push_back(l);
  Typing t{claim.slots, std::vector<bool>(claim.slots.size(), false)};
  current_slots_ = &claim.slots;
  while (infer_pass(all, t)) {
  }
  auto retype = [&](std::vector<std::vector<Literal>>& dnf) {
    for (auto& conj : dnf) {
      while (infer_pass(conj, t)) {
      }
      check_literals(conj, t);
    }
  };
  retype(claim.body);
  retype(claim.conclusion);
  while (infer_pass(claim.holds_aggregates, t)) {
  }
  check_literals(claim.holds_aggregates, t);
  if (claim.form == ClaimForm::holds) {
    // Each side keeps its own kind; the comparison is numeric across kinds.
    for (Expr* side : {&claim.lhs, &claim.rhs}) {
      Kind k = definite(*side, t).value_or(Kind::number);
      resolve(*side, k, t, "this side of the comparison");
    }
    bool lsym = claim.lhs.kind == Kind::symbol, rsym = claim.rhs.kind == Kind::symbol;
    if (lsym != rsym)
      error(claim.loc, ErrorCode::type_clash, "holds compares a symbol with a number");
  }
}

// ---- links ---------------------------------------------------------------------------------
void Lowerer::lower_link(const ast::Link& l, Claim& claim) {
  Link link;
  link.loc = loc(l);
  if (!set_link_direction(l, link) || !set_link_hypothesis(l, claim, link) || !set_link_test(l, link))
    return;
  if (l.probability && !set_link_probabilities(*l.probability, link)) return;
  set_link_reason(l, link);
  claim.links.push_back(link);
}

// The strongest tests need the most argument: a hoop, smoking gun or doubly-decisive
// test without `because` is a warning.
void Lowerer::set_link_reason(const ast::Link& l, Link& link) {
  if (l.because) {
    link.because = l.because->value;
    return;
  }
  if (link.test == TestType::straw) return;
  warning(loc(l.test), ErrorCode::unreasoned_strong_test,
          fmt::format("{} {} as {} gives no reason: add because \"...\" saying why the test has this strength",
                      link.supports ? "supports" : "opposes", prog_.hypotheses[link.hypothesis].name,
                      test_name(link.test)));
}

bool Lowerer::set_observable_from(const ast::ObservableFrom& from, Claim& claim) {
  const Expr year = lower_number(from.year);
  std::optional<CalendarDate> date;
  if (year.kind == Kind::number) date = calendar_year(static_cast<std::int64_t>(year.value));
  if (!date) {
    error(loc(from.year), ErrorCode::bad_date, "'from' takes a year, such as 2001");
    return false;
  }
  claim.observable_from = date->year;
  return true;
}

bool Lowerer::set_link_direction(const ast::Link& l, Link& link) {
  if (l.direction.name == "supports") {
    link.supports = true;
  } else if (l.direction.name == "opposes") {
    link.supports = false;
  } else {
    error(loc(l.direction), ErrorCode::bad_link,
          fmt::format("expected 'supports' or 'opposes', not '{}'", l.direction.name));
    return false;
  }
  return true;
}

bool Lowerer::set_link_hypothesis(const ast::Link& l, const Claim& claim, Link& link) {
  auto h = hypothesis_ids_.find(l.hypothesis.name);
  if (h == hypothesis_ids_.end()) {
    error(loc(l.hypothesis), ErrorCode::unknown_hypothesis,
          fmt::format("unknown hypothesis '{}'{} (declare it with .hypothesis)", l.hypothesis.name,
                      hypothesis_suggestion(l.hypothesis.name)));
    return false;
  }
  link.hypothesis = h->second;
  for (const auto& other : claim.links)
    if (other.hypothesis == link.hypothesis) {
      auto& e = error(loc(l.hypothesis), ErrorCode::bad_link,
                      fmt::format("claim '{}' links hypothesis '{}' twice",
                                  claim.name, l.hypothesis.name));
      note(e, other.loc, "first linked here");
      return false;
    }
  return true;
}

// The test type, and the probabilities it stands for unless the link gives its own.
bool Lowerer::set_link_test(const ast::Link& l, Link& link) {
  static const std::unordered_map<std::string, TestType> tests = {
      {"straw", TestType::straw}, {"straw_in_the_wind", TestType::straw}, {"hoop", TestType::hoop},
      {"smoking_gun", TestType::smoking_gun}, {"doubly_decisive", TestType::doubly_decisive}};
  auto t = tests.find(l.test.name);
  if (t == tests.end()) {
    error(loc(l.test), ErrorCode::unknown_test_type,
          fmt::format("unknown test type '{}' (expected straw, hoop, smoking_gun or "
                      "doubly_decisive)", l.test.name));
    return false;
  }
  link.test = t->second;
  const TestProbabilities defaults = default_probabilities(link.test);
  link.p_h = defaults.p_h;
  link.p_not_h = defaults.p_not_h;
  return true;
}

// (p_H, p_notH) given explicitly: each strictly between 0 and 1; a pair that contradicts
// the test's label is a warning.
bool Lowerer::set_link_probabilities(const ast::Probability& p, Link& link) {
  double values[2] = {0, 0};
  const ast::Expression* exprs[2] = {&p.p_h, &p.p_not_h};
  for (int i = 0; i < 2; ++i) {
    auto folded = lower_constant(*exprs[i]);
    double v = -1;
    if (folded && folded->kind == Kind::float_number) v = word_to_float(folded->value);
    else if (folded && folded->kind != Kind::symbol) v = static_cast<double>(static_cast<std::int64_t>(folded->value));
    if (!(v > 0.0 && v < 1.0)) {
      error(loc(*exprs[i]), ErrorCode::probability_out_of_range,
            "a probability must lie strictly between 0 and 1");
      return false;
    }
    values[i] = v;
  }
  link.p_h = values[0];
  link.p_not_h = values[1];
  link.explicit_probability = true;
  const bool bad_hoop = (link.test == TestType::hoop || link.test == TestType::doubly_decisive) && link.p_h < 0.9;
  const bool bad_gun = (link.test == TestType::smoking_gun || link.test == TestType::doubly_decisive) && link.p_not_h > 0.1;
  if (bad_hoop || bad_gun)
    warning(loc(p), ErrorCode::probability_contradicts_test,
            fmt::format("({}, {}) contradicts the label {}: {}", link.p_h, link.p_not_h, test_name(link.test),
                        bad_hoop ? "a hoop test needs p_H >= 0.9" : "a smoking gun needs p_notH <= 0.1"));
  return true;
}

}  // namespace kz::sem::lowering
