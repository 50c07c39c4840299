"""Analysis of the calibration study: true differences and the coverage of each interval.

The simulation (pools, truth run) is :mod:`gendisc.study.calibration`; this module compares the
intervals of :func:`gendisc.stats.paired.cell_tests` on the pools with the truth.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from gendisc.stats import paired
from gendisc.stats.pool_variance import POOL_ANCHOR, with_pool_anchor
from gendisc.study.calibration import STUDY


def coverage(
    cells: pd.DataFrame,
    truth: pd.DataFrame,
    alpha: float,
    on: Sequence[str] = ("dataset", "pair", "m"),
    by: Sequence[str] = ("m",),
) -> pd.DataFrame:
    """Coverage of each variance estimator's interval for a known true mean difference.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`gendisc.stats.paired.cell_tests` output of the calibration study (one row per pool and m).
    truth : pandas.DataFrame
        Columns ``on`` and ``true_d``: the population mean difference of each cell (for
        training sets of size m drawn from the generating distribution).
    alpha : float
        One minus the level of the Clopper–Pearson interval on the coverage.
    on : Sequence[str]
        Join keys between ``cells`` and ``truth``.
    by : Sequence[str]
        Report one coverage per combination of these columns (and per estimator).

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``estimator`` (``"naive_paired_t"``, ``"corrected_resampled_t"``),
        ``n_cells, n_covered, coverage, coverage_se, cov_ci_low, cov_ci_high``
        (``coverage_se``: the binomial Monte-Carlo standard error of the coverage).
    """
    paired.check_alpha(alpha)
    if "true_d" not in truth.columns:
        raise ValueError("truth table needs a 'true_d' column")
    merged = cells.merge(truth.loc[:, [*on, "true_d"]], on=list(on), how="inner", validate="m:1")
    if len(merged) != len(cells):
        raise ValueError(f"{len(cells) - len(merged)} cell(s) have no true difference")
    estimators = {"naive_paired_t": "naive", "corrected_resampled_t": "corr"}
    if "pool_ci_low" in cells.columns:
        estimators[POOL_ANCHOR] = "pool"
    rows = []
    for key, g in merged.groupby(list(by), sort=True, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        for name, pre in estimators.items():
            lo, hi = g[f"{pre}_ci_low"].to_numpy(float), g[f"{pre}_ci_high"].to_numpy(float)
            ok = ~(np.isnan(lo) | np.isnan(hi))
            n = int(ok.sum())
            t = g["true_d"].to_numpy(float)[ok]
            k = int(np.sum((lo[ok] <= t) & (t <= hi[ok])))
            ci = proportion_confint(k, n, alpha=alpha, method="beta") if n else (np.nan, np.nan)
            rows.append(
                dict(zip(by, key, strict=True))
                | {
                    "estimator": name,
                    "n_cells": n,
                    "n_covered": k,
                    "coverage": k / n if n else np.nan,
                    # Monte-Carlo standard error of the coverage over the n pools
                    "coverage_se": float(np.sqrt(k / n * (1 - k / n) / n)) if n else np.nan,
                    "cov_ci_low": float(ci[0]),
                    "cov_ci_high": float(ci[1]),
                }
            )
    return pd.DataFrame(rows)


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


def coverage_table(
    pools: pd.DataFrame,
    truth: pd.DataFrame,
    alpha: float,
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Coverage of each interval per pool size and m: naive, Nadeau–Bengio and the pool interval.

    Parameters
    ----------
    pools : pandas.DataFrame
        :func:`pool_errors` rows of every pool size.
    truth : pandas.DataFrame
        :func:`truth_errors` rows.
    alpha : float
        One minus the level of every interval (the nominal coverage is ``1 - alpha``).
    parts : pandas.DataFrame, optional
        Variance parts of every pool cell (:func:`gendisc.stats.pool_variance.pool_variance_parts`);
        with them the pool interval (estimator ``pool_t``) is assessed too.

    Returns
    -------
    pandas.DataFrame
        One row per (pool_size, m, estimator): ``pair, true_d, true_d_se, R, nominal, n_cells,
        n_covered, coverage, coverage_se, cov_ci_low, cov_ci_high, mean_half_width,
        rejection_rate`` where
        ``estimator`` is ``naive_paired_t`` (the interval conditional on the pool),
        ``corrected_resampled_t`` (Nadeau–Bengio) or ``pool_t`` (replicate spread plus the pool's
        test and training points, :mod:`gendisc.stats.pool_variance`).
    """
    if set(pools["study"].unique()) != {STUDY}:
        raise ValueError(f"pool rows must all have study {STUDY!r}")
    cells = paired.cell_tests(paired.paired_differences(pools), alpha)
    if parts is not None and len(parts):
        cells = with_pool_anchor(cells, parts, alpha)
    cells["pool_size"] = np.rint(cells["m"] + cells["n_test"]).astype(np.int64)
    true = true_differences(truth)
    per_cell = cells.loc[:, ["dataset", "pair", "m"]].merge(
        true, on=["pair", "m"], how="left", validate="m:1"
    )
    if per_cell["true_d"].isna().any():
        missing = per_cell.loc[per_cell["true_d"].isna(), ["pair", "m"]].drop_duplicates()
        raise ValueError(f"no true difference for {missing.to_dict('records')}")
    cov = coverage(cells, per_cell, alpha, on=("dataset", "pair", "m"), by=("pool_size", "m"))
    width = []
    for _, row in cov.iterrows():
        sel = cells[(cells["pool_size"] == row["pool_size"]) & (cells["m"] == row["m"])]
        pre = {"naive_paired_t": "naive", "corrected_resampled_t": "corr"}.get(
            row["estimator"], "pool"
        )
        width.append(float(((sel[f"{pre}_ci_high"] - sel[f"{pre}_ci_low"]) / 2).mean()))
    cov["mean_half_width"] = width
    cov["rejection_rate"] = 1.0 - cov["coverage"]
    cov["nominal"] = 1.0 - alpha
    cov["R"] = int(cells["R"].max())
    pair = str(cells["pair"].iloc[0])
    cov = cov.merge(true.loc[:, ["m", "true_d", "true_d_se"]], on="m", how="left")
    cov.insert(0, "pair", pair)
    return cov.sort_values(["pool_size", "m", "estimator"], kind="mergesort").reset_index(drop=True)


__all__ = ["coverage", "coverage_table", "true_differences"]
