// What a fact set did not see and when it is seen: the contract's conservative rule for
// `unknown` case by case (positive path, negation path, aggregate path, a forall's
// premise against its conclusion, through rules), dating at year, month and day
// granularity, `from` windows, and each construct's bad input.
#include <algorithm>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// An argument over actors, their hordes (which a fact set may not have observed) and
// defections; every claim supports one hypothesis so outcomes can move verdicts.
const char* argument = R"(
  .decl actor(p: symbol)
  .decl horde(p: symbol, h: symbol)
  .decl defector(p: symbol)
  .decl kin(p: symbol)
  kin(p) :- horde(p, "elder").
  .hypothesis h "a hypothesis"
  actor("aliev"). actor("nazarbaev"). actor("kazhegeldin").
  horde("nazarbaev", "elder").
  defector("aliev"). defector("kazhegeldin").
)";

FactSetReport check_one(const std::string& claims, const std::vector<std::string>& unobserved) {
  Program program = test::must_parse(std::string(argument) + claims);
  FactSet facts = FactSet::from_tuples("facts");
  facts.unobserved = unobserved;
  auto report = check(program, {facts});
  REQUIRE(report.factsets.size() == 1);
  return report.factsets.front();
}

const ClaimResult& claim(const FactSetReport& f, const std::string& name) {
  auto it = std::find_if(f.claims.begin(), f.claims.end(), [&](const ClaimResult& c) { return c.name == name; });
  REQUIRE(it != f.claims.end());
  return *it;
}

Outcome outcome_of(const std::string& claim_text, const std::vector<std::string>& unobserved = {"horde"}) {
  return check_one(claim_text, unobserved).claims.front().outcome;
}

}  // namespace

TEST_CASE("exists: a witness found through positive atoms stands, a failure is unknown", "[coverage]") {
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), horde(p, _) } supports h as straw.)") == Outcome::holds);
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), horde(p, "junior") } supports h as straw.)") == Outcome::unknown);
  // Without .unobserved the same failure is a failure.
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), horde(p, "junior") } supports h as straw.)", {}) ==
        Outcome::fails);
}

TEST_CASE("none: a counterexample found through positive atoms stands, holding is unknown", "[coverage]") {
  CHECK(outcome_of(R"(.claim c "" none { horde(p, "elder") } supports h as straw.)") == Outcome::fails);
  CHECK(outcome_of(R"(.claim c "" none { horde(p, "junior") } supports h as straw.)") == Outcome::unknown);
}

TEST_CASE("a path through negation or an aggregate leaves every outcome unknown", "[coverage]") {
  // Through negation: more hordes could remove the witness.
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), !horde(p, _) } supports h as straw.)") == Outcome::unknown);
  CHECK(outcome_of(R"(.claim c "" none { actor(p), !horde(p, _) } supports h as straw.)") == Outcome::unknown);
  // Through an aggregate: more hordes change the count.
  CHECK(outcome_of(R"(.claim c "" exists { n = count : { horde(_, _) }, n >= 1 } supports h as straw.)") ==
        Outcome::unknown);
  CHECK(outcome_of(R"(.claim c "" holds count : { horde(_, _) } >= 1 supports h as straw.)") == Outcome::unknown);
  // A settled outcome that does not depend on the unobserved relation at all stays.
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), !defector(p) } supports h as straw.)") == Outcome::holds);
}

TEST_CASE("through rules, transitively, with the path's polarity", "[coverage]") {
  // kin depends on horde positively.
  CHECK(outcome_of(R"(.claim c "" exists { kin(p) } supports h as straw.)") == Outcome::holds);
  CHECK(outcome_of(R"(.claim c "" none { kin(p) } supports h as straw.)") == Outcome::fails);
  CHECK(outcome_of(R"(.claim c "" exists { actor(p), !kin(p) } supports h as straw.)") == Outcome::unknown);
  // A rule with a negation in between makes even a positive use of its head unsettled.
  const std::string outsider = R"(
    .decl outsider(p: symbol)
    outsider(p) :- actor(p), !kin(p).
  )";
  CHECK(outcome_of(outsider + R"(.claim c "" exists { outsider(p) } supports h as straw.)") == Outcome::unknown);
}

