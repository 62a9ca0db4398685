// Instantiates the X3 grammar behind the Boost-free parse_program() and parse_atom() facades.
#include "syntax/grammar.hpp"

#include "syntax/grammar_def.hpp"
#include "syntax/limits.hpp"

namespace kz::syntax {

namespace {

std::string describe_expectation(std::string const& which) {
  if (which.size() >= 2 && which.front() == '\'' && which.back() == '\'') return which;
  if (which.size() >= 2 && which.front() == '"' && which.back() == '"')
    return "'" + which.substr(1, which.size() - 2) + "'";
  return which;
}

// Which catalogue entry an expectation failure is: a few expectations are errors of
// their own (an unclosed string or comment, a bad escape); every other is a syntax error.
ErrorCode code_of_expectation(std::string const& which) {
  if (which == grammar::comment_end.name) return ErrorCode::unterminated_comment;
  if (which == grammar::closing_quote.name) return ErrorCode::unterminated_string;
  if (which == grammar::escape.name) return ErrorCode::unknown_escape;
  return ErrorCode::syntax_error;
}

// The syntax error of a failed expectation (a `>` in the grammar) in [begin, last).
SyntaxError expectation_error(boost::spirit::x3::expectation_failure<char const*> const& failure,
                              char const* begin, char const* last) {
  if (failure.which() == grammar::nesting_message) {
    return SyntaxError{static_cast<std::uint32_t>(failure.where() - begin),
                       "nested too deeply: more than " + std::to_string(grammar::max_nesting) +
                           " levels of parentheses, braces, unary minus or aggregates here; "
                           "split the expression or body with helper relations",
                       ErrorCode::too_large};
  }
  // Point at the offending token when it is on the same line; at the end of the line
  // (a missing '.', say) point just after the last token instead.
  char const* spot = failure.where();
  char const* next = spot;
  while (next != last && (*next == ' ' || *next == '\t')) ++next;
  if (next != last && *next != '\n' && *next != '\r') spot = next;
  return SyntaxError{static_cast<std::uint32_t>(spot - begin),
                     "expected " + describe_expectation(failure.which()), code_of_expectation(failure.which())};
}

}  // namespace

namespace {

std::variant<ast::Program, SyntaxError> parse_text(std::string_view text);

}  // namespace

std::variant<ast::Program, SyntaxError> parse_program(std::string_view text, ParseStats* stats) {
  grammar::parse_steps = 0;
  auto result = parse_text(text);
  if (stats != nullptr) stats->steps = grammar::parse_steps;
  return result;
}

namespace {

std::variant<ast::Program, SyntaxError> parse_text(std::string_view text) {
  namespace x3 = boost::spirit::x3;
  char const* const begin = text.data();
  char const* first = begin;
  char const* const last = begin + text.size();
  ast::Program program;
  grammar::nesting_depth = 0;
  try {
    auto const parser = x3::with<grammar::source_begin_tag>(begin)[grammar::program];
    bool const ok = x3::phrase_parse(first, last, parser, grammar::skipper, program);
    // Skip trailing blanks and comments; anything left is a construct that did not parse.
    x3::phrase_parse(first, last, x3::eps, grammar::skipper);
    if (!ok || first != last) {
      return SyntaxError{static_cast<std::uint32_t>(first - begin),
                         "expected a declaration, a fact, a rule or a directive", ErrorCode::not_a_statement};
    }
  } catch (x3::expectation_failure<char const*> const& failure) {
    return expectation_error(failure, begin, last);
  }
  if (auto too_large = check_limits(program)) return *too_large;
  return program;
}

}  // namespace

std::variant<ast::Atom, SyntaxError> parse_atom(std::string_view text) {
  namespace x3 = boost::spirit::x3;
  char const* const begin = text.data();
  char const* first = begin;
  char const* const last = begin + text.size();
  ast::Atom atom;
  grammar::nesting_depth = 0;
  try {
    auto const parser = x3::with<grammar::source_begin_tag>(begin)[grammar::lone_atom];
    if (!x3::phrase_parse(first, last, parser, grammar::skipper, atom)) {
      x3::phrase_parse(first, last, x3::eps, grammar::skipper);
      return SyntaxError{static_cast<std::uint32_t>(first - begin),
                         "expected one atom such as path(1, 3) or horde(\"Ablyazov\", \"senior\")"};
    }
    x3::phrase_parse(first, last, x3::eps, grammar::skipper);
    if (first != last) return SyntaxError{static_cast<std::uint32_t>(first - begin), "expected the end of the atom"};
  } catch (x3::expectation_failure<char const*> const& failure) {
    return expectation_error(failure, begin, last);
  }
  // The limits are those of a program holding the atom as a fact: its expressions are
  // lowered and evaluated by recursion too.
  ast::Clause fact;
  fact.heads.push_back(atom);
  if (auto too_large = check_limits(ast::Program{ast::Item(std::move(fact))})) return *too_large;
  return atom;
}

}  // namespace kz::syntax
