// The X3 grammar of kzrules: Soufflé's core Datalog plus hypotheses, claims and params.
// Included once, by grammar.cpp: X3 grammars are slow to compile, so nothing else
// rebuilds when this changes.
//
// Backtracking rule of thumb: `>>` where an alternative may still match (expressions,
// literals: never parse the same text twice on the way), `>` after a keyword or token that
// settles what construct this is, so the error points at the real spot.
#pragma once

#include <cctype>
#include <iterator>

#include <boost/spirit/home/x3.hpp>

#include "syntax/ast.hpp"
#include "syntax/ast_adapted.hpp"
#include "syntax/negate.hpp"

namespace kz::syntax::grammar {

namespace x3 = boost::spirit::x3;
using x3::alnum;
using x3::alpha;
using x3::char_;
using x3::eol;
using x3::lexeme;
using x3::lit;
using x3::raw;
using x3::string;

struct source_begin_tag;

// Records each node's byte offsets, so diagnostics can point at it.
struct annotate_position {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator const& first, Iterator const& last, Attribute& node,
                  Context const& context) const {
    if constexpr (std::is_base_of_v<ast::Located, Attribute>) {
      char const* begin = x3::get<source_begin_tag>(context);
      node.offset = static_cast<std::uint32_t>(first - begin);
      node.end = static_cast<std::uint32_t>(last - begin);
    }
  }
};

// ---- nesting limit -------------------------------------------------------------------
// Each level of parentheses, braces, unary minus or aggregate is a recursion of this
// parser (and later of lowering, planning and evaluation). nesting_guard[p] counts the
// levels and, past max_nesting, stops the parse with an expectation failure whose
// `which` is nesting_message, so absurd input is a syntax error, not a stack overflow.
inline constexpr int max_nesting = 256;
inline constexpr char const* nesting_message = "<nesting limit>";
inline thread_local int nesting_depth = 0;
// How many operands and body literals the parser attempted: linear in the input when
// nothing is parsed twice (tests hold it to that; see ParseStats).
inline thread_local std::uint64_t parse_steps = 0;

template <typename Subject>
struct nesting_guard_directive : x3::unary_parser<Subject, nesting_guard_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nesting_guard_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;
  constexpr nesting_guard_directive(Subject const& guarded) : base_type(guarded) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
             Attribute& attr) const {
    ++parse_steps;
    if (nesting_depth >= max_nesting)
      boost::throw_exception(x3::expectation_failure<Iterator>(first, nesting_message));
    struct Level {
      Level() { ++nesting_depth; }
      ~Level() { --nesting_depth; }
    } level;
    return this->subject.parse(first, last, context, rcontext, attr);
  }
};

