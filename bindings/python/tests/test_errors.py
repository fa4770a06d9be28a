"""C statuses become exceptions of the right class, carrying the message and the location."""

import os
import tempfile
import unittest

import cmx
from cmx import errors

from .support import REPOSITORY

NAN = float("nan")


class ErrorMappingTest(unittest.TestCase):
    def test_one_class_per_status(self):
        expected = {
            1: (cmx.InvalidArgumentError, ValueError),
            2: (cmx.OutOfMemoryError, MemoryError),
            3: (cmx.BadInputError, ValueError),
            4: (cmx.ParseError, ValueError),
            5: (cmx.NotFoundError, LookupError),
            6: (cmx.CmxIOError, OSError),
            7: (cmx.BufferTooSmallError, cmx.CmxError),
            8: (cmx.OutOfRangeError, IndexError),
            9: (cmx.InconsistentError, ValueError),
            10: (cmx.UnsupportedError, cmx.CmxError),
            11: (cmx.InternalError, cmx.CmxError),
        }
        for status, (cls, base) in expected.items():
            e = errors.error_for(status, cmx.status_string(status), "src", 3, 4, "f")
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, base)
            self.assertIsInstance(e, cmx.CmxError)
            self.assertEqual((e.status, e.location), (status, ("src", 3, 4, "f")))
            self.assertEqual(str(e), cmx.status_string(status))
        self.assertIs(type(errors.error_for(99, "new status")), cmx.CmxError)
        self.assertEqual(errors.error_for(99, "x").status, 99)

    def assertLocated(self, e, source=None, line=None, column=None, field=None):
        got = e.exception
        for name, want in (("source", source), ("line", line), ("column", column), ("field", field)):
            if want is not None:
                self.assertEqual(getattr(got, name), want, f"{name} of {got!r}: {got}")

    def test_bad_input_names_the_point_and_field(self):
        with self.assertRaises(cmx.BadInputError) as e:
            cmx.chart([1, 2, 3], [1.0, 2.0, float("inf")])
        self.assertLocated(e, line=3, field="y")
        self.assertIn("infinite", str(e.exception))
        with self.assertRaises(cmx.BadInputError) as e:
            cmx.chart([1, 2, 3], [1, 5, 2], [4, 4, 4], chart="p")
        self.assertLocated(e, line=2, field="y")
        with self.assertRaises(cmx.BadInputError) as e:
            cmx.Funnel([10, 50, 30], [100, 0, 300])
        self.assertLocated(e, line=2, field="denominator")

    def test_parse_errors_name_line_column_or_json_pointer(self):
        with self.assertRaises(cmx.ParseError) as e:
            cmx.System('{"units": [\n  {"id": }\n]}', source="broken.json")
        self.assertLocated(e, source="broken.json", line=2)
        self.assertGreater(e.exception.column, 0)
        with self.assertRaises(cmx.ParseError) as e:
            cmx.Compass({"measures": [{"id": "m", "point": "west", "scoring": "count"}]})
        self.assertLocated(e, field="/measures/0/direction")
        with self.assertRaises(cmx.ParseError) as e:
            cmx.FhirReports({"resourceType": "MeasureReport", "id": "r", "status": "complete",
                             "type": "summary", "measure": "m",
                             "period": {"start": "2024-01-01", "end": "2024-01-31"},
                             "group": [{"population": [
                                 {"code": {"coding": [{"code": "numerator"}]}, "count": -1}]}]},
                            source="bad.json")
        self.assertLocated(e, source="bad.json", field="/group/0/population/0/count")
        with self.assertRaises(cmx.ParseError):
            cmx.parse_time("yesterday")

    def test_a_bad_csv_names_file_line_and_column(self):
        path = os.path.join(REPOSITORY, "tests", "fixtures", "system", "bad_stays.csv")
        with self.assertRaises(cmx.BadInputError) as e:
            cmx.Journeys.from_file(path)
        self.assertLocated(e, line=3, column=4, field="end")
        self.assertTrue(e.exception.source.endswith("bad_stays.csv"))

    def test_not_found_out_of_range_inconsistent_unsupported_io(self):
        with self.assertRaises(cmx.NotFoundError) as e:
            cmx.RuleSet("nelson,bogus")
        self.assertIn("bogus", e.exception.field + str(e.exception))
        system = cmx.System({"units": [{"id": "a", "level": "mesosystem"}]})
        with self.assertRaises(cmx.NotFoundError):
            system.index("nowhere")
        with self.assertRaises(cmx.OutOfRangeError) as e:
            cmx.chart(list(range(1, 11)), [float(v) for v in range(10)], exclude=[5, 40])
        self.assertIn("40", str(e.exception))
        with self.assertRaises(cmx.OutOfRangeError):
            system.unit_id(1)
        with self.assertRaises(cmx.InconsistentError) as e:
            cmx.System({"units": [{"id": "a", "level": "mesosystem"},
                                  {"id": "b", "level": "mesosystem"}],
                        "memberships": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]},
                       source="cycle.json")
        self.assertLocated(e, source="cycle.json", field="/memberships/1")
        self.assertIn("a -> b -> a", str(e.exception))
        with self.assertRaises(cmx.UnsupportedError):
            cmx.Monitor("ihi", 0.0, 1.0)
        with self.assertRaises(cmx.CmxIOError) as e:
            cmx.System.from_file("/no/such/system.json")
        self.assertIsInstance(e.exception, OSError)

    def test_invalid_arguments(self):
        with self.assertRaises(cmx.InvalidArgumentError):
            cmx.RuleSet("nelson").edit("nelson_2", 0)
        with self.assertRaises(cmx.InvalidArgumentError):
            cmx.cusum([1.0, 2.0], 0.0, -1.0)  # sigma <= 0
        with self.assertRaises(cmx.InvalidArgumentError) as e:
            cmx.bernoulli_cusum([0, 1], 0.5, 0.2, h=2.0)  # p1 <= p0
        self.assertTrue(e.exception.field)
        # Python-side checks happen before any C call.
        with self.assertRaisesRegex(ValueError, "unknown chart type 'zz'"):
            cmx.chart([1, 2], [1.0, 2.0], chart="zz")
        with self.assertRaisesRegex(ValueError, "y has 1 values, x has 2"):
            cmx.chart([1, 2], [1.0])

    def test_integers_are_checked_before_ctypes_wraps_them(self):
        x, y = list(range(1, 11)), [5.0, 6.0, 5.0, 6.0, 40.0, 5.0, 6.0, 5.0, 6.0, 5.0]
        # bool("off") is True: the text is read as the switch it names (the jump to 40 gives
        # moving ranges the screening drops, so on and off differ).
        with cmx.chart(x, y, screen_mr="off") as off, cmx.chart(x, y, screen_mr=False) as plain, \
                cmx.chart(x, y, screen_mr=True) as screened:
            self.assertEqual(list(off.ucl), list(plain.ucl))
            self.assertNotEqual(list(off.ucl), list(screened.ucl))
        with self.assertRaisesRegex(ValueError, "screen_mr must be on or off"):
            cmx.chart(x, y, screen_mr="maybe")
        with self.assertRaisesRegex(ValueError, "threads must lie in 0..4294967295, not -1"):
            cmx.chart(x, y, threads=-1)
        with self.assertRaisesRegex(ValueError, "freeze must lie in 0.."):
            cmx.chart(x, y, freeze=-3)
        with self.assertRaisesRegex(ValueError, "parts must lie in 1.."):
            cmx.chart(x, y, parts=[-1])
        with self.assertRaisesRegex(ValueError, "parts must be a whole number, not 2.5"):
            cmx.chart(x, y, parts=[2.5])
        with cmx.chart(x, y, parts=[5.0]) as whole_float:
            self.assertEqual(whole_float.info.parts, 2)
        with self.assertRaisesRegex(ValueError, "threads must lie"):
            cmx.chart_many([[1.0, 2.0, 3.0]], threads=-2)
        with cmx.RuleSet("nelson") as rules:
            # 65536 + 1 would reach the C library as rule 1; count 2^32 + 9 as 9.
            with self.assertRaisesRegex(ValueError, "rule must lie in 0..65535"):
                rules.edit(65537, 9)
            with self.assertRaisesRegex(ValueError, "count must lie in"):
                rules.edit("nelson_2", 2**32 + 9)
            with self.assertRaisesRegex(ValueError, "unknown rule 'nelson_99'"):
                rules.edit("nelson_99", 9)
            with self.assertRaisesRegex(ValueError, "cl is required"):
                rules.evaluate([1.0, 2.0], None)
        outcomes = [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1]
        on = cmx.bernoulli_cusum(outcomes, 0.1, 0.3, 1.5, reset_after_signal=True)
        off = cmx.bernoulli_cusum(outcomes, 0.1, 0.3, 1.5, reset_after_signal=False)
        self.assertNotEqual(list(on[0]), list(off[0]))  # the data signals, so reset matters
        as_text = cmx.bernoulli_cusum(outcomes, 0.1, 0.3, 1.5, reset_after_signal="off")
        self.assertEqual(list(as_text[0]), list(off[0]))
        with self.assertRaisesRegex(ValueError, "reset_after_signal must be on or off"):
            cmx.bernoulli_cusum(outcomes, 0.1, 0.3, 1.5, reset_after_signal="sometimes")
        self.assertIsNone(cmx.spc.rule_name(65536 + 1))
        self.assertIsNone(cmx.spc.rule_name(-1))

    def test_the_context_error_is_cleared_by_a_success(self):
        with cmx.RuleSet("nelson") as rules:
            with self.assertRaises(cmx.InvalidArgumentError):
                rules.edit("nelson_2", 0)
            self.assertNotEqual(rules._ctx.last_error_code(), 0)
            rules.edit("nelson_2", 9)
            self.assertEqual(rules._ctx.last_error_code(), 0)

    def test_a_failed_create_leaves_no_handle(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w", encoding="utf-8") as f:
                f.write("{")
            with self.assertRaises(cmx.ParseError) as e:
                cmx.System.from_file(bad)
            self.assertEqual(e.exception.source, bad)


if __name__ == "__main__":
    unittest.main()
