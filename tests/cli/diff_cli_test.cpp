// kzrules diff on the command line: the formats, the default fact set, bad input.
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// A student's encoding and the key: the key makes `kin` a hoop against clan.
// On facts.kz kin holds: a failed straw weakens clan in A, a failed hoop eliminates it in B.
void write_encodings(const std::filesystem::path& dir) {
  const std::string schema = ".decl defector(p: symbol)\n.decl horde(p: symbol, h: symbol)\n"
                             ".hypothesis clan \"Clans\"\n";
  test::write_text(dir / "student.kz", schema + ".claim kin \"k\" exists { defector(p), horde(p, \"senior\") }\n"
                                                "    opposes clan as straw.\n");
  test::write_text(dir / "key.kz", schema + ".claim kin \"k\" exists { defector(p), horde(p, \"senior\") }\n"
                                            "    opposes clan as hoop because \"kin do not defect\".\n");
  test::write_text(dir / "facts.kz", "defector(\"p\"). horde(\"p\", \"senior\").\n");
}

}  // namespace

TEST_CASE("kzrules diff prints differences and verdicts in each format", "[cli][diff]") {
  test::TempDir dir;
  write_encodings(dir.path());
  auto text = test::run_cli("diff student.kz key.kz facts.kz", dir.path());
  CHECK(text.exit_code == 0);
  CHECK(text.err.empty());
  CHECK_THAT(text.out, Contains("  1. link kin -> clan: test straw -> hoop\n"));
  CHECK_THAT(text.out, Contains("  2. link kin -> clan: because none -> \"kin do not defect\"\n"));
  CHECK_THAT(text.out, Contains("Fact set facts.kz\n"));
  CHECK_THAT(text.out, Contains("    clan        weakened    eliminated  differs\n"));
  CHECK_THAT(text.out, Contains("moved alone by #1 (-> eliminated)\n"));

  auto json = test::run_cli("diff student.kz key.kz facts.kz --format json", dir.path());
  CHECK(json.exit_code == 0);
  const auto parsed = nlohmann::json::parse(json.out);
  CHECK(parsed["differences"].size() == 2);
  CHECK(parsed["differences"][1]["kind"] == "link_because");
  CHECK(parsed["differences"][1]["before"].is_null());
  CHECK(parsed["differences"][1]["after"] == "kin do not defect");
  CHECK(parsed["factsets"][0]["verdicts"][0]["moved_by"] ==
        nlohmann::json::parse(R"([{"difference": 1, "verdict": "eliminated"}])"));

  auto md = test::run_cli("diff student.kz key.kz facts.kz --format md", dir.path());
  CHECK(md.exit_code == 0);
  CHECK_THAT(md.out, Contains("# Comparing `student.kz` (A) with `key.kz` (B)\n"));
  CHECK_THAT(md.out, Contains("| `clan` | weakened | **eliminated** | moved alone by #1 (-> eliminated) |\n"));

  // Without a fact set, the folder that holds RULES_A: no facts there, so kin fails, and
  // clan's test passes in both (a straw in A, a hoop in B): supported.
  auto none = test::run_cli("diff student.kz key.kz --format json", dir.path());
  CHECK(none.exit_code == 0);
  const auto verdicts = nlohmann::json::parse(none.out)["factsets"][0]["verdicts"][0];
  CHECK(verdicts["a"] == "supported");
  CHECK(verdicts["b"] == "supported");
}

TEST_CASE("kzrules diff on bad input exits 2 with a located error", "[cli][diff]") {
  test::TempDir dir;
  write_encodings(dir.path());
  auto missing = test::run_cli("diff student.kz nowhere.kz facts.kz", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("nowhere.kz"));
  CHECK_THAT(missing.err, Contains("[E"));
  CHECK(missing.out.empty());

  test::write_text(dir.path() / "broken.kz", ".hypothesis clan \"Clans\"\n.claim kin \"k\" exists { defector(p) }.\n");
  auto broken = test::run_cli("diff student.kz broken.kz facts.kz", dir.path());
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.err, Contains("broken.kz:2:"));
  CHECK_THAT(broken.err, Contains("^"));
  CHECK(broken.out.empty());

  CHECK(test::run_cli("diff student.kz key.kz facts.kz --format html", dir.path()).exit_code == 2);
}
