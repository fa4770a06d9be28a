"""Argument checks done in Python before a value reaches a C integer: ctypes wraps or truncates
an out-of-range integer without a word (-1 becomes 2**64 - 1 as a size_t, 65537 becomes 1 as a
uint16), and bool("off") is True. Each check raises ValueError (TypeError for a wrong kind)
naming the argument."""

import math
import numbers

UINT16_MAX = 2**16 - 1
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
UINT32_MAX = 2**32 - 1
SIZE_MAX = 2**64 - 1


def whole(value, name, minimum=0, maximum=SIZE_MAX):
    """value as an int in [minimum, maximum]; a float is accepted only when it is whole."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    if not isinstance(value, numbers.Integral):
        if not (math.isfinite(value) and float(value).is_integer()):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
    number = int(value)
    if not minimum <= number <= maximum:
        raise ValueError(f"{name} must lie in {minimum}..{maximum}, not {number}")
    return number


def switch(value, name):
    """An on/off option: a bool (or 0/1), or the text "on"/"off" (also "true"/"false"/"yes"/"no")."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("on", "true", "yes", "1"):
            return True
        if text in ("off", "false", "no", "0"):
            return False
        raise ValueError(f"{name} must be on or off, not {value!r}")
    if isinstance(value, bool) or type(value).__name__ == "bool_":  # numpy's bool too
        return bool(value)
    if isinstance(value, numbers.Integral) and int(value) in (0, 1):
        return bool(value)
    raise TypeError(f"{name} must be a bool or 'on'/'off', not {value!r}")