TEST_CASE("forall: a counterexample stands only when the conclusion does not depend on the relation",
          "[coverage]") {
  // Premise over horde (positively), conclusion independent: the counterexample stays one.
  CHECK(outcome_of(R"(.claim c "" forall { horde(p, _) } => { defector(p) } supports h as straw.)") ==
        Outcome::fails);
  // Conclusion depends on horde: more hordes could make the premise's solutions extend.
  CHECK(outcome_of(R"(.claim c "" forall { actor(p) } => { horde(p, _) } supports h as straw.)") ==
        Outcome::unknown);
  // A forall that holds could gain a counterexample.
  CHECK(outcome_of(R"(.claim c "" forall { horde(p, _) } => { actor(p) } supports h as straw.)") ==
        Outcome::unknown);
  // A vacuous forall over the unobserved relation could stop being vacuous.
  CHECK(outcome_of(R"(.claim c "" forall { horde(p, "junior") } => { actor(p) } supports h as straw.)") ==
        Outcome::unknown);
  // most and share are never settled when they depend on it.
  CHECK(outcome_of(R"(.claim c "" most { actor(p) } => { horde(p, _) } supports h as straw.)") == Outcome::unknown);
}

TEST_CASE("an unknown claim names its relations and moves no verdict", "[coverage]") {
  auto f = check_one(R"(
    .decl popular(p: symbol)
    .claim c "" forall { actor(p) } => { horde(p, _), !popular(p) } supports h as hoop because "why".
  )",
                     {"horde", "popular"});
  const auto& c = claim(f, "c");
  CHECK(c.outcome == Outcome::unknown);
  CHECK(c.unknown_relations == std::vector<std::string>{"horde", "popular"});
  REQUIRE(c.links.size() == 1);
  CHECK_FALSE(c.links.front().passed.has_value());
  CHECK(c.links.front().because == std::optional<std::string>("why"));
  CHECK(f.unobserved == std::vector<std::string>{"horde", "popular"});
  REQUIRE(f.hypotheses.size() == 1);
  CHECK(f.hypotheses.front().verdict == Verdict::untested);  // a failed hoop would have eliminated it
  CHECK(f.hypotheses.front().unknown == std::vector<std::string>{"c"});
  // Observed, the same hoop fails and eliminates.
  auto observed = check_one(R"(
    .decl popular(p: symbol)
    .claim c "" forall { actor(p) } => { horde(p, _), !popular(p) } supports h as hoop because "why".
  )",
                            {});
  CHECK(observed.hypotheses.front().verdict == Verdict::eliminated);
}

// ---- time ------------------------------------------------------------------------------------
namespace {

const char* dated_argument = R"(
  .decl event(name: symbol, year: number)
  .decl meeting(name: symbol, day: symbol)
  .decl actor(p: symbol)
  .dated event(year)
  .dated meeting(day)
  .hypothesis h "a hypothesis"
  actor("aliev").
  event("azamat", 1996). event("dvk", 2001). event("rakhatgate", 2007).
  meeting("spring", "2001-03-15"). meeting("winter", "2001-02"). meeting("year", "2001").
  .claim dvk "DVK formed" from 2001 exists { event("dvk", _) } supports h as straw.
  .claim any_event "" exists { event(e, _) } supports h as straw.
)";

