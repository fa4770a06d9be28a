"""Funnel plots, FHIR R4 MeasureReport in and out, and the Clinical Value Compass (C API
section "Value compass, funnel, FHIR"). Absent numbers are NaN."""

import ctypes
import json
import math
from dataclasses import dataclass

from . import _arrays, _checks, _ffi
from ._lib import Context, Handle, create
from .spc import _code

FUNNEL_TYPES = {"proportion": 0, "ratio": 1, "rate": 2}
FUNNEL_LIMITS = {"exact": 0, "normal": 1}
OVERDISPERSION = {None: 0, "none": 0, "multiplicative": 1, "additive": 2}
FUNNEL_FLAGS = {-1: "low", 0: "none", 1: "high"}
POINTS = {"west": 0, "north": 1, "east": 2, "south": 3}
POINT_NAMES = {v: k for k, v in POINTS.items()}
METHODS = {"goalpost": 0, "percent_of_target": 1, "benchmark_z": 2, "t_score": 3}
CLASSIFICATIONS = {-1: "deteriorated", 0: "stable", 1: "improved"}
COMPOSITES = {"all_or_none": 0, "opportunity": 1, "indicator_average": 2, "patient_average": 3}
NAN = float("nan")


def _text(raw):
    return raw.decode("utf-8") if raw is not None else ""


def _num(value):
    """A double for the C API: None and missing values (pandas NA, empty strings) are NaN."""
    if value is None or value == "":
        return NAN
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"not a number: {value!r}") from None
    return number


# ---- Funnel plots ----


@dataclass(frozen=True)
class FunnelUnit:
    value: float
    z: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float
    flag: str  # "low", "none" or "high" by the 99.8% limits


@dataclass(frozen=True)
class FunnelSummary:
    target: float
    phi: float
    tau2: float
    chi2: float
    p_value: float
    adjusted: bool


class Funnel(Handle):
    """A funnel plot (Spiegelhalter 2005) of units numerator[i] / denominator[i]."""

    _destroy = "cmx_funnel_destroy"

    def __init__(self, numerator, denominator, *, type="proportion", limits="exact",
                 overdispersion=None, target=None):
        ctx = Context()
        super().__init__(ctx, None)
        num = _arrays.doubles(numerator, "numerator")
        den = _arrays.optional_doubles(denominator, "denominator", num.length)
        options = _ffi.sized(_ffi.FunnelOptions)
        options.type = _code(FUNNEL_TYPES, type, "funnel type")
        options.limits = _code(FUNNEL_LIMITS, limits, "funnel limits")
        options.overdispersion = _code(OVERDISPERSION, overdispersion, "overdispersion")
        options.target = NAN if target is None else float(target)
        self._raw = create(ctx, "cmx_funnel_create", num.pointer, den.pointer, num.length,
                           ctypes.byref(options))

    def __len__(self):
        return int(self._ctx.lib.cmx_funnel_count(self._handle))

    @property
    def summary(self):
        s = _ffi.FunnelSummary()
        self._ctx.call("cmx_funnel_get_summary", self._handle, ctypes.byref(s))
        return FunnelSummary(s.target, s.phi, s.tau2, s.chi2, s.p_value, bool(s.adjusted))

    def unit(self, index):
        u = _ffi.FunnelUnit()
        self._ctx.call("cmx_funnel_get_unit", self._handle, int(index), ctypes.byref(u))
        return FunnelUnit(u.value, u.z, u.lower95, u.upper95, u.lower998, u.upper998,
                          FUNNEL_FLAGS.get(u.flag, str(u.flag)))

    @property
    def units(self):
        return [self.unit(i) for i in range(len(self))]