struct nesting_guard_gen {
  template <typename Subject>
  constexpr nesting_guard_directive<typename x3::extension::as_parser<Subject>::value_type>
  operator[](Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
inline constexpr nesting_guard_gen nesting_guard{};

// ---- lexical -------------------------------------------------------------------------
auto const ident_char = alnum | char_('_') | char_('?');

inline auto keyword(char const* word) { return lexeme[lit(word) >> !ident_char]; }

x3::rule<class comment_end_class> const comment_end = "'*/' closing the block comment";
auto const comment_end_def = lit("*/");

x3::rule<class skipper_class> const skipper = "white space";
auto const skipper_def = x3::space | (lit("//") >> *(char_ - eol)) |
                         (lit("/*") > *(char_ - lit("*/")) > comment_end);

x3::rule<class ident_text_class, std::string> const ident_text = "identifier";
auto const ident_text_def = lexeme[(alpha | char_('_') | char_('?')) >> *ident_char];

// X3 (1.74) does not call on_success with the attribute of a rule whose definition has
// semantic actions, so each such rule is wrapped in a plain annotated rule.
struct identifier_class : annotate_position {};
x3::rule<class identifier_inner_class, ast::Identifier> const identifier_inner = "identifier";
x3::rule<identifier_class, ast::Identifier> const identifier = "identifier";
auto const set_name = [](auto& ctx) { x3::_val(ctx).name = std::move(x3::_attr(ctx)); };
auto const identifier_inner_def = ident_text[set_name];
auto const identifier_def = identifier_inner;

struct number_class : annotate_position {};
x3::rule<class number_inner_class, ast::NumberLit> const number_inner = "number";
x3::rule<number_class, ast::NumberLit> const number = "number";
auto const set_number_text = [](auto& ctx) {
  auto const& range = x3::_attr(ctx);
  x3::_val(ctx).text.assign(range.begin(), range.end());
};
auto const digits = +x3::digit;
auto const number_def = number_inner;
auto const number_inner_def =
    raw[lexeme[((lit("0x") >> +x3::xdigit) | (lit("0b") >> +char_("01")) |
                (digits >> '.' >> digits >> '.' >> digits >> '.' >> digits) |  // Soufflé's IPv4 10.0.0.1
                (digits >> -('.' >> digits) >> -(char_("eE") >> -char_("+-") >> digits))) >>
               -lit('u') >> !ident_char]][set_number_text];

x3::symbols<char> const escape_symbols({{"\"", '"'}, {"\\", '\\'}, {"n", '\n'},
                                        {"t", '\t'}, {"r", '\r'}, {"'", '\''}});
x3::rule<class escape_class, char> const escape = "an escape: \\\" \\\\ \\n \\t \\r";
auto const escape_def = escape_symbols;

x3::rule<class closing_quote_class> const closing_quote =
    "'\"' closing the string (strings end on their line)";
auto const closing_quote_def = lit('"');

x3::rule<class string_chars_class, std::string> const string_chars = "string";
auto const string_chars_def =
    lexeme['"' > *((lit('\\') > escape) | (char_ - char_("\"\\\r\n"))) > closing_quote];

struct string_lit_class : annotate_position {};
x3::rule<class string_lit_inner_class, ast::StringLit> const string_lit_inner = "string";
x3::rule<string_lit_class, ast::StringLit> const string_lit = "string";
auto const set_string_value = [](auto& ctx) { x3::_val(ctx).value = std::move(x3::_attr(ctx)); };
auto const string_lit_inner_def = string_chars[set_string_value];
auto const string_lit_def = string_lit_inner;

struct wildcard_class : annotate_position {};
x3::rule<wildcard_class, ast::Wildcard> const wildcard = "_";
auto const wildcard_def = lexeme['_' >> !ident_char];

x3::rule<class comparison_op_class, std::string> const comparison_op = "comparison operator";
auto const comparison_op_def =
    string("!=") | string("<=") | string(">=") | string("=") | string("<") | string(">");

// ---- expressions ---------------------------------------------------------------------
struct expression_class : annotate_position {};
struct additive_class : annotate_position {};
struct operand_class {};
struct power_class : annotate_position {};
struct product_class : annotate_position {};
struct unary_class : annotate_position {};
struct functor_call_class : annotate_position {};
struct aggregate_class : annotate_position {};
struct aggregate_function_class : annotate_position {};
struct disjunction_class : annotate_position {};
struct conjunction_class {};
struct atom_class : annotate_position {};

x3::rule<expression_class, ast::Expression> const expression = "expression";
x3::rule<additive_class, ast::Expression> const additive = "expression";
x3::rule<operand_class, ast::Operand> const operand = "operand";
x3::rule<power_class, ast::Expression> const power = "expression";
x3::rule<product_class, ast::Expression> const product = "expression";
x3::rule<class parenthesized_class, ast::Expression> const parenthesized = "expression";
x3::rule<unary_class, ast::Unary> const unary = "expression";
x3::rule<functor_call_class, ast::FunctorCall> const functor_call = "functor call";
x3::rule<aggregate_class, ast::Aggregate> const aggregate = "aggregate";
x3::rule<aggregate_function_class, ast::Identifier> const aggregate_function =
    "aggregate function";
x3::rule<class aggregate_function_inner_class, ast::Identifier> const aggregate_function_inner =
    "aggregate function";
x3::rule<class aggregate_body_class, ast::Disjunction> const aggregate_body =
    "aggregate body '{ ... }'";
x3::rule<disjunction_class, ast::Disjunction> const disjunction = "body";
x3::rule<class disjunction_inner_class, ast::Disjunction> const disjunction_inner = "body";
x3::rule<conjunction_class, ast::Conjunction> const conjunction = "body";
x3::rule<atom_class, ast::Atom> const atom = "atom";

auto const arguments = -(expression % ',');

// `min(a, b)` is a call, `min x : { ... }` an aggregate, and `sum(x) : { ... }` an
// aggregate whose target is `(x)`. Trying one reading and then the other parses what
// follows the name twice, so nesting doubles the work a level (24 levels took 17 s).
// aggregate_ahead decides first, by one scan of the text to the end of the operand: an
// aggregate has a `:` (not `:-`) at the same level of brackets before anything that ends
// an expression. The scan only reads text the parse will read anyway at that level, so
// the whole parse stays within (nesting limit) x (input size).
struct aggregate_ahead_parser : x3::parser<aggregate_ahead_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute&) const {
    x3::skip_over(first, last, context);
    Iterator i = first;
    auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '?'; };
    while (i != last && word_char(*i)) ++i;  // the aggregate's name
    int depth = 0;
    while (i != last) {
      const char c = *i;
      Iterator next = i;
      ++next;
      const char after = next == last ? '\0' : *next;
      if (c == '"') {  // a string: skip to its closing quote
        for (i = next; i != last && *i != '"'; ++i)
          if (*i == '\\' && std::next(i) != last) ++i;
        if (i != last) ++i;
        continue;
      }
      if (c == '/' && after == '/') {
        while (i != last && *i != '\n') ++i;
        continue;
      }
      if (c == '/' && after == '*') {
        for (i = std::next(next); i != last && !(*i == '*' && std::next(i) != last && *std::next(i) == '/');) ++i;
        if (i != last) i = std::next(i, 2);
        continue;
      }
      if (c == '(' || c == '{' || c == '[') {
        ++depth;
      } else if (c == ')' || c == '}' || c == ']') {
        if (depth-- == 0) return false;
      } else if (depth == 0) {
        if (c == ':') return after != '-';
        if (c == ',' || c == ';' || c == '=' || c == '<' || c == '>' || c == '!') return false;
        if (c == '.' && !std::isdigit(static_cast<unsigned char>(after))) return false;
      }
      i = next;
    }
    return false;
  }
};
inline constexpr aggregate_ahead_parser aggregate_ahead{};

