"""make bench's beyond items: the references compute what the study's code computes, and the
full study's per-rule table sums the benchmark files (no timing is asserted)."""

from __future__ import annotations

import numpy as np

from gendisc import bench, bench_beyond
from gendisc.data import generators
from gendisc.models import gaussian, semisupervised
from gendisc.study import seeding


def test_em_reference_is_the_same_em():
    rng = seeding.rng(1, "test-bench-em")
    X, y = generators.sample(bench_beyond.SETTING, 12, rng, both_classes=True)
    Xu, _ = generators.sample(bench_beyond.SETTING, 500, rng)
    for diagonal in (True, False):
        fast = semisupervised.em_gaussian(X, y, Xu, diagonal=diagonal)
        ref = bench_beyond.em_reference(X, y, Xu, diagonal=diagonal)
        start = gaussian.fit_gaussian(X, y, diagonal=diagonal)
        assert not np.allclose(fast.means, start.means)  # EM moved away from the labelled fit
        np.testing.assert_allclose(fast.means, ref.means, atol=1e-9)
        np.testing.assert_allclose(fast.cov, ref.cov, atol=1e-9)


def test_per_rule_seconds_sums_benchmark_files(tmp_path):
    head = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
    files = {
        "simulate/synthetic/a/0.tsv": "2.0\t0:00:02\t100\t0\t0\t0\t0\t0\t0\t1.5\n",
        "simulate/dimension/b/0.tsv": "3.0\t0:00:03\t300\t0\t0\t0\t0\t0\t0\t2.5\n",
        "beyond/missing/cell.tsv": "4.0\t0:00:04\t50\t0\t0\t0\t0\t0\t0\t3.0\n",
        "beyond/missing.tsv": "1.0\t0:00:01\t40\t0\t0\t0\t0\t0\t0\t0.5\n",
    }
    for name, row in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(head + row)
    out = bench.per_rule_seconds(tmp_path)
    assert out["simulate"] == {"jobs": 2, "job_seconds": 5.0, "cpu_seconds": 4.0, "max_rss_mb": 300}
    assert out["beyond/missing"]["jobs"] == 2  # the study's cells and its table
    assert out["beyond/missing"]["cpu_seconds"] == 3.5
