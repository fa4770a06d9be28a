"""The micro/meso/macro system graph: units, memberships, hierarchy queries, patient journeys,
flow analytics over handoffs and roll-ups of counts (C API section "System graph").

Times are seconds since 1970-01-01T00:00:00Z; wherever a time is taken, an ISO 8601 string
("2024-03-01", "2024-03-01T08:30:00Z") is accepted too.
"""

import ctypes
import datetime
import json
import os
from dataclasses import dataclass

from . import _ffi
from ._lib import Context, Handle, create
from .errors import OutOfRangeError
from .spc import _code, _sized_call

LEVELS = {
    "patient_family": 0,
    "clinical_microsystem": 1,
    "support_microsystem": 2,
    "mesosystem": 3,
    "macrosystem": 4,
}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}
RELATIONS = {
    "parents": 0,
    "children": 1,
    "ancestors": 2,
    "descendants": 3,
    "mesosystems": 4,
    "microsystems": 5,
}
HANDOFF_TYPES = {"any": -1, "patient": 0, "information": 1, "service": 2}
ROLLUP_POLICIES = {"allocate": 0, "count_fully": 1}


def _text(raw):
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def parse_time(text):
    """Seconds since the epoch of an ISO 8601 date or date-time (ParseError if malformed)."""
    ctx = Context()
    out = ctypes.c_int64()
    ctx.call("cmx_system_parse_time", str(text).encode(), ctypes.byref(out))
    return out.value


