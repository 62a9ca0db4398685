// Lowering expressions: operator chains (left associative, ^ right associative), number
// and string literals, parameters, variables, functor calls, unary minus (folded into a
// literal) and aggregates, which are hoisted out of the expression into a literal of
// their own whose result slot the expression reads.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "core/words.hpp"
#include "semantics/lowerer.hpp"
#include "semantics/operators.hpp"

namespace kz::sem::lowering {

namespace {

Expr make_var(std::int32_t slot, Loc l) {
  Expr e;
  e.op = ExprOp::variable;
  e.slot = slot;
  e.loc = l;
  return e;
}

}  // namespace

std::optional<AggregateFn> aggregate_named(const std::string& word) {
  for (auto fn = AggregateFn::count;; fn = static_cast<AggregateFn>(static_cast<int>(fn) + 1)) {
    if (word == aggregate_name(fn)) return fn;
    if (fn == AggregateFn::stddev) return std::nullopt;
  }
}

Expr Lowerer::lower_expr(const ast::Expression& e, Scope& scope, std::vector<Literal>& hoisted,
                         bool allow_wildcard) {
  std::vector<Expr> operands;
  std::vector<char> operators;
  operands.push_back(lower_operand(e.first, scope, hoisted, allow_wildcard && e.rest.empty()));
  for (const auto& op : e.rest) {
    operands.push_back(lower_operand(op.operand, scope, hoisted, false));
    operators.push_back(op.op);
  }
  return combine_operators(std::move(operands), operators, loc(e));
}

// Soufflé's IPv4 literal 10.1.2.3: its four bytes as one 32-bit number, read as Soufflé's
// 32-bit build reads it (255.255.255.255 is -1).
Expr Lowerer::lower_ipv4(const ast::NumberLit& n) {
  Expr e;
  e.op = ExprOp::constant;
  e.loc = loc(n);
  std::uint32_t address = 0;
  const char* at = n.text.data();
  const char* end = n.text.data() + n.text.size();
  for (int part = 0; part < 4; ++part) {
    unsigned byte = 256;
    auto r = std::from_chars(at, end, byte);
    if (r.ec != std::errc() || byte > 255) {
      error(e.loc, ErrorCode::number_too_large, fmt::format("{} is no IPv4 address: each part is 0 to 255", n.text));
      break;
    }
    address = (address << 8) | byte;
    at = r.ptr + (r.ptr < end ? 1 : 0);
  }
  e.value = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(address)));
  e.kind = Kind::number;
  e.int_literal = true;
  return e;
}

Expr Lowerer::lower_number(const ast::NumberLit& n) {
  Expr e;
  e.op = ExprOp::constant;
  e.loc = loc(n);
  std::string text = n.text;
  if (std::count(text.begin(), text.end(), '.') == 3) return lower_ipv4(n);
  bool is_unsigned = !text.empty() && text.back() == 'u';
  if (is_unsigned) text.pop_back();
  bool is_float = text.find_first_of(".eE") != std::string::npos &&
                  !(text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'b'));
  if (is_float) {
    e.kind = Kind::float_number;
    e.value = float_to_word(std::strtod(text.c_str(), nullptr));
    return e;
  }
  std::uint64_t v = 0;
  int base = 10;
  std::size_t skip = 0;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'x') base = 16, skip = 2;
  if (text.size() > 2 && text[0] == '0' && text[1] == 'b') base = 2, skip = 2;
  auto r = std::from_chars(text.data() + skip, text.data() + text.size(), v, base);
  if (r.ec != std::errc() || (base == 10 && !is_unsigned && v > static_cast<std::uint64_t>(INT64_MAX))) {
    error(e.loc, ErrorCode::number_too_large,
          fmt::format("integer literal {} does not fit in 64 bits", n.text));
    v = 0;
  }
  e.value = v;
  e.kind = is_unsigned ? Kind::unsigned_number : Kind::number;
  e.int_literal = !is_unsigned;
  return e;
}

