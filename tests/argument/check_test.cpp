// Claims and verdicts: every form, every test type in both directions, every verdict
// rule and its precedence, the Bayesian arithmetic, the JSON fields, bad input.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// Checks a rules text with its own facts (one fact set).
FactSetReport check_text(const std::string& text, bool bayes = false) {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", text);
  CheckOptions options;
  options.bayes = bayes;
  auto report = check(dir.path() / "rules.kz", {}, options);
  REQUIRE(report.factsets.size() == 1);
  return report.factsets.front();
}

const ClaimResult& claim(const FactSetReport& f, const std::string& name) {
  for (const auto& c : f.claims)
    if (c.name == name) return c;
  FAIL("no claim " << name);
  throw std::logic_error("unreachable");
}

const HypothesisResult& hypothesis(const FactSetReport& f, const std::string& name) {
  for (const auto& h : f.hypotheses)
    if (h.name == name) return h;
  FAIL("no hypothesis " << name);
  throw std::logic_error("unreachable");
}

const char* base = R"(
  .decl yes()
  .decl no()
  yes().
  .decl deputy(d: symbol)
  .decl terms(d: symbol, n: number)
  .decl tenure(r: symbol, t: float)
  .decl nothing(x: number)
  deputy("a"). deputy("b"). deputy("c"). deputy("d").
  terms("a", 1). terms("b", 1). terms("c", 1). terms("d", 3).
  tenure("x", 2.0). tenure("y", 3.5).
)";

}  // namespace

TEST_CASE("each claim form holds, fails and, where it can, is vacuous", "[argument]") {
  auto f = check_text(std::string(base) + R"(
    .claim exists_holds "e" exists { deputy(d), terms(d, 3) }.
    .claim exists_fails "e" exists { deputy(d), terms(d, 7) }.
    .claim none_holds "n" none { terms(_, 7) }.
    .claim none_fails "n" none { terms(d, n), n > 2 }.
    .claim forall_holds "f" forall { terms(d, _) } => { deputy(d) }.
    .claim forall_fails "f" forall { deputy(d) } => { terms(d, 1) }.
    .claim forall_vacuous "f" forall { nothing(x) } => { nothing(x) }.
    .claim most_holds "m" most { deputy(d) } => { terms(d, 1) }.
    .claim most_fails "m" most { deputy(d) } => { terms(d, 3) }.
    .claim most_vacuous "m" most { nothing(x) } => { nothing(x) }.
    .claim share_holds "s" share { deputy(d) } => { terms(d, 1) } >= 0.75.
    .claim share_fails "s" share { deputy(d) } => { terms(d, 1) } > 0.75.
    .claim share_vacuous "s" share { nothing(x) } => { nothing(x) } > 0.5.
    .claim holds_holds "h" holds mean t : { tenure(_, t) } < 3.
    .claim holds_fails "h" holds count : { deputy(_) } >= 5.
    .claim holds_vacuous "h" holds max x : { nothing(x) } > 0.
    .claim no_variables "an empty binding" exists { yes() }.
  )");
  for (const char* form : {"exists", "none", "forall", "most", "share", "holds"}) {
    INFO(form);
    CHECK(claim(f, std::string(form) + "_holds").outcome == Outcome::holds);
    CHECK(claim(f, std::string(form) + "_fails").outcome == Outcome::fails);
  }
  for (const char* name : {"forall_vacuous", "most_vacuous", "share_vacuous", "holds_vacuous"})
    CHECK(claim(f, name).outcome == Outcome::vacuous);

  CHECK(claim(f, "exists_holds").witnesses.size() == 1);
  CHECK(claim(f, "exists_holds").witnesses[0] == Binding{{"d", std::string("d")}});
  CHECK(claim(f, "none_fails").counterexamples == std::vector<Binding>{{{"d", std::string("d")}, {"n", std::int64_t{3}}}});
  CHECK(claim(f, "forall_fails").coverage == 4u);
  CHECK(claim(f, "forall_fails").counterexamples.size() == 1);
  CHECK(claim(f, "most_holds").share == Approx(0.75));
  CHECK(claim(f, "forall_vacuous").coverage == 0u);
  const auto& h = claim(f, "holds_holds");
  REQUIRE(h.values.size() == 2);
  CHECK(std::get<double>(h.values[0]) == Approx(2.75));
  CHECK(claim(f, "no_variables").witnesses == std::vector<Binding>{Binding{}});
}

