#!/usr/bin/env python3
"""Writes the synthetic journeys of the example system (system.json) reproducibly.

    python3 generate_episodes.py [--seed 2024] [--cardiac 2400] [--oncology 900] [--out .]

Only the standard library is used; the same seed always writes the same files:
  stays.csv         episode,unit,start,end      (ISO 8601 date-times, UTC)
  handoffs.csv      episode,from,to,time,type,delay_hours,flags (information and service handoffs)
  observations.csv  unit,period,numerator,denominator (30-day readmissions per discharge month)
The journeys are a Markov chain over the units with transition probabilities and lengths of
stay that are plausible, not estimated from any real data.
"""
import argparse
import csv
import datetime as dt
import os
import random

# unit -> [(next unit or None for the end of the episode, probability)]
CARDIAC = {
    "start": [("ems", 0.55), ("ed", 0.45)],
    "ems": [("ed", 0.85), ("cath_lab", 0.15)],
    "ed": [("cath_lab", 0.62), ("ccu", 0.18), ("cardiology_ward", 0.15), (None, 0.05)],
    "cath_lab": [("ccu", 0.8), ("cardiology_ward", 0.2)],
    "ccu": [("cardiology_ward", 0.9), ("cath_lab", 0.05), (None, 0.05)],
    "cardiology_ward": [("cardiac_rehab", 0.55), ("primary_care", 0.3), ("home_nursing", 0.1), (None, 0.05)],
    "cardiac_rehab": [("primary_care", 0.85), ("home_nursing", 0.1), (None, 0.05)],
    "primary_care": [("home_nursing", 0.15), (None, 0.85)],
    "home_nursing": [("primary_care", 0.3), (None, 0.7)],
}
ONCOLOGY = {
    "start": [("oncology_clinic", 0.85), ("ed", 0.15)],
    "ed": [("surgical_ward", 0.4), ("oncology_clinic", 0.6)],
    "oncology_clinic": [("infusion_center", 0.55), ("surgical_ward", 0.3), ("palliative_care", 0.1), (None, 0.05)],
    "infusion_center": [("oncology_clinic", 0.4), ("primary_care", 0.3), ("palliative_care", 0.1), (None, 0.2)],
    "surgical_ward": [("oncology_clinic", 0.6), ("home_nursing", 0.3), (None, 0.1)],
    "palliative_care": [("home_nursing", 0.6), (None, 0.4)],
    "primary_care": [(None, 1.0)],
    "home_nursing": [("palliative_care", 0.2), (None, 0.8)],
}
# Lengths of stay in hours (low, mode, high) for a triangular draw; gaps between stays likewise.
STAY_HOURS = {
    "ems": (0.5, 1, 2), "ed": (2, 4, 10), "cath_lab": (1, 2, 4), "ccu": (24, 48, 120),
    "cardiology_ward": (48, 96, 240), "cardiac_rehab": (240, 600, 1200),
    "primary_care": (0.5, 1, 2), "home_nursing": (72, 240, 720),
    "oncology_clinic": (1, 2, 4), "infusion_center": (3, 5, 8), "surgical_ward": (72, 144, 336),
    "palliative_care": (48, 240, 720),
}
GAP_HOURS = {"ems": (0, 0, 0.2), "ed": (0, 0.3, 2), "cath_lab": (0, 0.1, 0.5)}
DEFAULT_GAP = (0, 12, 168)
MAX_STAYS = 12


def pick(rng, options):
    r = rng.random()
    total = 0.0
    for value, p in options:
        total += p
        if r < total:
            return value
    return options[-1][0]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def journey(rng, chain, begin):
    stays = []
    unit = pick(rng, chain["start"])
    t = begin
    while unit is not None and len(stays) < MAX_STAYS:
        length = dt.timedelta(hours=rng.triangular(*STAY_HOURS[unit][::2], STAY_HOURS[unit][1]))
        length = dt.timedelta(seconds=int(length.total_seconds()))
        stays.append((unit, t, t + length))
        gap = GAP_HOURS.get(unit, DEFAULT_GAP)
        t = t + length + dt.timedelta(seconds=int(3600 * rng.triangular(gap[0], gap[2], gap[1])))
        unit = pick(rng, chain[unit])
    return stays


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cardiac", type=int, default=2400)
    parser.add_argument("--oncology", type=int, default=900)
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    year = dt.datetime(2024, 1, 1)
    episodes = []
    for i in range(args.cardiac):
        episodes.append((f"C{i + 1:05d}", CARDIAC))
    for i in range(args.oncology):
        episodes.append((f"O{i + 1:05d}", ONCOLOGY))
    rng.shuffle(episodes)
    readmit = {}
    with open(os.path.join(args.out, "stays.csv"), "w", newline="") as s_file, open(
        os.path.join(args.out, "handoffs.csv"), "w", newline=""
    ) as h_file:
        stays_out = csv.writer(s_file, lineterminator="\n")
        handoffs_out = csv.writer(h_file, lineterminator="\n")
        stays_out.writerow(["episode", "unit", "start", "end"])
        handoffs_out.writerow(["episode", "from", "to", "time", "type", "delay_hours", "flags"])
        for episode, chain in episodes:
            begin = year + dt.timedelta(seconds=rng.randrange(360 * 86400))
            stays = journey(rng, chain, begin)
            for unit, start, end in stays:
                stays_out.writerow([episode, unit, iso(start), iso(end)])
                if unit in ("ccu", "cardiology_ward", "surgical_ward") and rng.random() < 0.6:
                    handoffs_out.writerow([episode, "pharmacy", unit, iso(start + dt.timedelta(hours=2)),
                                           "service", f"{rng.uniform(0.2, 6):.2f}", ""])
            for (a, _, a_end), (b, b_start, _) in zip(stays, stays[1:]):
                if b in ("primary_care", "home_nursing"):
                    delay = rng.expovariate(1 / 30.0)
                    flags = "late" if delay > 72 else ""
                    handoffs_out.writerow([episode, a, b, iso(a_end + dt.timedelta(hours=delay)),
                                           "information", f"{delay:.2f}", flags])
            # A discharge from a ward counts towards that ward's month; ~12% come back.
            for unit, _, end in stays:
                if unit in ("cardiology_ward", "surgical_ward", "ccu"):
                    key = (unit, end.strftime("%Y-%m"))
                    n, d = readmit.get(key, (0, 0))
                    readmit[key] = (n + (1 if rng.random() < 0.12 else 0), d + 1)
    with open(os.path.join(args.out, "observations.csv"), "w", newline="") as o_file:
        out = csv.writer(o_file, lineterminator="\n")
        out.writerow(["unit", "period", "numerator", "denominator"])
        for (unit, period), (n, d) in sorted(readmit.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            out.writerow([unit, period, n, d])


if __name__ == "__main__":
    main()
