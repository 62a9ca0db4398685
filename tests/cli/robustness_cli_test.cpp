// kzrules robustness, check --robustness and sweep on the command line: reports, exit
// statuses, and located errors for bad ranges.
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// `gun` is confirmed by one smoking gun that needs visited("a") and source("a"): as a
// straw it is supported, and without either fact weakened. `steady` rests on three
// straws on three facts: a link or a fact less still leaves it supported. No claim
// reads `quota`: moving it moves nothing.
void write_argument(const std::filesystem::path& dir) {
  test::write_text(dir / "rules.kz", R"(.decl visited(p: symbol)
.decl source(p: symbol)
.input visited
.input source
.decl reached(p: symbol)
reached(p) :- visited(p), source(p).
.param quota = 2 range 0 .. 5 step 1
.hypothesis steady "Three independent straws"
.hypothesis gun "A smoking gun decides it"
.claim some_reached "Someone was reached" exists { reached(p) } supports gun as smoking_gun because "g".
.claim a_visited "a was visited" exists { visited("a") } supports steady as straw.
.claim b_visited "b was visited" exists { visited("b") } supports steady as straw.
.claim a_source "a is a source" exists { source("a") } supports steady as straw.
)");
  test::write_text(dir / "facts" / "visited.facts", "a\nb\n");
  test::write_text(dir / "facts" / "source.facts", "a\n");
}

}  // namespace

TEST_CASE("kzrules robustness prints fragile verdicts first, in text, Markdown and JSON",
          "[cli][robustness]") {
  test::TempDir dir;
  write_argument(dir.path());
  auto text = test::run_cli("robustness rules.kz facts", dir.path());
  CHECK(text.exit_code == 0);
  CHECK(text.err.empty());
  CHECK_THAT(
      text.out,
      Contains(
          "Fact set facts\n  1 of 2 verdicts is fragile: a single change moves it.\n"
          "  gun     confirmed   FRAGILE: 3 single changes move it\n"
          "      weaken link  some_reached supports gun as smoking_gun → straw  makes it supported"
          "  (rules.kz:10)\n"
          "      remove fact  visited(\"a\")  makes it weakened  (facts/visited.facts:1)\n"
          "      remove fact  source(\"a\")  makes it weakened  (facts/source.facts:1)\n"
          "  steady  supported   robust: no single change moves it\n"));
  CHECK_THAT(
      text.out,
      Contains(
          "tried: 4 links weakened one at a time, 3 facts removed one at a time, parameter moved "
          "in its range: quota"));

  auto md = test::run_cli("robustness rules.kz facts --format md", dir.path());
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.out, Contains("## Fact set `facts`"));
  CHECK_THAT(md.out, Contains("| `steady` | supported | no | none |"));

  auto json = test::run_cli("robustness rules.kz facts --format json -j 2", dir.path());
  CHECK(json.exit_code == 0);
  const auto j = nlohmann::json::parse(json.out);
  const auto& gun = j["factsets"][0]["hypotheses"][0];
  CHECK(gun["hypothesis"] == "gun");
  CHECK(gun["fragile"] == true);
  CHECK(gun["changes"][1]["kind"] == "remove_fact");
  CHECK(gun["changes"][1]["location"] == "facts/visited.facts:1");
  CHECK(j["factsets"][0]["hypotheses"][1]["fragile"] == false);
}

TEST_CASE("kzrules check --robustness adds the section to each format", "[cli][robustness]") {
  test::TempDir dir;
  write_argument(dir.path());
  auto text = test::run_cli("check rules.kz facts --robustness", dir.path());
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("facts supports: gun\n"));
  CHECK_THAT(text.out, Contains("  Robustness\n    1 of 2 verdicts is fragile"));
  auto json = test::run_cli("check rules.kz facts --robustness --format json", dir.path());
  CHECK(nlohmann::json::parse(json.out)["factsets"][0]["robustness"]["hypotheses"][0]["changes"]
            .size() == 3);
  CHECK_THAT(test::run_cli("check rules.kz facts --robustness --format md", dir.path()).out,
             Contains("### Robustness"));
  CHECK_THAT(test::run_cli("check rules.kz facts --robustness --format html", dir.path()).out,
             Contains("<h3>Robustness</h3>"));
  CHECK(test::run_cli("check rules.kz facts", dir.path()).out.find("Robustness") ==
        std::string::npos);
}