def funnel_limits(n, target, coverage=0.998, *, type="proportion", limits="exact", phi=1.0, tau2=0.0):
    """(lower, upper) limits of central `coverage` at denominator n around target."""
    ctx = Context()
    lower, upper = ctypes.c_double(), ctypes.c_double()
    ctx.call("cmx_funnel_limits_at", _code(FUNNEL_TYPES, type, "funnel type"),
             _code(FUNNEL_LIMITS, limits, "funnel limits"), float(target), float(n),
             float(coverage), float(phi), float(tau2), ctypes.byref(lower), ctypes.byref(upper))
    return lower.value, upper.value


# ---- FHIR MeasureReport ----


@dataclass(frozen=True)
class FhirGroup:
    report_id: str
    group_id: str
    measure: str
    subject: str
    period_start: str
    period_end: str
    initial_population: float
    numerator: float
    numerator_exclusion: float
    denominator: float
    denominator_exclusion: float
    denominator_exception: float
    score: float


class FhirReports(Handle):
    """The groups of FHIR R4 MeasureReports (a report or a Bundle), read from JSON text, bytes
    or a parsed dict."""

    _destroy = "cmx_fhir_reports_destroy"

    def __init__(self, document, source=None):
        ctx = Context()
        super().__init__(ctx, None)
        if isinstance(document, dict):
            document = json.dumps(document)
        data = document.encode() if isinstance(document, str) else bytes(document)
        self._raw = create(ctx, "cmx_fhir_read_measure_reports", data, len(data),
                           None if source is None else str(source).encode())

    @classmethod
    def from_file(cls, path):
        with open(path, "rb") as f:
            return cls(f.read(), source=str(path))

    def __len__(self):
        return int(self._ctx.lib.cmx_fhir_reports_count(self._handle))

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        g = _ffi.FhirGroup()
        self._ctx.call("cmx_fhir_reports_get", self._handle, int(index), ctypes.byref(g))
        return FhirGroup(*(_text(getattr(g, f)) for f in ("report_id", "group_id", "measure",
                                                          "subject", "period_start", "period_end")),
                         g.initial_population, g.numerator, g.numerator_exclusion, g.denominator,
                         g.denominator_exclusion, g.denominator_exception, g.score)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def to_json(self, bundle=False):
        """The groups as FHIR R4 JSON text (one MeasureReport, or a collection Bundle)."""
        as_bundle = int(_checks.switch(bundle, "bundle"))
        length = ctypes.c_size_t()
        with self._ctx.lock:
            status = self._ctx.lib.cmx_fhir_write_measure_reports(
                self._ctx._ptr, self._handle, as_bundle, None, 0, ctypes.byref(length))
            if status not in (_ffi.OK, _ffi.E_BUFFER_TOO_SMALL):
                raise self._ctx.error(status)
        buffer = ctypes.create_string_buffer(length.value + 1)
        self._ctx.call("cmx_fhir_write_measure_reports", self._handle, as_bundle, buffer,
                       len(buffer), ctypes.byref(length))
        return buffer.raw[: length.value].decode("utf-8")


# ---- The Clinical Value Compass ----


@dataclass(frozen=True)
class MeasureScore:
    measure: str
    point: str
    value: float
    score: float
    spc_computed: bool
    spc_signal: bool
    spc_rule: str


@dataclass(frozen=True)
class Change:
    t1: float
    t2: float
    difference: float
    improvement: float
    effect_size: float
    ci_lower: float
    ci_upper: float
    classification: str


class CompassResult(Handle):
    """The compass of one unit at one period (immutable)."""

    _destroy = "cmx_compass_result_destroy"

    def point(self, point):
        """The score of a compass point ("west", "north", "east", "south"), NaN if none."""
        return self._ctx.lib.cmx_compass_result_point(self._handle, _code(POINTS, point, "point"))

    @property
    def points(self):
        return {name: self.point(name) for name in POINTS}

    @property
    def outcome_index(self):
        return self._ctx.lib.cmx_compass_result_outcome_index(self._handle)

    @property
    def cost(self):
        return self._ctx.lib.cmx_compass_result_cost(self._handle)

    @property
    def value_index(self):
        return self._ctx.lib.cmx_compass_result_value_index(self._handle)

    def __len__(self):
        return int(self._ctx.lib.cmx_compass_result_count(self._handle))

    def __getitem__(self, index):
        s = _ffi.CompassMeasureScore()
        self._ctx.call("cmx_compass_result_get", self._handle, int(index), ctypes.byref(s))
        return MeasureScore(_text(s.measure), POINT_NAMES.get(s.point, str(s.point)), s.value,
                            s.score, bool(s.spc_computed), bool(s.spc_signal), _text(s.spc_rule))

    @property
    def measures(self):
        return [self[i] for i in range(len(self))]


