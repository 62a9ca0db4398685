// The magic-sets transformation (.pragma "magic-transform") changes no row a program
// writes: each program here runs with and without the pragma on random inputs, and
// every output must be the same. The programs mix what the transformation must respect:
// recursion asked for with constants, negation and aggregates over transformed
// relations, expressions in heads, and relations read both bound and unbound.
#include <random>

#include "support.hpp"

using namespace kz;

namespace {

constexpr const char* programs[] = {
    // Closure asked for from one node, and a same generation asked for from a pair.
    R"(.decl e(x: number, y: number)
.decl tc(x: number, y: number)
.decl sg(x: number, y: number)
.decl from_one(y: number)
.decl pair_sg()
.output from_one, pair_sg
tc(x, y) :- e(x, y).
tc(x, y) :- tc(x, z), e(z, y).
sg(x, x) :- e(x, _).
sg(x, y) :- e(a, x), sg(a, b), e(b, y).
from_one(y) :- tc(1, y).
pair_sg() :- sg(3, 4).
)",
    // Negation and an aggregate over a transformed relation, a head expression, and a
    // relation read both with a bound argument and with none.
    R"(.decl e(x: number, y: number)
.decl reach(x: number, y: number)
.decl step(x: number, y: number)
.decl cut(x: number)
.decl blocked(x: number)
.decl out(y: number)
.decl counted(n: number)
.decl all_pairs(n: number)
.output out, counted, all_pairs
reach(x, y) :- e(x, y).
reach(x, y) :- reach(x, z), e(z, y), !cut(z).
step(x, y + 1) :- reach(x, y).
cut(x) :- e(x, x).
cut(x) :- e(x, 2), !e(2, x).
blocked(x) :- reach(x, 2), !reach(2, x).
out(y) :- step(1, y), !reach(y, 1), !blocked(y).
counted(n) :- n = count : { reach(2, _) }.
all_pairs(n) :- n = count : { reach(_, _) }.
)",
    // Mutual recursion asked for with different patterns, and a comparison that binds.
    R"(.decl e(x: number, y: number)
.decl even(x: number, y: number)
.decl odd(x: number, y: number)
.decl out(x: number, y: number)
.output out
odd(x, y) :- e(x, y).
odd(x, y) :- even(x, z), e(z, y).
even(x, y) :- odd(x, z), e(z, y).
out(x, y) :- x = 2, even(x, y), y > 1.
out(x, y) :- odd(x, 5), e(y, x).
)",
};

std::string outputs(const Program& program, const FactSet& facts) {
  Database db = open_factset(program, facts);
  db.evaluate();
  std::string out;
  for (const auto& r : program.relations())
    if (r.is_output) out += r.name + ":\n" + test::rows_text(db, r.name);
  return out;
}

}  // namespace

TEST_CASE("magic sets change no output row", "[plan][magic]") {
  std::mt19937 random(20261202);
  for (const char* text : programs) {
    const Program plain = test::must_parse(text);
    const Program magic = test::must_parse(std::string(".pragma \"magic-transform\" \"*\"\n") + text);
    // The transformation took place: adorned copies are among the relations.
    bool adorned = false;
    for (const auto& r : magic.relations()) adorned = adorned || r.name.find('@') != std::string::npos;
    CHECK(adorned);
    for (int trial = 0; trial < 40; ++trial) {
      FactSet facts = FactSet::from_tuples("random");
      const int nodes = std::uniform_int_distribution<int>(2, 9)(random);
      const int edges = std::uniform_int_distribution<int>(0, 18)(random);
      for (int i = 0; i < edges; ++i)
        facts.add("e", {std::int64_t{std::uniform_int_distribution<int>(1, nodes)(random)},
                        std::int64_t{std::uniform_int_distribution<int>(1, nodes)(random)}});
      INFO(text << "\ntrial " << trial);
      CHECK(outputs(magic, facts) == outputs(plain, facts));
    }
  }
}

TEST_CASE("magic sets apply only to the relations a pragma names", "[plan][magic]") {
  const std::string text = R"(.decl e(x: number, y: number)
.decl a(x: number, y: number)
.decl b(x: number, y: number)
.decl out(y: number)
.output out
e(1, 3). e(2, 3).
a(x, y) :- e(x, y).
b(x, y) :- e(x, y).
out(y) :- a(1, y), b(2, y).
)";
  auto names = [](const Program& p) {
    std::string out;
    for (const auto& r : p.relations()) out += r.name + " ";
    return out;
  };
  const Program named = test::must_parse(".pragma \"magic-transform\" \"a\"\n" + text);
  CHECK_THAT(names(named), Catch::Matchers::Contains("a@bf") && !Catch::Matchers::Contains("b@bf"));
  CHECK(test::rows_text([&] {
          Database db(named);
          db.evaluate();
          return db;
        }(),
                        "out") == "3\n");
  // Without the pragma, or with another pragma, nothing is transformed.
  CHECK_THAT(names(test::must_parse(".pragma \"legacy\"\n" + text)), !Catch::Matchers::Contains("@"));
}

TEST_CASE("magic sets pass no binding through an expression, so questions do not ask without end",
          "[plan][magic]") {
  // gen(x) :- gen(x + 1) asked for gen(0) would ask for gen(1), gen(2), ... for ever.
  const std::string text = R"(.pragma "magic-transform" "*"
.decl seed(x: number)
.decl valid(x: number)
.decl gen(x: number)
.decl query()
.output query
seed(3). valid(0). valid(1). valid(2).
gen(x) :- seed(x).
gen(x) :- gen(x + 1), valid(x).
query() :- gen(0).
)";
  Database db(test::must_parse(text));
  EvalOptions options;
  options.max_tuples = 100000;
  db.evaluate(options);
  CHECK(db.size("query") == 1);
}