TEST_CASE("each test type passes and fails in each direction", "[argument]") {
  // `t` always holds, `f` always fails; the verdict shows whether the test passed.
  std::string text = std::string(base);
  const char* tests[] = {"straw", "hoop", "smoking_gun", "doubly_decisive"};
  for (const char* test : tests) {
    for (const char* direction : {"supports", "opposes"}) {
      for (bool holds : {true, false}) {
        const std::string h = fmt::format("h_{}_{}_{}", test, direction, holds ? "t" : "f");
        text += fmt::format(".hypothesis {} \"x\"\n", h);
        text += fmt::format(".claim c_{} \"x\" exists {{ {}() }} {} {} as {}.\n", h, holds ? "yes" : "no", direction, h, test);
      }
    }
  }
  auto f = check_text(text);
  auto verdict = [&](const char* test, const char* direction, bool holds) {
    return hypothesis(f, fmt::format("h_{}_{}_{}", test, direction, holds ? "t" : "f")).verdict;
  };
  // supports: passes when the claim holds; opposes: passes when it fails.
  CHECK(verdict("straw", "supports", true) == Verdict::supported);
  CHECK(verdict("straw", "supports", false) == Verdict::weakened);
  CHECK(verdict("straw", "opposes", false) == Verdict::supported);
  CHECK(verdict("straw", "opposes", true) == Verdict::weakened);
  CHECK(verdict("hoop", "supports", true) == Verdict::supported);
  CHECK(verdict("hoop", "supports", false) == Verdict::eliminated);
  CHECK(verdict("hoop", "opposes", false) == Verdict::supported);
  CHECK(verdict("hoop", "opposes", true) == Verdict::eliminated);
  CHECK(verdict("smoking_gun", "supports", true) == Verdict::confirmed);
  CHECK(verdict("smoking_gun", "supports", false) == Verdict::weakened);
  CHECK(verdict("smoking_gun", "opposes", false) == Verdict::confirmed);
  CHECK(verdict("smoking_gun", "opposes", true) == Verdict::weakened);
  CHECK(verdict("doubly_decisive", "supports", true) == Verdict::confirmed);
  CHECK(verdict("doubly_decisive", "supports", false) == Verdict::eliminated);
  CHECK(verdict("doubly_decisive", "opposes", false) == Verdict::confirmed);
  CHECK(verdict("doubly_decisive", "opposes", true) == Verdict::eliminated);
}

TEST_CASE("verdict rules apply in the contract's order", "[argument]") {
  auto f = check_text(std::string(base) + R"(
    .hypothesis contested_h "x"
    .hypothesis eliminated_h "x"
    .hypothesis confirmed_h "x"
    .hypothesis supported_h "x"
    .hypothesis weakened_h "x"
    .hypothesis undecided_h "x"
    .hypothesis untested_h "x"
    .hypothesis vacuous_only_h "x"
    .claim t1 "x" exists { yes() } supports contested_h as smoking_gun, supports eliminated_h as straw,
        supports confirmed_h as smoking_gun, supports supported_h as hoop, supports undecided_h as straw.
    .claim t2 "x" exists { yes() } supports supported_h as straw, supports confirmed_h as straw.
    .claim f1 "x" exists { no() } supports contested_h as hoop, supports eliminated_h as hoop,
        supports confirmed_h as straw, supports supported_h as straw, supports weakened_h as smoking_gun,
        supports undecided_h as straw.
    .claim v1 "x" forall { nothing(x) } => { nothing(x) } supports vacuous_only_h as hoop.
  )");
  CHECK(hypothesis(f, "contested_h").verdict == Verdict::contested);
  CHECK(hypothesis(f, "contested_h").decisive == std::vector<std::string>{"f1", "t1"});
  CHECK(hypothesis(f, "eliminated_h").verdict == Verdict::eliminated);
  CHECK(hypothesis(f, "confirmed_h").verdict == Verdict::confirmed);
  CHECK(hypothesis(f, "supported_h").verdict == Verdict::supported);  // +1 hoop +1 straw -1 straw
  CHECK(hypothesis(f, "supported_h").score == 1);
  CHECK(hypothesis(f, "weakened_h").verdict == Verdict::weakened);
  CHECK(hypothesis(f, "undecided_h").verdict == Verdict::undecided);
  CHECK(hypothesis(f, "untested_h").verdict == Verdict::untested);
  CHECK(hypothesis(f, "vacuous_only_h").verdict == Verdict::untested);
  // confirmed beats supported: only the confirmed hypothesis is supported.
  CHECK(f.supports == std::vector<std::string>{"confirmed_h"});
}

TEST_CASE("supports lists every hypothesis tied at the best verdict, or none", "[argument]") {
  auto tie = check_text(std::string(base) + R"(
    .hypothesis a "x"
    .hypothesis b "x"
    .hypothesis c "x"
    .claim t1 "x" exists { yes() } supports a as straw, supports b as hoop, opposes c as straw.
  )");
  CHECK(tie.supports == std::vector<std::string>{"a", "b"});
  auto none = check_text(std::string(base) + R"(
    .hypothesis a "x"
    .claim t1 "x" exists { no() } supports a as straw.
  )");
  CHECK(none.supports.empty());
}

