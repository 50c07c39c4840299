"""Orchestration of the statistics: the errors and asymptotic tables in, the result tables out.

Each public function turns the study's tables into one result table of ``results/`` (the
pipeline's rules call exactly one of them); the statistics themselves live in
:mod:`gendisc.stats.paired`, :mod:`gendisc.stats.multiplicity`, :mod:`gendisc.stats.curves`,
:mod:`gendisc.stats.crossovers`, :mod:`gendisc.stats.trends`, :mod:`gendisc.stats.across_datasets`,
:mod:`gendisc.stats.theory` and :mod:`gendisc.stats.claims`; claim 5's per-setting tables are
:mod:`gendisc.stats.misspecification`.

Pre-registered decisions (also in the config's ``stats`` section and the report):

* Designs (:data:`DESIGNS`): synthetic, dimension and efron replicates are independent (paired t
  anchor); uci and calibration replicates are subsamples of one pool (Nadeau–Bengio corrected t
  anchor, the conservative choice; the naive paired t is kept, labelled
  ``conditional_on_dataset``).
* Benjamini–Hochberg families (:data:`BH_FAMILY`): the cells of one figure, i.e. one
  (study, family); all UCI datasets form one family (Figure 1).
* Holm families: one per claim and verdict rule, split further by ``stats.holm_by`` of the config.
* Claims and their rules: ``config/claims.yaml`` (:mod:`gendisc.stats.registry`), implemented in
  :mod:`gendisc.stats.claim_rules`; degenerate cells are excluded from every test.
* Claims 1–3 (small m, asymptotic, crossing) apply to the studies in :data:`CLAIM_STUDIES`,
  one row per (study, setting or dataset, pair); their across-datasets versions (Demšar) to the
  UCI datasets per pair and to the synthetic settings per (family, pair). Claim 4 uses the
  dimension study, claim 5 the synthetic study's asymptotic errors, claim 6 the efron study.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gendisc.stats import (
    across_datasets,
    claim_rules,
    claims,
    crossovers,
    curves,
    multiplicity,
    paired,
)
from gendisc.stats import pool_variance as pool_variance_mod
from gendisc.stats.registry import ClaimRegistry
from gendisc.stats.settings import with_settings
from gendisc.study import seeding

#: study -> design; extends :data:`gendisc.stats.paired.DESIGNS` with the efron study
DESIGNS: Mapping[str, str] = {**paired.DESIGNS, "efron": "independent"}

#: the columns whose combinations are one Benjamini–Hochberg family (one figure)
BH_FAMILY: tuple[str, ...] = ("study", "family")

#: studies on which claims 1-3 are tested
CLAIM_STUDIES: tuple[str, ...] = claim_rules.CLAIM_STUDIES


@dataclass(frozen=True)
class StatsConfig:
    """The statistics' settings, fixed in the config (``stats`` and ``epsilon``) before the run.

    Attributes
    ----------
    rule : claims.VerdictRule
        The verdict rule.
    holm_by : tuple[str, ...]
        Claims-table columns defining the Holm families (empty: one family of all rows).
    n_boot : int
        Bootstrap samples (crossovers and efficiencies).
    flat_fraction : float
        Flattening threshold of the learning-curve asymptote.
    efron_m_min : int
        Smallest m pooled in the measured Efron efficiency.
    epsilon : float
        Tolerance of m_epsilon.
    seed : int
        Base seed of the bootstraps.
    """

    rule: claims.VerdictRule
    holm_by: tuple[str, ...] = ("claim",)
    n_boot: int = 1000
    flat_fraction: float = 0.1
    efron_m_min: int = 0
    epsilon: float = 0.01
    seed: int = 0

    def __post_init__(self) -> None:
        bad = set(self.holm_by) - {"claim", "test"}
        if bad:
            raise ValueError(f"holm_by may hold 'claim' and 'test', got {sorted(bad)}")
        if self.n_boot < 1:
            raise ValueError(f"n_boot must be >= 1, got {self.n_boot!r}")
        if not 0 < self.flat_fraction < 1:
            raise ValueError(f"flat_fraction must be in (0, 1), got {self.flat_fraction!r}")
        if not self.epsilon > 0:
            raise ValueError(f"epsilon must be > 0, got {self.epsilon!r}")

    def describe(self) -> str:
        """The verdict rule and the multiple-comparison and design decisions, for the report."""
        text = self.rule.describe(self.holm_by)
        return (
            f"{text} Per-cell tests: paired t (df R - 1) for independent replicates; for UCI "
            "subsamples of one pool the Nadeau-Bengio corrected resampled t is the anchor (the "
            "naive paired t is reported as the interval conditional on the dataset). "
            "Benjamini-Hochberg over the cells of each figure (one study and family; all UCI "
            f"datasets together). Bootstraps use {self.n_boot} samples; m_epsilon uses epsilon = "
            f"{self.epsilon:g}."
        )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> StatsConfig:
        """Build from the whole (validated) study config."""
        sec = config["stats"]
        rule = claims.VerdictRule.from_config(
            {k: sec[k] for k in ("alpha", "min_effect", "min_delta_aic", "efron_tolerance")}
        )
        return cls(
            rule=rule,
            holm_by=tuple(sec["holm_by"]),
            n_boot=int(sec["n_boot"]),
            flat_fraction=float(sec["flat_fraction"]),
            efron_m_min=int(sec["efron_m_min"]),
            epsilon=float(config["epsilon"]),
            seed=int(config["seed"]),
        )


def cell_table(
    errors: pd.DataFrame, alpha: float, pool_variance: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per-cell tests with Benjamini–Hochberg over each figure (``results/cells.csv``).

    Parameters
    ----------
    errors : pandas.DataFrame
        The errors table.
    alpha : float
        One minus the level of every interval; also the BH level of ``bh_significant``.
    pool_variance : pandas.DataFrame, optional
        Variance parts of the resampled (UCI) cells
        (:func:`gendisc.stats.pool_variance.pool_variance_parts`); where given, those cells'
        anchor is the pool interval valid at m << N instead of the Nadeau–Bengio one.

    Returns
    -------
    pandas.DataFrame
        :func:`gendisc.stats.paired.cell_tests` columns, the setting columns, ``p_bh`` (BH over the
        cells of one :data:`BH_FAMILY`, on ``anchor_p``) and ``bh_significant``.
    """
    diffs = paired.paired_differences(errors)
    cells = paired.cell_tests(diffs, alpha, designs=DESIGNS)
    if pool_variance is not None and len(pool_variance):
        cells = pool_variance_mod.with_pool_anchor(cells, pool_variance, alpha)
    cells = with_settings(cells, errors)
    cells = multiplicity.bh_by_group(cells, by=BH_FAMILY, p_col="anchor_p", out_col="p_bh")
    cells["bh_significant"] = cells["p_bh"] < alpha
    return cells


