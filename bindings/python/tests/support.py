"""Paths and helpers shared by the tests."""

import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPOSITORY = os.path.dirname(os.path.dirname(PACKAGE_ROOT))
SHARED = os.environ.get("CMX_SHARED_DIR") or os.path.join(os.path.dirname(REPOSITORY), "shared")
ORACLE = os.path.join(SHARED, "oracle")
EXAMPLES = os.path.join(REPOSITORY, "examples", "data")


def close(got, want, rel=1e-9):
    """The oracle's tolerance: |got - want| <= rel * max(1, |want|); None/NaN match NaN only."""
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return isinstance(got, float) and math.isnan(got) or got is None
    return abs(got - want) <= rel * max(1.0, abs(want))


def read(*path):
    with open(os.path.join(*path), encoding="utf-8") as f:
        return f.read()