x3::rule<class keyword_call_class, ast::FunctorCall> const keyword_call = "functor call";
auto const keyword_call_def = &aggregate_function >> !aggregate_ahead >> functor_call;
// `unary` before the names: `bnot x` is an operator applied, not a variable named bnot.
auto const operand_def = nesting_guard[number | string_lit | ((&aggregate_function >> aggregate_ahead) > aggregate) |
                                       keyword_call | unary | functor_call | wildcard | identifier | parenthesized];
auto const parenthesized_def = '(' >> expression >> ')';
// Soufflé's prefix and infix words. The infix ones share one level, above + and -, and
// are ordered by precedence when lowered (see ast::Operation for their codes).
struct prefix_word_table : x3::symbols<char> {
  prefix_word_table() { add("bnot", '~')("lnot", '!'); }
};
struct infix_word_table : x3::symbols<char> {
  infix_word_table() {
    add("band", '&')("bor", '|')("bxor", 'x')("bshl", 'l')("bshr", 'r')("bshru", 'u')("land", 'A')("lor", 'O')(
        "lxor", 'X');
  }
};
prefix_word_table const prefix_words;
infix_word_table const infix_words;
x3::rule<class prefix_word_class, char> const prefix_word = "operator";
x3::rule<class infix_word_class, char> const infix_word = "operator";
auto const prefix_word_def = lexeme[prefix_words >> !ident_char];
auto const infix_word_def = lexeme[infix_words >> !ident_char];
auto const unary_def = (char_('-') | prefix_word) >> operand;
auto const power_def = operand >> *(char_('^') >> operand);
auto const product_def = power >> *(char_("*/%") >> power);
auto const additive_def = product >> *(char_("+-") >> product);
auto const expression_def = additive >> *(infix_word >> additive);
auto const functor_call_def = identifier >> '(' >> arguments >> ')';

