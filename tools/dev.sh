#!/usr/bin/env bash
# One entry point for people and CI: installs what is missing (Debian 12), builds, and
#   tools/dev.sh run    runs the main job (kzrules check on the Kazakhstan corpus)
#   tools/dev.sh test   builds and runs every test (ctest)
#   tools/dev.sh install [PACKAGE...]   only installs what is missing (and these too)
# Both are idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${KZ_BUILD_DIR:-build}
PACKAGES=(g++ cmake ninja-build libboost-dev librange-v3-dev catch2 libcli11-dev libfmt-dev
          nlohmann-json3-dev libabsl-dev zlib1g-dev graphviz)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    # CI fails on any compiler warning; people building by hand only see them.
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CI:+-DKZ_WERROR=ON} ${KZ_CMAKE_ARGS:-} >/dev/null
  fi
  cmake --build "$BUILD_DIR"
}

main_job() {
  local kz="$BUILD_DIR/tools/kzrules"
  if [ -d rules/kazakhstan/facts/2007 ]; then
    # The article's evidence beside each counterfactual, then the same evidence over time.
    "$kz" check rules/kazakhstan rules/kazakhstan/facts/2007 \
      $(ls -d rules/kazakhstan/facts/*/ | grep -v -e '/2007/$')
    "$kz" check rules/kazakhstan rules/kazakhstan/facts/2007 --as-of 1996,2001,2007
  else
    "$kz" run examples/transitive_closure/path.dl -F examples/transitive_closure -D -
  fi
}

case "${1:-}" in
  run) install_missing; build; main_job ;;
  test) install_missing; build; ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" ;;
  build) install_missing; build ;;
  install) shift; install_missing "$@" ;;
  *) echo "usage: tools/dev.sh run|test|build|install [PACKAGE...]" >&2; exit 2 ;;
esac
