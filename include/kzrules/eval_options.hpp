// kzrules/eval_options.hpp — how one evaluation runs: threads, limits, provenance.
//
// Its own header because the evaluator (below the facade) reads these options too; it
// depends on nothing but the standard library.
#pragma once

#include <cstdint>

namespace kz {

struct EvalOptions {
  unsigned threads = 1;           // -j N: threads for large recursive deltas (results never depend on it)
  std::uint64_t max_tuples = 0;   // 0: the default limit (see default_max_tuples)
  double timeout_seconds = 0;     // 0: no time limit
  bool record_provenance = false;  // keep what `explain` needs
};

// A generous ceiling so that a program that never terminates stops with a clear
// resource-limit error rather than exhausting memory.
inline constexpr std::uint64_t default_max_tuples = 200'000'000;

}  // namespace kz