auto const aggregate_function_def = aggregate_function_inner;
auto const aggregate_function_inner_def =
    raw[lexeme[(lit("count") | lit("sum") | lit("min") | lit("max") | lit("mean") |
                lit("median") | lit("mode") | lit("stddev")) >>
               !ident_char]][([](auto& ctx) {
      auto const& range = x3::_attr(ctx);
      x3::_val(ctx).name.assign(range.begin(), range.end());
    })];
auto const single_atom_body = [](auto& ctx) {
  ast::Conjunction only;
  only.emplace_back(std::move(x3::_attr(ctx)));
  x3::_val(ctx).alternatives.push_back(std::move(only));
};
auto const aggregate_body_def =
    ('{' > disjunction > '}')[([](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); })] |
    atom[single_atom_body];
auto const aggregate_def = (aggregate_function >> -expression) > ':' > aggregate_body;

// ---- bodies --------------------------------------------------------------------------
struct negation_class : annotate_position {};
struct comparison_class {};
x3::rule<negation_class, ast::Negation> const negation = "negated atom";
x3::rule<class negation_inner_class, ast::Negation> const negation_inner = "negated atom";
x3::rule<comparison_class, ast::Comparison> const comparison = "comparison";
x3::rule<class literal_class, ast::Literal> const literal = "body literal";
x3::rule<class nested_class, ast::Disjunction> const nested = "parenthesized body";

auto const atom_def = identifier >> '(' >> arguments >> ')';
auto const negation_def = negation_inner;
auto const negation_inner_def =
    ('!' >> atom)[([](auto& ctx) { x3::_val(ctx).atom = std::move(x3::_attr(ctx)); })];
auto const nested_def = '(' >> disjunction >> ')';

// A positive literal is read in one pass: an expression, then an optional comparison.
// Trying `comparison` and then `atom` would parse an atom twice, and an atom whose
// arguments hold aggregates over atoms four times, and so on: twice the time for each
// level of nesting. A bare functor-call shape with no comparison after it is an atom;
// any other expression standing alone is not a literal.
x3::rule<class term_literal_class, ast::Literal> const term_literal = "body literal";
// The literal spans its expressions (set here: a rule with actions is not annotated).
auto const set_lhs = [](auto& ctx) {
  auto& read = x3::_val(ctx);
  read.lhs = std::move(x3::_attr(ctx));
  read.offset = read.lhs.offset;
  read.end = read.lhs.end;
};
auto const set_comparison = [](auto& ctx) {
  auto& tail = x3::_attr(ctx);  // (operator, right-hand side), or none
  if (!tail) return;
  auto& read = x3::_val(ctx);
  read.op = std::move(boost::fusion::at_c<0>(*tail));
  read.rhs = std::move(boost::fusion::at_c<1>(*tail));
  read.end = read.rhs.end;
};
// `comparison` is also what a bare term reads as (its operator left empty).
auto const comparison_def = expression[set_lhs] >> (-(comparison_op >> expression))[set_comparison];
auto const to_literal = [](auto& ctx) {
  ast::Comparison& read = x3::_attr(ctx);
  if (!read.op.empty()) {
    x3::_val(ctx) = std::move(read);
    return;
  }
  // Precedence levels wrap a lone operand in expressions of one operand each.
  ast::Expression* term = &read.lhs;
  while (term->rest.empty()) {
    auto* inner = boost::get<x3::forward_ast<ast::Expression>>(&term->first);
    if (inner == nullptr) break;
    term = &inner->get();
  }
  auto* call = term->rest.empty() ? boost::get<x3::forward_ast<ast::FunctorCall>>(&term->first) : nullptr;
  if (call == nullptr) {
    x3::_pass(ctx) = false;
    return;
  }
  ast::Atom atom_read;
  static_cast<ast::Located&>(atom_read) = call->get();
  atom_read.name = std::move(call->get().name);
  atom_read.args = std::move(call->get().args);
  x3::_val(ctx) = std::move(atom_read);
};
auto const term_literal_def = comparison[to_literal];

