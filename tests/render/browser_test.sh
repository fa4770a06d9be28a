#!/usr/bin/env bash
# The data wall in a real browser: Debian's chromium, headless, with every network request
# refused. Writes the wall and a 1400x2000 screenshot, then checks that the page loaded without
# console errors and that its own check found every picture with a non-zero size.
#   browser_test.sh CMX_BINARY EXAMPLES_DATA_DIR OUT_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium is not installed.
set -euo pipefail
cmx=$1
data=$2
out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed: skipped"
  exit 77
fi
mkdir -p "$out"
rm -f "$out/wall.png" "$out/dom.html"
"$cmx" report --system "$data/wall/system.json" \
  --measures "$data/compass/measures.json" --measures "$data/wall/measures.json" \
  --observations "$data/compass/observations.csv" --observations "$data/wall/observations.csv" \
  --stays "$data/system/stays.csv" --events "$data/wall/events.csv" \
  --t1 2015-Q4 --t2 2016-Q4 --output "$out/wall.html"
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
  --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9
  --enable-logging=stderr --v=0 --virtual-time-budget=10000 --window-size=1400,2000
  --user-data-dir="$out/profile")
timeout 180 "$browser" "${flags[@]}" --screenshot="$out/wall.png" "file://$out/wall.html" \
  > "$out/screenshot.log" 2>&1
timeout 180 "$browser" "${flags[@]}" --dump-dom "file://$out/wall.html" \
  > "$out/dom.html" 2> "$out/dom.log"
# The screenshot: a PNG of 1400 x 2000 pixels, not a blank page (a blank one compresses to a few
# kilobytes).
python3 - "$out/wall.png" <<'PY'
import struct, sys, os
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1400, 2000), f"screenshot is {w}x{h}"
assert os.path.getsize(sys.argv[1]) > 50000, "the screenshot looks blank"
PY
if grep -E "CONSOLE|Uncaught|SyntaxError|TypeError|ReferenceError" "$out/screenshot.log" "$out/dom.log"; then
  echo "FAIL: the page logged console errors"
  exit 1
fi
pictures=$(python3 "$(dirname "$0")/check_svgs.py" "$out/wall.html" --min 20 | grep -o '^[0-9]*')
status=$(grep -o 'data-cmx-check="[^"]*"' "$out/dom.html" || true)
echo "self-check: $status (the file has $pictures top-level pictures)"
# Every figure and icon measured by the page's own script had a non-zero size.
case "$status" in
  'data-cmx-check="ok '*) ;;
  *) echo "FAIL: the page's check says $status"; exit 1 ;;
esac
measured=${status#data-cmx-check=\"ok }
measured=${measured%\"}
if [ "$measured" -lt "$pictures" ]; then
  echo "FAIL: $measured pictures measured, $pictures in the page"
  exit 1
fi
echo "screenshot: $out/wall.png"
