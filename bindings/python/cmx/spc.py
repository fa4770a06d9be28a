"""Statistical process control: charts, rule sets, the streaming monitor, CUSUM, EWMA and many
series at once (C API section "SPC charts" and "SPC rules, CUSUM, EWMA, monitor, many series").

>>> import cmx
>>> c = cmx.spc.chart([1, 2, 3, 4, 5], [3.1, 2.9, 3.4, 3.0, 2.8], chart="i")
>>> round(c.cl[0], 6)
3.04
"""

import ctypes
import datetime
import numbers
from dataclasses import dataclass

from . import _arrays, _checks, _ffi
from ._lib import Context, Handle, create, load

CHART_TYPES = {
    "run": 0,
    "i": 1,
    "mr": 2,
    "xbar": 3,
    "r": 4,
    "s": 5,
    "p": 6,
    "np": 7,
    "c": 8,
    "u": 9,
    "pp": 10,
    "up": 11,
    "g": 12,
    "t": 13,
    "ip": 14,
}
AGGREGATIONS = {"mean": 0, "median": 1, "sum": 2, "sd": 3}
SIGMA_METHODS = {
    None: -1,
    "default": -1,
    "qicharts2": 0,
    "qcc": 1,
    "mean_s": 2,
    "pooled_sd": 3,
    "uwave_r": 4,
    "uwave_sd": 5,
    "rmsdf": 6,
    "mvlue_r": 7,
    "mvlue_sd": 8,
}
COLUMNS = {
    "x": 0,
    "y": 1,
    "n": 2,
    "cl": 3,
    "sigma": 4,
    "lcl": 5,
    "ucl": 6,
    "lcl2": 7,
    "ucl2": 8,
    "lcl1": 9,
    "ucl1": 10,
    "part": 11,
    "included": 12,
    "baseline": 13,
    "sigma_signal": 14,
}
_FLAG_COLUMNS = ("included", "baseline", "sigma_signal")
RULE_FLAGS = {"sigma": 1, "anhoej": 2}
RULES = {
    1: "beyond_limits",
    2: "anhoej_longest_run",
    3: "anhoej_crossings",
    10: "ihi_shift",
    11: "ihi_trend",
    12: "ihi_too_few_runs",
    13: "ihi_too_many_runs",
    14: "ihi_astronomical",
    20: "western_electric_1",
    21: "western_electric_2",
    22: "western_electric_3",
    23: "western_electric_4",
    31: "nelson_1",
    32: "nelson_2",
    33: "nelson_3",
    34: "nelson_4",
    35: "nelson_5",
    36: "nelson_6",
    37: "nelson_7",
    38: "nelson_8",
    40: "mdc_outside_limits",
    41: "mdc_shift",
    42: "mdc_trend",
    43: "mdc_two_of_three",
    50: "qcc_run",
}
RULE_IDS = {name: rule for rule, name in RULES.items()}


def rule_name(rule):
    """The stable name the C library gives a rule id (cmx_spc_rule_name), None for an unknown id.
    RULES holds the same names without loading the library."""
    if not isinstance(rule, numbers.Integral) or not 0 <= int(rule) <= _checks.UINT16_MAX:
        return None  # an id a uint16 cannot hold names no rule (ctypes would wrap it onto one)
    raw = load().cmx_spc_rule_name(int(rule))
    return None if raw is None else raw.decode("ascii")


def _code(table, value, what):
    try:
        return table[value.lower() if isinstance(value, str) else value]
    except KeyError:
        raise ValueError(f"unknown {what} {value!r}; one of {sorted(k for k in table if k)}") from None


_EPOCH = datetime.date(1970, 1, 1)


