// Evaluation: each Layer 1 construct gives the hand-computed rows.
#include <map>
#include <random>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "eval/engine.hpp"
#include "support.hpp"

using namespace kz;
using test::evaluate;
using test::rows_text;

TEST_CASE("recursion reaches the least fixpoint with set semantics", "[eval]") {
  auto db = evaluate(R"(
    .decl e(a: number, b: number)
    .decl p(a: number, b: number)
    e(1, 2). e(2, 3). e(3, 1). e(1, 2).
    p(x, y) :- e(x, y).
    p(x, z) :- p(x, y), e(y, z).
  )");
  CHECK(db.size("e") == 3);
  CHECK(db.size("p") == 9);  // a 3-cycle: everything reaches everything
}

TEST_CASE("mutual recursion in one stratum", "[eval]") {
  auto db = evaluate(R"(
    .decl n(x: number)
    .decl even(x: number)
    .decl odd(x: number)
    n(0). n(1). n(2). n(3). n(4).
    even(0).
    odd(y) :- even(x), n(y), y = x + 1.
    even(y) :- odd(x), n(y), y = x + 1.
  )");
  CHECK(rows_text(db, "even") == "0\n2\n4\n");
  CHECK(rows_text(db, "odd") == "1\n3\n");
}

TEST_CASE("comparisons and arithmetic follow Soufflé's precedence", "[eval]") {
  auto db = evaluate(R"(
    .decl r(x: number)
    r(x) :- x = 2 ^ 3 ^ 2 % 7 + -3 * 2.
    r(x) :- x = (7 / 2) + (-7 / 2) + (7 % 3).
  )");
  // 2^(3^2)=512, 512%7=1, 1-6=-5;  3 + -3 + 1 = 1
  CHECK(rows_text(db, "r") == "-5\n1\n");
}

TEST_CASE("aggregates over no tuples", "[eval]") {
  auto db = evaluate(R"(
    .decl r(x: number)
    .decl c(n: number)
    .decl s(n: number)
    .decl m(n: number)
    .decl a(n: float)
    c(n) :- n = count : { r(_) }.
    s(n) :- n = sum x : { r(x) }.
    m(n) :- n = max x : { r(x) }.
    a(n) :- n = mean x : { r(x) }.
  )");
  CHECK(rows_text(db, "c") == "0\n");
  CHECK(rows_text(db, "s") == "0\n");
  CHECK(db.size("m") == 0);  // no result: the rule does not fire
  CHECK(db.size("a") == 0);
}

TEST_CASE("an aggregate counts tuples, not distinct values", "[eval]") {
  auto db = evaluate(R"(
    .decl r(a: symbol, k: number)
    .decl s(n: number)
    .decl med(m: float)
    r("x", 2). r("y", 2). r("z", 3). r("w", 5).
    s(n) :- n = sum k : { r(_, k) }.
    med(m) :- m = median k : { r(_, k) }.
  )");
  CHECK(rows_text(db, "s") == "12\n");
  CHECK(rows_text(db, "med") == "2.5\n");  // even count: mean of the two middle values
}

TEST_CASE("date functors compute tenure in years", "[eval]") {
  auto db = evaluate(R"(
    .decl term(p: symbol, start: symbol, end: symbol)
    .decl tenure(p: symbol, years: float, y: number, days: number)
    term("Braun", "1992-02", "1997-07").
    term("Musin", "1995-09-01", "2002-04-15").
    tenure(p, t, y, d) :- term(p, s, e), t = years_between(s, e), y = year(e), d = days_between(s, e).
  )");
  CHECK(rows_text(db, "tenure") == "Braun\t5.41666667\t1997\t1977\nMusin\t6.58333333\t2002\t2418\n");
}

