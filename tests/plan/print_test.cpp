// Golden plans: each tests/plan/golden/NAME.dl is planned and printed, and the text must
// equal NAME.plan byte for byte, so a planner change shows up in review as a diff of
// these files. Every .plan file was read and checked by a person (join order, a delta
// version for each recursive atom, indexes matching the keys) before it was checked in.
//
// To regenerate after an intended planner or printer change:
//   KZ_UPDATE_GOLDEN=1 build/tests/test_plan
// rewrites the .plan files in the source tree; read `git diff tests/plan/golden` line by
// line before committing, as for a first check-in.
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "api/internal.hpp"
#include "plan/plan.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace kz;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Where two texts first differ, as a message a person can act on.
std::string first_difference(const fs::path& expected_file, const std::string& expected, const std::string& printed) {
  const auto want = lines_of(expected), got = lines_of(printed);
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  auto at = [](const std::vector<std::string>& lines, std::size_t n) {
    return n < lines.size() ? "|" + lines[n] + "|" : std::string("(end of text)");
  };
  return fmt::format(
      "{} differs from the printed plan at line {}:\n  expected: {}\n  printed:  {}\n"
      "The whole printed plan:\n{}\n"
      "If the change is intended, regenerate with KZ_UPDATE_GOLDEN=1 build/tests/test_plan and read the diff.",
      expected_file.string(), i + 1, at(want, i), at(got, i), printed);
}

bool updating() {
  const char* flag = std::getenv("KZ_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

// Plans the body of the last rule of `model` on its own, as the planner does for a rule's
// initial version.
std::vector<plan::Op> plan_last_rule(const sem::Program& model) {
  const sem::Rule& rule = model.rules.back();
  std::vector<bool> bound(rule.slots.size(), false);
  plan::IndexRegistry indexes;
  auto planned = plan::plan_conjunction(model, rule.body, bound, -1, indexes);
  REQUIRE(std::holds_alternative<std::vector<plan::Op>>(planned));
  return std::get<std::vector<plan::Op>>(planned);
}

}  // namespace

TEST_CASE("golden programs print their hand-checked plans", "[plan]") {
  const fs::path root = fs::path(KZ_SOURCE_DIR) / "tests" / "plan" / "golden";
  std::vector<fs::path> programs;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.path().extension() == ".dl") programs.push_back(entry.path());
  std::sort(programs.begin(), programs.end());
  REQUIRE(programs.size() >= 7);
  for (const auto& program : programs) {
    DYNAMIC_SECTION(program.stem().string()) {
      auto parsed = parse_path(program);
      INFO(render(parsed.diagnostics));
      REQUIRE(parsed.ok());
      const std::string printed = show(*parsed.program, Stage::plan);
      fs::path expected_file = program;
      expected_file.replace_extension(".plan");
      if (updating()) {
        test::write_text(expected_file, printed);
        WARN("rewrote " << expected_file.string() << ": read its diff before committing");
        continue;
      }
      if (!fs::exists(expected_file))
        FAIL(expected_file.string() << " is missing: write it with KZ_UPDATE_GOLDEN=1 build/tests/test_plan, then "
                                       "check every line of it\n" << printed);
      const std::string expected = test::read_text(expected_file);
      if (printed != expected) FAIL(first_difference(expected_file, expected, printed));
    }
  }
}

TEST_CASE("a plan prints the same on every run", "[plan]") {
  const std::string text = test::read_text(fs::path(KZ_SOURCE_DIR) / "tests" / "plan" / "golden" / "grouped_aggregate.dl");
  const std::string first = show(test::must_parse(text), Stage::plan);
  CHECK(show(test::must_parse(text), Stage::plan) == first);
}

TEST_CASE("an op list prints one op a line at its indent", "[plan]") {
  auto keyed = test::must_parse(".decl e(a: number, b: number)\n.decl p(a: number)\np(y) :- e(1, y), e(y, y), y > 2.\n");
  CHECK(plan::to_string(api::model_of(keyed), plan_last_rule(api::model_of(keyed)), api::model_of(keyed).rules.back().slots, 4) ==
        "    scan e key[0=1] via index 0 bind[1->y#0]\n"
        "    filter y#0 > 2\n"
        "    scan e key[0=y#0, 1=y#0] via tuple set\n");
  // A variable new to the scan and repeated in it: bound from one column, the other must equal it.
  auto repeated = test::must_parse(".decl e(a: number, b: number)\n.decl p(a: number)\np(x) :- e(x, x).\n");
  CHECK(plan::to_string(api::model_of(repeated), plan_last_rule(api::model_of(repeated)), api::model_of(repeated).rules.back().slots) ==
        "scan e bind[0->x#0] same[1=0]\n");
}
