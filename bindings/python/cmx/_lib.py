"""Finding, loading and checking the C library; contexts and the status-to-exception mapping.

The library is looked for, in order:
  1. the file named by the environment variable CMX_C_LIBRARY (if set, it must load);
  2. a libcmx_c.so* next to this package (a wheel or an install may ship it there);
  3. the system loader: the soname of the expected ABI (libcmx_c.so.0.<minor> before 1.0),
     then ctypes.util.find_library("cmx_c").
Its run-time version (cmx_version_number) must have the package's major and minor version and
at least its patch: within a minor release the C ABI only grows (capi/VERSIONING.md).
"""

import ctypes
import ctypes.util
import glob
import os
import threading

from . import _ffi
from .errors import LibraryError, OutOfMemoryError, error_for

_lock = threading.Lock()
_library = None
_library_path = None


def _version_tuple(number):
    return (number // 10000, (number // 100) % 100, number % 100)


def expected_soname():
    major, minor, _ = _version_tuple(_ffi.EXPECTED_VERSION_NUMBER)
    return f"libcmx_c.so.{major}.{minor}" if major == 0 else f"libcmx_c.so.{major}"


def _candidates():
    """(description, path-or-name, must_load) in search order."""
    env = os.environ.get("CMX_C_LIBRARY")
    if env:
        yield ("CMX_C_LIBRARY", env, True)
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "libcmx_c.so*")), key=len, reverse=True):
        yield ("next to the package", path, False)
    yield ("system loader (soname)", expected_soname(), False)
    found = ctypes.util.find_library("cmx_c")
    if found:
        yield ("system loader (find_library)", found, False)


def _declare(lib):
    for name, (restype, argtypes) in _ffi.SIGNATURES.items():
        try:
            function = getattr(lib, name)
        except AttributeError as e:
            raise LibraryError(f"the C library has no function {name}") from e
        function.restype = restype
        function.argtypes = argtypes


def _check_version(lib, where):
    number = lib.cmx_version_number()
    got = _version_tuple(number)
    want = _version_tuple(_ffi.EXPECTED_VERSION_NUMBER)
    if got[:2] != want[:2] or got[2] < want[2]:
        raise LibraryError(
            "cmx C library %s is version %d.%d.%d; this package needs %d.%d.x with x >= %d"
            % (where, *got, *want)
        )


def load(path=None):
    """Loads (once) and returns the C library; raises LibraryError when none fits."""
    global _library, _library_path
    with _lock:
        if _library is not None and path is None:
            return _library
        tried = []
        candidates = [("argument", path, True)] if path else list(_candidates())
        for how, name, must_load in candidates:
            try:
                lib = ctypes.CDLL(name)
            except OSError as e:
                if must_load:
                    raise LibraryError(f"cannot load the cmx C library {name} ({how}): {e}") from e
                tried.append(f"{name} ({how}): {e}")
                continue
            _declare(lib)
            _check_version(lib, name)
            if path is None:
                _library, _library_path = lib, name
            return lib
        raise LibraryError(
            "cannot find the cmx C library (libcmx_c.so); set CMX_C_LIBRARY to its path. Tried:\n  "
            + "\n  ".join(tried)
        )


def library_path():
    """The path or name the library was loaded from."""
    load()
    return _library_path


def _text(raw):
    return raw.decode("utf-8", "replace") if raw is not None else ""


class Context:
    """A cmx_context: the last error of the calls made through it. Handles made through a
    context keep a reference to it, so it outlives them (the C API requires that). A lock makes
    each call and the reading of its error one step, so Python threads may share objects."""

    def __init__(self):
        self.lib = load()
        self._ptr = ctypes.POINTER(_ffi.Context)()
        status = self.lib.cmx_context_create(ctypes.byref(self._ptr))
        if status != _ffi.OK:
            raise OutOfMemoryError("cannot create a cmx context", status)
        self.lock = threading.RLock()

    def call(self, name, *args):
        """Calls a fallible function with this context first; raises its status as an error."""
        function = getattr(self.lib, name)
        with self.lock:
            status = function(self._ptr, *args)
            if status != _ffi.OK:
                raise self.error(status)
        return status

    def error(self, status):
        lib, ptr = self.lib, self._ptr
        message = _text(lib.cmx_context_error_message(ptr))
        if not message:
            message = _text(lib.cmx_status_string(status))
        return error_for(
            status,
            message,
            _text(lib.cmx_context_error_source(ptr)),
            int(lib.cmx_context_error_line(ptr)),
            int(lib.cmx_context_error_column(ptr)),
            _text(lib.cmx_context_error_field(ptr)),
        )

    def last_error_code(self):
        return self.lib.cmx_context_error_code(self._ptr)

    def close(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr:
            self.lib.cmx_context_destroy(ptr)

    def __del__(self):
        self.close()


class Handle:
    """An owned C object: destroyed by close(), by leaving a ``with`` block, or when the last
    reference goes (CPython frees it at once). ``_destroy`` names the C destructor."""

    _destroy = None

    def __init__(self, ctx, raw):
        self._ctx = ctx
        self._raw = raw

    @property
    def _handle(self):
        if not self._raw:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._raw

    @property
    def closed(self):
        return not self._raw

    def close(self):
        raw, self._raw = getattr(self, "_raw", None), None
        if raw:
            getattr(self._ctx.lib, self._destroy)(raw)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        self.close()


def create(ctx, name, *args):
    """Calls a creating function (its last parameter is the out handle) and returns the raw
    handle; on failure the C API leaves it NULL and the status becomes an exception."""
    out = _ffi.HANDLE()
    ctx.call(name, *args, ctypes.byref(out))
    return out.value


def status_string(status):
    """cmx_status_string: the English description of a status value (never empty)."""
    return _text(load().cmx_status_string(int(status)))


def version():
    """The version string of the loaded C library (cmx_version_string)."""
    return _text(load().cmx_version_string())


def version_number():
    """cmx_version_number of the loaded C library, e.g. 100 for 0.1.0."""
    return int(load().cmx_version_number())


def free(pointer):
    """cmx_free: releases memory the C library allocated for the caller (None is allowed)."""
    load().cmx_free(pointer)