Expr Lowerer::lower_operand(const ast::Operand& o, Scope& scope, std::vector<Literal>& hoisted,
                            bool allow_wildcard) {
  namespace x3 = boost::spirit::x3;
  if (auto const* n = boost::get<ast::NumberLit>(&o)) return lower_number(*n);
  if (auto const* s = boost::get<ast::StringLit>(&o)) {
    Expr e;
    e.op = ExprOp::constant;
    e.kind = Kind::symbol;
    e.value = intern(s->value);
    e.loc = loc(*s);
    return e;
  }
  if (auto const* w = boost::get<ast::Wildcard>(&o)) {
    Expr e;
    e.op = ExprOp::wildcard;
    e.loc = loc(*w);
    if (!allow_wildcard)
      error(e.loc, ErrorCode::misplaced_wildcard, "'_' can only stand for a whole argument of an atom");
    return e;
  }
  if (auto const* id = boost::get<ast::Identifier>(&o)) {
    if (auto it = param_ids_.find(id->name); it != param_ids_.end()) {
      const Param& p = prog_.params[it->second];
      Expr e;
      e.op = ExprOp::constant;
      e.kind = p.kind;
      e.value = p.value;
      e.loc = loc(*id);
      return e;
    }
    return make_var(scope.resolve(id->name, loc(*id)), loc(*id));
  }
  if (auto const* f = boost::get<x3::forward_ast<ast::FunctorCall>>(&o))
    return lower_functor_call(f->get(), scope, hoisted);
  if (auto const* a = boost::get<x3::forward_ast<ast::Aggregate>>(&o))
    return lower_aggregate(a->get(), scope, hoisted);
  if (auto const* u = boost::get<x3::forward_ast<ast::Unary>>(&o))
    return lower_negation(u->get(), scope, hoisted);
  auto const& nested = boost::get<x3::forward_ast<ast::Expression>>(o);
  return lower_expr(nested.get(), scope, hoisted, allow_wildcard);
}

Expr Lowerer::lower_functor_call(const ast::FunctorCall& call, Scope& scope, std::vector<Literal>& hoisted) {
  if (call.name.name == "as") return lower_cast(call, scope, hoisted);
  Expr e;
  e.loc = loc(call);
  const FunctorInfo* info = find_functor(call.name.name);
  if (!info) {
    error(loc(call.name), ErrorCode::unknown_functor,
          fmt::format("unknown functor '{}'", call.name.name));
    return e;
  }
  if (auto message = arity_error(*info, call.args.size())) {
    error(loc(call.name), ErrorCode::unknown_functor, std::move(*message));
    return e;
  }
  e.op = ExprOp::functor;
  e.functor = info->id;
  for (const auto& a : call.args) e.args.push_back(lower_expr(a, scope, hoisted, false));
  return e;
}

// Soufflé's as(x, T): x read as a value of type T. Types of one primitive kind share their
// values, so it is x itself; an integer literal takes T's kind (as(2, float) is 2.0). Across
// kinds Soufflé reinterprets the bits; kzrules then reports the type clash instead.
Expr Lowerer::lower_cast(const ast::FunctorCall& call, Scope& scope, std::vector<Literal>& hoisted) {
  const auto type = call.args.size() == 2 ? lone_variable(call.args[1]) : std::nullopt;
  const auto kind = type ? types_.find(*type) : types_.end();
  if (kind == types_.end()) {
    error(loc(call), ErrorCode::unknown_type, "as(x, T) takes a value and a type name: as(x, number), as(p, Region)");
    Expr nothing;
    nothing.loc = loc(call);
    return nothing;
  }
  Expr value = lower_expr(call.args[0], scope, hoisted, false);
  if (value.op == ExprOp::constant && value.int_literal && kind->second != Kind::symbol) {
    if (kind->second == Kind::float_number)
      value.value = float_to_word(static_cast<double>(static_cast<std::int64_t>(value.value)));
    value.kind = kind->second;
    value.int_literal = false;
  }
  return value;
}

// -x: a literal folds into a negative literal; anything else is a neg node.
Expr Lowerer::lower_negation(const ast::Unary& u, Scope& scope, std::vector<Literal>& hoisted) {
  if (u.op != '-') return prefix_word(u.op, lower_operand(u.operand, scope, hoisted, false), loc(u));
  // -9223372036854775808 is the smallest number, though 9223372036854775808 alone does
  // not fit: read the two together.
  if (auto const* n = boost::get<ast::NumberLit>(&u.operand); n != nullptr && n->text == "9223372036854775808") {
    Expr smallest;
    smallest.op = ExprOp::constant;
    smallest.kind = Kind::number;
    smallest.value = static_cast<std::uint64_t>(INT64_MIN);
    smallest.int_literal = true;
    smallest.loc = loc(u);
    return smallest;
  }
  Expr inner = lower_operand(u.operand, scope, hoisted, false);
  if (inner.op == ExprOp::constant && inner.kind != Kind::symbol) {
    Expr negated;
    negated.op = ExprOp::neg;
    negated.args.push_back(inner);
    if (auto folded = fold_constant(negated)) {
      folded->loc = loc(u);
      folded->int_literal = inner.int_literal;
      return *folded;
    }
  }
  Expr e;
  e.op = ExprOp::neg;
  e.loc = loc(u);
  e.args.push_back(std::move(inner));
  return e;
}