class Compass(Handle):
    """Measures (JSON {"measures": [...]}, each with its direction), observations and a part_of
    hierarchy to score. An SPC provider (a Python callable) may report each measure's SPC
    status: provider(measure, values) -> None or (signal: bool, rule: str or None)."""

    _destroy = "cmx_compass_destroy"

    def __init__(self, measures, source=None):
        ctx = Context()
        super().__init__(ctx, None)
        if isinstance(measures, dict):
            measures = json.dumps(measures)
        data = measures.encode() if isinstance(measures, str) else bytes(measures)
        self._raw = create(ctx, "cmx_compass_create", data, len(data),
                           None if source is None else str(source).encode())
        self._provider = None
        self._callback = None
        self._rules = {}
        self._provider_error = None

    @classmethod
    def from_file(cls, path):
        with open(path, "rb") as f:
            return cls(f.read(), source=str(path))

    def add_observation(self, measure, unit, period, *, numerator=None, denominator=None,
                        value=None, expected=None, n=None, sd=None):
        o = _ffi.sized(_ffi.CompassObservation)
        o.measure, o.unit, o.period = str(measure).encode(), str(unit).encode(), str(period).encode()
        o.numerator, o.denominator, o.value = _num(numerator), _num(denominator), _num(value)
        o.expected, o.n, o.sd = _num(expected), _num(n), _num(sd)
        self._ctx.call("cmx_compass_add_observation", self._handle, ctypes.byref(o))
        return self

    def add_observations(self, rows):
        """Observations from a pandas DataFrame or an iterable of dicts with the columns
        measure, unit, period and any of numerator, denominator, value, expected, n, sd."""
        fields = ("numerator", "denominator", "value", "expected", "n", "sd")
        if hasattr(rows, "to_dict") and hasattr(rows, "columns"):
            rows = rows.to_dict("records")
        for row in rows:
            self.add_observation(row["measure"], row["unit"], row["period"],
                                 **{f: _missing_to_none(row.get(f)) for f in fields})
        return self

    def add_edge(self, child, parent, weight=1.0):
        """child is part of parent with allocation weight in (0, 1]."""
        self._ctx.call("cmx_compass_add_edge", self._handle, str(child).encode(),
                       str(parent).encode(), float(weight))
        return self

    def set_system(self, system):
        """Rolls up through a cmx.system.System (memberships valid per period) instead of
        edges; None clears it. The compass keeps its own reference to the graph."""
        self._ctx.call("cmx_compass_set_system", self._handle,
                       None if system is None else system._handle)
        self._system = system
        return self

    def set_spc_provider(self, provider):
        """Sets the SPC status provider, replacing the SPC engine; None restores the engine."""
        if provider is None:
            self._ctx.call("cmx_compass_set_spc_provider", self._handle, _ffi.COMPASS_SPC_FN(), None)
            self._provider = self._callback = None
            return self

        def trampoline(measure, values, count, out_signal, out_rule, _user):
            try:
                series = [values[i] for i in range(count)]
                answer = provider(measure.decode("utf-8"), series)
                if answer is None:
                    return 0
                signal, rule = answer
                out_signal[0] = 1 if signal else 0
                if rule:
                    # The C side borrows the rule name: keep one bytes object per name alive.
                    encoded = self._rules.setdefault(rule, ctypes.c_char_p(str(rule).encode()))
                    out_rule[0] = ctypes.cast(encoded, ctypes.c_void_p).value
                else:
                    out_rule[0] = None
                return 1
            except BaseException as e:  # an exception must not cross into C
                if self._provider_error is None:
                    self._provider_error = e
                return 0

        callback = _ffi.COMPASS_SPC_FN(trampoline)
        self._ctx.call("cmx_compass_set_spc_provider", self._handle, callback, None)
        self._provider, self._callback = provider, callback
        return self

    def score(self, unit, period=None, *, method="goalpost", clamp_goalpost=True,
              weights=(1.0, 1.0, 1.0), reference_cost=None, full_weight_for_shared=False):
        """The compass of `unit` at `period` (None: the latest), rolled up through the edges."""
        options = _ffi.sized(_ffi.CompassOptions)
        options.method = _code(METHODS, method, "scoring method")
        options.clamp_goalpost = int(_checks.switch(clamp_goalpost, "clamp_goalpost"))
        options.west_weight, options.north_weight, options.east_weight = map(float, weights)
        options.reference_cost = NAN if reference_cost is None else float(reference_cost)
        options.full_weight_for_shared = int(_checks.switch(full_weight_for_shared,
                                                            "full_weight_for_shared"))
        self._provider_error = None
        raw = create(self._ctx, "cmx_compass_score", self._handle, str(unit).encode(),
                     None if period is None else str(period).encode(), ctypes.byref(options))
        result = CompassResult(self._ctx, raw)
        if self._provider_error is not None:
            error, self._provider_error = self._provider_error, None
            result.close()
            raise error
        return result

    def change(self, unit, measure, t1, t2):
        """The change of one measure of a unit from period t1 to t2, with its 95% interval and
        classification against the measure's MID."""
        c = _ffi.CompassChange()
        self._ctx.call("cmx_compass_change_between", self._handle, str(unit).encode(),
                       str(measure).encode(), str(t1).encode(), str(t2).encode(), ctypes.byref(c))
        return Change(c.t1, c.t2, c.difference, c.improvement, c.effect_size, c.ci_lower,
                      c.ci_upper, CLASSIFICATIONS.get(c.classification, str(c.classification)))


