// Deduplication through an index's chains (a relation with no set of its own) and
// inputs read when the evaluation first needs them.
#include <array>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "eval/engine.hpp"
#include "eval/relation.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

using Row4 = std::array<std::uint64_t, 4>;

// Inserts `rows` into `rel` and into a reference set; every answer must agree.
void insert_all(eval::Relation& rel, std::set<Row4>& reference, const std::vector<Row4>& rows) {
  for (const auto& row : rows) REQUIRE(rel.insert(row.data()) == reference.insert(row).second);
  REQUIRE(rel.size() == reference.size());
}

// Every stored row is found at its id; rows next to them are found exactly when stored.
void check_lookups(const eval::Relation& rel, const std::set<Row4>& reference) {
  for (std::uint32_t id = 0; id < rel.size(); ++id) {
    const eval::RowRef r = rel.row(id);
    const Row4 row{r[0], r[1], r[2], r[3]};
    REQUIRE(rel.contains(row.data()));
    REQUIRE(rel.find(row.data()) == id);
    Row4 other = row;
    other[3] += 1;
    REQUIRE(rel.contains(other.data()) == (reference.count(other) == 1));
    REQUIRE((rel.find(other.data()) == eval::no_row) == (reference.count(other) == 0));
  }
}

std::vector<Row4> random_rows(std::size_t count, std::uint64_t keys, unsigned seed) {
  std::mt19937_64 random(seed);
  std::vector<Row4> rows;
  for (std::size_t i = 0; i < count; ++i) rows.push_back({random() % keys, random() % 7, random() % 5, random() % 9});
  return rows;
}

}  // namespace

TEST_CASE("an index with short chains deduplicates rows without a set of its own", "[eval][storage]") {
  eval::Relation rel(4);
  rel.add_index({0});
  std::set<Row4> reference;
  // 40,000 rows over 20,000 keys: two rows a key on average, duplicates among them.
  insert_all(rel, reference, random_rows(40000, 20000, 1));
  CHECK(rel.deduplicates_by_index());
  check_lookups(rel, reference);
  // A relation with no index has nothing to walk: it keeps a set of ids.
  eval::Relation plain(4);
  std::set<Row4> plain_reference;
  insert_all(plain, plain_reference, random_rows(5000, 20000, 1));
  CHECK_FALSE(plain.deduplicates_by_index());
}

TEST_CASE("deduplication moves to a shorter index, or to a set of ids, when chains grow long", "[eval][storage]") {
  SECTION("a second index with short chains takes over") {
    eval::Relation rel(4);
    rel.add_index({1});     // seven keys: chains of thousands
    rel.add_index({0, 3});  // tens of thousands of keys
    REQUIRE(rel.index_count() == 2);
    std::set<Row4> reference;
    insert_all(rel, reference, random_rows(30000, 50000, 2));
    CHECK(rel.deduplicates_by_index());
    check_lookups(rel, reference);
  }
  SECTION("no short index: a set of ids, for good") {
    eval::Relation rel(4);
    rel.add_index({1});
    std::set<Row4> reference;
    insert_all(rel, reference, random_rows(30000, 50000, 3));
    CHECK_FALSE(rel.deduplicates_by_index());
    check_lookups(rel, reference);
    rel.clear();
    reference.clear();
    insert_all(rel, reference, random_rows(2000, 50000, 4));
    CHECK_FALSE(rel.deduplicates_by_index());
  }
}

