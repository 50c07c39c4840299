"""The claim builders: one row per Ng–Jordan claim and scope, under a given verdict rule.

The claims and their rules are registered in ``config/claims.yaml``
(:mod:`gendisc.stats.registry`); :mod:`gendisc.stats.claim_rules` maps each registered rule to
the builder here that implements it. Every builder returns rows with the columns of
:data:`CLAIM_COLUMNS` except ``rule, primary, p_adjusted`` and ``verdict``;
:func:`finalize_claims` applies Holm within each claim and rule and the verdicts of
:mod:`gendisc.stats.verdicts`. Estimates are oriented so that a positive value points in the
claimed direction, except where ``test`` says otherwise (noninferiority, equivalence, aic).
Degenerate cells (no variance of the difference) are never tested: a scope whose needed cell
is degenerate gets a row with ``degenerate`` True and the verdict ``degenerate``.

Claims
------
1. ``generative_better_small_m``: -mean(d) in one small-m cell (d = err_gen - err_dis), chosen
   by :func:`small_m_cells` (the smallest m, or the best cell of the lower half of the m grid,
   Bonferroni-adjusted).
2. ``discriminative_not_worse_asymptotically``: mean(d) at the largest m, a noninferiority claim
   (d >= -min_effect), one-sided p of H0: d <= -min_effect.
3. ``curves_cross``: m* with its bootstrap interval; p is the intersection–union p-value
   max(p(d < 0 at small m), p(d > 0 at the largest m)), both one-sided; small m as in claim 1.
4. ``m_eps_log_n`` (generative) / ``m_eps_linear_n`` (discriminative): AIC difference of the two
   sample-complexity fits (positive favours the claimed form); ``m_eps_slope_gap``: slope of
   m_eps on n of the discriminative minus the generative model (Welch-type t).
5. ``misspecification_widens_gap``: OLS slope of the per-setting asymptotic gap
   (err_gen - err_dis) on the misspecification level, per family and pair
   (:mod:`gendisc.stats.trends`).
6. ``efron_efficiency``: measured efficiency minus Efron's ARE at each Delta (equivalence).
Across datasets (Demšar 2006): ``*_across_datasets`` rows carry the rank-biserial correlation
and the Wilcoxon signed-rank p over datasets (the tables: :mod:`gendisc.stats.across_datasets`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from gendisc.stats.across_datasets import extreme_cells
from gendisc.stats.claim_rows import (
    claim_row,
    degenerate_row,
    is_degenerate,
    one_sided,
    scope_name,
)
from gendisc.stats.multiplicity import holm
from gendisc.stats.verdicts import VERDICT_KINDS, VerdictRule, verdict

#: columns of the claims table (``results/claims.csv``): one row per claim, scope and rule
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim",
    "scope",
    "rule",
    "primary",
    "detail",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "verdict",
    "test",
    "degenerate",
)

#: the verdict kinds (:data:`gendisc.stats.verdicts.VERDICT_KINDS`)
VERDICTS: tuple[str, ...] = VERDICT_KINDS

#: how claims 1 and 3 choose their small-m cell: the smallest non-degenerate m (the rule first
#: declared) or the best non-degenerate cell of the lower half of the grid, Bonferroni-adjusted
SMALL_M_CHOICES: tuple[str, ...] = ("smallest", "lower_half_best")


def small_m_cells(cells: pd.DataFrame, alpha: float, how: str = "lower_half_best") -> pd.DataFrame:
    """Per (study, dataset, pair): the small-m cell that claims 1 and 3 test.

    Degenerate cells (no variance of the difference) are never chosen. ``how``:

    * ``"smallest"`` (the rule first declared): the smallest non-degenerate m; k = 1.
    * ``"lower_half_best"``: "small m" is the lower half of the scope's m grid on a log scale
      (m <= the geometric midpoint of its smallest and largest m); of its k non-degenerate
      cells the one most in favour of the generative model. At the very smallest m (2-4
      examples) Gaussian naive Bayes' variance estimates have almost no degrees of freedom.
      The chosen cell's p-value is Bonferroni-adjusted for the k candidates and its interval
      widened to level ``1 - alpha / k``, so the selection does not inflate the evidence.

    Returns
    -------
    pandas.DataFrame
        The chosen cell's columns plus ``small_m_max, small_k, p_small, small_ci_low,
        small_ci_high, degenerate`` (True, with NaN statistics, when every candidate is
        degenerate).
    """
    if how not in SMALL_M_CHOICES:
        raise ValueError(f"how must be one of {SMALL_M_CHOICES}, got {how!r}")
    from scipy.stats import t as student_t

    out = []
    for key, group in cells.groupby(["study", "dataset", "pair"], observed=True, sort=True):
        m = group["m"].to_numpy(dtype=float)
        cut = np.sqrt(m.min() * m.max()) if how == "lower_half_best" else np.inf
        ok = group[~is_degenerate(group)]
        cand = ok[ok["m"] <= cut + 1e-9]
        if how == "smallest":
            cand = cand[cand["m"] == cand["m"].min()] if len(cand) else cand
        if cand.empty:
            out.append(pd.Series(dict(zip(("study", "dataset", "pair"), key, strict=True))
                                 | {"m": np.nan, "mean_d": np.nan, "degenerate": True}))  # fmt: skip
            continue
        tstat = cand["mean_d"] / cand["anchor_se"].where(cand["anchor_se"] > 0)
        best = cand.loc[tstat.fillna(0.0).idxmin()].copy()
        k = len(cand)
        half = student_t.ppf(1 - alpha / (2 * k), best["df"]) * best["anchor_se"]
        best["small_m_max"] = int(np.floor(cut + 1e-9)) if np.isfinite(cut) else int(best["m"])
        best["small_k"] = k
        best["p_small"] = (
            min(1.0, k * best["anchor_p"]) if np.isfinite(best["anchor_p"]) else np.nan
        )
        best["small_ci_low"] = best["mean_d"] - half
        best["small_ci_high"] = best["mean_d"] + half
        best["degenerate"] = False
        out.append(best)
    return pd.DataFrame(out).reset_index(drop=True)


def claim_small_m(
    cells: pd.DataFrame, alpha: float = 0.05, how: str = "lower_half_best"
) -> list[dict]:
    """Claim 1 per (study, dataset, pair): the generative model is better at small m, in the
    cell :func:`small_m_cells` chooses with ``how``."""
    rows = []
    for _, c in small_m_cells(cells, alpha, how).iterrows():
        scope = scope_name(c.study, c.dataset, c.pair)
        if c.degenerate:
            rows.append(degenerate_row("generative_better_small_m", scope, "directional"))
            continue
        detail = f"m={int(c.m)}" + (f" of m<={c.small_m_max}" if how == "lower_half_best" else "")
        rows.append(
            claim_row("generative_better_small_m", scope, "directional", -c.mean_d,
                      -c.small_ci_high, -c.small_ci_low, c.p_small, detail=detail,
                      degenerate=False)
        )  # fmt: skip
    return rows


def claim_asymptotic(cells: pd.DataFrame, rule: VerdictRule) -> list[dict]:
    """Claim 2 per (study, dataset, pair): err_dis <= err_gen + margin at the largest m."""
    rows = []
    for _, c in extreme_cells(cells, "largest").iterrows():
        scope = scope_name(c.study, c.dataset, c.pair)
        claim = "discriminative_not_worse_asymptotically"
        if bool(c.get("degenerate", False)):
            rows.append(degenerate_row(claim, scope, "noninferiority", f"m={c.m}"))
            continue
        p = one_sided(c.mean_d, c.anchor_se, c.df, greater=True, shift=rule.min_effect)
        rows.append(
            claim_row(claim, scope, "noninferiority", c.mean_d, c.anchor_ci_low,
                      c.anchor_ci_high, p, detail=f"m={c.m}", degenerate=False)
        )  # fmt: skip
    return rows


def claim_asymptotic_errors(settings: pd.DataFrame, rule: VerdictRule) -> list[dict]:
    """Claim 2 per synthetic setting and pair, on the asymptotic errors.

    ``settings`` has columns ``study, dataset, pair, gap, gap_ci_low, gap_ci_high`` (the
    misspecification table: gap = err_gen - err_dis of models trained on very large training
    sets; its interval treats the two errors as independent binomials, which is conservative
    for two models scored on one shared test set). Noninferiority: one-sided normal p of
    H0: gap <= -min_effect.
    """
    z = stats.norm.ppf(1 - rule.alpha / 2)
    rows = []
    for _, r in settings.iterrows():
        se = (r.gap_ci_high - r.gap_ci_low) / (2 * z)
        p = float(stats.norm.sf((r.gap + rule.min_effect) / se)) if se > 0 else np.nan
        rows.append(
            claim_row("discriminative_not_worse_asymptotically",
                      scope_name(r.study, r.dataset, r.pair), "noninferiority", r.gap,
                      r.gap_ci_low, r.gap_ci_high, p, detail="asymptotic errors",
                      degenerate=False)
        )  # fmt: skip
    return rows


def claim_asymptotic_errors_paired(settings: pd.DataFrame, rule: VerdictRule) -> list[dict]:
    """Claim 2 per synthetic setting and pair on the asymptotic errors, paired on the shared
    test set: ``gap`` with ``gap_paired_ci_low, gap_paired_ci_high`` of the misspecification
    table (:func:`gendisc.stats.paired.paired_proportion_gap`). Noninferiority: one-sided normal
    p of H0: gap <= -min_effect. A setting without discordant counts gets no interval
    (inconclusive); one whose models never disagree is degenerate.
    """
    z = stats.norm.ppf(1 - rule.alpha / 2)
    rows = []
    for _, r in settings.iterrows():
        lo, hi = (float(r.get(c, np.nan)) for c in ("gap_paired_ci_low", "gap_paired_ci_high"))
        se = (hi - lo) / (2 * z)
        scope = scope_name(r.study, r.dataset, r.pair)
        if se == 0:
            rows.append(degenerate_row("discriminative_not_worse_asymptotically", scope,
                                       "noninferiority"))  # fmt: skip
            continue
        p = float(stats.norm.sf((r.gap + rule.min_effect) / se)) if se > 0 else np.nan
        rows.append(
            claim_row("discriminative_not_worse_asymptotically", scope, "noninferiority", r.gap, lo,
                      hi, p, detail="asymptotic errors, paired", degenerate=False)
        )  # fmt: skip
    return rows


def claim_crossing(
    cells: pd.DataFrame, crossovers: pd.DataFrame, alpha: float, how: str = "lower_half_best"
) -> list[dict]:
    """Claim 3 per (study, dataset, pair), from the cells and a crossover table.

    ``crossovers`` has columns ``study, dataset, pair, m_star, ci_low, ci_high, p_cross``
    (from :func:`gendisc.stats.crossovers.bootstrap_crossover`; NaN for None). Small m as in
    claim 1 with the same ``how``. Each row also carries both regimes' estimates and
    intervals in the claimed direction (``small_*``, ``large_*``), so that the minimum effect
    applies to both.
    """
    small = small_m_cells(cells, alpha, how).set_index(["study", "dataset", "pair"])
    large = extreme_cells(cells, "largest").set_index(["study", "dataset", "pair"])
    rows = []
    for _, x in crossovers.iterrows():
        s, g = small.loc[(x.study, x.dataset, x.pair)], large.loc[(x.study, x.dataset, x.pair)]
        scope = scope_name(x.study, x.dataset, x.pair)
        if bool(s.degenerate) or bool(g.get("degenerate", False)):
            rows.append(degenerate_row("curves_cross", scope, "iut"))
            continue
        raw_small = one_sided(s.mean_d, s.anchor_se, s.df, greater=False)
        p_small = min(1.0, s.small_k * raw_small)
        p_large = one_sided(g.mean_d, g.anchor_se, g.df, greater=True)
        reversed_ = (1 - raw_small < alpha / s.small_k) or (1 - p_large < alpha)
        rows.append(
            claim_row("curves_cross", scope, "iut", x.m_star, x.ci_low, x.ci_high,
                      max(p_small, p_large), detail=f"small m={int(s.m)}, large m={int(g.m)}",
                      degenerate=False, p_cross=float(x.p_cross), reversed=bool(reversed_),
                      small_est=-s.mean_d, small_lo=-s.small_ci_high, small_hi=-s.small_ci_low,
                      large_est=g.mean_d, large_lo=g.anchor_ci_low, large_hi=g.anchor_ci_high)
        )  # fmt: skip
    return rows


def claim_sample_complexity(fits: pd.DataFrame, alpha: float = 0.05) -> list[dict]:
    """Claim 4 from a table of sample-complexity fits.

    ``fits`` has one row per (scope, role, regressor) with columns ``scope, role, regressor``
    (``"log_n"``/``"n"``), ``slope, slope_se, df_resid, aic`` (from
    :func:`gendisc.stats.theory.fit_sample_complexity`).
    """
    rows = []
    for scope, g in fits.groupby("scope", sort=True):
        f = g.set_index(["role", "regressor"])
        for role, claim, better, worse in (
            ("generative", "m_eps_log_n", "log_n", "n"),
            ("discriminative", "m_eps_linear_n", "n", "log_n"),
        ):
            if (role, better) in f.index and (role, worse) in f.index:
                est = f.loc[(role, worse), "aic"] - f.loc[(role, better), "aic"]
                rows.append(claim_row(claim, scope_name(scope, role), "aic", est, None, None, None))
        if ("generative", "n") in f.index and ("discriminative", "n") in f.index:
            gen, dis = f.loc[("generative", "n")], f.loc[("discriminative", "n")]
            est = dis.slope - gen.slope
            se = float(np.hypot(dis.slope_se, gen.slope_se))
            df = float(min(dis.df_resid, gen.df_resid))  # conservative Welch-type df
            p = float(2 * stats.t.sf(abs(est) / se, df)) if se > 0 else np.nan
            half = float(stats.t.ppf(1 - alpha / 2, df)) * se
            rows.append(claim_row("m_eps_slope_gap", str(scope), "positive", est, est - half,
                                  est + half, p))  # fmt: skip
    return rows


def claim_misspecification(gap_regression: pd.DataFrame) -> list[dict]:
    """Claim 5: the gap err_gen - err_dis (asymptotic) grows with the level, per family/pair."""
    return [
        claim_row("misspecification_widens_gap", scope_name(r.family, r.pair), "directional",
                  r.slope, r.ci_low, r.ci_high, r.p_value)
        for _, r in gap_regression.iterrows()
    ]  # fmt: skip


def claim_efron(efficiency: pd.DataFrame, relative_tolerance: float | None = None) -> list[dict]:
    """Claim 6 from a table ``scope, delta, efficiency, ci_low, ci_high, theory`` (one row per
    Delta; ``theory`` from :func:`gendisc.stats.theory.efron_are`).

    With ``relative_tolerance`` each row carries ``tolerance = relative_tolerance * theory``
    (the equivalence band); without it the verdict rule's absolute ``efron_tolerance`` applies.
    """
    rows = []
    for _, r in efficiency.iterrows():
        extra = {} if relative_tolerance is None else {"tolerance": relative_tolerance * r.theory}
        rows.append(
            claim_row("efron_efficiency", scope_name(r.scope, f"delta={r.delta:g}"), "equivalence",
                      r.efficiency - r.theory, r.ci_low - r.theory, r.ci_high - r.theory, None,
                      detail=f"m>={int(r.m_min)}" if "m_min" in r else "", **extra)
        )  # fmt: skip
    return rows


def claim_across_datasets(small: pd.DataFrame, large: pd.DataFrame) -> list[dict]:
    """Claims 1 and 2 over datasets from :func:`across_datasets` at the smallest/largest m."""
    rows = [
        claim_row("generative_better_small_m_across_datasets", scope_name(r.study, r.pair),
                  "sign", r.rank_biserial, None, None, r.wilcoxon_p)
        for _, r in small.iterrows()
    ]  # fmt: skip
    rows += [
        claim_row("discriminative_better_large_m_across_datasets", scope_name(r.study, r.pair),
                  "sign", -r.rank_biserial, None, None, r.wilcoxon_p)
        for _, r in large.iterrows()
    ]  # fmt: skip
    return rows


def finalize_claims(
    rows: list[dict], rule: VerdictRule, holm_by: Sequence[str] = ()
) -> pd.DataFrame:
    """Holm-adjust the p-values of the claim rows (NaN p stays NaN) and add the verdicts.

    Parameters
    ----------
    rows : list[dict]
        Rows from the ``claim_*`` builders.
    rule : VerdictRule
        The verdict rule.
    holm_by : Sequence[str]
        Columns besides ``claim`` and ``rule`` that split the Holm families (each claim under
        each rule is always its own family; degenerate rows have no p-value and stay out).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CLAIM_COLUMNS`, sorted by claim and scope.
    """
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    defaults = {"rule": "", "primary": True, "detail": "", "degenerate": False}
    for col, value in defaults.items():
        table[col] = table[col].fillna(value) if col in table else value
    table["degenerate"] = table["degenerate"].astype(bool)
    table["p_adjusted"] = np.nan
    by = list(dict.fromkeys(["claim", "rule", *holm_by]))
    families = [g.index for _, g in table.groupby(by, sort=False)]
    for idx in families:
        table.loc[idx, "p_adjusted"] = holm(table.loc[idx, "p_value"].to_numpy(float))
    table["verdict"] = [verdict(r, rule) for r in table.to_dict("records")]
    table = table.loc[:, list(CLAIM_COLUMNS)]
    return table.sort_values(["claim", "rule", "scope"], kind="mergesort").reset_index(drop=True)


__all__ = [
    "CLAIM_COLUMNS",
    "SMALL_M_CHOICES",
    "VERDICTS",
    "VerdictRule",
    "claim_across_datasets",
    "claim_asymptotic",
    "claim_asymptotic_errors",
    "claim_asymptotic_errors_paired",
    "claim_crossing",
    "claim_efron",
    "claim_misspecification",
    "claim_row",
    "claim_sample_complexity",
    "claim_small_m",
    "finalize_claims",
    "is_degenerate",
    "small_m_cells",
    "verdict",
]
