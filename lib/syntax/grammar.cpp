// Instantiates the X3 grammar behind the Boost-free parse_program() facade.
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

}  // namespace

std::variant<ast::Program, SyntaxError> parse_program(std::string_view text) {
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
                         "expected a declaration, a fact, a rule or a directive"};
    }
  } catch (x3::expectation_failure<char const*> const& failure) {
    if (failure.which() == grammar::nesting_message) {
      return SyntaxError{static_cast<std::uint32_t>(failure.where() - begin),
                         "nested too deeply: more than " + std::to_string(grammar::max_nesting) +
                             " levels of parentheses, braces, unary minus or aggregates here; "
                             "split the expression or body with helper relations"};
    }
    // Point at the offending token when it is on the same line; at the end of the line
    // (a missing '.', say) point just after the last token instead.
    char const* spot = failure.where();
    char const* next = spot;
    while (next != last && (*next == ' ' || *next == '\t')) ++next;
    if (next != last && *next != '\n' && *next != '\r') spot = next;
    return SyntaxError{static_cast<std::uint32_t>(spot - begin),
                       "expected " + describe_expectation(failure.which())};
  }
  if (auto too_large = check_limits(program)) return *too_large;
  return program;
}

}  // namespace kz::syntax