def days_since_epoch(values):
    """Dates (datetime.date, datetime, numpy datetime64, pandas Timestamp) as days since
    1970-01-01, the numeric subgroup labels charts take; numbers pass through."""
    if _arrays.np is not None:
        array = _arrays.np.asarray(values)
        if str(array.dtype).startswith("datetime64"):
            return array.astype("datetime64[s]").astype("int64") / 86400.0
    out = []
    for v in values:
        if isinstance(v, datetime.datetime):
            aware = v if v.tzinfo else v.replace(tzinfo=datetime.timezone.utc)
            out.append(aware.timestamp() / 86400.0)
        elif isinstance(v, datetime.date):
            out.append(float((v - _EPOCH).days))
        else:
            out.append(v)
    return out


@dataclass(frozen=True)
class Signal:
    """One signal: `rule` broken by points first..last (0-based, inclusive). Points from
    flag_first on are flagged; direction -1 down, 0 none, 1 up; `continues` (monitor only) when
    it extends a pattern already reported."""

    rule: str
    rule_id: int
    direction: int
    first: int
    last: int
    flag_first: int
    flag_mode: int
    continues: bool

    @classmethod
    def _of(cls, s):
        return cls(
            RULES.get(s.rule, f"rule_{s.rule}"),
            int(s.rule),
            int(s.direction),
            int(s.first),
            int(s.last),
            int(s.flag_first),
            int(s.flag_mode),
            bool(s.continues),
        )


def _signals(buffer, count):
    return [Signal._of(buffer[i]) for i in range(count)]


@dataclass(frozen=True)
class ChartInfo:
    chart: str
    points: int
    parts: int
    screened_mr: bool
    sigma_method: str


@dataclass(frozen=True)
class Part:
    """One phase: its points first..last (0-based), centre, sigma and Anhøj run analysis."""

    part: int
    first: int
    last: int
    cl: float
    sigma: float
    limits_from_earlier: bool
    sigma_signals: int
    n_obs: int
    n_useful: int
    runs_defined: bool
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int
    runs_signal: bool


def _sized_call(ctx, name, before, ctype, after=(), start=16):
    """Calls a buffer-returning function (buffer, capacity, out_len in the middle), growing the
    buffer to the size the C API asks for. Returns (buffer, length)."""
    length = ctypes.c_size_t(0)
    capacity = start
    while True:
        buffer = (ctype * max(capacity, 1))()
        with ctx.lock:
            status = getattr(ctx.lib, name)(ctx._ptr, *before, buffer, capacity, ctypes.byref(length), *after)
            if status == _ffi.E_BUFFER_TOO_SMALL and length.value > capacity:
                capacity = length.value
                continue
            if status != _ffi.OK:
                raise ctx.error(status)
        return buffer, length.value


