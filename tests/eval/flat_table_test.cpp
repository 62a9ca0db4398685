// The project's own hash table (eval/flat_table.hpp), which the evaluator uses when built
// without abseil (the WebAssembly build): checked against std containers, including the
// lookups by another key type that Relation makes (a probe of row words among row ids).
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "eval/flat_table.hpp"

namespace {

using kz::eval::FlatMap;
using kz::eval::FlatSet;

// Ids of strings held elsewhere, looked up by the string itself, as Relation looks up
// row ids by a row's words.
struct Words {
  std::vector<std::string> texts;
};
struct Probe {
  std::string_view text;
};
struct IdHash {
  const Words* words;
  std::size_t operator()(std::uint32_t id) const { return std::hash<std::string_view>{}(words->texts[id]); }
  std::size_t operator()(Probe probe) const { return std::hash<std::string_view>{}(probe.text); }
};
struct IdEq {
  const Words* words;
  bool operator()(std::uint32_t a, std::uint32_t b) const { return words->texts[a] == words->texts[b]; }
  bool operator()(std::uint32_t a, Probe b) const { return words->texts[a] == b.text; }
};

}  // namespace

TEST_CASE("FlatSet agrees with std::set on random inserts and lookups", "[eval][flat_table]") {
  struct Identity {
    std::size_t operator()(std::uint32_t v) const { return v; }  // a weak hash: the table must spread it
  };
  FlatSet<std::uint32_t, Identity, std::equal_to<std::uint32_t>> set;
  std::set<std::uint32_t> expected;
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    const auto value = static_cast<std::uint32_t>(random() % 5000) * 64;  // many collisions in the low bits
    const bool added = set.insert(value).second;
    CHECK(added == expected.insert(value).second);
  }
  CHECK(set.size() == expected.size());
  CHECK(set.capacity() >= set.size() * 4 / 3);  // at most 3/4 full
  for (std::uint32_t value = 0; value < 5000 * 64; value += 32) {
    const bool found = set.find(value) != set.end();
    CHECK(found == (expected.count(value) == 1));
  }
  set.clear();
  CHECK(set.size() == 0);
  CHECK(set.find(std::uint32_t{0}) == set.end());
}

TEST_CASE("FlatSet finds and makes ids by a probe of another type, calling make only for a new key", "[eval][flat_table]") {
  Words words;
  FlatSet<std::uint32_t, IdHash, IdEq> ids(0, IdHash{&words}, IdEq{&words});
  int made = 0;
  auto intern = [&](std::string_view text) {
    return *ids.lazy_emplace(Probe{text}, [&](auto&& construct) {
      words.texts.emplace_back(text);
      ++made;
      construct(static_cast<std::uint32_t>(words.texts.size() - 1));
    });
  };
  CHECK(intern("nazarbayev") == 0);
  CHECK(intern("aliyev") == 1);
  CHECK(intern("nazarbayev") == 0);
  for (int i = 0; i < 1000; ++i) intern("actor" + std::to_string(i % 300));
  CHECK(made == 302);
  CHECK(ids.find(Probe{"aliyev"}) != ids.end());
  CHECK(*ids.find(Probe{"actor299"}) == 301);
  CHECK(ids.find(Probe{"kulibayev"}) == ids.end());
}

TEST_CASE("FlatMap: try_emplace keeps the first value, insert_or_assign replaces it", "[eval][flat_table]") {
  FlatMap<std::string_view, std::uint64_t, std::hash<std::string_view>, std::equal_to<std::string_view>> map;
  CHECK(map.try_emplace(std::string_view("a"), 1u).second);
  CHECK_FALSE(map.try_emplace(std::string_view("a"), 2u).second);
  CHECK(map.find(std::string_view("a"))->second == 1);
  map.insert_or_assign(std::string_view("a"), 3u);
  CHECK(map.find(std::string_view("a"))->second == 3);
  std::map<int, int> expected;
  FlatMap<std::uint32_t, std::uint32_t, std::hash<std::uint32_t>, std::equal_to<std::uint32_t>> numbers;
  for (std::uint32_t k = 0; k < 3000; ++k) {
    numbers.insert_or_assign(k % 1000, k);
    expected[static_cast<int>(k % 1000)] = static_cast<int>(k);
  }
  CHECK(numbers.size() == 1000);
  for (const auto& [key, value] : expected)
    CHECK(numbers.find(static_cast<std::uint32_t>(key))->second == static_cast<std::uint32_t>(value));
}

TEST_CASE("a FlatSet slot keeps its address while the capacity stays the same", "[eval][flat_table]") {
  FlatSet<std::uint32_t, std::hash<std::uint32_t>, std::equal_to<std::uint32_t>> set;
  const std::uint32_t* first = set.insert(1u).first;
  const std::size_t capacity = set.capacity();
  for (std::uint32_t v = 2; set.capacity() == capacity && v < 1000; ++v) {
    set.insert(v);
    if (set.capacity() == capacity) CHECK(set.find(1u) == first);
  }
  CHECK(*set.find(1u) == 1u);
}

TEST_CASE("finding a key that is there never grows a FlatSet, even when it is full", "[eval][flat_table]") {
  FlatSet<std::uint32_t, std::hash<std::uint32_t>, std::equal_to<std::uint32_t>> set;
  std::uint32_t v = 0;
  set.insert(v++);
  // Fill to the brink: one more key would grow it.
  while ((set.size() + 1) * 4 <= set.capacity() * 3) set.insert(v++);
  const std::size_t capacity = set.capacity();
  const std::uint32_t* slot = set.find(0u);
  CHECK_FALSE(set.insert(0u).second);
  CHECK(set.capacity() == capacity);
  CHECK(set.find(0u) == slot);
  CHECK(set.insert(v).second);
  CHECK(set.capacity() == 2 * capacity);
}

TEST_CASE("a reserved flat table takes that many keys without growing, and keeps what it had", "[eval][flat_table]") {
  FlatSet<std::uint64_t, std::hash<std::uint64_t>, std::equal_to<std::uint64_t>> set;
  for (std::uint64_t k = 0; k < 100; ++k) set.insert(k * 7919);
  set.reserve(5000);
  const std::size_t capacity = set.capacity();
  CHECK(capacity * 3 >= 5000 * 4);
  for (std::uint64_t k = 0; k < 100; ++k) CHECK(set.find(k * 7919) != set.end());
  for (std::uint64_t k = 100; k < 5000; ++k) CHECK(set.insert(k * 7919).second);
  CHECK(set.capacity() == capacity);
  CHECK(set.size() == 5000);
  set.reserve(10);  // never shrinks
  CHECK(set.capacity() == capacity);
}

TEST_CASE("for_each visits every entry of a flat map once, after growth", "[eval][flat_table]") {
  FlatMap<std::uint32_t, std::uint32_t, std::hash<std::uint32_t>, std::equal_to<std::uint32_t>> map;
  std::map<std::uint32_t, std::uint32_t> reference;
  std::mt19937 random(3);
  for (int i = 0; i < 5000; ++i) {
    const auto key = static_cast<std::uint32_t>(random() % 3000), value = static_cast<std::uint32_t>(random());
    map.insert_or_assign(key, value);
    reference[key] = value;
  }
  std::map<std::uint32_t, std::uint32_t> visited;
  map.for_each([&](const auto& entry) { CHECK(visited.emplace(entry.first, entry.second).second); });
  CHECK(visited == reference);
}
