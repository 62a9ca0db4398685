// The error catalogue: each class of bad input gets its stable code, every code has an
// entry, docs/errors.md is the catalogue as generated, and diagnostics come as JSON too.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

std::string code_of_program(const std::string& text) {
  auto r = parse_string(text, "test.dl");
  REQUIRE_FALSE(r.ok());
  REQUIRE_FALSE(r.diagnostics.empty());
  return r.diagnostics.front().code;
}

std::string code_of_run(const std::string& text, const std::string& file = {}, const std::string& content = {}) {
  test::TempDir dir;
  if (!file.empty()) test::write_text(dir.path() / file, content);
  try {
    Database db(test::must_parse(text));
    db.load_inputs(dir.path());
    EvalOptions o;
    o.max_tuples = 1000;
    db.evaluate(o);
  } catch (const Error& e) {
    return e.diagnostics().front().code;
  }
  FAIL("expected an error");
  return {};
}

const char* decl = ".decl a(x: number)\n.decl s(x: symbol)\n";

}  // namespace

TEST_CASE("lexical and syntax errors have their codes", "[errors]") {
  CHECK(code_of_program(std::string(decl) + "a(1)\n") == "E0001");
  CHECK(code_of_program(std::string(decl) + "s(\"open).\n") == "E0002");
  CHECK(code_of_program(std::string(decl) + "/* open\n") == "E0003");
  CHECK(code_of_program(std::string(decl) + "s(\"a\\qb\").\n") == "E0004");
  CHECK(code_of_program(std::string(decl) + "s(\"\xc3\x28\").\n") == "E0005");
  CHECK(code_of_program(std::string(decl) + "@\n") == "E0006");
  CHECK(code_of_program(".decl e(x: number, y: number) eqrel\n") == "E0007");
  // Each construct missing a piece.
  CHECK(code_of_program(".decl\n") == "E0001");
  CHECK(code_of_program(".decl a(x: number\n") == "E0001");
  CHECK(code_of_program(".type T 3\n") == "E0001");
  CHECK(code_of_program(".input\n") == "E0001");
  CHECK(code_of_program(std::string(decl) + "a(x) :- .\n") == "E0001");
  CHECK(code_of_program(std::string(decl) + "a(n) :- n = count : { a(_) .\n") == "E0001");
  CHECK(code_of_program(".hypothesis h\n") == "E0001");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" exists a(1).\n") == "E0001");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" forall { a(x) } { a(x) }.\n") == "E0001");
  CHECK(code_of_program(std::string(decl) + ".hypothesis h \"x\"\n.claim c \"x\" exists { a(1) } supports h.\n") == "E0001");
}

TEST_CASE("semantic errors have their codes", "[errors]") {
  CHECK(code_of_program(std::string(decl) + "a(x) :- b(x).\n") == "E0101");
  CHECK(code_of_program(std::string(decl) + "a(x) :- a(x, x).\n") == "E0102");
  CHECK(code_of_program(std::string(decl) + ".decl a(y: number)\n") == "E0103");
  CHECK(code_of_program(".decl a(x: Person)\n") == "E0104");
  CHECK(code_of_program(".decl a(mean: number)\n") == "E0105");
  CHECK(code_of_program(std::string(decl) + "a(x) :- s(x).\n") == "E0106");
  CHECK(code_of_program(std::string(decl) + "a(x) :- s(y).\n") == "E0107");
  CHECK(code_of_program(std::string(decl) + "a(1) :- !s(y).\n") == "E0107");
  CHECK(code_of_program(std::string(decl) + "a(1) :- y > 2.\n") == "E0107");
  CHECK(code_of_program(std::string(decl) + "a(x) :- a(x), !a(x).\n") == "E0108");
  CHECK(code_of_program(std::string(decl) + "a(n) :- a(m), n = count : { a(_) }, n < m.\n") == "E0108");
  CHECK(code_of_program(std::string(decl) + "a(n) :- s(x), n = size(x).\n") == "E0109");
  CHECK(code_of_program(std::string(decl) + "a(x + _) :- a(x).\n") == "E0110");
  CHECK(code_of_program(std::string(decl) + "a(n) :- n = sum : { a(_) }.\n") == "E0111");
  CHECK(code_of_program(std::string(decl) + "a(99999999999999999999).\n") == "E0112");
  CHECK(code_of_program(std::string(decl) + ".input a(IO=sqlite)\n") == "E0113");
  CHECK(code_of_program(".param p = count : { a(_) }\n" + std::string(decl)) == "E0114");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" exists { a(1) } supports g as hoop.\n" + std::string(decl)) == "E0201");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" exists { a(1) } supports h as litmus.\n" + std::string(decl)) == "E0202");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" exists { a(1) } supports h as hoop (0, 0.5).\n" + std::string(decl)) == "E0203");
  CHECK(code_of_program(".hypothesis h \"x\"\n.claim c \"x\" exists { a(1) } backs h as hoop.\n" + std::string(decl)) == "E0204");
}