TEST_CASE("runtime errors name the expression", "[eval]") {
  Database db(test::must_parse(".decl a(x: number)\n.decl b(x: number)\nb(0).\na(y) :- b(x), y = 10 / x.\n"));
  try {
    db.evaluate();
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    CHECK_THAT(render(e.diagnostics()), Catch::Matchers::Contains("test.dl:4:19: error: division by zero"));
  }
  // A malformed pattern warns, and neither match nor !match holds, as in Soufflé (W0007);
  // under --strict it is an error.
  Database bad_regex(test::must_parse(".decl a(x: symbol)\n.decl b(x: symbol)\na(\"s\") :- match(\"(\", \"s\").\n"
                                      "b(\"s\") :- !match(\"(\", \"s\").\n"));
  bad_regex.evaluate();
  CHECK(bad_regex.size("a") == 0);
  CHECK(bad_regex.size("b") == 0);
  REQUIRE(bad_regex.warnings().size() == 1);  // once a pattern: it is compiled once
  CHECK(bad_regex.warnings()[0].code == "W0007");
  CHECK_THAT(render(bad_regex.warnings()), Catch::Matchers::Contains("test.dl:3:") &&
                                               Catch::Matchers::Contains("neither match() nor !match() holds"));
  ParseOptions strict;
  strict.strict = true;
  auto parsed = parse_string(".decl a(x: symbol)\na(\"s\") :- match(\"(\", \"s\").\n", "test.dl", strict);
  REQUIRE(parsed.ok());
  Database strict_regex(*parsed.program);
  CHECK_THROWS_WITH(strict_regex.evaluate(), Catch::Matchers::Contains("an error under --strict"));
  // substr out of range: "" and W0008.
  Database substr(test::must_parse(".decl a(x: symbol)\na(substr(\"12\", 22, 12)).\na(substr(\"12\", 0, 1)).\n"));
  substr.evaluate();
  CHECK(test::rows_text(substr, "a") == "\n1\n");
  REQUIRE(substr.warnings().size() == 1);
  CHECK(substr.warnings()[0].code == "W0008");
  Database overflow(test::must_parse(".decl a(x: number)\na(x) :- x = 9223372036854775807 + 1.\n"));
  CHECK_THROWS_WITH(overflow.evaluate(), Catch::Matchers::Contains("integer overflow"));
}

TEST_CASE("wrapping integers (--wrap-integers): arithmetic wraps at 64 bits as Soufflé's does", "[eval]") {
  // Each overflow the default refuses with E0402, once per rule, so that a rule left
  // unwrapped by mistake shows as its own failure.
  const std::string program = R"(
    .decl r(what: symbol, x: number)
    .decl u(what: symbol, x: unsigned)
    .decl s(x: number)
    s(9223372036854775807). s(1).
    r("add", x) :- x = 9223372036854775807 + 1.
    r("sub", x) :- x = -9223372036854775807 - 2.
    r("mul", x) :- x = 4611686018427387904 * 4.
    r("pow", x) :- x = 3 ^ 41.
    r("neg", x) :- x = -(-9223372036854775807 - 1).
    r("div", x) :- m = -9223372036854775807 - 1, x = m / -1.
    r("abs", x) :- x = abs(-9223372036854775807 - 1).
    r("sum", x) :- x = sum y : { s(y) }.
    u("sub", x) :- x = 0u - 1u.
    u("add", x) :- x = 18446744073709551615u + 2u.
    u("mul", x) :- x = 4294967296u * 4294967296u.
  )";
  ParseOptions wrap;
  wrap.wrap_integers = true;
  auto parsed = parse_string(program, "wrap.dl", wrap);
  REQUIRE(parsed.ok());
  Database db(*parsed.program);
  db.evaluate();
  CHECK(test::rows_text(db, "r") ==
        "abs\t-9223372036854775808\n"
        "add\t-9223372036854775808\n"
        "div\t-9223372036854775808\n"
        "mul\t0\n"
        "neg\t-9223372036854775808\n"
        "pow\t-420491770248316829\n"  // 3^41 mod 2^64, as a signed word
        "sub\t9223372036854775807\n"
        "sum\t-9223372036854775808\n");
  CHECK(test::rows_text(db, "u") == "add\t1\nmul\t0\nsub\t18446744073709551615\n");
  // Without the option each of those rules stops the evaluation.
  for (const char* rule : {"r(\"add\", x) :- x = 9223372036854775807 + 1.", "r(\"pow\", x) :- x = 3 ^ 41.",
                           "r(\"div\", x) :- m = -9223372036854775807 - 1, x = m / -1.",
                           "u(\"sub\", x) :- x = 0u - 1u.", "r(\"sum\", x) :- x = sum y : { s(y) }."}) {
    INFO(rule);
    Database strict(test::must_parse(".decl r(what: symbol, x: number)\n.decl u(what: symbol, x: unsigned)\n"
                                     ".decl s(x: number)\ns(9223372036854775807). s(1).\n" +
                                     std::string(rule) + "\n"));
    CHECK_THROWS_WITH(strict.evaluate(), Catch::Matchers::Contains("integer overflow"));
  }
  // Division by zero is no overflow: it stays an error.
  auto by_zero = parse_string(".decl r(x: number)\nr(x) :- x = 1 / 0.\n", "zero.dl", wrap);
  REQUIRE(by_zero.ok());
  Database zero(*by_zero.program);
  CHECK_THROWS_WITH(zero.evaluate(), Catch::Matchers::Contains("division by zero"));
}

