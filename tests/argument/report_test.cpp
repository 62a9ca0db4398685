// Reports of what a fact set did not see, time and reasons, in every format: unknown
// claims with the relations they touched or the year they become observable, `because`
// on links, the fact set's date; the handout's verdict details; what-if moves; proofs.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// An argument whose fact set did not observe `horde`, with a dated relation, a claim
// observable only from 2001, and reasons on its two strong links. By hand:
//   as of 1999 (bob's 2003 conflict left out): junior_defected unknown (horde), dvk
//   unknown (not observable before 2001), most_members and share_members fail (1 of 3),
//   ancient vacuous; fpg weakened with score -2, clan untested.
//   as of 2005: dvk holds with witness {p: "bob", y: 2003}, most/share hold (2 of 3),
//   fpg confirmed, decided by dvk.
struct Fixture {
  test::TempDir dir;
  Fixture() {
    test::write_text(dir.path() / "rules" / "argument.kz", R"(.hypothesis fpg "Financial-industrial groups"
.hypothesis clan "Clans"
.decl horde(p: symbol, h: symbol)
.decl conflict(p: symbol, year: number)
.input conflict
.dated conflict(year)
.decl member(p: symbol)
member("aliev"). member("bob"). member("carl").
horde("aliev", "senior").
.claim junior_defected "A junior horde member defected" exists { horde(p, "junior") }
    opposes clan as hoop because "A clan account cannot survive the president's own horde defecting".
.claim dvk "DVK was born of a conflict" from 2001 exists { conflict(p, y), y >= 2001 }
    supports fpg as smoking_gun because "Only FPG leaders had assets to lose".
.claim most_members "Most members were in a conflict" most { member(p) } => { conflict(p, _) }
    supports fpg as straw.
.claim share_members "Half the members were in a conflict" share { member(p) } => { conflict(p, _) } >= 0.5
    supports fpg as straw.
.claim ancient "Every conflict before 1900 involved a member" forall { conflict(p, y), y < 1900 } => { member(p) }
    supports fpg as straw.
)");
    test::write_text(dir.path() / "facts" / "conflict.facts", "aliev\t1999\nbob\t2003\n");
    test::write_text(dir.path() / "facts" / "coverage.kz", ".unobserved horde\n");
  }
  fs::path rules() const { return dir.path() / "rules"; }
  fs::path facts() const { return dir.path() / "facts"; }
  std::string name() const { return facts().string(); }
  CheckReport check_as_of(CheckOptions options = {}) const {
    options.as_of = {"2005", "1999"};
    return check(rules(), {facts()}, options);
  }
  // `kzrules check RULES FACTS ARGS`
  test::CommandResult cli(const std::string& args) const {
    return test::run_cli(fmt::format("check '{}' '{}' {}", rules().string(), facts().string(), args));
  }
};

const ClaimResult& claim(const FactSetReport& f, const std::string& name) {
  for (const auto& c : f.claims)
    if (c.name == name) return c;
  FAIL("no claim " << name);
  throw std::logic_error("unreachable");
}

