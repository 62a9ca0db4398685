// Lowering clauses. A body's ';' are multiplied out into disjunctive normal form, and
// each conjunction becomes one Rule per head: h :- a ; b. is h :- a. and h :- b.
#include <fmt/format.h>

#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

std::vector<Conj> Lowerer::to_dnf(const ast::Disjunction& d, Loc where) {
  std::vector<Conj> out;
  for (const auto& conj : d.alternatives) {
    std::vector<Conj> acc{Conj{}};
    for (const auto& lit : conj) {
      if (auto const* nested = boost::get<x3_forward_disjunction>(&lit)) {
        std::vector<Conj> inner = to_dnf(nested->get(), where);
        std::vector<Conj> next;
        for (const auto& a : acc)
          for (const auto& b : inner) {
            Conj c = a;
            c.insert(c.end(), b.begin(), b.end());
            next.push_back(std::move(c));
          }
        acc = std::move(next);
      } else {
        for (auto& a : acc) a.push_back(&lit);
      }
      if (acc.size() > max_disjuncts) {
        error(where, ErrorCode::body_too_large,
              fmt::format("the body has more than {} alternatives once its ';' are "
                          "multiplied out; define helper relations",
                          max_disjuncts));
        return {};
      }
    }
    out.insert(out.end(), acc.begin(), acc.end());
  }
  return out;
}

std::optional<std::uint32_t> Lowerer::relation_for(const ast::Atom& atom) {
  auto id = prog_.find_relation(atom.name.name);
  if (!id) {
    error(loc(atom.name), ErrorCode::unknown_relation,
          fmt::format("unknown relation '{}'{} (declare it with .decl)", atom.name.name,
                      relation_suggestion(atom.name.name)));
    return std::nullopt;
  }
  const Relation& r = prog_.relations[*id];
  if (r.arity() != atom.args.size()) {
    auto& e = error(loc(atom), ErrorCode::wrong_arity,
                    fmt::format("'{}' has {} attribute{} but is used with {} argument{}",
                                r.name, r.arity(), r.arity() == 1 ? "" : "s",
                                atom.args.size(), atom.args.size() == 1 ? "" : "s"));
    note(e, r.loc, "declared here");
    return std::nullopt;
  }
  return id;
}

namespace {

// The first range(...) call in `e`, or null.
const Expr* range_in(const Expr& e) {
  if (is_range_call(e)) return &e;
  for (const auto& a : e.args)
    if (auto const* found = range_in(a)) return found;
  return nullptr;
}

}  // namespace

// range(...) generates values, so it stands alone on one side of '=' with a variable on
// the other (`x = range(1, 10)`); anywhere else it has no single value.
void Lowerer::check_range_uses(const Literal& l) {
  std::vector<const Expr*> places;
  if (l.type == Literal::Type::compare && l.cmp == Cmp::eq &&
      ((is_range_call(l.rhs) && l.lhs.op == ExprOp::variable) || (is_range_call(l.lhs) && l.rhs.op == ExprOp::variable))) {
    for (const auto& a : (is_range_call(l.rhs) ? l.rhs : l.lhs).args) places.push_back(&a);
  } else {
    places = {&l.lhs, &l.rhs};
    for (const auto& a : l.args) places.push_back(&a);
  }
  for (const Expr* e : places)
    if (auto const* found = range_in(*e))
      error(found->loc, ErrorCode::unknown_functor,
            "range(...) gives several values: write it alone on one side of '=', with a variable on the other "
            "(x = range(1, 10))");
}

bool Lowerer::is_builtin_predicate(const ast::Atom& atom) const {
  return (atom.name.name == "contains" || atom.name.name == "match") &&
         !prog_.find_relation(atom.name.name);
}

// Each literal of one conjunction, knowing in how many of them each name occurs.
void Lowerer::lower_conjunction(const Conj& conj, Scope& scope, std::vector<Literal>& out) {
  std::unordered_map<std::string, int> counts;
  for (const auto* lit : conj) {
    std::unordered_set<std::string> names;
    collect_names(*lit, names);
    for (const auto& n : names) ++counts[n];
  }
  const auto* enclosing = literal_counts_;
  literal_counts_ = &counts;
  for (const auto* lit : conj) lower_literal(*lit, scope, out);
  literal_counts_ = enclosing;
}

