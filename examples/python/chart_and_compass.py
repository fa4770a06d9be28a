#!/usr/bin/env python3
"""cmx from Python: the EHR example of examples/c/ehr_embed.c through the `cmx` package, then a
Clinical Value Compass of one unit.

    PYTHONPATH=bindings/python python3 examples/python/chart_and_compass.py [DATA_DIR]

DATA_DIR defaults to examples/data next to this script. Part 1 reads qicharts2's cdi export
(monthly C. difficile infections and risk days) with the standard library's csv module, charts
it as a u chart per 10,000 risk days and prints every signal with its rule and points, as the C
program does. Part 2 loads the compass measures (compass/measures.json) and quarterly
observations (compass/observations.csv) and prints the compass of hospital AHH at its latest
quarter. Errors from cmx are exceptions carrying the message and the place of the bad input.
"""

import csv
import os
import sys

import cmx


def read_export(path, label, numerator, denominator):
    """Labels, numerators and denominators of a CSV export, in row order."""
    labels, y, n = [], [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            labels.append(row[label])
            y.append(float(row[numerator]))
            n.append(float(row[denominator]))
    return labels, y, n


def chart_export(path, parts=()):
    labels, y, n = read_export(path, "month", "n", "days")
    # The export is in time order: its row number is the subgroup.
    x = list(range(1, len(y) + 1))
    with cmx.chart(x=x, y=y, n=n, chart="u", parts=list(parts), multiply=10000) as c:
        print(f"u chart of {c.info.points} points in {c.info.parts} phase(s)")
        for p in c.parts:
            print(f"phase {p.part}: points {p.first + 1}-{p.last + 1}, centre {p.cl:.2f}, "
                  f"longest run {p.longest_run} (max {p.longest_run_max}), crossings "
                  f"{p.crossings} (min {p.crossings_min})"
                  + (", runs signal" if p.runs_signal else ""))
        signals = c.signals(("sigma", "anhoej"))
        print(f"{len(signals)} signal(s)")
        for s in signals:
            direction = {1: ", up", -1: ", down"}.get(s.direction, "")
            print(f"signal {s.rule}: points {s.first + 1}-{s.last + 1} "
                  f"({labels[s.first]} to {labels[s.last]}){direction}")


def compass_of(data_dir, unit):
    compass_dir = os.path.join(data_dir, "compass")
    fields = ("numerator", "denominator", "value", "expected", "n", "sd")
    with cmx.Compass.from_file(os.path.join(compass_dir, "measures.json")) as compass:
        with open(os.path.join(compass_dir, "observations.csv"), newline="") as f:
            for row in csv.DictReader(f):
                values = {k: float(row[k]) for k in fields if row.get(k, "") != ""}
                compass.add_observation(row["measure"], row["unit"], row["period"], **values)
        with compass.score(unit) as result:  # the latest period
            points = ", ".join(f"{name} {score:.3f}" for name, score in result.points.items())
            print(f"compass {unit}: {points}; outcome index {result.outcome_index:.3f}")
            for m in result.measures:
                print(f"measure {m.measure} ({m.point}): value {m.value:.2f}, score {m.score:.3f}")


def main(argv):
    data_dir = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), os.pardir, "data")
    export = os.path.join(data_dir, "qicharts2_cdi.csv")
    try:
        print("== cdi, one phase")
        chart_export(export)
        print("== cdi, a new phase after month 24 (the intervention)")
        chart_export(export, parts=[24])
        print("== compass")
        compass_of(data_dir, "AHH")
    except cmx.CmxError as e:
        place = f" at {e.source}:{e.line} field {e.field!r}" if e.line else ""
        print(f"cmx error ({type(e).__name__}): {e.message}{place}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