TEST_CASE("release_intermediate frees what no later stratum reads and keeps outputs, counts and claims'", "[eval]") {
  const std::string program = R"(
    .hypothesis h "x"
    .decl e(x: number, y: number)
    .decl path(x: number, y: number)
    .decl far(x: number)
    .decl unused(x: number)
    .decl counted(n: number)
    .decl seen(x: number)
    .output far
    .printsize counted
    e(1, 2). e(2, 3). e(3, 4). e(4, 5).
    path(x, y) :- e(x, y).
    path(x, z) :- path(x, y), e(y, z).
    far(x) :- path(x, y), y >= x + 3.
    unused(x) :- e(x, _).
    counted(n) :- n = count : { far(_) }.
    seen(x) :- e(x, _).
    .claim c "x" exists { seen(1) } supports h as straw_in_the_wind.
  )";
  Database kept(test::must_parse(program));
  kept.evaluate();
  Database freed(test::must_parse(program));
  EvalOptions options;
  options.release_intermediate = true;
  freed.evaluate(options);
  CHECK(test::rows_text(freed, "far") == test::rows_text(kept, "far"));
  CHECK(test::rows_text(freed, "far") == "1\n2\n");
  CHECK(test::rows_text(freed, "counted") == "2\n");
  CHECK(freed.contains("seen", {std::int64_t{1}}));  // a claim reads it
  for (const char* gone : {"e", "path", "unused"}) {
    INFO(gone);
    CHECK_THROWS_WITH(freed.size(gone), Catch::Matchers::Contains("was freed after its last use"));
    CHECK(kept.size(gone) > 0);
  }
  // Provenance needs every relation: the option is ignored.
  Database proved(test::must_parse(program));
  options.record_provenance = true;
  proved.evaluate(options);
  CHECK(proved.size("path") == kept.size("path"));
}

TEST_CASE("release_intermediate lets sets go after their last use and builds indexes at their first", "[eval]") {
  // Relations derived early and tested by their set, or looked up by an index, only strata
  // later; facts looked up by index late; an output tested after its stratum.
  const std::string rules = R"(
    .decl e(x: number, y: number)
    .decl node(x: number)
    .input e
    .decl path(x: number, y: number)
    .decl hop2(x: number, y: number)
    .decl blocked(x: number)
    .decl open(x: number, y: number)
    .decl late(x: number, n: number)
    .decl last(x: number, y: number)
    .output open
    .output late
    .output last
    node(x) :- e(x, _).
    node(y) :- e(_, y).
    path(x, y) :- e(x, y).
    path(x, z) :- path(x, y), e(y, z).
    hop2(x, z) :- e(x, y), e(y, z).
    blocked(y) :- node(y), !path(y, y), y > 3.
    open(x, y) :- hop2(x, y), !blocked(y).
    late(x, n) :- node(x), n = count : { path(x, _) }.
    last(x, y) :- open(x, y), path(y, x), e(y, _), !hop2(y, x).
  )";
  for (unsigned seed = 1; seed <= 8; ++seed) {
    INFO("seed " << seed);
    std::mt19937 random(seed);
    std::string facts;
    for (int i = 0; i < 60; ++i) facts += fmt::format("e({}, {}).\n", random() % 25, random() % 25);
    Database kept(test::must_parse(rules + facts));
    kept.evaluate();
    Database freed(test::must_parse(rules + facts));
    EvalOptions options;
    options.release_intermediate = true;
    freed.evaluate(options);
    for (const char* output : {"open", "late", "last"}) {
      INFO(output);
      CHECK(test::rows_text(freed, output) == test::rows_text(kept, output));
    }
    // An output's set was let go after its stratum; a test builds it again.
    for (std::int64_t x = 0; x < 25; ++x)
      for (std::int64_t y = 0; y < 25; ++y) CHECK(freed.contains("open", {x, y}) == kept.contains("open", {x, y}));
  }
}

TEST_CASE("a program that never stops ends at the tuple limit", "[eval]") {
  Database db(test::must_parse(".decl n(x: number)\nn(0).\nn(x + 1) :- n(x).\n"));
  EvalOptions options;
  options.max_tuples = 10000;
  try {
    db.evaluate(options);
    FAIL("expected the tuple limit");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::resource_limit);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("--max-tuples"));
  }
}

