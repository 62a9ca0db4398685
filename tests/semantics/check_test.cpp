// Semantic checks: names, arity, kinds, range restriction, stratification.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

TEST_CASE("undeclared relations and wrong arity are rejected", "[semantics]") {
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(x) :- b(x).\n"),
             Contains("test.dl:2:9: error: unknown relation 'b'"));
  auto e = test::parse_errors(".decl a(x: number)\n.decl b(x: number, y: number)\na(x) :- b(x).\n");
  CHECK_THAT(e, Contains("test.dl:3:9: error: 'b' has 2 attributes but is used with 1 argument"));
  CHECK_THAT(e, Contains("note: declared here"));
}

TEST_CASE("type clashes are rejected", "[semantics]") {
  CHECK_THAT(test::parse_errors(".decl a(x: number)\n.decl b(x: symbol)\na(x) :- b(x).\n"),
             Contains("test.dl:3:3: error: type clash: 'x' is a symbol, but attribute 'x' of 'a' needs a number"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(\"s\").\n"), Contains("type clash"));
  CHECK_THAT(test::parse_errors(".decl a(x: float)\n.decl b(x: number)\na(x) :- b(y), x = y + 1.5.\n"),
             Contains("type clash"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\n.decl b(x: symbol)\na(n) :- n = sum s : { b(s) }.\n"),
             Contains("sum cannot range over symbols"));
}

TEST_CASE("range restriction: every head, negated and compared variable is bound", "[semantics]") {
  CHECK_THAT(test::parse_errors(".decl a(x: number)\n.decl b(x: number)\na(x) :- b(y).\n"),
             Contains("test.dl:3:3: error: variable 'x' in the head is not bound"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\n.decl b(x: number)\na(1) :- !b(x).\n"),
             Contains("test.dl:3:12: error: variable 'x' is negated but no positive atom binds it"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(1) :- x > 2.\n"),
             Contains("test.dl:2:9: error: variable 'x' is compared but no positive atom binds it"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(x).\n"), Contains("facts must be ground"));
  // An aggregate result and x = expr over bound variables do bind.
  test::must_parse(".decl r(x: number)\n.decl m(x: number)\nm(x) :- x = count : { r(_) }.\nm(y) :- r(x), y = x * 2.\n");
}

TEST_CASE("negation or aggregation through recursion is rejected with the cycle named", "[semantics]") {
  auto e = test::parse_errors(
      ".decl p(x: number)\n.decl q(x: number)\n.decl base(x: number)\n"
      "p(x) :- base(x), !q(x).\nq(x) :- p(x).\n");
  CHECK_THAT(e, Contains("test.dl:4:18: error: 'p' depends on itself through the negation of 'q'"));
  CHECK_THAT(e, Contains("(cycle: p -> q -> p)"));
  auto a = test::parse_errors(".decl p(x: number)\np(n) :- p(m), n = count : { p(_) }, n < m.\n");
  CHECK_THAT(a, Contains("through an aggregate over 'p'"));
}

TEST_CASE("duplicate declarations are rejected", "[semantics]") {
  auto e = test::parse_errors(".decl a(x: number)\n.decl a(y: number)\n");
  CHECK_THAT(e, Contains("test.dl:2:7: error: relation 'a' is declared twice"));
  CHECK_THAT(e, Contains("test.dl:1:7: note: first declared here"));
  CHECK_THAT(test::parse_errors(".decl a(count: number)\n"), Contains("named like an aggregate"));
  CHECK_THAT(test::parse_errors(".decl a(x: thing)\n"), Contains("unknown type 'thing'"));
}

TEST_CASE("several errors in one file are all reported", "[semantics]") {
  auto e = test::parse_errors(".decl a(x: number)\na(x) :- b(x).\na(y) :- c(y).\n");
  CHECK_THAT(e, Contains("unknown relation 'b'"));
  CHECK_THAT(e, Contains("unknown relation 'c'"));
}