const nlohmann::json& json_claim(const nlohmann::json& factset, const std::string& name) {
  for (const auto& c : factset["claims"])
    if (c["name"] == name) return c;
  FAIL("no claim " << name);
  throw std::logic_error("unreachable");
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("the report holds unknown outcomes, their reasons and the fact set's date", "[report]") {
  Fixture fx;
  const CheckReport report = fx.check_as_of();
  REQUIRE(report.factsets.size() == 2);
  const auto& early = report.factsets[0];
  CHECK(early.name == fx.name() + "@1999");
  CHECK(early.as_of == "1999");
  CHECK(early.unobserved == std::vector<std::string>{"horde"});
  CHECK(claim(early, "junior_defected").outcome == Outcome::unknown);
  CHECK(claim(early, "junior_defected").unknown_relations == std::vector<std::string>{"horde"});
  CHECK(claim(early, "dvk").outcome == Outcome::unknown);
  CHECK(claim(early, "dvk").not_yet_observable);
  CHECK(claim(early, "dvk").observable_from == 2001);
  CHECK(claim(early, "most_members").outcome == Outcome::fails);
  CHECK(claim(early, "ancient").outcome == Outcome::vacuous);
  CHECK(claim(report.factsets[1], "dvk").outcome == Outcome::holds);
}

TEST_CASE("the text report names what is unknown, why, and each link's reason", "[report]") {
  Fixture fx;
  const std::string text = render_text(fx.check_as_of());
  CHECK_THAT(text, Contains("Fact set " + fx.name() + "@1999\n  seen as of 1999; not observed: horde\n"));
  CHECK_THAT(text, Contains("unknown  junior_defected  exists  A junior horde member defected\n"
                            "             unknown: depends on unobserved horde\n"));
  CHECK_THAT(text, Contains("unknown: not observable before 2001 (seen as of 1999)"));
  CHECK_THAT(text, Contains("opposes clan as hoop: not counted (unknown)\n"
                            "               because: A clan account cannot survive the president's own horde defecting\n"));
  CHECK_THAT(text, Contains("supports fpg as smoking_gun: not counted (unknown)"));
  CHECK_THAT(text, Contains("supports fpg as straw: not counted (vacuous)"));  // ancient
  CHECK_THAT(text, Contains("fpg         weakened    score -2  failed: most_members, share_members  unknown: dvk\n"));
  CHECK_THAT(text, Contains("clan        untested    unknown: junior_defected\n"));
  // As of 2005 the claim is observable and says from when.
  CHECK_THAT(text, Contains("holds    dvk              exists  DVK was born of a conflict\n"
                            "             observable from 2001\n             1 witness\n"));
  CHECK_THAT(text, Contains("supports fpg as smoking_gun: passed\n               because: Only FPG leaders"));
  CHECK_THAT(text, Contains("fpg         confirmed   decided by: dvk"));
}

TEST_CASE("the JSON report follows the contract for unknown claims, reasons and dates", "[report][json]") {
  Fixture fx;
  const auto json = nlohmann::json::parse(render_json(fx.check_as_of()));
  const auto& early = json["factsets"][0];
  const auto& late = json["factsets"][1];
  CHECK(early["as_of"] == "1999");
  CHECK(late["as_of"] == "2005");
  CHECK(early["unobserved"] == nlohmann::json({"horde"}));
  for (const auto& factset : {early, late}) {
    for (const auto& c : factset["claims"]) {
      INFO(c["name"]);
      for (const char* key : {"name", "outcome", "holds", "form", "values", "share", "coverage", "witnesses",
                              "counterexamples", "links", "unknown_relations", "observable_from"})
        CHECK(c.contains(key));
      CHECK_FALSE(c.contains("explained"));  // only with --explain
      for (const auto& l : c["links"])
        for (const char* key : {"hypothesis", "direction", "test", "passed", "because", "weight_db"})
          CHECK(l.contains(key));
    }
  }
  const auto& junior = json_claim(early, "junior_defected");
  CHECK(junior["outcome"] == "unknown");
  CHECK(junior["holds"].is_null());
  CHECK(junior["unknown_relations"] == nlohmann::json({"horde"}));
  CHECK(junior["observable_from"].is_null());
  CHECK(junior["links"][0]["passed"].is_null());
  CHECK(junior["links"][0]["because"] == "A clan account cannot survive the president's own horde defecting");
  const auto& dvk = json_claim(early, "dvk");
  CHECK(dvk["outcome"] == "unknown");
  CHECK(dvk["holds"].is_null());
  CHECK(dvk["unknown_relations"] == nlohmann::json::array());
  CHECK(dvk["not_yet_observable"] == true);
  CHECK(dvk["observable_from"] == 2001);
  CHECK(dvk["links"][0]["passed"].is_null());
  const auto& most = json_claim(early, "most_members");
  CHECK(most["outcome"] == "fails");
  CHECK(most["holds"] == false);
  CHECK(most["unknown_relations"] == nlohmann::json::array());
  CHECK(most["observable_from"].is_null());
  CHECK(most["links"][0]["passed"] == false);
  CHECK(most["links"][0]["because"].is_null());
  CHECK(json_claim(early, "ancient")["holds"].is_null());
  const auto& late_dvk = json_claim(late, "dvk");
  CHECK(late_dvk["holds"] == true);
  CHECK(late_dvk["observable_from"] == 2001);
  CHECK(late_dvk["not_yet_observable"] == false);
  CHECK(late_dvk["links"][0]["passed"] == true);
  CHECK(early["hypotheses"][0]["unknown"] == nlohmann::json({"dvk"}));
  CHECK(early["hypotheses"][1]["unknown"] == nlohmann::json({"junior_defected"}));
  // A fact set seen as of no date.
  const auto undated = nlohmann::json::parse(render_json(check(fx.rules(), {fx.facts()})));
  CHECK(undated["factsets"][0]["as_of"].is_null());
  CHECK(undated["factsets"][0]["unobserved"] == nlohmann::json({"horde"}));
}

TEST_CASE("the Markdown report names what is unknown, why, and each link's reason", "[report][md]") {
  Fixture fx;
  const std::string md = render_markdown(fx.check_as_of());
  CHECK_THAT(md, Contains("## Fact set `" + fx.name() + "@1999`\n\nseen as of 1999; not observed: horde\n"));
  CHECK_THAT(md, Contains("| **unknown**<br>depends on unobserved horde |"));
  CHECK_THAT(md, Contains("| **unknown**<br>not observable before 2001 (seen as of 1999) |"));
  CHECK_THAT(md, Contains("opposes clan as hoop: not counted (unknown)<br>*because:* A clan account cannot survive"));
  CHECK_THAT(md, Contains("`dvk` (exists)<br>DVK was born of a conflict<br>*observable from 2001* | **holds**"));
  CHECK_THAT(md, Contains("| hypothesis | verdict | passed | failed | unknown |"));
  CHECK_THAT(md, Contains("| `clan` | **untested** |  |  | junior_defected |"));
  CHECK_THAT(md, Contains("| `fpg` | **confirmed** (decided by: dvk) |"));
}

TEST_CASE("the HTML handout shows unknowns, reasons, dates and what decided each verdict", "[report][html]") {
  Fixture fx;
  CheckOptions options;
  options.as_of = {"1999", "2005"};
  options.bayes = true;
  const std::string html = render_html(fx.rules(), {fx.facts()}, options);
  // Headings show a fact set outside the current folder by its last component, never by
  // the author's absolute path.
  CHECK_THAT(html, Contains("<h2>Fact set <code>facts@1999</code></h2>\n"
                            "<p class=\"note\">seen as of 1999; not observed: horde</p>"));
  CHECK_THAT(html, Contains("<td class=\"unknown\">unknown<br><span class=\"note\">depends on unobserved horde</span>"));
  CHECK_THAT(html, Contains("not observable before 2001 (seen as of 1999)"));
  CHECK_THAT(html, Contains("<span class=\"because\">because A clan account cannot survive the president's own horde "
                            "defecting</span>"));
  CHECK_THAT(html, Contains("observable from 2001"));
  CHECK_THAT(html, Contains("not counted (unknown)"));
  // Verdicts with their score, the claims that decided them and the unknown claims.
  CHECK_THAT(html, Contains("<tr><td><code>fpg</code></td><td class=\"bad\">weakened</td><td>-2</td><td></td><td></td>"
                            "<td><code>most_members</code>, <code>share_members</code></td><td><code>dvk</code></td>"));
  CHECK_THAT(html, Contains("<tr><td><code>fpg</code></td><td class=\"good\">confirmed</td><td></td>"
                            "<td><code>dvk</code></td>"));
  // most and share: their share and bound; instances as name = value.
  CHECK_THAT(html, Contains("2 of 3 extend (66.67%; needs &gt;= 0.5)"));
  CHECK_THAT(html, Contains("1 of 3 extend (33.33%; more than half needed)"));
  CHECK_THAT(html, Contains("<code>p = \"carl\"</code>"));
  CHECK_THAT(html, Contains("<code>p = \"bob\", y = 2003</code>"));
  CHECK(html.find("{p: ") == std::string::npos);
  // --bayes: as of 2005 fpg's odds are 8 (smoking gun 0.4/0.05) x 1.5 x 1.5 (straws
  // 0.6/0.4) = 18, a posterior of 18/19; the smoking gun weighs 10 log10 8 = +9.0 dB.
  CHECK_THAT(html, Contains("<th>posterior</th>"));
  CHECK_THAT(html, Contains("<td>0.947</td>"));
  CHECK_THAT(html, Contains("supports fpg as smoking_gun: passed (+9.0 dB; p_H 0.4, p_notH 0.05)"));
  CHECK_THAT(html, Contains("decibans"));
  // Without --bayes: no posteriors.
  const std::string plain = render_html(fx.rules(), {fx.facts()});
  CHECK(plain.find("posterior") == std::string::npos);
}

TEST_CASE("argument maps carry reasons, unknowns and observable-from years", "[report][graph]") {
  Fixture fx;
  const CheckReport report = fx.check_as_of();
  const Program program = *parse_path(fx.rules()).program;
  const std::string dot = argument_dot(program, &report.factsets[0]);
  CHECK_THAT(dot, Contains("label=\"supports · smoking_gun\\nbecause Only FPG leaders had\\nassets to lose\""));
  CHECK_THAT(dot, Contains("tooltip=\"Only FPG leaders had assets to lose\""));
  CHECK_THAT(dot, Contains("DVK was born of a conflict\\nfrom 2001\\n(unknown)\\nnot observable before 2001 (seen\\nas of 1999)"));
  CHECK_THAT(dot, Contains("(unknown)\\ndepends on unobserved horde"));
  CHECK_THAT(dot, Contains("label=\"facts@1999\\nseen as of 1999; not observed: horde\""));
  // One cluster per hypothesis, the legend beside the map, labels tied to their edges.
  CHECK_THAT(dot, Contains("subgraph \"cluster_h_fpg\""));
  CHECK_THAT(dot, Contains("<B>Legend</B>"));
  CHECK_THAT(dot, Contains("decorate=true"));
  const std::string argdown = argument_argdown(program, &report.factsets[0]);
  CHECK_THAT(argdown, Contains("<junior_defected>: A junior horde member defected #unknown\n"
                               "  // unknown: depends on unobserved horde\n"
                               "  -> [clan] #hoop #not-counted\n"
                               "    // because: A clan account cannot survive the president's own horde defecting\n"));
  CHECK_THAT(argdown, Contains("  // observable from 2001\n"));
  // Without a report the map still gives the reasons.
  CHECK_THAT(argument_dot(program), Contains("because Only FPG leaders had"));
}

TEST_CASE("the HTML handout takes a title and keeps absolute paths out of its headings", "[report][html]") {
  Fixture fx;
  const std::string plain = render_html(fx.rules(), {fx.facts()});
  CHECK(plain.find("<h1>Checking <code>/") == std::string::npos);
  CHECK(plain.find("<h2>Fact set <code>/") == std::string::npos);
  HtmlOptions titled;
  titled.title = "Seminar 3: <two> Kazakhstans";
  const std::string html = render_html(fx.rules(), {fx.facts()}, {}, titled);
  CHECK_THAT(html, Contains("<title>kzrules: Seminar 3: &lt;two&gt; Kazakhstans</title>"));
  CHECK_THAT(html, Contains("<h1>Seminar 3: &lt;two&gt; Kazakhstans</h1>"));
}

TEST_CASE("what-if moves in every format", "[report][whatif]") {
  Fixture fx;
  const Program program = *parse_path(fx.rules()).program;
  CheckOptions options;
  options.without.push_back(parse_pattern(program, "conflict(\"bob\", _)"));
  // Without bob's 2003 conflict: dvk, most_members and share_members fail, and fpg
  // (a failed smoking gun and two failed straws) is weakened.
  const WhatIfReport what = what_if(fx.rules(), {fx.facts()}, options);
  REQUIRE(what.changes == std::vector<std::string>{"--without conflict(\"bob\", _)"});

  const auto json = nlohmann::json::parse(render_json(what));
  CHECK(json["factsets"][0]["supports"] == nlohmann::json::array());  // the changed report's fields
  const auto& moves = json["what_if"];
  CHECK(moves["changes"] == nlohmann::json({"--without conflict(\"bob\", _)"}));
  CHECK(moves["factsets"][0]["name"] == fx.name());
  CHECK(moves["factsets"][0]["claims"] == nlohmann::json::parse(R"([
    {"claim": "dvk", "before": "holds", "after": "fails"},
    {"claim": "most_members", "before": "holds", "after": "fails"},
    {"claim": "share_members", "before": "holds", "after": "fails"}])"));
  CHECK(moves["factsets"][0]["verdicts"] ==
        nlohmann::json::parse(R"([{"hypothesis": "fpg", "before": "confirmed", "after": "weakened"}])"));
  CHECK(moves["factsets"][0]["supports"] == nlohmann::json::parse(R"({"before": ["fpg"], "after": []})"));

  const std::string md = render_markdown(what);
  CHECK_THAT(md, Contains("## What moved\n\nAgainst the fact sets as they are, with `--without conflict(\"bob\", _)`."));
  CHECK_THAT(md, Contains("| claim `dvk` | holds | **fails** |"));
  CHECK_THAT(md, Contains("| hypothesis `fpg` | confirmed | **weakened** |"));
  CHECK_THAT(md, Contains("| supports | fpg | **none** |"));

  const std::string text = render_text(what);
  CHECK_THAT(text, Contains("What moved  --without conflict(\"bob\", _)\n"));
  CHECK_THAT(text, Contains("    fpg: confirmed -> weakened\n"));

  const std::string html = render_html(fx.rules(), {fx.facts()}, options);
  CHECK_THAT(html, Contains("<h2>What moved</h2>"));
  CHECK_THAT(html, Contains("<tr><td>hypothesis <code>fpg</code></td><td class=\"good\">confirmed</td>"
                            "<td class=\"bad\">weakened</td></tr>"));
  CHECK_THAT(html, Contains("<td class=\"bad\">weakened</td>"));  // the handout is the changed report's

  // A check with no change moves nothing, and says so.
  const WhatIfReport still = what_if(fx.rules(), {fx.facts()}, CheckOptions{});
  CHECK(nlohmann::json::parse(render_json(still))["what_if"]["factsets"][0]["supports"].is_null());
  CHECK_THAT(render_markdown(still), Contains("No verdict moved."));
}

TEST_CASE("check --with/--without gives the moves in every format", "[report][whatif][cli]") {
  Fixture fx;
  const std::string without = "--without 'conflict(\"bob\", _)'";
  auto json = fx.cli(without + " --format json");
  REQUIRE(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out)["what_if"]["factsets"][0]["verdicts"][0]["after"] == "weakened");
  auto md = fx.cli(without + " --format md");
  CHECK_THAT(md.out, Contains("## What moved"));
  auto html = fx.cli(without + " --format html");
  CHECK(html.exit_code == 0);
  CHECK(html.out.rfind("<!doctype html>", 0) == 0);
  CHECK_THAT(html.out, Contains("<h2>What moved</h2>"));
  CHECK(html.out.find("What moved  --without") == std::string::npos);  // no text after the page
  auto text = fx.cli(without);
  CHECK_THAT(text.out, Contains("fpg: confirmed -> weakened"));
  CHECK(fx.cli(without + " --fail-on-violation").exit_code == 1);
}

