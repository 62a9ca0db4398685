// Soufflé's warnings (LANGUAGE.md, "Warnings, as in Soufflé"): a variable used once
// (W0003), a claim conclusion's variable the premise does not bind (W0004), a relation
// that nothing defines (W0005); and --strict's library side, ParseOptions::strict.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// The rendered warnings of a program that parses.
std::string warnings_of(const std::string& text) {
  auto r = parse_string(text, "test.dl");
  INFO(render(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(render(r.diagnostics) == render(r.program->warnings()));
  return render(r.diagnostics);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr const char* edges = ".decl e(a: number, b: number)\n.input e\n";

}  // namespace

TEST_CASE("W0003: a variable used once in a rule is a warning at the variable", "[semantics][warnings]") {
  const auto w = warnings_of(std::string(edges) + ".decl p(a: number)\np(x) :- e(x, y).\n");
  CHECK_THAT(w, Contains("test.dl:4:14: warning: variable 'y' occurs only once in this rule: write '_' (or '_y') "
                         "if any value will do [W0003]\n"
                         "    4 | p(x) :- e(x, y).\n"
                         "      |              ^\n"));
  CHECK(count_of(w, "warning:") == 1);
  // The classic typo, y for y2: each is used once.
  const auto typo = warnings_of(std::string(edges) + ".decl g(a: number, b: number)\ng(x, z) :- e(x, y), e(y2, z).\n");
  CHECK_THAT(typo, Contains("test.dl:4:17: warning: variable 'y' occurs only once"));
  CHECK_THAT(typo, Contains("test.dl:4:23: warning: variable 'y2' occurs only once"));
  CHECK(count_of(typo, "warning:") == 2);
}

TEST_CASE("W0003: no warning for _, _name, parameters or variables used twice", "[semantics][warnings]") {
  CHECK(warnings_of(std::string(edges) + ".decl p(a: number)\np(x) :- e(x, _y).\np(x) :- e(_, x).\n").empty());
  CHECK(warnings_of(std::string(edges) + ".param lim = 3\n.decl p(a: number)\np(x) :- e(x, _), x > lim.\n").empty());
  // Several heads and `;` alternatives: the clause as written counts, not each lowered rule.
  CHECK(warnings_of(std::string(edges) + ".decl a(x: number)\n.decl b(x: number)\na(x), b(y) :- e(x, y).\n").empty());
  CHECK(warnings_of(std::string(edges) + ".decl q(x: number)\nq(x) :- e(x, y) ; e(y, x).\n").empty());
  // Facts have no variables.
  CHECK(warnings_of(".decl f(x: number)\nf(1).\n.decl g(x: number)\ng(x) :- f(x).\n").empty());
}

TEST_CASE("W0003: a clause's alternatives warn once per variable", "[semantics][warnings]") {
  const auto w = warnings_of(std::string(edges) + ".decl q(x: number)\nq(x) :- e(x, y), e(z, x) ; e(x, x), e(x, z).\n");
  CHECK_THAT(w, Contains("test.dl:4:14: warning: variable 'y' occurs only once"));
  CHECK(count_of(w, "warning:") == 1);  // z occurs twice, once in each alternative
}

TEST_CASE("W0003 inside an aggregate over several atoms suggests '_name', never '_'", "[semantics][warnings]") {
  // count : { a(x), e(x, y) } counts each (x, y) once; with '_' for y it would count x.
  const auto several = warnings_of(std::string(edges) +
                                   ".decl a(x: number)\n.input a\n.decl n(c: number)\nn(c) :- c = count : { a(x), e(x, y) }.\n");
  CHECK_THAT(several, Contains("test.dl:6:34: warning: variable 'y' occurs only once in this rule: write '_y' if any "
                               "value will do, not '_'"));
  CHECK(count_of(several, "warning:") == 1);
  // One atom: '_' counts the same, so the usual advice stands.
  const auto one = warnings_of(std::string(edges) + ".decl n(c: number)\nn(c) :- c = count : { e(x, y), x > 2 }.\n");
  CHECK_THAT(one, Contains("variable 'y' occurs only once in this rule: write '_' (or '_y')"));
  // A variable of the rule used once is not the aggregate's: the usual advice.
  const auto outer = warnings_of(std::string(edges) + ".decl a(x: number)\n.input a\n.decl n(c: number)\n"
                                                     "n(c) :- a(z), c = count : { a(x), e(x, _) }.\n");
  CHECK_THAT(outer, Contains("variable 'z' occurs only once in this rule: write '_' (or '_z')"));
}

TEST_CASE("W0003: aggregate-local variables count in their aggregate", "[semantics][warnings]") {
  // x is the aggregate's own, used once: it matches anything.
  const auto local = warnings_of(std::string(edges) + ".decl n(c: number)\nn(c) :- c = count : { e(x, _) }.\n");
  CHECK_THAT(local, Contains("test.dl:4:25: warning: variable 'x' occurs only once in this rule"));
  CHECK(count_of(local, "warning:") == 1);
  // A grouping key is the enclosing rule's variable; a target counts as a use.
  CHECK(warnings_of(std::string(edges) + ".decl g(x: number, c: number)\n"
                                         "g(x, c) :- e(x, _), c = count : { e(x, _) }.\n"
                                         "g(x, s) :- e(x, _), s = sum w : { e(x, w) }.\n")
            .empty());
  // The same name local to two aggregates is two variables, each used once.
  const auto twice =
      warnings_of(std::string(edges) + ".decl m(a: number, b: number)\n"
                                       "m(a, b) :- a = count : { e(x, _) }, b = count : { e(_, x) }.\n");
  CHECK_THAT(twice, Contains("test.dl:4:28: warning: variable 'x'"));
  CHECK_THAT(twice, Contains("test.dl:4:56: warning: variable 'x'"));
  CHECK(count_of(twice, "warning:") == 2);
  // An aggregate's result that nothing uses is a singleton too.
  const auto unused = warnings_of(std::string(edges) + ".decl u(x: number)\nu(x) :- e(x, _), n = count : { e(_, _) }.\n");
  CHECK_THAT(unused, Contains("test.dl:4:18: warning: variable 'n' occurs only once"));
}

namespace {

constexpr const char* adoption =
    ".decl adopted(s: symbol, y: number)\n.input adopted\n"
    ".decl lobbied_first(s: symbol)\n.input lobbied_first\n"
    ".decl defector(p: symbol)\n.input defector\n";

}  // namespace

TEST_CASE("W0004: a conclusion's variable the premise does not bind, used once", "[semantics][warnings]") {
  const auto w = warnings_of(std::string(adoption) +
                             ".claim c \"x\" forall { adopted(s, _) } => { lobbied_first(t) }.\n");
  CHECK_THAT(w, Contains("test.dl:7:58: warning: variable 't' occurs only once in the conclusion and the premise "
                         "does not bind it, so the conclusion reads \"for some t\""));
  CHECK_THAT(w, Contains("[W0004]"));
  CHECK(count_of(w, "warning:") == 1);  // s, the premise's, is a reported instance
  for (const char* form : {"most { adopted(s, _) } => { lobbied_first(t) }",
                           "share { adopted(s, _) } => { lobbied_first(t) } >= 0.5"})
    CHECK_THAT(warnings_of(std::string(adoption) + ".claim c \"x\" " + form + ".\n"), Contains("[W0004]"));
  // Bound by the premise, or used twice in the conclusion: no warning.
  CHECK(warnings_of(std::string(adoption) + ".claim c \"x\" forall { adopted(s, _) } => { lobbied_first(s) }.\n")
            .empty());
  CHECK(warnings_of(std::string(adoption) +
                    ".claim c \"x\" forall { adopted(s, _) } => { lobbied_first(t), adopted(t, _), t != s }.\n")
            .empty());
}

TEST_CASE("no warning for exists, none and premise variables used once", "[semantics][warnings]") {
  CHECK(warnings_of(std::string(adoption) + ".claim c \"x\" exists { defector(p) }.\n").empty());
  CHECK(warnings_of(std::string(adoption) + ".claim c \"x\" none { adopted(s, y) }.\n").empty());
  CHECK(warnings_of(std::string(adoption) + ".claim c \"x\" forall { adopted(s, y) } => { lobbied_first(s) }.\n")
            .empty());
}

TEST_CASE("a claim's aggregate-local variables used once warn as in rules", "[semantics][warnings]") {
  const auto w = warnings_of(std::string(adoption) + ".claim c \"x\" holds count : { adopted(s, _) } > 1.\n");
  CHECK_THAT(w, Contains("test.dl:7:38: warning: variable 's' occurs only once in this claim"));
  CHECK_THAT(w, Contains("[W0003]"));
  // Inside an exists body too: the aggregate's own variable is not a reported instance.
  const auto in_body = warnings_of(std::string(adoption) +
                                   ".claim c \"x\" exists { defector(p), n = count : { adopted(q, _) }, n > 1 }.\n");
  CHECK_THAT(in_body, Contains("variable 'q' occurs only once in this claim"));
  CHECK(count_of(in_body, "warning:") == 1);
}

TEST_CASE("W0005: a used relation that nothing defines, at its .decl with a note at its first use",
          "[semantics][warnings]") {
  const auto w = warnings_of(".decl h(x: symbol)\n.decl k(x: symbol)\nk(x) :- h(x).\n");
  CHECK_THAT(w, Contains("test.dl:1:7: warning: relation 'h' is used but has no facts, no rules and no .input"));
  CHECK_THAT(w, Contains("[W0005]"));
  CHECK_THAT(w, Contains("test.dl:3:9: note: first used here"));
  CHECK(count_of(w, "warning:") == 1);  // k has a rule; nothing uses it
  // A negation and a claim are uses too, and each relation warns once.
  const auto claim = warnings_of(".decl h(x: symbol)\n.decl d(x: symbol)\nd(\"a\").\n"
                                 ".claim c \"x\" exists { d(x), !h(x) }.\n.claim c2 \"y\" exists { h(_) }.\n");
  CHECK_THAT(claim, Contains("test.dl:1:7: warning: relation 'h'"));
  CHECK_THAT(claim, Contains("test.dl:4:30: note: first used here"));
  CHECK(count_of(claim, "warning:") == 1);
}

TEST_CASE("W0005: no warning for .input, facts, rules or .unobserved", "[semantics][warnings]") {
  CHECK(warnings_of(".decl h(x: symbol)\n.input h\n.decl k(x: symbol)\nk(x) :- h(x).\n").empty());
  CHECK(warnings_of(".decl h(x: symbol) input\n.decl k(x: symbol)\nk(x) :- h(x).\n").empty());
  CHECK(warnings_of(".decl h(x: symbol)\nh(\"a\").\n.decl k(x: symbol)\nk(x) :- h(x).\n").empty());
  CHECK(warnings_of(".decl h(x: symbol)\n.unobserved h\n.decl k(x: symbol)\nk(x) :- h(x).\n").empty());
  // Facts the date the program is seen as of leaves out still define their relation.
  CHECK(warnings_of(".decl h(y: number)\n.dated h(y)\nh(2000).\n.as_of 1990\n.decl k(y: number)\nk(y) :- h(y).\n")
            .empty());
}

TEST_CASE("warnings come in source order, W0006 among them", "[semantics][warnings]") {
  const auto w = warnings_of(".decl h(x: symbol)\n.hypothesis hyp \"x\"\n"
                             ".claim c \"x\" exists { h(x) } supports hyp as hoop.\n"
                             ".decl k(x: symbol)\nk(x) :- h(x), h(y).\n");
  const auto w5 = w.find("[W0005]"), w6 = w.find("[W0006]"), w3 = w.find("[W0003]");
  REQUIRE(w5 != std::string::npos);
  REQUIRE(w6 != std::string::npos);
  REQUIRE(w3 != std::string::npos);
  CHECK(w5 < w6);
  CHECK(w6 < w3);
}

TEST_CASE("ParseOptions::strict: a program that warns is refused, its warnings made errors",
          "[semantics][warnings]") {
  ParseOptions strict;
  strict.strict = true;
  const std::string singleton = std::string(edges) + ".decl p(a: number)\np(x) :- e(x, y).\n";
  auto refused = parse_string(singleton, "test.dl", strict);
  CHECK_FALSE(refused.ok());
  REQUIRE(refused.diagnostics.size() == 1);
  CHECK(refused.diagnostics[0].severity == Severity::error);
  CHECK(refused.diagnostics[0].code == "W0003");
  CHECK_THAT(render(refused.diagnostics), Contains("test.dl:4:14: error: variable 'y' occurs only once"));
  // W0006 is a warning like the others.
  auto unreasoned = parse_string(".decl d(x: symbol)\nd(\"a\").\n.hypothesis h \"x\"\n"
                                 ".claim c \"x\" exists { d(_) } opposes h as hoop.\n",
                                 "test.dl", strict);
  CHECK_FALSE(unreasoned.ok());
  CHECK_THAT(render(unreasoned.diagnostics), Contains("error: opposes h as hoop gives no reason"));
  // Without warnings, strict changes nothing.
  CHECK(parse_string(std::string(edges) + ".decl p(a: number)\np(x) :- e(x, _).\n", "test.dl", strict).ok());
  // Without strict, the same program parses, with its warning.
  auto lenient = parse_string(singleton, "test.dl");
  REQUIRE(lenient.ok());
  CHECK(lenient.diagnostics.size() == 1);
}