def curve_table(errors: pd.DataFrame, flat_fraction: float) -> pd.DataFrame:
    """Learning-curve fits of every model with at least 3 m values (``results/curves.csv``).

    Returns
    -------
    pandas.DataFrame
        :func:`gendisc.stats.curves.fit_curves` columns plus the setting columns.
    """
    points = curves.curve_points(errors)
    key = ["study", "dataset", "pair", "model", "role"]
    n_m = points.groupby(key, observed=True)["m"].transform("nunique")
    fitted = curves.fit_curves(points[n_m >= 3], flat_fraction)
    if fitted.empty:
        return pd.DataFrame(columns=[*key, "a", "b", "c", "flattened", "asymptote"])
    return with_settings(fitted, errors)


def crossover_table(errors: pd.DataFrame, *, seed: int, n_boot: int, alpha: float) -> pd.DataFrame:
    """m* of every (study, dataset, pair) with its bootstrap (``results/crossovers.csv``).

    The bootstrap stream of a curve is ``seeding.rng(seed, "crossover", study, dataset, pair)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``study, dataset, pair, m_min, m_max, m_star, ci_low, ci_high, p_cross,
        n_boot`` (NaN when there is no crossing), ``censoring`` (a key of
        :data:`gendisc.stats.crossovers.CENSORING`: a crossing outside the grid is censored,
        not dropped), ``m_star_bound`` (the largest m when right-censored, m* > it; the
        smallest m when left-censored, m* < it) and the setting columns.
    """
    diffs = paired.paired_differences(errors)
    rows = []
    for (study, dataset, pair), g in diffs.groupby(
        ["study", "dataset", "pair"], sort=True, observed=True
    ):
        gen = seeding.rng(seed, "crossover", study, dataset, pair)
        res = crossovers.bootstrap_crossover(g, gen, n_boot=n_boot, alpha=alpha, direction="up")
        means = g.groupby("m", sort=True)["d"].mean()
        side = crossovers.censoring(means.index.to_numpy(float), means.to_numpy(float), "up")
        bound = {"right": g["m"].max(), "left": g["m"].min()}.get(side, np.nan)
        rows.append(
            {
                "study": study,
                "dataset": dataset,
                "pair": pair,
                "m_min": int(g["m"].min()),
                "m_max": int(g["m"].max()),
                "m_star": np.nan if res.m_star is None else res.m_star,
                "ci_low": np.nan if res.ci_low is None else res.ci_low,
                "ci_high": np.nan if res.ci_high is None else res.ci_high,
                "p_cross": res.p_cross,
                "n_boot": res.n_boot,
                "censoring": side,
                "m_star_bound": float(bound),
            }
        )
    cols = ["study", "dataset", "pair", "m_min", "m_max", "m_star", "ci_low", "ci_high"]
    table = pd.DataFrame(rows, columns=[*cols, "p_cross", "n_boot", "censoring", "m_star_bound"])
    return with_settings(table, errors)


