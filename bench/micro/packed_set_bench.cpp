// Micro-benchmark of the deduplication set for packed rows (lib/eval/packed_row_set.hpp)
// against the sets it replaced or could have been: Abseil's flat_hash_set (the set
// kzrules used before) and CRoaring (Debian's libroaring), on the insertion orders the
// engine produces. Whole-process timings of the engine are bench/run.py; this isolates
// the set. Counters: ns per insert (the benchmark's time / rows) and bytes per row.
//
//   apt-get install libbenchmark-dev libroaring-dev; cmake -S . -B build
//   cmake --build build --target bench_packed_set && build/bench/micro/bench_packed_set
//   KZ_BENCH_TINY=1 build/bench/micro/bench_packed_set   # CI: small inputs, so it does not rot
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>
#include <benchmark/benchmark.h>

#include "eval/packed_row_set.hpp"
#if KZ_HAVE_ROARING
#include <roaring/roaring.h>
#endif

namespace {

// Rows as the set sees them: the first column in the high half.
std::uint32_t row_of(std::uint32_t x, std::uint32_t y) { return (x << 16) | y; }

// A chain's closure in semi-naive order: round k derives (x, x + k) for every x.
std::vector<std::uint32_t> chain_rows(std::uint32_t n) {
  std::vector<std::uint32_t> rows;
  rows.reserve(std::size_t{n} * (n - 1) / 2);
  for (std::uint32_t k = 1; k < n; ++k)
    for (std::uint32_t x = 0; x + k < n; ++x) rows.push_back(row_of(x, x + k));
  return rows;
}

// The same closure with the columns swapped: what a set keyed by the second column sees
// (CRoaring's worst case: every insert lands below its container's largest value).
std::vector<std::uint32_t> chain_rows_reversed(std::uint32_t n) {
  std::vector<std::uint32_t> rows;
  rows.reserve(std::size_t{n} * (n - 1) / 2);
  for (std::uint32_t k = 1; k < n; ++k)
    for (std::uint32_t x = 0; x + k < n; ++x) rows.push_back(row_of(x + k, x));
  return rows;
}

// Random pairs over `nodes` nodes, duplicates included, in random order.
std::vector<std::uint32_t> random_rows(std::uint32_t nodes, std::size_t count) {
  std::mt19937 rng(42);
  std::vector<std::uint32_t> rows(count);
  for (auto& r : rows) r = row_of(rng() % nodes, rng() % nodes);
  return rows;
}

const std::vector<std::uint32_t>& workload(int which) {
  static const bool tiny = std::getenv("KZ_BENCH_TINY") != nullptr;
  static const std::vector<std::uint32_t> sets[] = {
      chain_rows(tiny ? 100 : 1000), chain_rows(tiny ? 400 : 4000), chain_rows_reversed(tiny ? 400 : 4000),
      random_rows(20000, tiny ? 28'000 : 2'800'000), random_rows(5000, tiny ? 200'000 : 20'000'000)};
  return sets[which];
}
const char* const workload_names[] = {"chain1000", "chain4000", "chain4000_reversed", "random20k", "random5k"};

// Inserts the workload's rows into a fresh set per iteration; `insert_all` returns how
// many were new and the set's bytes.
template <class InsertAll>
void run(benchmark::State& state, InsertAll insert_all) {
  const auto& rows = workload(static_cast<int>(state.range(0)));
  state.SetLabel(std::string(workload_names[state.range(0)]) + (std::getenv("KZ_BENCH_TINY") ? " (tiny)" : ""));
  std::size_t distinct = 0, memory = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const auto [added, used] = insert_all(rows);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(elapsed);
    seconds += elapsed;
    distinct = added;
    memory = used;
  }
  state.counters["ns/insert"] = seconds * 1e9 / static_cast<double>(state.iterations() * rows.size());
  state.counters["bytes/row"] = static_cast<double>(memory) / static_cast<double>(distinct);
}

void PackedRowSet(benchmark::State& state) {
  run(state, [](const std::vector<std::uint32_t>& rows) {
    kz::eval::PackedRowSet set;
    std::size_t added = 0;
    for (const auto r : rows) added += set.insert(r);
    return std::pair{added, set.memory_bytes()};
  });
}

void AbseilFlatHashSet(benchmark::State& state) {
  run(state, [](const std::vector<std::uint32_t>& rows) {
    absl::flat_hash_set<std::uint32_t> set;
    std::size_t added = 0;
    for (const auto r : rows) added += set.insert(r).second;
    return std::pair{added, set.capacity() * (sizeof(std::uint32_t) + 1)};
  });
}

#if KZ_HAVE_ROARING
void CRoaring(benchmark::State& state) {
  run(state, [](const std::vector<std::uint32_t>& rows) {
    roaring_bitmap_t* set = roaring_bitmap_create();
    std::size_t added = 0;
    for (const auto r : rows) added += roaring_bitmap_add_checked(set, r);
    const std::size_t bytes = roaring_bitmap_portable_size_in_bytes(set);
    roaring_bitmap_free(set);
    return std::pair{added, bytes};
  });
}
BENCHMARK(CRoaring)->DenseRange(0, 4)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);
#endif

BENCHMARK(PackedRowSet)->DenseRange(0, 4)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);
BENCHMARK(AbseilFlatHashSet)->DenseRange(0, 4)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
