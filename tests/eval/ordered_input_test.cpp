// Reading a fact file's rows in order: which rows are new must not depend on whether the
// relation's deduplication set or the scan of the current run answered.
#include <array>
#include <random>
#include <vector>

#include "eval/ordered_input.hpp"
#include "support.hpp"

using namespace kz;

namespace {

using Pair = std::array<std::uint64_t, 2>;

// Feeds `rows` through OrderedInput into one relation and through Relation::insert into
// another; both must accept the same rows and end up holding the same rows.
void check_same_as_insert(const std::vector<Pair>& rows, std::uint64_t signed_columns = 0) {
  eval::Relation read(2, signed_columns, true), inserted(2, signed_columns, true);
  eval::OrderedInput input(read);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i << ": " << rows[i][0] << ", " << rows[i][1]);
    REQUIRE(input.add(rows[i].data()) == inserted.insert(rows[i].data()));
  }
  REQUIRE(read.size() == inserted.size());
  for (std::uint32_t r = 0; r < read.size(); ++r) {
    CHECK(read.row(r)[0] == inserted.row(r)[0]);
    CHECK(read.row(r)[1] == inserted.row(r)[1]);
  }
  for (const Pair& row : rows) CHECK(read.contains(row.data()));
  CHECK_FALSE(read.contains(Pair{12345678, 87654321}.data()));
}

}  // namespace

TEST_CASE("rows read in order reject repeats within a run without a set", "[eval][storage]") {
  std::vector<Pair> rows;
  for (std::uint64_t x = 0; x < 3000; ++x)
    for (std::uint64_t y : {x % 11, (x * 7) % 13, x % 11, 100000 + x})  // a repeat inside each run
      rows.push_back({x * 3, y});
  check_same_as_insert(rows);
  // No row was turned away by a set: the relation has none until asked.
  eval::Relation read(2, 0, true);
  eval::OrderedInput input(read);
  for (const Pair& row : rows) input.add(row.data());
  const std::size_t without_set = read.memory_bytes();
  CHECK(read.contains(rows[5].data()));  // builds the set
  CHECK(read.memory_bytes() > without_set);
}

TEST_CASE("rows out of order or in long runs hand over to the set and keep rejecting repeats", "[eval][storage]") {
  SECTION("a first value goes back: earlier rows repeat later") {
    std::vector<Pair> rows;
    for (std::uint64_t x = 0; x < 500; ++x) rows.push_back({x, x + 1});
    for (std::uint64_t x = 0; x < 500; x += 3) rows.push_back({x, x + 1});  // repeats, out of order
    for (std::uint64_t x = 0; x < 500; x += 5) rows.push_back({x, x + 2});  // new rows, out of order
    check_same_as_insert(rows);
  }
  SECTION("one first value for many rows") {
    std::vector<Pair> rows;
    for (std::uint64_t y = 0; y < 1000; ++y) rows.push_back({42, y % 700});  // a run past what is scanned
    check_same_as_insert(rows);
  }
  SECTION("negative numbers sorted by value") {
    std::vector<Pair> rows;
    for (std::int64_t x = -300; x < 300; ++x)
      for (std::uint64_t y : {1u, 2u, 1u}) rows.push_back({static_cast<std::uint64_t>(x), y});
    check_same_as_insert(rows, 0b01);
    check_same_as_insert(rows, 0b00);  // read as unsigned words, the order breaks at zero
  }
  SECTION("random files, sorted and not") {
    std::mt19937_64 random(5);
    for (int file = 0; file < 20; ++file) {
      std::vector<Pair> rows;
      for (int i = 0; i < 2000; ++i) rows.push_back({random() % 300, random() % 4});
      if (file % 2 == 0) std::sort(rows.begin(), rows.end(), [](const Pair& a, const Pair& b) { return a[0] < b[0]; });
      check_same_as_insert(rows);
    }
  }
}

TEST_CASE("a relation that already holds rows is read through its set", "[eval][storage]") {
  eval::Relation rel(2, 0, true);
  REQUIRE(rel.insert(Pair{5, 5}.data()));
  eval::OrderedInput input(rel);
  CHECK(input.add(Pair{1, 1}.data()));
  CHECK(input.add(Pair{9, 9}.data()));
  CHECK_FALSE(input.add(Pair{5, 5}.data()));  // from before the file: not in any run
  CHECK(rel.size() == 3);
}