def _missing_to_none(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas

        if pandas.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    return value


def wilson_interval(x, n, confidence=0.95):
    """Wilson score interval of x events in n trials: (lower, upper)."""
    ctx = Context()
    lower, upper = ctypes.c_double(), ctypes.c_double()
    ctx.call("cmx_compass_wilson_interval", float(x), float(n), float(confidence),
             ctypes.byref(lower), ctypes.byref(upper))
    return lower.value, upper.value


def newcombe_difference(x1, n1, x2, n2, confidence=0.95):
    """x1/n1 - x2/n2 with Newcombe's hybrid score interval: (estimate, lower, upper)."""
    ctx = Context()
    est, lower, upper = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    ctx.call("cmx_compass_newcombe_difference", float(x1), float(n1), float(x2), float(n2),
             float(confidence), ctypes.byref(est), ctypes.byref(lower), ctypes.byref(upper))
    return est.value, lower.value, upper.value


def composite(cells, method="all_or_none"):
    """A bundle composite (Reeves et al. 2007) of a patients x items matrix of -1 (not
    eligible), 0 (not met) and 1 (met): a list of rows or a 2-d numpy array."""
    rows = _arrays.to_list(cells)
    patients = len(rows)
    items = len(rows[0]) if patients else 0
    for i, row in enumerate(rows):
        if len(row) != items:
            raise ValueError(f"row {i + 1} has {len(row)} items, expected {items}")
    flat = (ctypes.c_int8 * max(patients * items, 1))(*[int(v) for row in rows for v in row])
    ctx = Context()
    out = ctypes.c_double()
    ctx.call("cmx_compass_composite", flat, patients, items,
             _code(COMPOSITES, method, "composite method"), ctypes.byref(out))
    return out.value