TEST_CASE("fact file and runtime errors have their codes", "[errors]") {
  const std::string input = ".decl e(a: number, b: symbol)\n.input e\n";
  CHECK(code_of_run(input) == "E0301");
  CHECK(code_of_run(input, "e.facts", "1\n") == "E0302");  // more fields than attributes: W0009
  CHECK(code_of_run(input, "e.facts", "one\tx\n") == "E0303");
  const std::string csv = ".decl e(a: number, b: symbol)\n.input e(IO=file, filename=\"e.csv\", delimiter=\",\", rfc4180=true)\n";
  CHECK(code_of_run(csv, "e.csv", "1,\"open\n") == "E0304");
  CHECK(code_of_run(".decl a(x: number)\na(x) :- x = 1 / 0.\n") == "E0401");
  CHECK(code_of_run(".decl a(x: number)\na(x) :- x = 9223372036854775807 * 2.\n") == "E0402");
  CHECK(code_of_run(".decl a(x: symbol)\na(\"s\") :- match(\"(a{1000}){1000}\", \"s\").\n") == "E0403");
  CHECK(code_of_run(".decl a(x: number)\na(x) :- x = to_number(\"twelve\").\n") == "E0404");
  CHECK(code_of_run(".decl n(x: number)\nn(0).\nn(x + 1) :- n(x).\n") == "E0501");
}

TEST_CASE("every code has an entry, and docs/errors.md is the catalogue", "[errors]") {
  std::set<std::string> codes;
  for (const auto& e : error_catalogue()) {
    CHECK(codes.insert(e.code).second);
    CHECK_FALSE(e.title.empty());
    CHECK_FALSE(e.example.empty());
    CHECK_FALSE(e.fix.empty());
  }
  CHECK(codes.size() >= 35);
  // Each ErrorCode names its own entry, and the enum lists the catalogue in its order.
  const auto& catalogue = error_catalogue();
  for (std::size_t i = 0; i < catalogue.size(); ++i)
    CHECK(error_entry(static_cast<ErrorCode>(i)).code == catalogue[i].code);
  CHECK(error_entry(ErrorCode::unknown_relation).code == "E0101");
  CHECK(error_entry(ErrorCode::graphviz_failed).code == "E0702");
  const auto doc = test::read_text(std::filesystem::path(KZ_SOURCE_DIR) / "docs" / "errors.md");
  CHECK(doc == catalogue_markdown());
  auto cli = test::run_cli("explain-error E0108");
  CHECK(cli.exit_code == 0);
  CHECK_THAT(cli.out, Contains("negation or aggregation through recursion"));
  CHECK(test::run_cli("explain-error E9999").exit_code == 2);
}

TEST_CASE("diagnostics render with their code, and as JSON for editors", "[errors]") {
  auto r = parse_string(".decl a(x: number)\na(x) :- b(x).\na(y) :- c(y).\n", "f.dl");
  const std::string text = render(r.diagnostics);
  CHECK_THAT(text, Contains("f.dl:2:9: error: unknown relation 'b' (declare it with .decl) [E0101]"));
  auto json = nlohmann::json::parse(diagnostics_json(r.diagnostics));
  REQUIRE(json.size() == 2);
  CHECK(json[0]["code"] == "E0101");
  CHECK(json[0]["line"] == 2);
  CHECK(json[0]["column"] == 9);
  CHECK(json[1]["line"] == 3);
  test::TempDir dir;
  test::write_text(dir.path() / "f.dl", ".decl a(x: number)\na(1)\na(2)\na(3).\n");
  auto cli = test::run_cli("--diagnostics json run f.dl", dir.path());
  CHECK(cli.exit_code == 2);
  auto errors = nlohmann::json::parse(cli.err);
  CHECK(errors.size() == 2);  // several syntax errors in one file are all reported
  CHECK(errors[0]["line"] == 2);
  CHECK(errors[1]["line"] == 3);
}

// Codes come from where each error is raised, so a diagnostic without one is a raise site
// that forgot it. Every prefix of every fuzz seed and regression program is a broken
// program of some kind; each of its diagnostics, and each error evaluating the ones that
// parse, must carry a code from the catalogue.
TEST_CASE("every diagnostic of a broken program carries a catalogue code", "[errors]") {
  const std::filesystem::path fuzz = std::filesystem::path(KZ_SOURCE_DIR) / "tests" / "fuzz";
  std::size_t diagnostics = 0;
  auto check_codes = [&](const std::vector<Diagnostic>& found, const std::string& text) {
    for (const auto& d : found) {
      ++diagnostics;
      INFO(text << "\n" << render(d));
      CHECK(find_error(d.code).has_value());
      for (const auto& note : d.notes) CHECK(note.severity == Severity::note);
    }
  };
  for (const char* folder : {"seeds/programs", "regressions/programs"}) {
    for (const auto& entry : std::filesystem::directory_iterator(fuzz / folder)) {
      const std::string program = test::read_text(entry.path());
      const std::size_t step = std::max<std::size_t>(7, program.size() / 60);
      for (std::size_t cut = 1; cut <= program.size(); cut += step) {
        const std::string text = program.substr(0, cut);
        auto parsed = parse_string(text, "cut.dl");
        check_codes(parsed.diagnostics, text);
        if (!parsed.ok()) continue;
        try {
          Database db(*parsed.program);
          EvalOptions limits;
          limits.max_tuples = 10'000;
          limits.timeout_seconds = 1;
          db.evaluate(limits);
        } catch (const Error& e) {
          check_codes(e.diagnostics(), text);
        }
      }
    }
  }
  CHECK(diagnostics > 100);
}
