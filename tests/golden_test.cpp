// Golden programs: each folder under tests/golden holds program.dl, optional facts/, and
// the hand-checked outputs in expected/. Every expected file must match byte for byte.
#include <algorithm>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace kz;

TEST_CASE("golden programs give their hand-checked outputs", "[golden]") {
  const fs::path root = fs::path(KZ_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 7);
  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      auto parsed = parse_path(dir / "program.dl");
      INFO(render(parsed.diagnostics));
      REQUIRE(parsed.ok());
      Database db(*parsed.program);
      db.load_inputs(dir / "facts");
      db.evaluate();
      test::TempDir out;
      db.write_outputs(out.path());
      std::size_t compared = 0;
      for (const auto& expected : fs::directory_iterator(dir / "expected")) {
        const auto produced = out.path() / expected.path().filename();
        INFO("output " << produced.filename().string());
        REQUIRE(fs::exists(produced));
        CHECK(test::read_text(produced) == test::read_text(expected.path()));
        ++compared;
      }
      CHECK(compared > 0);
    }
  }
}
