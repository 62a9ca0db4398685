// The parse tree, exactly as the X3 grammar produces it. Semantic analysis lowers it into
// sem:: IR; nothing after lib/semantics sees these types. Every node that diagnostics can
// point at derives from Located (byte offsets into its source text).
#pragma once

#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kz::syntax::ast {

namespace x3 = boost::spirit::x3;

struct Located {
  std::uint32_t offset = 0;
  std::uint32_t end = 0;
};

struct Identifier : Located {
  std::string name;
  Identifier() = default;
  Identifier(std::string n) : name(std::move(n)) {}  // NOLINT: X3 assigns from a string
};

struct NumberLit : Located {
  std::string text;  // as written: 12, 2.5, 1e3, 0x1F, 7u
};

struct StringLit : Located {
  std::string value;  // escapes resolved
};

struct Wildcard : Located {};

struct FunctorCall;
struct Aggregate;
struct Unary;
struct Expression;

struct Operand : x3::variant<NumberLit, StringLit, Wildcard, Identifier,
                             x3::forward_ast<FunctorCall>, x3::forward_ast<Aggregate>,
                             x3::forward_ast<Unary>, x3::forward_ast<Expression>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Operation : Located {
  // + - * / % ^, or one of Soufflé's infix words (one level of their own, lowered by
  // precedence): band '&', bor '|', bxor 'x', bshl 'l', bshr 'r', bshru 'u', land 'A',
  // lor 'O', lxor 'X'.
  char op = 0;
  Operand operand;
};

// One precedence level: first (op operand)*. Nested levels appear as operands.
struct Expression : Located {
  Operand first;
  std::vector<Operation> rest;
};

struct Unary : Located {
  char op = '-';  // '-', or Soufflé's prefix words: bnot '~', lnot '!'
  Operand operand;
};

struct FunctorCall : Located {
  Identifier name;
  std::vector<Expression> args;
};

struct Atom : Located {
  Identifier name;
  std::vector<Expression> args;
};

struct Negation : Located {
  Atom atom;
};

struct Comparison : Located {
  Expression lhs;
  std::string op;  // = != < <= > >=
  Expression rhs;
};

struct Disjunction;

struct Literal : x3::variant<Negation, Comparison, Atom, x3::forward_ast<Disjunction>> {
  using base_type::base_type;
  using base_type::operator=;
};

using Conjunction = std::vector<Literal>;

// a, b ; c  — `,` binds tighter than `;`.
struct Disjunction : Located {
  std::vector<Conjunction> alternatives;
};

struct Aggregate : Located {
  Identifier function;                 // count, sum, min, max, mean, median, mode, stddev
  std::optional<Expression> target;    // absent for count
  Disjunction body;
};

struct Clause : Located {
  std::vector<Atom> heads;
  std::optional<Disjunction> body;
};

struct AttributeDecl : Located {
  Identifier name;
  Identifier type;
};

struct RelationDecl : Located {
  std::vector<Identifier> names;  // `.decl a, b(x: number)` declares two alike
  std::vector<AttributeDecl> attributes;
  std::vector<Identifier> qualifiers;  // btree, brie, ... (accepted, ignored)
};

struct TypeDecl : Located {
  Identifier name;
  std::string relation;  // "<:" or "="
  std::vector<Identifier> bases;
};

struct IoParam : Located {
  Identifier key;
  std::string value;  // a string literal's value, or an identifier/number as written
};

struct IoDirective : Located {
  std::string directive;  // input, output, printsize
  std::vector<Identifier> relations;
  std::vector<IoParam> params;
};

// `range LO .. HI step S` after a parameter's value: the values robustness and sweep
// may move it to. Each bound is a number literal, possibly negated.
struct ParamRange : Located {
  Expression low;
  Expression high;
  Expression step;
};

struct ParamDecl : Located {
  Identifier name;
  Expression value;
  std::optional<ParamRange> range;
};

struct Hypothesis : Located {
  Identifier name;
  StringLit text;
  std::optional<StringLit> source;
};

struct Probability : Located {
  Expression p_h;
  Expression p_not_h;
};

struct Link : Located {
  Identifier direction;  // supports | opposes
  Identifier hypothesis;
  Identifier test;       // straw | hoop | smoking_gun | doubly_decisive
  std::optional<Probability> probability;
  std::optional<StringLit> because;  // why the test has this strength
};

// exists { B }  /  none { B }
struct BodyForm : Located {
  std::string keyword;
  Disjunction body;
};

// forall { B } => { C }  /  most { B } => { C }
struct ImplicationForm : Located {
  std::string keyword;
  Disjunction body;
  Disjunction conclusion;
};

// share { B } => { C } OP bound
struct ShareForm : Located {
  Disjunction body;
  Disjunction conclusion;
  std::string op;
  Expression bound;
};

// holds E1 OP E2
struct HoldsForm : Located {
  Expression lhs;
  std::string op;
  Expression rhs;
};

struct ClaimForm : x3::variant<BodyForm, ImplicationForm, ShareForm, HoldsForm> {
  using base_type::base_type;
  using base_type::operator=;
};

// `from YEAR`: the claim's evidence cannot be observed before that year.
struct ObservableFrom : Located {
  std::string keyword;  // "from"
  NumberLit year;
};

struct Claim : Located {
  Identifier name;
  StringLit text;
  std::optional<ObservableFrom> from;
  ClaimForm form;
  std::vector<Link> links;
};

// What a fact set covers (docs/language.md), usually in its coverage.kz:
//   .unobserved horde, popular_base     relations nobody collected there
//   .dated conflict(year)               the attribute that dates each fact of a relation
//   .as_of 1996  /  .as_of "2001-03"    the date the fact set is seen as of
struct Unobserved : Located {
  std::string keyword;
  std::vector<Identifier> relations;
};

struct Dated : Located {
  Identifier relation;
  Identifier attribute;
};

struct DateValue : x3::variant<NumberLit, StringLit> {
  using base_type::base_type;
  using base_type::operator=;
};

struct AsOf : Located {
  std::string keyword;
  DateValue date;
};

struct Unsupported : Located {
  std::string directive;
};

// `.pragma "key" "value"` and `.plan 0:(1,2), ...`: read whole and set aside. Pragmas
// set Soufflé's command-line options and plans its join orders; neither changes a row.
struct Ignored : Located {
  std::string text;  // the directive as written
};

// `.include "file"`: the file's items are the program's too (read by parse_path, once).
struct Include : Located {
  StringLit path;
};

struct Item : x3::variant<RelationDecl, TypeDecl, IoDirective, ParamDecl, Hypothesis, Claim,
                          Unobserved, Dated, AsOf, Unsupported, Ignored, Include, Clause> {
  using base_type::base_type;
  using base_type::operator=;
};

using Program = std::vector<Item>;

}  // namespace kz::syntax::ast
