"""Tests of the calibration analysis (gendisc.stats.calibration)."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats as sps

from gendisc.stats import calibration

ALPHA = 0.05


def test_coverage_counts_and_binomial_interval():
    cells = pd.DataFrame({
        "dataset": ["a", "b", "c", "d"] * 2, "pair": "p", "m": [8] * 4 + [16] * 4,
        "naive_ci_low": [-1, -1, 0.5, 0.5, -1, -1, -1, -1],
        "naive_ci_high": [1, 1, 1, 1, 1, 1, 1, 1],
        "corr_ci_low": [-1.0] * 8, "corr_ci_high": [1.0] * 8,
    })  # fmt: skip
    truth = pd.DataFrame({"dataset": list("abcd") * 2, "pair": "p", "m": [8] * 4 + [16] * 4,
                          "true_d": 0.0})  # fmt: skip
    cov = calibration.coverage(cells, truth, ALPHA).set_index(["m", "estimator"])
    assert cov.loc[(8, "naive_paired_t"), "n_covered"] == 2
    assert cov.loc[(8, "naive_paired_t"), "coverage"] == 0.5
    assert cov.loc[(16, "naive_paired_t"), "coverage"] == 1.0
    assert cov.loc[(8, "corrected_resampled_t"), "coverage"] == 1.0
    # the Monte-Carlo se of a coverage of 2 of 4 pools: sqrt(0.5 * 0.5 / 4)
    assert cov.loc[(8, "naive_paired_t"), "coverage_se"] == pytest.approx(0.25)
    assert cov.loc[(16, "naive_paired_t"), "coverage_se"] == 0.0
    # Clopper-Pearson for 2 of 4
    assert cov.loc[(8, "naive_paired_t"), "cov_ci_low"] == pytest.approx(sps.beta.ppf(0.025, 2, 3))
    with pytest.raises(ValueError, match="no true difference"):
        calibration.coverage(cells, truth.iloc[:3], ALPHA)
