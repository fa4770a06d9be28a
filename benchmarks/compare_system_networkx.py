#!/usr/bin/env python3
"""cmx's system-graph kernels beside networkx and python-igraph on the same data, as ratios.

    python3 benchmarks/compare_system_networkx.py --bench build/bench/benchmarks/cmx_bench \
        [--scale small|full] [--data DIR]

Writes seeded data to DIR (stays.csv; graph_large.csv and graph_small.csv as from,to,count),
times networkx (and python-igraph when importable) on it in this process, then runs cmx_bench
with CMX_BENCH_SYSTEM_DATA=DIR --benchmark_filter=SystemFile and prints CPU-time ratios
(other / cmx; > 1 means cmx is faster). CPU time, not wall time, because the machine may be
shared. Flow edges have no networkx function: the Python side is a dict-and-statistics pass.
Sizes: small (default) 10^6 stays, 2x10^4 units / 2x10^5 edges (PageRank, Louvain), 2x10^3 units
/ 10^4 edges (betweenness); medium: as small but PageRank and Louvain on the
brief's 10^5 units / 10^6 edges; full: 10^7 stays, 10^5 / 10^6, 10^4 / 5x10^4 (slow in Python).
"""
import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import networkx as nx

try:
    import igraph
except ImportError:  # python3-igraph is optional
    igraph = None

SIZES = {
    "small": {"stays": 1_000_000, "large": (20_000, 200_000), "small": (2_000, 10_000)},
    "medium": {"stays": 1_000_000, "large": (100_000, 1_000_000), "small": (2_000, 10_000)},
    "full": {"stays": 10_000_000, "large": (100_000, 1_000_000), "small": (10_000, 50_000)},
}


def write_graph(path, units, edges, rng):
    """Communities of 100 units, 80% of edges inside one (as benchmarks/bench_system.cpp)."""
    pairs = {}
    for _ in range(edges):
        a = rng.randrange(units)
        b = min(units - 1, a // 100 * 100 + rng.randrange(100)) if rng.random() < 0.8 else rng.randrange(units)
        pairs[(a, b)] = pairs.get((a, b), 0) + rng.randint(1, 20)
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["from", "to", "count"])
        for (a, b), c in pairs.items():
            out.writerow([f"u{a}", f"u{b}", c])


def write_stays(path, stays, rng, units=500):
    successors = [[rng.randrange(units) for _ in range(8)] for _ in range(units)]
    base = dt.datetime(2024, 1, 1)
    written = 0
    episode = 0
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["episode", "unit", "start", "end"])
        while written < stays:
            episode += 1
            t = rng.randrange(3600 * 24 * 365)
            unit = rng.randrange(units)
            for i in range(min(rng.randint(2, 8), stays - written)):
                if i > 0:
                    unit = successors[unit][rng.randrange(8)] if rng.random() < 0.95 else rng.randrange(units)
                t += 3600 * rng.randint(1, 96)
                start = base + dt.timedelta(seconds=t)
                t += 3600 * rng.randint(1, 96)
                end = base + dt.timedelta(seconds=t)
                out.writerow([f"e{episode}", f"w{unit}", start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                              end.strftime("%Y-%m-%dT%H:%M:%SZ")])
                written += 1


def read_graph(path):
    with open(path) as f:
        return [(r["from"], r["to"], int(r["count"])) for r in csv.DictReader(f)]


def cpu(fn):
    t0 = time.process_time()
    result = fn()
    return time.process_time() - t0, result


