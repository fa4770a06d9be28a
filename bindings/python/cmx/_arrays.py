"""Arrays in and out: numpy arrays where numpy is installed, plain lists otherwise.

Inputs may be any sequence (list, tuple, numpy array, pandas Series); they are converted once
to contiguous C arrays. Outputs are numpy arrays when numpy is available (and not disabled with
the environment variable CMX_PYTHON_NO_NUMPY=1), lists otherwise.
"""

import ctypes
import math
import os

if os.environ.get("CMX_PYTHON_NO_NUMPY") == "1":
    np = None
else:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - depends on the installation
        np = None

_NUMPY_TYPES = {}
if np is not None:
    _NUMPY_TYPES = {
        ctypes.c_double: np.float64,
        ctypes.c_size_t: np.uintp,
        ctypes.c_int32: np.int32,
        ctypes.c_uint8: np.uint8,
        ctypes.c_uint32: np.uint32,
        ctypes.c_int8: np.int8,
    }


def has_numpy():
    return np is not None


class In:
    """A read-only C array made from a Python sequence; keeps its memory alive."""

    __slots__ = ("pointer", "length", "_keep")

    def __init__(self, values, ctype, name):
        if np is not None:
            array = np.ascontiguousarray(_to_numpy(values, name), dtype=_NUMPY_TYPES[ctype])
            if array.ndim != 1:
                raise ValueError(f"{name} must be one-dimensional, not of shape {array.shape}")
            self._keep = array
            self.length = array.shape[0]
            self.pointer = array.ctypes.data_as(ctypes.POINTER(ctype))
        else:
            items = list(values)
            try:
                buffer = (ctype * len(items))(*items)
            except TypeError as e:
                raise TypeError(f"{name} must hold numbers: {e}") from None
            self._keep = buffer
            self.length = len(items)
            self.pointer = ctypes.cast(buffer, ctypes.POINTER(ctype))


def _to_numpy(values, name):
    if hasattr(values, "dtype") and str(values.dtype).startswith("datetime64"):
        raise TypeError(f"{name}: convert dates to numbers first (see cmx.spc.days_since_epoch)")
    try:
        return np.asarray(values)
    except (TypeError, ValueError) as e:  # pragma: no cover - numpy rarely refuses
        raise TypeError(f"{name} must hold numbers: {e}") from None


def doubles(values, name):
    return In(values, ctypes.c_double, name)


def optional_doubles(values, name, length):
    """None, or doubles of exactly `length` entries."""
    if values is None:
        return None
    array = doubles(values, name)
    if array.length != length:
        raise ValueError(f"{name} has {array.length} values, expected {length}")
    return array


def pointer(array):
    return None if array is None else array.pointer


class Out:
    """A writable C array of `length` entries, returned as a numpy array or a list."""

    __slots__ = ("pointer", "length", "_buffer", "_ctype")

    def __init__(self, ctype, length):
        self.length = length
        self._ctype = ctype
        if np is not None:
            self._buffer = np.empty(length, dtype=_NUMPY_TYPES[ctype])
            self.pointer = self._buffer.ctypes.data_as(ctypes.POINTER(ctype))
        else:
            self._buffer = (ctype * max(length, 1))()
            self.pointer = ctypes.cast(self._buffer, ctypes.POINTER(ctype))

    def value(self, kind=None):
        """The array; kind=bool returns booleans."""
        if np is not None:
            return self._buffer.astype(bool) if kind is bool else self._buffer
        items = list(self._buffer[: self.length])
        return [bool(v) for v in items] if kind is bool else items


def to_list(values):
    """A plain list of a sequence or array."""
    return values.tolist() if hasattr(values, "tolist") else list(values)


def is_nan(value):
    return isinstance(value, float) and math.isnan(value)