def across_table(cells: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Win/tie/loss and Demšar's Wilcoxon test over datasets (``results/across_datasets.csv``).

    UCI: over the datasets, per pair; synthetic: over the settings of each family, per pair
    (its ``study`` column reads ``synthetic/<family>``). A dataset is a win (tie, loss) of the
    generative model when its BH-adjusted anchor p-value is below ``alpha`` and d < 0 (not
    significant, d > 0), at its smallest and at its largest m.
    """
    parts = []
    sub = cells[cells["study"].isin(CLAIM_STUDIES)].copy()
    syn = sub["study"] == "synthetic"
    sub.loc[syn, "study"] = "synthetic/" + sub.loc[syn, "family"].astype(str)
    for which in ("smallest", "largest"):
        if not sub.empty:
            parts.append(across_datasets.across_datasets(sub, which, p_col="p_bh", alpha=alpha))
    if not parts:
        return pd.DataFrame(columns=["study", "pair", "which", "n_datasets", "wins", "ties"])
    return pd.concat(parts, ignore_index=True)


def claims_tables(
    tables: Mapping[str, pd.DataFrame], registry: ClaimRegistry, cfg: StatsConfig
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The claims table, the across-datasets table and the sensitivity table.

    Parameters
    ----------
    tables : Mapping[str, pandas.DataFrame]
        ``cells`` (:func:`cell_table`), ``crossovers`` (:func:`crossover_table`), ``complexity``
        (sample-complexity fits), ``efron``, ``misspecification`` (the per-setting table of
        :func:`misspecification_tables`) and optionally ``summary``.
    registry : ClaimRegistry
        The registered claims and rules (``config/claims.yaml``).
    cfg : StatsConfig
        Verdict thresholds and Holm families.

    Returns
    -------
    claims_table : pandas.DataFrame
        ``results/claims.csv``: columns :data:`gendisc.stats.claims.CLAIM_COLUMNS`, one row per
        claim, scope and rule.
    across : pandas.DataFrame
        ``results/across_datasets.csv`` (:func:`across_table`).
    sensitivity : pandas.DataFrame
        ``results/claims_sensitivity.csv``: verdict counts per claim and rule.
    """
    across = across_table(tables["cells"], cfg.rule.alpha)
    table = claim_rules.build_claims({**tables, "across": across}, registry, cfg.rule, cfg.holm_by)
    return table, across, claim_rules.sensitivity_table(table, registry)


__all__ = [
    "BH_FAMILY",
    "CLAIM_STUDIES",
    "DESIGNS",
    "StatsConfig",
    "across_table",
    "cell_table",
    "claims_tables",
    "crossover_table",
    "curve_table",
]
