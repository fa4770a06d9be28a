#!/usr/bin/python3
"""Checks pictures with an independent XML parser (Python's xml.etree.ElementTree).

    check_svgs.py FILE.svg [--phases N]     the file is one SVG document
    check_svgs.py FILE.html --min N         every top-level <svg> of the page parses, at least N
                                            of them, and the page references nothing outside it

Prints the number of pictures checked; exits 1 with the reason on the first failure.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def top_level_svgs(text):
    """The outermost <svg>...</svg> elements, nested ones (small multiples) inside them."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r"<svg[\s>]|</svg>", text):
        if m.group(0).startswith("</"):
            depth -= 1
            if depth == 0:
                out.append(text[start:m.end()])
        else:
            if depth == 0:
                start = m.start()
            depth += 1
    if depth != 0:
        fail("unbalanced <svg> tags")
    return out


def main():
    path = sys.argv[1]
    args = sys.argv[2:]
    text = open(path, encoding="utf-8").read()
    if path.endswith(".svg"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            fail(f"{path}: {e}")
        if root.tag != SVG + "svg":
            fail(f"root is {root.tag}")
        if "--phases" in args:
            want = int(args[args.index("--phases") + 1])
            cls = [e.get("class", "").split() for e in root.iter()]
            got = sum(1 for c in cls if "cl" in c)
            if got != want:
                fail(f"{got} centre lines, expected {want} (one per phase)")
            if not any("plot-area" in c for c in cls):
                fail("no plot area")
        print("1 picture parses")
        return
    svgs = top_level_svgs(text)
    for k, svg in enumerate(svgs):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            fail(f"picture {k + 1}: {e}: {svg[:200]}")
    want = int(args[args.index("--min") + 1]) if "--min" in args else 1
    if len(svgs) < want:
        fail(f"{len(svgs)} pictures, expected at least {want}")
    # Self-contained: no resource is fetched from anywhere.
    for pattern in (r"<link\b", r"\ssrc\s*=", r"@import", r"url\(\s*['\"]?(https?:|//)"):
        if re.search(pattern, text, re.I):
            fail(f"the page references an outside resource ({pattern})")
    for url in re.findall(r"https?://[^\s\"'<>)]+", text):
        if url != "http://www.w3.org/2000/svg":
            fail(f"the page contains the URL {url}")
    print(f"{len(svgs)} pictures parse")


main()