class Chart(Handle):
    """A computed chart (immutable). Per-point columns are attributes (x, y, n, cl, sigma, lcl,
    ucl, lcl2, ucl2, lcl1, ucl1, part, included, baseline, sigma_signal); phases are `parts`;
    `signals(...)` lists the signals. Use as a context manager or close() to free it at once.
    `threads`: threads for a long series (at least 2^18 points): 0 one per core, 1 none of
    cmx's own; the numbers are the same either way."""

    _destroy = "cmx_spc_chart_destroy"

    def __init__(self, x, y, n=None, chart="i", *, aggregation="mean", parts=None, freeze=0,
                 exclude=None, multiply=1.0, centre=None, sigma=None, screen_mr=None,
                 sigma_method=None, threads=0):
        ctx = Context()
        super().__init__(ctx, None)
        ctx.call("cmx_context_set_threads", _checks.whole(threads, "threads", 0, _checks.UINT32_MAX))
        xs = _arrays.doubles(days_since_epoch(x), "x")
        ys = _arrays.doubles(y, "y")
        if ys.length != xs.length:
            raise ValueError(f"y has {ys.length} values, x has {xs.length}")
        ns = _arrays.optional_doubles(n, "n", xs.length)
        options = _ffi.sized(_ffi.SpcOptions)
        options.chart = _code(CHART_TYPES, chart, "chart type")
        options.aggregation = _code(AGGREGATIONS, aggregation, "aggregation")
        part_list = _arrays.In(_positions(parts, "parts"), ctypes.c_size_t, "parts") if parts else None
        if part_list is not None:
            options.parts, options.parts_count = part_list.pointer, part_list.length
        exclude_list = _arrays.In(_positions(exclude, "exclude"), ctypes.c_size_t, "exclude") if exclude else None
        if exclude_list is not None:
            options.exclude, options.exclude_count = exclude_list.pointer, exclude_list.length
        options.freeze = _checks.whole(freeze or 0, "freeze")
        options.multiply = float(multiply)
        options.has_centre, options.centre = (0, 0.0) if centre is None else (1, float(centre))
        options.has_sigma, options.sigma = (0, 0.0) if sigma is None else (1, float(sigma))
        options.screen_mr = -1 if screen_mr is None else int(_checks.switch(screen_mr, "screen_mr"))
        options.sigma_method = _code(SIGMA_METHODS, sigma_method, "sigma method")
        self._raw = create(ctx, "cmx_spc_chart_create", xs.pointer, ys.pointer,
                           _arrays.pointer(ns), xs.length, ctypes.byref(options))
        self._columns = {}

    @classmethod
    def from_frame(cls, frame, x="x", y="y", n=None, **options):
        """A chart of the columns of a pandas DataFrame (or a dict of sequences)."""
        return cls(frame[x], frame[y], None if n is None else frame[n], **options)

    @property
    def info(self):
        info = _ffi.sized(_ffi.SpcChartInfo)
        self._ctx.call("cmx_spc_chart_get_info", self._handle, ctypes.byref(info))
        chart = next(k for k, v in CHART_TYPES.items() if v == info.chart)
        method = next((k for k, v in SIGMA_METHODS.items() if v == info.sigma_method and k), "default")
        return ChartInfo(chart, int(info.points), int(info.parts), bool(info.screened_mr), method)

    def __len__(self):
        return self.info.points

    def column(self, name):
        """One per-point column by name (see COLUMNS); NaN where a point has no value."""
        if name in self._columns:
            return self._columns[name]
        code = _code(COLUMNS, name, "column")
        points = self.info.points
        out = _arrays.Out(ctypes.c_double, points)
        length = ctypes.c_size_t(0)
        self._ctx.call("cmx_spc_chart_get_column", self._handle, code, out.pointer, points,
                       ctypes.byref(length))
        values = out.value()
        if name in _FLAG_COLUMNS:
            values = [bool(v) for v in values] if _arrays.np is None else values.astype(bool)
        elif name == "part":
            values = [int(v) for v in values] if _arrays.np is None else values.astype(int)
        self._columns[name] = values
        return values

    def __getattr__(self, name):
        if name in COLUMNS:
            return self.column(name)
        raise AttributeError(name)

    def phase(self, index):
        """Phase `index` (0-based); OutOfRangeError past the last one. (The attribute `part` is
        the per-point column of phase numbers.)"""
        p = _ffi.sized(_ffi.SpcPart)
        self._ctx.call("cmx_spc_chart_get_part", self._handle, int(index), ctypes.byref(p))
        return Part(int(p.part), int(p.first), int(p.last), p.cl, p.sigma,
                    bool(p.limits_from_earlier), int(p.sigma_signals), int(p.n_obs),
                    int(p.n_useful), bool(p.runs_defined), int(p.longest_run),
                    int(p.longest_run_max), int(p.crossings), int(p.crossings_min),
                    bool(p.runs_signal))

    @property
    def parts(self):
        """Every phase, in order."""
        return [self.phase(i) for i in range(self.info.parts)]

    def signals(self, rules=("sigma", "anhoej")):
        """The signals of the rule sets named ("sigma": beyond the 3-sigma limits, "anhoej":
        longest run and crossings per phase)."""
        names = [rules] if isinstance(rules, str) else list(rules)
        flags = 0
        for name in names:
            flags |= _code(RULE_FLAGS, name, "chart rule set")
        buffer, count = _sized_call(self._ctx, "cmx_spc_chart_get_signals",
                                    (self._handle, flags), _ffi.SpcSignal)
        return _signals(buffer, count)

    def to_dict(self):
        """Every column by name (lists)."""
        return {name: _arrays.to_list(self.column(name)) for name in COLUMNS}

    def to_frame(self):
        """Every column as a pandas DataFrame (pandas must be installed)."""
        import pandas

        return pandas.DataFrame({name: self.column(name) for name in COLUMNS})