namespace {

namespace x3 = boost::spirit::x3;

// The operand an expression of one operand is (precedence levels wrap it), or null.
const ast::Operand* lone_operand(const ast::Expression& e) {
  const ast::Expression* level = &e;
  while (level->rest.empty()) {
    auto const* inner = boost::get<x3::forward_ast<ast::Expression>>(&level->first);
    if (!inner) return &level->first;
    level = &inner->get();
  }
  return nullptr;
}

}  // namespace

bool is_lone_aggregate(const ast::Expression& e) {
  auto const* o = lone_operand(e);
  return o && boost::get<x3::forward_ast<ast::Aggregate>>(o) != nullptr;
}

bool is_lone_wildcard(const ast::Expression& e) {
  auto const* o = lone_operand(e);
  return o && boost::get<ast::Wildcard>(o) != nullptr;
}

std::optional<std::string> lone_variable(const ast::Expression& e) {
  auto const* o = lone_operand(e);
  auto const* id = o ? boost::get<ast::Identifier>(o) : nullptr;
  if (!id) return std::nullopt;
  return id->name;
}

Expr Lowerer::lower_aggregate(const ast::Aggregate& a, Scope& scope, std::vector<Literal>& hoisted) {
  auto spec = std::make_shared<AggregateSpec>();
  spec->fn = aggregate_named(a.function.name).value();  // the grammar accepts no other name
  spec->loc = loc(a);
  std::vector<Conj> dnf = to_dnf(a.body, loc(a));
  if (dnf.size() > 1)
    error(loc(a), ErrorCode::malformed_aggregate,
          "an aggregate body cannot contain ';' (define a relation for the alternatives)");
  if (spec->fn == AggregateFn::count && a.target)
    error(loc(*a.target), ErrorCode::malformed_aggregate,
          "count takes no target expression: 'count : { ... }'");
  if (spec->fn != AggregateFn::count && !a.target)
    error(loc(a.function), ErrorCode::malformed_aggregate,
          fmt::format("{} needs a target: '{} x : {{ ... }}'", a.function.name,
                      a.function.name));
  Scope inner;
  inner.slots = scope.slots;
  inner.parent = &scope;
  if (aggregate_result_name_) inner.local_names.insert(*aggregate_result_name_);
  aggregate_result_name_.reset();  // not the aggregates nested inside
  if (!dnf.empty())
    for (const auto* lit : dnf.front()) collect_names(*lit, inner.level_names);
  if (a.target) collect_names(*a.target, inner.level_names);
  std::vector<Literal> inner_hoisted;
  if (!dnf.empty())
    lower_conjunction(dnf.front(), inner, spec->body);
  if (a.target) spec->target = lower_expr(*a.target, inner, inner_hoisted, false);
  for (auto& h : inner_hoisted) spec->body.push_back(std::move(h));
  // Grouping keys: variables the body shares with the enclosing scope.
  for (const auto& [name, slot] : inner.names)
    if (std::find(inner.own.begin(), inner.own.end(), slot) == inner.own.end())
      spec->outer_slots.push_back(slot);
  std::sort(spec->outer_slots.begin(), spec->outer_slots.end());
  spec->result_slot =
      scope.slots->add(fmt::format("<{}#{}>", a.function.name, ++aggregate_counter_), loc(a));
  Literal lit;
  lit.type = Literal::Type::aggregate;
  lit.aggregate = spec;
  lit.loc = loc(a);
  hoisted.push_back(std::move(lit));
  return make_var(spec->result_slot, loc(a));
}

std::optional<Expr> Lowerer::fold_constant(const Expr& e) {
  if (e.op == ExprOp::constant) return e;
  if (e.op == ExprOp::neg && e.args.size() == 1 && e.args[0].op == ExprOp::constant) {
    Expr c = e.args[0];
    if (c.kind == Kind::float_number) c.value = float_to_word(-word_to_float(c.value));
    else if (c.kind == Kind::number) c.value = static_cast<std::uint64_t>(-static_cast<std::int64_t>(c.value));
    else return std::nullopt;
    return c;
  }
  return std::nullopt;
}

std::optional<Expr> Lowerer::lower_constant(const ast::Expression& e) {
  Scope none;
  Slots no_slots;
  none.slots = &no_slots;
  std::vector<Literal> hoisted;
  Expr lowered = lower_expr(e, none, hoisted, false);
  if (!hoisted.empty() || no_slots.size() > 0) return std::nullopt;
  return fold_constant(lowered);
}

}  // namespace kz::sem::lowering
