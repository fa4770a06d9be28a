"""Every function of capi/cmx.h has a Doxygen comment (/** ... */) right above its declaration
that says since which version it exists. Doxygen itself cannot check this: EXTRACT_ALL (needed
so the macros and struct fields without comments do not warn) silences its undocumented-member
warnings. Usage: check_c_api_docs.py capi/cmx.h"""

import re
import sys


def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    problems, functions = [], 0
    for i, line in enumerate(lines):
        if not line.startswith("CMX_API "):
            continue
        functions += 1
        name = re.search(r"(cmx_\w+)\s*\(", line)
        name = name.group(1) if name else line
        end = i - 1
        if end < 0 or not lines[end].rstrip().endswith("*/"):
            problems.append(f"{path}:{i + 1}: {name} has no comment right above it")
            continue
        start = end
        while start > 0 and not lines[start].lstrip().startswith("/*"):
            start -= 1
        comment = "\n".join(lines[start:end + 1])
        if not comment.lstrip().startswith("/**"):
            problems.append(f"{path}:{start + 1}: the comment of {name} is not a /** comment")
        if not re.search(r"Since\s+(\*\s+)?\d+\.\d+", comment):
            problems.append(f"{path}:{start + 1}: the comment of {name} has no 'Since X.Y'")
    for p in problems:
        print(p)
    print(f"{functions} functions, {len(problems)} problems")
    return 1 if problems or functions == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