TEST_CASE("wide binary rows that leave the packed set deduplicate by index", "[eval][storage]") {
  // Pairs of a 20-bit and a 17-bit value fit no split of 32 bits.
  eval::Relation rel(2, 0, true);
  const std::uint32_t by_first = rel.add_index({0});
  std::set<std::pair<std::uint64_t, std::uint64_t>> reference;
  std::mt19937_64 random(5);
  for (int i = 0; i < 30000; ++i) {
    const std::array<std::uint64_t, 2> row{random() % (1u << 20), random() % (1u << 17)};
    REQUIRE(rel.insert(row.data()) == reference.insert({row[0], row[1]}).second);
    REQUIRE_FALSE(rel.insert(row.data()));
  }
  CHECK_FALSE(rel.packed());
  CHECK(rel.deduplicates_by_index());
  for (const auto& [a, b] : reference) {
    const std::array<std::uint64_t, 2> row{a, b};
    const std::uint32_t id = rel.find(row.data());
    REQUIRE(id != eval::no_row);
    REQUIRE((rel.row(id)[0] == a && rel.row(id)[1] == b));
  }
  // The index itself still answers lookups.
  const std::uint64_t key = reference.begin()->first;
  std::size_t with_key = 0;
  for (auto r = rel.first(by_first, &key); r != eval::no_row; r = rel.next(by_first, r)) ++with_key;
  CHECK(with_key == static_cast<std::size_t>(std::count_if(reference.begin(), reference.end(),
                                                             [&](const auto& p) { return p.first == key; })));
}

TEST_CASE("suspended indexes, dropped sets and rows appended as unique keep deduplication whole", "[eval][storage]") {
  eval::Relation rel(4);
  rel.add_index({0});
  std::set<Row4> reference;
  const auto rows = random_rows(6000, 4000, 6);
  insert_all(rel, reference, std::vector<Row4>(rows.begin(), rows.begin() + 3000));
  REQUIRE(rel.deduplicates_by_index());
  rel.drop_set();  // the chains are the set: nothing goes
  check_lookups(rel, reference);
  // Loading a file suspends the indexes: the rows need a set of ids meanwhile.
  rel.suspend_indexes();
  CHECK_FALSE(rel.deduplicates_by_index());
  insert_all(rel, reference, std::vector<Row4>(rows.begin() + 3000, rows.end()));
  rel.resume_indexes();
  check_lookups(rel, reference);
  // After the file, the set goes and comes back as chains.
  rel.drop_set();
  for (const auto& row : rows) REQUIRE_FALSE(rel.insert(row.data()));
  CHECK(rel.deduplicates_by_index());
  // Appended as unique: found by the next insert.
  const Row4 appended{123456, 1, 2, 3};
  rel.append_unique(appended.data());
  reference.insert(appended);
  CHECK_FALSE(rel.insert(appended.data()));
  check_lookups(rel, reference);
}

TEST_CASE("staging threads turn index deduplication into a set of ids", "[eval][storage][threads]") {
  eval::Relation rel(4);
  rel.add_index({0});
  std::set<Row4> reference;
  insert_all(rel, reference, random_rows(2000, 1000, 7));
  REQUIRE(rel.deduplicates_by_index());
  std::vector<eval::Relation::Candidates> by_group(2);
  const auto more = random_rows(3000, 1000, 8);
  for (const auto& row : more) rel.add_candidate(row.data(), by_group);
  const std::vector<const eval::Relation::Candidates*> all{&by_group[0], &by_group[1]};
  std::size_t added = 0;
  if (rel.begin_staging(2, all)) {
    rel.stage(0, {&by_group[0]});
    rel.stage(1, {&by_group[1]});
    added = rel.commit_staged();
    rel.finish_staged(0);
    rel.finish_staged(1);
  } else {
    for (const auto* c : all) added += rel.insert_candidates(*c);
  }
  std::size_t expected = 0;
  for (const auto& row : more) expected += reference.insert(row).second ? 1u : 0u;
  CHECK(added == expected);
  CHECK_FALSE(rel.deduplicates_by_index());
  check_lookups(rel, reference);
}

TEST_CASE("concurrent readers of rows appended as unique agree on index deduplication", "[eval][storage][threads]") {
  // A Database may be queried from several threads: the first test of the set decides,
  // under the set's lock, that the index stands for it.
  eval::Relation rel(4);
  rel.add_index({0});
  const auto rows = random_rows(20000, 20000, 10);
  std::set<Row4> distinct(rows.begin(), rows.end());
  for (const auto& row : distinct) rel.append_unique(row.data());
  std::vector<std::thread> readers;
  std::vector<std::size_t> found(4, 0);
  for (unsigned t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      std::size_t k = 0;
      for (const auto& row : distinct)
        if (k++ % 4 == t) found[t] += rel.contains(row.data()) ? 1u : 0u;
    });
  for (auto& reader : readers) reader.join();
  CHECK(found[0] + found[1] + found[2] + found[3] == distinct.size());
  CHECK(rel.deduplicates_by_index());
}

