// docs/language.md keeps its promises: every block marked `kz` in the docs is a program
// kzrules accepts without a warning, and the page's worked examples give the outcomes
// and verdicts the page states. The programs are taken from the page itself, so an
// edit that breaks an example fails here rather than in a reader's terminal.
#include <regex>

#include "support.hpp"

using namespace kz;

namespace {

struct Block {
  std::string text;
  std::string where;  // docs/FILE.md:LINE, for messages
};

// The fenced blocks whose info string is exactly `kz`.
std::vector<Block> kz_blocks(const std::string& doc) {
  const std::string text = test::read_text(std::filesystem::path(KZ_SOURCE_DIR) / "docs" / doc);
  std::vector<Block> blocks;
  std::istringstream lines(text);
  std::string line, body;
  int number = 0, start = 0;
  bool inside = false;
  while (std::getline(lines, line)) {
    ++number;
    if (!inside && line == "```kz") {
      inside = true;
      start = number;
      body.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back({body, fmt::format("docs/{}:{}", doc, start)});
    } else if (inside) {
      body += line + "\n";
    }
  }
  return blocks;
}

// The program of language.md that declares `claim`.
Program example_with(const std::string& claim) {
  for (const auto& block : kz_blocks("language.md"))
    if (block.text.find(".claim " + claim + " ") != std::string::npos) {
      auto parsed = parse_string(block.text, block.where);
      INFO(render(parsed.diagnostics));
      REQUIRE(parsed.ok());
      return *parsed.program;
    }
  FAIL("docs/language.md has no example declaring claim " << claim);
  throw std::logic_error("unreachable");
}

const ClaimResult& claim(const FactSetReport& f, const std::string& name) {
  for (const auto& c : f.claims)
    if (c.name == name) return c;
  FAIL("no claim " << name);
  throw std::logic_error("unreachable");
}

Verdict verdict(const FactSetReport& f, const std::string& hypothesis) {
  for (const auto& h : f.hypotheses)
    if (h.name == hypothesis) return h.verdict;
  FAIL("no hypothesis " << hypothesis);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("every kz block in the docs is a program kzrules accepts without a warning", "[docs]") {
  std::size_t count = 0;
  for (const char* doc : {"language.md", "cli.md"}) {
    for (const auto& block : kz_blocks(doc)) {
      ++count;
      auto parsed = parse_string(block.text, block.where);
      INFO(block.where << "\n" << render(parsed.diagnostics));
      REQUIRE(parsed.ok());
      CHECK(parsed.diagnostics.empty());
    }
  }
  // The page's examples are there to be found: a changed fence must not silence this test.
  CHECK(count >= 10);
}

TEST_CASE("language.md's .unobserved example gives the outcomes and verdicts the page states", "[docs]") {
  const Program rules = example_with("kin_defected");
  const std::string coverage = ".unobserved horde\n";
  const std::string facts_1999 = R"(defector("kazhegeldin"). horde("nazarbaev", "senior"). akim("kazhegeldin").)";
  const std::string facts_2002 = R"(defector("kazhegeldin"). defector("ablyazov").
      horde("nazarbaev", "senior"). horde("ablyazov", "senior"). akim("kazhegeldin").)";

  const CheckReport report = check(rules, {FactSet::from_text("press-1999", coverage + facts_1999),
                                           FactSet::from_text("press-2002", coverage + facts_2002)});
  REQUIRE(report.factsets.size() == 2);
  const FactSetReport& y1999 = report.factsets[0];
  const FactSetReport& y2002 = report.factsets[1];

  // 1999: no defector's horde on record. The exists that fails and the forall whose
  // conclusion uses horde are unknown; the claim that does not touch horde is not.
  CHECK(claim(y1999, "kin_defected").outcome == Outcome::unknown);
  CHECK(claim(y1999, "kin_defected").unknown_relations == std::vector<std::string>{"horde"});
  CHECK(claim(y1999, "defectors_placed").outcome == Outcome::unknown);
  CHECK(claim(y1999, "akim_defected").outcome == Outcome::holds);
  CHECK(verdict(y1999, "clan") == Verdict::untested);
  CHECK(verdict(y1999, "centre_periphery") == Verdict::supported);
  CHECK(y1999.supports == std::vector<std::string>{"centre_periphery"});

  // 2002: the witness found through positive atoms stands, and the hoop eliminates clan.
  CHECK(claim(y2002, "kin_defected").outcome == Outcome::holds);
  CHECK(claim(y2002, "defectors_placed").outcome == Outcome::unknown);
  CHECK(verdict(y2002, "clan") == Verdict::eliminated);
  CHECK(y2002.supports == std::vector<std::string>{"centre_periphery"});

  // Without coverage, 1999's absence passes clan's hoop: what the page warns against.
  const CheckReport closed = check(rules, {FactSet::from_text("press-1999", facts_1999)});
  CHECK(claim(closed.factsets[0], "kin_defected").outcome == Outcome::fails);
  CHECK(verdict(closed.factsets[0], "clan") == Verdict::supported);
  CHECK(closed.factsets[0].supports == std::vector<std::string>{"clan", "centre_periphery"});
}

TEST_CASE("language.md's time example gives the table the page states", "[docs]") {
  const Program rules = example_with("dvk_founded");
  CheckOptions options;
  options.as_of = {"2001-03", "1999", "2001-02"};  // out of order on purpose
  const CheckReport report = check(
      rules,
      {FactSet::from_text("press", R"(founded("dvk", 2001). dispute("ablyazov", "aliev", "2001-03"). exiled("kazhegeldin").)")},
      options);
  REQUIRE(report.factsets.size() == 3);
  CHECK(report.factsets[0].name == "press@1999");
  CHECK(report.factsets[1].name == "press@2001-02");
  CHECK(report.factsets[2].name == "press@2001-03");

  const FactSetReport& y1999 = report.factsets[0];
  CHECK(claim(y1999, "banker_against_family").outcome == Outcome::fails);
  CHECK(claim(y1999, "dvk_founded").outcome == Outcome::unknown);
  CHECK(claim(y1999, "dvk_founded").not_yet_observable);
  CHECK(claim(y1999, "someone_exiled").outcome == Outcome::holds);
  CHECK(verdict(y1999, "fpg") == Verdict::weakened);

  const FactSetReport& feb = report.factsets[1];
  CHECK(claim(feb, "banker_against_family").outcome == Outcome::fails);  // dated March
  CHECK(claim(feb, "dvk_founded").outcome == Outcome::holds);            // 2001 is January 1
  CHECK(verdict(feb, "fpg") == Verdict::confirmed);

  const FactSetReport& march = report.factsets[2];
  CHECK(claim(march, "banker_against_family").outcome == Outcome::holds);
  CHECK(claim(march, "dvk_founded").outcome == Outcome::holds);
  CHECK(verdict(march, "fpg") == Verdict::confirmed);
}

TEST_CASE("language.md's table of how dates compare holds", "[docs]") {
  auto parsed = parse_string(R"(
      .decl event(what: symbol, date: symbol)
      .dated event(date)
      event("a", "1996").  event("b", "2001-03").  event("c", "2001-03-01").
      event("d", "2001-03-02").  event("e", "2001-12-31").  event("f", "2002").
      .claim seen "Some event is on record" exists { event(w, _) }.)",
                             "dates.kz");
  INFO(render(parsed.diagnostics));
  REQUIRE(parsed.ok());
  auto kept_as_of = [&](const std::string& date) {
    CheckOptions options;
    options.as_of = {date};
    const CheckReport report = check(*parsed.program, {FactSet::from_tuples("events")}, options);
    std::string kept;
    for (const auto& w : claim(report.factsets.at(0), "seen").witnesses) kept += std::get<std::string>(w.at(0).second);
    return kept;
  };
  CHECK(kept_as_of("1996") == "a");
  CHECK(kept_as_of("2001-03") == "abc");
  CHECK(kept_as_of("2001-03-01") == "abc");
  CHECK(kept_as_of("2001-03-02") == "abcd");
  CHECK(kept_as_of("2001") == "abcde");
}