// `true` and `false` (Soufflé's constant literals) read as `0 = 0` and `0 != 0`.
x3::rule<class truth_class, ast::Literal> const truth = "body literal";
// Placed by the word's own range (raw[]): _where in an action lands past the word.
auto const to_truth = [](auto& ctx) {
  char const* begin = x3::get<source_begin_tag>(ctx);
  auto const& word = x3::_attr(ctx);
  ast::Comparison read;
  read.offset = static_cast<std::uint32_t>(&*word.begin() - begin);
  read.end = static_cast<std::uint32_t>(read.offset + word.size());
  ast::NumberLit zero;
  static_cast<ast::Located&>(zero) = read;
  zero.text = "0";
  read.lhs.first = zero;
  static_cast<ast::Located&>(read.lhs) = read;
  read.rhs = read.lhs;
  read.op = *word.begin() == 't' ? "=" : "!=";
  x3::_val(ctx) = std::move(read);
};
struct truth_table : x3::symbols<bool> {
  truth_table() { add("true", true)("false", false); }
};
truth_table const truth_words;
auto const truth_def = raw[lexeme[truth_words >> !ident_char]][to_truth];

// `!( body )`: the negation of a bracketed body, rewritten by De Morgan's laws into
// negated atoms and comparisons (syntax/negate.hpp).
x3::rule<class negated_group_class, ast::Literal> const negated_group = "negated body";
// `!!!( body )` is Soufflé's too: an odd count negates, an even one does not.
auto const to_negated_group = [](auto& ctx) {
  const std::string& bangs = boost::fusion::at_c<0>(x3::_attr(ctx));
  const ast::Disjunction& body = boost::fusion::at_c<1>(x3::_attr(ctx));
  x3::_val(ctx) = ast::Literal(x3::forward_ast<ast::Disjunction>(bangs.size() % 2 ? negated(body) : body));
};
auto const negated_group_def = (+char_('!') >> nested)[to_negated_group];
auto const literal_def = nesting_guard[negated_group | negation | truth | term_literal | nested];
auto const conjunction_def = literal % ',';
auto const disjunction_def = disjunction_inner;
auto const disjunction_inner_def = (conjunction % ';')[([](auto& ctx) {
  x3::_val(ctx).alternatives = std::move(x3::_attr(ctx));
})];

// ---- clauses and directives ----------------------------------------------------------
struct clause_class : annotate_position {};
struct attribute_decl_class : annotate_position {};
struct relation_decl_class : annotate_position {};
struct type_decl_class : annotate_position {};
struct io_param_class : annotate_position {};
struct io_directive_class : annotate_position {};
struct param_decl_class : annotate_position {};
struct hypothesis_class : annotate_position {};
struct claim_class : annotate_position {};
struct link_class : annotate_position {};
struct probability_class : annotate_position {};
struct body_form_class : annotate_position {};
struct implication_form_class : annotate_position {};
struct share_form_class : annotate_position {};
struct holds_form_class : annotate_position {};
struct unsupported_class : annotate_position {};
struct param_range_class : annotate_position {};
struct observable_from_class : annotate_position {};
struct unobserved_class : annotate_position {};
struct dated_class : annotate_position {};
struct as_of_class : annotate_position {};

