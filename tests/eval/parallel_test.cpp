// Evaluation with -j N inside one fixpoint: large deltas are split between threads and
// the head's hash-set shards are deduplicated by group. The results must be exactly the
// one-thread results, whatever the duplicates, the recursion shape or the errors.
#include <random>

#include "support.hpp"

using namespace kz;

namespace {

// Evaluates `text` with `threads` and returns every relation's rows, sorted.
std::string all_rows(const std::string& text, unsigned threads, std::uint64_t max_tuples = 0) {
  Database db(test::must_parse(text));
  EvalOptions options;
  options.threads = threads;
  options.max_tuples = max_tuples;
  db.evaluate(options);
  std::string out;
  for (const auto& relation : db.program().relations())
    out += relation.name + ":\n" + test::rows_text(db, relation.name);
  return out;
}

// A random digraph as facts: many paths reach one node, so candidates repeat often,
// within one thread's slice and across threads.
std::string random_edges(unsigned nodes, unsigned edges, unsigned seed) {
  std::mt19937 rng(seed);
  std::string facts;
  for (unsigned e = 0; e < edges; ++e)
    facts += fmt::format("edge({}, {}).\n", rng() % nodes, rng() % nodes);
  return facts;
}

// A chain 0 -> 1 -> ... -> n as `relation(i, i + 1)` facts.
std::string chain_edges(const char* relation, int n) {
  std::string facts;
  for (int i = 0; i < n; ++i) facts += fmt::format("{}({}, {}).\n", relation, i, i + 1);
  return facts;
}

// Transitive closure of `edge`, the program most of these tests run.
constexpr const char* closure = R"(
    .decl edge(x: number, y: number)
    .decl path(x: number, y: number)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z).
  )";

}  // namespace

TEST_CASE("transitive closure with duplicates is the same on 1, 2 and 3 threads", "[eval][parallel]") {
  const std::string program = closure + random_edges(300, 900, 7);
  const std::string one = all_rows(program, 1);
  CHECK(one.size() > 100000);  // large enough that deltas pass the parallel threshold
  CHECK(all_rows(program, 2) == one);
  CHECK(all_rows(program, 3) == one);
}

TEST_CASE("non-linear and mutual recursion give the same rows in parallel", "[eval][parallel]") {
  const std::string program = R"(
    .decl edge(x: number, y: number)
    .decl path(x: number, y: number)
    .decl odd(x: number, y: number)
    .decl even(x: number, y: number)
    .decl label(x: number, s: symbol)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), path(y, z).
    odd(x, y) :- edge(x, y).
    odd(x, z) :- even(x, y), edge(y, z).
    even(x, z) :- odd(x, y), edge(y, z).
    label(x, s) :- path(x, _), s = cat("n", to_string(x)).
  )" + random_edges(200, 500, 11);
  const std::string one = all_rows(program, 1);
  CHECK(all_rows(program, 2) == one);
}

TEST_CASE("an error inside a worker thread reaches the caller", "[eval][parallel]") {
  // The division by zero happens only for y = 0, deep in a parallel delta.
  const std::string program = R"(
    .decl edge(x: number, y: number)
    .decl path(x: number, y: number)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z), z = z + 100 / (y - 777).
  )" + chain_edges("edge", 1000);
  CHECK_THROWS_WITH(all_rows(program, 2), Catch::Matchers::Contains("division by zero"));
}

TEST_CASE("the tuple limit stops a parallel evaluation", "[eval][parallel]") {
  const std::string program = closure + random_edges(400, 1600, 3);
  try {
    all_rows(program, 2, 20000);
    FAIL("expected the tuple limit");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::resource_limit);
  }
}

TEST_CASE("a parallel round whose tuples outgrow 16 bits falls back to one thread", "[eval][parallel]") {
  // The first delta (600 edges) is large enough for two threads; its derived tuples
  // carry values up to 600,000, which a set of packed 16-bit rows cannot hold.
  const std::string program = R"(
    .decl e(x: number, y: number)
    .decl p(x: number, y: number)
    p(x, y) :- e(x, y).
    p(x, w) :- p(x, y), e(y, z), w = z * 1000.
  )" + chain_edges("e", 600);
  const std::string one = all_rows(program, 1);
  CHECK(one.find("598\t600000\n") != std::string::npos);
  CHECK(all_rows(program, 2) == one);
}

TEST_CASE("packed rows with negative numbers come back unchanged from a parallel round", "[eval][parallel]") {
  // Rows of two 16-bit numbers travel between the phases packed into 32 bits; negative
  // values must be sign-extended again when they are appended.
  std::string facts;
  for (int i = 0; i < 700; ++i) facts += fmt::format("edge({}, {}).\n", -i, -(i + 1));
  const std::string program = std::string(closure) + facts;
  const std::string one = all_rows(program, 1);
  CHECK(one.find("-3\t-699\n") != std::string::npos);
  CHECK(all_rows(program, 2) == one);
}
