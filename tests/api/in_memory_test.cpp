// A library that needs no files: an argument parsed from text and checked on fact sets
// held in memory (facts in the language, tuples from code) — check, explain, sweep,
// flip, what-if and the HTML handout — and, on the Kazakhstan corpus, the functions that
// take paths giving the same reports as a Program with fact sets from paths or memory.
#include <sstream>

#include "api/internal.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// 1 reaches 4 through three edges; the claim needs at least `min_hops` hops.
constexpr const char* rules_text = R"(.hypothesis reach "1 reaches 4"
.hypothesis cut "1 does not reach 4"
.param min_hops = 2
.decl edge(a: number, b: number, source: symbol)
.decl path(a: number, b: number, hops: number)
path(x, y, 1) :- edge(x, y, _).
path(x, z, n + 1) :- path(x, y, n), edge(y, z, _), n < 10.
.decl reaches(a: number, b: number)
reaches(x, y) :- path(x, y, n), n >= min_hops.
.claim far "1 reaches 4 in at least min_hops hops" exists { reaches(1, 4) } supports reach as smoking_gun, opposes cut as hoop.
)";

Program memory_program() {
  auto parsed = parse_string(rules_text, "memory.kz");
  REQUIRE(parsed.ok());
  return *parsed.program;
}

Tuple edge(std::int64_t a, std::int64_t b, const char* source) { return {a, b, std::string(source)}; }

// The three edges as tuples from code.
FactSet chain() {
  return FactSet::from_tuples("chain")
      .add("edge", edge(1, 2, "map p. 1"))
      .add("edge", edge(2, 3, "map p. 2"))
      .add("edge", edge(3, 4, "map p. 3"));
}

// A shortcut written in the language: 1 -> 2 -> 4.
FactSet shortcut() { return FactSet::from_text("shortcut.kz", "edge(1, 2, \"a\").\nedge(2, 4, \"b\").\n"); }

Database evaluated(const Program& program, const FactSet& factset) {
  Database db = open_factset(program, factset);
  EvalOptions options;
  options.record_provenance = true;
  db.evaluate(options);
  return db;
}

}  // namespace

TEST_CASE("an argument in memory is checked on fact sets in memory", "[in-memory]") {
  const Program program = memory_program();
  CHECK(program.name() == "memory.kz");
  const CheckReport report = check(program, {chain(), shortcut()});
  CHECK(report.rules == "memory.kz");
  REQUIRE(report.factsets.size() == 2);
  for (const auto& f : report.factsets) {
    REQUIRE(f.hypotheses.size() == 2);
    CHECK(f.hypotheses[0].verdict == Verdict::confirmed);
    CHECK(f.hypotheses[1].verdict == Verdict::eliminated);
    CHECK(f.supports == std::vector<std::string>{"reach"});
    REQUIRE(f.claims.size() == 1);
    CHECK(f.claims[0].form == ClaimForm::exists);
    CHECK(f.claims[0].links[0].test == TestType::smoking_gun);
    CHECK(f.claims[0].links[1].test == TestType::hoop);
  }
  CHECK(report.factsets[0].name == "chain");
  CHECK(report.factsets[1].name == "shortcut.kz");
  // One fact set renders as it appears in the whole report.
  const std::string whole = render_text(report);
  const std::string one = render_text(report.factsets[0]);
  CHECK_THAT(one, Contains("chain supports: reach"));
  CHECK(whole.rfind(one, 0) == 0);
  CHECK_THAT(render_markdown(report), Contains(render_markdown(report.factsets[1])));
  CHECK_THAT(render_json(report.factsets[0]), Contains("\"form\": \"exists\""));
  CHECK_THAT(render_json(report.factsets[0]), Contains("\"test\": \"smoking_gun\""));
  CHECK_THAT(render_json(report), Contains("\"rules\": \"memory.kz\""));
}

TEST_CASE("explain works on a fact set in memory", "[in-memory]") {
  const Program program = memory_program();
  {
    Database db = evaluated(program, chain());
    const Explanation e = explain_atom(db, "reaches(1, 4)");
    REQUIRE(e.derived);
    CHECK(e.proof.kind == ProofKind::rule);
    const ProofNode* leaf = &e.proof;
    while (!leaf->children.empty()) leaf = &leaf->children.front();
    CHECK(leaf->kind == ProofKind::host);
    CHECK_THAT(render_explanation(e), Contains("edge(1, 2, \"map p. 1\")   [added from code]"));
    const ClaimExplanation c = explain_claim(db, "far");
    CHECK(c.result.outcome == Outcome::holds);
    CHECK(c.result.form == ClaimForm::exists);
    REQUIRE(c.instances.size() == 1);
    CHECK_THAT(render_claim_explanation(c), Contains("claim far (exists, memory.kz:10): holds"));
  }
  {  // Facts written in the language are facts of the program, at their line.
    Database db = evaluated(program, shortcut());
    const Explanation e = explain_atom(db, "path(1, 4, 2)");
    REQUIRE(e.derived);
    CHECK_THAT(render_explanation(e), Contains("edge(2, 4, \"b\")   [fact shortcut.kz:2]"));
    CHECK_THAT(explanation_json(e), Contains("\"kind\": \"fact\""));
  }
}