TEST_CASE("facts from code and rows back as typed values", "[eval][api]") {
  Database db(test::must_parse(R"(
    .decl person(name: symbol, born: number, height: float, id: unsigned)
    .decl tall(name: symbol)
    tall(n) :- person(n, _, h, _), h > 1.8.
  )"));
  db.add_fact("person", {std::string("Ann"), std::int64_t{1960}, 1.85, std::uint64_t{7}});
  db.add_fact("person", {std::string("Bob"), std::int64_t{1970}, std::int64_t{1}, std::uint64_t{8}});
  CHECK_THROWS_AS(db.add_fact("person", {std::string("x")}), Error);
  CHECK_THROWS_AS(db.add_fact("nobody", {}), Error);
  db.evaluate();
  auto rows = db.rows("tall");
  REQUIRE(rows.size() == 1);
  CHECK(std::get<std::string>(rows[0][0]) == "Ann");
  CHECK(db.contains("person", {std::string("Bob"), std::int64_t{1970}, 1.0, std::uint64_t{8}}));
}

TEST_CASE("contains looks up without adding symbols", "[eval][api]") {
  auto db = test::evaluate(".decl p(x: symbol)\np(\"a\").\n.hypothesis h \"the text\" source \"the source\"\n");
  CHECK(db.contains("p", {std::string("a")}));
  CHECK_FALSE(db.contains("p", {std::string("never seen")}));
  CHECK_FALSE(api::engine_of(db).symbols().find("never seen"));
  auto hypotheses = db.program().hypotheses();
  REQUIRE(hypotheses.size() == 1);
  CHECK(hypotheses[0].source == "the source");
}

TEST_CASE("rules whose solutions differ skip deduplication only when that is safe", "[eval]") {
  // pair's first rule gives distinct tuples (both columns in the head) into an empty
  // relation; its second rule repeats some of them and must be deduplicated against
  // them. proj drops a column, so its solutions repeat.
  auto db = evaluate(R"(
    .decl n(x: number)
    .decl m(x: number, y: number)
    .decl pair(x: number, y: number)
    .decl proj(x: number)
    .decl keyed(x: number, y: number)
    n(1). n(2). n(3).
    m(1, 10). m(1, 11). m(2, 10).
    pair(x, y) :- n(x), n(y), x < y.
    pair(x, y) :- n(x), n(y), x != y.
    proj(x) :- m(x, _).
    keyed(x, y) :- n(x), m(x, y), !pair(x, 3).
  )");
  CHECK(rows_text(db, "pair") == "1\t2\n1\t3\n2\t1\n2\t3\n3\t1\n3\t2\n");
  CHECK(rows_text(db, "proj") == "1\n2\n");
  CHECK(rows_text(db, "keyed") == "");
  CHECK(db.contains("pair", {std::int64_t{3}, std::int64_t{2}}));
  CHECK_FALSE(db.contains("pair", {std::int64_t{2}, std::int64_t{2}}));
}

TEST_CASE("the planner knows which rule bodies give distinct head tuples", "[eval][plan]") {
  auto program = test::must_parse(R"(
    .decl a(x: number, y: number)
    .decl b(x: number, y: number)
    .decl r1(x: number, y: number)
    .decl r2(x: number, z: number)
    .decl r3(x: number)
    .decl r4(x: number, y: number)
    .decl r5(x: number, y: number)
    .decl r6(x: number)
    r1(x, y) :- a(x, y), !b(x, y).
    r2(x, z) :- a(x, y), b(y, z).
    r3(x) :- a(x, _).
    r4(x, y) :- a(x, y), b(y, x).
    r5(y, x) :- a(x, x), b(x, y).
    r6(n) :- n = count : { a(_, _) }.
  )");
  const auto& model = api::model_of(program);
  std::map<std::string, bool> distinct;
  for (const auto& stratum : api::plan_of(program).strata)
    for (const auto& rp : stratum.initial)
      distinct[model.relations[model.rules[rp.rule].head].name] = rp.distinct;
  CHECK(distinct.at("r1"));
  CHECK_FALSE(distinct.at("r2"));  // y is not in the head
  CHECK_FALSE(distinct.at("r3"));  // the wildcard column is not in the head
  CHECK(distinct.at("r4"));        // b is a lookup on both columns
  CHECK(distinct.at("r5"));        // a's second column repeats x
  CHECK(distinct.at("r6"));        // an aggregate yields one solution
}

TEST_CASE("a delta atom with every column bound looks the delta up", "[eval]") {
  // In the version of the recursive rule where p(0, 1) reads the delta, the lookup must
  // know which rows are in the delta: a packed set keeps no row ids and is turned into
  // one that does.
  auto db = evaluate(R"(
    .decl e(x: number, y: number)
    .decl p(x: number, y: number)
    e(0, 1). e(1, 2). e(2, 3). e(3, 4).
    p(x, y) :- e(x, y).
    p(x, z) :- p(x, y), e(y, z), p(0, 1).
  )");
  CHECK(db.size("p") == 10);
  CHECK(db.contains("p", {std::int64_t{0}, std::int64_t{4}}));
}
