// A ground atom from text: parsed by the grammar's one-atom entry, its arguments lowered
// to typed expressions as lower.cpp lowers a rule's (operator chains, literals, unary
// minus folded into a literal, parameters, functor calls), given their attribute's kind
// by the same rules, and evaluated to values.
#include "semantics/ground_atom.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "core/source.hpp"
#include "core/words.hpp"
#include "semantics/evaluate_constant.hpp"
#include "syntax/grammar.hpp"

namespace kz::sem {

namespace {

namespace ast = syntax::ast;

// The functors an atom's arguments may call, with lowering's signatures: argument kinds
// (nullopt: numeric, the call's own kind) and the kind of the result (nullopt: the kind
// its place needs).
struct Signature {
  ExprOp op;
  int arity;  // -1: one or more
  std::vector<std::optional<Kind>> args;
  std::optional<Kind> result;
};

const std::unordered_map<std::string, Signature>& functors() {
  static const std::unordered_map<std::string, Signature> table = {
      {"cat", {ExprOp::cat, -1, {Kind::symbol}, Kind::symbol}},
      {"strlen", {ExprOp::strlen, 1, {Kind::symbol}, Kind::number}},
      {"substr", {ExprOp::substr, 3, {Kind::symbol, Kind::number, Kind::number}, Kind::symbol}},
      {"to_number", {ExprOp::to_number, 1, {std::nullopt}, Kind::number}},
      {"to_string", {ExprOp::to_string, 1, {std::nullopt}, Kind::symbol}},
      {"to_float", {ExprOp::to_float, 1, {std::nullopt}, Kind::float_number}},
      {"to_unsigned", {ExprOp::to_unsigned, 1, {std::nullopt}, Kind::unsigned_number}},
      {"lower", {ExprOp::lower, 1, {Kind::symbol}, Kind::symbol}},
      {"upper", {ExprOp::upper, 1, {Kind::symbol}, Kind::symbol}},
      {"min", {ExprOp::min, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"max", {ExprOp::max, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"abs", {ExprOp::abs, 1, {std::nullopt}, std::nullopt}},
      {"band", {ExprOp::band, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bor", {ExprOp::bor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bxor", {ExprOp::bxor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bshl", {ExprOp::bshl, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bshr", {ExprOp::bshr, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bnot", {ExprOp::bnot, 1, {std::nullopt}, std::nullopt}},
      {"land", {ExprOp::land, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"lor", {ExprOp::lor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"lnot", {ExprOp::lnot, 1, {std::nullopt}, std::nullopt}},
  };
  return table;
}

// Functors of the language that an atom given as text cannot call: ord's value is a
// symbol's number in one database, and the date functors are left to the evaluator.
bool evaluated_only_with_facts(const std::string& name) {
  return name == "ord" || name == "year" || name == "date_months" || name == "date_days" ||
         name == "years_between" || name == "days_between";
}

bool is_bitwise(ExprOp op) {
  return op == ExprOp::band || op == ExprOp::bor || op == ExprOp::bxor || op == ExprOp::bshl ||
         op == ExprOp::bshr || op == ExprOp::bnot;
}

class Reader {
 public:
  Reader(const Program& program, std::string_view text, bool wildcards)
      : program_(program), source_("<atom>", std::string(text)), wildcards_(wildcards) {}

  GroundAtom read() {
    auto parsed = syntax::parse_atom(source_.text());
    if (auto const* e = std::get_if<syntax::SyntaxError>(&parsed)) fail(Loc{0, e->offset, 1}, e->code, e->message);
    const auto& atom = std::get<ast::Atom>(parsed);
    auto id = program_.find_relation(atom.name.name);
    if (!id) fail(loc(atom.name), ErrorCode::unknown_relation, fmt::format("unknown relation '{}'", atom.name.name));
    const Relation& rel = program_.relations[*id];
    if (rel.arity() != atom.args.size())
      fail(loc(atom), ErrorCode::wrong_arity,
           fmt::format("'{}' has {} attributes, not {}", rel.name, rel.arity(), atom.args.size()));
    GroundAtom out;
    out.relation = *id;
    for (std::size_t c = 0; c < atom.args.size(); ++c) {
      const Attribute& attribute = rel.attributes[c];
      Expr e = lower(atom.args[c], wildcards_);
      if (e.op == ExprOp::wildcard) {
        out.values.emplace_back(std::nullopt);
        continue;
      }
      resolve(e, attribute.kind, fmt::format("attribute '{}' of '{}'", attribute.name, rel.name));
      out.values.emplace_back(value(attribute.kind, evaluate(e)));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(Loc where, ErrorCode code, std::string message) const {
    throw Error(ErrorKind::bad_input, make_error(source_.locate(where.offset, where.length), code, std::move(message)));
  }

  static Loc loc(const ast::Located& node) {
    return Loc{0, node.offset, std::max<std::uint32_t>(1, node.end - node.offset)};
  }

  std::uint64_t intern(std::string text) {
    symbols_.push_back(std::move(text));
    return symbols_.size() - 1;
  }

  std::uint64_t evaluate(const Expr& e) {
    try {
      return evaluate_constant(e, symbols_);
    } catch (const ConstantError& error) {
      fail(error.loc, error.code, error.message);
    }
  }

  Value value(Kind kind, std::uint64_t word) const {
    switch (kind) {
      case Kind::number: return word_to_int(word);
      case Kind::unsigned_number: return word;
      case Kind::float_number: return word_to_float(word);
      case Kind::symbol: return symbols_[word];
    }
    return word;
  }

  // ---- lowering, as lower.cpp lowers a rule's expressions ----------------------------
  Expr lower(const ast::Expression& e, bool whole_argument) {
    std::vector<Expr> operands;
    operands.push_back(lower(e.first, whole_argument && e.rest.empty()));
    for (const auto& op : e.rest) operands.push_back(lower(op.operand, false));
    if (e.rest.empty()) return std::move(operands[0]);
    const Loc whole = loc(e);
    auto node = [&](ExprOp op, Expr lhs, Expr rhs) {
      Expr n;
      n.op = op;
      n.loc = whole;
      n.args.push_back(std::move(lhs));
      n.args.push_back(std::move(rhs));
      return n;
    };
    if (e.rest.front().op == '^') {  // right associative
      Expr acc = std::move(operands.back());
      for (std::size_t i = operands.size() - 1; i-- > 0;)
        acc = node(ExprOp::pow, std::move(operands[i]), std::move(acc));
      return acc;
    }
    Expr acc = std::move(operands[0]);
    for (std::size_t i = 0; i < e.rest.size(); ++i) {
      const char op = e.rest[i].op;
      const ExprOp operation = op == '+' ? ExprOp::add : op == '-' ? ExprOp::sub : op == '*' ? ExprOp::mul
                             : op == '/' ? ExprOp::div : ExprOp::mod;
      acc = node(operation, std::move(acc), std::move(operands[i + 1]));
    }
    return acc;
  }

  Expr lower(const ast::Operand& o, bool whole_argument) {
    namespace x3 = boost::spirit::x3;
    if (auto const* n = boost::get<ast::NumberLit>(&o)) return number(*n);
    if (auto const* s = boost::get<ast::StringLit>(&o)) return constant(Kind::symbol, intern(s->value), loc(*s));
    if (auto const* w = boost::get<ast::Wildcard>(&o)) {
      if (!wildcards_)
        fail(loc(*w), ErrorCode::bad_ground_atom,
             "'_' can only stand for a value in a pattern (check --without); here give the value");
      if (!whole_argument)
        fail(loc(*w), ErrorCode::bad_ground_atom, "'_' can only stand for a whole argument of the atom");
      Expr e;
      e.op = ExprOp::wildcard;
      e.loc = loc(*w);
      return e;
    }
    if (auto const* id = boost::get<ast::Identifier>(&o)) return parameter(*id);
    if (auto const* f = boost::get<x3::forward_ast<ast::FunctorCall>>(&o)) return call(f->get());
    if (auto const* a = boost::get<x3::forward_ast<ast::Aggregate>>(&o))
      fail(loc(a->get()), ErrorCode::bad_ground_atom,
           "an aggregate has no value here: the atom must be ground; write the value");
    if (auto const* u = boost::get<x3::forward_ast<ast::Unary>>(&o)) return minus(u->get());
    auto const& nested = boost::get<x3::forward_ast<ast::Expression>>(o);
    return lower(nested.get(), whole_argument);
  }

  static Expr constant(Kind kind, std::uint64_t value, Loc where) {
    Expr e;
    e.op = ExprOp::constant;
    e.kind = kind;
    e.value = value;
    e.loc = where;
    return e;
  }

  Expr number(const ast::NumberLit& n) {
    std::string text = n.text;
    const bool is_unsigned = !text.empty() && text.back() == 'u';
    if (is_unsigned) text.pop_back();
    const bool is_float = text.find_first_of(".eE") != std::string::npos &&
                          !(text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'b'));
    if (is_float) return constant(Kind::float_number, float_to_word(std::strtod(text.c_str(), nullptr)), loc(n));
    std::uint64_t v = 0;
    int base = 10;
    std::size_t skip = 0;
    if (text.size() > 2 && text[0] == '0' && text[1] == 'x') base = 16, skip = 2;
    if (text.size() > 2 && text[0] == '0' && text[1] == 'b') base = 2, skip = 2;
    auto r = std::from_chars(text.data() + skip, text.data() + text.size(), v, base);
    if (r.ec != std::errc() || (base == 10 && !is_unsigned && v > static_cast<std::uint64_t>(INT64_MAX)))
      fail(loc(n), ErrorCode::number_too_large, fmt::format("integer literal {} does not fit in 64 bits", n.text));
    Expr e = constant(is_unsigned ? Kind::unsigned_number : Kind::number, v, loc(n));
    e.int_literal = !is_unsigned;
    return e;
  }

  // A name: a parameter's value, or a variable, which has none here.
  Expr parameter(const ast::Identifier& id) {
    for (const Param& p : program_.params)
      if (p.name == id.name)
        return constant(p.kind, p.kind == Kind::symbol ? intern(program_.symbols[p.value]) : p.value, loc(id));
    fail(loc(id), ErrorCode::bad_ground_atom,
         fmt::format("variable '{}' has no value here: the atom must be ground (write a value such as 3 or \"text\"{})",
                     id.name, wildcards_ ? ", or _ for any value" : ""));
  }

  Expr call(const ast::FunctorCall& f) {
    const std::string& name = f.name.name;
    if (evaluated_only_with_facts(name))
      fail(loc(f), ErrorCode::bad_ground_atom,
           fmt::format("'{}' cannot be evaluated in an atom given here: write its value", name));
    auto it = functors().find(name);
    if (it == functors().end())
      fail(loc(f.name), ErrorCode::unknown_functor, fmt::format("unknown functor '{}'", name));
    const Signature& sig = it->second;
    if (sig.arity >= 0 && static_cast<std::size_t>(sig.arity) != f.args.size())
      fail(loc(f.name), ErrorCode::unknown_functor,
           fmt::format("'{}' takes {} argument{}, not {}", name, sig.arity, sig.arity == 1 ? "" : "s", f.args.size()));
    if (sig.arity < 0 && f.args.empty())
      fail(loc(f.name), ErrorCode::unknown_functor, fmt::format("'{}' needs at least one argument", name));
    Expr e;
    e.op = sig.op;
    e.loc = loc(f);
    for (const auto& a : f.args) e.args.push_back(lower(a, false));
    return e;
  }

  // Unary minus; on a numeric literal it folds into the literal (-3 is a literal, free
  // to become a float), as lowering folds it.
  Expr minus(const ast::Unary& u) {
    Expr inner = lower(u.operand, false);
    if (inner.op == ExprOp::constant && (inner.kind == Kind::number || inner.kind == Kind::float_number)) {
      inner.value = inner.kind == Kind::float_number
                        ? float_to_word(-word_to_float(inner.value))
                        : static_cast<std::uint64_t>(-static_cast<std::int64_t>(inner.value));
      inner.loc = loc(u);
      return inner;
    }
    Expr e;
    e.op = ExprOp::neg;
    e.loc = loc(u);
    e.args.push_back(std::move(inner));
    return e;
  }

  // ---- kinds, by lower.cpp's rules ----------------------------------------------------
  static const Signature* signature(ExprOp op) {
    for (const auto& [name, sig] : functors())
      if (sig.op == op) return &sig;
    return nullptr;
  }

  // The kind `e` has whatever its place: none for an integer literal (it adapts).
  static std::optional<Kind> definite(const Expr& e) {
    if (e.op == ExprOp::constant) return e.int_literal ? std::nullopt : std::optional<Kind>(e.kind);
    if (const Signature* sig = signature(e.op); sig && sig->result) return sig->result;
    for (const auto& a : e.args)
      if (auto k = definite(a)) return k;
    return std::nullopt;
  }

  std::string describe(const Expr& e) const {
    if (e.op != ExprOp::constant) return "this expression";
    return e.kind == Kind::symbol ? "\"" + symbols_[e.value] + "\"" : "this constant";
  }

  [[noreturn]] void clash(const Expr& e, Kind have, Kind want, const std::string& context) const {
    fail(e.loc, ErrorCode::bad_ground_atom,
         fmt::format("type clash: {} is a {}, but {} needs a {}", describe(e), kind_name(have), context,
                     kind_name(want)));
  }

  // Gives `e` the kind `want`, fixing the kind of integer literals; refuses a clash.
  void resolve(Expr& e, Kind want, const std::string& context) {
    if (e.op == ExprOp::constant) {
      if (!e.int_literal) {
        if (e.kind != want) clash(e, e.kind, want, context);
        return;
      }
      const auto v = static_cast<std::int64_t>(e.value);
      if (want == Kind::symbol) clash(e, Kind::number, want, context);
      if (want == Kind::float_number) e.value = float_to_word(static_cast<double>(v));
      if (want == Kind::unsigned_number && v < 0)
        fail(e.loc, ErrorCode::bad_ground_atom, "a negative number cannot be unsigned");
      e.kind = want;
      e.int_literal = false;
      return;
    }
    if (const Signature* sig = signature(e.op)) {
      const Kind result = sig->result.value_or(want);
      if (result != want) clash(e, result, want, context);
      e.kind = result;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const std::optional<Kind> fixed = sig->args[std::min(i, sig->args.size() - 1)];
        const Kind arg_kind = fixed ? *fixed : sig->result ? definite(e.args[i]).value_or(Kind::number) : want;
        resolve(e.args[i], arg_kind, "an argument of this functor");
      }
      if (!sig->result && want == Kind::symbol) clash(e, Kind::number, want, context);
      if (is_bitwise(e.op) && want == Kind::float_number)
        fail(e.loc, ErrorCode::bad_ground_atom, "bitwise functors take integers, not floats");
      return;
    }
    // Arithmetic: all operands share the result kind.
    if (want == Kind::symbol)
      fail(e.loc, ErrorCode::bad_ground_atom,
           fmt::format("type clash: arithmetic gives a number, but {} needs a symbol (use cat() to join symbols)",
                       context));
    e.kind = want;
    for (auto& a : e.args) resolve(a, want, "the other operand");
  }

  const Program& program_;
  SourceFile source_;
  bool wildcards_;
  std::vector<std::string> symbols_;  // the symbols of the atom's expressions, by word
};

}  // namespace

GroundAtom read_ground_atom(const Program& program, std::string_view text, bool wildcards) {
  return Reader(program, text, wildcards).read();
}

}  // namespace kz::sem
