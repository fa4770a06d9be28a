"""cmx for Python: statistical process control, the micro/meso/macro system graph and the
Clinical Value Compass for healthcare quality improvement, over cmx's C API (ctypes; no
compiled extension).

The C library (libcmx_c.so) is found through the environment variable CMX_C_LIBRARY, next to
this package, or by the system loader; its version is checked on import.
"""

from . import _ffi
from ._lib import free, library_path, load, status_string, version, version_number
from .errors import (
    BadInputError,
    BufferTooSmallError,
    CmxError,
    CmxIOError,
    InconsistentError,
    InternalError,
    InvalidArgumentError,
    LibraryError,
    NotFoundError,
    OutOfMemoryError,
    OutOfRangeError,
    ParseError,
    UnsupportedError,
)

load()

from . import compass, spc, system  # noqa: E402  (after the library is loaded and checked)
from .compass import (  # noqa: E402
    Compass,
    FhirReports,
    Funnel,
    composite,
    funnel_limits,
    newcombe_difference,
    wilson_interval,
)
from .spc import Chart, Monitor, RuleSet, bernoulli_cusum, chart, chart_many, cusum, ewma  # noqa: E402
from .system import Flow, Journeys, Rollup, System, parse_time  # noqa: E402

__version__ = "0.1.0"
EXPECTED_C_VERSION = _ffi.EXPECTED_VERSION_NUMBER

__all__ = [
    "BadInputError",
    "BufferTooSmallError",
    "Chart",
    "CmxError",
    "CmxIOError",
    "Compass",
    "FhirReports",
    "Flow",
    "Funnel",
    "InconsistentError",
    "InternalError",
    "InvalidArgumentError",
    "Journeys",
    "LibraryError",
    "Monitor",
    "NotFoundError",
    "OutOfMemoryError",
    "OutOfRangeError",
    "ParseError",
    "Rollup",
    "RuleSet",
    "System",
    "UnsupportedError",
    "bernoulli_cusum",
    "chart",
    "chart_many",
    "compass",
    "composite",
    "cusum",
    "ewma",
    "free",
    "funnel_limits",
    "library_path",
    "newcombe_difference",
    "parse_time",
    "spc",
    "status_string",
    "system",
    "version",
    "version_number",
    "wilson_interval",
]
