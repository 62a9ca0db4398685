// Soufflé's dialect beyond the core that its own programs use (issue 17): pragmas and
// plans, several relations in one .decl, the infix and prefix operator words, true and
// false, the bare .type, and a negated bracketed body. Each runs and gives Soufflé's rows.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

TEST_CASE("pragmas and plans are read and set aside", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.pragma "magic-transform" "*"
.pragma "legacy"
.decl e(x: number, y: number)
.decl p(x: number, y: number)
e(1, 2). e(2, 3).
p(x, y) :- e(x, y).
p(x, z) :- p(x, y), e(y, z).
.plan 0:(1,2), 1:(2,1)
)");
  CHECK(test::rows_text(db, "p") == "1\t2\n1\t3\n2\t3\n");
  // A plan or pragma cut short is a located syntax error, not a C++ type in a message.
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(1).\n.plan 0:(1,\n"), Contains("test.dl:3:") && Contains("E0001"));
  CHECK_THAT(test::parse_errors(".pragma\n"), Contains("expected pragma"));
}

TEST_CASE("one .decl may declare several relations alike", "[syntax][souffle]") {
  auto db = test::evaluate(".decl a, b, c(x: number)\na(1). b(2).\nc(x) :- a(x) ; b(x).\n");
  CHECK(test::rows_text(db, "c") == "1\n2\n");
  CHECK_THAT(test::parse_errors(".decl a, a(x: number)\n"), Contains("declared twice"));
}

TEST_CASE("Soufflé's operator words, with Soufflé's precedence", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl r(name: symbol, v: number)
r("band", 12 band 10).
r("bor", 12 bor 3).
r("bxor", 12 bxor 10).
r("bshl", 1 bshl 4).
r("bshr", -16 bshr 2).
r("bshru", -1 bshru 60).
r("bnot", bnot 0).
r("land", 3 land 0).
r("lor", 0 lor 7).
r("lxor", 1 lxor 1).
r("lnot", lnot 5).
r("shift over plus", 1 bshl 2 + 1).
r("band over bor", 1 bor 6 band 3).
r("land over lor", 1 lor 0 land 0).
r("left to right", 100 bshr 2 bshr 1).
r("call form", band(6, 3)).
)");
  CHECK(test::rows_text(db, "r") ==  // rows in symbol order
        "band\t8\nband over bor\t3\nbnot\t-1\nbor\t15\nbshl\t16\nbshr\t-4\nbshru\t15\nbxor\t6\n"
        "call form\t2\nland\t0\nland over lor\t1\nleft to right\t12\nlnot\t0\nlor\t1\nlxor\t0\n"
        "shift over plus\t8\n");
  // In a rule body, as a filter.
  auto filtered = test::evaluate(".decl n(x: number)\n.decl odd(x: number)\nn(1). n(2). n(3).\n"
                                 "odd(x) :- n(x), x band 1 = 1.\n");
  CHECK(test::rows_text(filtered, "odd") == "1\n3\n");
}

TEST_CASE("true and false are literals", "[syntax][souffle]") {
  auto db = test::evaluate(".decl a()\n.decl b()\n.decl c(x: number)\na() :- true.\nb() :- false.\n"
                           "c(1) :- true, true.\n");
  CHECK(db.rows("a").size() == 1);
  CHECK(db.rows("b").empty());
  // The literal is placed at its word: why-not quotes it.
  Database traced(test::must_parse(".decl b()\n.decl c(x: number)\nc(1).\nb() :- c(1),   false.\n"));
  EvalOptions provenance;
  provenance.record_provenance = true;
  traced.evaluate(provenance);
  CHECK_THAT(render_explanation(explain_atom(traced, "b()")), Contains("fails at: false"));
  CHECK(test::rows_text(db, "c") == "1\n");
}

TEST_CASE("the bare .type is a subtype of symbol", "[syntax][souffle]") {
  auto db = test::evaluate(".type Name\n.decl n(x: Name)\nn(\"ada\").\n");
  CHECK(test::rows_text(db, "n") == "ada\n");
  CHECK_THAT(test::parse_errors(".type T 3\n"), Contains("expected '<:' or '='"));
}

