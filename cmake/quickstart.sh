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
  cmake make g++ clang clang-format pkg-config binutils python3 chromium
  libboost-graph-dev libboost-math-dev libeigen3-dev libmsgsl-dev
  catch2 nlohmann-json3-dev libcli11-dev libbenchmark-dev abigail-tools doxygen libclang-rt-14-dev
  python3-numpy python3-pandas python3-dask python3-distributed
  python3-pip python3-venv python3-setuptools python3-wheel
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
  cmake --build "$dir" --parallel "$jobs" ${CMX_TARGET:+--target "$CMX_TARGET"}
}

case "$mode" in
  example)
    install_missing
    build "$build_root/release" -DCMAKE_BUILD_TYPE=Release
    cmx="$build_root/release/cmx"
    out="$build_root/example"
    mkdir -p "$out"
    data="$root/examples/data"
    "$cmx" --version
    # SPC: a u chart of C. difficile infections per 10,000 patient-days, before and after an
    # intervention (qicharts2's cdi data), with Anhøj's run rules and the 3-sigma rule.
    "$cmx" spc --chart u --input "$data/qicharts2_cdi.csv" --x month --y n --n days \
      --part 24 --multiply 10000 --output "$out/cdi_u_chart.json"
    # The system graph: flow analytics of 3,300 synthetic journeys through the example
    # macrosystem (cardiac and cancer mesosystems sharing support microsystems).
    "$cmx" system flow --stays "$data/system/stays.csv" --system "$data/system/system.json" \
      --top 5 > "$out/system_flow.json"
    # Funnel plot of 134 A&E departments (NHSRdatasets) and the value compass of the example.
    "$cmx" funnel --input "$data/compass/ae_funnel_2019-03.csv" --unit org_code \
      --numerator within_4h --denominator attendances --overdispersion additive \
      > "$out/ae_funnel.json"
    "$cmx" compass --measures "$data/compass/measures.json" \
      --observations "$data/compass/observations.csv" --system "$data/compass/system.json" \
      --t1 2015-Q4 --t2 2016-Q4 > "$out/compass.json"
    # The data wall of the example health systems: SPC charts with their signals and the Making
    # Data Count icons per macro-, meso- and microsystem, value compass, funnel plots and the
    # journey flow maps, in one self-contained HTML page.
    "$cmx" report --system "$data/wall/system.json" \
      --measures "$data/compass/measures.json" --measures "$data/wall/measures.json" \
      --observations "$data/compass/observations.csv" --observations "$data/wall/observations.csv" \
      --stays "$data/system/stays.csv" --events "$data/wall/events.csv" --t1 2015-Q4 --t2 2016-Q4 \
      --title "Example health systems: data wall" \
      --note "Capital Region of Denmark: infections from qicharts2 hospital_infections (GPL-3; www.esundhed.dk); C. difficile before and after an intervention from qicharts2 cdi; functional health, satisfaction and costs are SYNTHETIC." \
      --note "Riverside Health: SYNTHETIC journeys and readmissions (examples/data/system/generate_episodes.py)." \
      --output "$out/data_wall.html"
    echo "quickstart: results written to $out:"
    ls -l "$out"
    echo "quickstart: the data wall is $out/data_wall.html"
    ;;
  test)
    install_missing
    # Clang 14 builds everything with warnings as errors (GCC 12 does below), and the libFuzzer
    # targets (tests/fuzz: the core once more with -fsanitize=fuzzer-no-link,address,undefined).
    build "$build_root/clang" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang \
      -DCMAKE_CXX_COMPILER=clang++ -DCMX_BUILD_TESTS=ON -DCMX_BUILD_BENCHMARKS=ON \
      -DCMX_BUILD_FUZZERS=ON
    # GCC 12 in Release builds what the example command builds (the library, the C library and
    # the CLI, at -O3, where GCC warns of things it does not see at lower levels).
    build "$build_root/release" -DCMAKE_BUILD_TYPE=Release
    # GCC 12 with the address and undefined-behaviour sanitizers runs the whole suite (with the
    # out-of-memory sweeps under the leak checker, abidiff, and the fuzz corpora replayed). The
    # sanitizer trees are built at -O1, a level AddressSanitizer's documentation names for
    # reasonable speed: the sanitizers check the same source, and GCC compiles it in less
    # than half the time it takes at -O3 (src/spc/chart.cpp: 13 s against 34 s).
    sanitizer_flags=("-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG")
    build "$build_root/test" -DCMAKE_BUILD_TYPE=Release "${sanitizer_flags[@]}" \
      -DCMX_BUILD_TESTS=ON -DCMX_BUILD_BENCHMARKS=ON "-DCMX_SANITIZE=address;undefined"
    ctest --test-dir "$build_root/test" --output-on-failure --parallel "$jobs"
    # ThreadSanitizer: only the thread test (threads with their own contexts, shared objects).
    CMX_TARGET=cmx_thread_tests build "$build_root/tsan" -DCMAKE_BUILD_TYPE=Release \
      "${sanitizer_flags[@]}" -DCMX_BUILD_TESTS=ON -DCMX_SANITIZE=thread
    ctest --test-dir "$build_root/tsan" -R '^threads: ' --output-on-failure
    # Each fuzz target for a bounded time (CMX_FUZZ_SECONDS, default 45), two at a time.
    bash "$root/tests/fuzz/run_fuzzers.sh" "$build_root/clang" "${CMX_FUZZ_SECONDS:-45}" 2
    ;;
  *)
    echo "usage: bash cmake/quickstart.sh example|test" >&2
    exit 2
    ;;
esac
