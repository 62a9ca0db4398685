// Why, why not and what if: proofs, argument maps, what-if, sweeps, flips, handouts.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

struct Corpus {
  test::TempDir dir;
  Corpus() {
    test::write_text(dir.path() / "rules" / "tc.kz", R"(.hypothesis reach "1 reaches 4"
.hypothesis cut "1 does not reach 4"
.param min_hops = 2
.decl edge(a: number, b: number, source: symbol)
.input edge(IO=file, filename="edge.csv", delimiter=",", headers=true, rfc4180=true)
.decl path(a: number, b: number, hops: number)
path(x, y, 1) :- edge(x, y, _).
path(x, z, n + 1) :- path(x, y, n), edge(y, z, _), n < 10.
.decl reaches(a: number, b: number)
reaches(x, y) :- path(x, y, n), n >= min_hops.
.claim far "1 reaches 4 in at least min_hops hops" exists { reaches(1, 4) } supports reach as smoking_gun, opposes cut as hoop.
)");
    test::write_text(dir.path() / "facts" / "edge.csv", "a,b,source\n1,2,\"map, p. 1\"\n2,3,map p. 2\n3,4,map p. 3\n");
  }
  fs::path rules() const { return dir.path() / "rules"; }
  fs::path facts() const { return dir.path() / "facts"; }
};

Database evaluated(const Corpus& c) {
  Database db = open_factset(c.rules(), c.facts());
  EvalOptions o;
  o.record_provenance = true;
  db.evaluate(o);
  return db;
}

}  // namespace

TEST_CASE("explain prints a proof down to fact rows with their source", "[explain]") {
  Corpus c;
  auto db = evaluated(c);
  auto e = explain_atom(db, "reaches(1, 4)");
  REQUIRE(e.derived);
  const std::string text = render_explanation(e);
  CHECK_THAT(text, Contains("reaches(1, 4)   [rule "));
  CHECK_THAT(text, Contains("tc.kz:10]"));
  CHECK_THAT(text, Contains("path(1, 4, 3)   [rule "));
  CHECK_THAT(text, Contains("edge(1, 2, \"map, p. 1\")   [fact "));
  CHECK_THAT(text, Contains("edge.csv:2]   source: map, p. 1"));
  // Minimal height: path(1, 4, 3) rests on path(1, 3, 2), not on anything longer.
  CHECK(e.proof.children.size() == 1);
  CHECK(e.proof.children[0].children[0].atom == "path(1, 3, 2)");
  auto json = nlohmann::json::parse(explanation_json(e));
  CHECK(json["proof"]["children"][0]["kind"] == "rule");
}

TEST_CASE("explain says why a tuple is not derived", "[explain]") {
  Corpus c;
  auto db = evaluated(c);
  auto e = explain_atom(db, "reaches(4, 1)");
  CHECK_FALSE(e.derived);
  REQUIRE(e.attempts.size() == 1);
  CHECK(e.attempts[0].failed_literal == "path(x, y, n)");
  const std::string text = render_explanation(e);
  CHECK_THAT(text, Contains("reaches(4, 1) is not derived."));
  CHECK_THAT(text, Contains("closest match: x = 4, y = 1"));
  auto short_path = explain_atom(db, "reaches(1, 2)");  // one hop: the comparison fails
  REQUIRE(short_path.attempts.size() == 1);
  CHECK(short_path.attempts[0].failed_literal == "n >= min_hops");
  CHECK_THROWS_AS(explain_atom(db, "reaches(1)"), Error);
  CHECK_THROWS_AS(explain_atom(db, "nothing(1)"), Error);
}

TEST_CASE("explain claim:NAME gives each witness with its proof", "[explain]") {
  Corpus c;
  auto db = evaluated(c);
  auto e = explain_claim(db, "far");
  CHECK(e.result.outcome == Outcome::holds);
  REQUIRE(e.instances.size() == 1);
  REQUIRE(e.instances[0].proofs.size() == 1);
  CHECK(e.instances[0].proofs[0].atom == "reaches(1, 4)");
  auto cli = test::run_cli(fmt::format("explain '{}' '{}' claim:far", c.rules().string(), c.facts().string()));
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains("claim far (exists"));
  auto missing = test::run_cli(fmt::format("explain '{}' '{}' 'path(1, 9, 1)'", c.rules().string(), c.facts().string()));
  CHECK(missing.exit_code == 0);
  CHECK_THAT(missing.out, Contains("is not derived"));
}

TEST_CASE("what if: removing or adding facts moves verdicts", "[whatif]") {
  Corpus c;
  CheckOptions options;
  auto program = parse_path(c.rules());
  REQUIRE(program.ok());
  options.without.push_back(parse_pattern(*program.program, "edge(3, _, _)"));
  auto report = check(c.rules(), {c.facts()}, options);
  CHECK(report.factsets[0].supports == std::vector<std::string>{"cut"});
  CheckOptions add;
  add.with.push_back(parse_atom(*program.program, "edge(3, 4, \"new\")"));
  CHECK(check(c.rules(), {c.facts()}, add).factsets[0].supports == std::vector<std::string>{"reach"});
  auto cli = test::run_cli(fmt::format("check '{}' '{}' --without 'edge(2, 3, _)'", c.rules().string(), c.facts().string()));
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains("What moved"));
  CHECK_THAT(cli.out, Contains("reach: confirmed -> weakened"));
  CHECK_THAT(cli.out, Contains("supports: reach -> cut"));
}

