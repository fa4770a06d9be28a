"""Without numpy the package works on plain lists (CMX_PYTHON_NO_NUMPY=1 hides numpy)."""

import json
import os
import subprocess
import sys
import unittest

from .support import PACKAGE_ROOT

SCRIPT = r"""
import json, cmx
from cmx import _arrays
assert not _arrays.has_numpy()
c = cmx.chart([1, 2, 3, 4, 5], (3.1, 2.9, 3.4, 3.0, 2.8))
r = cmx.cusum([1.0, 2.0, 3.0], 2.0, 1.0)
m = cmx.chart_many([[1.0, 2.0, 3.0], [4.0, 6.0]], "we")
print(json.dumps({"cl": c.cl, "ucl": c.ucl, "included": c.included, "part": c.part,
                  "upper": r.upper, "signal": r.upper_signal, "many_cl": m.cl,
                  "flags": m.flags, "types": [type(c.cl).__name__, type(c.included[0]).__name__]}))
"""


class WithoutNumpyTest(unittest.TestCase):
    def test_lists_in_and_out(self):
        env = dict(os.environ, CMX_PYTHON_NO_NUMPY="1")
        result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PACKAGE_ROOT, env=env,
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        got = json.loads(result.stdout)
        self.assertEqual(got["types"], ["list", "bool"])
        self.assertAlmostEqual(got["cl"][0], 3.04, places=12)
        self.assertAlmostEqual(got["ucl"][0], 3.04 + 3 * 0.325 / 1.128, places=12)
        self.assertEqual(got["included"], [True] * 5)
        self.assertEqual(got["part"], [1] * 5)
        # CUSUM by hand (k = 0.5): C+ = max(0, C+ + z - k) with z = 1 - 2, 2 - 2, 3 - 2.
        self.assertEqual(got["upper"], [0.0, 0.0, 0.5])
        self.assertEqual(got["signal"], [False, False, False])
        self.assertEqual(got["many_cl"], [2.0, 5.0])
        self.assertEqual(got["flags"], [[0, 0, 0], [0, 0]])


if __name__ == "__main__":
    unittest.main()