TEST_CASE("the Bayesian reading multiplies odds as a hand computation does", "[argument]") {
  auto f = check_text(std::string(base) + R"(
    .hypothesis h "x"
    .hypothesis g "x"
    .claim t1 "x" exists { yes() } supports h as hoop, supports g as smoking_gun (0.3, 0.02).
    .claim f1 "x" exists { no() } supports h as straw.
  )", true);
  // h: passed hoop 0.95/0.6, failed straw (1-0.6)/(1-0.4); odds 1.583333 * 0.666667 = 1.055556
  const double odds = (0.95 / 0.6) * (0.4 / 0.6);
  CHECK(*hypothesis(f, "h").posterior == Approx(odds / (1 + odds)));
  CHECK(*hypothesis(f, "h").posterior == Approx(0.513514).epsilon(1e-5));
  CHECK(*claim(f, "t1").links[0].weight_db == Approx(10 * std::log10(0.95 / 0.6)));
  CHECK(*claim(f, "f1").links[0].weight_db == Approx(-1.760913).epsilon(1e-5));
  // g: passed smoking gun with explicit (0.3, 0.02): odds 15, posterior 15/16
  CHECK(*hypothesis(f, "g").posterior == Approx(15.0 / 16.0));
}

TEST_CASE("the JSON report carries every stable field", "[argument]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", std::string(base) + R"(
    .hypothesis cp "Regional strongmen" source "Jones Luong 2004"
    .claim akims_short "short" holds mean t : { tenure(_, t) } < 3.0 opposes cp as hoop.
    .claim most_one "m" most { deputy(d) } => { terms(d, 1) } opposes cp as straw.
    .claim empty "v" forall { nothing(x) } => { nothing(x) } supports cp as straw.
  )");
  CheckOptions options;
  auto json = nlohmann::json::parse(render_json(check(dir.path() / "rules.kz", {}, options)));
  CHECK(json["hypotheses"][0] == nlohmann::json({{"name", "cp"}, {"text", "Regional strongmen"}, {"source", "Jones Luong 2004"}}));
  auto& fs = json["factsets"][0];
  CHECK(fs.contains("name"));
  auto& c = fs["claims"][0];
  for (const char* key : {"name", "outcome", "holds", "form", "values", "share", "coverage", "witnesses",
                          "counterexamples", "links"})
    CHECK(c.contains(key));
  CHECK(c["outcome"] == "holds");
  CHECK(c["holds"] == true);
  CHECK(c["values"][0].get<double>() == Approx(2.75));
  CHECK(c["values"][1].get<double>() == Approx(3.0));
  CHECK(c["share"].is_null());
  CHECK(c["coverage"].is_null());
  CHECK(c["links"][0] == nlohmann::json({{"hypothesis", "cp"}, {"direction", "opposes"}, {"test", "hoop"},
                                         {"passed", false}, {"because", nullptr}, {"weight_db", nullptr},
                                         {"p_h", 0.95}, {"p_not_h", 0.6}}));
  auto& most = fs["claims"][1];
  CHECK(most["share"].get<double>() == Approx(0.75));
  CHECK(most["coverage"] == 4);
  CHECK(most["counterexamples"] == nlohmann::json::parse(R"([{"d": "d"}])"));
  CHECK(most["values"].is_null());
  auto& vacuous = fs["claims"][2];
  CHECK(vacuous["outcome"] == "vacuous");
  CHECK(vacuous["holds"].is_null());
  CHECK(vacuous["links"][0]["passed"].is_null());
  auto& h = fs["hypotheses"][0];
  CHECK(h["verdict"] == "eliminated");
  // most_one holds, and cp predicted that it fails: its straw test failed too.
  CHECK(h["failed"] == nlohmann::json({"akims_short", "most_one"}));
  CHECK(h["passed"] == nlohmann::json::array());
  CHECK(h["posterior"].is_null());
  CHECK(fs["supports"] == nlohmann::json::array());
}

TEST_CASE("several fact sets, CSV with a header and quoted commas, claims over recursion", "[argument]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules" / "argument.kz", R"(
    .hypothesis fpg "groups"
    .decl tie(a: symbol, b: symbol, note: symbol)
    .input tie(IO=file, filename="ties.csv", delimiter=",", headers=true, rfc4180=true)
    .decl linked(a: symbol, b: symbol)
    linked(a, b) :- tie(a, b, _).
    linked(a, c) :- linked(a, b), tie(b, c, _).
    .claim chain "Ablyazov is linked to Zhakiyanov through others"
        exists { linked("Ablyazov", "Zhakiyanov") } supports fpg as smoking_gun.
  )");
  test::write_text(dir.path() / "a" / "ties.csv",
                   "a,b,note\nAblyazov,Abilov,\"DVK, 2001\"\nAbilov,Zhakiyanov,\"DVK, founders\"\n");
  test::write_text(dir.path() / "b" / "ties.csv", "a,b,note\nAblyazov,Abilov,\"DVK, 2001\"\n");
  auto report = check(dir.path() / "rules", {dir.path() / "a", dir.path() / "b"});
  REQUIRE(report.factsets.size() == 2);
  CHECK(report.factsets[0].supports == std::vector<std::string>{"fpg"});
  CHECK(report.factsets[1].supports.empty());
  auto text = render_text(report);
  CHECK_THAT(text, Contains("/a supports: fpg"));
  CHECK_THAT(text, Contains("/b supports: none"));
  CHECK_THAT(text, Contains("Verdicts"));
}

