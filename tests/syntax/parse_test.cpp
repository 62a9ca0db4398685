// The grammar: every Layer 1 construct parses, and syntax errors point at the spot.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

TEST_CASE("every Layer 1 construct of the contract parses", "[syntax]") {
  test::must_parse(R"(
    // line comment
    /* block
       comment */
    .type Person <: symbol
    .type Id = number
    .decl edge(from: number, to: number)
    .decl path(from: number, to: number) btree
    .decl node(x: number)
    .decl w(k: symbol, v: float)
    .decl agg(k: symbol, v: float)
    .decl u(x: unsigned)
    .decl p(x: Person)
    .input edge
    .input w(IO=file, filename="x.csv", delimiter=",", headers=true, rfc4180=true)
    .output path
    .output node(IO=stdout)
    .printsize path
    edge(1, 2).  edge(2, 3).
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z).
    node(x) :- edge(x, _) ; edge(_, x).
    node(x) :- edge(x, y), !edge(y, x), x != y, x < 10, x <= 9, x >= 0, x > -1, x = x.
    node(n) :- n = count : { edge(_, _) }, n > 3.
    node(n) :- n = count : edge(_, _).
    agg("total", s) :- s = sum v : { w(_, v) }.
    agg("lo", m) :- m = min v : { w(_, v) }.
    agg("hi", m) :- m = max v : { w(_, v) }.
    agg("avg", m) :- m = mean v : { w(_, v) }.
    agg("med", m) :- m = median v : { w(_, v) }.
    agg("mode", m) :- m = mode v : { w(_, v) }.
    agg("sd", m) :- m = stddev v : { w(_, v) }.
    p(s) :- node(x), s = cat("n", to_string(x)), strlen(s) > 1, contains("n", s), match("n[0-9]+", s).
    u(x) :- x = 3u.
    node(x) :- x = (1 + 2) * 3 - 4 / 2 % 3 ^ 2, x = -x + 0x10 - 0b11.
    w("f", f) :- f = 2.5 * to_float(3), f < 113.0.
    p(s) :- p(t), s = substr(t, 0, 1), t = "\"\\\n\t".
  )");
}

TEST_CASE("a float needs digits on both sides of the point", "[syntax]") {
  // `113.` is the number 113 followed by a full stop.
  auto db = test::evaluate(".decl n(x: number)\nn(113).\n.output n\n");
  CHECK(test::rows_text(db, "n") == "113\n");
}

TEST_CASE("syntax errors name file:line:column, quote the line and put a caret", "[syntax]") {
  SECTION("missing full stop") {
    auto e = test::parse_errors(".decl a(x: number)\na(1)\n");
    CHECK_THAT(e, Contains("test.dl:2:5: error: expected '.' ending the clause"));
  }
  SECTION("caret under the spot") {
    auto e = test::parse_errors(".decl a(x: number)\na(x) :- a(x) a(x).\n");
    CHECK_THAT(e, Contains("test.dl:2:14: error: expected '.'"));
    CHECK_THAT(e, Contains("    2 | a(x) :- a(x) a(x).\n      |              ^"));
  }
  SECTION("unterminated string") {
    auto e = test::parse_errors(".decl a(x: symbol)\na(\"abc).\n");
    CHECK_THAT(e, Contains("test.dl:2:9: error: expected '\"' closing the string"));
  }
  SECTION("unterminated block comment") {
    auto e = test::parse_errors(".decl a(x: number)\n/* never closed\na(1).\n");
    CHECK_THAT(e, Contains("test.dl:2:1: error: this block comment is never closed"));
  }
  SECTION("bad escape") {
    auto e = test::parse_errors(".decl a(x: symbol)\na(\"a\\qb\").\n");
    CHECK_THAT(e, Contains("test.dl:2:6: error: expected an escape"));
  }
  SECTION("stray character") {
    auto e = test::parse_errors(".decl a(x: number)\n@\n");
    CHECK_THAT(e, Contains("test.dl:2:1: error: expected a declaration, a fact, a rule or a directive"));
  }
  SECTION("declaration missing its type") {
    auto e = test::parse_errors(".decl a(x)\n");
    CHECK_THAT(e, Contains("test.dl:1:10: error: expected ':'"));
  }
  SECTION("bytes that are not UTF-8") {
    auto e = test::parse_errors(".decl a(x: symbol)\na(\"\xff\").\n");
    CHECK_THAT(e, Contains("test.dl:2:4: error: this byte is not valid UTF-8"));
  }
}