TEST_CASE("a negated bracketed body", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl a(x: number)
.decl b(x: number)
.decl d(x: number)
.decl neither(x: number)
.decl not_both(x: number)
.decl small_or_b(x: number)
a(1). a(2). a(3). a(4).
b(2). b(4). d(3). d(4).
neither(x) :- a(x), !(b(x) ; d(x)).
not_both(x) :- a(x), !(b(x), d(x)).
small_or_b(x) :- a(x), !(x >= 2, !b(x)).
)");
  CHECK(test::rows_text(db, "neither") == "1\n");
  CHECK(test::rows_text(db, "not_both") == "1\n2\n3\n");
  CHECK(test::rows_text(db, "small_or_b") == "1\n2\n4\n");
}

TEST_CASE("Soufflé's functor behaviours: -0.0, min and max of many, + on symbols, to_string, to_number",
          "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl f(x: float)
.decl zero_equal(x: float)
.decl zero_joined(x: float)
f(0.0).
zero_equal(x) :- f(x), x = -0.0.
zero_joined(x) :- f(x), f(-0.0 * 1.0), x = x.
.decl m(lo: number, hi: number, flo: float)
m(min(4, 2, 9, 3), max(4, 2, 9, 3), min(2.5, -1.5, 0.5)).
.decl s(x: symbol)
s("ab" + "cd").
s(to_string(3.14)).
s(to_string(2)).
.decl n(x: number)
n(to_number("0xcafe")).
n(to_number("-0x10")).
n(to_number("0b101")).
n(to_number("42")).
)");
  CHECK(test::rows_text(db, "zero_equal") == "0\n");  // was empty: -0.0 compared by its bits
  CHECK(test::rows_text(db, "zero_joined") == "0\n");
  CHECK(test::rows_text(db, "m") == "2\t9\t-1.5\n");
  CHECK(test::rows_text(db, "s") == "2\n3.140000\nabcd\n");
  CHECK(test::rows_text(db, "n") == "-16\n5\n42\n51966\n");
  CHECK_THAT(test::parse_errors(".decl n(x: number)\nn(min(1)).\n"), Contains("min"));
  Database bad(test::must_parse(".decl n(x: number)\nn(to_number(\"0xz\")).\n"));
  CHECK_THROWS_AS(bad.evaluate(), Error);
}

TEST_CASE("an atom's argument may be computed from variables the atom itself binds", "[syntax][souffle]") {
  // Soufflé's catalan: choose(2*n, n, c). It was E0107: n is bound by the same atom.
  const char* program = R"(.decl choose(n: number, k: number, c: number)
choose(2, 1, 2). choose(4, 2, 6). choose(6, 3, 20). choose(6, 2, 15). choose(5, 3, 10).
.decl central(n: number, c: number)
central(n, c) :- choose(2*n, n, c).
.decl doubled_key(k: number)
doubled_key(k) :- choose(n, k, _), choose(n, k, k * 3).
)";
  auto db = test::evaluate(program);
  CHECK(test::rows_text(db, "central") == "1\t2\n2\t6\n3\t20\n");
  CHECK(test::rows_text(db, "doubled_key") == "2\n");  // bound by then: a key, as before
  // The plan shows the check on each row.
  auto parsed = parse_string(program, "catalan.dl");
  REQUIRE(parsed.ok());
  CHECK_THAT(show(*parsed.program, Stage::plan), Contains("scan choose bind[1->n#0, 2->c#1] check[0=(2 * n#0)"));
}

TEST_CASE("negations may repeat, and an aggregate's result name is its own inside it", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl u(x: number)
.decl b(x: number)
.decl d(x: number)
.decl thrice(x: number)
.decl twice(x: number)
u(1). u(2). u(3). b(2). d(3).
thrice(x) :- u(x), !!!(b(x) ; d(x)).
twice(x) :- u(x), !!(b(x) ; d(x)).
.decl a(name: symbol, v: number)
a("p", 1). a("q", 5). a("r", 2).
.decl low(y: number)
low(y) :- y = min z + y : { a(m, z), a(n, y), m != n }.
.decl top(a: number)
top(a) :- a = max a : a(_, a).
)");
  CHECK(test::rows_text(db, "thrice") == "1\n");
  CHECK(test::rows_text(db, "twice") == "2\n3\n");
  // min over z + y of two different names' values: 1 + 2.
  CHECK(test::rows_text(db, "low") == "3\n");
  CHECK(test::rows_text(db, "top") == "5\n");
  // Named by another literal too, the result name is a grouping key, as before.
  auto perfect = test::evaluate(R"(.decl gen(x: number)
gen(1).
gen(x + 1) :- gen(x), x < 30.
.decl factor(x: number, f: number)
factor(x, f) :- gen(f), gen(x), x % f = 0, x != f.
.decl perfect(x: number)
perfect(x) :- gen(x), x = sum f : factor(x, f).
)");
  CHECK(test::rows_text(perfect, "perfect") == "6\n28\n");
}