TEST_CASE("params: defaults, --param overrides and sweeps that mark flips", "[sweep]") {
  Corpus c;
  CheckOptions options;
  options.parse.param_overrides = {{"min_hops", "4"}};
  CHECK(check(c.rules(), {c.facts()}, options).factsets[0].supports == std::vector<std::string>{"cut"});
  auto s = sweep(c.rules(), c.facts(), parse_sweep_range("min_hops=1:5:1"));
  REQUIRE(s.rows.size() == 5);
  CHECK(s.rows[2].verdicts[0] == Verdict::confirmed);  // 3 hops reach 4
  CHECK(s.rows[3].verdicts[0] == Verdict::weakened);
  CHECK(s.rows[3].flipped[0]);
  CHECK_FALSE(s.rows[2].flipped[0]);
  CHECK_THAT(render_sweep(s), Contains("weakened*"));
  CHECK_THROWS_AS(parse_sweep_range("min_hops=5:1:1"), Error);
  CHECK_THROWS_AS(sweep(c.rules(), c.facts(), parse_sweep_range("nope=1:2:1")), Error);
  options.parse.param_overrides = {{"min_hops", "many"}};
  CHECK_THROWS_AS(check(c.rules(), {c.facts()}, options), Error);
}

TEST_CASE("flip finds the smallest removal that changes a verdict", "[flip]") {
  Corpus c;
  auto r = flip(c.rules(), c.facts(), "reach");
  CHECK(r.before == Verdict::confirmed);
  REQUIRE(r.after);
  CHECK(*r.after == Verdict::weakened);
  CHECK(r.removed.size() == 1);
  CHECK(r.candidates == 3);
  FlipOptions tiny;
  tiny.max_evaluations = 1;
  auto stopped = flip(c.rules(), c.facts(), "reach", {}, tiny);
  CHECK(stopped.stopped_early);
  CHECK_THAT(render_flip(stopped), Contains("budget"));
  CHECK_THROWS_AS(flip(c.rules(), c.facts(), "nobody"), Error);
}

TEST_CASE("argument maps as DOT and Argdown, coloured by a fact set", "[graph]") {
  Corpus c;
  auto db = evaluated(c);
  auto report = check_database(db, "facts");
  const std::string dot = argument_dot(db.program(), &report);
  CHECK_THAT(dot, Contains("digraph argument"));
  CHECK_THAT(dot, Contains("\"c:far\" -> \"h:reach\" [label=\"supports · smoking_gun\", color=\"#1a7f1a\""));
  CHECK_THAT(dot, Contains("\"c:far\" -> \"h:cut\" [label=\"opposes · hoop\", color=\"#c01818\""));
  const std::string argdown = argument_argdown(db.program(), &report);
  CHECK_THAT(argdown, Contains("<far>: 1 reaches 4"));
  CHECK_THAT(argdown, Contains("  +> [reach] #smoking_gun #passed"));
  CHECK_THAT(argdown, Contains("  -> [cut] #hoop #failed"));
  auto cli = test::run_cli(fmt::format("graph '{}' --format argdown", c.rules().string()));
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains("[reach]: 1 reaches 4"));
}

TEST_CASE("the HTML handout holds the matrix, the claims and their proofs", "[html]") {
  Corpus c;
  const std::string html = render_html(c.rules(), {c.facts()});
  CHECK_THAT(html, Contains("<!doctype html>"));
  CHECK_THAT(html, Contains("<td class=\"good\">confirmed</td>"));
  CHECK_THAT(html, Contains("reaches(1, 4)"));
  CHECK_THAT(html, Contains("supports:</b> reach"));
}

TEST_CASE("reports do not depend on the thread count", "[parallel]") {
  const fs::path corpus = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";
  const std::vector<fs::path> sets = {corpus / "facts" / "2007", corpus / "facts" / "counterfactual-strongmen"};
  CheckOptions one, two;
  two.eval.threads = 2;
  CHECK(render_json(check(corpus, sets, one)) == render_json(check(corpus, sets, two)));
  CheckOptions one_dated = one, two_dated = two;  // each fact set once per date, too
  one_dated.as_of = two_dated.as_of = {"1996", "2001"};
  CHECK(render_json(check(corpus, sets, one_dated)) == render_json(check(corpus, sets, two_dated)));
  const auto range = parse_sweep_range("tenure_limit=2:4:0.5");
  CHECK(render_sweep(sweep(corpus, sets[0], range, one)) == render_sweep(sweep(corpus, sets[0], range, two)));
  Corpus c;
  auto f1 = flip(c.rules(), c.facts(), "reach", one);
  auto f2 = flip(c.rules(), c.facts(), "reach", two);
  CHECK(f1.removed == f2.removed);
  CHECK(f1.evaluations == f2.evaluations);
}
