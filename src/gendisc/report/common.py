"""What the report reads (its tables and the run's facts), and small helpers its sections share."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from gendisc.study import outputs

#: the result tables beside ``results/errors.parquet`` that the report reads, by field name:
#: those of the registry of output tables (:mod:`gendisc.study.outputs`), then the beyond
#: studies' paired tables (written only when their study runs, see workflow/rules/beyond.smk)
TABLE_FILES: dict[str, str] = {
    **{name: t.file for name, t in outputs.report_tables().items() if name != "errors"},
    "beyond_missing": "missing_paired.csv",
    "beyond_hybrid": "hybrid_paired.csv",
    "beyond_semisupervised": "semisupervised_paired.csv",
    "beyond_novelty": "novelty_paired.csv",
    "reading_scores": "reading_scores.csv",
}


@dataclass(frozen=True)
class Tables:
    """Every table the report is built from (an empty frame when a table was not produced).

    Attributes
    ----------
    summary : pandas.DataFrame
        Per-cell means (``gendisc.study.summary.summarise``).
    cells : pandas.DataFrame
        Per-cell tests (``gendisc.stats.paired.cell_tests``, with ``p_bh``).
    curves : pandas.DataFrame
        Learning-curve fits (``gendisc.stats.curves.fit_curves``).
    crossovers : pandas.DataFrame
        m* with bootstrap interval and ``p_cross`` per (study, dataset, pair).
    sample_complexity : pandas.DataFrame
        Fits of m_epsilon on log n and on n.
    growth : pandas.DataFrame
        Growth exponent of m_epsilon in n and the AIC choice, with bootstrap uncertainty.
    parameter_convergence : pandas.DataFrame
        Naive Bayes' largest parameter deviation per dimension and m.
    efron : pandas.DataFrame
        Measured LR/LDA efficiency per Delta with Efron's theory.
    calibration : pandas.DataFrame
        Coverage of each variance estimator (``gendisc.stats.calibration.coverage``).
    claims : pandas.DataFrame
        The claims table (``gendisc.stats.claims.CLAIM_COLUMNS``).
    claims_sensitivity : pandas.DataFrame
        Verdict counts per claim under each of its rules (primary and secondary).
    m_epsilon : pandas.DataFrame
        m_epsilon per model and dimension (dimension sweep).
    misspecification : pandas.DataFrame
        Per synthetic setting: asymptotic gap and m* with intervals.
    level_trends : pandas.DataFrame
        OLS of the gap and of log m* on the misspecification level, per family and pair.
    across_datasets : pandas.DataFrame
        Win/tie/loss and Wilcoxon over datasets (Demšar 2006).
    c_sweep : pandas.DataFrame
        Logistic regression's error over a grid of C by separability stratum
        (``gendisc.study.c_sweep``).
    beyond_missing, beyond_hybrid, beyond_semisupervised, beyond_novelty : pandas.DataFrame
        The paired tables of the studies beyond the learning curves (``gendisc.stats.beyond``).
    reading_scores : pandas.DataFrame
        Mean curves of the alternatives of the pool and test-set readings, a few splits per m
        (``gendisc.study.reading_scores``; only when ``uci.reading_scores.replicates`` > 0).
    """

    summary: pd.DataFrame
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    curves: pd.DataFrame = field(default_factory=pd.DataFrame)
    crossovers: pd.DataFrame = field(default_factory=pd.DataFrame)
    sample_complexity: pd.DataFrame = field(default_factory=pd.DataFrame)
    growth: pd.DataFrame = field(default_factory=pd.DataFrame)
    parameter_convergence: pd.DataFrame = field(default_factory=pd.DataFrame)
    efron: pd.DataFrame = field(default_factory=pd.DataFrame)
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    claims_sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    m_epsilon: pd.DataFrame = field(default_factory=pd.DataFrame)
    misspecification: pd.DataFrame = field(default_factory=pd.DataFrame)
    level_trends: pd.DataFrame = field(default_factory=pd.DataFrame)
    across_datasets: pd.DataFrame = field(default_factory=pd.DataFrame)
    c_sweep: pd.DataFrame = field(default_factory=pd.DataFrame)
    beyond_missing: pd.DataFrame = field(default_factory=pd.DataFrame)
    beyond_hybrid: pd.DataFrame = field(default_factory=pd.DataFrame)
    beyond_semisupervised: pd.DataFrame = field(default_factory=pd.DataFrame)
    beyond_novelty: pd.DataFrame = field(default_factory=pd.DataFrame)
    reading_scores: pd.DataFrame = field(default_factory=pd.DataFrame)

    def present(self) -> tuple[str, ...]:
        """Names of the non-empty tables."""
        return tuple(f.name for f in fields(self) if not getattr(self, f.name).empty)


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report section may read.

    Attributes
    ----------
    tables : Tables
        The result tables.
    config : Mapping
        The config as run.
    provenance : Mapping
        Provenance stored in the results table (config hash, commit, packages, seed, engine).
    run : Mapping
        Facts about the run (jobs, wall time, machine, date).
    skipped : Mapping[str, str]
        UCI datasets not run, with the reason.
    seeds : int
        Number of distinct replicate random streams in the results.
    """

    tables: Tables
    config: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    run: Mapping[str, Any] = field(default_factory=dict)
    skipped: Mapping[str, str] = field(default_factory=dict)
    seeds: int = 0


