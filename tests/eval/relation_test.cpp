// Relation storage: narrow 32-bit rows widen to 64 bits without losing rows, lookups
// or dedup; negative numbers survive narrowing.
#include <array>

#include "eval/relation.hpp"
#include "support.hpp"

using namespace kz;

TEST_CASE("a narrow relation widens when a value needs 64 bits", "[eval][storage]") {
  eval::Relation rel(2, /*signed columns*/ 0b11, /*narrow allowed*/ true);
  const std::uint32_t by_first = rel.add_index({0});
  std::vector<std::array<std::uint64_t, 2>> rows;
  for (std::int64_t i = -500; i < 500; ++i) rows.push_back({static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(i * 7 + 1000)});
  for (auto& r : rows) CHECK(rel.insert(r.data()));
  CHECK(rel.narrow());
  const std::array<std::uint64_t, 2> big{static_cast<std::uint64_t>(std::int64_t{-5'000'000'000}), 0x1'0000'0000ull};
  CHECK(rel.insert(big.data()));
  CHECK_FALSE(rel.narrow());
  for (auto& r : rows) CHECK_FALSE(rel.insert(r.data()));  // still deduplicated
  CHECK_FALSE(rel.insert(big.data()));
  CHECK(rel.size() == rows.size() + 1);
  for (std::size_t i = 0; i < rows.size(); i += 97) {
    CHECK(rel.row(i)[0] == rows[i][0]);
    CHECK(rel.row(i)[1] == rows[i][1]);
    const std::uint32_t found = rel.first(by_first, &rows[i][0]);
    REQUIRE(found != eval::no_row);
    CHECK(rel.row(found)[1] == rows[i][1]);
  }
  CHECK(rel.row(rows.size())[0] == big[0]);
}

TEST_CASE("programs see the same values whatever the storage width", "[eval][storage]") {
  auto db = test::evaluate(R"(
    .decl n(x: number, s: symbol)
    .decl doubled(x: number)
    n(-3, "a"). n(2147483647, "b"). n(5, "c").
    doubled(y) :- n(x, _), y = x * 2.
  )");
  CHECK(test::rows_text(db, "doubled") == "-6\n10\n4294967294\n");
}