TEST_CASE("a deferred input is read just before the first stratum that reads it", "[eval]") {
  const std::string program = R"(
    .decl e(x: number, y: number)
    .decl late(x: number)
    .decl path(x: number, y: number)
    .decl hit(x: number)
    .output hit
    e(1, 2). e(2, 3). e(3, 4).
    path(x, y) :- e(x, y).
    path(x, z) :- path(x, y), e(y, z).
    hit(y) :- path(1, y), late(y).
  )";
  for (const bool release : {true, false}) {
    INFO("release " << release);
    Database db(test::must_parse(program));
    eval::Engine& engine = api::engine_of(db);
    const std::uint32_t late = *engine.program().find_relation("late");
    const std::uint32_t path = *engine.program().find_relation("path");
    std::size_t path_rows_when_read = 99;
    int reads = 0;
    engine.defer_input(late, [&] {
      path_rows_when_read = engine.relation(path).size();
      ++reads;
      for (std::uint64_t y : {3u, 4u, 9u}) engine.relation(late).insert(&y);
    });
    EvalOptions options;
    options.release_intermediate = release;
    db.evaluate(options);
    CHECK(reads == 1);
    // Releasing, `late` waits for the stratum of `hit`, after `path` is complete.
    CHECK(path_rows_when_read == (release ? 6u : 0u));
    CHECK(test::rows_text(db, "hit") == "3\n4\n");
  }
}

TEST_CASE("evaluate_inputs reads inputs as needed and gives what load_inputs and evaluate give", "[eval][io]") {
  const std::string program = R"(
    .decl e(x: number, y: number)
    .decl tag(x: number, t: symbol)
    .decl path(x: number, y: number)
    .decl tagged(x: number, t: symbol)
    .input e
    .input tag
    .output tagged
    path(x, y) :- e(x, y).
    path(x, z) :- path(x, y), e(y, z).
    tagged(y, t) :- path(0, y), tag(y, t).
  )";
  test::TempDir dir;
  std::string edges, tags;
  std::mt19937 random(9);
  for (int i = 0; i < 200; ++i) edges += fmt::format("{}\t{}\n", random() % 60, random() % 60);
  for (int i = 0; i < 60; i += 3) tags += fmt::format("{}\tt{}\n", i, i % 4);
  test::write_text(dir.path() / "e.facts", edges);
  test::write_text(dir.path() / "tag.facts", tags);
  Database at_once(test::must_parse(program));
  at_once.load_inputs(dir.path());
  at_once.evaluate();
  EvalOptions options;
  options.release_intermediate = true;
  Database as_needed(test::must_parse(program));
  as_needed.evaluate_inputs(dir.path(), options);
  CHECK(test::rows_text(as_needed, "tagged") == test::rows_text(at_once, "tagged"));
  CHECK(as_needed.size("tagged") > 0);

  // What evaluate_inputs throws, rendered as the CLI prints it.
  auto error_of = [&](Database& db) {
    try {
      db.evaluate_inputs(dir.path(), options);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::bad_input);
      return render(e.diagnostics());
    }
    FAIL("expected an error");
    return std::string();
  };
  SECTION("a missing file is reported before the evaluation starts") {
    std::filesystem::remove(dir.path() / "tag.facts");
    Database db(test::must_parse(program));
    eval::Engine& engine = api::engine_of(db);
    CHECK_THAT(error_of(db), Contains("tag.facts does not exist"));
    CHECK_FALSE(engine.evaluated());
    CHECK(engine.relation(*engine.program().find_relation("path")).size() == 0);
  }
  SECTION("a malformed file read late is a coded error with its line") {
    test::write_text(dir.path() / "tag.facts", "3\tt0\nfour\tt1\n");
    Database db(test::must_parse(program));
    CHECK_THAT(error_of(db), Contains("tag.facts:2:1: error: \"four\" is not a number"));
  }
}
