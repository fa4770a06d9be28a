"""Scale-out on Dask: every unit x measure series of a synthetic data set partitioned by unit,
charted on a distributed.LocalCluster of 2 workers, equals the single-process result exactly."""

import unittest

try:
    import dask
    import dask.dataframe as dd
    import distributed
except ImportError as e:  # pragma: no cover - depends on the installation
    MISSING = f"Dask is not installed ({e}); install python3-dask python3-distributed python3-pandas"
else:
    MISSING = None

from cmx import scale

UNITS, MEASURES, PERIODS, PARTITIONS = 240, 10, 48, 8


@unittest.skipIf(MISSING, MISSING or "")
class DaskTest(unittest.TestCase):
    def frame(self):
        size = UNITS // PARTITIONS
        parts = [dask.delayed(scale.synthetic_counts)(first, size, MEASURES, PERIODS)
                 for first in range(0, UNITS, size)]
        meta = scale.synthetic_counts(0, 1, MEASURES, PERIODS).iloc[:0]
        return dd.from_delayed(parts, meta=meta, verify_meta=False)

    def test_local_cluster_gives_the_single_process_result(self):
        whole = scale.synthetic_counts(0, UNITS, MEASURES, PERIODS)
        single = scale.chart_groups(whole, n="n", chart="p")
        self.assertEqual(len(single), UNITS * MEASURES)
        # Some series have a real shift: the charts must find signals, not only pass through.
        self.assertGreater(int(single["runs_signal"].sum()), 0)
        self.assertGreater(int(single["sigma_signals"].sum()), 0)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            frame = self.frame()
            self.assertEqual(frame.npartitions, PARTITIONS)
            lazy = scale.chart_dask(frame, n="n", chart="p")
            result = client.compute(lazy).result()
            # Both workers took part.
            workers = client.run(lambda: __import__("cmx").library_path())
            self.assertEqual(len(workers), 2)
        equal, difference = scale.same_results(result, single)
        self.assertTrue(equal, difference)
        self.assertEqual(len(result), UNITS * MEASURES)

    def test_a_frame_not_partitioned_by_unit_is_shuffled(self):
        whole = scale.synthetic_counts(0, 20, 3, 24)
        single = scale.chart_groups(whole, n="n", chart="p")
        # Rows of one series spread over partitions: shuffle=True brings them together.
        frame = dd.from_pandas(whole.sample(frac=1.0, random_state=1), npartitions=4)
        with dask.config.set(scheduler="threads"):
            result = scale.chart_dask(frame.map_partitions(lambda d: d), n="n", chart="p",
                                      shuffle=True).compute()
        # Sorting within a series is by x, so row order does not matter.
        equal, difference = scale.same_results(result, single, tolerance=1e-12)
        self.assertTrue(equal, difference)


if __name__ == "__main__":
    unittest.main()