def _positions(values, name):
    """1-based subgroup positions: whole numbers from 1 (the library checks the upper end)."""
    items = [values] if isinstance(values, numbers.Real) else list(values)
    return [_checks.whole(v, name, 1) for v in items]


def chart(x, y, n=None, chart="i", **options):
    """Computes a chart; see Chart for the options."""
    return Chart(x, y, n, chart, **options)


class RuleSet(Handle):
    """A rule set from built-in names, comma-separated or a list: "ihi", "western_electric"
    ("we"), "nelson", "mdc", "mdc_pre2023", "qcc". `threads` as for Chart (evaluate)."""

    _destroy = "cmx_spc_rule_set_destroy"

    def __init__(self, names="nelson", *, threads=0):
        ctx = Context()
        super().__init__(ctx, None)
        ctx.call("cmx_context_set_threads", _checks.whole(threads, "threads", 0, _checks.UINT32_MAX))
        text = names if isinstance(names, str) else ",".join(names)
        self.names = text
        self._raw = create(ctx, "cmx_spc_rule_set_create", text.encode())

    def __len__(self):
        return int(self._ctx.lib.cmx_spc_rule_set_size(self._handle))

    @staticmethod
    def _rule_id(rule):
        if isinstance(rule, str):
            return _code(RULE_IDS, rule, "rule")
        return _checks.whole(rule, "rule", 0, _checks.UINT16_MAX)

    def edit(self, rule, count, sigmas=0.0):
        """Sets the count K (and, when sigmas > 0, the zone) of a rule (name or id)."""
        self._ctx.call("cmx_spc_rule_set_edit", self._handle, self._rule_id(rule),
                       _checks.whole(count, "count", _checks.INT32_MIN, _checks.INT32_MAX), float(sigmas))
        return self

    def edit_alpha(self, rule, alpha):
        """Sets the one-tailed probability of a runs test (ihi_too_few_runs, ihi_too_many_runs;
        0.05 by default): it fires when the number of runs is at most that probable."""
        self._ctx.call("cmx_spc_rule_set_edit_alpha", self._handle, self._rule_id(rule),
                       float(alpha))
        return self

    def evaluate(self, y, cl, sigma=None, lcl=None, ucl=None, part=None, included=None):
        """Runs the rules over points: returns (signals, flags), flags per point the mask of the
        rules (bit r = rule r of the set) flagging it."""
        if cl is None:
            raise ValueError("cl is required: the centre line, one value or one per point")
        ys = _arrays.doubles(y, "y")
        n = ys.length
        cls = _arrays.optional_doubles(_broadcast(cl, n), "cl", n)
        sig = _arrays.optional_doubles(_broadcast(sigma, n), "sigma", n)
        lo = _arrays.optional_doubles(_broadcast(lcl, n), "lcl", n)
        hi = _arrays.optional_doubles(_broadcast(ucl, n), "ucl", n)
        parts = None if part is None else _arrays.In(part, ctypes.c_int32, "part")
        inc = None if included is None else _arrays.In([int(bool(v)) for v in included], ctypes.c_uint8, "included")
        for name, array in (("part", parts), ("included", inc)):
            if array is not None and array.length != n:
                raise ValueError(f"{name} has {array.length} values, expected {n}")
        flags = _arrays.Out(ctypes.c_uint32, n)
        buffer, count = _sized_call(
            self._ctx, "cmx_spc_rules_evaluate",
            (self._handle, n, ys.pointer, cls.pointer, _arrays.pointer(sig), _arrays.pointer(lo),
             _arrays.pointer(hi), _arrays.pointer(parts), _arrays.pointer(inc)),
            _ffi.SpcSignal, (flags.pointer,))
        return _signals(buffer, count), flags.value()