TEST_CASE("sweep, flip and what-if work on a fact set in memory", "[in-memory]") {
  const Program program = memory_program();
  const SweepReport swept = sweep(program, chain(), parse_sweep_range("min_hops=2:4:1"));
  REQUIRE(swept.rows.size() == 3);
  CHECK(swept.factset == "chain");
  CHECK(swept.rows[1].verdicts[0] == Verdict::confirmed);  // three hops are enough for 3
  CHECK(swept.rows[2].verdicts[0] == Verdict::weakened);   // but not for 4
  CHECK(swept.rows[2].flipped[0]);
  CHECK_THAT(render_sweep(swept), Contains("weakened*"));

  const FlipResult flipped = flip(program, chain(), "reach");
  REQUIRE(flipped.after);
  CHECK(flipped.before == Verdict::confirmed);
  CHECK(*flipped.after == Verdict::weakened);
  REQUIRE(flipped.removed.size() == 1);
  CHECK(flipped.removed[0] == "edge(1, 2, \"map p. 1\")");
  CHECK(flipped.candidates == 3);

  // Removing the fact flip names does change the verdict, by what-if...
  CheckOptions without;
  without.without.push_back(parse_pattern(program, flipped.removed[0]));
  const WhatIfReport moved = what_if(program, {chain()}, without);
  CHECK(moved.baseline.factsets[0].hypotheses[0].verdict == Verdict::confirmed);
  CHECK(moved.changed.factsets[0].hypotheses[0].verdict == Verdict::weakened);
  REQUIRE(moved.moves.size() == 1);
  REQUIRE(moved.moves[0].verdicts.size() == 2);
  CHECK(moved.moves[0].claims.at(0).after == Outcome::fails);
  const std::string text = render_moves(moved.moves, {"--without " + flipped.removed[0]});
  CHECK_THAT(text, Contains("What moved  --without edge(1, 2, \"map p. 1\")\n  chain\n"));
  CHECK_THAT(text, Contains("    claim far: holds -> fails\n"));
  CHECK_THAT(text, Contains("    reach: confirmed -> weakened\n"));
  CHECK_THAT(text, Contains("    supports: reach -> cut\n"));
  // ...and by leaving it out of the fact set.
  FactSet two_edges = FactSet::from_tuples("two edges");
  two_edges.add("edge", edge(2, 3, "map p. 2")).add("edge", edge(3, 4, "map p. 3"));
  CHECK(check(program, {two_edges}).factsets[0].hypotheses[0].verdict == *flipped.after);
  // Nothing moves without a change.
  CHECK_THAT(render_moves(what_if(program, {chain()}, {}).moves, {}), Contains("no verdict moved"));

  // Facts written in the language are facts of the fact set too: flip removes them.
  const FlipResult cut_short = flip(program, shortcut(), "reach");
  CHECK(cut_short.before == Verdict::confirmed);
  REQUIRE(cut_short.after);
  CHECK(*cut_short.after == Verdict::weakened);
  CHECK(cut_short.candidates == 2);
  REQUIRE(cut_short.removed.size() == 1);
  CHECK(cut_short.removed[0] == "edge(1, 2, \"a\")");
}

TEST_CASE("the HTML handout of an argument in memory", "[in-memory][html]") {
  const Program program = memory_program();
  const std::string html = render_html(program, {chain(), shortcut()});
  CHECK_THAT(html, Contains("<title>kzrules: memory.kz</title>"));
  CHECK_THAT(html, Contains("<tr><td><code>chain</code></td><td class=\"good\">confirmed</td>"
                            "<td class=\"bad\">eliminated</td><td><b>reach</b></td></tr>"));
  CHECK_THAT(html, Contains("<tr><td><code>shortcut.kz</code></td><td class=\"good\">confirmed</td>"));
  CHECK_THAT(html, Contains("[added from code]"));
  // Without a renderer the map is DOT text; with one, whatever SVG it draws.
  CHECK_THAT(html, Contains("(Graphviz is not installed: the map as DOT text.)</p><pre>digraph argument"));
  HtmlOptions drawn;
  std::size_t maps = 0;
  drawn.render_svg = [&](const std::string& dot) -> std::optional<std::string> {
    ++maps;
    CHECK_THAT(dot, Contains("digraph argument"));
    return "<?xml version=\"1.0\"?>\n<svg>map</svg>";
  };
  const std::string with_svg = render_html(program, {chain(), shortcut()}, {}, drawn);
  CHECK(maps == 2);
  CHECK_THAT(with_svg, Contains("<summary>Argument map</summary><svg>map</svg></details>"));
  CHECK_FALSE(with_svg.find("<pre>digraph") != std::string::npos);
}

