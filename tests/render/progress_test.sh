#!/usr/bin/env bash
# cmx report shows progress on standard error for more than 10^6 input rows when standard error
# is a terminal (emulated with util-linux's `script`), and stays quiet when it is not.
#   progress_test.sh CMX_BINARY EXAMPLES_DATA_DIR WORK_DIR
set -euo pipefail
cmx=$1
data=$2
work=$3
mkdir -p "$work"
big="$work/stays_1.1M.csv"
if [ ! -s "$big" ]; then
  # 67 copies of the example journeys under new episode ids: 1,105,567 stays.
  python3 - "$data/system/stays.csv" "$big" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
with open(sys.argv[2], "w") as f:
    f.write(lines[0] + "\n")
    for k in range(67):
        for line in lines[1:]:
            f.write(f"X{k}_{line}\n")
PY
fi
args=(report --system "$data/wall/system.json" --measures "$data/wall/measures.json"
  --observations "$data/wall/observations.csv" --stays "$big" --output "$work/big_wall.html")
"$cmx" "${args[@]}" 2> "$work/quiet.log"
if [ -s "$work/quiet.log" ]; then
  echo "FAIL: progress written although standard error is not a terminal:"
  cat "$work/quiet.log"
  exit 1
fi
command -v script > /dev/null || { echo "no script(1): skipped"; exit 77; }
printf -v line '%q ' "$cmx" "${args[@]}"
script -qec "$line" /dev/null > "$work/tty.log" 2>&1
grep -q "cmx report: deriving patient flows from the journeys" "$work/tty.log" || {
  echo "FAIL: no progress on a terminal:"
  cat "$work/tty.log"
  exit 1
}
echo "progress shown on a terminal only"
