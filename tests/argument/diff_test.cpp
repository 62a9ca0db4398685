// kzrules diff: the differences two encodings of one argument have, their verdicts side by
// side, and which difference alone moves each verdict that differs. Every verdict here is
// worked out by hand in the comments beside the programs.
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

const char* schema = R"(
  .decl deputy(d: symbol)
  .decl terms(d: symbol, n: number)
  .decl tenure(r: symbol, t: float)
  .decl defector(p: symbol)
  .decl horde(p: symbol, h: symbol)
)";

// Four deputies, three of them with one term (a share of 0.75); mean tenure 2.75; one
// defector of the president's ("N") horde.
FactSet evidence() {
  return FactSet::from_text("evidence", R"(
    deputy("a"). deputy("b"). deputy("c"). deputy("d").
    terms("a", 1). terms("b", 1). terms("c", 1). terms("d", 3).
    tenure("x", 2.0). tenure("y", 3.5).
    defector("p"). horde("p", "senior"). horde("N", "senior").
  )");
}

const char* hypotheses = R"(
  .hypothesis clan "Clans"
  .hypothesis cp "Centre and periphery"
  .hypothesis fpg "Financial-industrial groups"
)";

// On the evidence every claim holds. clan: kin a failed straw (-1), gone a passed straw
// (+1): undecided. cp: short a failed hoop: eliminated. fpg: kin a passed straw (+1),
// one_term a failed straw (-1): undecided. A supports none.
const char* argument_a = R"(
  .param limit = 3.0
  .claim kin "Some defectors share the president's horde"
      exists { defector(p), horde(p, h), horde("N", h) }
      opposes clan as straw, supports fpg as straw.
  .claim short "Mean tenure is under the limit"
      holds mean t : { tenure(_, t) } < limit
      opposes cp as hoop because "strongmen need long terms".
  .claim one_term "Most deputies serve one term"
      most { deputy(d) } => { terms(d, 1) }
      opposes fpg as straw.
  .claim three_quarters "Three quarters serve one term"
      share { deputy(d) } => { terms(d, 1) } >= 0.75
      supports cp as straw.
  .claim gone "Someone served three terms"
      exists { terms(_, 3) }
      supports clan as straw.
)";

// kin is a hoop against clan (1) with a reason (2); one_term supports fpg (3);
// three_quarters needs 0.8 (4) and gives a reason (5); gone is dropped (6); new_claim is
// added (7); limit is 2.5 (8).
// kin: clan's hoop fails: eliminated. short: 2.75 < 2.5 fails, cp's hoop passes (+1);
// three_quarters: 0.75 >= 0.8 fails, cp's straw fails (-1): cp undecided. fpg: kin and
// one_term pass (+2), new_claim's smoking gun passes: confirmed. B supports fpg.
const char* argument_b = R"(
  .param limit = 2.5
  .claim kin "Some defectors share the president's horde"
      exists { defector(p), horde(p, h), horde("N", h) }
      opposes clan as hoop because "kin cannot defect", supports fpg as straw.
  .claim short "Mean tenure is under the limit"
      holds mean t : { tenure(_, t) } < limit
      opposes cp as hoop because "strongmen need long terms".
  .claim one_term "Most deputies serve one term"
      most { deputy(d) } => { terms(d, 1) }
      supports fpg as straw.
  .claim three_quarters "Three quarters serve one term"
      share { deputy(d) } => { terms(d, 1) } >= 0.8
      supports cp as straw because "a quarter may be strongmen".
  .claim new_claim "Nobody served seven terms"
      none { terms(_, 7) }
      supports fpg as smoking_gun because "only groups rotate deputies".
)";

Program program(const std::string& text, const std::string& name) {
  auto parsed = parse_string(text, name);
  INFO(render(parsed.diagnostics));
  REQUIRE(parsed.ok());
  return *parsed.program;
}

Program encoding(const char* argument, const std::string& name) {
  return program(std::string(schema) + hypotheses + argument, name);
}

