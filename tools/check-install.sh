#!/usr/bin/env bash
# Installs kzrules into a temporary prefix, then builds tests/consumer against the
# installed tree only — with CMake (find_package, static and shared library) and with
# pkg-config — and runs each program. Exits non-zero on the first failure.
#
#   tools/check-install.sh              # uses build/ (configured and built if missing)
#   KZ_BUILD_DIR=build-x tools/check-install.sh
#   KZ_KEEP_PREFIX=1 tools/check-install.sh   # keep the temporary tree and print its path
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
BUILD_DIR=${KZ_BUILD_DIR:-build}
GENERATOR=()
command -v ninja >/dev/null && GENERATOR=(-G Ninja)

work=$(mktemp -d "${TMPDIR:-/tmp}/kzrules-install.XXXXXX")
if [ -n "${KZ_KEEP_PREFIX:-}" ]; then
  echo "check-install: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
prefix="$work/prefix"
step() { echo "check-install: $*"; }
# Runs a command with its output in a log, shown (the end of it) only when it fails.
quiet() {
  local log="$work/last-step.log"
  "$@" >"$log" 2>&1 || { tail -n 60 "$log" >&2; echo "check-install: failed: $*" >&2; exit 1; }
}

if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  step "configuring $BUILD_DIR"
  quiet cmake -S . -B "$BUILD_DIR" "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE=Release ${KZ_CMAKE_ARGS:-}
fi
step "building $BUILD_DIR"
quiet cmake --build "$BUILD_DIR"
step "installing to $prefix"
quiet cmake --install "$BUILD_DIR" --prefix "$prefix"

# What the package promises to install.
pc=$(find "$prefix" -name kzrules.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "check-install: no kzrules.pc installed" >&2; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
for f in "$prefix/include/kzrules/kzrules.hpp" "$libdir/libkzrules.a" "$libdir/libkzrules.so" \
         "$libdir/cmake/kzrules/kzrulesConfig.cmake" "$libdir/cmake/kzrules/kzrulesConfigVersion.cmake" \
         "$libdir/cmake/kzrules/kzrulesTargets.cmake" "$prefix/bin/kzrules"; do
  [ -e "$f" ] || { echo "check-install: missing ${f#$prefix/}" >&2; exit 1; }
done
if grep -rlE '#include <(boost|absl|fmt|range|nlohmann)/' "$prefix/include/kzrules" >/dev/null; then
  echo "check-install: an installed header includes a private dependency" >&2; exit 1
fi

step "the installed CLI"
"$prefix/bin/kzrules" run examples/transitive_closure/path.dl -F examples/transitive_closure -D - >"$work/cli.out"
grep -q '^path$' "$work/cli.out"
# libpq is opened at the first connection (lib/postgres/libpq.hpp), never loaded at start.
if ldd "$prefix/bin/kzrules" "$libdir/libkzrules.so" | grep libpq >/dev/null; then  # not -q: see below
  echo "check-install: kzrules links libpq; it should open it only when --backend connects" >&2; exit 1
fi

# CMake: find_package(kzrules CONFIG REQUIRED) from the prefix and nowhere else.
step "building tests/consumer with find_package(kzrules)"
cmake -S tests/consumer -B "$work/consumer" "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON >"$work/consumer.log"
grep -q "kzrules 0\.[0-9.]* from $libdir/cmake/kzrules" "$work/consumer.log" ||
  { cat "$work/consumer.log"; echo "check-install: found a kzrules other than $prefix" >&2; exit 1; }
quiet cmake --build "$work/consumer"
step "running the consumer (static library)"
"$work/consumer/consumer" >"$work/static.out" || { cat "$work/static.out"; exit 1; }
step "running the consumer (shared library)"
"$work/consumer/consumer_shared" >"$work/shared.out" || { cat "$work/shared.out"; exit 1; }
ldd "$work/consumer/consumer_shared" | grep "$libdir/libkzrules.so" >/dev/null ||  # not -q: under pipefail an early exit would SIGPIPE ldd
  { echo "check-install: consumer_shared does not load the installed libkzrules.so" >&2; exit 1; }

# pkg-config: shared by default; the archive with --static's private libraries.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
CXX=${CXX:-c++}
step "building tests/consumer with pkg-config ($(pkg-config --modversion kzrules))"
# shellcheck disable=SC2046
"$CXX" -std=c++17 tests/consumer/main.cpp $(pkg-config --cflags --libs kzrules) -Wl,-rpath,"$libdir" \
       -o "$work/pc_shared"
"$work/pc_shared" >"$work/pc_shared.out" || { cat "$work/pc_shared.out"; exit 1; }
# shellcheck disable=SC2046
"$CXX" -std=c++17 tests/consumer/main.cpp $(pkg-config --cflags kzrules) "$libdir/libkzrules.a" \
       $(pkg-config --static --libs kzrules | sed 's/-lkzrules\b//') -o "$work/pc_static"
"$work/pc_static" >"$work/pc_static.out" || { cat "$work/pc_static.out"; exit 1; }

cmp -s "$work/static.out" "$work/shared.out" && cmp -s "$work/static.out" "$work/pc_static.out" &&
  cmp -s "$work/static.out" "$work/pc_shared.out" || { echo "check-install: the consumers disagree" >&2; exit 1; }
cat "$work/static.out"
step "ok: headers, libkzrules.a, libkzrules.so, CLI, CMake package and pkg-config file all work"