TEST_CASE("enums print the words the reports use", "[in-memory]") {
  std::ostringstream out;
  out << Verdict::confirmed << ' ' << Outcome::vacuous << ' ' << ClaimForm::share << ' ' << TestType::doubly_decisive
      << ' ' << ProofKind::input;
  CHECK(out.str() == "confirmed vacuous share doubly_decisive input");
  CHECK(std::string(proof_kind_name(ProofKind::truncated)) == "truncated");
}

TEST_CASE("the functions that take paths give the reports a Program and fact sets give", "[in-memory][corpus]") {
  const fs::path rules = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";
  const fs::path facts = rules / "facts" / "2007";
  CheckOptions options;
  options.bayes = true;
  const CheckReport by_path = check(rules, {facts}, options);

  // The same rules as a Program, the fact set from its path.
  auto parsed = parse_path(rules);
  REQUIRE(parsed.ok());
  const Program program = *parsed.program;
  CHECK(render_json(check(program, {FactSet::from_path(facts)}, options)) == render_json(by_path));

  // Everything in memory: the rules' texts, and the fact set's rows as tuples.
  auto in_memory = parse_sources(program.sources());
  REQUIRE(in_memory.ok());
  FactSet rows = FactSet::from_tuples(by_path.factsets[0].name);
  rows.unobserved = by_path.factsets[0].unobserved;  // what the folder's coverage.kz says
  {
    Database loaded = open_factset(rules, facts);
    for (const auto& relation : program.relations())
      if (relation.is_input)
        for (auto& tuple : loaded.rows(relation.name)) rows.add(relation.name, tuple);
  }
  CHECK_FALSE(rows.tuples.empty());
  const CheckReport by_memory = check(*in_memory.program, {rows}, options);
  CHECK(render_text(by_memory) == render_text(by_path));
  CHECK(render_markdown(by_memory.factsets[0]) == render_markdown(by_path.factsets[0]));
  CHECK(render_json(by_memory.factsets[0]) == render_json(by_path.factsets[0]));

  const auto range = parse_sweep_range("tenure_limit=2:4:0.5");
  CHECK(render_sweep(sweep(rules, facts, range)) == render_sweep(sweep(program, FactSet::from_path(facts), range)));
  CHECK(render_sweep(sweep(rules, facts, range)) == render_sweep(sweep(*in_memory.program, rows, range)));
  CHECK(render_html(rules, {facts}) == render_html(program, {FactSet::from_path(facts)}));

  FlipOptions budget;
  budget.max_evaluations = 40;
  const auto hypothesis = program.hypotheses().front().name;
  const FlipResult flip_path = flip(rules, facts, hypothesis, {}, budget);
  const FlipResult flip_memory = flip(*in_memory.program, rows, hypothesis, {}, budget);
  CHECK(render_flip(flip_path) == render_flip(flip_memory));

  CheckOptions change;  // without the first fact loaded
  const auto& [relation, tuple] = rows.tuples.front();
  change.without.emplace_back(relation, Pattern(tuple.begin(), tuple.end()));
  const WhatIfReport what_path = what_if(rules, {facts}, change);
  CHECK(render_moves(what_path.moves, {}) == render_moves(what_if(*in_memory.program, {rows}, change).moves, {}));
}

TEST_CASE("a fact set that is a file is read with the program's sources", "[in-memory]") {
  test::TempDir dir;
  test::write_text(dir.path() / "rules.kz", rules_text);
  test::write_text(dir.path() / "shortcut.kz", "edge(1, 2, \"a\").\nedge(2, 4, \"b\").\n");
  const auto path_report = check(dir.path() / "rules.kz", {dir.path() / "shortcut.kz"});
  auto parsed = parse_path(dir.path() / "rules.kz");
  REQUIRE(parsed.ok());
  const auto file_report = check(*parsed.program, {FactSet::from_path(dir.path() / "shortcut.kz")});
  CHECK(render_json(path_report) == render_json(file_report));
  const auto text_report = check(*parsed.program, {FactSet::from_text((dir.path() / "shortcut.kz").string(),
                                                                      "edge(1, 2, \"a\").\nedge(2, 4, \"b\").\n")});
  CHECK(render_json(text_report) == render_json(path_report));
  CHECK_THROWS_AS(open_factset(*parsed.program, FactSet::from_path(dir.path() / "missing.kz")), Error);
}
