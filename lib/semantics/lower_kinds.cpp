// Kinds: each variable of a rule or claim gets one of the four kinds. Inference runs to
// a fixpoint over the literals (an atom's attribute kinds, x = expr, an aggregate's
// result), then every expression is checked against the kind its place needs; integer
// literals take the kind their place gives them (2 in a float column is 2.0).
#include <fmt/format.h>

#include "core/words.hpp"
#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

std::optional<Kind> Lowerer::definite(const Expr& e, const Typing& t) {
  switch (e.op) {
    case ExprOp::variable:
      return t.known[static_cast<std::size_t>(e.slot)] ? std::optional<Kind>(t.slots.kinds[static_cast<std::size_t>(e.slot)])
                                                       : std::nullopt;
    case ExprOp::constant:
      return e.int_literal ? std::nullopt : std::optional<Kind>(e.kind);
    case ExprOp::wildcard: return std::nullopt;
    default: break;
  }
  if (e.op == ExprOp::functor)
    if (auto result = functor_info(e.functor).result) return result;
  for (const auto& a : e.args)
    if (auto k = definite(a, t)) return k;
  return std::nullopt;
}

bool Lowerer::learn(std::int32_t slot, Kind kind, Typing& t) {
  auto s = static_cast<std::size_t>(slot);
  if (t.known[s]) return false;
  t.known[s] = true;
  t.slots.kinds[s] = kind;
  return true;
}

bool Lowerer::infer_aggregate(AggregateSpec& spec, Typing& t) {
  bool changed = infer_pass(spec.body, t);
  std::optional<Kind> in = spec.target ? definite(*spec.target, t) : std::optional<Kind>(Kind::number);
  if (spec.target && !in && spec.target->int_literal) in = Kind::number;
  if (!in) return changed;
  spec.input_kind = *in;
  switch (spec.fn) {
    case AggregateFn::count: spec.result_kind = Kind::number; break;
    case AggregateFn::mean:
    case AggregateFn::median:
    case AggregateFn::stddev: spec.result_kind = Kind::float_number; break;
    default: spec.result_kind = *in; break;
  }
  changed |= learn(spec.result_slot, spec.result_kind, t);
  return changed;
}

// x = expr gives x the kind of expr, when that is known.
bool Lowerer::infer_equality(const Literal& l, Typing& t) {
  bool changed = false;
  if (l.lhs.op == ExprOp::variable)
    if (auto k = definite(l.rhs, t)) changed |= learn(l.lhs.slot, *k, t);
  if (l.rhs.op == ExprOp::variable)
    if (auto k = definite(l.lhs, t)) changed |= learn(l.rhs.slot, *k, t);
  if (l.lhs.op == ExprOp::variable && l.rhs.int_literal) changed |= learn(l.lhs.slot, Kind::number, t);
  if (l.rhs.op == ExprOp::variable && l.lhs.int_literal) changed |= learn(l.rhs.slot, Kind::number, t);
  return changed;
}

bool Lowerer::infer_pass(std::vector<Literal>& lits, Typing& t) {
  bool changed = false;
  for (auto& l : lits) {
    switch (l.type) {
      case Literal::Type::atom:
      case Literal::Type::negation: {
        const Relation& r = prog_.relations[l.relation];
        for (std::size_t i = 0; i < l.args.size() && i < r.arity(); ++i)
          if (l.args[i].op == ExprOp::variable) changed |= learn(l.args[i].slot, r.attributes[i].kind, t);
        break;
      }
      case Literal::Type::aggregate: changed |= infer_aggregate(*l.aggregate, t); break;
      case Literal::Type::compare:
        if (l.cmp == Cmp::eq) changed |= infer_equality(l, t);
        break;
      case Literal::Type::contains:
      case Literal::Type::match:
        if (l.lhs.op == ExprOp::variable) changed |= learn(l.lhs.slot, Kind::symbol, t);
        if (l.rhs.op == ExprOp::variable) changed |= learn(l.rhs.slot, Kind::symbol, t);
        break;
    }
  }
  return changed;
}

void Lowerer::clash(const Expr& e, Kind have, Kind want, const std::string& context) {
  error(e.loc, ErrorCode::type_clash,
        fmt::format("type clash: {} is a {}, but {} needs a {}", describe(e), kind_name(have), context,
                    kind_name(want)));
}

std::string Lowerer::describe(const Expr& e) const {
  if (e.op == ExprOp::variable && current_slots_) {
    const std::string& n = current_slots_->names[static_cast<std::size_t>(e.slot)];
    if (!n.empty() && n[0] == '<') return "the aggregate";
    return "'" + n + "'";
  }
  if (e.op == ExprOp::constant) {
    if (e.kind == Kind::symbol) return "\"" + prog_.symbols[e.value] + "\"";
    return "this constant";
  }
  return "this expression";
}

void Lowerer::resolve_constant(Expr& e, Kind want, const std::string& context) {
  if (!e.int_literal) {
    if (e.kind != want) clash(e, e.kind, want, context);
    return;
  }
  auto v = static_cast<std::int64_t>(e.value);
  if (want == Kind::symbol) {
    clash(e, Kind::number, want, context);
  } else if (want == Kind::float_number) {
    e.value = float_to_word(static_cast<double>(v));
  } else if (want == Kind::unsigned_number && v < 0) {
    error(e.loc, ErrorCode::type_clash, "a negative number cannot be unsigned");
  }
  e.kind = want;
  e.int_literal = false;
}