def _time(value):
    """Seconds since the epoch of an int, an ISO string, a date or a datetime (naive = UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_time(value)
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
        return int(aware.timestamp())
    if isinstance(value, datetime.date):
        return parse_time(value.isoformat())
    if hasattr(value, "dtype") and str(value.dtype).startswith("datetime64"):
        return int(value.astype("datetime64[s]").astype("int64"))
    return int(value)


def _query_options(level=None, at=None):
    options = _ffi.sized(_ffi.SystemQueryOptions)
    options.level = -1 if level is None else _code(LEVELS, level, "level")
    t = _time(at)
    options.has_at, options.at = (0, 0) if t is None else (1, t)
    return options


def _flow_options(start=None, until=None, top_paths=10, damping=0.85):
    options = _ffi.sized(_ffi.FlowOptions)
    f, u = _time(start), _time(until)
    options.has_from, options.from_ = (0, 0) if f is None else (1, f)
    options.has_until, options.until = (0, 0) if u is None else (1, u)
    options.top_paths = int(top_paths)
    options.damping = float(damping)
    return options


def _split_paths(values, name_of):
    paths, current = [], []
    for v in values:
        if v == _ffi.PATH_END:
            paths.append(current)
            current = []
        else:
            current.append(name_of(v))
    return paths


class System(Handle):
    """A checked, immutable system definition (JSON schema: README.md, "### cmx system")."""

    _destroy = "cmx_system_destroy"

    def __init__(self, definition, source=None):
        ctx = Context()
        super().__init__(ctx, None)
        if isinstance(definition, dict):
            definition = json.dumps(definition)
        data = definition.encode() if isinstance(definition, str) else bytes(definition)
        self._raw = create(ctx, "cmx_system_create_from_json", data, len(data),
                           None if source is None else str(source).encode())
        self._ids = None

    @classmethod
    def from_file(cls, path):
        self = cls.__new__(cls)
        ctx = Context()
        Handle.__init__(self, ctx, None)
        self._raw = create(ctx, "cmx_system_create_from_file", os.fsencode(path))
        self._ids = None
        return self

    def __len__(self):
        out = ctypes.c_size_t()
        self._ctx.call("cmx_system_unit_count", self._handle, ctypes.byref(out))
        return out.value

    @property
    def units(self):
        """Unit ids in index order."""
        if self._ids is None:
            self._ids = [self.unit_id(i) for i in range(len(self))]
        return list(self._ids)

    def unit_id(self, index):
        out = ctypes.c_char_p()
        self._ctx.call("cmx_system_unit_id", self._handle, int(index), ctypes.byref(out))
        return _text(out.value)

    def index(self, unit):
        """The index of a unit id (NotFoundError if unknown)."""
        out = ctypes.c_size_t()
        self._ctx.call("cmx_system_unit_index", self._handle, str(unit).encode(), ctypes.byref(out))
        return out.value

    def level(self, unit):
        """The level name of a unit (id or index)."""
        index = unit if isinstance(unit, int) else self.index(unit)
        out = ctypes.c_int()
        self._ctx.call("cmx_system_unit_level", self._handle, index, ctypes.byref(out))
        return LEVEL_NAMES[out.value]

    def query(self, unit, relation="parents", *, level=None, at=None):
        """The ids of the units related to `unit` (parents, children, ancestors, descendants,
        mesosystems, microsystems), optionally of one level and valid at a time."""
        options = _query_options(level, at)
        buffer, count = _sized_call(
            self._ctx, "cmx_system_query",
            (self._handle, str(unit).encode(), _code(RELATIONS, relation, "relation"),
             ctypes.byref(options)), ctypes.c_size_t)
        ids = self.units
        return [ids[buffer[i]] for i in range(count)]

    def paths_to_macrosystem(self, unit, *, at=None):
        """Every part_of path from `unit` up to a macrosystem, as lists of ids."""
        options = _query_options(None, at)
        buffer, count = _sized_call(self._ctx, "cmx_system_paths_to_macrosystem",
                                    (self._handle, str(unit).encode(), ctypes.byref(options)),
                                    ctypes.c_size_t)
        ids = self.units
        return _split_paths(buffer[:count], lambda i: ids[i])

    def journeys(self, stays):
        return Journeys(stays, self)

    def rollup(self, observations, **options):
        return Rollup(self, observations, **options)


def _records(rows, columns):
    """Tuples of the named columns from a pandas DataFrame, dicts or tuples."""
    if hasattr(rows, "columns") and hasattr(rows, "itertuples"):
        return list(rows[list(columns)].itertuples(index=False, name=None))
    out = []
    for row in rows:
        if isinstance(row, dict):
            out.append(tuple(row.get(c) for c in columns))
        else:
            out.append(tuple(row))
    return out


class Journeys(Handle):
    """Patient journeys: stays (episode, unit, start, end) grouped by episode, ordered by start.
    `stays` is a pandas DataFrame or an iterable of tuples or dicts with those fields."""

    _destroy = "cmx_journeys_destroy"

    def __init__(self, stays, system=None):
        ctx = Context()
        super().__init__(ctx, None)
        rows = _records(stays, ("episode", "unit", "start", "end"))
        array = (_ffi.Stay * max(len(rows), 1))()
        keep = []
        for i, (episode, unit, start, end) in enumerate(rows):
            e, u = str(episode).encode(), str(unit).encode()
            keep += [e, u]
            array[i] = _ffi.Stay(e, u, _time(start), _time(end))
        self._raw = create(ctx, "cmx_journeys_create", array, len(rows),
                           None if system is None else system._handle)
        self._ids = None

    @classmethod
    def from_file(cls, path, system=None):
        """Stays from a CSV file (episode,unit,start,end)."""
        self = cls.__new__(cls)
        ctx = Context()
        Handle.__init__(self, ctx, None)
        self._raw = create(ctx, "cmx_journeys_create_from_file", os.fsencode(path),
                           None if system is None else system._handle)
        self._ids = None
        return self

    @property
    def counts(self):
        """(episodes, stays)."""
        e, s = ctypes.c_size_t(), ctypes.c_size_t()
        self._ctx.call("cmx_journeys_counts", self._handle, ctypes.byref(e), ctypes.byref(s))
        return e.value, s.value

    def unit_id(self, index):
        out = ctypes.c_char_p()
        self._ctx.call("cmx_journeys_unit_id", self._handle, int(index), ctypes.byref(out))
        return _text(out.value)

    @property
    def units(self):
        """The unit ids in order of first appearance (the indices of a Flow made from them)."""
        if self._ids is None:
            ids = []
            while True:
                try:
                    ids.append(self.unit_id(len(ids)))
                except OutOfRangeError:
                    break
            self._ids = ids
        return list(self._ids)

    def flow(self, *, start=None, until=None, top_paths=10, damping=0.85):
        """The flow analysis of the handoffs in [start, until)."""
        return Flow(self, _flow_options(start, until, top_paths, damping))

    def conformance(self, system, pathway, *, start=None, until=None):
        """(episodes, conforming episodes) of the period against a pathway of the system."""
        options = _flow_options(start, until)
        e, c = ctypes.c_uint64(), ctypes.c_uint64()
        self._ctx.call("cmx_journeys_conformance", self._handle, system._handle,
                       str(pathway).encode(), ctypes.byref(options), ctypes.byref(e),
                       ctypes.byref(c))
        return e.value, c.value

    def transitions(self, *, start=None, until=None):
        """Second-order transitions P(next | previous, current)."""
        options = _flow_options(start, until)
        buffer, count = _sized_call(self._ctx, "cmx_journeys_transitions",
                                    (self._handle, ctypes.byref(options)), _ffi.Transition)
        ids = self.units
        return [Transition(ids[t.previous], ids[t.current], ids[t.next], int(t.count),
                           t.probability) for t in buffer[:count]]

    def deviations(self, system, pathway, *, start=None, until=None):
        """Where non-conforming episodes leave a pathway (observed None: the episode ended)."""
        options = _flow_options(start, until)
        buffer, count = _sized_call(self._ctx, "cmx_journeys_deviations",
                                    (self._handle, system._handle, str(pathway).encode(),
                                     ctypes.byref(options)), _ffi.Deviation)
        ids = self.units
        return [Deviation(int(d.step), None if d.observed == _ffi.PATH_END else ids[d.observed],
                          int(d.count)) for d in buffer[:count]]


@dataclass(frozen=True)
class Transition:
    previous: str
    current: str
    next: str
    count: int
    probability: float


@dataclass(frozen=True)
class Deviation:
    step: int
    observed: object
    count: int


@dataclass(frozen=True)
class FlowSummary:
    units: int
    edges: int
    handoffs: int
    communities: int
    modularity: float
    density: float
    paths: int


@dataclass(frozen=True)
class FlowUnit:
    id: str
    in_degree: int
    out_degree: int
    in_strength: float
    out_strength: float
    betweenness: float
    pagerank: float
    community: int


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    count: int
    episodes: int
    median_delay_hours: float
    p90_delay_hours: float


@dataclass(frozen=True)
class FlowPath:
    units: list
    count: int
    coverage: float


class Flow(Handle):
    """A flow analysis: per unit degrees, strengths, betweenness, PageRank and community; the
    edges; the most frequent whole-episode paths."""

    _destroy = "cmx_flow_destroy"

    def __init__(self, journeys, options=None):
        ctx = Context()
        super().__init__(ctx, None)
        options = options if options is not None else _flow_options()
        self._raw = create(ctx, "cmx_flow_create", journeys._handle, ctypes.byref(options))

    @classmethod
    def from_handoffs_file(cls, path, system=None, *, type="any", start=None, until=None):
        """Flow of explicit handoffs from a CSV (episode,from,to,time,type[,delay_hours...])."""
        self = cls.__new__(cls)
        ctx = Context()
        Handle.__init__(self, ctx, None)
        options = _flow_options(start, until)
        self._raw = create(ctx, "cmx_flow_create_from_handoffs_file", os.fsencode(path),
                           None if system is None else system._handle,
                           _code(HANDOFF_TYPES, type, "handoff type"), ctypes.byref(options))
        return self

    @property
    def summary(self):
        s = _ffi.FlowSummary()
        self._ctx.call("cmx_flow_get_summary", self._handle, ctypes.byref(s))
        return FlowSummary(int(s.units), int(s.edges), int(s.handoffs), int(s.communities),
                           s.modularity, s.density, int(s.paths))

    def unit_id(self, index):
        out = ctypes.c_char_p()
        self._ctx.call("cmx_flow_unit_id", self._handle, int(index), ctypes.byref(out))
        return _text(out.value)

    @property
    def unit_ids(self):
        return [self.unit_id(i) for i in range(self.summary.units)]

    @property
    def units(self):
        result = []
        for i, uid in enumerate(self.unit_ids):
            u = _ffi.FlowUnit()
            self._ctx.call("cmx_flow_get_unit", self._handle, i, ctypes.byref(u))
            result.append(FlowUnit(uid, int(u.in_degree), int(u.out_degree), u.in_strength,
                                   u.out_strength, u.betweenness, u.pagerank, int(u.community)))
        return result

    @property
    def edges(self):
        buffer, count = _sized_call(self._ctx, "cmx_flow_get_edges", (self._handle,), _ffi.FlowEdge)
        ids = self.unit_ids
        return [FlowEdge(ids[e.from_], ids[e.to], int(e.count), int(e.episodes),
                         e.median_delay_hours, e.p90_delay_hours) for e in buffer[:count]]

    @property
    def paths(self):
        ids = self.unit_ids
        result = []
        for index in range(self.summary.paths):
            count, coverage = ctypes.c_uint64(), ctypes.c_double()
            buffer, length = _sized_call(self._ctx, "cmx_flow_get_path", (self._handle, index),
                                         ctypes.c_size_t,
                                         (ctypes.byref(count), ctypes.byref(coverage)))
            result.append(FlowPath([ids[u] for u in buffer[:length]], count.value, coverage.value))
        return result

    def islands(self, system, mesosystem, *, at=None):
        """The islands of a mesosystem (lists of system unit ids); more than one makes an
        archipelago."""
        options = _query_options(None, at)
        buffer, count = _sized_call(self._ctx, "cmx_flow_islands",
                                    (self._handle, system._handle, str(mesosystem).encode(),
                                     ctypes.byref(options)), ctypes.c_size_t)
        ids = system.units
        return _split_paths(buffer[:count], lambda i: ids[i])


@dataclass(frozen=True)
class RollupRow:
    unit: str
    period: str
    numerator: float
    denominator: float
    rate: float
    observations: int


@dataclass(frozen=True)
class SharedUnit:
    unit: str
    parents: int
    weight_sum: float


class Rollup(Handle):
    """Counts pooled up the part_of hierarchy per period (sums, never averaged rates).
    `observations`: a DataFrame or iterable of (unit, period, numerator, denominator)."""

    _destroy = "cmx_rollup_destroy"

    def __init__(self, system, observations, *, policy="allocate", at=None, proportions=True):
        ctx = Context()
        super().__init__(ctx, None)
        rows = _records(observations, ("unit", "period", "numerator", "denominator"))
        array = (_ffi.Observation * max(len(rows), 1))()
        keep = []
        for i, (unit, period, numerator, denominator) in enumerate(rows):
            u, p = str(unit).encode(), str(period).encode()
            keep += [u, p]
            array[i] = _ffi.Observation(u, p, float(numerator), float(denominator))
        options = _ffi.sized(_ffi.RollupOptions)
        options.policy = _code(ROLLUP_POLICIES, policy, "roll-up policy")
        t = _time(at)
        options.has_at, options.at = (0, 0) if t is None else (1, t)
        options.proportions = int(bool(proportions))
        self._system_ids = system.units
        self._raw = create(ctx, "cmx_rollup_create", system._handle, array, len(rows),
                           ctypes.byref(options))

    def _counts(self):
        rows, shared = ctypes.c_size_t(), ctypes.c_size_t()
        self._ctx.call("cmx_rollup_counts", self._handle, ctypes.byref(rows), ctypes.byref(shared))
        return rows.value, shared.value

    @property
    def rows(self):
        result = []
        for i in range(self._counts()[0]):
            r = _ffi.RollupRow()
            self._ctx.call("cmx_rollup_get_row", self._handle, i, ctypes.byref(r))
            result.append(RollupRow(self._system_ids[r.unit], _text(r.period), r.numerator,
                                    r.denominator, r.rate, int(r.observations)))
        return result

    @property
    def shared_units(self):
        result = []
        for i in range(self._counts()[1]):
            unit, parents, weight = ctypes.c_size_t(), ctypes.c_size_t(), ctypes.c_double()
            self._ctx.call("cmx_rollup_get_shared_unit", self._handle, i, ctypes.byref(unit),
                           ctypes.byref(parents), ctypes.byref(weight))
            result.append(SharedUnit(self._system_ids[unit.value], parents.value, weight.value))
        return result

    def to_frame(self):
        import pandas

        return pandas.DataFrame([r.__dict__ for r in self.rows])
