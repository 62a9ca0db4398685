// The container set behind packed relations: membership must match a plain std::set
// whatever the insertion order and density (containers switch between sorted arrays and
// range bitmaps), and dense containers must cost about a bit a row.
#include <algorithm>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include "eval/packed_row_set.hpp"

using kz::eval::PackedRowSet;

namespace {

// Inserts `rows` into a PackedRowSet and a std::set side by side, checking every answer.
// A set with a stride is asked only about rows of its own containers, as its relation does.
void check_against_std_set(PackedRowSet& set, const std::vector<std::uint32_t>& rows, std::uint32_t stride = 1) {
  std::set<std::uint32_t> expected;
  for (const std::uint32_t row : rows) {
    const bool added = expected.insert(row).second;
    REQUIRE(set.insert(row) == added);
  }
  CHECK(set.size() == expected.size());
  for (const std::uint32_t row : expected) REQUIRE(set.contains(row));
  // Neighbours of present rows, and rows in other containers, that were never inserted.
  for (const std::uint32_t row : rows)
    for (const std::uint32_t probe : {row + 1, row - 1, row + (stride << 16), row + 64, row - 64})
      if ((probe >> 16) % stride == (row >> 16) % stride) REQUIRE(set.contains(probe) == (expected.count(probe) == 1));
}

}  // namespace

TEST_CASE("packed row sets agree with std::set on random rows of every density", "[eval][storage]") {
  std::mt19937 rng(11);
  for (const std::uint32_t span : {3u, 64u, 200u, 5000u, 65536u}) {
    for (const std::uint32_t containers : {1u, 7u}) {
      std::vector<std::uint32_t> rows;
      for (int i = 0; i < 20000; ++i) rows.push_back(static_cast<std::uint32_t>(((rng() % containers) << 16) | (rng() % span)));
      PackedRowSet set;
      check_against_std_set(set, rows);
    }
  }
}

TEST_CASE("packed row sets agree with std::set when a dense range meets far values", "[eval][storage]") {
  // A bitmap container over 0..999, then values spread over the whole 16-bit range: it
  // widens, then turns back into an array; then fills up into a bitmap again.
  std::vector<std::uint32_t> rows;
  for (std::uint32_t v = 1000; v-- > 0;) rows.push_back(v);
  for (std::uint32_t v = 65535; v > 1000; v -= 4099) rows.push_back(v);
  for (std::uint32_t v = 0; v < 65536; v += 3) rows.push_back(v);
  PackedRowSet set;
  check_against_std_set(set, rows);
}

TEST_CASE("dense packed rows cost about a bit each, sparse ones two bytes", "[eval][storage]") {
  // A chain's closure, inserted the way semi-naive rounds derive it: round k adds (x, x + k).
  PackedRowSet dense;
  const std::uint32_t n = 2000;
  std::size_t added = 0;
  for (std::uint32_t k = 1; k < n; ++k)
    for (std::uint32_t x = 0; x + k < n; ++x) added += dense.insert((x << 16) | (x + k)) ? 1u : 0u;
  CHECK(added == std::size_t{n} * (n - 1) / 2);
  CHECK(dense.memory_bytes() * 8 <= 2 * added);  // at most 2 bits a row

  PackedRowSet sparse;
  std::mt19937 rng(5);
  std::set<std::uint32_t> distinct;
  while (distinct.size() < 10000) distinct.insert(rng() % 65536);  // one container, 1 value in 6.5
  std::vector<std::uint32_t> shuffled(distinct.begin(), distinct.end());
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  for (const std::uint32_t v : shuffled) REQUIRE(sparse.insert(v));
  CHECK(sparse.memory_bytes() <= 8 * 1024 + 512);  // never more than a full bitmap
}

TEST_CASE("a strided packed row set holds only its own containers' rows", "[eval][storage]") {
  // The relation's shard s holds high halves h with h % 64 == s, indexed by h / 64.
  PackedRowSet shard(6);  // 2^6 = 64 shards
  std::vector<std::uint32_t> rows;
  for (std::uint32_t h = 5; h < 65536; h += 64 * 97)
    for (std::uint32_t v = 0; v < 300; v += 7) rows.push_back((h << 16) | v);
  check_against_std_set(shard, rows, 64);
  PackedRowSet moved = std::move(shard);
  CHECK(moved.size() == rows.size());
  CHECK(moved.contains(rows.front()));
  CHECK(shard.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
  moved.clear();
  CHECK_FALSE(moved.contains(rows.front()));
  CHECK(moved.memory_bytes() == 0);
}