x3::rule<clause_class, ast::Clause> const clause = "clause";
x3::rule<class full_stop_class> const full_stop = "'.' ending the clause";
x3::rule<class rule_body_class, ast::Disjunction> const rule_body = "rule body";
x3::rule<attribute_decl_class, ast::AttributeDecl> const attribute_decl = "attribute 'name: type'";
x3::rule<class type_name_class, ast::Identifier> const type_name = "type name";
x3::rule<relation_decl_class, ast::RelationDecl> const relation_decl = "relation declaration";
x3::rule<class qualifier_class, ast::Identifier> const qualifier = "qualifier";
x3::rule<type_decl_class, ast::TypeDecl> const type_decl = "type declaration";
struct bare_type_decl_class : annotate_position {};
x3::rule<bare_type_decl_class, ast::TypeDecl> const bare_type_decl = "type declaration";
struct ignored_class : annotate_position {};
x3::rule<ignored_class, ast::Ignored> const ignored = "directive";
x3::rule<class plan_step_class> const plan_step = "plan step 'N:(i, j, ...)'";
x3::rule<class plan_steps_class> const plan_steps = "plan step 'N:(i, j, ...)'";
x3::rule<class pragma_value_class> const pragma_value = "pragma '\"key\"' or '\"key\" \"value\"'";
// Named, so that an expectation failure says what was expected rather than the mangled
// C++ type of an unnamed X3 parser.
x3::rule<class subtype_op_class, std::string> const subtype_op = "'<:' or '='";
x3::rule<class as_keyword_class> const as_keyword = "'as'";
x3::rule<class type_names_class, std::vector<ast::Identifier>> const type_names = "type name";
x3::rule<class relation_names_class, std::vector<ast::Identifier>> const relation_names = "relation name";
x3::rule<class relation_name_class, ast::Identifier> const relation_name = "relation name";
// Named: an expectation failure on an unnamed list printed its mangled C++ type (found by
// fuzz_parser the first minute after multi-name .decl came in).
x3::rule<class declared_names_class, std::vector<ast::Identifier>> const declared_names = "relation name";
x3::rule<io_param_class, ast::IoParam> const io_param = "IO parameter 'key=value'";
x3::rule<class io_value_class, std::string> const io_value = "IO parameter value";
x3::rule<class io_keyword_class, std::string> const io_keyword = "directive";
x3::rule<io_directive_class, ast::IoDirective> const io_directive = "IO directive";
x3::rule<param_decl_class, ast::ParamDecl> const param_decl = "parameter declaration";
x3::rule<hypothesis_class, ast::Hypothesis> const hypothesis = "hypothesis";
x3::rule<claim_class, ast::Claim> const claim = "claim";
x3::rule<class claim_end_class> const claim_end = "'.' ending the claim, or ', ' and a link";
x3::rule<class claim_form_class, ast::ClaimForm> const claim_form =
    "claim form: exists, none, forall, most, share or holds";
x3::rule<class braced_body_class, ast::Disjunction> const braced_body = "'{ body }'";
x3::rule<class arrow_class> const arrow = "'=>'";
x3::rule<body_form_class, ast::BodyForm> const body_form = "claim form";
x3::rule<implication_form_class, ast::ImplicationForm> const implication_form = "claim form";
x3::rule<share_form_class, ast::ShareForm> const share_form = "claim form";
x3::rule<holds_form_class, ast::HoldsForm> const holds_form = "claim form";
x3::rule<link_class, ast::Link> const link = "link 'supports|opposes HYPOTHESIS as TEST'";
x3::rule<probability_class, ast::Probability> const probability = "probabilities '(p_H, p_notH)'";
x3::rule<class hypothesis_name_class, ast::Identifier> const hypothesis_name = "hypothesis name";
x3::rule<class test_name_class, ast::Identifier> const test_name =
    "test type: straw, hoop, smoking_gun or doubly_decisive";
x3::rule<param_range_class, ast::ParamRange> const param_range = "range 'LOW .. HIGH step STEP'";
x3::rule<class range_dots_class> const range_dots = "'..'";
x3::rule<class step_keyword_class> const step_keyword = "'step'";
x3::rule<observable_from_class, ast::ObservableFrom> const observable_from = "'from YEAR'";
x3::rule<class year_class, ast::NumberLit> const year = "year";
x3::rule<class because_class, ast::StringLit> const because = "reason '\"...\"'";
x3::rule<unobserved_class, ast::Unobserved> const unobserved = "'.unobserved' directive";
x3::rule<dated_class, ast::Dated> const dated = "'.dated' directive";
x3::rule<class dated_attribute_class, ast::Identifier> const dated_attribute = "attribute name";
x3::rule<as_of_class, ast::AsOf> const as_of = "'.as_of' directive";
x3::rule<class date_value_class, ast::DateValue> const date_value = "date: a year or \"YYYY-MM-DD\"";
x3::rule<unsupported_class, ast::Unsupported> const unsupported = "directive";
x3::rule<class unsupported_inner_class, ast::Unsupported> const unsupported_inner = "directive";
x3::rule<class item_class, ast::Item> const item = "declaration, fact or rule";
x3::rule<class program_class, ast::Program> const program = "program";

// A '.' that opens the next line's directive (`.decl`, `.claim`, ...) does not end this
// clause: without this, a missing full stop was reported one item later, at the
// directive's name.
auto const directive_word = lexeme[(lit("decl") | lit("type") | lit("input") | lit("output") | lit("printsize") |
                                    lit("param") | lit("hypothesis") | lit("claim") | lit("unobserved") |
                                    lit("dated") | lit("as_of") | lit("comp") | lit("init") | lit("functor") |
                                    lit("pragma") | lit("plan") | lit("include") | lit("once") | lit("override") |
                                    lit("limitsize") | lit("lattice")) >>
                                   !ident_char];
