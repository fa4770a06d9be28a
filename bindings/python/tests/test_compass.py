"""Funnel plots, FHIR and the value compass through the Python package, against hand-worked
values and published ones (Newcombe 1998; the HL7 MeasureReport example)."""

import json
import math
import os
import unittest

import cmx

from .support import EXAMPLES, REPOSITORY, close

REPORT = {
    "resourceType": "MeasureReport", "id": "r1", "status": "complete", "type": "summary",
    "measure": "http://example.org/Measure/m", "subject": {"reference": "Organization/w7"},
    "period": {"start": "2024-01-01", "end": "2024-03-31"},
    "group": [{"population": [
        {"code": {"coding": [{"code": c}]}, "count": n}
        for c, n in (("initial-population", 6), ("numerator", 3), ("numerator-exclusion", 1),
                     ("denominator", 6), ("denominator-exclusion", 1),
                     ("denominator-exception", 1))]}],
}
MEASURES = {"measures": [
    {"id": "mortality", "point": "west", "scoring": "proportion", "direction": "lower_is_better",
     "floor": 0.10, "target": 0.02, "mid": 0.01},
    {"id": "prom", "point": "north", "scoring": "continuous", "direction": "higher_is_better",
     "floor": 20, "target": 40},
]}


class FunnelTest(unittest.TestCase):
    def test_normal_limits_by_hand(self):
        y, n = [10, 50, 30, 2], [100, 200, 300, 100]
        p0 = 92 / 700  # pooled proportion
        with cmx.Funnel(y, n, limits="normal") as f:
            self.assertEqual(len(f), 4)
            self.assertTrue(close(f.summary.target, p0, 1e-15))
            u = f.unit(1)
            self.assertTrue(close(u.z, (0.25 - p0) / math.sqrt(p0 * (1 - p0) / 200), 1e-10))
            self.assertEqual([x.flag for x in f.units], ["none", "high", "none", "low"])
            self.assertTrue(close(u.upper998, p0 + 3.090232306167813 * math.sqrt(p0 * (1 - p0) / 200),
                                  1e-9))
        lower, upper = cmx.funnel_limits(400, 0.3, 0.998, limits="normal")
        self.assertTrue(close(0.3 - lower, upper - 0.3, 1e-15))

    def test_funnel_of_the_ae_example_from_pandas(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        frame = pandas.read_csv(os.path.join(EXAMPLES, "compass", "ae_funnel_2019-03.csv"))
        with cmx.Funnel(frame["within_4h"], frame["attendances"], overdispersion="additive") as f:
            self.assertEqual(len(f), len(frame))
            s = f.summary
            self.assertTrue(s.adjusted and s.tau2 > 0)
            pooled = frame["within_4h"].sum() / frame["attendances"].sum()
            self.assertTrue(close(s.target, pooled, 1e-12))


class FhirTest(unittest.TestCase):
    def test_read_and_write(self):
        with cmx.FhirReports(REPORT, source="r.json") as reports:
            self.assertEqual(len(reports), 1)
            g = reports[0]
            self.assertEqual((g.report_id, g.subject), ("r1", "Organization/w7"))
            self.assertEqual(g.score, 0.5)  # (3 - 1) / (6 - 1 - 1)
            text = reports.to_json()
            again = cmx.FhirReports(text)
            self.assertEqual(again[0].score, 0.5)
            self.assertEqual(json.loads(reports.to_json(bundle=True))["resourceType"], "Bundle")

    def test_hl7_example_file(self):
        path = os.path.join(REPOSITORY, "tests", "data", "compass", "measurereport_proportion.json")
        with cmx.FhirReports.from_file(path) as reports:
            self.assertEqual([g.score for g in reports], [0.5])


class CompassTest(unittest.TestCase):
    def make(self):
        c = cmx.Compass(MEASURES)
        nan = float("nan")
        c.add_observation("mortality", "A", "2024-01", numerator=8, denominator=100)
        c.add_observation("mortality", "A", "2024-02", numerator=6, denominator=100)
        c.add_observation("prom", "A", "2024-02", value=35, n=40)
        c.add_observations([{"measure": "mortality", "unit": "B", "period": "2024-02",
                             "numerator": 2, "denominator": 100, "value": nan}])
        c.add_edge("A", "division").add_edge("B", "division")
        return c

    def test_goalpost_scores_by_hand(self):
        calls = []

        def provider(measure, values):
            calls.append((measure, list(values)))
            if measure != "mortality":
                return None
            return values[-1] > 0.05, "beyond_limits"

        with self.make() as c:
            c.set_spc_provider(provider)
            with c.score("A") as r:
                # mortality (0.06 - 0.10) / (0.02 - 0.10) = 0.5; PROM (35 - 20) / (40 - 20) = 0.75
                self.assertTrue(close(r.point("west"), 0.5, 1e-12))
                self.assertTrue(close(r.point("north"), 0.75, 1e-12))
                self.assertTrue(math.isnan(r.points["east"]))
                self.assertTrue(close(r.outcome_index, 0.625, 1e-12))
                self.assertTrue(math.isnan(r.value_index))
                m = r.measures
                self.assertEqual([s.measure for s in m], ["mortality", "prom"])
                self.assertTrue(m[0].spc_computed and m[0].spc_signal)
                self.assertEqual(m[0].spc_rule, "beyond_limits")
                self.assertEqual(calls[0], ("mortality", [0.08, 0.06]))
            # The division pools counts: (6 + 2) / 200 = 0.04 -> (0.04 - 0.10) / -0.08 = 0.75.
            with c.score("division", "2024-02") as r:
                self.assertTrue(close(r.point("west"), 0.75, 1e-12))
            ch = c.change("A", "mortality", "2024-01", "2024-02")
            self.assertTrue(close(ch.difference, -0.02, 1e-12))
            self.assertTrue(close(ch.improvement, 0.02, 1e-12))
            self.assertEqual(ch.classification, "stable")

    def test_roll_up_through_a_system_graph_with_the_spc_engine(self):
        system = cmx.System({"units": [{"id": "division", "level": "mesosystem"},
                                       {"id": "A", "level": "clinical_microsystem"},
                                       {"id": "B", "level": "clinical_microsystem"}],
                             "memberships": [{"from": "A", "to": "division"},
                                             {"from": "B", "to": "division"}]})
        with cmx.Compass(MEASURES) as c:
            c.add_observation("mortality", "A", "2024-01", numerator=8, denominator=100)
            c.add_observation("mortality", "A", "2024-02", numerator=6, denominator=100)
            c.add_observation("mortality", "B", "2024-02", numerator=2, denominator=100)
            c.set_system(system)
            system.close()  # the compass keeps its own reference
            with c.score("division", "2024-02") as r:
                # pooled (6 + 2) / 200 = 0.04: goalpost (0.04 - 0.10) / (0.02 - 0.10) = 0.75
                self.assertTrue(close(r.point("west"), 0.75, 1e-12))
            with c.score("A", "2024-02") as r:
                self.assertTrue(r.measures[0].spc_computed)  # the engine's p chart, 2 points
                self.assertFalse(r.measures[0].spc_signal)
            with self.assertRaises(cmx.InconsistentError):
                c.add_edge("A", "division")

    def test_a_provider_exception_is_raised_after_the_call(self):
        def provider(measure, values):
            raise RuntimeError("provider broke")

        with self.make() as c:
            c.set_spc_provider(provider)
            with self.assertRaisesRegex(RuntimeError, "provider broke"):
                c.score("A")
            c.set_spc_provider(None)  # back to the SPC engine: a p chart of A's two periods
            with c.score("A") as r:
                self.assertTrue(r.measures[0].spc_computed)
                self.assertFalse(r.measures[0].spc_signal)

    def test_example_region_from_pandas(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        observations = pandas.read_csv(os.path.join(EXAMPLES, "compass", "observations.csv"))
        with cmx.Compass.from_file(os.path.join(EXAMPLES, "compass", "measures.json")) as c:
            c.add_observations(observations)
            unit = observations["unit"].iloc[0]
            with c.score(unit) as r:
                self.assertGreater(len(r), 0)
                self.assertEqual(len(r.measures), len(r))
            # The value index is the outcome index x reference cost / cost (README, compass).
            with c.score(unit, reference_cost=1000.0) as r:
                self.assertTrue(math.isfinite(r.cost) and r.cost > 0)
                self.assertTrue(close(r.value_index, r.outcome_index * 1000.0 / r.cost, 1e-12))
                weights = [1.0, 1.0, 1.0]
                points = [r.point(p) for p in ("west", "north", "east")]
                self.assertTrue(close(r.outcome_index, sum(w * p for w, p in zip(weights, points))
                                      / sum(weights), 1e-12))

    def test_intervals_and_composites(self):
        # Newcombe (1998), example (a) of table II: 56/70 - 48/80, hybrid score 0.0524 to 0.3339.
        est, lower, upper = cmx.newcombe_difference(56, 70, 48, 80)
        self.assertTrue(close(est, 56 / 70 - 48 / 80, 1e-15))
        self.assertLess(abs(lower - 0.0524), 5e-5)
        self.assertLess(abs(upper - 0.3339), 5e-5)
        # Newcombe (1998, single proportion), 81/263: Wilson 0.2553 to 0.3662.
        lower, upper = cmx.wilson_interval(81, 263)
        self.assertLess(abs(lower - 0.2553), 5e-5)
        self.assertLess(abs(upper - 0.3662), 5e-5)
        cells = [[1, 1, 0], [-1, 1, 1]]
        # All-or-none: patient 1 misses an item, patient 2 meets every eligible one: 1/2.
        self.assertTrue(close(cmx.composite(cells, "all_or_none"), 0.5, 1e-15))
        # Opportunity: 4 met of 5 eligible.
        self.assertTrue(close(cmx.composite(cells, "opportunity"), 0.8, 1e-15))


if __name__ == "__main__":
    unittest.main()