def read_tables(paths: Mapping[str, str | os.PathLike[str]]) -> Tables:
    """Read the CSV tables named in ``paths`` (keys: fields of :class:`Tables`).

    Parameters
    ----------
    paths : Mapping[str, path]
        Table name -> CSV file; ``summary`` is required, the others optional.

    Returns
    -------
    Tables
    """
    unknown = set(paths) - set(TABLE_FILES)
    if unknown:
        raise ValueError(f"unknown report table(s) {sorted(unknown)}; known: {list(TABLE_FILES)}")
    if "summary" not in paths:
        raise ValueError("the report needs the summary table ('summary')")
    frames = {}
    for name, path in paths.items():
        try:
            frames[name] = pd.read_csv(path, keep_default_na=True)
        except pd.errors.EmptyDataError:
            frames[name] = pd.DataFrame()
    return Tables(**frames)


def columns_present(frame: pd.DataFrame, wanted: tuple[str, ...]) -> list[str]:
    """The columns of ``wanted`` that ``frame`` has, in the order of ``wanted``."""
    return [c for c in wanted if c in frame.columns]


def interval(est: float, lo: float, hi: float, fmt: str = "{:.3g}") -> str:
    """``"est [lo, hi]"``, with en dashes for missing values."""

    def f(v: float) -> str:
        return "–" if v is None or not np.isfinite(v) else fmt.format(v)

    return f"{f(est)} [{f(lo)}, {f(hi)}]"


#: regime of a learning-curve pair from the significant side at the smallest and largest m
REGIMES: dict[tuple[int, int], str] = {
    (-1, 1): "two regimes: NB better at small m, LR at large m",
    (-1, 0): "generative regime: NB better at small m, LR catches up",
    (-1, -1): "NB better throughout",
    (0, 1): "discriminative regime: LR better at large m",
    (0, 0): "no significant difference at either end",
    (0, -1): "NB better at large m only",
    (1, 1): "LR better throughout",
    (1, 0): "LR better at small m only",
    (1, -1): "reversed: LR better at small m, NB at large m",
}


def significant_side(ci_low: float, ci_high: float) -> int:
    """-1 if the interval of d = err_gen - err_dis lies below 0, +1 if above, else 0."""
    if np.isfinite(ci_high) and ci_high < 0:
        return -1
    if np.isfinite(ci_low) and ci_low > 0:
        return 1
    return 0


def regime(small: tuple[float, float], large: tuple[float, float]) -> str:
    """The regime of one (dataset, pair) from the d intervals at its smallest and largest m.

    Parameters
    ----------
    small, large : tuple[float, float]
        ``(ci_low, ci_high)`` of the paired difference at the smallest and the largest m.

    Returns
    -------
    str
        A value of :data:`REGIMES`.
    """
    return REGIMES[(significant_side(*small), significant_side(*large))]


#: every verdict kind, in the order the report shows them (older runs have "not supported")
VERDICTS: tuple[str, ...] = (
    "supported",
    "contradicted",
    "not supported",
    "negligible",
    "inconclusive",
    "degenerate",
)
#: verdicts that count against a claim
AGAINST: frozenset[str] = frozenset({"contradicted", "not supported"})


