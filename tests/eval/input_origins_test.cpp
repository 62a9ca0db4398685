// Where input rows came from, kept as runs of consecutive lines: every row finds its own
// file and line whatever the runs look like.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "eval/input_origins.hpp"

using kz::eval::InputOrigin;
using kz::eval::InputOrigins;

TEST_CASE("a file read line after line is one run, and every row finds its line", "[eval][provenance]") {
  InputOrigins origins;
  for (std::uint32_t row = 0; row < 100000; ++row) origins.record(row, InputOrigin{0, row + 2});  // a header line
  CHECK(origins.runs() == 1);
  CHECK(origins.find(0)->line == 2);
  CHECK(origins.find(99999)->line == 100001);
  CHECK_FALSE(origins.find(100000));
}

TEST_CASE("skipped lines, other files and rows from elsewhere break the runs", "[eval][provenance]") {
  // A reference map against the runs, on a random mix of what loading does: lines skipped
  // (duplicates, comments), a second file, rows added from code (no origin).
  std::mt19937 random(17);
  std::map<std::uint32_t, InputOrigin> expected;
  InputOrigins origins;
  std::uint32_t line = 1, file = 0;
  for (std::uint32_t row = 0; row < 5000; ++row) {
    const auto what = static_cast<unsigned>(random() % 10);
    if (what == 0) continue;             // a row from code: no origin
    if (what == 1) line += static_cast<std::uint32_t>(random() % 3);  // lines skipped
    if (what == 2) file = (file + 1) % 3, line = 1;
    expected[row] = InputOrigin{file, line};
    origins.record(row, InputOrigin{file, line++});
  }
  CHECK(origins.runs() < expected.size() / 2);
  for (std::uint32_t row = 0; row < 5001; ++row) {
    INFO("row " << row);
    const auto found = origins.find(row);
    const auto it = expected.find(row);
    REQUIRE(found.has_value() == (it != expected.end()));
    if (found) {
      CHECK(found->file == it->second.file);
      CHECK(found->line == it->second.line);
    }
  }
}

TEST_CASE("recording a row again forgets the origins from it on", "[eval][provenance]") {
  InputOrigins origins;
  for (std::uint32_t row = 0; row < 10; ++row) origins.record(row, InputOrigin{0, row + 1});
  origins.record(4, InputOrigin{1, 50});
  CHECK(origins.find(3)->line == 4);
  CHECK(origins.find(4)->file == 1);
  CHECK(origins.find(4)->line == 50);
  CHECK_FALSE(origins.find(5));
}
