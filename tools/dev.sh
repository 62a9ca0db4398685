#!/usr/bin/env bash
# One entry point for people and CI: installs what is missing (Debian 12), builds, and
#   tools/dev.sh run    runs the main job (kzrules check on the Kazakhstan corpus)
#   tools/dev.sh test   builds and runs every test (ctest), the PostgreSQL backend's against
#                       a throwaway server (tools/with-postgres.sh)
#   tools/dev.sh web    builds the seminar workbench, build-web/kzrules-workbench.html
#                       (emscripten, npm packages and Chromium installed when missing)
#   tools/dev.sh web-test   builds it, then runs its Node and browser tests (Chromium,
#                       and Firefox ESR: both installed when missing)
#   tools/dev.sh web-screenshots   builds it and redraws docs/images/workbench-*.png
#   tools/dev.sh install [PACKAGE...]   only installs what is missing (and these too)
# Both are idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${KZ_BUILD_DIR:-build}
PACKAGES=(g++ cmake ninja-build libboost-dev librange-v3-dev catch2 libcli11-dev libfmt-dev
          nlohmann-json3-dev libabsl-dev zlib1g-dev libpq-dev graphviz lld)

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

WEB_BUILD_DIR=${KZ_WEB_BUILD_DIR:-build-web}

# Node.js and npm: Debian's, unless the machine has them already (from another source,
# whose nodejs package must not be swapped for Debian's).
install_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  install_missing nodejs npm
}

# The workbench: the library and its request handler built to WebAssembly by Debian's
# emscripten, then the page (web/) bundled around it by esbuild into one file.
web() {
  install_missing emscripten
  install_node
  export NODE_PATH=/usr/share/nodejs  # emscripten's JS optimizer needs Debian's acorn
  if [ ! -f "$WEB_BUILD_DIR/build.ninja" ]; then
    emcmake cmake -S . -B "$WEB_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$WEB_BUILD_DIR" --target kzrules-engine
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
  node web/build.mjs --engine "$WEB_BUILD_DIR/web/engine/kzrules-engine.js" --corpus rules/kazakhstan \
    --out "$WEB_BUILD_DIR/kzrules-workbench.html"
}

web_test() {
  web
  install_missing chromium firefox-esr
  local out
  out=$(realpath "$WEB_BUILD_DIR")
  (cd web && KZ_ENGINE="$out/web/engine/kzrules-engine.js" KZ_WORKBENCH="$out/kzrules-workbench.html" npm test)
}

web_screenshots() {
  web
  install_missing chromium
  node web/screenshots.mjs --page "$WEB_BUILD_DIR/kzrules-workbench.html" --out docs/images
}

case "${1:-}" in
  run) install_missing; build; main_job ;;
  # The PostgreSQL backend's tests run against a throwaway server (tools/with-postgres.sh).
  test) install_missing postgresql; build
        tools/with-postgres.sh ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" ;;
  build) install_missing; build ;;
  web) web ;;
  web-test) web_test ;;
  web-screenshots) web_screenshots ;;
  install) shift; install_missing "$@" ;;
  *) echo "usage: tools/dev.sh run|test|build|web|web-test|web-screenshots|install [PACKAGE...]" >&2; exit 2 ;;
esac
