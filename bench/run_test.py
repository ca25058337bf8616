"""The runner's summaries: numeric programs, geometric means, and the baseline comparison."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py, found beside this file)


def record(name, source_s, compiled_s, numeric=False, status="ok", cpu_speedup=None):
    return {"name": name, "status": status, "numeric": numeric,
            "speedup": source_s / compiled_s,
            "speedup_cpu": source_s / compiled_s if cpu_speedup is None else cpu_speedup,
            "rss_ratio": 1.0, "n": 100,
            "source": {"min": source_s}, "compiled": {"min": compiled_s}}


class SummaryTest(unittest.TestCase):
    def test_numeric_marker_is_read_from_the_source(self):
        self.assertTrue(run.is_numeric("b_nbody"))
        self.assertFalse(run.is_numeric("b_records"))

    def test_geometric_means_over_all_and_numeric(self):
        records = [record("b_a", 4.0, 1.0, numeric=True), record("b_b", 1.0, 1.0),
                   record("b_c", 9.0, 1.0, numeric=True), record("b_d", 1.0, 1.0, status="failed")]
        summary = run.summarize_records(records)
        self.assertEqual(summary["programs_ok"], 3)
        self.assertAlmostEqual(summary["geomean_speedup"], 36.0 ** (1.0 / 3))
        self.assertEqual(summary["programs_numeric_ok"], 2)
        self.assertAlmostEqual(summary["geomean_speedup_numeric"], 6.0)


class CompareTest(unittest.TestCase):
    BASELINE = {"programs": [record("b_same", 1.0, 1.0), record("b_slow", 2.0, 1.0),
                             record("b_fast", 1.0, 1.0), record("b_busy", 1.0, 1.0),
                             record("b_gone", 1.0, 1.0, status="failed")]}

    def verdicts(self, records):
        rows = run.compare_to_baseline(records, self.BASELINE, 0.10)
        return {row["name"]: row["verdict"] for row in rows}

    def test_flags_a_program_whose_speedup_fell(self):
        verdicts = self.verdicts([
            record("b_same", 1.0, 1.05),  # 5% is within the tolerance
            record("b_slow", 2.0, 1.5),   # speedup 2.0 -> 1.33
            record("b_fast", 1.0, 0.5),
            record("b_busy", 3.0, 3.0),   # everything 3x slower: the machine, not pyaot
            record("b_gone", 1.0, 1.0),   # failed in the baseline: nothing to compare
            record("b_new", 1.0, 1.0),
            record("b_broken", 1.0, 1.0, status="mismatch"),
        ])
        self.assertEqual(verdicts, {"b_same": "same", "b_slow": "SLOWER", "b_fast": "FASTER",
                                    "b_busy": "same", "b_gone": "NEW", "b_new": "NEW",
                                    "b_broken": "FAILED"})

    def test_another_n_is_not_compared(self):
        self.assertEqual(self.verdicts([dict(record("b_slow", 1.0, 9.0), n=5)]),
                         {"b_slow": "OTHER-N"})

    def test_compares_cpu_speedups_unless_asked_for_wall(self):
        baseline = {"programs": [record("b_x", 2.0, 1.0)]}
        noisy = [record("b_x", 2.0, 2.0, cpu_speedup=2.0)]  # wall time disturbed, CPU not
        by_cpu = run.compare_to_baseline(noisy, baseline, 0.10)
        by_wall = run.compare_to_baseline(noisy, baseline, 0.10, by="wall")
        self.assertEqual(by_cpu[0]["verdict"], "same")
        self.assertEqual(by_wall[0]["verdict"], "SLOWER")


if __name__ == "__main__":
    unittest.main()