TEST_CASE("check --explain adds proofs to the instances in every format", "[report][explain]") {
  Fixture fx;
  CheckOptions options;
  options.explain = true;
  options.as_of = {"2005"};
  const CheckReport report = check(fx.rules(), {fx.facts()}, options);
  const auto& f = report.factsets[0];
  CHECK(f.explain);
  const auto& dvk = claim(f, "dvk");
  REQUIRE(dvk.explained.size() == 1);
  CHECK(dvk.explained[0].binding == dvk.witnesses[0]);
  REQUIRE(dvk.explained[0].proofs.size() == 1);
  CHECK(dvk.explained[0].proofs[0].atom == "conflict(\"bob\", 2003)");
  CHECK(dvk.explained[0].proofs[0].kind == ProofKind::input);
  const auto& most = claim(f, "most_members");
  REQUIRE(most.explained.size() == 1);
  CHECK(most.explained[0].note == "the conclusion fails at conflict(p, _)");
  CHECK(most.explained[0].proofs[0].atom == "member(\"carl\")");
  CHECK(claim(f, "junior_defected").explained.empty());  // no instance to explain

  const std::string text = render_text(report);
  CHECK_THAT(text, Contains("               {p: \"bob\", y: 2003}\n"
                            "                 conflict(\"bob\", 2003)   [fact "));
  CHECK_THAT(text, Contains("conflict.facts:2]\n"));
  CHECK_THAT(text, Contains("               {p: \"carl\"}\n"
                            "                 the conclusion fails at conflict(p, _)\n"
                            "                 member(\"carl\")   [fact "));

  const auto json = nlohmann::json::parse(render_json(report));
  const auto& dvk_json = json_claim(json["factsets"][0], "dvk");
  CHECK(dvk_json["explained"][0]["binding"] == nlohmann::json::parse(R"({"p": "bob", "y": 2003})"));
  CHECK(dvk_json["explained"][0]["proofs"][0]["atom"] == "conflict(\"bob\", 2003)");
  CHECK(dvk_json["explained"][0]["proofs"][0]["kind"] == "input");
  CHECK(json_claim(json["factsets"][0], "most_members")["explained"][0]["note"] ==
        "the conclusion fails at conflict(p, _)");
  CHECK(json_claim(json["factsets"][0], "junior_defected")["explained"] == nlohmann::json::array());

  const std::string md = render_markdown(report);
  CHECK_THAT(md, Contains("### Proofs\n\n**`dvk`** witness `{p: \"bob\", y: 2003}`\n\n```\nconflict(\"bob\", 2003)   [fact "));
  CHECK_THAT(md, Contains("**`most_members`** counterexample `{p: \"carl\"}`: the conclusion fails at conflict(p, _)"));

  // The handout shows a proof of each claim's first instance; with explain, of more.
  options.as_of = {"1999"};  // most_members has two counterexamples, bob and carl
  CheckOptions unexplained;
  unexplained.as_of = {"1999"};
  const std::string one = render_html(fx.rules(), {fx.facts()}, unexplained);
  const std::string more = render_html(fx.rules(), {fx.facts()}, options);
  CHECK_THAT(more, Contains("<summary>counterexample: <code>p = \"carl\"</code></summary>"));
  CHECK_THAT(more, Contains("<summary>counterexample: <code>p = \"bob\"</code></summary>"));
  CHECK(count(more, "<summary>counterexample: <code>p = ") == 4);  // most and share, two each
  CHECK(count(one, "<summary>counterexample: <code>p = ") == 2);    // most and share, one each

  const auto cli = fx.cli("--explain --as-of 2005");
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains("conflict(\"bob\", 2003)   [fact "));
  CHECK(fx.cli("--as-of 2005").out.find("[fact ") == std::string::npos);
  CHECK(nlohmann::json::parse(fx.cli("--explain --format json").out)["factsets"][0]["claims"][1]
            ["explained"][0]["proofs"][0]["atom"] == "conflict(\"bob\", 2003)");
}

TEST_CASE("check --explain proves at most 5 instances a claim unless --all", "[report][explain]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", ".decl item(x: number)\n.input item\n"
                   ".claim many \"seven items\" exists { item(x) }.\n");
  test::write_text(dir.path() / "item.facts", "1\n2\n3\n4\n5\n6\n7\n");
  CheckOptions options;
  options.explain = true;
  auto report = check(dir.path() / "rules.kz", {}, options);
  CHECK(report.factsets[0].claims[0].witnesses.size() == 7);
  CHECK(report.factsets[0].claims[0].explained.size() == 5);
  options.explain_instances = 2;
  CHECK(check(dir.path() / "rules.kz", {}, options).factsets[0].claims[0].explained.size() == 2);
  CHECK(count(test::run_cli("check rules.kz --explain", dir.path()).out, "[fact ") == 5);
  CHECK(count(test::run_cli("check rules.kz --explain --all", dir.path()).out, "[fact ") == 7);
  // A database evaluated without provenance cannot be explained.
  Database db = open_factset(dir.path() / "rules.kz", std::nullopt);
  db.evaluate();
  CHECK_THROWS_AS(check_database(db, "x", options), Error);
}