TEST_CASE("range generates each value from one end towards the other", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl up(x: number)
up(x) :- x = range(1, 5).
.decl down(x: number)
down(x) :- x = range(9, 5).
.decl stepped(x: number)
stepped(x) :- range(10, 0, -4) = x.
.decl wrong_way(x: number)
wrong_way(x) :- x = range(9, 0, 1).
.decl halves(x: float)
halves(x) :- x = range(1.5, -0.6, -0.5).
.decl quarters(x: float)
quarters(x) :- x = range(-1, 0, 0.25).
.decl pairs(x: number, y: number)
pairs(x, y) :- x = range(0, 3), y = range(x, 3), x + y = 3.
.decl n(x: number)
n(1). n(2). n(3). n(4).
.decl inside(x: number)
inside(x) :- n(x), x = range(2, 4).
.decl evens(c: number)
evens(c) :- c = count : { i = range(0, 10), i % 2 = 0 }.
.decl flag(x: number)
flag(1) :- x = range(0, 1000000), x = 7.
.decl still(x: number)
still(x) :- x = range(5, 1, 0).
.decl counted(x: number, y: number)
counted(x, y) :- 2 = count : { n(z), z <= y }, x = range(1, 3), y = x.
)");
  CHECK(test::rows_text(db, "up") == "1\n2\n3\n4\n");
  CHECK(test::rows_text(db, "down") == "6\n7\n8\n9\n");
  CHECK(test::rows_text(db, "stepped") == "2\n6\n10\n");
  CHECK(test::rows_text(db, "wrong_way").empty());
  CHECK(test::rows_text(db, "halves") == "-0.5\n0\n0.5\n1\n1.5\n");
  CHECK(test::rows_text(db, "quarters") == "-1\n-0.75\n-0.5\n-0.25\n");
  CHECK(test::rows_text(db, "pairs") == "1\t2\n");
  CHECK(test::rows_text(db, "inside") == "2\n3\n");
  CHECK(test::rows_text(db, "evens") == "5\n");
  CHECK(test::rows_text(db, "flag") == "1\n");
  CHECK(test::rows_text(db, "still") == "5\n");  // a step of 0 gives `from` alone
  // `1 = count : {...}` first gives the result slot its value; the aggregate then checks it.
  CHECK(test::rows_text(db, "counted") == "2\t2\n");  // it overwrote the 2 before
  // Anywhere but alone beside '=' it has no single value.
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(range(1, 3)).\n"), Contains("range(...) gives several values"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(x) :- a(y), x = range(1, 3) + y.\n"),
             Contains("range(...) gives several values"));
}

TEST_CASE("a .decl without a name says a relation name was expected", "[syntax][souffle]") {
  // fuzz_parser: the list of names was an unnamed X3 parser, so the message was its
  // mangled C++ type.
  const std::string errors = test::parse_errors(".decl { closure }\n");
  CHECK_THAT(errors, Contains("expected relation name"));
  CHECK_THAT(errors, !Contains("boost"));
}

