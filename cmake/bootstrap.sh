#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and then builds and runs livediff.
#   bash cmake/bootstrap.sh demo   install what is missing, build (release), serve the examples
#   bash cmake/bootstrap.sh test   install what is missing, build, run every test suite
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-}"
if [[ "$mode" != demo && "$mode" != test ]]; then
  echo "usage: bash cmake/bootstrap.sh demo|test" >&2
  exit 2
fi

debian_packages=(
  cmake ninja-build g++ pkg-config
  libabsl-dev libboost1.81-dev libboost-url1.81-dev rapidjson-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium
  clang libfuzzer-14-dev libclang-rt-14-dev
  python3-cffi python3-pytest python3-aiohttp
)
command -v node >/dev/null || debian_packages+=(nodejs)
command -v npm >/dev/null || debian_packages+=(npm)

missing=()
for p in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser-side packages (the real phoenix_live_view client, esbuild, jsdom, playwright-core).
if [[ ! -d node_modules/phoenix_live_view || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

case "$mode" in
  demo)
    cmake --preset release
    cmake --build --preset release
    exec build/release/examples/livediff_demo "${@:2}"
    ;;
  test)
    # Release build with every suite (browser, conformance, install, benchmark smoke), then
    # every unit and conformance suite again under AddressSanitizer and UBSan, then each fuzz
    # target for a bounded time from its seed corpus (clang, libFuzzer).
    cmake --workflow --preset ci
    cmake --workflow --preset ci-asan
    exec cmake --workflow --preset fuzz
    ;;
esac