def python_flow_edges(path):
    """Parse (untimed), then time grouping, ordering and per-edge count/episodes/median."""
    episodes = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            s = dt.datetime.strptime(r["start"], "%Y-%m-%dT%H:%M:%SZ").timestamp()
            e = dt.datetime.strptime(r["end"], "%Y-%m-%dT%H:%M:%SZ").timestamp()
            episodes.setdefault(r["episode"], []).append((s, e, r["unit"]))

    def run():
        delays = {}
        seen = {}
        for ep, stays in episodes.items():
            stays.sort()
            for (s0, e0, u0), (s1, _, u1) in zip(stays, stays[1:]):
                delays.setdefault((u0, u1), []).append((s1 - e0) / 3600)
                seen.setdefault((u0, u1), set()).add(ep)
        return {k: (len(v), len(seen[k]), statistics.median(v)) for k, v in delays.items()}

    return cpu(run)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", required=True, help="the cmx_bench program (Release build)")
    parser.add_argument("--scale", choices=SIZES, default="small")
    parser.add_argument("--data", default=None, help="folder for the data (default: a temporary one)")
    args = parser.parse_args()
    size = SIZES[args.scale]
    data = args.data or tempfile.mkdtemp(prefix="cmx_compare_")
    os.makedirs(data, exist_ok=True)
    rng = random.Random(2024)
    write_stays(os.path.join(data, "stays.csv"), size["stays"], rng)
    write_graph(os.path.join(data, "graph_large.csv"), *size["large"], rng)
    write_graph(os.path.join(data, "graph_small.csv"), *size["small"], rng)

    times = {"networkx": {}, "igraph": {}, "python": {}}
    times["python"]["flow_edges"] = python_flow_edges(os.path.join(data, "stays.csv"))
    for name in ("large", "small"):
        edges = read_graph(os.path.join(data, f"graph_{name}.csv"))
        g = nx.DiGraph()
        for a, b, c in edges:
            g.add_edge(a, b, count=c, length=1.0 / c)
        if name == "large":
            times["networkx"]["pagerank"] = cpu(lambda: nx.pagerank(g, alpha=0.85, weight="count"))[0]
            u = nx.Graph()
            for a, b, c in edges:
                w = u[a][b]["weight"] if u.has_edge(a, b) else 0
                u.add_edge(a, b, weight=w + c)
            times["networkx"]["louvain"] = cpu(lambda: nx.community.louvain_communities(u, weight="weight", seed=1))[0]
        else:
            times["networkx"]["betweenness"] = cpu(lambda: nx.betweenness_centrality(g, weight="length"))[0]
        if igraph is not None:
            ig = igraph.Graph.TupleList(((a, b, c) for a, b, c in edges), directed=True, weights=True)
            w = ig.es["weight"]
            if name == "large":
                times["igraph"]["pagerank"] = cpu(lambda: ig.pagerank(weights=w, damping=0.85))[0]
                iu = ig.as_undirected(mode="collapse", combine_edges="sum")
                times["igraph"]["louvain"] = cpu(lambda: iu.community_multilevel(weights=iu.es["weight"]))[0]
            else:
                length = [1.0 / x for x in w]
                times["igraph"]["betweenness"] = cpu(lambda: ig.betweenness(weights=length, directed=True))[0]

    env = dict(os.environ, CMX_BENCH_SYSTEM_DATA=data)
    out = subprocess.run([args.bench, "--benchmark_filter=SystemFile", "--benchmark_format=json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    cmx = {}
    for b in json.loads(out)["benchmarks"]:
        unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        cmx[b["name"].split("/")[1]] = b["cpu_time"] * unit

    print(f"scale {args.scale}; data in {data}; CPU seconds, ratio = other / cmx")
    print(f"{'kernel':<12} {'cmx':>10} {'networkx':>10} {'ratio':>8} {'igraph':>10} {'ratio':>8}")
    for kernel in ("flow_edges", "pagerank", "louvain", "betweenness"):
        c = cmx[kernel]
        nxt = times["networkx"].get(kernel, times["python"].get(kernel))
        igt = times["igraph"].get(kernel)
        ig_text = f"{igt:10.3f} {igt / c:8.1f}" if igt is not None else f"{'-':>10} {'-':>8}"
        print(f"{kernel:<12} {c:10.4f} {nxt:10.3f} {nxt / c:8.1f} {ig_text}")
    if igraph is None:
        print("python-igraph is not installed (Debian: python3-igraph); its columns are empty")


if __name__ == "__main__":
    sys.exit(main())
