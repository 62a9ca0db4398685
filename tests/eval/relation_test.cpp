// Relation storage: narrow 32-bit rows widen to 64 bits without losing rows, lookups
// or dedup; negative numbers survive narrowing.
#include <array>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <vector>
#include <thread>

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

TEST_CASE("rows start at 16 bits a column and widen step by step at the boundaries", "[eval][storage]") {
  // Column 0 signed, column 1 unsigned (a symbol id or an unsigned number).
  eval::RowStore store(2, 0b01, true);
  auto add = [&](std::int64_t a, std::uint64_t b) {
    const std::array<std::uint64_t, 2> row{static_cast<std::uint64_t>(a), b};
    store.append(row.data());
  };
  add(-32768, 65535);
  add(32767, 0);
  CHECK(store.width() == 2);
  add(-32769, 1);  // the smallest signed value past 16 bits
  CHECK(store.width() == 4);
  add(7, 65536);  // the smallest unsigned value past 16 bits
  CHECK(store.width() == 4);
  add(std::int64_t{-2147483648LL}, 4294967295ull);
  CHECK(store.width() == 4);
  add(std::int64_t{2147483648LL}, 3);
  CHECK(store.width() == 8);
  const std::vector<std::pair<std::int64_t, std::uint64_t>> expected{
      {-32768, 65535}, {32767, 0}, {-32769, 1}, {7, 65536}, {-2147483648LL, 4294967295ull}, {2147483648LL, 3}};
  REQUIRE(store.size() == expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r) {
    CHECK(static_cast<std::int64_t>(store.get(r)[0]) == expected[r].first);
    CHECK(store.get(r)[1] == expected[r].second);
  }
}

TEST_CASE("a dense binary relation of small values costs under 5 bytes a row", "[eval][storage]") {
  // Same-generation-like rows over 4,096 nodes: 4 bytes of 16-bit columns, and the set's
  // bitmap containers at a bit for every other value (issue 7 allows 14 bytes a row).
  eval::Relation rel(2, 0, true);
  std::size_t added = 0;
  for (std::uint64_t x = 0; x < 4096; x += 3)
    for (std::uint64_t y = 0; y < 4096; y += 2) {
      const std::array<std::uint64_t, 2> row{x, y};
      added += rel.insert(row.data()) ? 1u : 0u;
    }
  CHECK(added == rel.size());
  CHECK(static_cast<double>(rel.memory_bytes()) / static_cast<double>(rel.size()) <= 5.0);
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

TEST_CASE("rows appended as unique join the deduplication set when first needed", "[eval][storage]") {
  eval::Relation rel(2, 0, true);
  const std::uint32_t by_second = rel.add_index({1});
  std::vector<std::array<std::uint64_t, 2>> rows;
  for (std::uint64_t i = 0; i < 1000; ++i) rows.push_back({i, i % 10});
  for (auto& r : rows) rel.append_unique(r.data());
  CHECK(rel.size() == 1000);
  // Indexes follow appends at once; the set is built by the first lookup.
  std::size_t with_key_3 = 0;
  const std::uint64_t three = 3;
  for (auto r = rel.first(by_second, &three); r != eval::no_row; r = rel.next(by_second, r)) ++with_key_3;
  CHECK(with_key_3 == 100);
  CHECK(rel.contains(rows[417].data()));
  CHECK(rel.find(rows[999].data()) == 999);
  for (auto& r : rows) CHECK_FALSE(rel.insert(r.data()));
  const std::array<std::uint64_t, 2> fresh{5000, 1};
  CHECK(rel.insert(fresh.data()));
  // More unique appends after the set exists are found too.
  const std::array<std::uint64_t, 2> later{6000, 2};
  rel.append_unique(later.data());
  CHECK_FALSE(rel.insert(later.data()));
  CHECK(rel.size() == 1002);
}

TEST_CASE("concurrent readers build a lazily deduplicated relation once", "[eval][storage][threads]") {
  eval::Relation rel(1, 0, true);
  for (std::uint64_t i = 0; i < 20000; ++i) rel.append_unique(&i);
  std::vector<std::thread> readers;
  std::atomic<std::size_t> found{0};
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      for (std::uint64_t i = static_cast<std::uint64_t>(t); i < 20000; i += 4) found += rel.contains(&i) ? 1 : 0;
    });
  for (auto& r : readers) r.join();
  CHECK(found == 20000);
}

