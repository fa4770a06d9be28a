"""Loading the library, its version, and the completeness of the bindings."""

import ctypes
import os
import re
import shutil
import subprocess
import sys
import unittest

import cmx
from cmx import _ffi, _lib

from .support import PACKAGE_ROOT, REPOSITORY, read


def library_symbols(path):
    """The C functions the shared library exports (nm -D --defined-only)."""
    out = subprocess.run(["nm", "-D", "--defined-only", path], check=True, capture_output=True,
                         text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWi" and parts[2].startswith("cmx_"):
            names.add(parts[2].split("@")[0])
    return names


class LibraryTest(unittest.TestCase):
    def test_version_matches_the_package(self):
        self.assertEqual(cmx.version_number(), _ffi.EXPECTED_VERSION_NUMBER)
        major, minor, patch = (int(v) for v in cmx.version().split("."))
        self.assertEqual(major * 10000 + minor * 100 + patch, cmx.version_number())
        # The header's macros say the same (capi/cmx.h is the one place the version lives).
        header = read(REPOSITORY, "capi", "cmx.h")
        numbers = [int(re.search(r"#define CMX_VERSION_%s (\d+)" % k, header).group(1))
                   for k in ("MAJOR", "MINOR", "PATCH")]
        self.assertEqual(numbers, [major, minor, patch])
        self.assertEqual(cmx.__version__, cmx.version())

    def test_every_exported_function_is_bound(self):
        path = os.environ.get("CMX_C_LIBRARY") or cmx.library_path()
        if not os.path.isfile(path):
            self.skipTest("the library was found by the system loader, not as a file")
        exported = library_symbols(path)
        listed = {line.strip() for line in read(REPOSITORY, "capi", "abi", "symbols.txt").splitlines()
                  if line.strip() and not line.startswith("#")}
        bound = set(_ffi.SIGNATURES)
        self.assertGreater(len(exported), 0)
        self.assertEqual(sorted(exported - bound), [], "exported but not bound")
        self.assertEqual(sorted(bound - exported), [], "bound but not exported")
        self.assertEqual(sorted(listed ^ bound), [], "symbols.txt and the bindings differ")

    def test_every_bound_function_is_used_by_a_wrapper(self):
        sources = ""
        for name in ("_lib.py", "spc.py", "system.py", "compass.py"):
            sources += read(PACKAGE_ROOT, "cmx", name)
        unused = [name for name in _ffi.SIGNATURES if '"%s"' % name not in sources
                  and ".%s(" % name not in sources]
        self.assertEqual(unused, [])

    def test_status_strings(self):
        for status in range(0, 12):
            self.assertTrue(cmx.status_string(status))
        self.assertTrue(cmx.status_string(999))  # never NULL, also for unknown values
        cmx.free(None)

    def test_a_version_mismatch_is_refused(self):
        saved = _ffi.EXPECTED_VERSION_NUMBER
        try:
            _ffi.EXPECTED_VERSION_NUMBER = saved + 100  # the next minor release
            with self.assertRaisesRegex(cmx.LibraryError, r"needs 0\.2\.x"):
                _lib.load(cmx.library_path())
        finally:
            _ffi.EXPECTED_VERSION_NUMBER = saved

    def _import_in_child(self, env):
        child_env = dict(os.environ, **env)
        return subprocess.run([sys.executable, "-c", "import cmx; print(cmx.library_path())"],
                              cwd=PACKAGE_ROOT, env=child_env, capture_output=True, text=True)

    def test_a_bad_cmx_c_library_is_an_import_error(self):
        result = self._import_in_child({"CMX_C_LIBRARY": "/no/such/libcmx_c.so"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LibraryError", result.stderr)
        self.assertIn("/no/such/libcmx_c.so (CMX_C_LIBRARY)", result.stderr)

    def test_the_library_next_to_the_package_is_found(self):
        source = cmx.library_path()
        if not os.path.isfile(source):
            self.skipTest("no library file to copy")
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(PACKAGE_ROOT, "cmx"), os.path.join(tmp, "cmx"))
            shutil.copy(source, os.path.join(tmp, "cmx", "libcmx_c.so." + cmx.version()))
            env = dict(os.environ)
            env.pop("CMX_C_LIBRARY", None)
            result = subprocess.run([sys.executable, "-c", "import cmx; print(cmx.library_path())"],
                                    cwd=tmp, env=env, capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.strip(),
                             os.path.join(tmp, "cmx", "libcmx_c.so." + cmx.version()))

    def test_the_soname_is_the_one_the_loader_is_asked_for(self):
        path = cmx.library_path()
        if not os.path.isfile(path):
            self.skipTest("no library file")
        out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
        self.assertIn("SONAME               " + _lib.expected_soname(), out)

    def test_option_structs_are_accepted_by_size(self):
        # The C API refuses an options struct whose size field is smaller than its own struct:
        # a chart made with every struct's sizeof proves the layouts are not too short.
        with cmx.chart([1, 2, 3], [1.0, 2.0, 4.0]) as c:
            self.assertEqual(c.info.points, 3)
        self.assertEqual(ctypes.sizeof(_ffi.SpcSignal), 32)


if __name__ == "__main__":
    unittest.main()
