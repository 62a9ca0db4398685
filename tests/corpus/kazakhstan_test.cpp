// The Kazakhstan corpus: the article's figures come out of its facts, and the verdicts
// are the article's (2007), the concession it makes (1996), and the counterfactual's.
#include <regex>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace kz;

namespace {

const fs::path corpus = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";

Database evaluated(const std::string& factset) {
  auto parsed = parse_path(corpus);
  INFO(render(parsed.diagnostics));
  REQUIRE(parsed.ok());
  Database db(*parsed.program);
  db.load_inputs(corpus / "facts" / factset);
  db.evaluate();
  return db;
}

double number(const Value& v) {
  if (auto const* d = std::get_if<double>(&v)) return *d;
  if (auto const* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  FAIL("not a number");
  return 0;
}

Verdict verdict_of(const FactSetReport& f, const std::string& name) {
  for (const auto& h : f.hypotheses)
    if (h.name == name) return h.verdict;
  FAIL("no hypothesis " << name);
  return Verdict::untested;
}

}  // namespace

TEST_CASE("Table 2: mean 2.73, median 2.92, mode 1.72, sd 0.87 over 21 regions", "[corpus]") {
  auto db = evaluated("2007");
  CHECK(db.size("region_tenure") == 21);
  auto rows = db.rows("table2_stats");
  REQUIRE(rows.size() == 1);
  CHECK(number(rows[0][0]) == Approx(2.73).margin(0.005));
  CHECK(number(rows[0][1]) == Approx(2.92).margin(1e-9));
  CHECK(number(rows[0][2]) == Approx(1.72).margin(1e-9));
  CHECK(number(rows[0][3]) == Approx(0.87).margin(0.005));
}

TEST_CASE("Table 3: 72.31% single-term Mazhilis deputies, mean 1.37 terms", "[corpus]") {
  auto db = evaluated("2007");
  CHECK(db.size("mazhilis_seat") == 242);
  auto rows = db.rows("mazhilis_stats");
  REQUIRE(rows.size() == 1);
  CHECK(number(rows[0][0]) == Approx(1.37).margin(0.005));
  CHECK(number(rows[0][4]) * 100 == Approx(72.31).margin(0.005));
}

TEST_CASE("Table 4: senators' mean 1.86 terms, 24.79% with three or more", "[corpus]") {
  auto db = evaluated("2007");
  CHECK(db.size("senate_seat") == 117);
  auto rows = db.rows("senate_stats");
  REQUIRE(rows.size() == 1);
  CHECK(number(rows[0][0]) == Approx(1.86).margin(0.005));
  CHECK(number(rows[0][6]) * 100 == Approx(24.79).margin(0.005));
}

TEST_CASE("the corpus reproduces the article's verdicts", "[corpus]") {
  auto report = check(corpus, {corpus / "facts" / "2007", corpus / "facts" / "1996",
                               corpus / "facts" / "counterfactual-strongmen"});
  REQUIRE(report.factsets.size() == 3);
  const auto& y2007 = report.factsets[0];
  CHECK(y2007.claims.size() >= 15);
  CHECK(y2007.supports == std::vector<std::string>{"fpg"});
  CHECK(verdict_of(y2007, "fpg") == Verdict::confirmed);
  CHECK(verdict_of(y2007, "clan") == Verdict::eliminated);
  CHECK(verdict_of(y2007, "centre_periphery") == Verdict::eliminated);
  for (const auto& c : y2007.claims)
    if (c.name.rfind("table", 0) == 0) CHECK(c.outcome == Outcome::holds);

  const auto& y1996 = report.factsets[1];  // the early-independence picture reads differently
  CHECK(y1996.supports == std::vector<std::string>{"clan", "centre_periphery"});
  CHECK(verdict_of(y1996, "fpg") == Verdict::weakened);

  const auto& counterfactual = report.factsets[2];  // long-tenured akims with a following
  CHECK(counterfactual.supports == std::vector<std::string>{"centre_periphery"});
  CHECK(verdict_of(counterfactual, "centre_periphery") == Verdict::confirmed);
}

TEST_CASE("every fact row carries its source", "[corpus]") {
  std::size_t files = 0, rows = 0;
  for (const auto& set : fs::directory_iterator(corpus / "facts")) {
    for (const auto& file : fs::directory_iterator(set.path())) {
      if (file.path().extension() != ".csv") continue;
      ++files;
      const std::string text = test::read_text(file.path());
      const auto header_end = text.find('\n');
      REQUIRE(header_end != std::string::npos);
      INFO(file.path().string());
      CHECK(text.substr(0, header_end).size() >= 6);
      CHECK(text.compare(header_end - 6, 6, "source") == 0);
      // Every data line ends in a non-empty source field.
      std::size_t start = header_end + 1;
      while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        if (!line.empty()) {
          ++rows;
          CHECK(line.back() != ',');
        }
        start = end + 1;
      }
    }
  }
  CHECK(files >= 3 * 30);
  CHECK(rows > 100);
}

TEST_CASE("explain, graph, sweep and flip on the corpus", "[corpus][explain]") {
  Database db = open_factset(corpus, corpus / "facts" / "2007");
  EvalOptions o;
  o.record_provenance = true;
  db.evaluate(o);
  // The defectors from the president's own horde, each down to its CSV rows.
  auto e = explain_claim(db, "defectors_from_president_horde");
  REQUIRE(e.instances.size() == 2);
  CHECK(e.instances[0].binding[0].second == Value(std::string("ablyazov")));
  const std::string proof = render_claim_explanation(e);
  CHECK_THAT(proof, Catch::Matchers::Contains("facts/2007/horde.csv:"));
  CHECK_THAT(proof, Catch::Matchers::Contains("source: fn 2"));
  // Why the strongman smoking gun fails on 2007.
  auto not_derived = explain_atom(db, "regional_challenger(\"zhakupov\", \"west_kazakhstan\")");
  CHECK_FALSE(not_derived.derived);
  CHECK_FALSE(not_derived.attempts.empty());
  // The map names every claim and hypothesis.
  auto report = check_database(db, "2007");
  const std::string dot = argument_dot(db.program(), &report);
  for (const auto& c : report.claims) CHECK_THAT(dot, Catch::Matchers::Contains("\"c:" + c.name + "\""));
  CHECK_THAT(argument_argdown(db.program(), &report), Catch::Matchers::Contains("[fpg]:"));
  // The tenure threshold: centre-periphery's hoop flips just above Table 2's mean.
  auto s = sweep(corpus, corpus / "facts" / "2007", parse_sweep_range("tenure_limit=2.5:3:0.5"));
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0].verdicts[1] == Verdict::weakened);
  CHECK(s.rows[1].verdicts[1] == Verdict::eliminated);
  CHECK(s.rows[1].flipped[1]);
  // One fact decides fpg's confirmation: Abilov's FPG in the second tier.
  auto f = flip(corpus, corpus / "facts" / "2007", "fpg");
  REQUIRE(f.after);
  CHECK(f.removed.size() == 1);
  CHECK(*f.after == Verdict::contested);
}
