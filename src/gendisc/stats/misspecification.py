"""Claim 5's tables: per setting, the asymptotic gap (independent and paired intervals) and the
crossover m*, and their regressions on the misspecification level (``results/misspecification.csv``,
``results/level_trends.csv``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from gendisc.stats import paired
from gendisc.stats.settings import SETTING_COLUMNS, with_settings
from gendisc.stats.trends import asymptotic_gap, level_interaction_regression, level_trend_table

#: the studies whose settings claim 5 reads: the misspecification grid and the asymmetric variants
MISSPECIFICATION_STUDIES: tuple[str, ...] = ("synthetic", "asymmetric")


def misspecification_tables(
    asymptotic: pd.DataFrame,
    errors: pd.DataFrame,
    crossovers: pd.DataFrame,
    alpha: float,
    studies: tuple[str, ...] = MISSPECIFICATION_STUDIES,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-setting asymptotic gap and m*, and their regressions on the level.

    The gap's interval treats the two asymptotic errors as independent binomial proportions on
    ``n_test`` examples (conservative: both models are scored on the same test set, which
    correlates their errors positively). ``gap_paired_ci_*`` is the paired interval on that
    shared test set (:func:`gendisc.stats.paired.paired_proportion_gap`, from the discordant
    counts ``n_only_wrong``; NaN for a table without them).

    Returns
    -------
    settings : pandas.DataFrame
        ``results/misspecification.csv``: one row per (dataset, pair) with the setting columns,
        ``gap, gap_ci_low, gap_ci_high, m_star, m_star_ci_low, m_star_ci_high, p_cross,
        censoring, m_star_bound`` (crossovers outside the grid stay, censored).
    trends : pandas.DataFrame
        ``results/level_trends.csv``: :func:`gendisc.stats.trends.level_regression` per (family, pair)
        of ``gap`` and of ``log_m_star`` (natural log of m*), with column ``y``.
    """
    asym = asymptotic[asymptotic["study"].isin(list(studies))]
    sub = errors[errors["study"].isin(list(studies))]
    cols = ["study", "dataset", "pair", *SETTING_COLUMNS, "gap", "gap_ci_low", "gap_ci_high"]
    cols += ["gap_paired_ci_low", "gap_paired_ci_high"]
    cols += ["m_star", "m_star_ci_low", "m_star_ci_high", "p_cross", "censoring", "m_star_bound"]
    if asym.empty or sub.empty:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=["y", "family", "pair"])
    gap = asymptotic_gap(asym, sub)
    wide = asym.pivot_table(
        index=["study", "dataset", "pair"],
        columns="role",
        values=["asymptotic_error", "n_test"],
        aggfunc="first",
        observed=True,
    )
    eg, ed = wide[("asymptotic_error", "generative")], wide[("asymptotic_error", "discriminative")]
    var = eg * (1 - eg) / wide[("n_test", "generative")]
    var = var + ed * (1 - ed) / wide[("n_test", "discriminative")]
    z = float(norm.ppf(1 - alpha / 2))
    half = (z * np.sqrt(var.astype(float))).rename("half").reset_index()
    gap = gap.merge(half, on=["study", "dataset", "pair"], how="left")
    gap["gap_ci_low"] = gap["gap"] - gap["half"]
    gap["gap_ci_high"] = gap["gap"] + gap["half"]
    paired_ci = _paired_gap_intervals(asym, alpha)
    gap = gap.merge(paired_ci, on=["study", "dataset", "pair"], how="left")
    cross = crossovers.reindex(
        columns=["study", "dataset", "pair", "m_star", "ci_low", "ci_high", "p_cross",
                 "censoring", "m_star_bound"]
    )  # fmt: skip
    cross = cross.rename(columns={"ci_low": "m_star_ci_low", "ci_high": "m_star_ci_high"})
    table = with_settings(gap.drop(columns=["half"]), sub).merge(
        cross, on=["study", "dataset", "pair"], how="left"
    )
    table = table.loc[:, cols]
    table["log_m_star"] = np.log(table["m_star"].astype(float))
    trends = []
    for y in ("gap", "log_m_star"):
        reg = level_trend_table(table, y, alpha)
        reg.insert(0, "y", y)
        trends.append(reg)
    # the gap's trend with the dimension interaction (mean slope over n; claim 5's later rule)
    reg = level_interaction_regression(table, "gap", alpha)
    reg.insert(0, "y", "gap_by_n")
    trends.append(reg)
    return table.drop(columns=["log_m_star"]), pd.concat(trends, ignore_index=True)


def _paired_gap_intervals(asym: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """``gap_paired_ci_low, gap_paired_ci_high`` per (study, dataset, pair) of an asymptotic
    table (NaN where it has no discordant counts)."""
    key = ["study", "dataset", "pair"]
    if "n_only_wrong" not in asym.columns:
        out = asym.loc[:, key].drop_duplicates()
        return out.assign(gap_paired_ci_low=np.nan, gap_paired_ci_high=np.nan)
    wide = asym.pivot_table(index=key, columns="role", values=["n_only_wrong", "n_test"],
                            aggfunc="first", observed=True)  # fmt: skip
    rows = []
    for k, r in wide.iterrows():
        b, c = r[("n_only_wrong", "generative")], r[("n_only_wrong", "discriminative")]
        ok = np.isfinite(float(b)) and np.isfinite(float(c))
        n = int(r[("n_test", "generative")])
        lo, hi = paired.paired_proportion_gap(int(b), int(c), n, alpha)[2:] if ok else (np.nan,) * 2
        rows.append(dict(zip(key, k, strict=True)) | {"gap_paired_ci_low": lo,
                                                       "gap_paired_ci_high": hi})  # fmt: skip
    return pd.DataFrame(rows, columns=[*key, "gap_paired_ci_low", "gap_paired_ci_high"])


__all__ = ["MISSPECIFICATION_STUDIES", "misspecification_tables"]
