#!/usr/bin/env python3
"""Charts every unit x measure series of a synthetic national data set on a Dask cluster and
checks the result against a single-process run.

    # a local cluster of 2 worker processes on this machine:
    CMX_C_LIBRARY=/path/to/libcmx_c.so python3 dask_scaleout.py --units 2000 --workers 2
    # compare 1 and 2 workers (the speed-up on this machine):
    python3 dask_scaleout.py --units 2000 --compare 1,2
    # an existing cluster (dask-scheduler / dask-worker on many machines, cmx installed and
    # CMX_C_LIBRARY set on every worker):
    python3 dask_scaleout.py --units 20000 --scheduler tcp://scheduler.example.org:8786

The data are made on the workers, one partition per block of units (as a real job would read
one file per region or trust): each unit's rows depend only on its number, so the partitioning
changes nothing. Every series is charted on its own (a p chart of monthly proportions), so the
work is embarrassingly parallel.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import cmx  # noqa: E402
from cmx.scale import chart_dask, chart_groups, same_results, synthetic_counts  # noqa: E402


def blocks(units, partitions, measures, periods):
    """(first unit, number of units) of each partition."""
    size = -(-units // partitions)
    return [(first, min(size, units - first)) for first in range(0, units, size)]


def dask_frame(units, partitions, measures, periods):
    parts = [dask.delayed(synthetic_counts)(first, count, measures, periods)
             for first, count in blocks(units, partitions, measures, periods)]
    meta = synthetic_counts(0, 1, measures, periods).iloc[:0]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def run_on(client, units, partitions, measures, periods):
    frame = dask_frame(units, partitions, measures, periods)
    start = time.perf_counter()
    result = client.compute(chart_dask(frame, n="n", chart="p")).result()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--measures", type=int, default=10)
    parser.add_argument("--periods", type=int, default=48)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", help="worker counts to time one after the other, e.g. 1,2")
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler")
    args = parser.parse_args()
    shape = (args.units, args.partitions, args.measures, args.periods)

    start = time.perf_counter()
    whole = pandas.concat([synthetic_counts(f, c, args.measures, args.periods)
                           for f, c in blocks(*shape)], ignore_index=True)
    single = chart_groups(whole, n="n", chart="p")
    single_time = time.perf_counter() - start
    print(f"cmx {cmx.version()} ({cmx.library_path()})")
    print(f"{len(whole)} rows, {len(single)} series; single process: {single_time:.2f} s")

    if args.scheduler:
        with Client(args.scheduler) as client:
            result, seconds = run_on(client, *shape)
        runs = [(f"cluster {args.scheduler}", result, seconds)]
    else:
        runs = []
        for workers in [int(w) for w in (args.compare or str(args.workers)).split(",")]:
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                client.run(lambda: __import__("cmx").version())  # warm: load cmx on every worker
                result, seconds = run_on(client, *shape)
            runs.append((f"{workers} worker(s)", result, seconds))
    for name, result, seconds in runs:
        equal, difference = same_results(result, single)
        print(f"{name}: {seconds:.2f} s, speed-up over 1 process {single_time / seconds:.2f}x, "
              f"identical to the single-process run: {equal}" + (f" ({difference})" if difference else ""))
        if not equal:
            return 1
    signals = int(single["last_signal"].sum())
    print(f"series whose latest month is part of a signal: {signals} of {len(single)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
