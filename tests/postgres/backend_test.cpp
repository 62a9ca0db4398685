// The PostgreSQL backend against a throwaway server: the same rows as in process for
// every golden program and for programs that stress what SQL makes hard (mutual
// recursion, negation and aggregates over recursive results, ranges, nullary relations,
// text that COPY must escape), the same report on the Kazakhstan corpus, and coded
// errors that leave nothing behind.
#include <algorithm>
#include <chrono>

#include <unistd.h>

#include "postgres/backend_support.hpp"

namespace fs = std::filesystem;
using namespace kz;

namespace {

std::string unique_schema(const char* stem) {
  return fmt::format("{}_{}_{}", stem, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
}

Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no kz::Error was thrown");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("every golden program gives the same rows on the server", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  const fs::path root = fs::path(KZ_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 7);
  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      auto parsed = parse_path(dir / "program.dl");
      REQUIRE(parsed.ok());
      test::require_same_both_ways(*url, *parsed.program, dir / "facts");
      // And the files written from the server's model are the hand-checked ones.
      Database there(*parsed.program);
      there.load_inputs(dir / "facts");
      EvalOptions remote;
      remote.backend = test::backend_at(*url, false);
      there.evaluate(remote);
      test::TempDir out;
      there.write_outputs(out.path());
      for (const auto& expected : fs::directory_iterator(dir / "expected")) {
        INFO("output " << expected.path().filename().string());
        CHECK(test::read_text(out.path() / expected.path().filename()) == test::read_text(expected.path()));
      }
    }
  }
}

