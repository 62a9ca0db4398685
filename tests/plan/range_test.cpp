// Range scans (plan::Op::range_column) change no row: comparisons that bound a scan's
// column are answered by reading the column in order between the bounds. Each program
// runs on random numbers, negative ones too, and its rows must be the ones a direct
// computation gives.
#include <random>
#include <set>

#include "support.hpp"

using namespace kz;

TEST_CASE("range scans read exactly the rows their comparisons allow", "[plan][range]") {
  const Program program = test::must_parse(R"(.decl a(x: number)
.decl b(y: number)
.decl u(y: unsigned)
.decl below(x: number, y: number)
.decl between(x: number, y: number)
.decl above_strict(x: number, y: number)
.decl flipped(x: number, y: number)
.decl unsigned_below(x: number, y: unsigned)
below(x, y) :- a(x), b(y), y <= x.
between(x, y) :- a(x), b(y), x - 2 < y, y <= x + 2.
above_strict(x, y) :- a(x), b(y), y > x * 2.
flipped(x, y) :- a(x), b(y), x >= y, x < y + 3.
unsigned_below(x, y) :- a(x), u(y), x >= 0, y < to_unsigned(x).
)");
  std::mt19937 random(20261202);
  for (int trial = 0; trial < 30; ++trial) {
    std::set<std::int64_t> a, b;
    std::set<std::uint64_t> u;
    const int n = std::uniform_int_distribution<int>(0, 25)(random);
    for (int i = 0; i < n; ++i) a.insert(std::uniform_int_distribution<int>(-20, 20)(random));
    for (int i = 0; i < n; ++i) b.insert(std::uniform_int_distribution<int>(-20, 20)(random));
    for (int i = 0; i < n; ++i) u.insert(std::uniform_int_distribution<std::uint64_t>(0, 20)(random));
    FactSet facts = FactSet::from_tuples("random");
    for (auto v : a) facts.add("a", {v});
    for (auto v : b) facts.add("b", {v});
    for (auto v : u) facts.add("u", {Value(v)});
    Database db = open_factset(program, facts);
    db.evaluate();
    auto expect = [&](auto holds) {
      std::string out;
      for (auto x : a)
        for (auto y : b)
          if (holds(x, y)) out += std::to_string(x) + "\t" + std::to_string(y) + "\n";
      return out;
    };
    INFO("trial " << trial);
    CHECK(test::rows_text(db, "below") == expect([](auto x, auto y) { return y <= x; }));
    CHECK(test::rows_text(db, "between") == expect([](auto x, auto y) { return x - 2 < y && y <= x + 2; }));
    CHECK(test::rows_text(db, "above_strict") == expect([](auto x, auto y) { return y > x * 2; }));
    CHECK(test::rows_text(db, "flipped") == expect([](auto x, auto y) { return x >= y && x < y + 3; }));
    std::string unsigned_rows;
    for (auto x : a)
      for (auto y : u)
        if (x >= 0 && y < static_cast<std::uint64_t>(x)) unsigned_rows += std::to_string(x) + "\t" + std::to_string(y) + "\n";
    CHECK(test::rows_text(db, "unsigned_below") == unsigned_rows);
  }
  // Every one of these rules scans b (or u) by range.
  const std::string plan = show(program, Stage::plan);
  std::size_t ranges = 0;
  for (std::size_t at = plan.find("range["); at != std::string::npos; at = plan.find("range[", at + 1)) ++ranges;
  CHECK(ranges == 5);
}