auto const full_stop_def = lexeme[lit('.') >> !directive_word];
auto const rule_body_def = disjunction;
auto const clause_def = ((atom % ',') >> -(lit(":-") > rule_body)) > full_stop;

auto const type_name_def = identifier;
auto const relation_name_def = identifier;
auto const attribute_decl_def = identifier > lit(':') > type_name;
auto const qualifier_def =
    raw[lexeme[(lit("btree_delete") | lit("btree") | lit("brie") | lit("eqrel") |
                lit("inline") | lit("no_inline") | lit("magic") | lit("no_magic") |
                lit("overridable") | lit("input") | lit("output") | lit("printsize")) >>
               !ident_char]][([](auto& ctx) {
      auto const& range = x3::_attr(ctx);
      x3::_val(ctx).name.assign(range.begin(), range.end());
    })];
auto const declared_names_def = relation_name % ',';
auto const relation_decl_def = keyword(".decl") > declared_names > '(' > -(attribute_decl % ',') >
                               ')' > *qualifier;
auto const subtype_op_def = string("<:") | string("=");
auto const type_names_def = type_name % '|';
auto const type_decl_def = keyword(".type") > type_name > subtype_op > type_names;
// The old bare `.type X`, which Soufflé reads as `.type X <: symbol`: only where the
// declaration ends there (the next directive, or the end), so `.type T 3` still says that
// '<:' or '=' was expected.
auto const to_bare_type = [](auto& ctx) {
  ast::TypeDecl& read = x3::_val(ctx);
  read.name = x3::_attr(ctx);
  read.relation = "<:";
  ast::Identifier symbol = read.name;
  symbol.name = "symbol";
  read.bases = {symbol};
};
auto const bare_type_decl_def = (keyword(".type") >> type_name >> &(lit('.') | x3::eoi))[to_bare_type];

auto const io_value_def = string_chars | raw[lexeme[+(ident_char | char_(".-/+"))]];
auto const io_param_def = identifier > '=' > io_value;
auto const io_keyword_def =
    lexeme['.' >> (string("input") | string("output") | string("printsize")) >> !ident_char];
auto const relation_names_def = relation_name % ',';
auto const io_directive_def = io_keyword > relation_names > -('(' > -(io_param % ',') > ')');

auto const range_dots_def = lit("..");
auto const step_keyword_def = keyword("step");
auto const param_range_def = keyword("range") > expression > range_dots > expression > step_keyword > expression;
auto const param_decl_def = keyword(".param") > identifier > '=' > expression > -param_range;

auto const hypothesis_name_def = identifier;
auto const hypothesis_def =
    keyword(".hypothesis") > identifier > string_lit > -(keyword("source") > string_lit);

auto const arrow_def = lit("=>");
auto const braced_body_def = lit('{') > disjunction > lit('}');
auto const body_form_def =
    lexeme[(string("exists") | string("none")) >> !ident_char] > braced_body;
auto const implication_form_def =
    lexeme[(string("forall") | string("most")) >> !ident_char] > braced_body > arrow >
    braced_body;
auto const share_form_def =
    keyword("share") > braced_body > arrow > braced_body > comparison_op > expression;
auto const holds_form_def = keyword("holds") > expression > comparison_op > expression;
auto const claim_form_def = body_form | implication_form | share_form | holds_form;
auto const test_name_def = identifier;
auto const probability_def = '(' > expression > ',' > expression > ')';
auto const as_keyword_def = keyword("as");
auto const because_def = string_lit;
auto const link_def = (identifier >> hypothesis_name) > as_keyword > test_name > -probability >
                      -(keyword("because") > because);
auto const claim_end_def = lexeme[lit('.') >> !directive_word];
auto const year_def = number;
auto const observable_from_def = lexeme[string("from") >> !ident_char] > year;
auto const claim_def = keyword(".claim") > identifier > string_lit > -observable_from > claim_form >
                       -(link % ',') > claim_end;

