// Differential test of the two ways a relation deduplicates: rows that fit in 32 bits go
// to containers (packed_row_set.hpp), wider rows to hash sets of row ids. The same
// program over the same graph, once with small node numbers and once with every number
// shifted past 32 bits, must derive the same rows (shifted back), on one thread and two.
#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace kz;

namespace {

constexpr long long wide_offset = 5'000'000'000LL;  // no row of these fits 32 bits

// Closure, reachability from one node, negation over pairs and same generation: binary
// and unary relations, recursive and stratified, and a rule whose output is distinct.
std::string program_over(unsigned nodes, unsigned edges, long long offset) {
  std::string text = R"(
    .decl node(x: number)
    .decl edge(x: number, y: number)
    .decl path(x: number, y: number)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z).
    .decl start(x: number)
    .decl reach(x: number)
    reach(x) :- start(x).
    reach(y) :- reach(x), edge(x, y).
    .decl unreach(x: number, y: number)
    unreach(x, y) :- node(x), node(y), !path(x, y).
    .decl sg(x: number, y: number)
    sg(x, y) :- edge(p, x), edge(p, y), x != y.
    sg(x, y) :- edge(a, x), sg(a, b), edge(b, y).
  )";
  std::mt19937 rng(17);
  for (unsigned n = 0; n < nodes; ++n) text += fmt::format("node({}).\n", n + offset);
  text += fmt::format("start({}).\n", offset);
  for (unsigned e = 0; e < edges; ++e) text += fmt::format("edge({}, {}).\n", static_cast<long long>(rng() % nodes) + offset, static_cast<long long>(rng() % nodes) + offset);
  return text;
}