TEST_CASE(".include reads a file beside the including one, each file once", "[syntax][souffle]") {
  test::TempDir dir;
  test::write_text(dir.path() / "main.dl", ".include \"parts/edges.dl\"\n.decl path(a: number, b: number)\n"
                                           "path(x, y) :- edge(x, y).\npath(x, z) :- path(x, y), edge(y, z).\n");
  // It includes the main file back, and a sibling twice: each is read once.
  test::write_text(dir.path() / "parts" / "edges.dl",
                   ".once\n.include \"../main.dl\"\n.include \"more.dl\"\n.include \"more.dl\"\n"
                   ".decl edge(a: number, b: number)\nedge(1, 2).\n");
  test::write_text(dir.path() / "parts" / "more.dl", "edge(2, 3).\n");
  auto parsed = parse_path(dir.path() / "main.dl");
  INFO(render(parsed.diagnostics));
  REQUIRE(parsed.ok());
  Database db(*parsed.program);
  db.evaluate();
  CHECK(test::rows_text(db, "path") == "1\t2\n1\t3\n2\t3\n");

  // A file that is not there, at the name as written.
  test::write_text(dir.path() / "broken.dl", ".decl a(x: number)\n.include \"missing.dl\"\n");
  auto broken = parse_path(dir.path() / "broken.dl");
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(render(broken.diagnostics), Contains("broken.dl:2:10") && Contains("cannot include \"missing.dl\"") &&
                                             Contains("E0301"));
  // Text in memory has no folder to include from.
  CHECK_THAT(test::parse_errors(".include \"x.dl\"\n"), Contains("'.include' reads a file") && Contains("E0007"));
}

TEST_CASE("as(x, T) reads a value as a type of the same kind", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.type Name <: symbol
.type Short <: Name
.decl a(x: symbol)
.decl b(x: Short)
.decl f(x: float)
a("ada").
b(as(x, Short)) :- a(x).
f(as(2, float)).
)");
  CHECK(test::rows_text(db, "b") == "ada\n");
  CHECK(test::rows_text(db, "f") == "2\n");
  CHECK_THAT(test::parse_errors(".decl a(x: number)\na(as(1, nosuchtype)).\n"), Contains("as(x, T) takes"));
  // Across kinds it is a type clash, not bits read as another kind.
  CHECK_THAT(test::parse_errors(".decl a(x: symbol)\n.decl n(x: number)\nn(1).\na(as(x, symbol)) :- n(x).\n"),
             Contains("type clash"));
}

TEST_CASE("an IPv4 literal is its 32-bit number, as Soufflé reads it", "[syntax][souffle]") {
  auto db = test::evaluate(".decl ip(n: number)\nip(0.0.0.1). ip(1.0.0.1). ip(10.10.10.10). ip(255.255.255.255).\n"
                           ".decl f(x: float)\nf(1.5).\n");
  CHECK(test::rows_text(db, "ip") == "-1\n1\n16777217\n168430090\n");
  CHECK(test::rows_text(db, "f") == "1.5\n");  // one dot is still a float
  CHECK_THAT(test::parse_errors(".decl ip(n: number)\nip(1.2.3.256).\n"), Contains("no IPv4 address"));
}

TEST_CASE("min and max of symbols order them by their bytes", "[syntax][souffle]") {
  auto db = test::evaluate(".decl r(a: symbol, b: symbol)\nr(x, y) :- x = max(\"b\", \"bb\", \"a\"), y = min(\"a3\", \"a2\", \"b\").\n");
  CHECK(test::rows_text(db, "r") == "bb\ta2\n");
  // Other numeric functors still refuse symbols.
  CHECK_THAT(test::parse_errors(".decl r(a: symbol)\nr(x) :- x = abs(\"a\").\n"), Contains("E0106"));
}

TEST_CASE("a variable only a min or max binds is its witness, every tie giving a row", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl student(name: symbol, height: number)
.decl tallest(name: symbol, height: number)
.decl shortest_pair(a: number, b: number, s: number)
.decl d(x: number, y: number)
.decl some_min(x: number, y: number)
student("anna", 170). student("rachel", 177). student("quarantina", 180). student("tie", 180).
tallest(s, h) :- h = max x : { student(s, x) }.
d(1, 2). d(5, 6). d(-50, 3). d(54, 5).
shortest_pair(a, b, s) :- s = min w : { d(a, b), w = a + b }.
some_min(x, y) :- _ = min x + y : { d(x, y) }.
)");
  CHECK(test::rows_text(db, "tallest") == "quarantina\t180\ntie\t180\n");
  CHECK(test::rows_text(db, "shortest_pair") == "-50\t3\t-47\n");
  CHECK(test::rows_text(db, "some_min") == "-50\t3\n");
  // A sum or count has no witness: a variable only it binds is still unbound.
  CHECK_THAT(test::parse_errors(".decl d(x: number, y: number)\n.decl r(x: number, n: number)\n"
                                "r(x, n) :- n = sum y : { d(x, y) }.\n"),
             Contains("E0107"));
}

