#!/usr/bin/env bash
# Hardening CI (issue 6), run by .ci/run after the main build and tests:
#   1. the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (g++,
#      KZ_SANITIZE=ON, build dir build-asan);
#   2. the multi-threaded tests ([threads], [parallel]) under ThreadSanitizer (g++,
#      KZ_SANITIZE_THREAD=ON, build dir build-tsan);
#   3. each libFuzzer harness of tests/fuzz (clang, KZ_FUZZ=ON, build dir build-fuzz),
#      seeded by tests/fuzz/make-corpus.sh, for a bounded time.
# Installs what is missing with apt-get (Debian 12), like tools/dev.sh. Exits non-zero on
# the first failure; a fuzzer's crashing input is kept under build-fuzz/artifacts/.
#
#   tools/ci-hardening.sh            both steps
#   tools/ci-hardening.sh asan       only the sanitizer suite
#   tools/ci-hardening.sh tsan       only the ThreadSanitizer tests
#   tools/ci-hardening.sh fuzz       only the fuzzers
# Environment: KZ_FUZZ_SECONDS (default 60, a harness), KZ_FUZZ_HARNESSES (default
# "parser facts pipeline"), KZ_ASAN_DIR, KZ_FUZZ_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

ASAN_DIR=${KZ_ASAN_DIR:-build-asan}
TSAN_DIR=${KZ_TSAN_DIR:-build-tsan}
FUZZ_DIR=${KZ_FUZZ_DIR:-build-fuzz}
FUZZ_SECONDS=${KZ_FUZZ_SECONDS:-60}
read -r -a HARNESSES <<< "${KZ_FUZZ_HARNESSES:-parser facts pipeline}"

# The project's packages plus the compiler and runtime the fuzzers need, installed by
# the one script that installs (idempotent: nothing happens when all are there).
install_missing() { tools/dev.sh install clang libclang-rt-14-dev perl; }

# The sanitizers stop at the first report; a leak fails the test that leaked. The fuzzers
# run without detect_stack_use_after_return: its fake stacks make the deeply recursive X3
# parser 4 to 40 times slower, and the test suite keeps that check.
SUITE_ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
FUZZ_ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

asan_suite() {
  echo "== ASan+UBSan: build ($ASAN_DIR) and ctest"
  if [ ! -f "$ASAN_DIR/build.ninja" ]; then
    cmake -S . -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKZ_SANITIZE=ON >/dev/null
  fi
  cmake --build "$ASAN_DIR"
  # The PostgreSQL backend's tests too, against a throwaway server (the client is sanitized).
  ASAN_OPTIONS=$SUITE_ASAN_OPTIONS tools/with-postgres.sh ctest --test-dir "$ASAN_DIR" --output-on-failure -j "$(nproc)"
}

tsan_tests() {
  echo "== ThreadSanitizer: build ($TSAN_DIR) and the multi-threaded tests"
  if [ ! -f "$TSAN_DIR/build.ninja" ]; then
    cmake -S . -B "$TSAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKZ_SANITIZE_THREAD=ON >/dev/null
  fi
  cmake --build "$TSAN_DIR" --target test_eval test_api test_analysis
  for t in test_eval api/test_api test_analysis; do
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} "$TSAN_DIR/tests/$t" "[threads],[parallel]"
  done
}

fuzz() {
  echo "== libFuzzer: build ($FUZZ_DIR, clang) and run each harness ${FUZZ_SECONDS}s"
  if [ ! -f "$FUZZ_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKZ_FUZZ=ON ${CI:+-DKZ_WERROR=ON} \
      -DKZ_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$FUZZ_DIR" --target fuzzers
  tests/fuzz/make-corpus.sh "$FUZZ_DIR/seeds"
  local status=0
  for h in "${HARNESSES[@]}"; do
    local corpus="$FUZZ_DIR/corpus/$h" artifacts="$FUZZ_DIR/artifacts/$h/"
    mkdir -p "$corpus" "$artifacts"
    echo "-- fuzz_$h"
    # New inputs go to the first folder (kept between local runs); the seeds are read only.
    if ! ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS nice -n 10 "$FUZZ_DIR/tests/fuzz/fuzz_$h" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$FUZZ_DIR/seeds/$h" \
        > "$FUZZ_DIR/fuzz_$h.log" 2>&1; then
      tail -n 60 "$FUZZ_DIR/fuzz_$h.log"
      echo "fuzz_$h FOUND A PROBLEM: the input is in $artifacts (reproduce: $FUZZ_DIR/tests/fuzz/fuzz_$h FILE)"
      status=1
      continue
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done' "$FUZZ_DIR/fuzz_$h.log" || true
  done
  return $status
}

case "${1:-all}" in
  asan) install_missing; asan_suite ;;
  tsan) install_missing; tsan_tests ;;
  fuzz) install_missing; fuzz ;;
  all) install_missing; asan_suite; tsan_tests; fuzz ;;
  *) echo "usage: tools/ci-hardening.sh [all|asan|tsan|fuzz]" >&2; exit 2 ;;
esac