void Lowerer::resolve_functor(Expr& e, const FunctorInfo& info, Kind want, Typing& t,
                              const std::string& context) {
  Kind result = info.result.value_or(want);
  if (result != want) clash(e, result, want, context);
  e.kind = result;
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    const ArgumentKind& argument = info.argument(i);
    Kind arg_kind = want;
    switch (argument.rule) {
      case ArgumentKind::Rule::exactly: arg_kind = argument.kind; break;
      case ArgumentKind::Rule::any: arg_kind = definite(e.args[i], t).value_or(Kind::number); break;
      case ArgumentKind::Rule::as_result: arg_kind = want; break;
    }
    resolve(e.args[i], arg_kind, t, "an argument of this functor");
  }
  // min and max order symbols too (by their bytes, as Soufflé does); the other numeric
  // functors have no symbol form.
  const bool orders_symbols = e.functor == Functor::min || e.functor == Functor::max;
  if (!info.result && want == Kind::symbol && !orders_symbols) clash(e, Kind::number, want, context);
  if (info.integers_only && want == Kind::float_number)
    error(e.loc, ErrorCode::type_clash, "bitwise functors take integers, not floats");
}

void Lowerer::resolve(Expr& e, Kind want, Typing& t, const std::string& context) {
  switch (e.op) {
    case ExprOp::wildcard: return;
    case ExprOp::variable: {
      auto s = static_cast<std::size_t>(e.slot);
      if (!t.known[s]) {
        learn(e.slot, want, t);
      } else if (t.slots.kinds[s] != want) {
        clash(e, t.slots.kinds[s], want, context);
      }
      e.kind = t.slots.kinds[s];
      return;
    }
    case ExprOp::constant: resolve_constant(e, want, context); return;
    default: break;
  }
  if (e.op == ExprOp::functor) {
    resolve_functor(e, functor_info(e.functor), want, t, context);
    return;
  }
  // `+` between symbols joins them, as in Soufflé: it is cat.
  if (want == Kind::symbol && e.op == ExprOp::add) {
    e.op = ExprOp::functor;
    e.functor = Functor::cat;
    resolve_functor(e, functor_info(Functor::cat), want, t, context);
    return;
  }
  // Arithmetic: all operands share the result kind.
  if (want == Kind::symbol) {
    error(e.loc, ErrorCode::type_clash,
          fmt::format("type clash: arithmetic gives a number, but {} needs a symbol "
                      "(use cat() to join symbols)", context));
    return;
  }
  e.kind = want;
  for (auto& a : e.args) resolve(a, want, t, "the other operand");
}

void Lowerer::check_aggregate(AggregateSpec& spec, Typing& t) {
  check_literals(spec.body, t);
  if (!spec.target) return;
  Kind k = definite(*spec.target, t).value_or(Kind::number);
  resolve(*spec.target, k, t, "the aggregate's target");
  spec.input_kind = k;
  if (k == Kind::symbol && spec.fn != AggregateFn::count && spec.fn != AggregateFn::min &&
      spec.fn != AggregateFn::max && spec.fn != AggregateFn::mode)
    error(spec.target->loc, ErrorCode::type_clash,
          fmt::format("{} cannot range over symbols", aggregate_name(spec.fn)));
}

void Lowerer::check_literals(std::vector<Literal>& lits, Typing& t) {
  for (auto& l : lits) {
    switch (l.type) {
      case Literal::Type::atom:
      case Literal::Type::negation: {
        const Relation& r = prog_.relations[l.relation];
        for (std::size_t i = 0; i < l.args.size(); ++i)
          resolve(l.args[i], r.attributes[i].kind, t,
                  fmt::format("attribute '{}' of '{}'", r.attributes[i].name, r.name));
        break;
      }
      case Literal::Type::compare: {
        Kind k = definite(l.lhs, t).value_or(definite(l.rhs, t).value_or(Kind::number));
        resolve(l.lhs, k, t, "the comparison");
        resolve(l.rhs, k, t, "the comparison");
        break;
      }
      case Literal::Type::contains:
      case Literal::Type::match:
        resolve(l.lhs, Kind::symbol, t, l.type == Literal::Type::match ? "match" : "contains");
        resolve(l.rhs, Kind::symbol, t, l.type == Literal::Type::match ? "match" : "contains");
        break;
      case Literal::Type::aggregate: check_aggregate(*l.aggregate, t); break;
    }
  }
}

void Lowerer::type_unit(std::vector<Literal>& lits, Slots& slots, std::vector<Expr>* head,
                        const Relation* head_rel) {
  Typing t{slots, std::vector<bool>(slots.size(), false)};
  current_slots_ = &slots;
  while (infer_pass(lits, t)) {
  }
  // What the body leaves open (x = 10 % 4), the head's attribute kinds decide.
  if (head && head_rel) {
    for (std::size_t i = 0; i < head->size() && i < head_rel->arity(); ++i)
      if ((*head)[i].op == ExprOp::variable) learn((*head)[i].slot, head_rel->attributes[i].kind, t);
    while (infer_pass(lits, t)) {
    }
  }
  check_literals(lits, t);
  if (head && head_rel) {
    for (std::size_t i = 0; i < head->size(); ++i) {
      Expr& e = (*head)[i];
      if (e.op == ExprOp::wildcard) {
        error(e.loc, ErrorCode::misplaced_wildcard, "'_' cannot stand in a rule's head");
        continue;
      }
      resolve(e, head_rel->attributes[i].kind, t,
              fmt::format("attribute '{}' of '{}'", head_rel->attributes[i].name, head_rel->name));
    }
  }
}

}  // namespace kz::sem::lowering