TEST_CASE("a fact set may be a file of facts in the language", "[argument]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", ".hypothesis h \"x\"\n.decl p(x: symbol)\n.claim c \"x\" exists { p(_) } supports h as straw.\n");
  test::write_text(dir.path() / "facts.kz", "p(\"someone\").\n");
  auto report = check(dir.path() / "rules.kz", {dir.path() / "facts.kz"});
  CHECK(report.factsets[0].supports == std::vector<std::string>{"h"});
}

TEST_CASE("bad arguments are rejected with located errors", "[argument]") {
  auto errors = [](const std::string& text) { return test::parse_errors(std::string(base) + text); };
  CHECK_THAT(errors(".claim c \"x\" exists { yes() } supports nobody as hoop.\n"),
             Contains("unknown hypothesis 'nobody'"));
  CHECK_THAT(errors(".hypothesis h \"x\"\n.claim c \"x\" exists { ghost(_) } supports h as hoop.\n"),
             Contains("unknown relation 'ghost'"));
  CHECK_THAT(errors(".hypothesis h \"x\"\n.claim c \"x\" exists { yes() } supports h as litmus.\n"),
             Contains("unknown test type 'litmus'"));
  CHECK_THAT(errors(".hypothesis h \"x\"\n.claim c \"x\" exists { yes() } supports h as hoop (1.2, 0.5).\n"),
             Contains("a probability must lie strictly between 0 and 1"));
  CHECK_THAT(errors(".claim c \"x\" forall { deputy(d) } => { n > 2 }.\n"),
             Contains("variable 'n' is compared but no positive atom binds it"));
  CHECK_THAT(errors(".claim c \"x\" exists { yes() }.\n.claim c \"y\" exists { yes() }.\n"),
             Contains("claim 'c' is declared twice"));
  CHECK_THAT(errors(".hypothesis h \"x\"\n.hypothesis h \"y\"\n"), Contains("hypothesis 'h' is declared twice"));
  CHECK_THAT(errors(".hypothesis h \"x\"\n.claim c \"x\" exists { yes() } supports h as hoop, opposes h as straw.\n"),
             Contains("links hypothesis 'h' twice"));
  // A pair that contradicts its label is a warning, not an error.
  auto warned = parse_string(std::string(base) + ".hypothesis h \"x\"\n.claim c \"x\" exists { yes() } supports h as hoop (0.5, 0.1).\n", "test.dl");
  REQUIRE(warned.ok());
  CHECK_THAT(render(warned.diagnostics), Contains("warning: (0.5, 0.1) contradicts the label hoop"));
}

TEST_CASE("names of hypotheses, claims and relations live in their own namespaces", "[argument]") {
  auto f = check_text(std::string(base) + R"(
    .hypothesis mean "x"
    .hypothesis deputy "a hypothesis named like a relation"
    .claim mode "a claim named like an aggregate" exists { deputy(d) } supports mean as straw.
    .claim most "x" most { deputy(d) } => { terms(d, 1) } supports deputy as straw.
  )");
  CHECK(hypothesis(f, "mean").verdict == Verdict::supported);
  CHECK(hypothesis(f, "deputy").verdict == Verdict::supported);
}

TEST_CASE("check from the command line: formats and --fail-on-violation", "[argument][cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "r.kz", std::string(base) + ".hypothesis h \"x\"\n"
                   ".claim c \"x\" exists { no() } supports h as straw.\n");
  auto text = test::run_cli("check r.kz", dir.path());
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Contains(". supports: none"));
  CHECK(test::run_cli("check r.kz --fail-on-violation", dir.path()).exit_code == 1);
  auto json = test::run_cli("check r.kz --format json", dir.path());
  CHECK(nlohmann::json::parse(json.out)["factsets"][0]["claims"][0]["outcome"] == "fails");
  auto md = test::run_cli("check r.kz --format md", dir.path());
  CHECK_THAT(md.out, Contains("| `c` (exists)"));
  CHECK(test::run_cli("check r.kz --format pdf", dir.path()).exit_code == 2);
  CHECK(test::run_cli("check r.kz missing_folder", dir.path()).exit_code == 2);
}
