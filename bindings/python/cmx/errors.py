"""Exceptions raised for the statuses of the C API: one class per CMX_E_* value.

Every exception carries the status, the message and, for bad input, where it was found:
``source`` (a file name, ``"<memory>"`` or an argument name), ``line`` (1-based line, row or
point; 0 if unknown), ``column`` (1-based, 0 if unknown) and ``field`` (a column name, JSON
pointer or option name; ``""`` if unknown).
"""


class CmxError(Exception):
    """A failed cmx call. Subclasses name the status; ``status`` is its CMX_E_* value."""

    status = -1

    def __init__(self, message, status=None, source="", line=0, column=0, field=""):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field

    def __str__(self):
        return self.message

    @property
    def location(self):
        """(source, line, column, field) of the bad input; empty values where unknown."""
        return (self.source, self.line, self.column, self.field)


class InvalidArgumentError(CmxError, ValueError):
    """CMX_E_INVALID_ARGUMENT: a bad handle or an option out of its domain."""

    status = 1


class OutOfMemoryError(CmxError, MemoryError):
    """CMX_E_NOMEM: an allocation failed; nothing was changed."""

    status = 2


class BadInputError(CmxError, ValueError):
    """CMX_E_BAD_INPUT: data that cannot be charted or scored (NaN, n <= 0, y > n...)."""

    status = 3


class ParseError(CmxError, ValueError):
    """CMX_E_PARSE: malformed CSV, JSON or FHIR."""

    status = 4


class NotFoundError(CmxError, LookupError):
    """CMX_E_NOT_FOUND: an unknown unit, measure or other id."""

    status = 5


class CmxIOError(CmxError, OSError):
    """CMX_E_IO: a file could not be opened, read or written."""

    status = 6

    def __init__(self, message, status=None, source="", line=0, column=0, field=""):
        # OSError's constructor interprets its arguments; keep the plain message.
        CmxError.__init__(self, message, status, source, line, column, field)


class BufferTooSmallError(CmxError):
    """CMX_E_BUFFER_TOO_SMALL: the bindings size buffers themselves, so this means a bug."""

    status = 7


class OutOfRangeError(CmxError, IndexError):
    """CMX_E_OUT_OF_RANGE: an index or position past the end."""

    status = 8


class InconsistentError(CmxError, ValueError):
    """CMX_E_INCONSISTENT: a structure breaks a rule (a part_of cycle, a level inversion)."""

    status = 9


class UnsupportedError(CmxError):
    """CMX_E_UNSUPPORTED: a valid request this build of cmx does not support."""

    status = 10


class InternalError(CmxError):
    """CMX_E_INTERNAL: a bug in cmx; please report it with the message."""

    status = 11


class LibraryError(ImportError):
    """The C library could not be found or loaded, or its version does not match."""


BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgumentError,
        OutOfMemoryError,
        BadInputError,
        ParseError,
        NotFoundError,
        CmxIOError,
        BufferTooSmallError,
        OutOfRangeError,
        InconsistentError,
        UnsupportedError,
        InternalError,
    )
}


def error_for(status, message, source="", line=0, column=0, field=""):
    """The exception of a status (CmxError itself for a status this package does not know)."""
    cls = BY_STATUS.get(status, CmxError)
    return cls(message, status, source, line, column, field)