TEST_CASE("what SQL makes hard gives the same rows on the server", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  SECTION("aggregates over several atoms count distinct bindings, grouped or not") {
    test::require_same_both_ways(*url, test::must_parse(R"(
      .decl a(x: number)
      .decl b(x: number, y: number)
      a(1). a(2). b(1, 10). b(1, 20). b(2, 30).
      .decl r(name: symbol, n: number)
      r("x with some b", n) :- n = count : { a(x), b(x, _) }.
      r("sum of x", n) :- n = sum x : { a(x), b(x, _) }.
      r("no variable", n) :- n = count : { a(_), b(_, _) }.
      .decl keyed(k: number, n: number)
      keyed(k, n) :- a(k), n = count : { a(k), b(k, _) }.
    )"));
  }
  SECTION("mutual recursion, and negation and aggregates over a recursive stratum") {
    test::require_same_both_ways(*url, test::must_parse(R"(
      .decl edge(a: number, b: number)
      edge(1, 2). edge(2, 3). edge(3, 1). edge(3, 4). edge(5, 6). edge(6, 5). edge(7, 7).
      .decl odd(a: number, b: number)
      .decl even(a: number, b: number)
      odd(x, y) :- edge(x, y).
      odd(x, z) :- even(x, y), edge(y, z).
      even(x, z) :- odd(x, y), edge(y, z).
      .decl node(x: number)
      node(x) :- edge(x, _). node(x) :- edge(_, x).
      .decl never_even(x: number, y: number)
      never_even(x, y) :- node(x), node(y), !even(x, y).
      .decl reach_count(x: number, n: number)
      reach_count(x, n) :- node(x), n = count : { odd(x, _) }.
      .decl farthest(x: number, m: number)
      farthest(x, m) :- node(x), m = max y : { even(x, y) }.
      .decl lonely()
      lonely() :- node(x), !odd(x, _).
      .decl none_lonely()
      none_lonely() :- !lonely().
    )"));
  }
  SECTION("ranges, arithmetic, unsigned numbers and floats") {
    test::require_same_both_ways(*url, test::must_parse(R"(
      .decl n(x: number)
      n(x) :- x = range(0, 10).
      n(x) :- x = range(20, 10, -3).
      n(x) :- x = range(5, 5).
      n(x) :- x = range(100, 101, 0).
      .decl f(x: float)
      f(x) :- x = range(0.0, 1.0, 0.25).
      .decl calc(x: number, a: number, b: number, c: number, d: number, e: number)
      calc(x, x * 7 - 3, x / 3, x % 4, -x ^ 2, (x - 5) / 2) :- n(x).
      .decl bits(x: number, a: number, b: number, c: number, d: number)
      bits(x, band(x, 6), bor(x, 8), bxor(x, 5), bshl(x, 2)) :- n(x), x < 12.
      .decl u(x: unsigned, y: unsigned)
      u(7u * 6u, 100u / 7u). u(2u ^ 10u, 13u % 5u).
      .decl fl(a: float, b: float, c: float)
      fl(a, a / 3.0, a ^ 0.5) :- f(a).
      .decl stats(n: number, m: float, md: float, sd: float, mo: number, lo: number, hi: number, s: number)
      stats(c, m, md, sd, mo, lo, hi, s) :- c = count : { n(_) }, m = mean x : { n(x) }, md = median x : { n(x) },
          sd = stddev x : { n(x) }, mo = mode x : { n(x) }, lo = min x : { n(x) }, hi = max x : { n(x) },
          s = sum x : { n(x) }.
      .decl empty_stats(s: number, c: number)
      empty_stats(s, c) :- s = sum x : { n(x), x > 1000 }, c = count : { n(x), x > 1000 }.
      .decl no_max(m: number)
      no_max(m) :- m = max x : { n(x), x > 1000 }.
    )"));
  }
  SECTION("symbols that COPY must escape, and their byte order") {
    test::require_same_both_ways(*url, test::must_parse(R"(
      .decl s(x: symbol)
      s("plain"). s("tab\there"). s("new\nline"). s("back\\slash"). s("quote\"d"). s("it's").
      s("Ақмола"). s("Zebra"). s("apple"). s(""). s("\\N").
      .decl sorted(x: symbol, y: symbol)
      sorted(x, y) :- s(x), s(y), x < y.
      .decl first(x: symbol)
      first(m) :- m = min x : { s(x) }.
      .decl info(x: symbol, n: number, up: symbol, cut: symbol, joined: symbol)
      info(x, strlen(x), upper(x), substr(x, 1, 3), cat(x, "|", x)) :- s(x), x != "", x != "Ақмола".
      .decl has(x: symbol)
      has(x) :- s(x), contains("e", x).
      .decl matched(x: symbol)
      matched(x) :- s(x), match("[a-z]+", x).
      .decl numbers(a: number, b: float, c: symbol, d: symbol)
      numbers(to_number("42"), to_float("2.5"), to_string(17), to_string(3.25)).
    )"));
  }
  SECTION("dates as the corpus writes them") {
    test::require_same_both_ways(*url, test::must_parse(R"(
      .decl term(p: symbol, b: symbol, e: symbol)
      term("a", "1992-01", "1997-06"). term("b", "1997", "2001-03-15"). term("c", "2000-02-28", "2000-03-01").
      .decl t(p: symbol, y: number, years: float, days: number, months: number, d: number)
      t(p, year(b), years_between(b, e), days_between(b, e), date_months(e), date_days(b)) :- term(p, b, e).
    )"));
  }
  SECTION("facts added from code and relations both read and derived") {
    Program program = test::must_parse(R"(
      .decl edge(a: symbol, b: symbol)
      .decl path(a: symbol, b: symbol)
      path("seed", "x").
      path(a, b) :- edge(a, b).
      path(a, c) :- path(a, b), edge(b, c).
    )");
    Database here(program), there(program);
    for (auto* db : {&here, &there}) {
      db->add_fact("edge", {std::string("a"), std::string("b")});
      db->add_fact("edge", {std::string("b"), std::string("c")});
      db->add_fact("edge", {std::string("x"), std::string("a")});
      db->add_fact("path", {std::string("q"), std::string("x")});
    }
    here.evaluate();
    EvalOptions remote;
    remote.backend = test::backend_at(*url);
    there.evaluate(remote);
    test::require_same_model(here, there);
  }
}

TEST_CASE("the corpus check gives the same report on the server", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  const fs::path rules = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";
  std::vector<fs::path> factsets;
  for (const auto& entry : fs::directory_iterator(rules / "facts"))
    if (entry.is_directory()) factsets.push_back(entry.path());
  std::sort(factsets.begin(), factsets.end());
  REQUIRE(factsets.size() >= 2);
  CheckOptions here;
  here.as_of = {"1996", "2001", "2007"};
  CheckOptions there = here;
  there.eval.backend = test::backend_at(*url, false);
  const CheckReport expected = check(rules, factsets, here);
  const CheckReport got = check(rules, factsets, there);
  REQUIRE(got.factsets.size() == expected.factsets.size());
  for (std::size_t f = 0; f < got.factsets.size(); ++f) {
    const auto& a = expected.factsets[f];
    const auto& b = got.factsets[f];
    INFO("fact set " << a.name);
    CHECK(b.supports == a.supports);
    REQUIRE(b.hypotheses.size() == a.hypotheses.size());
    for (std::size_t h = 0; h < a.hypotheses.size(); ++h) {
      INFO("hypothesis " << a.hypotheses[h].name);
      CHECK(b.hypotheses[h].verdict == a.hypotheses[h].verdict);
      CHECK(b.hypotheses[h].passed == a.hypotheses[h].passed);
      CHECK(b.hypotheses[h].failed == a.hypotheses[h].failed);
    }
    REQUIRE(b.claims.size() == a.claims.size());
    for (std::size_t c = 0; c < a.claims.size(); ++c) {
      INFO("claim " << a.claims[c].name);
      CHECK(b.claims[c].outcome == a.claims[c].outcome);
      CHECK(b.claims[c].coverage == a.claims[c].coverage);
      CHECK(b.claims[c].witnesses.size() == a.claims[c].witnesses.size());
      CHECK(b.claims[c].counterexamples.size() == a.claims[c].counterexamples.size());
      REQUIRE(b.claims[c].values.size() == a.claims[c].values.size());
      for (std::size_t v = 0; v < a.claims[c].values.size(); ++v)
        CHECK(test::same_value(b.claims[c].values[v], a.claims[c].values[v]));
    }
  }
  // The JSON reports agree too, but for floats in their last digits: none here.
  CHECK(render_json(got) == render_json(expected));
}

TEST_CASE("relations left on the server have their sizes, not their rows", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  Database db(test::must_parse(R"(
    .decl e(a: number, b: number)
    e(1, 2). e(2, 3).
    .decl p(a: number, b: number)
    .printsize p
    p(a, b) :- e(a, b).
    p(a, c) :- p(a, b), e(b, c).
    .decl shown(a: number)
    .output shown
    shown(a) :- p(a, 3).
  )"));
  EvalOptions remote;
  remote.backend = test::backend_at(*url, false);
  db.evaluate(remote);
  CHECK(db.size("p") == 3);
  CHECK(db.print_sizes() == std::vector<std::pair<std::string, std::size_t>>{{"p", 3}});
  CHECK(test::rows_text(db, "shown") == "1\n2\n");
  const Error e = error_of([&] { (void)db.rows("p"); });
  CHECK(render(e.diagnostics()).find("E0601") != std::string::npos);
  CHECK(render(e.diagnostics()).find("stayed on the server") != std::string::npos);
}

TEST_CASE("a server that cannot be reached or refuses is a coded error", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  Program program = test::must_parse(".decl a(x: number)\na(1).\n");
  SECTION("no server at that socket") {
    Database db(program);
    EvalOptions remote;
    remote.backend = test::backend_at("postgresql:///postgres?host=/nonexistent/kz-socket&connect_timeout=5");
    const Error e = error_of([&] { db.evaluate(remote); });
    CHECK(e.kind() == ErrorKind::bad_input);
    const std::string text = render(e.diagnostics());
    CHECK(text.find("E0801") != std::string::npos);
    CHECK(text.find("/nonexistent/kz-socket") != std::string::npos);
  }
  SECTION("a user the server does not know") {
    Database db(program);
    EvalOptions remote;
    remote.backend = test::backend_at(*url + "&user=kz_no_such_user");
    const Error e = error_of([&] { db.evaluate(remote); });
    const std::string text = render(e.diagnostics());
    CHECK(text.find("E0802") != std::string::npos);
  }
  SECTION("a password never shows in a message") {
    auto backend = test::backend_at("postgresql://someone:secret123@/postgres?host=/nonexistent/kz-socket");
    CHECK(backend->describe().find("secret123") == std::string::npos);
    Database db(program);
    EvalOptions remote;
    remote.backend = backend;
    const Error e = error_of([&] { db.evaluate(remote); });
    CHECK(render(e.diagnostics()).find("secret123") == std::string::npos);
  }
}

TEST_CASE("a statement the server rejects names its rule and leaves no schema", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  const std::string keep = unique_schema("kz_reject");
  Program program = test::must_parse(
      ".decl n(x: number)\n"
      "n(1).\n"
      "n(x * 1000) :- n(x), x < 1000000000000000.\n"
      "n(x * 1000000000) :- n(x), x > 100000.\n");
  Database db(program);
  EvalOptions remote;
  remote.backend = test::backend_at(*url, true, keep);
  const Error e = error_of([&] { db.evaluate(remote); });
  const std::string text = render(e.diagnostics());
  INFO(text);
  CHECK(text.find("E0402") != std::string::npos);  // bigint out of range: integer overflow
  CHECK(text.find("test.dl:4:") != std::string::npos);  // the rule that overflowed
  // The kept schema was dropped with the failure: the same name can be made again.
  Database again(test::must_parse(".decl a(x: number)\na(1).\n"));
  again.evaluate(remote);
  CHECK(again.size("a") == 1);
}

TEST_CASE("a kept schema holds the run's tables, and must be new", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  const std::string keep = unique_schema("kz_keep");
  EvalOptions remote;
  remote.backend = test::backend_at(*url, true, keep);
  Database first(test::must_parse(".decl a(x: number)\na(1). a(2).\n"));
  first.evaluate(remote);
  CHECK(first.size("a") == 2);
  Database second(test::must_parse(".decl a(x: number)\na(1).\n"));
  const Error e = error_of([&] { second.evaluate(remote); });
  const std::string text = render(e.diagnostics());
  CHECK(text.find("E0803") != std::string::npos);
  CHECK(text.find("exists already") != std::string::npos);
}

TEST_CASE("limits hold on the server", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  SECTION("the tuple limit stops a recursion that never ends") {
    Database db(test::must_parse(".decl n(x: number)\nn(0).\nn(x + 1) :- n(x).\n"));
    EvalOptions remote;
    remote.backend = test::backend_at(*url);
    remote.max_tuples = 500;
    const Error e = error_of([&] { db.evaluate(remote); });
    CHECK(e.kind() == ErrorKind::resource_limit);
    CHECK(render(e.diagnostics()).find("E0501") != std::string::npos);
  }
  SECTION("the time limit stops a long evaluation") {
    Database db(test::must_parse(
        ".decl e(a: number, b: number)\ne(x, x + 1) :- x = range(0, 3000).\n"
        ".decl p(a: number, b: number)\np(a, b) :- e(a, b).\np(a, c) :- p(a, b), e(b, c).\n"));
    EvalOptions remote;
    remote.backend = test::backend_at(*url);
    remote.timeout_seconds = 0.5;
    const Error e = error_of([&] { db.evaluate(remote); });
    CHECK(e.kind() == ErrorKind::resource_limit);
    CHECK(render(e.diagnostics()).find("E0502") != std::string::npos);
  }
  SECTION("proofs need the evaluation in process") {
    Database db(test::must_parse(".decl a(x: number)\na(1).\n"));
    EvalOptions remote;
    remote.backend = test::backend_at(*url);
    remote.record_provenance = true;
    const Error e = error_of([&] { db.evaluate(remote); });
    CHECK(render(e.diagnostics()).find("E0601") != std::string::npos);
  }
}

TEST_CASE("claims run on the server: the same outcomes, instances and values", "[postgres]") {
  auto url = test::test_server();
  if (!url) return;
  Program program = test::must_parse(R"(
    .decl edge(a: symbol, b: symbol)
    edge("a", "b"). edge("b", "c"). edge("c", "a"). edge("c", "d"). edge("e", "f").
    .decl path(a: symbol, b: symbol)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z).
    .decl weight(a: symbol, w: float)
    weight("a", 1.5). weight("b", 2.25). weight("c", 4.0). weight("d", 0.5).
    .hypothesis cyclic "The graph has a cycle through a"
    .claim loop "a reaches itself" exists { path("a", "a") } supports cyclic as straw.
    .claim reach "who reaches d" exists { path(x, "d") } supports cyclic as straw.
    .claim no_self_e "e does not reach itself" none { path("e", "e") } supports cyclic as straw.
    .claim all_weighted "every node reached from a has a weight" forall { path("a", y) } => { weight(y, _) } supports cyclic as straw.
    .claim most_heavy "most weights are over one" most { weight(n, w) } => { w > 1.0 } supports cyclic as straw.
    .claim share_back "a share of paths return" share { path(x, y) } => { path(y, x) } >= 0.5 supports cyclic as straw.
    .claim total "the weights sum past 8" holds sum w : { weight(_, w) } > 8.0 supports cyclic as straw.
    .claim count_paths "there are at least ten paths" holds count : { path(_, _) } >= 10 supports cyclic as straw.
  )");
  Database here(program), there(program);
  here.evaluate();
  EvalOptions remote;
  remote.backend = test::backend_at(*url, false);  // path stays on the server
  there.evaluate(remote);
  CHECK(there.size("path") == here.size("path"));
  const FactSetReport a = check_database(here, "here");
  const FactSetReport b = check_database(there, "there");
  REQUIRE(a.claims.size() == 8);
  REQUIRE(b.claims.size() == a.claims.size());
  for (std::size_t c = 0; c < a.claims.size(); ++c) {
    INFO("claim " << a.claims[c].name);
    CHECK(b.claims[c].outcome == a.claims[c].outcome);
    CHECK(b.claims[c].witnesses == a.claims[c].witnesses);
    CHECK(b.claims[c].counterexamples == a.claims[c].counterexamples);
    CHECK(b.claims[c].coverage == a.claims[c].coverage);
    CHECK(b.claims[c].share == a.claims[c].share);
    REQUIRE(b.claims[c].values.size() == a.claims[c].values.size());
    for (std::size_t v = 0; v < a.claims[c].values.size(); ++v)
      CHECK(test::same_value(b.claims[c].values[v], a.claims[c].values[v]));
  }
  CHECK(b.hypotheses.front().verdict == a.hypotheses.front().verdict);
  // The witnesses really came from the server: its relation is not here to read.
  CHECK(a.claims[1].witnesses.size() == 3);  // a, b and c reach d
  CHECK_THROWS_AS(there.rows("path"), Error);
}
