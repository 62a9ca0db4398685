// Thread safety as docs/api.md states it: a Program is immutable and may be shared; a
// Database belongs to one thread; separate Databases are independent. Each test starts
// its threads at one signal so that their work overlaps. Run under ThreadSanitizer to
// see races rather than only wrong answers (docs/api.md, "Thread safety").
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace {

// Catch2's assertions are not thread-safe: jobs throw, and the test thread checks.
void expect(bool condition, const char* what) {
  if (!condition) throw std::runtime_error(what);
}

kz::Program parse(const char* text) {
  auto parsed = kz::parse_string(text, "test.dl");
  if (!parsed.ok()) throw kz::Error(kz::ErrorKind::bad_input, parsed.diagnostics);
  return *parsed.program;
}

// Runs each job in a thread of its own, all released together; rethrows the first error.
void run_together(const std::vector<std::function<void()>>& jobs) {
  std::atomic<bool> go{false};
  std::vector<std::exception_ptr> errors(jobs.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      try {
        jobs[i]();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

const char* const closure = R"(
  .decl edge(a: number, b: number)
  .decl path(a: number, b: number)
  path(x, y) :- edge(x, y).
  path(x, z) :- path(x, y), edge(y, z).
)";

// Symbols, negation, aggregates: a second, different program.
const char* const regions = R"(
  .decl akim(person: symbol, region: symbol, years: float)
  .decl opponent(person: symbol)
  .decl loyal(person: symbol)
  .decl mean_years(m: float)
  .decl region_count(n: number)
  loyal(p) :- akim(p, _, _), !opponent(p).
  mean_years(m) :- m = mean y : { akim(_, _, y) }.
  region_count(n) :- n = count : { akim(_, _, _) }.
)";

// A chain 0 -> 1 -> ... -> n-1: its closure has n(n-1)/2 paths.
std::size_t chain_closure(const kz::Program& program, std::int64_t n, unsigned threads) {
  kz::Database db(program);
  for (std::int64_t i = 0; i + 1 < n; ++i) db.add_fact("edge", {i, i + 1});
  kz::EvalOptions options;
  options.threads = threads;
  db.evaluate(options);
  const auto rows = db.rows("path");
  expect(rows.front() == kz::Tuple{std::int64_t{0}, std::int64_t{1}}, "the first path is 0 -> 1");
  return db.size("path");
}

std::vector<std::string> loyal_akims(const kz::Program& program, int count) {
  kz::Database db(program);
  for (int i = 0; i < count; ++i) {
    const std::string who = "akim" + std::to_string(i);
    db.add_fact("akim", {who, "region" + std::to_string(i % 7), 1.0 + i % 5});
    if (i % 3 == 0) db.add_fact("opponent", {who});
  }
  db.evaluate();
  std::vector<std::string> out;
  for (kz::Row row : kz::relation_view(db, "loyal")) out.push_back(row.get<std::string>(0));
  expect(db.rows("region_count") == std::vector<kz::Tuple>{kz::Tuple{std::int64_t{count}}}, "count of akims");
  return out;
}

}  // namespace

TEST_CASE("Two programs parsed and evaluated in two threads at once give their own results", "[api][threads]") {
  constexpr std::int64_t n = 300;
  constexpr int akims = 2000;
  std::size_t paths = 0;
  std::vector<std::string> loyal;
  run_together({
      [&] { paths = chain_closure(parse(closure), n, 1); },
      [&] { loyal = loyal_akims(parse(regions), akims); },
  });
  CHECK(paths == static_cast<std::size_t>(n * (n - 1) / 2));
  CHECK(loyal.size() == static_cast<std::size_t>(akims - (akims + 2) / 3));
  CHECK(loyal == loyal_akims(kz::test::must_parse(regions), akims));  // the same as alone
}

TEST_CASE("One Program shared by Databases in four threads", "[api][threads]") {
  const kz::Program program = kz::test::must_parse(closure);
  std::vector<std::size_t> paths(4);
  std::vector<std::function<void()>> jobs;
  for (std::size_t t = 0; t < paths.size(); ++t)
    jobs.push_back([&, t] { paths[t] = chain_closure(program, 150 + 50 * static_cast<std::int64_t>(t), t % 2 ? 2 : 1); });
  run_together(jobs);
  for (std::size_t t = 0; t < paths.size(); ++t) {
    const auto len = 150 + 50 * t;
    CHECK(paths[t] == len * (len - 1) / 2);
  }
}

TEST_CASE("Parse errors in two threads at once are each their own diagnostics", "[api][threads]") {
  std::string first, second;
  run_together({
      [&] { first = kz::render(kz::parse_string(".decl r(x: number)\nr(x) :- s(x).\n", "a.dl").diagnostics); },
      [&] { second = kz::render(kz::parse_string(".decl q(y: symbol)\nq(\"a\") :- q(.\n", "b.dl").diagnostics); },
  });
  CHECK(first.rfind("a.dl:2:", 0) == 0);
  CHECK(second.rfind("b.dl:2:", 0) == 0);
  CHECK(first == kz::render(kz::parse_string(".decl r(x: number)\nr(x) :- s(x).\n", "a.dl").diagnostics));
}

TEST_CASE("The Kazakhstan argument checked in two threads at once gives the sequential reports", "[api][threads][corpus]") {
  const std::filesystem::path rules = std::filesystem::path(KZ_SOURCE_DIR) / "rules/kazakhstan";
  const auto facts = rules / "facts";
  kz::CheckOptions in_1996;  // the same fact base seen as of 1996
  in_1996.as_of = {"1996"};
  const std::string alone_2007 = kz::render_json(kz::check(rules, {facts / "2007"}));
  const std::string alone_1996 = kz::render_json(kz::check(rules, {facts / "2007"}, in_1996));
  std::string together_2007, together_1996;
  run_together({
      [&] { together_2007 = kz::render_json(kz::check(rules, {facts / "2007"})); },
      [&] { together_1996 = kz::render_json(kz::check(rules, {facts / "2007"}, in_1996)); },
  });
  CHECK(together_2007 == alone_2007);
  CHECK(together_1996 == alone_1996);
  CHECK(alone_2007 != alone_1996);
}