// Every derived relation's rows with `offset` taken off each number, sorted.
std::string rows_shifted_back(const std::string& text, long long offset, unsigned threads) {
  Database db(test::must_parse(text));
  EvalOptions options;
  options.threads = threads;
  db.evaluate(options);
  std::string out;
  for (const char* relation : {"path", "reach", "unreach", "sg"}) {
    std::vector<std::string> lines;
    std::istringstream rows(test::rows_text(db, relation));
    for (std::string line; std::getline(rows, line);) {
      std::istringstream fields(line);
      std::string shifted;
      for (std::string field; std::getline(fields, field, '\t');)
        shifted += (shifted.empty() ? "" : "\t") + std::to_string(std::stoll(field) - offset);
      lines.push_back(shifted);
    }
    std::sort(lines.begin(), lines.end());
    out += fmt::format("{}: {} rows\n", relation, lines.size());
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("containers and hash sets of ids derive the same rows", "[eval][storage][parallel]") {
  // 200 nodes: the closure and negation have tens of thousands of rows, past the
  // parallel threshold, and containers of both forms (sparse arrays and bitmaps).
  const unsigned nodes = 200, edges = 300;
  const std::string packed = rows_shifted_back(program_over(nodes, edges, 0), 0, 1);
  CHECK(packed.find("path: 0 rows") == std::string::npos);
  CHECK(packed.find("unreach: 0 rows") == std::string::npos);
  CHECK(rows_shifted_back(program_over(nodes, edges, wide_offset), wide_offset, 1) == packed);
  CHECK(rows_shifted_back(program_over(nodes, edges, 0), 0, 2) == packed);
  CHECK(rows_shifted_back(program_over(nodes, edges, wide_offset), wide_offset, 2) == packed);
}

TEST_CASE("a bounded search over states past 16 bits finds each state's layers", "[eval][storage][parallel]") {
  // steps(s, k): s reachable in exactly k moves, k < 12. States reach 2^18, steps stay
  // small, so the set packs both in 32 bits by moving its split; the layers must match a
  // search done here, on one thread and two.
  std::mt19937 rng(23);
  const unsigned hubs = 4000, spacing = 65, fanout = 3, bound = 12, start = 7 * spacing;
  std::vector<std::vector<unsigned>> next(hubs * spacing);
  std::string text = R"(
    .decl move(s: number, t: number)
    .decl steps(s: number, k: number)
    steps(455, 0).
    steps(t, k + 1) :- steps(s, k), k < 12, move(s, t).
  )";
  for (unsigned h = 0; h < hubs; ++h)
    for (unsigned m = 0; m < fanout; ++m) {
      const unsigned s = h * spacing, t = static_cast<unsigned>(rng() % hubs) * spacing;
      next[s].push_back(t);
      text += fmt::format("move({}, {}).\n", s, t);
    }
  std::set<std::pair<unsigned, unsigned>> expected{{start, 0}};
  std::vector<unsigned> layer{start};
  for (unsigned k = 0; k < bound; ++k) {
    std::set<unsigned> following;
    for (unsigned s : layer)
      for (unsigned t : next[s]) following.insert(t);
    for (unsigned t : following) expected.insert({t, k + 1});
    layer.assign(following.begin(), following.end());
  }
  REQUIRE(expected.size() > 3000);
  for (const unsigned threads : {1u, 2u}) {
    Database db(test::must_parse(text));
    EvalOptions options;
    options.threads = threads;
    db.evaluate(options);
    std::set<std::pair<unsigned, unsigned>> got;
    std::istringstream rows(test::rows_text(db, "steps"));
    for (unsigned s, k; rows >> s >> k;) got.insert({s, k});
    CHECK(got == expected);
  }
}

namespace {

// Sorted "x\ty" lines of the transitive closure of `edges` over `nodes` nodes.
std::string closure_lines(unsigned nodes, const std::vector<std::pair<unsigned, unsigned>>& edges) {
  std::vector<std::vector<bool>> reach(nodes, std::vector<bool>(nodes, false));
  for (auto [x, y] : edges) reach[x][y] = true;
  for (unsigned k = 0; k < nodes; ++k)
    for (unsigned i = 0; i < nodes; ++i)
      if (reach[i][k])
        for (unsigned j = 0; j < nodes; ++j)
          if (reach[k][j]) reach[i][j] = true;
  std::vector<std::string> lines;
  for (unsigned i = 0; i < nodes; ++i)
    for (unsigned j = 0; j < nodes; ++j)
      if (reach[i][j]) lines.push_back(fmt::format("{}\t{}", i, j));
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

std::string sorted_rows(const Database& db, const char* relation) {
  std::vector<std::string> lines;
  std::istringstream rows(test::rows_text(db, relation));
  for (std::string line; std::getline(rows, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("recursive atoms before the delta atom read only older rows, and every closure is still whole",
          "[eval][seminaive]") {
  // Op::old_only: in the version of a rule whose delta is its k-th recursive atom, the
  // recursive atoms before it skip the last iteration's rows. Non-linear, three-atom and
  // mutually recursive closures must all equal the closure computed here, on 1 and 2 threads.
  const std::string rules = R"(
    .decl e(x: number, y: number)
    .decl twice(x: number, y: number)
    twice(x, y) :- e(x, y).
    twice(x, z) :- twice(x, y), twice(y, z).
    .decl thrice(x: number, y: number)
    thrice(x, y) :- e(x, y).
    thrice(x, y) :- e(x, z), e(z, y).
    thrice(x, w) :- thrice(x, y), thrice(y, z), thrice(z, w).
    .decl a(x: number, y: number)
    .decl b(x: number, y: number)
    a(x, y) :- e(x, y).
    a(x, z) :- b(x, y), a(y, z).
    b(x, y) :- a(x, y).
    b(x, z) :- a(x, y), b(y, z).
  )";
  for (const unsigned seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    const unsigned nodes = 40 + seed * 30, edge_count = nodes * 2;
    std::vector<std::pair<unsigned, unsigned>> edges;
    std::string text = rules;
    for (unsigned k = 0; k < edge_count; ++k) {
      edges.emplace_back(rng() % nodes, rng() % nodes);
      text += fmt::format("e({}, {}).\n", edges.back().first, edges.back().second);
    }
    const std::string expected = closure_lines(nodes, edges);
    for (const unsigned threads : {1u, 2u}) {
      INFO("seed " << seed << ", " << threads << " thread(s)");
      Database db(test::must_parse(text));
      EvalOptions options;
      options.threads = threads;
      db.evaluate(options);
      CHECK(sorted_rows(db, "twice") == expected);
      CHECK(sorted_rows(db, "thrice") == expected);
      CHECK(sorted_rows(db, "a") == expected);
      CHECK(sorted_rows(db, "b") == expected);
    }
  }
}
