// A ground atom from text: parsed by the grammar's one-atom entry, its arguments lowered
// to typed expressions as lower_expressions.cpp lowers a rule's (operator chains,
// literals, unary minus folded into a literal, parameters, functor calls), given their
// attribute's kind by the same rules (lower_kinds.cpp), and evaluated to values.
#include "semantics/ground_atom.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "core/source.hpp"
#include "core/words.hpp"
#include "semantics/evaluate_constant.hpp"
#include "semantics/operators.hpp"
#include "syntax/grammar.hpp"

namespace kz::sem {

namespace {

namespace ast = syntax::ast;

// Functors of the language that an atom given as text cannot call: ord's value is a
// symbol's number in one database, and the date functors are left to the evaluator.
bool evaluated_only_with_facts(Functor functor) {
  switch (functor) {
    case Functor::ord:
    case Functor::year:
    case Functor::date_months:
    case Functor::date_days:
    case Functor::years_between:
    case Functor::days_between: return true;
    default: return false;
  }
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
      return evaluate_constant(e, symbols_, program_.wrap_integers);
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

  // ---- lowering, as lower_expressions.cpp lowers a rule's expressions --------------
  Expr lower(const ast::Expression& e, bool whole_argument) {
    std::vector<Expr> operands;
    std::vector<char> operators;
    operands.push_back(lower(e.first, whole_argument && e.rest.empty()));
    for (const auto& op : e.rest) {
      operands.push_back(lower(op.operand, false));
      operators.push_back(op.op);
    }
    return combine_operators(std::move(operands), operators, loc(e));
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
    const FunctorInfo* info = find_functor(name);
    if (info && evaluated_only_with_facts(info->id))
      fail(loc(f), ErrorCode::bad_ground_atom,
           fmt::format("'{}' cannot be evaluated in an atom given here: write its value", name));
    if (!info) fail(loc(f.name), ErrorCode::unknown_functor, fmt::format("unknown functor '{}'", name));
    if (auto message = arity_error(*info, f.args.size()))
      fail(loc(f.name), ErrorCode::unknown_functor, std::move(*message));
    Expr e;
    e.op = ExprOp::functor;
    e.functor = info->id;
    e.loc = loc(f);
    for (const auto& a : f.args) e.args.push_back(lower(a, false));
    return e;
  }

  // Unary minus; on a numeric literal it folds into the literal (-3 is a literal, free
  // to become a float), as lowering folds it.
  Expr minus(const ast::Unary& u) {
    Expr inner = lower(u.operand, false);
    if (u.op != '-') return prefix_word(u.op, std::move(inner), loc(u));
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

  // ---- kinds, by lowering's rules (lower_kinds.cpp) -----------------------------------
  // The kind `e` has whatever its place: none for an integer literal (it adapts).
  static std::optional<Kind> definite(const Expr& e) {
    if (e.op == ExprOp::constant) return e.int_literal ? std::nullopt : std::optional<Kind>(e.kind);
    if (e.op == ExprOp::functor)
      if (auto result = functor_info(e.functor).result) return result;
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
    if (e.op == ExprOp::functor) {
      const FunctorInfo& info = functor_info(e.functor);
      const Kind result = info.result.value_or(want);
      if (result != want) clash(e, result, want, context);
      e.kind = result;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        const ArgumentKind& argument = info.argument(i);
        const Kind arg_kind = argument.rule == ArgumentKind::Rule::exactly ? argument.kind
                              : argument.rule == ArgumentKind::Rule::any  ? definite(e.args[i]).value_or(Kind::number)
                                                                          : want;
        resolve(e.args[i], arg_kind, "an argument of this functor");
      }
      if (!info.result && want == Kind::symbol) clash(e, Kind::number, want, context);
      if (info.integers_only && want == Kind::float_number)
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