TEST_CASE("expression arguments that bind each other's variables are read", "[syntax][souffle]") {
  // The first atom needs x for x - 1 and only the second binds x; the second needs y,
  // which only the first binds.
  auto db = test::evaluate(R"(.decl e(a: number, b: number)
.decl r(x: number, y: number)
e(1, 5). e(4, 2). e(6, 3). e(3, 7).
r(x, y) :- e(x - 1, y), e(y - 1, x).
)");
  // (2, 5) from e(1, 5) and e(4, 2); (5, 2) from e(4, 2) and e(1, 5); not (7, 3): no e(2, 7).
  CHECK(test::rows_text(db, "r") == "2\t5\n5\t2\n");
  // A rule the planner can order as written keeps its plan: no variable is added.
  const Program plain = test::must_parse(".decl e(a: number, b: number)\n.decl r(x: number)\n"
                                         "r(x) :- e(x, y), e(y + 1, _).\n");
  CHECK_THAT(show(plain, Stage::plan), !Contains("<argument"));
}

TEST_CASE("autoinc() counts from 0, a new value each time a rule's row is made", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl a(x: number)
.decl b(id: number, x: number)
.decl pairs(i: number, j: number)
.decl three(x: number)
a(10). a(20). a(30).
b(autoinc(), x) :- a(x).
pairs(i, j) :- b(c, i), b(c, j), i != j.
.decl one(x: number)
one(1).
three(autoinc()) :- one(1).
three(autoinc()) :- one(1).
three(autoinc()) :- one(1).
)");
  // Every row of a gets its own id: no two rows share one.
  CHECK(db.size("b") == 3);
  CHECK(db.size("pairs") == 0);
  // Three rules, each run once: three values.
  CHECK(db.size("three") == 3);
  // The SQL backend has no counter in evaluation order: a clear refusal.
  if (postgresql_available())
    CHECK_THROWS_WITH(sql_script(test::must_parse(".decl r(x: number)\n.decl s(x: number)\ns(1).\nr(autoinc()) :- s(1).\n"), {}),
                    Contains("autoinc"));
}

TEST_CASE("an aggregate over several atoms counts the distinct values of its named variables",
          "[syntax][souffle]") {
  // Soufflé's reading (its own tests and benchmark programs rely on it): over a single
  // atom, every tuple; over several atoms, a repeated variable or a nested aggregate, each
  // distinct binding of the body's named variables once, `_` not being one.
  auto db = test::evaluate(R"(.decl a(x: number)
.decl b(x: number, y: number)
.decl c(x: number, y: number, z: number)
a(1). a(2). b(1, 10). b(1, 20). b(2, 30).
c(1, 1, 5). c(1, 1, 6).
.decl r(name: symbol, n: number)
r("x with some b", n) :- n = count : { a(x), b(x, _) }.
r("pairs", n) :- n = count : { a(x), b(x, y) }.
r("b tuples", n) :- n = count : { b(_, _) }.
r("repeated", n) :- n = count : { c(x, x, _) }.
r("sum of x", n) :- n = sum x : { a(x), b(x, _) }.
r("sum of y", n) :- n = sum y : { a(x), b(x, y) }.
r("per key", n) :- a(k), k = 1, n = count : { a(k), b(k, _) }.
r("single atom per key", n) :- a(k), k = 1, n = count : { b(k, _) }.
)");
  CHECK(test::rows_text(db, "r") ==
        "b tuples\t3\npairs\t3\nper key\t1\nrepeated\t1\nsingle atom per key\t2\nsum of x\t3\nsum of y\t60\n"
        "x with some b\t2\n");
}

TEST_CASE("a several-atom aggregate body of grouping keys or of no variable counts once", "[syntax][souffle]") {
  auto db = test::evaluate(R"(.decl a(x: number)
.decl b(x: number, y: number)
a(1). a(2). b(1, 10). b(1, 20).
.decl keyed(k: number, n: number)
keyed(k, n) :- a(k), n = count : { a(k), b(k, _) }.
.decl unnamed(n: number)
unnamed(n) :- n = count : { a(_), b(_, _) }.
)");
  CHECK(test::rows_text(db, "keyed") == "1\t1\n2\t0\n");
  CHECK(test::rows_text(db, "unnamed") == "1\n");
}