TEST_CASE("a set of packed rows turns into a set of ids when a row no longer fits", "[eval][storage]") {
  eval::Relation rel(2, /*signed columns*/ 0b01, true);
  REQUIRE(rel.packed());
  std::vector<std::array<std::uint64_t, 2>> rows;
  for (std::int64_t i = -300; i < 300; ++i) rows.push_back({static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(i + 300)});
  for (auto& r : rows) CHECK(rel.insert(r.data()));
  for (auto& r : rows) CHECK_FALSE(rel.insert(r.data()));
  CHECK(rel.packed());
  const std::array<std::uint64_t, 2> wide{5, 70000};  // 70,000 needs 32 bits
  CHECK_FALSE(rel.contains(wide.data()));
  CHECK(rel.insert(wide.data()));
  CHECK_FALSE(rel.packed());
  for (auto& r : rows) CHECK_FALSE(rel.insert(r.data()));
  CHECK_FALSE(rel.insert(wide.data()));
  CHECK(rel.find(rows[17].data()) == 17);
  CHECK(rel.size() == rows.size() + 1);
}

TEST_CASE("a packed unary relation keeps negative and 32-bit values apart", "[eval][storage]") {
  eval::Relation rel(1, /*signed*/ 1, true);
  const std::vector<std::int64_t> values{-1, 65535, -65536, 65534, 70000, -70000, 2147483647, -2147483648LL};
  for (auto v : values) {
    const auto w = static_cast<std::uint64_t>(v);
    CHECK(rel.insert(&w));
  }
  CHECK(rel.packed());  // every value fits in 32 bits
  for (auto v : values) {
    const auto w = static_cast<std::uint64_t>(v);
    CHECK_FALSE(rel.insert(&w));
    CHECK(rel.contains(&w));
  }
  const auto big = static_cast<std::uint64_t>(std::int64_t{-5'000'000'000});
  CHECK_FALSE(rel.contains(&big));
  CHECK(rel.insert(&big));
  CHECK_FALSE(rel.packed());
  CHECK(rel.contains(&big));
  const auto minus_one = static_cast<std::uint64_t>(std::int64_t{-1});
  CHECK(rel.find(&minus_one) == 0);
  CHECK(rel.size() == values.size() + 1);
}

TEST_CASE("a two-column index keeps finding rows after a key outgrows 16 bits", "[eval][storage]") {
  eval::Relation rel(3, /*signed*/ 0b001, true);
  const std::uint32_t by_pair = rel.add_index({0, 1});
  std::vector<std::array<std::uint64_t, 3>> rows;
  for (std::int64_t i = -50; i < 50; ++i)
    for (std::uint64_t k = 0; k < 3; ++k) rows.push_back({static_cast<std::uint64_t>(i), k, static_cast<std::uint64_t>(i * 10) + k});
  for (auto& r : rows) CHECK(rel.insert(r.data()));
  auto count = [&](std::uint64_t a, std::uint64_t b) {
    const std::uint64_t key[2] = {a, b};
    std::size_t n = 0;
    for (auto r = rel.first(by_pair, key); r != eval::no_row; r = rel.next(by_pair, r)) ++n;
    return n;
  };
  CHECK(count(static_cast<std::uint64_t>(std::int64_t{-7}), 2) == 1);
  CHECK(count(70000, 1) == 0);  // wider than any stored key: not found, no error
  const std::array<std::uint64_t, 3> wide{70000, 1, 5};
  CHECK(rel.insert(wide.data()));
  const std::array<std::uint64_t, 3> again{static_cast<std::uint64_t>(std::int64_t{-7}), 2, 999};
  CHECK(rel.insert(again.data()));
  CHECK(count(70000, 1) == 1);
  CHECK(count(static_cast<std::uint64_t>(std::int64_t{-7}), 2) == 2);  // newest first, both found
  const std::uint64_t key[2] = {static_cast<std::uint64_t>(std::int64_t{-7}), 2};
  CHECK(rel.row(rel.first(by_pair, key))[2] == 999);
}

TEST_CASE("a one-column index over small keys keeps its chains when a key leaves the dense range", "[eval][storage]") {
  // Keys 0..999 (three rows each) sit in the dense array; then a key far past the dense
  // limit, a negative key and a 64-bit key each change how the index is kept.
  eval::Relation rel(2, /*signed*/ 0b01, true);
  const std::uint32_t by_key = rel.add_index({0});
  std::map<std::int64_t, std::vector<std::uint64_t>> expected;  // key -> payloads, newest first
  auto add = [&](std::int64_t key, std::uint64_t payload) {
    const std::array<std::uint64_t, 2> row{static_cast<std::uint64_t>(key), payload};
    REQUIRE(rel.insert(row.data()));
    auto& payloads = expected[key];
    payloads.insert(payloads.begin(), payload);
  };
  auto check_all = [&] {
    for (const auto& [key, payloads] : expected) {
      const auto k = static_cast<std::uint64_t>(key);
      std::vector<std::uint64_t> found;
      for (auto r = rel.first(by_key, &k); r != eval::no_row; r = rel.next(by_key, r)) found.push_back(rel.row(r)[1]);
      REQUIRE(found == payloads);
    }
    for (const std::int64_t absent : {std::int64_t{1000}, std::int64_t{123456}, std::int64_t{-1}, std::int64_t{1} << 40}) {
      if (expected.count(absent)) continue;
      const auto k = static_cast<std::uint64_t>(absent);
      CHECK(rel.first(by_key, &k) == eval::no_row);
    }
  };
  for (std::uint64_t round = 0; round < 3; ++round)
    for (std::int64_t key = 999; key >= 0; --key) add(key, round * 1000 + static_cast<std::uint64_t>(key));
  check_all();
  add(5'000'000, 1);  // past the dense limit (65,536 or 4 a row)
  check_all();
  add(-3, 2);  // negative: no longer a small non-negative key
  add(7, 3);
  check_all();
  add(std::int64_t{1} << 40, 4);  // does not fit 32 bits
  add(7, 5);
  check_all();
  rel.clear();
  expected.clear();
  add(12, 6);  // dense again after clear
  check_all();
}

TEST_CASE("a dropped deduplication set comes back whole at the next insert or test", "[eval][storage]") {
  // Packed (two 16-bit columns) and by ids (a 64-bit value), and after release().
  for (const std::uint64_t offset : {std::uint64_t{0}, std::uint64_t{1} << 40}) {
    INFO("offset " << offset);
    eval::Relation rel(2, 0, true);
    for (std::uint64_t i = 0; i < 3000; ++i) {
      const std::array<std::uint64_t, 2> row{i + offset, i % 7};
      CHECK(rel.insert(row.data()));
    }
    const std::size_t with_set = rel.memory_bytes();
    rel.drop_set();
    CHECK(rel.memory_bytes() < with_set);
    CHECK(rel.size() == 3000);
    const std::array<std::uint64_t, 2> present{17 + offset, 17 % 7}, absent{17 + offset, 5};
    CHECK(rel.contains(present.data()));
    CHECK_FALSE(rel.contains(absent.data()));
    CHECK_FALSE(rel.insert(present.data()));  // still a duplicate
    CHECK(rel.insert(absent.data()));
    CHECK(rel.size() == 3001);
    rel.release();
    CHECK(rel.size() == 0);
    CHECK_FALSE(rel.contains(present.data()));
    CHECK(rel.insert(present.data()));
  }
}

TEST_CASE("suspended indexes are built whole when resumed, newest row first", "[eval][storage]") {
  // A one-column index (dense), a two-column one (packed keys), a three-column one (keyed
  // by rows), and keys that outgrow each form while the indexes are suspended.
  std::mt19937_64 random(17);
  for (const std::uint64_t wide : {std::uint64_t{0}, std::uint64_t{1} << 20, std::uint64_t{1} << 40}) {
    INFO("wide values from " << wide);
    eval::Relation suspended(3, 0, true), reference(3, 0, true);
    for (auto* rel : {&suspended, &reference}) {
      rel->add_index({0});
      rel->add_index({0, 1});
      rel->add_index({0, 1, 2});
    }
    auto add = [&](std::uint64_t a, std::uint64_t b, std::uint64_t c) {
      const std::array<std::uint64_t, 3> row{a, b, c};
      CHECK(suspended.insert(row.data()) == reference.insert(row.data()));
    };
    for (int i = 0; i < 500; ++i) add(random() % 40, random() % 5, random() % 9);
    suspended.suspend_indexes();
    CHECK(suspended.indexes_suspended());
    CHECK(suspended.memory_bytes() < reference.memory_bytes());
    for (int i = 0; i < 2000; ++i) add(random() % 40 + (i % 97 == 0 ? wide : 0), random() % 5, random() % 9);
    suspended.append_unique(std::array<std::uint64_t, 3>{7, 7, 1000}.data());
    reference.append_unique(std::array<std::uint64_t, 3>{7, 7, 1000}.data());
    suspended.resume_indexes();
    CHECK_FALSE(suspended.indexes_suspended());
    REQUIRE(suspended.size() == reference.size());
    // Every key's chain lists the same rows in the same order.
    for (std::uint32_t index = 0; index < 3; ++index)
      for (std::uint32_t r = 0; r < reference.size(); ++r) {
        std::uint64_t key[3];
        for (std::uint32_t c = 0; c <= index; ++c) key[c] = reference.row(r)[c];
        std::vector<std::uint32_t> got, want;
        for (auto row = suspended.first(index, key); row != eval::no_row; row = suspended.next(index, row)) got.push_back(row);
        for (auto row = reference.first(index, key); row != eval::no_row; row = reference.next(index, row)) want.push_back(row);
        CHECK(got == want);
      }
  }
}

TEST_CASE("a large batch of unique rows joins a set sized for it at once", "[eval][storage]") {
  // Three columns (a set of ids): 20,000 rows appended as unique, then a second batch
  // after the set exists, each large enough for the set to be sized before it is filled.
  eval::Relation rel(3, 0, true);
  auto row = [](std::uint64_t i) { return std::array<std::uint64_t, 3>{i % 97, i / 97, i % 5}; };
  for (std::uint64_t i = 0; i < 20000; ++i) rel.append_unique(row(i).data());
  const std::array<std::uint64_t, 3> absent{96, 1000, 4};
  CHECK_FALSE(rel.contains(absent.data()));
  const std::size_t sized = rel.memory_bytes();
  for (std::uint64_t i = 20000; i < 30000; ++i) rel.append_unique(row(i).data());
  for (std::uint64_t i = 0; i < 30000; i += 7) CHECK(rel.contains(row(i).data()));
  CHECK(rel.memory_bytes() > sized);
  for (std::uint64_t i = 0; i < 30000; i += 3) CHECK_FALSE(rel.insert(row(i).data()));
  CHECK(rel.insert(absent.data()));
  CHECK(rel.size() == 30001);
  CHECK(rel.find(row(29999).data()) == 29999);
}

namespace {

// The rows with `key` in the index's columns, newest first, found by reading every row.
std::vector<std::uint32_t> rows_with_key(const eval::Relation& rel, const std::vector<std::uint32_t>& columns,
                                         const std::uint64_t* key) {
  std::vector<std::uint32_t> rows;
  for (std::uint32_t r = static_cast<std::uint32_t>(rel.size()); r-- > 0;) {
    bool same = true;
    for (std::size_t i = 0; i < columns.size(); ++i) same = same && rel.row(r)[columns[i]] == key[i];
    if (same) rows.push_back(r);
  }
  return rows;
}

std::vector<std::uint32_t> chain_of(const eval::Relation& rel, std::uint32_t index, const std::uint64_t* key) {
  std::vector<std::uint32_t> rows;
  for (auto r = rel.first(index, key); r != eval::no_row; r = rel.next(index, r)) rows.push_back(r);
  return rows;
}

}  // namespace

TEST_CASE("an index over rows grouped by its key keeps no chain array until a run breaks", "[eval][storage]") {
  // Dense one-column keys, packed two-column keys, keys of rows (three columns) and wide
  // values: rows come grouped by the first column, as sorted fact files give them, then
  // one row repeats an earlier key and every chain must still list its rows newest first.
  const std::vector<std::vector<std::uint32_t>> indexes{{0}, {0, 1}, {0, 1, 2}};
  for (const std::uint64_t wide : {std::uint64_t{0}, std::uint64_t{1} << 20, std::uint64_t{1} << 40}) {
    INFO("values from " << wide);
    eval::Relation grouped(3, 0, true), scattered(3, 0, true);
    for (const auto& columns : indexes) grouped.add_index(columns), scattered.add_index(columns);
    std::vector<std::array<std::uint64_t, 3>> rows;
    for (std::uint64_t key = 0; key < 400; ++key)
      for (std::uint64_t k = 0; k < 1 + key % 5; ++k) rows.push_back({wide + key, 0, k});  // first two columns in runs
    for (const auto& row : rows) REQUIRE(grouped.insert(row.data()));
    std::mt19937_64 random(wide + 3);
    auto shuffled = rows;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    for (const auto& row : shuffled) REQUIRE(scattered.insert(row.data()));
    // The runs cost a bit a row; the scattered rows' chains cost 4 bytes a row an index.
    CHECK(grouped.memory_bytes() + 2 * 4 * rows.size() < scattered.memory_bytes());

    auto check_chains = [&](const eval::Relation& rel) {
      for (std::uint32_t index = 0; index < indexes.size(); ++index)
        for (std::uint32_t r = 0; r < rel.size(); ++r) {
          std::uint64_t key[3];
          for (std::size_t i = 0; i < indexes[index].size(); ++i) key[i] = rel.row(r)[indexes[index][i]];
          REQUIRE(chain_of(rel, index, key) == rows_with_key(rel, indexes[index], key));
        }
    };
    check_chains(grouped);
    check_chains(scattered);
    // A row with an earlier key breaks that key's run: the chains are written out.
    // (Measured without the deduplication set, whose form follows the values seen.)
    auto rows_and_indexes = [](eval::Relation& rel) {
      rel.drop_set();
      return rel.memory_bytes();
    };
    const std::size_t in_runs = rows_and_indexes(grouped);
    REQUIRE(grouped.insert(std::array<std::uint64_t, 3>{wide + 7, 0, 99}.data()));
    CHECK(rows_and_indexes(grouped) > in_runs);
    check_chains(grouped);
    for (int i = 0; i < 300; ++i) grouped.insert(std::array<std::uint64_t, 3>{wide + random() % 500, 0, random() % 9}.data());
    check_chains(grouped);
    // Emptied, the indexes start in runs again.
    grouped.release();
    for (const auto& row : rows) REQUIRE(grouped.insert(row.data()));
    CHECK(rows_and_indexes(grouped) <= in_runs);
    check_chains(grouped);
  }
}

TEST_CASE("a packed binary set moves its split while every row fits 32 bits", "[eval][storage]") {
  // (state, step) rows: states past 16 bits, steps small, as a bounded search derives
  // them. Each phase widens one column; the set must answer as a reference set does.
  std::mt19937_64 random(11);
  eval::Relation rel(2, /*signed*/ 0b11, true), by_ids(2, 0b11, true);
  by_ids.require_ids();
  std::set<std::pair<std::uint64_t, std::uint64_t>> reference;
  auto add = [&](std::uint64_t state, std::uint64_t step) {
    const std::array<std::uint64_t, 2> row{state, step};
    const bool is_new = reference.insert({state, step}).second;
    REQUIRE(rel.insert(row.data()) == is_new);
    REQUIRE(by_ids.insert(row.data()) == is_new);
  };
  auto check = [&] {
    REQUIRE(rel.size() == reference.size());
    for (std::uint32_t r = 0; r < rel.size(); ++r) REQUIRE(reference.count({rel.row(r)[0], rel.row(r)[1]}) == 1);
    for (const auto& [state, step] : reference) {
      const std::array<std::uint64_t, 2> row{state, step}, other{state, step + 1000};
      REQUIRE(rel.contains(row.data()));
      REQUIRE(rel.contains(other.data()) == (reference.count({state, step + 1000}) == 1));
    }
  };
  for (int i = 0; i < 3000; ++i) add(random() % 60000, random() % 4);  // two 16-bit halves
  check();
  REQUIRE(rel.packed());
  for (int i = 0; i < 30000; ++i) add(random() % 100000, random() % 8);  // 17 + 3 bits
  check();
  CHECK(rel.packed());
  CHECK(rel.memory_bytes() < by_ids.memory_bytes());
  for (int i = 0; i < 30000; ++i) add(random() % 100000, random() % 200);  // 17 + 8 bits
  check();
  CHECK(rel.packed());
  for (int i = 0; i < 5000; ++i) add(random() % 300, random() % 16000);  // 17 + 14 bits
  check();
  add(static_cast<std::uint64_t>(std::int64_t{-4}), 2);  // a negative number fits no split
  check();
  CHECK_FALSE(rel.packed());
  // Rows spread thin over their containers (a pair of wide ids): a set of ids again.
  eval::Relation sparse(2, 0, true);
  for (int i = 0; i < 20000; ++i) sparse.insert(std::array<std::uint64_t, 2>{random() % 120000, random() % 30000}.data());
  CHECK_FALSE(sparse.packed());
  CHECK(sparse.contains(std::array<std::uint64_t, 2>{sparse.row(77)[0], sparse.row(77)[1]}.data()));
  // Rows appended as unique join the set by the same rule.
  eval::Relation appended(2, 0, true);
  for (std::uint64_t s = 0; s < 100000; s += 7) appended.append_unique(std::array<std::uint64_t, 2>{s * 3, s % 5}.data());
  CHECK(appended.contains(std::array<std::uint64_t, 2>{21, 2}.data()));
  CHECK_FALSE(appended.contains(std::array<std::uint64_t, 2>{21, 3}.data()));
  CHECK(appended.packed());
  CHECK(appended.insert(std::array<std::uint64_t, 2>{21, 3}.data()));
  CHECK_FALSE(appended.insert(std::array<std::uint64_t, 2>{299985, 0}.data()));  // s = 99,995
}

TEST_CASE("a packed ternary set fits its split to its rows and turns into ids when none fits", "[eval][storage]") {
  // (x, y, bound) rows over a few hundred elements, as a partial order's upper bounds
  // are: they fit 32 bits. Each phase widens a column; answers must match a reference set.
  std::mt19937_64 random(23);
  using Row = std::array<std::uint64_t, 3>;
  eval::Relation rel(3, /*signed*/ 0b111, true), by_ids(3, 0b111, true);
  by_ids.require_ids();
  std::set<Row> reference;
  auto add = [&](std::uint64_t x, std::uint64_t y, std::uint64_t z) {
    const Row row{x, y, z};
    const bool is_new = reference.insert(row).second;
    REQUIRE(rel.insert(row.data()) == is_new);
    REQUIRE(by_ids.insert(row.data()) == is_new);
  };
  auto check = [&] {
    REQUIRE(rel.size() == reference.size());
    for (std::uint32_t r = 0; r < rel.size(); ++r) REQUIRE(reference.count(Row{rel.row(r)[0], rel.row(r)[1], rel.row(r)[2]}) == 1);
    for (const Row& row : reference) {
      REQUIRE(rel.contains(row.data()));
      for (const Row& other : {Row{row[0], row[1], row[2] + 1}, Row{row[0], row[1] + 1, row[2]}, Row{row[0] + 1, row[1], row[2]}})
        REQUIRE(rel.contains(other.data()) == (reference.count(other) == 1));
    }
  };
  for (int i = 0; i < 20000; ++i) add(random() % 240, random() % 240, random() % 240);  // 8 + 8 + 8 bits
  check();
  REQUIRE(rel.packed());
  CHECK(rel.memory_bytes() < by_ids.memory_bytes());
  for (int i = 0; i < 5000; ++i) add(random() % 240, random() % 240, 1000 + random() % 3000);  // the last outgrows 10 bits
  check();
  CHECK(rel.packed());
  for (int i = 0; i < 5000; ++i) add(random() % 5000, random() % 200, random() % 4000);  // 13 + 8 + 12 bits: no split
  check();
  CHECK_FALSE(rel.packed());
  // A negative number fits no split either; a relation cleared keeps working.
  eval::Relation negative(3, 0b111, true);
  CHECK(negative.insert(Row{1, 2, 3}.data()));
  CHECK(negative.packed());
  CHECK(negative.insert(Row{1, static_cast<std::uint64_t>(std::int64_t{-2}), 3}.data()));
  CHECK_FALSE(negative.packed());
  CHECK(negative.contains(Row{1, 2, 3}.data()));
  CHECK(negative.contains(Row{1, static_cast<std::uint64_t>(std::int64_t{-2}), 3}.data()));
  CHECK_FALSE(negative.insert(Row{1, 2, 3}.data()));
  // Rows appended as unique join a packed set, in the split they need, when it is first built.
  eval::Relation appended(3, 0, true);
  for (std::uint64_t s = 0; s < 60000; s += 3) appended.append_unique(Row{s % 300, s % 7, s}.data());
  CHECK(appended.contains(Row{21 % 300, 0, 21}.data()));
  CHECK_FALSE(appended.contains(Row{21 % 300, 1, 21}.data()));
  CHECK(appended.packed());
  CHECK_FALSE(appended.insert(Row{59997 % 300, 59997 % 7, 59997}.data()));
  CHECK(appended.insert(Row{0, 0, 1}.data()));
}

TEST_CASE("a row store shrunk to its rows grows again and widens without losing any", "[eval][storage]") {
  // 40,000 rows end in a segment with room for 32,768 (segments double): shrinking gives
  // most of that back; appending past the cut, and widening, keep every row.
  eval::Relation rel(2, /*signed*/ 0b10, true);
  rel.add_index({0});
  std::vector<std::array<std::uint64_t, 2>> rows;
  auto add = [&](std::uint64_t a, std::uint64_t b) {
    rows.push_back({a, b});
    REQUIRE(rel.insert(rows.back().data()));
  };
  auto check = [&] {
    REQUIRE(rel.size() == rows.size());
    for (std::uint32_t r = 0; r < rows.size(); ++r) {
      REQUIRE(rel.row(r)[0] == rows[r][0]);
      REQUIRE(rel.row(r)[1] == rows[r][1]);
    }
    const std::uint64_t key = rows.back()[0];
    CHECK(rel.first(0, &key) == rows.size() - 1);
  };
  for (std::uint64_t i = 0; i < 40000; ++i) add(i, i % 100);
  const std::size_t before = rel.memory_bytes();
  rel.shrink_rows();
  CHECK(rel.memory_bytes() + 20000 * 4 < before);
  check();
  rel.shrink_rows();  // nothing more to give back
  check();
  for (std::uint64_t i = 40000; i < 60000; ++i) add(i, 7);  // past the cut: the segment grows back
  check();
  rel.shrink_rows();
  add(1'000'000, static_cast<std::uint64_t>(std::int64_t{-3}));  // 32 bits: every segment is rewritten
  check();
  rel.shrink_rows();
  add(std::uint64_t{1} << 40, 1);  // 64 bits
  check();
  rel.release();
  rel.shrink_rows();  // empty: nothing to do
  rows.clear();
  add(5, 5);
  check();
}
