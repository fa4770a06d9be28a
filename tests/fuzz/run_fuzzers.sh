#!/usr/bin/env bash
# Runs every libFuzzer target of a build tree (CMX_BUILD_FUZZERS=ON) for a bounded time, two at a
# time, over a scratch copy of its seed corpus (tests/fuzz/corpus/<target>/, never modified).
# Fails if any target finds a crash, a leak, a timeout or a sanitizer report; prints each
# target's executions.
#   bash tests/fuzz/run_fuzzers.sh <build dir> [seconds per target] [parallel runs]
set -uo pipefail

build=$(cd "${1:?usage: run_fuzzers.sh <build dir> [seconds] [parallel]}" && pwd)
seconds=${2:-60}
parallel=${3:-2}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work="$build/fuzz-runs"
rm -rf "$work"
mkdir -p "$work"

targets=(csv system_json system_csv fhir_json compass_measures hierarchy_json capi_json capi_numeric)

run_one() {
  local name=$1
  local exe="$build/tests/fuzz/cmx_fuzz_$name"
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  # Inputs up to 64 KiB; a run over 10 s on one input, or 2 GiB of memory, is a finding too.
  (cd "$work/$name" && "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" \
    "$work/$name/corpus" "$root/tests/fuzz/corpus/$name" > "$work/$name/log" 2>&1)
  echo $? > "$work/$name/status"
}

running=0
for name in "${targets[@]}"; do
  if [ ! -x "$build/tests/fuzz/cmx_fuzz_$name" ]; then
    echo "fuzz: $build/tests/fuzz/cmx_fuzz_$name is missing (configure with -DCMX_BUILD_FUZZERS=ON)"
    exit 1
  fi
  run_one "$name" &
  running=$((running + 1))
  if ((running >= parallel)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
for name in "${targets[@]}"; do
  status=$(cat "$work/$name/status" 2>/dev/null || echo missing)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$work/$name/log" | tail -1)
  if [ "$status" = 0 ]; then
    echo "fuzz: $name: ${execs:-?} executions in ${seconds} s, ${cov:-cov: ?}, no finding"
  else
    echo "fuzz: $name FAILED (status $status) after ${execs:-?} executions; log and reproducer:"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written|deadly signal|==[0-9]+==" \
      "$work/$name/log" | head -20
    ls "$work/$name/artifacts"
    failed=1
  fi
done
exit $failed