TEST_CASE("kzrules robustness: dates, and bad input exits 2 with nothing on standard output",
          "[cli][robustness]") {
  test::TempDir dir;
  write_argument(dir.path());
  auto missing = test::run_cli("robustness rules.kz nowhere", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  auto dated = test::run_cli("robustness rules.kz facts --as-of 2001,1996", dir.path());
  CHECK(dated.exit_code == 0);
  CHECK(dated.out.find("Fact set facts@1996") < dated.out.find("Fact set facts@2001"));
  auto bad_date = test::run_cli("robustness rules.kz facts --as-of soon", dir.path());
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.out.empty());
  CHECK_THAT(bad_date.err, Contains("E0208"));
  // A warning is printed, and under --strict it is an error: exit 2, nothing written.
  test::write_text(dir.path() / "warned.kz",
                   test::read_text(dir.path() / "rules.kz") + ".decl lone(p: symbol)\nlone(p) :- visited(p), source(q).\n");
  auto warned = test::run_cli("robustness warned.kz facts", dir.path());
  CHECK(warned.exit_code == 0);
  CHECK_THAT(warned.err, Contains("W0003"));
  auto strict = test::run_cli("robustness warned.kz facts --strict", dir.path());
  CHECK(strict.exit_code == 2);
  CHECK(strict.out.empty());
  auto format = test::run_cli("robustness rules.kz facts --format html", dir.path());
  CHECK(format.exit_code == 2);
  CHECK(format.out.empty());
}

TEST_CASE("kzrules sweep: exact values, the declared range, and bad ranges", "[cli][sweep]") {
  test::TempDir dir;
  test::write_text(dir.path() / "s.kz", R"(.decl score(x: float)
.input score
.param x = 0.5 range 0.4 .. 0.9 step 0.05
.param plain = 1.0
.hypothesis high "The score reaches x"
.claim reaches "The score reaches x" holds mean s : { score(s) } >= x supports high as hoop because "h".
)");
  test::write_text(dir.path() / "facts" / "score.facts", "0.6\n");
  for (const char* param : {"--param x=0.4:0.9:0.05", "--param x"}) {
    INFO(param);
    auto r = test::run_cli(std::string("sweep s.kz facts ") + param, dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("  0.55    supported  "));
    CHECK_THAT(r.out, Contains("  0.6     supported  "));
    CHECK_THAT(r.out, Contains("  0.65    eliminated*"));
    CHECK_THAT(r.out, Contains("  0.9     eliminated "));
    CHECK(r.out.find("0.6000000000000001") == std::string::npos);
  }
  auto backwards = test::run_cli("sweep s.kz facts --param x=0.9:0.4:0.05", dir.path());
  CHECK(backwards.exit_code == 2);
  CHECK(backwards.out.empty());
  CHECK_THAT(backwards.err, Contains("E0701"));
  CHECK_THAT(backwards.err, Contains("FROM 0.9 is above TO 0.4"));
  auto zero = test::run_cli("sweep s.kz facts --param x=0.4:0.9:0", dir.path());
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Contains("the step 0 is not positive"));
  auto undeclared = test::run_cli("sweep s.kz facts --param plain", dir.path());
  CHECK(undeclared.exit_code == 2);
  CHECK_THAT(undeclared.err, Contains("s.kz:4:"));
  CHECK_THAT(undeclared.err, Contains("declares no range"));
}