// The names of a relation's rows seen as of `date` (check --as-of).
std::vector<std::string> seen(const std::string& relation, const std::string& date) {
  Program program = test::must_parse(std::string(dated_argument) + ".decl seen(n: symbol)\nseen(n) :- " + relation +
                                     "(n, _).\n.claim listed \"\" exists { seen(n) }.");
  CheckOptions options;
  options.as_of = {date};
  auto report = check(program, {FactSet::from_tuples("f")}, options);
  std::vector<std::string> names;
  for (const auto& c : report.factsets.front().claims)
    if (c.name == "listed")
      for (const auto& w : c.witnesses) names.push_back(format_value(w.front().second));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("as of a year: facts dated that year or before, a year meaning its last day", "[coverage][dates]") {
  CHECK(seen("event", "1995").empty());
  CHECK(seen("event", "1996") == std::vector<std::string>{"azamat"});
  CHECK(seen("event", "2001") == std::vector<std::string>{"azamat", "dvk"});
  CHECK(seen("event", "2010") == std::vector<std::string>{"azamat", "dvk", "rakhatgate"});
  // A date symbol's year alone is a year, too; a year-dated fact counts from its first day.
  CHECK(seen("meeting", "2001") == std::vector<std::string>{"spring", "winter", "year"});
  CHECK(seen("event", "2001-01") == std::vector<std::string>{"azamat", "dvk"});
}

TEST_CASE("as of a month or a day: missing parts count as the first", "[coverage][dates]") {
  // "2001-02" is 2001-02-01 as of "2001-02"; "2001" is 2001-01-01.
  CHECK(seen("meeting", "2001-02") == std::vector<std::string>{"winter", "year"});
  CHECK(seen("meeting", "2001-03") == std::vector<std::string>{"winter", "year"});
  CHECK(seen("meeting", "2001-03-14") == std::vector<std::string>{"winter", "year"});
  CHECK(seen("meeting", "2001-03-15") == std::vector<std::string>{"spring", "winter", "year"});
  CHECK(seen("meeting", "2000-12-31").empty());
}

TEST_CASE("check --as-of: one report per fact set and date, dates ascending, named FACTSET@DATE",
          "[coverage][dates]") {
  Program program = test::must_parse(dated_argument);
  CheckOptions options;
  options.as_of = {"2007", "1996", "2001-06"};
  auto report = check(program, {FactSet::from_tuples("a"), FactSet::from_tuples("b")}, options);
  std::vector<std::string> names;
  for (const auto& f : report.factsets) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"a@1996", "a@2001-06", "a@2007", "b@1996", "b@2001-06", "b@2007"});
  CHECK(report.factsets.front().as_of == std::optional<std::string>("1996"));
}

TEST_CASE("from YEAR: unknown before it, observable from its first day", "[coverage][dates]") {
  Program program = test::must_parse(dated_argument);
  CheckOptions options;
  options.as_of = {"2000", "2000-12-31", "2001-01", "2007"};
  auto report = check(program, {FactSet::from_tuples("f")}, options);
  std::vector<Outcome> outcomes;
  for (const auto& f : report.factsets) {
    const auto& dvk = claim(f, "dvk");
    CHECK(dvk.observable_from == std::optional<int>(2001));
    CHECK(dvk.not_yet_observable == (dvk.outcome == Outcome::unknown));
    outcomes.push_back(dvk.outcome);
  }
  CHECK(outcomes == std::vector<Outcome>{Outcome::unknown, Outcome::unknown, Outcome::holds, Outcome::holds});
  // With no date at all the claim is simply evaluated.
  auto undated = check(program, {FactSet::from_tuples("f")});
  CHECK(claim(undated.factsets.front(), "dvk").outcome == Outcome::holds);
}

TEST_CASE("a folder fact set's coverage.kz says what it did not see and its date", "[coverage][dates]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(dated_argument) + R"(
    .decl horde(p: symbol, h: symbol)
    .input horde
    .claim kin "" exists { actor(p), horde(p, _) } supports h as straw.
  )");
  test::write_text(dir.path() / "f" / "horde.facts", "");
  test::write_text(dir.path() / "f" / "coverage.kz", ".unobserved horde\n.as_of 1996\n");
  auto report = check(dir.path() / "rules.kz", {dir.path() / "f"});
  const auto& f = report.factsets.front();
  CHECK(f.as_of == std::optional<std::string>("1996"));
  CHECK(claim(f, "kin").outcome == Outcome::unknown);
  CHECK(claim(f, "dvk").outcome == Outcome::unknown);
  CHECK(claim(f, "any_event").outcome == Outcome::holds);  // azamat, 1996
}

