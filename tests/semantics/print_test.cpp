// The checked program printer: relations and kinds, rules over numbered slots, strata,
// params, hypotheses and claims.
#include "api/internal.hpp"
#include "semantics/print.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

std::string ir(const std::string& text) { return sem::to_string(api::model_of(test::must_parse(text))); }

}  // namespace

TEST_CASE("a rule prints in slots, with its negation and strata", "[semantics][print]") {
  CHECK(ir(".decl p(x: number)\n.decl q(x: number, y: symbol)\n.decl r(x: number)\n.input q, r\n.output p\n"
           "p(x) :- q(x, _), !r(x).\n") ==
        "relations\n"
        "  p(x: number) output\n"
        "  q(x: number, y: symbol) input\n"
        "  r(x: number) input\n"
        "rules\n"
        "  #0 p(x#0) :- q(x#0, _), !r(x#0).\n"
        "    slots x#0: number\n"
        "strata\n"
        "  0: q\n"
        "  1: r\n"
        "  2: p rules #0\n");
}

TEST_CASE("disjunctions print as one rule each, recursion marks the stratum", "[semantics][print]") {
  auto text = ir(".decl e(a: number, b: number)\n.decl t(a: number, b: number)\n"
                 "e(1, 2).\nt(x, y) :- e(x, y) ; t(x, z), e(z, y).\n");
  CHECK_THAT(text, Contains("  #0 e(1, 2).\n"));
  CHECK_THAT(text, Contains("  #1 t(x#0, y#1) :- e(x#0, y#1).\n    slots x#0: number, y#1: number\n"));
  CHECK_THAT(text, Contains("  #2 t(x#0, y#1) :- t(x#0, z#2), e(z#2, y#1).\n"));
  CHECK_THAT(text, Contains("  1: t (recursive) rules #1, #2\n"));
}

TEST_CASE("expressions print typed, constants by their kind", "[semantics][print]") {
  auto text = ir(".type Person <: symbol\n.decl f(x: float, u: unsigned, s: Person, n: number)\n.output f\n"
                 "f(x, u, s, n) :- x = 2 * 1.5, u = 7u + 1, s = cat(\"a\\\"\", \"b\"), n = -strlen(s).\n");
  CHECK_THAT(text, Contains("f(x: float, u: unsigned, s: symbol (Person), n: number) output"));
  CHECK_THAT(text, Contains("x#0 = (2.0 * 1.5):float"));
  CHECK_THAT(text, Contains("u#1 = (7u + 1u):unsigned"));
  CHECK_THAT(text, Contains("s#2 = cat(\"a\\\"\", \"b\"):symbol"));
  CHECK_THAT(text, Contains("n#3 = (-strlen(s#2):number):number"));
  CHECK_THAT(text, Contains("slots x#0: float, u#1: unsigned, s#2: symbol, n#3: number"));
}

TEST_CASE("aggregates print with their result slot, body and keys", "[semantics][print]") {
  auto text = ir(".decl s(g: symbol, v: number)\n.decl g(g: symbol)\n.decl t(g: symbol, n: number)\n"
                 "g(x) :- s(x, _).\nt(k, n) :- g(k), n = sum v : { s(k, v), v > 0 }.\n");
  CHECK_THAT(text, Contains("<sum#1>#3 = sum v#2 : { s(k#0, v#2), v#2 > 0 } keyed by k#0, n#1 = <sum#1>#3."));
}

TEST_CASE("params, hypotheses and claims print with forms and links", "[semantics][print]") {
  auto text = ir(".param limit = 3\n.param who = \"ann\"\n.decl p(x: symbol)\n.decl q(x: symbol)\n.input p, q\n"
                 ".hypothesis h \"Clans rule\" source \"Schatz\"\n.hypothesis g \"Groups rule\"\n"
                 ".claim c \"Most are loyal\" share { p(x) } => { !q(x) } >= 0.75\n"
                 "  supports h as hoop (0.9, 0.4), opposes g as straw.\n"
                 ".claim d \"Few\" holds count : { p(_) } < limit.\n"
                 ".claim e \"Some\" exists { p(x) ; q(x), x != who }.\n");
  CHECK_THAT(text, Contains("params\n  limit: number = 3\n  who: symbol = \"ann\"\n"));
  CHECK_THAT(text, Contains("hypotheses\n  h \"Clans rule\" source \"Schatz\"\n  g \"Groups rule\"\n"));
  CHECK_THAT(text, Contains("  c share \"Most are loyal\"\n"
                            "    slots x#0: symbol\n"
                            "    reported x#0\n"
                            "    body: p(x#0)\n"
                            "    conclusion: !q(x#0)\n"
                            "    share >= 0.75\n"
                            "    supports h as hoop with p_h 0.9, p_not_h 0.4\n"
                            "    opposes g as straw with p_h 0.6, p_not_h 0.4 (the test's defaults)\n"));
  CHECK_THAT(text, Contains("  d holds \"Few\"\n"
                            "    slots <count#1>#0: number\n"
                            "    aggregate <count#1>#0 = count : { p(_) }\n"
                            "    holds <count#1>#0 < 3\n"));
  CHECK_THAT(text, Contains("    body 1: p(x#0)\n    body 2: q(x#0), x#0 != \"ann\"\n"));
}