std::vector<std::string> descriptions(const DiffReport& report) {
  std::vector<std::string> out;
  for (const auto& d : report.differences) out.push_back(d.description());
  return out;
}

const VerdictPair& pair_for(const FactSetDiff& f, const std::string& hypothesis) {
  for (const auto& v : f.verdicts)
    if (v.hypothesis == hypothesis) return v;
  FAIL("no verdict for " << hypothesis);
  throw std::logic_error("unreachable");
}

// "#N -> verdict" for each mover, N counted from 1 as the reports count.
std::vector<std::string> movers(const VerdictPair& pair) {
  std::vector<std::string> out;
  for (const auto& m : pair.moved_by)
    out.push_back(fmt::format("#{} -> {}", m.difference + 1, m.verdict ? verdict_name(*m.verdict) : "absent"));
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("diff finds nothing between a program and itself or a consistent renaming", "[diff]") {
  const Program a = encoding(argument_a, "a.kz");
  auto same = diff(a, a, {evidence()});
  CHECK(same.differences.empty());
  REQUIRE(same.factsets.size() == 1);
  for (const auto& v : same.factsets[0].verdicts) {
    CHECK_FALSE(v.differs());
    CHECK(v.moved_by.empty());
  }
  CHECK_THAT(render_text(same), Contains("No differences"));

  // The same argument with every variable renamed, and its claims in another order.
  const Program renamed = encoding(R"(
    .param limit = 3.0
    .claim gone "Someone served three terms"
        exists { terms(_, 3) }
        supports clan as straw.
    .claim kin "Some defectors share the president's horde"
        exists { defector(who), horde(who, zhuz), horde("N", zhuz) }
        opposes clan as straw, supports fpg as straw.
    .claim short "Mean tenure is under the limit"
        holds mean years : { tenure(_, years) } < limit
        opposes cp as hoop because "strongmen need long terms".
    .claim one_term "Most deputies serve one term"
        most { deputy(x) } => { terms(x, 1) }
        opposes fpg as straw.
    .claim three_quarters "Three quarters serve one term"
        share { deputy(y) } => { terms(y, 1) } >= 0.75
        supports cp as straw.
  )", "renamed.kz");
  auto renaming = diff(a, renamed, {evidence()});
  CHECK(descriptions(renaming).empty());
}

TEST_CASE("diff lists each difference and which moves each verdict that differs", "[diff]") {
  const auto report = diff(encoding(argument_a, "a.kz"), encoding(argument_b, "b.kz"), {evidence()});
  // short's threshold moved only with the parameter: that is the parameter's difference.
  CHECK(descriptions(report) == Strings{
            "link kin -> clan: test straw -> hoop",
            "link kin -> clan: because none -> \"kin cannot defect\"",
            "link one_term -> fpg: direction opposes -> supports",
            "claim three_quarters changed: share >= 0.75 -> share >= 0.8",
            "link three_quarters -> cp: because none -> \"a quarter may be strongmen\"",
            "claim gone removed",
            "claim new_claim added",
            "param limit: 3.0 -> 2.5",
        });
  const Difference& test = report.differences[0];
  CHECK(test.kind == DifferenceKind::link_test);
  CHECK(test.claim == "kin");
  CHECK(test.hypothesis == "clan");
  CHECK(test.before == "straw");
  CHECK(test.after == "hoop");
  CHECK(report.differences[5].kind == DifferenceKind::claim_removed);
  CHECK(report.differences[6].kind == DifferenceKind::claim_added);
  CHECK(report.differences[7].kind == DifferenceKind::param_changed);
  for (const auto& d : report.differences) CHECK(d.tried);

  REQUIRE(report.factsets.size() == 1);
  const FactSetDiff& f = report.factsets[0];
  CHECK(f.name == "evidence");
  const VerdictPair& clan = pair_for(f, "clan");
  CHECK(clan.a == Verdict::undecided);
  CHECK(clan.b == Verdict::eliminated);
  // The hoop eliminates clan; without gone's passed straw, kin's failed straw weakens it.
  CHECK(movers(clan) == Strings{"#1 -> eliminated", "#6 -> weakened"});
  const VerdictPair& cp = pair_for(f, "cp");
  CHECK(cp.a == Verdict::eliminated);
  CHECK(cp.b == Verdict::undecided);
  // At 2.5 short fails: cp's hoop passes (+1) and three_quarters still holds (+1). The
  // new bound alone fails three_quarters, but the failed hoop still eliminates cp.
  CHECK(movers(cp) == Strings{"#8 -> supported"});
  const VerdictPair& fpg = pair_for(f, "fpg");
  CHECK(fpg.a == Verdict::undecided);
  CHECK(fpg.b == Verdict::confirmed);
  CHECK(movers(fpg) == Strings{"#3 -> supported", "#7 -> confirmed"});
  CHECK(f.supports_a.empty());
  CHECK(f.supports_b == Strings{"fpg"});
}

TEST_CASE("diff tries hypotheses added and removed, and a claim's from year", "[diff]") {
  // A on a fact set seen as of 1996: c1 holds (h1 +1, h2 +1); dated is not observable
  // before 2001, so unknown. h1 and h2 supported.
  // B: c1 holds (h1 +1, h3's hoop fails: eliminated); dated has no `from`, holds: h1 confirmed.
  const Program a = program(R"(
    .decl yes()
    yes().
    .decl r(x: number)
    r(1).
    .param only_a = 1
    .hypothesis h1 "one"
    .hypothesis h2 "two"
    .claim c1 "c1" exists { yes() } supports h1 as straw, supports h2 as straw.
    .claim dated "d" from 2001 exists { yes() } supports h1 as smoking_gun because "b".
  )", "a.kz");
  const Program b = program(R"(
    .decl yes()
    yes().
    .decl r(x: number)
    r(2).
    .param only_b = "x"
    .hypothesis h1 "one"
    .hypothesis h3 "three"
    .claim c1 "c1" exists { yes() } supports h1 as straw, opposes h3 as hoop because "h3 needs no".
    .claim dated "d" exists { yes() } supports h1 as smoking_gun because "b".
  )", "b.kz");
  FactSet seen = FactSet::from_tuples("1996");
  seen.as_of = "1996";
  const auto report = diff(a, b, {seen});
  CHECK(descriptions(report) == Strings{
            "hypothesis h2 removed",
            "hypothesis h3 added",
            "claim dated: from 2001 -> none",
            "param only_a removed (was 1)",
            "param only_b added (= \"x\")",
            "rules for r changed",
        });
  const Difference& rules = report.differences[5];
  CHECK(rules.before == "r(1).");
  CHECK(rules.after == "r(2).");
  CHECK_FALSE(rules.tried);
  CHECK_FALSE(report.differences[3].tried);
  CHECK_FALSE(report.differences[4].tried);

  const FactSetDiff& f = report.factsets.at(0);
  CHECK(f.name == "1996");
  const VerdictPair& h1 = pair_for(f, "h1");
  CHECK(h1.a == Verdict::supported);
  CHECK(h1.b == Verdict::confirmed);
  CHECK(movers(h1) == Strings{"#3 -> confirmed"});
  const VerdictPair& h2 = pair_for(f, "h2");
  CHECK(h2.a == Verdict::supported);
  CHECK_FALSE(h2.b);
  CHECK(movers(h2) == Strings{"#1 -> absent"});
  // Adding h3 brings B's link to it from c1, the claim both have: a failed hoop.
  const VerdictPair& h3 = pair_for(f, "h3");
  CHECK_FALSE(h3.a);
  CHECK(h3.b == Verdict::eliminated);
  CHECK(movers(h3) == Strings{"#2 -> eliminated"});
  // A's hypotheses in its order, then B's own.
  CHECK(f.verdicts.size() == 3);
  CHECK(f.verdicts[2].hypothesis == "h3");
}

TEST_CASE("a link added or removed, a claim's form changed, and a reason alone move what they should",
          "[diff]") {
  // A: e holds; supports h as straw (+1): supported. f fails (nobody served 7 terms), no link.
  // B: e's link is gone; f is linked to h as a hoop it fails: eliminated; and g's form
  // changed from exists to none, which flips its outcome (holds -> fails) for its straw.
  const std::string common = std::string(schema) + ".hypothesis h \"H\"\n.hypothesis k \"K\"\n";
  const Program a = program(common + R"(
    .claim e "e" exists { terms(d, 1) } supports h as straw.
    .claim f "f" exists { terms(_, 7) }.
    .claim g "g" exists { terms(_, 3) } supports k as straw.
    .claim r "r" exists { deputy(_) } supports k as straw.
  )", "a.kz");
  const Program b = program(common + R"(
    .claim e "e" exists { terms(d, 1) }.
    .claim f "f" exists { terms(_, 7) } supports h as hoop because "h needs seven terms".
    .claim g "g" none { terms(_, 3) } supports k as straw.
    .claim r "r" exists { deputy(_) } supports k as straw because "why not".
  )", "b.kz");
  const auto report = diff(a, b, {evidence()});
  CHECK(descriptions(report) == Strings{
            "link e -> h removed: supports h as straw",
            "link f -> h added: supports h as hoop",
            "claim g changed: exists -> none",
            "link r -> k: because none -> \"why not\"",
        });
  // h: A supported (+1), B eliminated. Removing e's link leaves h untested; adding f's hoop
  // eliminates it. k: A supported (+2: g and r hold), B undecided (g fails: -1, r +1).
  const FactSetDiff& f = report.factsets.at(0);
  const VerdictPair& h = pair_for(f, "h");
  CHECK(h.a == Verdict::supported);
  CHECK(h.b == Verdict::eliminated);
  CHECK(movers(h) == Strings{"#1 -> untested", "#2 -> eliminated"});
  const VerdictPair& k = pair_for(f, "k");
  CHECK(k.a == Verdict::supported);
  CHECK(k.b == Verdict::undecided);
  CHECK(movers(k) == Strings{"#3 -> undecided"});
}

TEST_CASE("the diff report renders as text, JSON and Markdown", "[diff]") {
  const auto report = diff(encoding(argument_a, "a.kz"), encoding(argument_b, "b.kz"), {evidence()});
  const std::string text = render_text(report);
  CHECK_THAT(text, Contains("Comparing A: a.kz\n     with B: b.kz\n"));
  CHECK_THAT(text, Contains("Differences (8)\n  1. link kin -> clan: test straw -> hoop\n"));
  CHECK_THAT(text, Contains("  8. param limit: 3.0 -> 2.5\n"));
  CHECK_THAT(text, Contains("    clan        undecided   eliminated  differs\n"));
  CHECK_THAT(text, Contains("moved alone by #1 (-> eliminated), #6 (-> weakened)\n"));
  CHECK_THAT(text, Contains("  A supports: none\n  B supports: fpg\n"));

  const auto json = nlohmann::json::parse(render_json(report));
  CHECK(json["rules_a"] == "a.kz");
  CHECK(json["rules_b"] == "b.kz");
  REQUIRE(json["differences"].size() == 8);
  const auto& first = json["differences"][0];
  CHECK(first["id"] == 1);
  CHECK(first["kind"] == "link_test");
  CHECK(first["claim"] == "kin");
  CHECK(first["hypothesis"] == "clan");
  CHECK(first["param"].is_null());
  CHECK(first["relation"].is_null());
  CHECK(first["before"] == "straw");
  CHECK(first["after"] == "hoop");
  CHECK(first["tried"] == true);
  CHECK(json["differences"][5]["kind"] == "claim_removed");
  CHECK(json["differences"][5]["after"].is_null());
  const auto& f = json["factsets"][0];
  CHECK(f["name"] == "evidence");
  CHECK(f["supports_a"] == nlohmann::json::array());
  CHECK(f["supports_b"] == nlohmann::json{"fpg"});
  const auto& clan = f["verdicts"][0];
  CHECK(clan["hypothesis"] == "clan");
  CHECK(clan["a"] == "undecided");
  CHECK(clan["b"] == "eliminated");
  CHECK(clan["differs"] == true);
  CHECK(clan["moved_by"] == nlohmann::json::parse(R"([{"difference": 1, "verdict": "eliminated"},
                                                      {"difference": 6, "verdict": "weakened"}])"));

  const std::string md = render_markdown(report);
  CHECK_THAT(md, Contains("| 1 | link_test | link kin -> clan: test straw -> hoop |\n"));
  CHECK_THAT(md, Contains("| `fpg` | undecided | **confirmed** | "
                          "moved alone by #3 (-> supported), #7 (-> confirmed) |\n"));
  CHECK_THAT(md, Contains("**A supports:** none; **B supports:** fpg"));
}

TEST_CASE("diff from paths checks each fact set, and bad rules are reported", "[diff]") {
  test::TempDir dir;
  test::write_text(dir.path() / "a.kz", std::string(schema) + hypotheses + argument_a);
  test::write_text(dir.path() / "b.kz", std::string(schema) + hypotheses + argument_b);
  test::write_text(dir.path() / "facts" / "one.kz",
                   "deputy(\"a\"). terms(\"a\", 1). tenure(\"x\", 2.0).\n");
  // one.kz: kin fails (no defector): clan's straw passes (+1) in A, its hoop passes in B;
  // short: 2.0 < 3.0 holds in A (cp's hoop fails), 2.0 < 2.5 holds in B too.
  const auto report = diff(dir.path() / "a.kz", dir.path() / "b.kz", {dir.path() / "facts" / "one.kz"});
  REQUIRE(report.factsets.size() == 1);
  CHECK(pair_for(report.factsets[0], "cp").a == Verdict::eliminated);
  CHECK(pair_for(report.factsets[0], "cp").b == Verdict::eliminated);

  test::write_text(dir.path() / "bad.kz", std::string(schema) + ".claim x \"x\" exists { nowhere(y) }.\n");
  try {
    diff(dir.path() / "a.kz", dir.path() / "bad.kz", {dir.path() / "facts" / "one.kz"});
    FAIL("bad rules were accepted");
  } catch (const Error& error) {
    CHECK_THAT(render(error.diagnostics()), Contains("bad.kz:7:23: error: unknown relation 'nowhere'"));
  }
}

TEST_CASE("a verdict that only the differences together move names no single one", "[diff]") {
  // A: two hoops against h that both fail (each claim holds): eliminated. B makes both
  // straws: two failed straws, weakened. Either change alone leaves the other hoop.
  const std::string common = std::string(schema) + ".hypothesis h \"H\"\n";
  const Program a = program(common + R"(
    .claim one "one" exists { deputy(_) } opposes h as hoop because "a".
    .claim two "two" exists { terms(_, 1) } opposes h as hoop because "b".
  )", "a.kz");
  const Program b = program(common + R"(
    .claim one "one" exists { deputy(_) } opposes h as straw because "a".
    .claim two "two" exists { terms(_, 1) } opposes h as straw because "b".
  )", "b.kz");
  const auto report = diff(a, b, {evidence()});
  CHECK(descriptions(report) == Strings{"link one -> h: test hoop -> straw", "link two -> h: test hoop -> straw"});
  const VerdictPair& h = pair_for(report.factsets.at(0), "h");
  CHECK(h.a == Verdict::eliminated);
  CHECK(h.b == Verdict::weakened);
  CHECK(h.moved_by.empty());
  CHECK_THAT(render_text(report), Contains("no single difference moves it: they move it together\n"));
}
