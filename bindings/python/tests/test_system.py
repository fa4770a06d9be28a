"""The system graph through the Python package: queries, flow against networkx's numbers
(tests/fixtures/system/networkx_flow.json), a hand-worked flow and roll-up."""

import json
import os
import tempfile
import unittest

import cmx

from .support import EXAMPLES, REPOSITORY, close

SYSTEM = {
    "units": [
        {"id": "m", "level": "macrosystem"},
        {"id": "a", "level": "mesosystem"},
        {"id": "b", "level": "mesosystem"},
        {"id": "x", "level": "clinical_microsystem"},
        {"id": "y", "level": "clinical_microsystem"},
        {"id": "s", "level": "support_microsystem"},
    ],
    "memberships": [
        {"from": "a", "to": "m"},
        {"from": "b", "to": "m"},
        {"from": "x", "to": "a"},
        {"from": "y", "to": "a", "weight": 0.6},
        {"from": "y", "to": "b", "weight": 0.4},
        {"from": "s", "to": "m"},
        {"from": "s", "to": "b", "type": "serves"},
    ],
    "pathways": [{"id": "p", "steps": ["x", "y"]}],
}
H = 3600


class SystemTest(unittest.TestCase):
    def test_queries(self):
        with cmx.System(SYSTEM, source="test.json") as s:
            self.assertEqual(len(s), 6)
            self.assertEqual(s.units, ["m", "a", "b", "x", "y", "s"])
            self.assertEqual(s.level("m"), "macrosystem")
            self.assertEqual(s.level(3), "clinical_microsystem")
            self.assertEqual(s.query("y", "parents"), ["a", "b"])
            self.assertEqual(sorted(s.query("m", "descendants")), ["a", "b", "s", "x", "y"])
            self.assertEqual(s.query("m", "descendants", level="clinical_microsystem"), ["x", "y"])
            self.assertEqual(s.query("b", "microsystems"), ["y", "s"])
            self.assertEqual(s.paths_to_macrosystem("y"), [["y", "a", "m"], ["y", "b", "m"]])

    def test_hand_worked_flow(self):
        # A -> B twice, B -> C, A -> C, C -> A, C -> D: betweenness A 1/6, C 1/2 (networkx's
        # normalisation (n-1)(n-2) = 6; shortest paths with length 1/count).
        stays = [("e1", "A", 0, 10 * H), ("e1", "B", 12 * H, 24 * H), ("e1", "C", 25 * H, 29 * H),
                 ("e1", "D", 29 * H, 48 * H), ("e2", "A", 96 * H, 97 * H),
                 ("e2", "B", 101 * H, 120 * H), ("e3", "A", 200 * H, 201 * H),
                 ("e3", "C", 201 * H, 202 * H), ("e3", "A", 202 * H, 203 * H)]
        with cmx.Journeys(stays) as j, j.flow() as f:
            self.assertEqual(j.counts, (3, 9))
            summary = f.summary
            self.assertEqual((summary.units, summary.edges, summary.handoffs), (4, 5, 6))
            self.assertTrue(close(summary.density, 5 / 12, 1e-15))
            units = {u.id: u for u in f.units}
            self.assertTrue(close(units["A"].betweenness, 1 / 6, 1e-12))
            self.assertTrue(close(units["C"].betweenness, 1 / 2, 1e-12))
            self.assertEqual((units["A"].out_degree, units["A"].out_strength), (2, 3.0))
            ab = [e for e in f.edges if (e.source, e.target) == ("A", "B")][0]
            self.assertEqual(ab.count, 2)
            self.assertTrue(close(ab.median_delay_hours, 3.0, 1e-12))  # 2 h and 4 h
            self.assertEqual(sum(p.count for p in f.paths), 3)
        with cmx.Journeys(stays) as j, j.flow(start=100 * H) as f:
            self.assertEqual(f.summary.handoffs, 3)

    def test_flow_against_networkx(self):
        path = os.path.join(REPOSITORY, "tests", "fixtures", "system", "networkx_flow.json")
        with open(path, encoding="utf-8") as f:
            nx = json.load(f)
        with tempfile.TemporaryDirectory() as tmp:
            csv = os.path.join(tmp, "handoffs.csv")
            with open(csv, "w", encoding="utf-8") as out:
                out.write("episode,from,to,time,type\n")
                k = 0
                for a, b, count in nx["edges"]:
                    for _ in range(count):
                        k += 1
                        out.write(f"h{k},{a},{b},2024-01-01T00:00:00Z,patient\n")
            with cmx.Flow.from_handoffs_file(csv) as flow:
                units = {u.id: u for u in flow.units}
                self.assertEqual(flow.summary.handoffs, sum(e[2] for e in nx["edges"]))
                for uid, u in units.items():
                    self.assertEqual(u.in_degree, nx["in_degree"][uid], uid)
                    self.assertEqual(u.out_degree, nx["out_degree"][uid], uid)
                    self.assertEqual(u.in_strength, nx["in_strength"][uid], uid)
                    self.assertTrue(close(u.betweenness, nx["betweenness"][uid]), uid)
                    self.assertTrue(close(u.pagerank, nx["pagerank"][uid]), uid)
                # u04, u16 receive nothing and send nothing in some draws; every unit with a
                # handoff is present.
                with_edges = {a for a, _, _ in nx["edges"]} | {b for _, b, _ in nx["edges"]}
                self.assertEqual(set(units), with_edges)

    def test_bundled_example_islands_and_conformance(self):
        system = cmx.System.from_file(os.path.join(EXAMPLES, "system", "system.json"))
        journeys = cmx.Journeys.from_file(os.path.join(EXAMPLES, "system", "stays.csv"), system)
        episodes, stays = journeys.counts
        self.assertGreater(episodes, 0)
        with journeys.flow() as flow:
            islands = flow.islands(system, "cardiac")
            members = sorted(u for island in islands for u in island)
            want = sorted(set(system.query("cardiac", "microsystems")))
            self.assertEqual(members, want)
            self.assertAlmostEqual(sum(p.coverage for p in flow.paths),
                                   sum(p.count for p in flow.paths) / episodes, places=12)
        transitions = journeys.transitions()
        by_pair = {}
        for t in transitions:
            by_pair[(t.previous, t.current)] = by_pair.get((t.previous, t.current), 0) + t.probability
        for total in by_pair.values():
            self.assertAlmostEqual(total, 1.0, places=12)

    def test_conformance_and_deviations(self):
        stays = [("e1", "x", 0, H), ("e1", "y", 2 * H, 3 * H),   # follows p = x, y
                 ("e2", "x", 0, H), ("e2", "a", 2 * H, 3 * H),   # leaves at step 2 for a
                 ("e3", "x", 0, H)]                              # ends after x
        with cmx.System(SYSTEM) as s, cmx.Journeys(stays, s) as j:
            self.assertEqual(j.conformance(s, "p"), (3, 1))
            deviations = sorted((d.step, d.observed or "", d.count) for d in j.deviations(s, "p"))
            self.assertEqual(deviations, [(1, "", 1), (1, "a", 1)])

    def test_rollup_pools_counts(self):
        with cmx.System(SYSTEM) as s, s.rollup([("x", "Q1", 2, 10), ("y", "Q1", 5, 20)]) as r:
            rows = {(row.unit, row.period): row for row in r.rows}
            # m: 2 + 0.6 * 5 + 0.4 * 5 = 7 over 10 + 20 = 30; a: 2 + 0.6 * 5 = 5 over 22.
            self.assertTrue(close(rows[("m", "Q1")].numerator, 7.0, 1e-12))
            self.assertTrue(close(rows[("m", "Q1")].denominator, 30.0, 1e-12))
            self.assertTrue(close(rows[("a", "Q1")].rate, 5 / 22, 1e-12))
            shared = r.shared_units
            self.assertEqual([(u.unit, u.parents) for u in shared], [("y", 2)])
            self.assertTrue(close(shared[0].weight_sum, 1.0, 1e-12))

    def test_pandas_frames_in(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        stays = pandas.DataFrame({
            "episode": ["e1", "e1", "e2", "e2"], "unit": ["x", "y", "x", "y"],
            "start": ["2024-03-01", "2024-03-01T12:00:00Z", "2024-03-02", "2024-03-02T06:00:00Z"],
            "end": ["2024-03-01T10:00:00Z", "2024-03-02", "2024-03-02T05:00:00Z", "2024-03-03"]})
        with cmx.System(SYSTEM) as s, cmx.Journeys(stays, s) as j, j.flow() as f:
            self.assertEqual(j.counts, (2, 4))
            (edge,) = f.edges
            self.assertEqual((edge.source, edge.target, edge.count), ("x", "y", 2))
            self.assertTrue(close(edge.median_delay_hours, 1.5, 1e-12))  # 2 h and 1 h
            self.assertEqual(j.conformance(s, "p"), (2, 2))
        observations = pandas.DataFrame({"unit": ["x", "y"], "period": ["Q1", "Q1"],
                                         "numerator": [2, 5], "denominator": [10, 20]})
        with cmx.System(SYSTEM) as s, s.rollup(observations) as r:
            frame = r.to_frame()
            m = frame[(frame.unit == "m") & (frame.period == "Q1")].iloc[0]
            self.assertTrue(close(m.numerator, 7.0, 1e-12))

    def test_times(self):
        self.assertEqual(cmx.parse_time("1970-01-02T00:00:01Z"), 86401)
        import datetime

        stays = [{"episode": "e", "unit": "x", "start": datetime.date(2024, 3, 1),
                  "end": "2024-03-01T10:00:00Z"}]
        with cmx.Journeys(stays) as j:
            self.assertEqual(j.units, ["x"])


if __name__ == "__main__":
    unittest.main()
