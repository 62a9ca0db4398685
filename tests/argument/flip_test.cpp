// flip on every kind of fact set (issue 16, finding 18): a file of facts, a text in
// memory, and a folder with a coverage.kz, with the facts written in the rules among the
// facts it may remove, since they belong to every fact set.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// reach is confirmed by a smoking gun that holds while some source is reached: one
// visit (written in the rules) and one source fact decide it.
const char* rules = R"(.decl visited(p: symbol)
.decl source(p: symbol)
.decl reached(p: symbol)
reached(p) :- visited(p), source(p).
visited("a").
.hypothesis reach "Someone is reached"
.claim some_reached "Someone was reached" exists { reached(p) }
    supports reach as smoking_gun because "only this tale expects a reached visitor".
)";

}  // namespace

TEST_CASE("flip takes a file fact set and removes facts written in the language", "[flip]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", rules);
  test::write_text(dir.path() / "facts.kz", "source(\"a\").\nsource(\"b\").\n");
  // It refused a file fact set before.
  auto r = flip(dir.path() / "rules.kz", dir.path() / "facts.kz", "reach");
  CHECK(r.before == Verdict::confirmed);
  REQUIRE(r.after);
  CHECK(*r.after == Verdict::weakened);
  REQUIRE(r.removed.size() == 1);
  // Both the fact set's source("a") and the rules' visited("a") decide it; flip reports
  // the first in the order tried: loaded rows, then facts in the program's order, where
  // the rules come before the fact set's file.
  CHECK(r.removed.front() == "visited(\"a\")");
  CHECK(r.candidates == 3);  // visited("a"), source("a"), source("b")
}

TEST_CASE("flip considers the facts written in the rules, which belong to every fact set", "[flip]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(rules) + ".input source\n");
  test::write_text(dir.path() / "f" / "source.facts", "a\nb\n");
  auto r = flip(dir.path() / "rules.kz", dir.path() / "f", "reach");
  REQUIRE(r.after);
  CHECK(r.candidates == 3);
  CHECK(r.removed.front() == "source(\"a\")");  // loaded rows are tried first
}

TEST_CASE("flip sees the fact set as check does, its coverage.kz included", "[flip]") {
  // With visited unobserved, the smoking gun still holds (a found witness stands), so
  // reach is confirmed; removing source("a") makes the claim fail, and a failure that
  // depends on an unobserved relation is unknown: reach becomes untested. flip built its
  // trials from the rules alone before, and reported the verdicts of another fact set.
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(rules) + ".input source\n");
  test::write_text(dir.path() / "f" / "source.facts", "a\n");
  test::write_text(dir.path() / "f" / "coverage.kz", ".unobserved visited\n");
  auto r = flip(dir.path() / "rules.kz", dir.path() / "f", "reach");
  CHECK(r.before == Verdict::confirmed);
  REQUIRE(r.after);
  CHECK(*r.after == Verdict::untested);
}

TEST_CASE("flip on a text fact set in memory", "[flip]") {
  Program program = test::must_parse(rules);
  auto r = flip(program, FactSet::from_text("mem", "source(\"a\")."), "reach");
  REQUIRE(r.after);
  CHECK(*r.after == Verdict::weakened);
  CHECK_THAT(render_flip(r), Contains("Removing 1 fact makes it weakened"));
}
