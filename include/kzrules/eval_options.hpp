// kzrules/eval_options.hpp — how one evaluation runs: threads, limits, provenance.
//
// Its own header because the evaluator (below the facade) reads these options too; it
// depends on nothing but the standard library.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace kz {

class Backend;  // kzrules/backend.hpp

struct EvalOptions {
  unsigned threads = 1;           // -j N: threads for large recursive deltas (results never depend on it)
  std::uint64_t max_tuples = 0;   // 0: the default limit (see default_max_tuples)
  double timeout_seconds = 0;     // 0: no time limit
  bool record_provenance = false;  // keep what `explain` needs
  // Frees each relation as soon as no later stratum reads it, unless it is written
  // (.output), counted (.printsize) or read by a claim: what `kzrules run` reads after
  // evaluating and nothing more, so that memory holds the strata still at work rather
  // than all of them (Soufflé frees them too). Reading a freed relation afterwards
  // throws E0601. Ignored with record_provenance (proofs reach every relation). It
  // also lets each deduplication set go after the last stratum that inserts into or
  // tests by it, and builds each index at the first stratum that looks rows up by it
  // (a set let go comes back from the rows when a later test needs it).
  bool release_intermediate = false;
  // One deadline for many evaluations. check, sweep, flip, robustness, what_if and diff
  // set it from timeout_seconds when they start, so that --timeout bounds the whole
  // analysis, not each of its (up to thousands of) evaluations; set, it replaces
  // timeout_seconds, which then only names the limit in the error.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Where the model is computed: unset, in process; set, on that backend (a PostgreSQL
  // server: kzrules/postgresql.hpp), which leaves the model in the Database. Proofs
  // (record_provenance) need the evaluation in process.
  std::shared_ptr<const Backend> backend;
};

// `options` with its deadline set timeout_seconds from now, unless it has one already (an
// analysis called by another shares the caller's) or no time limit. A billion seconds
// (31 years) or more is no limit.
inline EvalOptions sharing_one_deadline(EvalOptions options) {
  if (!options.deadline && options.timeout_seconds > 0 && options.timeout_seconds < 1e9)
    options.deadline = std::chrono::steady_clock::now() +
                       std::chrono::microseconds(static_cast<std::int64_t>(options.timeout_seconds * 1e6));
  return options;
}

// A generous ceiling so that a program that never terminates stops with a clear
// resource-limit error rather than exhausting memory.
inline constexpr std::uint64_t default_max_tuples = 200'000'000;

}  // namespace kz
