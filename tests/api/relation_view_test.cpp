// RelationView and Row: the rows of Database::rows(), read lazily, as a random-access
// range that the standard algorithms and range-v3 views take.
#include <algorithm>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include <range/v3/algorithm/count_if.hpp>
#include <range/v3/range/concepts.hpp>
#include <range/v3/range/conversion.hpp>
#include <range/v3/range/operations.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/reverse.hpp>
#include <range/v3/view/take.hpp>
#include <range/v3/view/transform.hpp>

#include "support.hpp"

namespace {

using kz::Row;
using kz::Tuple;
using kz::Value;

static_assert(ranges::random_access_range<kz::RelationView>);
static_assert(ranges::sized_range<kz::RelationView>);
static_assert(ranges::common_range<kz::RelationView>);
static_assert(ranges::viewable_range<kz::RelationView&>);
static_assert(ranges::random_access_iterator<kz::RelationView::iterator>);
static_assert(std::is_same_v<ranges::range_reference_t<kz::RelationView>, Row>);
static_assert(std::is_same_v<std::iterator_traits<kz::RelationView::iterator>::value_type, Row>);

const char* const closure = R"(
  .decl edge(a: number, b: number)
  .decl path(a: number, b: number)
  path(x, y) :- edge(x, y).
  path(x, z) :- path(x, y), edge(y, z).
  edge(3, 4). edge(1, 2). edge(2, 3). edge(10, 11).
)";

Value num(std::int64_t v) { return v; }

}  // namespace

TEST_CASE("A relation view holds the rows of rows() in the same order", "[api][relation_view]") {
  auto db = kz::test::evaluate(closure);
  const kz::RelationView path = kz::relation_view(db, "path");
  const std::vector<Tuple> rows = db.rows("path");
  REQUIRE(path.size() == rows.size());
  REQUIRE(path.size() == 7);
  CHECK_FALSE(path.empty());
  std::size_t i = 0;
  for (Row row : path) {
    CHECK(row == rows[i]);
    CHECK(row.tuple() == rows[i]);
    ++i;
  }
  CHECK(i == rows.size());
  CHECK(path[0] == Tuple{num(1), num(2)});
  CHECK(path[6] == Tuple{num(10), num(11)});
  CHECK(path.info().name == "path");
  REQUIRE(path.info().attributes.size() == 2);
  CHECK(path.info().attributes[1].name == "b");
}

TEST_CASE("A row reads values by column, by attribute name and by kind", "[api][relation_view]") {
  auto db = kz::test::evaluate(R"(
    .decl akim(person: symbol, region: symbol, years: float, terms: unsigned, born: number)
    akim("Braun", "Akmola", 5.42, 2, 1941).
    akim("Nurkadilov", "Almaty", 3.42, 1, 1944).
  )");
  const auto akims = kz::relation_view(db, "akim");
  REQUIRE(akims.size() == 2);
  const Row braun = akims[0];
  CHECK(braun.size() == 5);
  CHECK(braun.get<std::string>(0) == "Braun");
  CHECK(braun.at("region") == Value(std::string("Akmola")));
  CHECK(braun.get<double>(2) == 5.42);
  CHECK(braun.get<std::uint64_t>(3) == 2u);
  CHECK(braun.get<std::int64_t>(4) == 1941);
  CHECK(kz::format_value(akims[1][2]) == "3.42");
  CHECK_THROWS_AS(braun[5], std::out_of_range);
  CHECK_THROWS_AS(braun.get<std::int64_t>(0), std::bad_variant_access);
  try {
    (void)braun.at("tenure");
    FAIL("no error for an unknown attribute");
  } catch (const kz::Error& e) {
    CHECK(e.kind() == kz::ErrorKind::bad_input);
    CHECK(e.diagnostics().at(0).message == "relation 'akim' has no attribute 'tenure'");
  }
}

TEST_CASE("An unknown relation is a bad_input error and an empty relation an empty view", "[api][relation_view]") {
  auto db = kz::test::evaluate(".decl r(x: number)\n.decl s(x: number)\ns(1).\n");
  try {
    (void)kz::relation_view(db, "nope");
    FAIL("no error for an unknown relation");
  } catch (const kz::Error& e) {
    CHECK(e.kind() == kz::ErrorKind::bad_input);
    CHECK(e.diagnostics().at(0).message == "unknown relation 'nope'");
  }
  const auto r = kz::relation_view(db, "r");
  CHECK(r.empty());
  CHECK(r.begin() == r.end());
  const kz::RelationView none;
  CHECK(none.empty());
  CHECK(none.begin() == none.end());
  CHECK(none.info().name.empty());
}

TEST_CASE("Relation view iterators are random access", "[api][relation_view]") {
  auto db = kz::test::evaluate(closure);
  const auto path = kz::relation_view(db, "path");
  auto first = path.begin(), last = path.end();
  CHECK(last - first == 7);
  CHECK(std::distance(first, last) == 7);
  CHECK(*(last - 1) == Tuple{num(10), num(11)});
  CHECK(first[1] == Tuple{num(1), num(3)});
  CHECK(*(2 + first) == Tuple{num(1), num(4)});
  auto it = first;
  it += 3;
  CHECK(*it == Tuple{num(2), num(3)});
  CHECK(*it-- == Tuple{num(2), num(3)});
  CHECK(*it == Tuple{num(1), num(4)});
  CHECK(first < it);
  CHECK(it <= it);
  CHECK(last > it);
  CHECK(std::count_if(path.begin(), path.end(), [](Row r) { return r.get<std::int64_t>(0) == 1; }) == 3);
  // Copies share the row order; iterators of copies of one view compare equal.
  const kz::RelationView copy = path;
  CHECK(copy.begin() == path.begin());
}

TEST_CASE("range-v3 views filter and transform a relation view", "[api][relation_view][ranges]") {
  auto db = kz::test::evaluate(closure);
  auto path = kz::relation_view(db, "path");

  auto from_one = path | ranges::views::filter([](Row r) { return r.get<std::int64_t>(0) == 1; }) |
                  ranges::views::transform([](Row r) { return r.get<std::int64_t>(1); });
  CHECK((from_one | ranges::to<std::vector>()) == std::vector<std::int64_t>{2, 3, 4});

  auto tuples = path | ranges::views::transform([](Row r) { return r.tuple(); }) | ranges::to<std::vector>();
  CHECK(tuples == db.rows("path"));

  auto last_two = path | ranges::views::reverse | ranges::views::take(2) |
                  ranges::views::transform([](Row r) { return kz::format_value(r[0]) + "-" + kz::format_value(r[1]); }) |
                  ranges::to<std::vector>();
  CHECK(last_two == std::vector<std::string>{"10-11", "3-4"});

  CHECK(ranges::count_if(path, [](Row r) { return r.get<std::int64_t>(1) == 4; }) == 3);
  CHECK(ranges::distance(path) == 7);
}

TEST_CASE("A relation view outlives a move of its Database", "[api][relation_view]") {
  auto db = kz::test::evaluate(closure);
  const auto path = kz::relation_view(db, "path");
  kz::Database moved = std::move(db);
  CHECK(path.size() == 7);
  CHECK(path[6] == moved.rows("path")[6]);
}