void Lowerer::lower_literal(const ast::Literal& lit, Scope& scope, std::vector<Literal>& out) {
  std::vector<Literal> hoisted;
  Literal l;
  if (auto const* a = boost::get<ast::Atom>(&lit)) {
    if (is_builtin_predicate(*a)) {
      l = lower_builtin(*a, scope, hoisted, false);
    } else {
      auto id = relation_for(*a);
      if (!id) return;
      l.type = Literal::Type::atom;
      l.relation = *id;
      l.loc = loc(*a);
      for (const auto& arg : a->args) l.args.push_back(lower_expr(arg, scope, hoisted, true));
    }
  } else if (auto const* n = boost::get<ast::Negation>(&lit)) {
    if (is_builtin_predicate(n->atom)) {
      l = lower_builtin(n->atom, scope, hoisted, true);
    } else {
      auto id = relation_for(n->atom);
      if (!id) return;
      l.type = Literal::Type::negation;
      l.relation = *id;
      l.loc = loc(*n);
      for (const auto& arg : n->atom.args) l.args.push_back(lower_expr(arg, scope, hoisted, true));
    }
  } else if (auto const* c = boost::get<ast::Comparison>(&lit)) {
    l.type = Literal::Type::compare;
    l.cmp = *parse_cmp(c->op);
    l.loc = loc(*c);
    // `y = <aggregate>` where no other literal of the body names y: inside the aggregate,
    // y is a variable of its own (as in Soufflé). Named elsewhere, y is a grouping key.
    if (c->op == "=") {
      if (is_lone_aggregate(c->rhs)) aggregate_result_name_ = lone_variable(c->lhs);
      if (is_lone_aggregate(c->lhs)) aggregate_result_name_ = lone_variable(c->rhs);
      if (aggregate_result_name_ && literal_counts_) {
        auto it = literal_counts_->find(*aggregate_result_name_);
        if (it != literal_counts_->end() && it->second > 1) aggregate_result_name_.reset();
      }
    }
    // `_ = <aggregate>`: the aggregate only has to have a value (its witnesses may be
    // what the rule wants), so it is kept and the comparison dropped.
    const bool lhs_unnamed = c->op == "=" && is_lone_wildcard(c->lhs) && is_lone_aggregate(c->rhs);
    const bool rhs_unnamed = c->op == "=" && is_lone_wildcard(c->rhs) && is_lone_aggregate(c->lhs);
    l.lhs = lower_expr(c->lhs, scope, hoisted, lhs_unnamed);
    l.rhs = lower_expr(c->rhs, scope, hoisted, rhs_unnamed);
    aggregate_result_name_.reset();
    if (lhs_unnamed || rhs_unnamed) {
      for (auto& h : hoisted) out.push_back(std::move(h));
      return;
    }
  } else {
    return;  // nested disjunctions were multiplied out by to_dnf
  }
  for (auto& h : hoisted) out.push_back(std::move(h));
  check_range_uses(l);
  out.push_back(std::move(l));
}

Literal Lowerer::lower_builtin(const ast::Atom& a, Scope& scope, std::vector<Literal>& hoisted, bool negated) {
  Literal l;
  l.type = a.name.name == "contains" ? Literal::Type::contains : Literal::Type::match;
  l.negated = negated;
  l.loc = loc(a);
  if (a.args.size() != 2) {
    error(loc(a.name), ErrorCode::unknown_functor,
          fmt::format("'{}' takes 2 arguments, not {}", a.name.name, a.args.size()));
    return l;
  }
  l.lhs = lower_expr(a.args[0], scope, hoisted, false);
  l.rhs = lower_expr(a.args[1], scope, hoisted, false);
  return l;
}

void Lowerer::lower_clause(const ast::Unsupported& u) {
  error(loc(u), ErrorCode::unsupported_construct,
        fmt::format("'{}' is not supported by kzrules", u.directive));
}

void Lowerer::lower_clause(const ast::Clause& c) {
  std::vector<Conj> dnf = c.body ? to_dnf(*c.body, loc(c)) : std::vector<Conj>{Conj{}};
  for (const auto& head : c.heads) {
    if (is_builtin_predicate(head)) {
      error(loc(head.name), ErrorCode::unknown_functor,
            fmt::format("'{}' is a built-in predicate and cannot be a head", head.name.name));
      continue;
    }
    auto rel = relation_for(head);
    if (!rel) continue;
    for (const auto& conj : dnf) lower_rule(head, *rel, conj, loc(c));
  }
}

void Lowerer::lower_rule(const ast::Atom& head, std::uint32_t rel, const Conj& conj, Loc clause_loc) {
  Rule r;
  r.id = static_cast<std::uint32_t>(prog_.rules.size());
  r.head = rel;
  r.loc = clause_loc;
  Scope scope;
  scope.slots = &r.slots;
  for (const auto& a : head.args) collect_names(a, scope.level_names);
  for (const auto* lit : conj) collect_names(*lit, scope.level_names);
  std::vector<Literal> hoisted;
  for (const auto& a : head.args) r.head_args.push_back(lower_expr(a, scope, hoisted, true));
  for (const auto& h : r.head_args)
    if (auto const* found = range_in(h))
      error(found->loc, ErrorCode::unknown_functor,
            "range(...) gives several values: bind a variable to it in the body (x = range(1, 10)) and use that");
  lower_conjunction(conj, scope, r.body);
  for (auto& h : hoisted) r.body.push_back(std::move(h));
  std::size_t before = errors_;
  type_unit(r.body, r.slots, &r.head_args, &prog_.relations[rel]);
  if (errors_ == before && (!r.is_fact() || fact_is_seen(r))) prog_.rules.push_back(std::move(r));
}

}  // namespace kz::sem::lowering
