"""Analysis of the calibration study: true differences and the coverage of each interval.

The simulation (pools, truth run) is :mod:`gendisc.study.calibration`; this module compares the
intervals of :func:`gendisc.stats.paired.cell_tests` on the pools with the truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendisc.stats import paired
from gendisc.study.calibration import STUDY


def true_differences(truth: pd.DataFrame) -> pd.DataFrame:
    """The true mean paired difference per (pair, m) from the truth run.

    Returns
    -------
    pandas.DataFrame
        Columns ``pair, m, R_truth, true_d, true_d_se``.
    """
    diffs = paired.paired_differences(truth)
    g = diffs.groupby(["pair", "m"], sort=True, observed=True)["d"]
    out = g.agg(R_truth="size", true_d="mean", sd="std").reset_index()
    out["true_d_se"] = out.pop("sd") / np.sqrt(out["R_truth"])
    return out


def coverage_table(pools: pd.DataFrame, truth: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Coverage of the naive and the corrected interval per pool size and m.

    Parameters
    ----------
    pools : pandas.DataFrame
        :func:`pool_errors` rows of every pool size.
    truth : pandas.DataFrame
        :func:`truth_errors` rows.
    alpha : float
        One minus the level of every interval (the nominal coverage is ``1 - alpha``).

    Returns
    -------
    pandas.DataFrame
        One row per (pool_size, m, estimator): ``pair, true_d, true_d_se, R, nominal, n_cells,
        n_covered, coverage, cov_ci_low, cov_ci_high, mean_half_width, rejection_rate`` where
        ``estimator`` is ``naive_paired_t`` (the interval conditional on the pool) or
        ``corrected_resampled_t`` (Nadeau–Bengio).
    """
    if set(pools["study"].unique()) != {STUDY}:
        raise ValueError(f"pool rows must all have study {STUDY!r}")
    cells = paired.cell_tests(paired.paired_differences(pools), alpha)
    cells["pool_size"] = np.rint(cells["m"] + cells["n_test"]).astype(np.int64)
    true = true_differences(truth)
    per_cell = cells.loc[:, ["dataset", "pair", "m"]].merge(
        true, on=["pair", "m"], how="left", validate="m:1"
    )
    if per_cell["true_d"].isna().any():
        missing = per_cell.loc[per_cell["true_d"].isna(), ["pair", "m"]].drop_duplicates()
        raise ValueError(f"no true difference for {missing.to_dict('records')}")
    cov = paired.coverage(
        cells, per_cell, alpha, on=("dataset", "pair", "m"), by=("pool_size", "m")
    )
    width = []
    for _, row in cov.iterrows():
        sel = cells[(cells["pool_size"] == row["pool_size"]) & (cells["m"] == row["m"])]
        pre = "naive" if row["estimator"] == "naive_paired_t" else "corr"
        width.append(float(((sel[f"{pre}_ci_high"] - sel[f"{pre}_ci_low"]) / 2).mean()))
    cov["mean_half_width"] = width
    cov["rejection_rate"] = 1.0 - cov["coverage"]
    cov["nominal"] = 1.0 - alpha
    cov["R"] = int(cells["R"].max())
    pair = str(cells["pair"].iloc[0])
    cov = cov.merge(true.loc[:, ["m", "true_d", "true_d_se"]], on="m", how="left")
    cov.insert(0, "pair", pair)
    return cov.sort_values(["pool_size", "m", "estimator"], kind="mergesort").reset_index(drop=True)


__all__ = ["coverage_table", "true_differences"]