def verdict_counts(claims: pd.DataFrame, claim_ids: tuple[str, ...]) -> dict[str, int]:
    """Counts of each verdict over the rows of the given claims.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (columns ``claim``, ``verdict``).
    claim_ids : tuple[str, ...]
        The claims to count.

    Returns
    -------
    dict[str, int]
        ``n`` (rows), ``against`` (rows in :data:`AGAINST`) and one count per verdict kind:
        every kind of :data:`VERDICTS` (0 when absent) and any other kind found.
    """
    rows = claims[claims["claim"].isin(claim_ids)] if len(claims) else claims
    out = {"n": len(rows), **dict.fromkeys(VERDICTS, 0)}
    if len(rows):
        for v, k in rows["verdict"].value_counts().items():
            out[str(v)] = int(k)
    out["against"] = sum(out[v] for v in AGAINST)
    return out


def extremes(frame: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows at the smallest and at the largest ``m`` of each ``key`` group."""
    ordered = frame.sort_values([*key, "m"], kind="mergesort")
    g = ordered.groupby(key, sort=True, dropna=False)
    return g.head(1).set_index(key), g.tail(1).set_index(key)


def crossover_text(crossovers: pd.DataFrame, key: tuple[str, str, str]) -> tuple[str, float]:
    """``"m* [lo, hi]"`` and P(cross) of one curve pair ("none" when the means do not cross)."""
    x = crossovers
    if x.empty:
        return "–", np.nan
    row = x[(x["study"] == key[0]) & (x["dataset"] == key[1]) & (x["pair"] == key[2])]
    if row.empty:
        return "–", np.nan
    r = row.iloc[0]
    p = float(r.get("p_cross", np.nan))
    if not np.isfinite(float(r["m_star"])):
        side = str(r.get("censoring", ""))
        bound = r.get("m_star_bound", np.nan)
        if side == "right" and np.isfinite(float(bound)):  # censored, not dropped
            return f"> {float(bound):.0f} (censored)", p
        if side == "left" and np.isfinite(float(bound)):
            return f"< {float(bound):.0f} (censored)", p
        return "none in range", p
    return interval(float(r["m_star"]), float(r["ci_low"]), float(r["ci_high"]), "{:.0f}"), p


def regimes(tables: Tables, study: str) -> dict[tuple[str, str], str]:
    """Regime per (dataset, pair) from the anchor intervals of the per-cell tests."""
    c = tables.cells
    if c.empty or "anchor_ci_low" not in c.columns:
        return {}
    small, large = extremes(c[c["study"] == study], ["dataset", "pair"])
    out = {}
    for key in small.index:
        s, g = small.loc[key], large.loc[key]
        out[key] = regime(
            (float(s["anchor_ci_low"]), float(s["anchor_ci_high"])),
            (float(g["anchor_ci_low"]), float(g["anchor_ci_high"])),
        )
    return out


def across_table(tables: Tables, uci: bool = True) -> pd.DataFrame:
    """Win/tie/loss of the generative model and Demšar's Wilcoxon test over datasets.

    Rows of the UCI datasets (``uci=True``) or of the synthetic settings per family.
    """
    a = tables.across_datasets
    if a.empty:
        return a
    a = a[(a["study"] == "uci") == uci]
    cols = ("study", "pair", "which", "n_datasets", "wins", "ties", "losses", "wilcoxon_p",
            "rank_biserial")  # fmt: skip
    return a.loc[:, [c for c in cols if c in a.columns]]


def replicates(summary: pd.DataFrame, study: str) -> str:
    """``R = k`` (or ``R = lo–hi``) of a study's cells."""
    r = summary.loc[summary["study"] == study, "R"] if "R" in summary.columns else pd.Series()
    if r.empty:
        return "R = 0"
    lo, hi = int(r.min()), int(r.max())
    return f"R = {lo}" if lo == hi else f"R = {lo}–{hi}"


def claim_rows(claims: pd.DataFrame, claim_ids: tuple[str, ...]) -> pd.DataFrame:
    """The claims-table rows of some claims, with the columns a reader needs."""
    if claims.empty:
        return claims
    rows = claims[claims["claim"].isin(claim_ids)]
    cols = ("claim", "scope", "estimate", "ci_low", "ci_high", "p_value", "p_adjusted", "verdict")
    return rows.loc[:, [c for c in cols if c in rows.columns]]


__all__ = [
    "AGAINST",
    "REGIMES",
    "TABLE_FILES",
    "VERDICTS",
    "ReportInputs",
    "Tables",
    "across_table",
    "claim_rows",
    "columns_present",
    "crossover_text",
    "extremes",
    "interval",
    "read_tables",
    "regime",
    "regimes",
    "replicates",
    "significant_side",
    "verdict_counts",
]
