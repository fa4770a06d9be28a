#!/usr/bin/env bash
# The README's two Quick start commands, for a fresh Debian 12 machine:
#   bash cmake/quickstart.sh example   install what is missing, build, run the main job
#   bash cmake/quickstart.sh test      install what is missing, build, run the whole test suite
# Build trees go under build/ (override with CMX_BUILD_ROOT); CMX_JOBS sets the parallelism.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${CMX_BUILD_ROOT:-$root/build}
jobs=${CMX_JOBS:-$(nproc)}
mode=${1:-}

# Debian packages the build and the tests need (cmake/quickstart.sh is their one list).
packages=(
  cmake make g++ clang clang-format pkg-config binutils
  libboost-graph-dev libboost-math-dev libeigen3-dev libmsgsl-dev
  catch2 nlohmann-json3-dev libcli11-dev libbenchmark-dev
)

install_missing() {
  local missing=()
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return
  fi
  echo "quickstart: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

build() {  # build <dir> <cmake options...>
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" "$@"
  cmake --build "$dir" --parallel "$jobs"
}

case "$mode" in
  example)
    install_missing
    build "$build_root/release" -DCMAKE_BUILD_TYPE=Release
    cmx="$build_root/release/cmx"
    "$cmx" --version
    "$cmx" --help
    ;;
  test)
    install_missing
    # Clang 14 builds everything with warnings as errors (GCC 12 does below).
    build "$build_root/clang" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang \
      -DCMAKE_CXX_COMPILER=clang++ -DCMX_BUILD_TESTS=ON -DCMX_BUILD_BENCHMARKS=ON
    # GCC 12 with the address and undefined-behaviour sanitizers runs the whole suite.
    build "$build_root/test" -DCMAKE_BUILD_TYPE=Release -DCMX_BUILD_TESTS=ON \
      -DCMX_BUILD_BENCHMARKS=ON "-DCMX_SANITIZE=address;undefined"
    ctest --test-dir "$build_root/test" --output-on-failure --parallel "$jobs"
    ;;
  *)
    echo "usage: bash cmake/quickstart.sh example|test" >&2
    exit 2
    ;;
esac
