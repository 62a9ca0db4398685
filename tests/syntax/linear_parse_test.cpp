// The parser reads every input in one pass: the work it does (ParseStats::steps, the
// operands and body literals it attempted) grows linearly with nesting, never doubling
// with each level as it did when an atom was first tried as a comparison and re-parsed.
// Counted, not timed, so the test is exact on any machine.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <variant>

#include "syntax/grammar.hpp"

namespace {

using kz::syntax::parse_program;
using kz::syntax::ParseStats;

// The steps to parse `program(depth)`, which must parse.
std::uint64_t steps_at(const std::function<std::string(int)>& program, int depth) {
  ParseStats stats;
  const auto result = parse_program(program(depth), &stats);
  INFO(program(depth));
  REQUIRE(std::holds_alternative<kz::syntax::ast::Program>(result));
  return stats.steps;
}

// Doubling the depth may at most (about) double the work.
void check_linear(const std::function<std::string(int)>& program) {
  const auto at20 = steps_at(program, 20);
  const auto at40 = steps_at(program, 40);
  const auto at80 = steps_at(program, 80);
  INFO("steps at depth 20, 40, 80: " << at20 << ", " << at40 << ", " << at80);
  CHECK(at40 <= at20 * 5 / 2);
  CHECK(at80 <= at40 * 5 / 2);
}

std::string nest(const std::string& open, const std::string& core, const std::string& close, int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += core;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

}  // namespace

TEST_CASE("aggregates nested as atom arguments parse in linear work", "[syntax][limits]") {
  check_linear([](int depth) {
    return "r(x) :- q(x), x = " + nest("count : { q(", "1", ") }", depth) + ".\n";
  });
}

TEST_CASE("negations, comparisons and functor calls nested in aggregates parse in linear work",
          "[syntax][limits]") {
  check_linear([](int depth) { return "r(x) :- x = " + nest("sum y : { !q(y), y < cat(", "1", ") }", depth) + ".\n"; });
  check_linear([](int depth) { return "r(x) :- q(x), " + nest("(", "q(x)", ")", depth) + ".\n"; });
  check_linear([](int depth) { return "r(x) :- q(x), x = " + nest("cat(\"a\", ", "1", ")", depth) + ".\n"; });
  check_linear([](int depth) { return "r(x) :- q(x), x = " + nest("min(", "1", ", 2)", depth) + ".\n"; });
  check_linear([](int depth) { return "r(x) :- q(x), x = " + nest("(", "1", ") + 1", depth) + ".\n"; });
}

TEST_CASE("aggregates whose targets are parenthesized aggregates parse in linear work", "[syntax][limits]") {
  // sum(sum(x) : { q(x) }) : { q(x) } was read as a call, then again as an aggregate:
  // 16 levels took 1.3 s, each level twice the one before (issue 16, finding 1).
  check_linear([](int depth) { return "r(y) :- y = " + nest("sum(", "x", ") : { q(x) }", depth) + ".\n"; });
  check_linear([](int depth) { return "r(y) :- y = " + nest("max (", "x", " + 1) : q(x)", depth) + ".\n"; });
}

TEST_CASE("a name of an aggregate reads as a call or an aggregate by what follows", "[syntax]") {
  for (const char* text : {"r(y) :- y = min(1, 2).", "r(y) :- y = max(1, 2) + 1.", "r(y) :- y = sum(x) : q(x).",
                           "r(y) :- y = sum (x) * 2 : { q(x) }.", "r(y) :- y = count : { q(_) }.",
                           "r(y) :- y = mean x : { q(x), x != \"a:b\" }.", "r(y) :- q(y), y < min(y, 2).",
                           "r(min(1, 2)) :- q(1)."}) {
    INFO(text);
    CHECK(std::holds_alternative<kz::syntax::ast::Program>(parse_program(text)));
  }
}

TEST_CASE("a literal read in one pass keeps its kind and its span", "[syntax]") {
  const std::string text = "p(x) :- e(x, y), y + 1 >= 5, !f(y), (g(x) ; h(x)).\n";
  const auto result = parse_program(text);
  REQUIRE(std::holds_alternative<kz::syntax::ast::Program>(result));
  const auto& program = std::get<kz::syntax::ast::Program>(result);
  REQUIRE(program.size() == 1);
  const auto& clause = boost::get<kz::syntax::ast::Clause>(program[0]);
  REQUIRE(clause.body);
  const auto& body = clause.body->alternatives.at(0);
  REQUIRE(body.size() == 4);
  const auto* atom = boost::get<kz::syntax::ast::Atom>(&body[0]);
  REQUIRE(atom != nullptr);
  CHECK(atom->name.name == "e");
  CHECK(text.substr(atom->offset, atom->end - atom->offset) == "e(x, y)");
  const auto* comparison = boost::get<kz::syntax::ast::Comparison>(&body[1]);
  REQUIRE(comparison != nullptr);
  CHECK(comparison->op == ">=");
  CHECK(text.substr(comparison->offset, comparison->end - comparison->offset) == "y + 1 >= 5");
  CHECK(boost::get<kz::syntax::ast::Negation>(&body[2]) != nullptr);
  CHECK(boost::get<boost::spirit::x3::forward_ast<kz::syntax::ast::Disjunction>>(&body[3]) != nullptr);
  // A term that is not an atom is not a literal on its own.
  CHECK(std::holds_alternative<kz::syntax::SyntaxError>(parse_program("p(x) :- e(x, _), x + 1.\n")));
  CHECK(std::holds_alternative<kz::syntax::SyntaxError>(parse_program("p(x) :- e(x, _), x.\n")));
}
