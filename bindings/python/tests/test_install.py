"""The package installs offline with pip (the README's command) and works from the install."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from .support import PACKAGE_ROOT


def pip_available():
    import importlib.util

    return all(importlib.util.find_spec(name) for name in ("pip", "setuptools", "venv", "ensurepip"))


@unittest.skipUnless(pip_available(), "pip or setuptools is not installed for this interpreter")
class InstallTest(unittest.TestCase):
    def test_offline_install_into_a_venv_with_system_site_packages(self):
        with tempfile.TemporaryDirectory() as tmp:
            # Build from a copy: pip builds in place and would leave build/ in the sources.
            source = os.path.join(tmp, "src")
            shutil.copytree(PACKAGE_ROOT, source,
                            ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
            venv = os.path.join(tmp, "venv")
            subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv],
                           check=True, capture_output=True)
            python = os.path.join(venv, "bin", "python")
            install = subprocess.run([python, "-m", "pip", "install", "--no-index",
                                      "--no-build-isolation", source],
                                     capture_output=True, text=True)
            self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
            env = dict(os.environ)
            env.pop("PYTHONPATH", None)
            run = subprocess.run([python, "-c", "import cmx; print(cmx.__file__); "
                                  "print(cmx.chart([1, 2, 3], [1.0, 2.0, 3.0]).cl[0])"],
                                 cwd=tmp, env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            where, centre = run.stdout.split()
            self.assertTrue(where.startswith(venv), where)
            self.assertEqual(float(centre), 2.0)


if __name__ == "__main__":
    unittest.main()
