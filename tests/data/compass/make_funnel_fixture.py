#!/usr/bin/python3
"""Independent fixture values for cmx's funnel tests, computed with SciPy (1.10, Debian
python3-scipy) and NumPy, following Spiegelhalter (2005, Stat Med 24:1185, Appendix A.1.1) and
Spiegelhalter (2005, QSHC 14:347). Run: /usr/bin/python3 make_funnel_fixture.py (writes the two
CSV files beside this script)."""
import csv
import os

import numpy as np
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))


def interpolated(dist, p):
    # r_p: smallest r with F(r) >= p (scipy's ppf definition for discrete distributions)
    r = dist.ppf(p)
    f_r = dist.cdf(r)
    f_below = dist.cdf(r - 1) if r > 0 else 0.0
    alpha = (f_r - p) / (f_r - f_below)
    return r - alpha


rows = []
for kind, target, ns in (("proportion", 0.1, (10, 50, 200, 1000, 5000)),
                         ("proportion", 0.5, (7, 40, 300)),
                         ("proportion", 0.03, (20, 150, 2500)),
                         ("ratio", 1.0, (0.5, 3.0, 12.5, 80.0, 1000.0)),
                         ("rate", 0.02, (100.0, 750.0, 20000.0))):
    for n in ns:
        for coverage in (0.95, 0.998):
            tail = (1 - coverage) / 2
            if kind == "proportion":
                dist = stats.binom(int(n), target)
            else:
                dist = stats.poisson(target * n)
            lo = max(0.0, interpolated(dist, tail) / n)
            hi = interpolated(dist, 1 - tail) / n
            if kind == "proportion":
                lo, hi = min(lo, 1.0), min(hi, 1.0)
            rows.append((kind, repr(target), repr(float(n)), repr(coverage), repr(lo), repr(hi)))

with open(os.path.join(here, "funnel_exact_limits.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(("type", "target", "n", "coverage", "lower", "upper"))
    w.writerows(rows)

# An over-dispersed set of 20 units (proportions): phi, tau^2, z and normal limits after the
# additive and multiplicative adjustment.
y = np.array([12, 30, 8, 45, 60, 22, 5, 90, 33, 14, 70, 41, 9, 25, 52, 18, 3, 120, 66, 37], float)
n = np.array([100, 200, 90, 250, 300, 150, 80, 400, 210, 130, 320, 260, 70, 180, 280, 160, 60,
              500, 330, 240], float)
p0 = y.sum() / n.sum()
s2 = p0 * (1 - p0) / n
z = (y / n - p0) / np.sqrt(s2)
lo, hi = np.percentile(z, [10, 90])  # linear interpolation = R type 7
zw = np.clip(z, lo, hi)
I = len(z)
phi = (zw ** 2).sum() / I
w = 1 / s2
tau2 = max(0.0, (I * phi - (I - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
pval = stats.chi2.sf(I * phi, I - 1)
z998 = stats.norm.ppf(0.999)
with open(os.path.join(here, "funnel_overdispersed.csv"), "w", newline="") as f:
    wr = csv.writer(f, lineterminator="\n")
    wr.writerow(("y", "n", "target", "phi", "tau2", "p_value", "z", "z_mult", "z_add",
                 "upper998_mult", "upper998_add"))
    for i in range(I):
        s_m = np.sqrt(phi * s2[i])
        s_a = np.sqrt(s2[i] + tau2)
        wr.writerow((repr(y[i]), repr(n[i]), repr(p0), repr(phi), repr(tau2), repr(pval),
                     repr(z[i]), repr(z[i] / np.sqrt(phi)), repr((y[i] / n[i] - p0) / s_a),
                     repr(min(1.0, p0 + z998 * s_m)), repr(min(1.0, p0 + z998 * s_a))))
