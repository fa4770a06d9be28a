"""Charting many series of a long table, in one process or spread over a Dask cluster.

Every (unit, measure) series is charted on its own, so the work is embarrassingly parallel:
`chart_groups` charts the series of one pandas DataFrame, and `chart_dask` runs it on every
partition of a dask DataFrame whose partitions each hold whole series (e.g. partitioned by
unit). The results are identical to `chart_groups` over the whole table, row for row.
"""

import math

from .spc import Chart

#: The columns of the result, after the grouping columns.
RESULT_COLUMNS = (
    "points",
    "parts",
    "cl",
    "sigma",
    "lcl",
    "ucl",
    "sigma_signals",
    "runs_signal",
    "longest_run",
    "crossings",
    "signals",
    "last_signal",
)


def _summary(chart, rules):
    """One row of facts about a chart: its last phase's centre, sigma and limits (at the last
    point), the signals of `rules` and whether the last point is part of one."""
    info = chart.info
    parts = chart.parts
    last_part = parts[-1]
    signals = chart.signals(rules)
    last = info.points - 1
    return (
        info.points,
        info.parts,
        last_part.cl,
        last_part.sigma,
        float(chart.lcl[last]),
        float(chart.ucl[last]),
        sum(p.sigma_signals for p in parts),
        any(p.runs_signal for p in parts),
        last_part.longest_run,
        last_part.crossings,
        len(signals),
        any(s.flag_first <= last <= s.last for s in signals),
    )


def chart_groups(frame, by=("unit", "measure"), x="x", y="y", n=None, chart="i",
                 rules=("sigma", "anhoej"), **options):
    """Charts every series of a pandas DataFrame (one series per value of the `by` columns):
    returns a DataFrame with the `by` columns and RESULT_COLUMNS, one row per series, sorted by
    the `by` columns. Options are those of cmx.spc.Chart."""
    import pandas

    by = [by] if isinstance(by, str) else list(by)
    rows = []
    if len(frame):
        for key, group in frame.groupby(by, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            with Chart(group[x].to_numpy(), group[y].to_numpy(),
                       None if n is None else group[n].to_numpy(), chart, **options) as c:
                rows.append(key + _summary(c, rules))
    result = pandas.DataFrame.from_records(rows, columns=by + list(RESULT_COLUMNS))
    return result.astype(_dtypes(frame, by))


def _dtypes(frame, by):
    types = {column: frame.dtypes[column] for column in by}
    types.update({
        "points": "int64", "parts": "int64", "cl": "float64", "sigma": "float64",
        "lcl": "float64", "ucl": "float64", "sigma_signals": "int64", "runs_signal": "bool",
        "longest_run": "int64", "crossings": "int64", "signals": "int64", "last_signal": "bool",
    })
    return types


def chart_dask(frame, by=("unit", "measure"), x="x", y="y", n=None, chart="i",
               rules=("sigma", "anhoej"), shuffle=False, **options):
    """chart_groups over a dask DataFrame, one task per partition. Each series must lie within
    one partition (partition by the first `by` column, e.g. unit); with shuffle=True the frame is
    first shuffled on the `by` columns so that it does. Returns a lazy dask DataFrame; call
    .compute() (on a distributed.Client, the cluster runs it)."""
    by_list = [by] if isinstance(by, str) else list(by)
    if shuffle:
        frame = frame.shuffle(on=by_list)
    meta = chart_groups(frame._meta, by_list, x, y, n, chart, rules, **options)
    return frame.map_partitions(chart_groups, by_list, x, y, n, chart, rules, meta=meta,
                                **options)


def same_results(a, b, tolerance=0.0):
    """True when two result frames hold the same series and numbers (NaN equals NaN); with
    tolerance 0 the doubles must be identical. Returns (equal, first difference or None)."""
    a = a.sort_values(list(a.columns[: len(a.columns) - len(RESULT_COLUMNS)])).reset_index(drop=True)
    b = b.sort_values(list(b.columns[: len(b.columns) - len(RESULT_COLUMNS)])).reset_index(drop=True)
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False, f"shapes differ: {a.shape} {list(a.columns)} vs {b.shape} {list(b.columns)}"
    for column in a.columns:
        for i, (u, v) in enumerate(zip(a[column].tolist(), b[column].tolist())):
            if isinstance(u, float) and isinstance(v, float):
                if math.isnan(u) and math.isnan(v):
                    continue
                if abs(u - v) <= tolerance * max(1.0, abs(v)):
                    continue
            elif u == v:
                continue
            return False, f"row {i}, column {column}: {u!r} != {v!r}"
    return True, None


def synthetic_counts(first_unit, units, measures=10, periods=48, seed=2026):
    """A synthetic long table (unit, measure, x, y, n) of monthly proportions: `units` units
    from number `first_unit`, each with `measures` measures over `periods` months. Each unit's
    rows depend only on (seed, unit number), so any partitioning by unit gives the same data;
    a fifth of the series have a 50% rise half-way through. Needs numpy and pandas."""
    import numpy
    import pandas

    frames = []
    for unit in range(first_unit, first_unit + units):
        rng = numpy.random.default_rng([seed, unit])
        base = 0.03 + 0.15 * rng.random(measures)
        shifted = rng.random(measures) < 0.2
        n = 40 + rng.poisson(160, size=(measures, periods))
        p = numpy.repeat(base[:, None], periods, axis=1)
        p[shifted, periods // 2:] *= 1.5
        y = rng.binomial(n, numpy.minimum(p, 1.0))
        frames.append(pandas.DataFrame({
            "unit": numpy.repeat(f"U{unit:05d}", measures * periods),
            "measure": numpy.repeat([f"M{m + 1:02d}" for m in range(measures)], periods),
            "x": numpy.tile(numpy.arange(1, periods + 1, dtype=float), measures),
            "y": y.ravel().astype(float),
            "n": n.ravel().astype(float),
        }))
    return pandas.concat(frames, ignore_index=True)
