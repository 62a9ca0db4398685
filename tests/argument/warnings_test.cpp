// Warnings where fact sets are read with the rules (kzrules/check.hpp): each fact set's
// program is judged, so a relation a fact set defines draws no W0005 there; and
// ParseOptions::strict refuses a fact set whose program warns.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

constexpr const char* rules =
    ".decl defector(p: symbol)\n.decl horde(p: symbol, h: symbol)\n.hypothesis clan \"x\"\n"
    ".claim kin \"x\" exists { defector(p), horde(p, \"Elder\") } opposes clan as straw.\n";

// The rules alone: they warn about both relations, which their fact sets define.
Program parse_rules() {
  auto parsed = parse_string(rules, "rules.kz");
  REQUIRE(parsed.ok());
  REQUIRE(parsed.program->warnings().size() == 2);
  return *parsed.program;
}

std::string codes(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.code + " " + d.message.substr(0, d.message.find(" is used")) + "\n";
  return out;
}

}  // namespace

TEST_CASE("factset_warnings judges the program each fact set evaluates", "[argument][warnings]") {
  const Program program = parse_rules();
  const auto full = FactSet::from_text("full", "defector(\"A\").\nhorde(\"A\", \"Elder\").\n");
  const auto partial = FactSet::from_text("partial", "defector(\"B\").\n");
  const auto partial2 = FactSet::from_text("partial2", "defector(\"C\").\n");
  CHECK(factset_warnings(program, {full}).empty());
  CHECK(codes(factset_warnings(program, {full, partial, partial2})) == "W0005 relation 'horde'\n");
  // Tuples added from code define a relation too.
  auto from_code = FactSet::from_text("code", "defector(\"D\").\n");
  from_code.add("horde", {Value(std::string("D")), Value(std::string("Elder"))});
  CHECK(factset_warnings(program, {from_code}).empty());
  // So does saying nobody collected it.
  auto unobserved = partial;
  unobserved.unobserved = {"horde"};
  CHECK(factset_warnings(program, {unobserved}).empty());
}

TEST_CASE("factset_warnings from paths: files, folders with .input, coverage.kz", "[argument][warnings]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", rules);
  test::write_text(dir.path() / "full.kz", "defector(\"A\").\nhorde(\"A\", \"Elder\").\n");
  test::write_text(dir.path() / "partial.kz", "defector(\"B\").\n");
  CHECK(factset_warnings(dir.path() / "rules.kz", {dir.path() / "full.kz"}).empty());
  CHECK(codes(factset_warnings(dir.path() / "rules.kz", {dir.path() / "partial.kz"})) == "W0005 relation 'horde'\n");
  // A folder's relations with .input are defined; its coverage.kz may say what it did not see.
  test::write_text(dir.path() / "inputs" / "rules.kz", std::string(rules) + ".input defector\n");
  test::write_text(dir.path() / "inputs" / "defector.facts", "A\n");
  CHECK(codes(factset_warnings(dir.path() / "inputs" / "rules.kz", {dir.path() / "inputs"})) ==
        "W0005 relation 'horde'\n");
  test::write_text(dir.path() / "inputs" / "coverage.kz", ".unobserved horde\n");
  CHECK(factset_warnings(dir.path() / "inputs" / "rules.kz", {dir.path() / "inputs"}).empty());
}

TEST_CASE("under strict, check refuses a fact set whose program warns", "[argument][warnings]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", rules);
  test::write_text(dir.path() / "full.kz", "defector(\"A\").\nhorde(\"A\", \"Elder\").\n");
  test::write_text(dir.path() / "partial.kz", "defector(\"B\").\n");
  CheckOptions options;
  options.parse.strict = true;
  // The rules alone warn, but the fact set that is checked defines both relations.
  const auto report = check(dir.path() / "rules.kz", {dir.path() / "full.kz"}, options);
  REQUIRE(report.factsets.size() == 1);
  CHECK(report.factsets[0].claims[0].outcome == Outcome::holds);
  try {
    check(dir.path() / "rules.kz", {dir.path() / "full.kz", dir.path() / "partial.kz"}, options);
    FAIL("a strict check of a fact set that warns must throw");
  } catch (const Error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].severity == Severity::error);
    CHECK(e.diagnostics()[0].code == "W0005");
    CHECK_THAT(render(e.diagnostics()), Contains("rules.kz:2:7: error: relation 'horde'"));
  }
  CHECK_THROWS_AS(open_factset(dir.path() / "rules.kz", dir.path() / "partial.kz", options.parse), Error);
  CHECK_NOTHROW(open_factset(dir.path() / "rules.kz", dir.path() / "full.kz", options.parse));
  // Without strict, the same check runs.
  CHECK(check(dir.path() / "rules.kz", {dir.path() / "full.kz", dir.path() / "partial.kz"}).factsets.size() == 2);
}