def _broadcast(value, n):
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return [float(value)] * n
    return value


def _rule_set(rules):
    return rules if isinstance(rules, RuleSet) else RuleSet(rules)


@dataclass(frozen=True)
class Limits:
    cl: float
    sigma: float
    lcl: float
    ucl: float


class Monitor(Handle):
    """A streaming monitor: fixed limits, then one observation at a time (push)."""

    _destroy = "cmx_spc_monitor_destroy"

    def __init__(self, rules, cl, sigma):
        rule_set = _rule_set(rules)
        ctx = Context()
        super().__init__(ctx, None)
        self._raw = create(ctx, "cmx_spc_monitor_create", rule_set._handle, float(cl), float(sigma))
        self._setup()

    @classmethod
    def from_baseline(cls, rules, baseline, screen_mr=True):
        """Limits from the individuals chart of the baseline values (NaN: missing)."""
        rule_set = _rule_set(rules)
        self = cls.__new__(cls)
        ctx = Context()
        Handle.__init__(self, ctx, None)
        values = _arrays.doubles(baseline, "baseline")
        self._raw = create(ctx, "cmx_spc_monitor_create_from_baseline", rule_set._handle,
                           values.length, values.pointer,
                           int(_checks.switch(screen_mr, "screen_mr")))
        self._setup()
        return self

    def _setup(self):
        self.max_signals = int(self._ctx.lib.cmx_spc_monitor_max_signals(self._handle))
        self._buffer = (_ffi.SpcSignal * max(self.max_signals, 1))()
        self._length = ctypes.c_size_t(0)

    @property
    def limits(self):
        values = [ctypes.c_double() for _ in range(4)]
        self._ctx.call("cmx_spc_monitor_limits", self._handle, *(ctypes.byref(v) for v in values))
        return Limits(*(v.value for v in values))

    def push(self, y):
        """Pushes one observation (NaN = missing); returns the signals it completes."""
        # The push buffer is the monitor's own: it is read under the lock the call took, or
        # another thread's push could overwrite it in between.
        with self._ctx.lock:
            self._ctx.call("cmx_spc_monitor_push", self._handle, float(y), self._buffer,
                           max(self.max_signals, 1), ctypes.byref(self._length))
            return _signals(self._buffer, self._length.value)

    def extend(self, values):
        """Pushes every value; returns (index, signal) pairs."""
        return [(i, s) for i, y in enumerate(values) for s in self.push(y)]


@dataclass(frozen=True)
class CusumResult:
    upper: object
    lower: object
    upper_signal: object
    lower_signal: object


def cusum(statistics, centre, sigma, sizes=None, *, k=0.5, h=5.0, head_start=0.0):
    """Standardized tabular CUSUM (Montgomery 9.1.5; qcc's cusum with se.shift = 2k)."""
    ctx = Context()
    stats = _arrays.doubles(statistics, "statistics")
    n = stats.length
    sz = _arrays.optional_doubles(sizes, "sizes", n)
    options = _ffi.sized(_ffi.SpcCusumOptions, k=k, h=h, head_start=head_start)
    outs = [_arrays.Out(ctypes.c_double, n), _arrays.Out(ctypes.c_double, n),
            _arrays.Out(ctypes.c_uint8, n), _arrays.Out(ctypes.c_uint8, n)]
    ctx.call("cmx_spc_cusum_compute", n, stats.pointer, _arrays.pointer(sz), float(centre),
             float(sigma), ctypes.byref(options), *(o.pointer for o in outs))
    return CusumResult(outs[0].value(), outs[1].value(), outs[2].value(bool), outs[3].value(bool))


