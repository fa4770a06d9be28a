#!/usr/bin/python3
"""Builds the compass and funnel example data from the shared data sets.

Usage: /usr/bin/python3 make_examples.py DATASETS_DIR   (e.g. ../../../../shared/datasets)

Sources and licences:
- ae_funnel_2019-03.csv: NHSRdatasets 0.3.3 ae_attendances (CC0; data under the Open Government
  Licence v3.0): type 1 A&E departments in March 2019, attendances and those seen within 4 hours.
- observations.csv, West point: qicharts2 0.8.1 hospital_infections (GPL-3; source
  www.esundhed.dk, Capital Region of Denmark): bacteraemia (BAC), C. difficile (CDI) and urinary
  tract infections (UTI) per hospital and quarter, counts and risk days summed over the months.
- observations.csv, North, East and South points: SYNTHETIC illustrative values (seeded random
  numbers, marked "synthetic" in the source column); no real data set has them.
- measures.json: floors, targets and MIDs are illustrative choices, not clinical standards.
- system.json: an invented grouping of the six hospitals into two clusters of one region, as a
  system definition (the input of `cmx system`).
"""
import csv
import json
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1]

# ---- Funnel: A&E 4-hour performance, type 1 departments, March 2019 ----
with open(os.path.join(data, "NHSRdatasets_ae_attendances.csv")) as f, \
        open(os.path.join(here, "ae_funnel_2019-03.csv"), "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("org_code", "attendances", "within_4h"))
    for row in csv.DictReader(f):
        if row["period"] == "2019-03-01" and row["type"] == "1":
            att = int(row["attendances"])
            w.writerow((row["org_code"], att, att - int(row["breaches"])))

# ---- Compass observations per hospital and quarter ----
quarters = {}
with open(os.path.join(data, "qicharts2_hospital_infections.csv")) as f:
    for row in csv.DictReader(f):
        year, month = row["month"][:4], int(row["month"][5:7])
        q = f"{year}-Q{(month - 1) // 3 + 1}"
        key = (row["hospital"], row["infection"].lower(), q)
        n, days = quarters.get(key, (0, 0.0))
        quarters[key] = (n + int(row["n"]), days + float(row["days"]))

rng = random.Random(20240501)
rows = []
for (hospital, infection, q), (n, days) in sorted(quarters.items()):
    rows.append((f"{infection}_rate", hospital, q, n, repr(round(days, 3)), "", "", "",
                 "qicharts2 hospital_infections"))
hospitals = sorted({k[0] for k in quarters})
periods = sorted({k[2] for k in quarters})
for h in hospitals:
    base_prom = rng.uniform(60, 72)
    base_rec = rng.uniform(0.78, 0.9)
    base_cost = rng.uniform(480, 620)
    for i, q in enumerate(periods):
        patients = rng.randint(150, 400)
        prom = base_prom + 0.4 * i + rng.gauss(0, 1.5)
        rows.append(("eq5d_vas", h, q, "", "", repr(round(prom, 2)), patients,
                     repr(round(rng.uniform(14, 20), 2)), "synthetic"))
        surveyed = rng.randint(200, 600)
        recommend = min(surveyed, int(round(surveyed * (base_rec + rng.gauss(0, 0.02)))))
        rows.append(("would_recommend", h, q, recommend, surveyed, "", "", "", "synthetic"))
        rows.append(("cost_per_bed_day", h, q, "", "",
                     repr(round(base_cost * (1 + 0.01 * i) + rng.gauss(0, 10), 2)), patients, "",
                     "synthetic"))
with open(os.path.join(here, "observations.csv"), "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("measure", "unit", "period", "numerator", "denominator", "value", "n", "sd",
                "source"))
    w.writerows(rows)

measures = {"measures": []}
for inf, name, floor, target in (("bac", "Hospital-acquired bacteraemia", 12.0, 4.0),
                                 ("cdi", "Hospital-acquired C. difficile infection", 10.0, 2.0),
                                 ("uti", "Hospital-acquired urinary tract infection", 60.0, 20.0)):
    measures["measures"].append({
        "id": f"{inf}_rate", "name": name, "point": "west", "sub_dimension": "complications",
        "type": "outcome", "scoring": "rate", "multiplier": 10000,
        "direction": "lower_is_better", "unit": "per 10,000 risk days",
        "floor": floor, "target": target, "mid": round(0.2 * floor, 2)})
measures["measures"] += [
    {"id": "eq5d_vas", "name": "EQ-5D visual analogue scale at discharge", "point": "north",
     "sub_dimension": "functional health status", "type": "patient_reported",
     "scoring": "continuous", "direction": "higher_is_better", "unit": "0-100",
     "floor": 50, "target": 80, "benchmark_mean": 66, "benchmark_sd": 12, "mid": 7},
    {"id": "would_recommend", "name": "Would recommend the ward (friends and family test)",
     "point": "east", "sub_dimension": "satisfaction", "type": "patient_reported",
     "scoring": "proportion", "direction": "higher_is_better", "unit": "proportion",
     "floor": 0.7, "target": 0.95, "mid": 0.05},
    {"id": "cost_per_bed_day", "name": "Direct medical cost per bed day", "point": "south",
     "sub_dimension": "direct medical", "type": "cost", "scoring": "continuous",
     "direction": "lower_is_better", "unit": "EUR", "floor": 700, "target": 450, "mid": 25},
]
with open(os.path.join(here, "measures.json"), "w") as out:
    json.dump(measures, out, indent=2)
    out.write("\n")

# The system definition of `cmx system` (units with levels, part_of memberships with allocation
# weights): the compass rolls hospitals up to their cluster and the region through it.
system = {
    "name": "Capital region: an invented grouping of six hospitals",
    "units": [{"id": "capital_region", "name": "Capital region", "level": "macrosystem",
               "kind": "region"}]
    + [{"id": c, "name": c.replace("_", " ").capitalize(), "level": "mesosystem",
        "kind": "cluster"} for c in ("north_cluster", "south_cluster")]
    + [{"id": h, "name": h, "level": "mesosystem", "kind": "hospital"} for h in hospitals],
    "memberships": [{"from": h, "to": "north_cluster" if i < 3 else "south_cluster",
                     "type": "part_of", "weight": 1.0} for i, h in enumerate(hospitals)]
    + [{"from": c, "to": "capital_region", "type": "part_of", "weight": 1.0}
       for c in ("north_cluster", "south_cluster")],
}
with open(os.path.join(here, "system.json"), "w") as out:
    json.dump(system, out, indent=2)
    out.write("\n")
