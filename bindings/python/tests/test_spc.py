"""SPC through the Python package, checked against the R reference cases of ../shared/oracle
(qicharts2 charts, qcc CUSUM and EWMA) and hand-worked values."""

import csv
import datetime
import glob
import json
import math
import os
import threading
import unittest

import cmx
from cmx import _arrays

from .support import ORACLE, close

NAN = float("nan")


def read_case(name):
    with open(os.path.join(ORACLE, name, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    with open(os.path.join(ORACLE, name, "input.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return expected, rows


def number(text):
    return NAN if text in ("", None) else float(text)


def label(text):
    """x as a number: ISO dates become days since 1970-01-01 (cmx.spc.days_since_epoch)."""
    try:
        return float(text)
    except ValueError:
        return cmx.spc.days_since_epoch([datetime.date.fromisoformat(text)])[0]


def listify(value):
    return [value] if isinstance(value, int) else list(value)


QIC_CASES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ORACLE, "qic_*")))


@unittest.skipUnless(QIC_CASES, f"no qicharts2 cases in {ORACLE}")
class QichartsOracleTest(unittest.TestCase):
    """Every qicharts2 case: each point's y, cl, limits, 2-sigma lines, part, baseline, include
    and sigma signal, and each part's centre and Anhøj run statistics."""

    def check_case(self, name):
        expected, rows = read_case(name)
        args = expected["args"]
        x = [label(r["x"]) for r in rows]
        y = [number(r["y"]) for r in rows]
        n = [number(r["n"]) for r in rows] if "n = n" in expected["call"] else None
        points = len(set(x))
        options = {}
        if "part" in args:
            options["parts"] = [k for k in listify(args["part"]) if 1 <= k < points]
        elif "freeze" in args:  # qicharts2 ignores freeze when part is given
            options["freeze"] = listify(args["freeze"])[0]
        if "exclude" in args:
            options["exclude"] = listify(args["exclude"])
        if "multiply" in args:
            options["multiply"] = args["multiply"]
        if "agg.fun" in args:
            options["aggregation"] = args["agg.fun"]
        if args["chart"] in ("i", "t", "pp", "up", "ip", "mr"):
            options["screen_mr"] = expected["options"]["qic.screenedmr"]
        with cmx.chart(x, y, n, args["chart"], **options) as c:
            self.assertEqual(c.info.points, expected["n_points"])
            fields = {"y": c.y, "cl": c.cl, "lcl": c.lcl, "ucl": c.ucl, "lcl.95": c.lcl2,
                      "ucl.95": c.ucl2}
            for i, p in enumerate(expected["points"]):
                for key, column in fields.items():
                    if key in p:
                        self.assertTrue(close(float(column[i]), p[key]),
                                        f"{name} point {i + 1} {key}: {column[i]} != {p[key]}")
                self.assertEqual(int(c.part[i]), p["part"])
                self.assertEqual(bool(c.baseline[i]), p["baseline"], f"{name} {i + 1} baseline")
                self.assertEqual(bool(c.included[i]), p["include"], f"{name} {i + 1} include")
                self.assertEqual(bool(c.sigma_signal[i]), p["sigma.signal"])
            parts = c.parts
            self.assertEqual(len(parts), len(expected["series"]["parts"]))
            for got, want in zip(parts, expected["series"]["parts"]):
                self.assertEqual((got.first + 1, got.last + 1), (want["first"], want["last"]))
                self.assertTrue(close(got.cl, want["cl"]), f"{name} part cl {got.cl}")
                self.assertEqual(got.n_obs, want["n.obs"])
                self.assertEqual(got.n_useful, want["n.useful"])
                if want["longest.run"] is not None:
                    self.assertEqual(got.longest_run, want["longest.run"])
                    self.assertEqual(got.longest_run_max, want["longest.run.max"])
                    self.assertEqual(got.crossings, want["n.crossings"])
                    self.assertEqual(got.crossings_min, want["n.crossings.min"])
                self.assertEqual(got.runs_signal, want["runs.signal"])
                self.assertEqual(got.sigma_signals, want["sigma.signals"])
            # The beyond-limits signals cover exactly the points with a sigma signal.
            flagged = sorted(i for s in c.signals("sigma") for i in range(s.first, s.last + 1))
            self.assertEqual(flagged, [i for i, p in enumerate(expected["points"])
                                       if p["sigma.signal"]])

    def test_every_qicharts2_case(self):
        self.assertGreater(len(QIC_CASES), 50)
        for name in QIC_CASES:
            with self.subTest(case=name):
                self.check_case(name)

    def test_u_chart_from_a_pandas_frame(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        frame = pandas.read_csv(os.path.join(ORACLE, "qic_u_cdi_part", "input.csv"),
                                parse_dates=["x"])
        with cmx.Chart.from_frame(frame, "x", "y", "n", chart="u", parts=[24],
                                  multiply=10000) as c:
            # qicharts2's centres per phase (oracle case qic_u_cdi_part).
            self.assertTrue(close(c.parts[0].cl, 13.02422631792939))
            self.assertTrue(close(c.parts[1].cl, 5.00892029776558))
            table = c.to_frame()
            self.assertEqual(len(table), 36)
            self.assertEqual(table["x"].iloc[0], (datetime.date(2012, 11, 1) -
                                                  datetime.date(1970, 1, 1)).days)


class QccCusumEwmaTest(unittest.TestCase):
    def series(self, name):
        expected, rows = read_case(name)
        groups = {}
        for r in rows:
            groups.setdefault(float(r["x"]), []).append(float(r["y"]))
        keys = sorted(groups)
        stats = [sum(groups[k]) / len(groups[k]) for k in keys]
        sizes = [float(len(groups[k])) for k in keys]
        return expected, stats, sizes

    def test_cusum_cases(self):
        for name in ("qcc_cusum_pistonrings", "qcc_cusum_shift"):
            with self.subTest(case=name):
                expected, stats, sizes = self.series(name)
                s = expected["series"]
                result = cmx.cusum(stats, s["center"][0] if isinstance(s["center"], list) else s["center"],
                                   s["std.dev"][0] if isinstance(s["std.dev"], list) else s["std.dev"],
                                   sizes, k=s["se.shift"] / 2, h=s["decision.interval"])
                for i, p in enumerate(expected["points"]):
                    self.assertTrue(close(float(result.upper[i]), p["pos"]), f"{i} pos")
                    # qcc reports the lower sum as a negative number; cmx as its magnitude.
                    self.assertTrue(close(-float(result.lower[i]), p["neg"]), f"{i} neg")
                    self.assertEqual(bool(result.upper_signal[i]), p["upper.violation"])
                    self.assertEqual(bool(result.lower_signal[i]), p["lower.violation"])

    def test_ewma_cases(self):
        for name in ("qcc_ewma_incontrol", "qcc_ewma_grouped"):
            with self.subTest(case=name):
                expected, stats, sizes = self.series(name)
                s = expected["series"]
                centre = s["center"][0] if isinstance(s["center"], list) else s["center"]
                sd = s["std.dev"][0] if isinstance(s["std.dev"], list) else s["std.dev"]
                r = cmx.ewma(stats, centre, sd, sizes, lam=s["lambda"], L=s["nsigmas"])
                for i, p in enumerate(expected["points"]):
                    self.assertTrue(close(float(r.ewma[i]), p["ewma"]), f"{name} {i} ewma")
                    self.assertTrue(close(float(r.lcl[i]), p["lcl"]), f"{name} {i} lcl")
                    self.assertTrue(close(float(r.ucl[i]), p["ucl"]), f"{name} {i} ucl")
                    self.assertEqual(bool(r.violation[i]), bool(p["violation"]))


class HandWorkedTest(unittest.TestCase):
    def test_individuals_chart_by_hand(self):
        # y = 3.1 2.9 3.4 3.0 2.8: mean 3.04; moving ranges 0.2 0.5 0.4 0.2, mean 0.325;
        # sigma = 0.325 / 1.128; limits 3.04 +- 3 sigma.
        with cmx.chart([1, 2, 3, 4, 5], [3.1, 2.9, 3.4, 3.0, 2.8], chart="i") as c:
            sigma = 0.325 / 1.128
            self.assertTrue(close(float(c.cl[0]), 3.04, 1e-12))
            self.assertTrue(close(float(c.ucl[2]), 3.04 + 3 * sigma, 1e-12))
            self.assertTrue(close(float(c.lcl[2]), 3.04 - 3 * sigma, 1e-12))
            self.assertTrue(close(c.parts[0].sigma, sigma, 1e-12))
            self.assertEqual(c.info.chart, "i")
            self.assertEqual(len(c), 5)

    def test_monitor_flags_a_point_beyond_the_limits(self):
        # Baseline 1 2 3 2 1 2 3 2: mean 2, moving ranges 1 1 1 1 1 1 1, sigma 1/1.128.
        with cmx.RuleSet("we") as rules, cmx.Monitor.from_baseline(rules, [1, 2, 3, 2, 1, 2, 3, 2]) as m:
            limits = m.limits
            self.assertTrue(close(limits.cl, 2.0, 1e-12))
            self.assertTrue(close(limits.ucl, 2.0 + 3 / 1.128, 1e-12))
            events = m.extend([2.0, 2.1, 1.9, 10.0])
            self.assertEqual([(i, s.rule, s.direction) for i, s in events],
                             [(3, "western_electric_1", 1)])
        with cmx.Monitor("nelson", 0.0, 1.0) as m:
            self.assertEqual(m.push(-3.5)[0].rule, "nelson_1")
            self.assertEqual(m.push(-3.5)[0].direction, -1)

    def test_the_rule_table_is_the_libraries(self):
        # The binding's RULES (usable without loading the library) against cmx_spc_rule_name.
        from cmx import spc
        named = {rule: spc.rule_name(rule) for rule in range(0, 70)}
        self.assertEqual({rule: name for rule, name in named.items() if name is not None}, spc.RULES)
        self.assertIsNone(spc.rule_name(65535))

    def test_rule_set_evaluation_and_editing(self):
        # Nelson 2: nine in a row on one side of the centre (Minitab's K = 9).
        y = [1.0] * 9
        with cmx.RuleSet("nelson") as rules:
            self.assertEqual(len(rules), 8)
            signals, flags = rules.evaluate(y, 0.0, 1.0)
            self.assertIn("nelson_2", [s.rule for s in signals])
            rules.edit("nelson_2", 10)
            signals, _ = rules.evaluate(y, 0.0, 1.0)
            self.assertNotIn("nelson_2", [s.rule for s in signals])
            self.assertEqual(len(flags), 9)

    def test_runs_test_alpha_is_editable(self):
        # 6 runs of 20 points (10 above, 10 below): P(R <= 6) = 0.0185 by the exact runs
        # distribution (Swed & Eisenhart 1943), recomputed here from the binomials.
        runs = [4, 3, 3, 4, 3, 3]
        y = [1.0 if r % 2 == 0 else -1.0 for r, length in enumerate(runs) for _ in range(length)]
        ways = math.comb(20, 10)
        p = sum(2 * math.comb(9, k - 1) ** 2 for k in (1, 2, 3)) / ways  # R = 2, 4, 6
        p += sum(2 * math.comb(9, k) * math.comb(9, k - 1) for k in (1, 2)) / ways  # R = 3, 5
        self.assertAlmostEqual(p, 0.0185217, places=6)
        with cmx.RuleSet("ihi") as rules:
            signals, _ = rules.evaluate(y, 0.0)
            self.assertEqual([s.rule for s in signals], ["ihi_too_few_runs"])
            rules.edit_alpha("ihi_too_few_runs", p * 0.999)  # just below P: no signal
            self.assertEqual(rules.evaluate(y, 0.0)[0], [])
            rules.edit_alpha("ihi_too_few_runs", p * 1.001)
            self.assertEqual(len(rules.evaluate(y, 0.0)[0]), 1)
            with self.assertRaises(cmx.InvalidArgumentError):
                rules.edit_alpha("ihi_shift", 0.05)

    def test_threads_leave_a_long_chart_unchanged(self):
        # 2^18 + 300 points: split over cmx's own threads unless threads=1; the same numbers.
        size = (1 << 18) + 300
        x = list(range(1, size + 1))
        y = [10.0 + math.sin(0.37 * i) + (1.5 if i % 1000 < 60 else 0.0) for i in range(size)]
        with cmx.chart(x, y, chart="i", threads=1) as one, cmx.chart(x, y, chart="i", threads=2) as two:
            self.assertEqual(list(one.ucl[:5]), list(two.ucl[:5]))
            self.assertEqual(list(one.sigma_signal), list(two.sigma_signal))
            self.assertEqual(len(one.signals()), len(two.signals()))
            self.assertGreater(len(one.signals()), 1000)
        with cmx.RuleSet("we", threads=1) as a, cmx.RuleSet("we", threads=2) as b:
            signals_a, flags_a = a.evaluate(y, 10.0, 0.8)
            signals_b, flags_b = b.evaluate(y, 10.0, 0.8)
            self.assertEqual(len(signals_a), len(signals_b))
            self.assertEqual(list(flags_a), list(flags_b))

    def test_many_series_agree_with_single_charts(self):
        series = [[5.0, 6.0, 5.5, 7.0, 6.5, 30.0, 5.2, 6.1], [1.0, 1.2, 0.9, 1.1]]
        result = cmx.chart_many(series, "we", screen_mr=True)
        self.assertEqual(len(result.signals), 2)
        for k, values in enumerate(series):
            with cmx.chart(list(range(1, len(values) + 1)), values, chart="i", screen_mr=True) as c:
                self.assertTrue(close(float(result.cl[k]), c.parts[0].cl, 1e-12))
                self.assertTrue(close(float(result.sigma[k]), c.parts[0].sigma, 1e-12))
                # Western Electric 1 flags exactly the points the chart finds beyond its limits.
                we1 = sorted(i for s in result.signals[k] if s.rule == "western_electric_1"
                             for i in range(s.first, s.last + 1))
                self.assertEqual(we1, [i for i, v in enumerate(c.sigma_signal) if v])
                self.assertEqual(len(result.flags[k]), len(values))
        self.assertIn(5, [s.first for s in result.signals[0]])  # the 30
        self.assertEqual(result.signals[1], [])
        # Without the rule masks: the same signals and limits, and no flags.
        bare = cmx.chart_many(series, "we", screen_mr=True, flags=False)
        self.assertIsNone(bare.flags)
        self.assertEqual(bare.signals, result.signals)
        self.assertEqual(list(bare.cl), list(result.cl))
        # A generator is read once: its series are the same as the list's.
        lazy = cmx.chart_many((list(v) for v in series), "we", screen_mr=True)
        self.assertEqual(list(lazy.cl), list(result.cl))
        self.assertEqual(lazy.signals, result.signals)
        # The masks mark exactly the points of the signals (Western Electric 1 is bit 0).
        flagged = sorted(i for s in result.signals[0] if s.rule == "western_electric_1"
                         for i in range(s.first, s.last + 1))
        self.assertEqual([i for i, f in enumerate(result.flags[0]) if int(f) & 1], flagged)

    def test_bernoulli_cusum_by_hand(self):
        # Reynolds & Stoumbos: each outcome adds log((p1/p0)^x ((1-p1)/(1-p0))^(1-x)).
        p0, p1 = 0.1, 0.2
        up, down = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
        stat, signal = cmx.bernoulli_cusum([1, 1, 0, 1], p0, p1, h=1.5)
        want, s = [], 0.0
        for x in (1, 1, 0, 1):
            s = max(0.0, s + (up if x else down))
            want.append(s)
        self.assertTrue(all(close(float(a), b, 1e-12) for a, b in zip(stat, want)))
        self.assertEqual([bool(v) for v in signal], [w > 1.5 for w in want])

    def test_a_chart_is_readable_from_many_threads(self):
        with cmx.chart(list(range(1, 101)), [float(i % 7) for i in range(100)], chart="i") as c:
            want = _arrays.to_list(c.column("ucl"))
            errors = []

            def read():
                for _ in range(50):
                    c._columns.clear()
                    if _arrays.to_list(c.column("ucl")) != want:
                        errors.append("differs")

            threads = [threading.Thread(target=read) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])


    def test_a_monitor_shared_by_threads_reports_each_push_its_own_signals(self):
        # Another thread pushes between this push's C call and the reading of its signals: with
        # the buffer read under the lock, that push waits; without it, it overwrites the buffer
        # and this push of a high outlier would report the other push's low one.
        from cmx import spc as spc_module
        read_signals = spc_module._signals
        with cmx.Monitor("we", 0.0, 1.0) as m:
            other = threading.Thread(target=m.push, args=(-10.0,))

            def interleaved(buffer, length):
                if not other.is_alive() and other.ident is None:
                    other.start()
                    other.join(timeout=0.5)  # blocks the half second if the lock is held
                return read_signals(buffer, length)

            spc_module._signals = interleaved
            try:
                got = m.push(10.0)
            finally:
                spc_module._signals = read_signals
            other.join()
            self.assertEqual([(s.rule, s.first, s.direction) for s in got],
                             [("western_electric_1", 0, 1)])


class LifecycleTest(unittest.TestCase):
    def test_context_manager_and_close(self):
        c = cmx.chart([1, 2, 3], [1.0, 2.0, 4.0])
        with c:
            self.assertFalse(c.closed)
        self.assertTrue(c.closed)
        with self.assertRaisesRegex(ValueError, "Chart is closed"):
            c.info
        c.close()  # twice is fine

    def test_many_handles_are_freed(self):
        # Handles made and dropped in a loop are destroyed at once by reference counting (the
        # address sanitizer's build of the ctest entry would report a leak otherwise only at exit,
        # so this loop also checks nothing accumulates in the process).
        for _ in range(2000):
            c = cmx.chart([1, 2, 3], [1.0, 2.0, 4.0])
            del c


if __name__ == "__main__":
    unittest.main()
