// Differential test of the two ways a relation deduplicates: rows that fit in 32 bits go
// to containers (packed_row_set.hpp), wider rows to hash sets of row ids. The same
// program over the same graph, once with small node numbers and once with every number
// shifted past 32 bits, must derive the same rows (shifted back), on one thread and two.
#include <algorithm>
#include <random>
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