auto const unobserved_def = lexeme[string(".unobserved") >> !ident_char] > relation_names;
auto const dated_attribute_def = identifier;
auto const dated_def = keyword(".dated") > relation_name > '(' > dated_attribute > ')';
auto const date_value_def = number | string_lit;
auto const as_of_def = lexeme[string(".as_of") >> !ident_char] > date_value;

// Soufflé's `.pragma "key" "value"`, a rule's `.plan 0:(1,2), 1:(2,1)` and `.once` (an
// included file's guard; kzrules includes each file once anyway): read and set aside
// (ast::Ignored).
auto const plan_step_def = number > ':' > '(' > -(number % ',') > ')';
auto const plan_steps_def = plan_step % ',';
auto const pragma_value_def = string_chars >> -string_chars;
auto const set_ignored_text = [](auto& ctx) {
  auto const& range = x3::_attr(ctx);
  x3::_val(ctx).text.assign(range.begin(), range.end());
};
auto const ignored_def =
    raw[(keyword(".pragma") > pragma_value) | (keyword(".plan") > plan_steps) | keyword(".once")][set_ignored_text];

struct include_class : annotate_position {};
x3::rule<include_class, ast::Include> const include = "'.include' directive";
// The directive is placed at its file name (a rule whose definition has an action is not
// annotated).
auto const set_include_path = [](auto& ctx) {
  ast::Include& read = x3::_val(ctx);
  read.path = x3::_attr(ctx);
  static_cast<ast::Located&>(read) = read.path;
};
auto const include_def = (keyword(".include") > string_lit)[set_include_path];

auto const unsupported_def = unsupported_inner;
auto const unsupported_inner_def =
    raw[lexeme[lit('.') >> (lit("comp") | lit("init") | lit("functor") | lit("override") |
                            lit("limitsize") | lit("lattice")) >>
               !ident_char]][([](auto& ctx) {
      auto const& range = x3::_attr(ctx);
      x3::_val(ctx).directive.assign(range.begin(), range.end());
    })];

auto const item_def = relation_decl | bare_type_decl | type_decl | io_directive | param_decl | hypothesis | claim |
                      unobserved | dated | as_of | ignored | include | unsupported | clause;
auto const program_def = *item;

// ---- one atom alone ------------------------------------------------------------------
// An atom typed on its own (explain, check --with/--without): after its name and '(' it
// can only be an atom, so an error points at the spot. A final '.' is allowed.
struct lone_atom_class : annotate_position {};
x3::rule<lone_atom_class, ast::Atom> const lone_atom = "atom";
auto const lone_atom_def = (identifier > '(' > arguments > ')') >> -lit('.');

BOOST_SPIRIT_DEFINE(comment_end, skipper, ident_text, identifier, identifier_inner, number,
                    number_inner, escape, closing_quote, string_chars, string_lit,
                    string_lit_inner, wildcard, comparison_op)
BOOST_SPIRIT_DEFINE(expression, additive, prefix_word, infix_word, operand, keyword_call, power, product,
                    parenthesized, unary, functor_call,
                    aggregate, aggregate_function, aggregate_function_inner, aggregate_body,
                    disjunction, disjunction_inner, conjunction, atom)
BOOST_SPIRIT_DEFINE(negation, negation_inner, comparison, term_literal, truth, negated_group, literal, nested)
BOOST_SPIRIT_DEFINE(clause, full_stop, rule_body, attribute_decl, type_name, relation_decl,
                    qualifier, type_decl, subtype_op, as_keyword, type_names, relation_names,
                    relation_name, io_param, io_value, io_keyword,
                    io_directive, param_decl, hypothesis, claim, claim_end, claim_form,
                    braced_body, arrow, body_form, implication_form, share_form, holds_form,
                    link, probability, hypothesis_name, test_name, unsupported, unsupported_inner,
                    item, program)
BOOST_SPIRIT_DEFINE(param_range, range_dots, step_keyword, observable_from, year, because, unobserved, dated,
                    dated_attribute, as_of, date_value)
BOOST_SPIRIT_DEFINE(lone_atom, bare_type_decl, ignored, plan_step, plan_steps, pragma_value, declared_names, include)

}  // namespace kz::syntax::grammar