TEST_CASE("dated rows read from fact files are filtered and their dates checked", "[coverage][dates]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", R"(
    .decl conflict(name: symbol, day: symbol)
    .input conflict
    .dated conflict(day)
    .claim late "" exists { conflict("late", _) }.
  )");
  test::write_text(dir.path() / "f" / "conflict.facts", "early\t1999-05\nlate\t2002-01-10\n");
  test::write_text(dir.path() / "f" / "coverage.kz", ".as_of \"2001-12\"\n");
  auto report = check(dir.path() / "rules.kz", {dir.path() / "f"});
  CHECK(claim(report.factsets.front(), "late").outcome == Outcome::fails);
  test::write_text(dir.path() / "f" / "conflict.facts", "early\t1999-05\nlate\t2002-13\n");
  try {
    check(dir.path() / "rules.kz", {dir.path() / "f"});
    FAIL("a bad date must be refused");
  } catch (const Error& e) {
    const std::string text = render(e.diagnostics());
    CHECK_THAT(text, Contains("E0208"));
    CHECK_THAT(text, Contains("conflict.facts:2"));
    CHECK_THAT(text, Contains("2002-13"));
  }
}

// ---- bad input ---------------------------------------------------------------------------------
TEST_CASE("each coverage construct's bad input is a located error with its code", "[coverage][errors]") {
  const std::string decls = ".decl conflict(name: symbol, year: number, weight: float)\n";
  struct Case {
    std::string text, code, where, says;
  };
  const std::vector<Case> cases = {
      {".unobserved hordes\n", "E0101", "test.dl:2:13", "unknown relation 'hordes'"},
      {".dated conflict(when)\n", "E0207", "test.dl:2:17", "no attribute 'when'"},
      {".dated conflict(weight)\n", "E0207", "test.dl:2:17", "is a float"},
      {".dated conflict(year)\n.dated conflict(name)\n", "E0207", "test.dl:3:8", "dated twice"},
      {".as_of \"2001-13\"\n", "E0208", "test.dl:2:8", "not a date"},
      {".as_of \"2001-02-30\"\n", "E0208", "test.dl:2:8", "not a date"},
      {".as_of 1996\n.as_of 2001\n", "E0208", "test.dl:3:8", "already seen as of 1996"},
      {".dated conflict(name)\nconflict(\"dvk\", 2001, 1.0) .\nconflict(\"x\", 2, 1.0).\n", "E0208", "test.dl:3:10",
       "is not a date"},
      {".claim c \"\" from 20011 exists { conflict(_, _, _) }.\n", "E0208", "test.dl:2:18", "takes a year"},
      {".param limit = 3.0 range 6.0 .. 1.0 step 0.1\n", "E0209", "test.dl:2:26", "above the high bound"},
      {".param limit = 3.0 range 1.0 .. 6.0 step 0\n", "E0209", "test.dl:2:42", "not positive"},
      {".param limit = 3.0 range 1.0 .. 6.0 step -0.5\n", "E0209", "test.dl:2:42", "not positive"},
      {".param limit = 3 range 1 .. 6 step 0.5\n", "E0209", "test.dl:2:36", "must be one"},
      {".param limit = 3.0 range 1.0 .. 2.0 * 3 step 0.5\n", "E0209", "test.dl:2:33", "number literal"},
      {".param name = \"x\" range 1 .. 6 step 1\n", "E0209", "test.dl:2:19", "only a number or float"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const std::string errors = test::parse_errors(decls + c.text);
    CHECK_THAT(errors, Contains(c.code));
    CHECK_THAT(errors, Contains(c.where));
    CHECK_THAT(errors, Contains(c.says));
  }
}

TEST_CASE("the new constructs parse, print at each stage, and read exactly", "[coverage]") {
  Program program = test::must_parse(R"(
    .decl conflict(name: symbol, year: number)
    .decl horde(p: symbol, h: symbol)
    .dated conflict(year)
    .unobserved horde
    .as_of "2001-03"
    .param limit = 3.0 range 1.0 .. 6.0 step 0.05
    .hypothesis h "h"
    .claim c "c" from 2001 exists { conflict(_, _) } supports h as hoop because "a reason".
  )");
  const std::string ast = show(program, Stage::ast);
  CHECK_THAT(ast, Contains("unobserved horde"));
  CHECK_THAT(ast, Contains("dated conflict(year)"));
  CHECK_THAT(ast, Contains("as_of \"2001-03\""));
  CHECK_THAT(ast, Contains("from 2001"));
  CHECK_THAT(ast, Contains("because \"a reason\""));
  const std::string ir = show(program, Stage::ir);
  CHECK_THAT(ir, Contains("limit: float = 3.0 range 1.0 .. 6.0 step 0.05"));
  CHECK_THAT(ir, Contains("unobserved horde"));
  CHECK_THAT(ir, Contains("dated conflict by year"));
  CHECK_THAT(ir, Contains("as of 2001-03"));
  CHECK_THAT(ir, Contains("observable from 2001"));
  CHECK_THAT(ir, Contains("because \"a reason\""));
}

TEST_CASE("check --as-of refuses a date that is not one, before evaluating anything", "[coverage][errors]") {
  Program program = test::must_parse(dated_argument);
  CheckOptions options;
  options.as_of = {"1996", "96"};
  try {
    check(program, {FactSet::from_tuples("f")}, options);
    FAIL("--as-of 96 must be refused");
  } catch (const Error& e) {
    CHECK_THAT(render(e.diagnostics()), Contains("E0208"));
    CHECK_THAT(render(e.diagnostics()), Contains("--as-of 96"));
  }
}

TEST_CASE("with no fact set, a coverage.kz beside the rules is read once", "[coverage][dates]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(dated_argument));
  // Read twice, its .as_of would be "already seen as of 1996" (E0208).
  test::write_text(dir.path() / "coverage.kz", ".as_of 1996\n");
  auto report = check(dir.path(), {});
  REQUIRE(report.factsets.size() == 1);
  CHECK(report.factsets.front().as_of == std::optional<std::string>("1996"));
  CHECK(claim(report.factsets.front(), "dvk").outcome == Outcome::unknown);
}

TEST_CASE("any evaluation leaves out rows from files dated after the program's date", "[coverage][dates]") {
  // `run` as much as `check`: a program seen as of a date sees only what was dated by then,
  // whether its facts were written in the language or read from files.
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", R"(
    .decl event(name: symbol, year: number)
    .input event
    .dated event(year)
    .as_of 2000
    event("written", 2005). event("early", 1990).
  )");
  test::write_text(dir.path() / "event.facts", "read\t2001\nread_early\t1999\n");
  auto parsed = parse_path(dir.path() / "p.dl");
  REQUIRE(parsed.ok());
  Database db(*parsed.program);
  db.load_inputs(dir.path());
  db.add_fact("event", {Value(std::string("added")), Value(std::int64_t{2003})});
  db.evaluate();
  CHECK(test::rows_text(db, "event") == "early\t1990\nread_early\t1999\n");
}

TEST_CASE("a fact set holds facts and coverage lines only", "[coverage][errors]") {
  // An injected doubly-decisive claim in a file fact set confirmed a hypothesis (issue 16,
  // finding 15): a fact set cannot change the argument it is judged by.
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(dated_argument));
  const std::vector<std::pair<std::string, std::string>> intruders = {
      {".claim injected \"x\" exists { actor(_) } supports h as doubly_decisive because \"x\".\n", "a claim"},
      {"actor(p) :- event(p, _).\n", "a rule"},
      {".decl extra(x: number)\n", "a declaration"},
      {".hypothesis other \"o\"\n", "a hypothesis"},
      {".param limit = 2\n", "a parameter"},
      {".input actor\n", "an IO directive"},
  };
  for (const auto& [text, what] : intruders) {
    INFO(text);
    test::write_text(dir.path() / "facts.kz", "actor(\"kazhegeldin\").\n" + text);
    try {
      check(dir.path() / "rules.kz", {dir.path() / "facts.kz"});
      FAIL("accepted");
    } catch (const Error& e) {
      const std::string errors = render(e.diagnostics());
      CHECK_THAT(errors, Contains("E0306") && Contains("facts.kz:2:1") && Contains("this is " + what));
    }
  }
  // Facts and coverage lines are what a fact set is for.
  test::write_text(dir.path() / "facts.kz", "actor(\"kazhegeldin\").\n.as_of 1996\n");
  auto report = check(dir.path() / "rules.kz", {dir.path() / "facts.kz"});
  CHECK(report.factsets.front().as_of == std::optional<std::string>("1996"));
  // In memory too.
  Program program = test::must_parse(dated_argument);
  CHECK_THROWS_AS(check(program, {FactSet::from_text("mem", "event(\"x\", 1990) :- actor(_).")}), Error);
}
