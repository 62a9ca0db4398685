// First-solution scans (plan::Op::head_complete) change no row: once every head variable
// is bound, the rest of the body only decides whether the head holds, and the engine
// stops at its first solution. Each rule below has a reference twin that keeps every
// body variable in a wider head (so nothing stops early) and then projects; both must
// give the same rows on random graphs, and one is also checked outright.
#include <random>
#include <set>

#include "support.hpp"

using namespace kz;

TEST_CASE("stopping at the first solution once the head is bound derives the same rows", "[plan][first-solution]") {
  const Program program = test::must_parse(R"(.decl e(x: number, y: number)
.decl c(x: number, y: number)
.decl t(x: number, y: number, z: number)
t(x, y, z) :- e(x, y), e(y, z).

.decl notmin(x: number, z: number)
.decl notmin_all(x: number, z: number, y: number, w: number)
.decl notmin_ref(x: number, z: number)
notmin(x, z) :- t(x, y, z), c(w, z), t(x, y, w).
notmin_all(x, z, y, w) :- t(x, y, z), c(w, z), t(x, y, w).
notmin_ref(x, z) :- notmin_all(x, z, _, _).

.decl shared(x: number)
.decl shared_all(x: number, y: number, z: number)
.decl shared_ref(x: number)
shared(x) :- e(x, y), c(y, z), e(z, x).
shared_all(x, y, z) :- e(x, y), c(y, z), e(z, x).
shared_ref(x) :- shared_all(x, _, _).

.decl anypair()
.decl anypair_all(x: number, y: number)
.decl anypair_ref()
anypair() :- e(x, y), c(y, x).
anypair_all(x, y) :- e(x, y), c(y, x).
anypair_ref() :- anypair_all(_, _).

.decl both(x: number, y: number)
.decl both_all(x: number, y: number, z: number, v: number)
.decl both_ref(x: number, y: number)
both(x, y) :- e(x, y), !c(x, y), e(y, z), c(z, v).
both_all(x, y, z, v) :- e(x, y), !c(x, y), e(y, z), c(z, v).
both_ref(x, y) :- both_all(x, y, _, _).

.decl counted(x: number, n: number)
.decl counted_all(x: number, n: number, z: number)
.decl counted_ref(x: number, n: number)
counted(x, n) :- e(x, _), n = count : { e(x, y), c(y, _) }, e(x, z), c(z, x).
counted_all(x, n, z) :- e(x, _), n = count : { e(x, y), c(y, _) }, e(x, z), c(z, x).
counted_ref(x, n) :- counted_all(x, n, _).

.decl chain(x: number, y: number)
.decl chain_step(x: number, z: number, y: number, w: number)
.decl chain_ref(x: number, y: number)
chain(x, y) :- e(x, y).
chain(x, z) :- chain(x, y), e(y, z), c(z, w), e(w, v).
chain_ref(x, y) :- e(x, y).
chain_step(x, z, y, w) :- chain_ref(x, y), e(y, z), c(z, w), e(w, v).
chain_ref(x, z) :- chain_step(x, z, _, _).
)");
  // The plans do stop early, or this test would prove nothing.
  const std::string plan = show(program, Stage::plan);
  // (notmin and shared are not distinct: y, outside their heads, is read before.)
  for (const char* early : {"scan c (first solution) key[1=z#1]", "scan c (first solution) key[0=y#1]",
                            "anypair(), distinct", "both(x#0, y#1), distinct", "scan e (first solution) key[0=y#1]"}) {
    INFO(early);
    CHECK(plan.find(early) != std::string::npos);
  }

  std::mt19937 random(1202);
  for (int trial = 0; trial < 25; ++trial) {
    std::set<std::pair<std::int64_t, std::int64_t>> e, c;
    const int nodes = std::uniform_int_distribution<int>(1, 12)(random);
    const int edges = std::uniform_int_distribution<int>(0, 40)(random);
    std::uniform_int_distribution<int> node(0, nodes - 1);
    for (int i = 0; i < edges; ++i) e.emplace(node(random), node(random));
    for (int i = 0; i < edges; ++i) c.emplace(node(random), node(random));
    FactSet facts = FactSet::from_tuples("random");
    for (auto [x, y] : e) facts.add("e", {x, y});
    for (auto [x, y] : c) facts.add("c", {x, y});
    for (const bool provenance : {false, true}) {
      Database db = open_factset(program, facts);
      EvalOptions options;
      options.record_provenance = provenance;
      db.evaluate(options);
      INFO("trial " << trial << (provenance ? ", with provenance" : ""));
      for (const std::string relation : {"notmin", "shared", "anypair", "both", "counted", "chain"}) {
        INFO(relation);
        CHECK(test::rows_text(db, relation) == test::rows_text(db, relation + "_ref"));
      }
      // notmin outright: some y with t(x, y, z) and a c-predecessor w of z with t(x, y, w).
      std::set<std::pair<std::int64_t, std::int64_t>> notmin;
      for (auto [x, y] : e)
        for (auto [y2, z] : e)
          if (y2 == y)
            for (auto [w, z2] : c)
              if (z2 == z && e.count({y, w})) notmin.emplace(x, z);
      std::string expected;
      for (auto [x, z] : notmin) expected += std::to_string(x) + "\t" + std::to_string(z) + "\n";
      CHECK(test::rows_text(db, "notmin") == expected);
    }
  }
}

TEST_CASE("an aggregate over several atoms sets repeats aside only when its body can repeat a binding",
          "[plan][aggregate]") {
  // count : { at(x, k), won(x) } (k bound) finds each x once: at holds each (x, k) once
  // and won(x) is a membership test. count : { a(x), b(x, _) } finds x once for each b
  // row, and counts it once (Soufflé's distinct bindings).
  const Program program = test::must_parse(R"(.decl at(x: number, k: number)
.decl won(x: number)
.decl b(x: number, y: number)
.decl layer(k: number)
.decl tally(k: number, n: number)
.decl fanned(k: number, n: number)
at(1, 0). at(2, 0). at(3, 0). at(1, 1). at(4, 1).
won(1). won(3). won(4).
b(1, 10). b(1, 11). b(3, 10). b(4, 12). b(4, 13).
layer(k) :- at(_, k).
tally(k, n) :- layer(k), n = count : { at(x, k), won(x) }.
fanned(k, n) :- layer(k), n = count : { at(x, k), b(x, _) }.
)");
  const std::string plan = show(program, Stage::plan);
  CHECK(plan.find("aggregate <count#1>#3 := count keyed by k#0\n") != std::string::npos);
  CHECK(plan.find("aggregate <count#2>#3 := count keyed by k#0, each binding once\n") != std::string::npos);
  Database db(program);
  db.evaluate();
  CHECK(test::rows_text(db, "tally") == "0\t2\n1\t2\n");
  CHECK(test::rows_text(db, "fanned") == "0\t2\n1\t2\n");
}