def bernoulli_cusum(outcomes, p0, p1, h, *, head_start=0.0, reset_after_signal=False):
    """Bernoulli CUSUM (Reynolds & Stoumbos 1999): returns (statistic, signal)."""
    ctx = Context()
    values = _arrays.doubles(outcomes, "outcomes")
    reset = _checks.switch(reset_after_signal, "reset_after_signal")
    options = _ffi.sized(_ffi.SpcBernoulliCusumOptions, p0=p0, p1=p1, h=h, head_start=head_start,
                         reset_after_signal=int(reset))
    statistic = _arrays.Out(ctypes.c_double, values.length)
    signal = _arrays.Out(ctypes.c_uint8, values.length)
    ctx.call("cmx_spc_bernoulli_cusum_compute", values.length, values.pointer,
             ctypes.byref(options), statistic.pointer, signal.pointer)
    return statistic.value(), signal.value(bool)


@dataclass(frozen=True)
class EwmaResult:
    ewma: object
    lcl: object
    ucl: object
    violation: object


def ewma(statistics, centre, sigma, sizes=None, *, lam=0.2, L=3.0):
    """EWMA chart (Montgomery 9.2; qcc's ewma) with exact time-varying limits."""
    ctx = Context()
    stats = _arrays.doubles(statistics, "statistics")
    n = stats.length
    sz = _arrays.optional_doubles(sizes, "sizes", n)
    options = _ffi.sized(_ffi.SpcEwmaOptions, lambda_=lam, L=L)
    outs = [_arrays.Out(ctypes.c_double, n) for _ in range(3)] + [_arrays.Out(ctypes.c_uint8, n)]
    ctx.call("cmx_spc_ewma_compute", n, stats.pointer, _arrays.pointer(sz), float(centre),
             float(sigma), ctypes.byref(options), *(o.pointer for o in outs))
    return EwmaResult(outs[0].value(), outs[1].value(), outs[2].value(), outs[3].value(bool))


@dataclass
class ManyResult:
    """Individuals charts of many series: per series centre and sigma, per value the rule mask
    (flags, one array per series; None when not asked for) and the signals of each series (point
    indices within it)."""

    cl: object
    sigma: object
    flags: list
    signals: list


def chart_many(series, rules="nelson", *, screen_mr=True, threads=0, flags=True):
    """Individuals charts and the rule set over many series in one call (each series at least
    two values). `series` is a list of sequences. flags=False skips the per-value rule masks
    (only the signals are wanted): faster, and result.flags is None."""
    series = list(series)  # read twice below: a generator would be empty the second time
    rule_set = _rule_set(rules)
    ctx = Context()
    lengths = [len(s) for s in series]
    offsets = [0]
    for length in lengths:
        offsets.append(offsets[-1] + length)
    if _arrays.np is not None and lengths:
        values = _arrays.np.concatenate([_arrays.np.asarray(s, dtype=float) for s in series])
    else:
        values = [float(v) for s in series for v in s]
    vals = _arrays.doubles(values, "values")
    offs = _arrays.In(offsets, ctypes.c_size_t, "offsets")
    count = len(lengths)
    options = _ffi.sized(_ffi.SpcManyOptions, screen_mr=int(_checks.switch(screen_mr, "screen_mr")),
                         threads=_checks.whole(threads, "threads", 0, _checks.UINT32_MAX))
    cl = _arrays.Out(ctypes.c_double, count)
    sigma = _arrays.Out(ctypes.c_double, count)
    flag_masks = _arrays.Out(ctypes.c_uint32, vals.length) if flags else None
    signal_counts = _arrays.Out(ctypes.c_size_t, count)
    buffer, total = _sized_call(
        ctx, "cmx_spc_many_compute",
        (rule_set._handle, vals.pointer, vals.length, offs.pointer, count, ctypes.byref(options),
         cl.pointer, sigma.pointer, flag_masks.pointer if flag_masks else None,
         signal_counts.pointer),
        _ffi.SpcSignal, start=max(16, count))
    all_signals = _signals(buffer, total)
    per_series, position = [], 0
    for c in _arrays.to_list(signal_counts.value()):
        per_series.append(all_signals[position:position + c])
        position += c
    per_value = None
    if flag_masks is not None:
        flag_values = flag_masks.value()
        per_value = [flag_values[offsets[i]:offsets[i + 1]] for i in range(count)]
    return ManyResult(cl.value(), sigma.value(), per_value, per_series)
