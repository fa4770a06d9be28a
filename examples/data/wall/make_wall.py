#!/usr/bin/python3
"""Builds the data wall example (cmx report) from the other example data, reproducibly.

Usage: /usr/bin/python3 make_wall.py   (reads ../system, ../compass, ../qicharts2_cdi.csv)

Writes:
- system.json: one system definition holding two macrosystems, so the wall shows both:
  * Riverside Health, the synthetic system-graph example (../system/system.json, unchanged);
  * Capital Region of Denmark: the six hospitals of qicharts2's hospital_infections grouped in
    two clusters (the invented grouping of ../compass/system.json). The open data are per
    hospital, so each hospital stands in for a clinical microsystem here.
- measures.json: the measures the wall needs beyond ../compass/measures.json: 30-day
  readmissions (Riverside; floor and target illustrative) and monthly C. difficile infections
  at Amager Hvidovre Hospital (qicharts2 cdi; floor and target illustrative).
- observations.csv: readmissions per ward and discharge month from ../system/observations.csv
  (SYNTHETIC; months of 2024 only: the journeys end in December 2024, so January 2025 is
  incomplete) and the monthly C. difficile counts and risk days of ../qicharts2_cdi.csv (real,
  GPL-3, source www.esundhed.dk).
- events.csv: the intervention after 24 months of the cdi data (qicharts2's `period` column),
  which starts a new phase of the chart.
"""
import csv
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
up = os.path.dirname(here)

with open(os.path.join(up, "system", "system.json")) as f:
    system = json.load(f)
with open(os.path.join(up, "compass", "system.json")) as f:
    region_edges = json.load(f)["edges"]

names = {
    "capital_region": ("Capital Region of Denmark", "macrosystem", "region"),
    "north_cluster": ("North hospital cluster", "mesosystem", "cluster"),
    "south_cluster": ("South hospital cluster", "mesosystem", "cluster"),
    "AHH": ("Amager Hvidovre Hospital", "clinical_microsystem", "hospital"),
    "BFH": ("Bispebjerg Frederiksberg Hospital", "clinical_microsystem", "hospital"),
    "BOH": ("Bornholm Hospital", "clinical_microsystem", "hospital"),
    "HGH": ("Herlev Gentofte Hospital", "clinical_microsystem", "hospital"),
    "NOH": ("Nordsjællands Hospital", "clinical_microsystem", "hospital"),
    "RGH": ("Rigshospitalet", "clinical_microsystem", "hospital"),
}
system["name"] = "Example health systems: Riverside Health and the Capital Region of Denmark"
# The region first: the wall shows its boards in the order of the macrosystems.
system["units"] = [{"id": uid, "name": name, "level": level, "kind": kind}
                   for uid, (name, level, kind) in names.items()] + system["units"]
for e in region_edges:
    system["memberships"].append({"from": e["child"], "to": e["parent"], "weight": e["weight"]})
with open(os.path.join(here, "system.json"), "w") as f:
    json.dump(system, f, indent=1, ensure_ascii=False)
    f.write("\n")

measures = {"measures": [
    {"id": "readmission_30d", "name": "Readmission within 30 days of discharge", "point": "west",
     "sub_dimension": "readmissions", "type": "outcome", "scoring": "proportion",
     "direction": "lower_is_better", "unit": "%", "floor": 0.2, "target": 0.08, "mid": 0.03},
    {"id": "cdi_monthly", "name": "C. difficile infections (monthly)", "point": "west",
     "sub_dimension": "complications", "type": "outcome", "scoring": "rate",
     "multiplier": 10000, "direction": "lower_is_better", "unit": "per 10,000 risk days",
     "floor": 10.0, "target": 4.0, "mid": 2.0},
]}
with open(os.path.join(here, "measures.json"), "w") as f:
    json.dump(measures, f, indent=1)
    f.write("\n")

with open(os.path.join(here, "observations.csv"), "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("measure", "unit", "period", "numerator", "denominator"))
    with open(os.path.join(up, "system", "observations.csv")) as f:
        for row in csv.DictReader(f):
            if row["period"].startswith("2024-"):
                w.writerow(("readmission_30d", row["unit"], row["period"], row["numerator"],
                            row["denominator"]))
    with open(os.path.join(up, "qicharts2_cdi.csv")) as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        w.writerow(("cdi_monthly", "AHH", row["month"][:7], row["n"], row["days"]))

first_post = next(r["month"][:7] for r in rows if r["period"] == "post")
with open(os.path.join(here, "events.csv"), "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("measure", "unit", "period", "text", "new_phase"))
    w.writerow(("cdi_monthly", "AHH", first_post, "Intervention", 1))
