"""The claims table: one verdict per Ng–Jordan claim and scope.

Every builder returns rows with the columns of :data:`CLAIM_COLUMNS` except ``p_adjusted`` and
``verdict``; :func:`finalize_claims` applies Holm over the family of claim rows and the
:class:`VerdictRule`. Estimates are oriented so that a positive value points in the claimed
direction, except where ``test`` says otherwise (noninferiority, equivalence, aic).

Claims
------
1. ``generative_better_small_m``: -mean(d) at small m (d = err_gen - err_dis): the cell of
   the lower half of the m grid (log scale) most in favour of the generative model,
   Bonferroni-adjusted for the number of such cells (:func:`small_m_cells`).
2. ``discriminative_not_worse_asymptotically``: mean(d) at the largest m, a noninferiority claim
   (d >= -min_effect), one-sided p of H0: d <= -min_effect.
3. ``curves_cross``: m* with its bootstrap interval; p is the intersection–union p-value
   max(p(d < 0 at small m), p(d > 0 at the largest m)), both one-sided; small m as in
   claim 1 (best cell of the lower half of the grid, Bonferroni-adjusted).
4. ``m_eps_log_n`` (generative) / ``m_eps_linear_n`` (discriminative): AIC difference of the two
   sample-complexity fits (positive favours the claimed form); ``m_eps_slope_gap``: slope of
   m_eps on n of the discriminative minus the generative model (Welch-type t; test
   ``positive``: supported if significant and > 0, not supported if the interval is below 0).
5. ``misspecification_widens_gap``: OLS slope of the per-setting asymptotic gap
   (err_gen - err_dis) on the misspecification level, per family and pair.
6. ``efron_efficiency``: measured efficiency minus Efron's ARE at each Delta (equivalence within
   ``efron_tolerance``).
Across datasets (Demšar 2006): ``*_across_datasets`` rows carry the rank-biserial correlation
and the Wilcoxon signed-rank p over datasets (the tables: :mod:`gendisc.stats.across_datasets`).
The trend regression of claim 5 is :mod:`gendisc.stats.trends`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gendisc.stats.across_datasets import extreme_cells
from gendisc.stats.multiplicity import holm

CLAIM_COLUMNS: tuple[str, ...] = (
    "claim",
    "scope",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "verdict",
    "test",
)

VERDICTS: tuple[str, str, str] = ("supported", "not supported", "inconclusive")


@dataclass(frozen=True)
class VerdictRule:
    """How a claim row becomes a verdict; fixed in the config before the run.

    Attributes
    ----------
    alpha : float
        Family-wise level (Holm over the claim rows) and one minus every interval's level.
    min_effect : float
        Smallest error difference (absolute error-rate units) that counts as an effect; also
        the noninferiority margin of claim 2 and the smallest slope per unit level of claim 5.
    min_delta_aic : float
        AIC difference needed to prefer one sample-complexity form over the other.
    efron_tolerance : float
        Half-width of the equivalence band around Efron's ARE.
    """

    alpha: float = 0.05
    min_effect: float = 0.005
    min_delta_aic: float = 2.0
    efron_tolerance: float = 0.1

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must be in (0, 1), got {self.alpha!r}")
        for name in ("min_effect", "min_delta_aic", "efron_tolerance"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")

    @classmethod
    def from_config(cls, config: Mapping[str, float]) -> VerdictRule:
        """Build from a config mapping with (a subset of) the field names."""
        unknown = set(config) - {"alpha", "min_effect", "min_delta_aic", "efron_tolerance"}
        if unknown:
            raise ValueError(f"unknown verdict-rule key(s) {sorted(unknown)}")
        return cls(**{k: float(v) for k, v in config.items()})

    def describe(self, holm_by: Sequence[str] = ()) -> str:
        """The rule in words, for the report.

        Parameters
        ----------
        holm_by : sequence of str
            The columns whose values define one Holm family (empty: all claim rows).
        """
        a, e = self.alpha, self.min_effect
        families = (
            f"within each {' × '.join(holm_by)} (one family each)"
            if holm_by
            else "over all claim rows"
        )
        return (
            f"Holm-adjusted p-values {families} at family-wise alpha = {a:g}; intervals "
            f"are {100 * (1 - a):g}%. Claim 1 looks at small m: the m of the lower half of each "
            f"m grid (log scale) most in favour of the generative model, its p-value "
            f"Bonferroni-adjusted for the number of those m and its interval widened to match. "
            f"Directional claims: 'supported' if p_adjusted < {a:g}, the "
            f"interval lies on the claimed side of 0 and the estimate is at least {e:g}; "
            f"'not supported' if the interval excludes an effect of {e:g} in the claimed "
            f"direction; otherwise 'inconclusive'. Noninferiority (claim 2): 'supported' if "
            f"p_adjusted < {a:g} against a margin of {e:g}; 'not supported' if the interval lies "
            f"below -{e:g}. Crossing (claim 3; small m as in claim 1): 'supported' if the "
            f"intersection-union p_adjusted "
            f"< {a:g} and the mean curves cross; 'not supported' if either regime is "
            f"significantly reversed or fewer than {100 * a:g}% of bootstrap samples cross. "
            f"Sample-complexity forms: an AIC difference of at least {self.min_delta_aic:g} "
            f"decides. Efron's curve: 'supported' if the interval of measured minus theoretical "
            f"efficiency lies within +-{self.efron_tolerance:g}, 'not supported' if it lies "
            f"entirely outside. Across datasets: 'supported' / 'not supported' if the Wilcoxon "
            f"p_adjusted < {a:g} with the effect in / against the claimed direction."
        )


def _row(claim: str, scope: str, test: str, est, lo, hi, p, **extra) -> dict:
    def f(v):
        return np.nan if v is None else float(v)

    return {"claim": claim, "scope": scope, "test": test, "estimate": f(est), "ci_low": f(lo),
            "ci_high": f(hi), "p_value": f(p)} | extra  # fmt: skip


def _scope(*parts: object) -> str:
    return "/".join(str(p) for p in parts if p is not None and str(p) != "")


def _one_sided(mean: float, se: float, df: float, greater: bool, shift: float = 0.0) -> float:
    """One-sided t p-value of H0: mean <= -shift (greater) or mean >= shift (not greater)."""
    if not se > 0:
        return float(np.nan) if np.isnan(se) else (0.0 if (mean + shift > 0) == greater else 1.0)
    t = (mean + shift) / se if greater else (mean - shift) / se
    return float(stats.t.sf(t, df) if greater else stats.t.cdf(t, df))


def small_m_cells(cells: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Per (study, dataset, pair): the small-m cell most in favour of the generative model.

    "Small m" is the lower half of the scope's m grid on a log scale (m <= the geometric
    midpoint of its smallest and largest m). Ng & Jordan's claim is about a regime, not a
    single size: at the very smallest m (2-4 examples) Gaussian naive Bayes' variance
    estimates have almost no degrees of freedom and can lose, while it wins a few m later.
    The chosen cell's p-value is Bonferroni-adjusted for the k candidates (``p_small``) and
    its interval widened to level ``1 - alpha / k`` (``small_ci_low``, ``small_ci_high``), so
    the selection does not inflate the evidence.
    """
    from scipy.stats import t as student_t

    out = []
    for _, group in cells.groupby(["study", "dataset", "pair"], observed=True, sort=True):
        m = group["m"].to_numpy(dtype=float)
        cut = np.sqrt(m.min() * m.max())
        cand = group[group["m"] <= cut + 1e-9]
        tstat = cand["mean_d"] / cand["anchor_se"].where(cand["anchor_se"] > 0)
        best = cand.loc[tstat.fillna(0.0).idxmin()].copy()
        k = len(cand)
        half = student_t.ppf(1 - alpha / (2 * k), best["df"]) * best["anchor_se"]
        best["small_m_max"] = int(np.floor(cut + 1e-9))
        best["small_k"] = k
        best["p_small"] = (
            min(1.0, k * best["anchor_p"]) if np.isfinite(best["anchor_p"]) else np.nan
        )
        best["small_ci_low"] = best["mean_d"] - half
        best["small_ci_high"] = best["mean_d"] + half
        out.append(best)
    return pd.DataFrame(out).reset_index(drop=True)


def claim_small_m(cells: pd.DataFrame, alpha: float = 0.05) -> list[dict]:
    """Claim 1 per (study, dataset, pair): the generative model is better at small m
    (the most favourable cell of the lower half of the m grid, Bonferroni over its cells;
    see :func:`small_m_cells`)."""
    rows = []
    for _, c in small_m_cells(cells, alpha).iterrows():
        rows.append(
            _row("generative_better_small_m",
                 _scope(c.study, c.dataset, c.pair, f"m={c.m} of m<={c.small_m_max}"),
                 "directional", -c.mean_d, -c.small_ci_high, -c.small_ci_low, c.p_small)
        )  # fmt: skip
    return rows


def claim_asymptotic(cells: pd.DataFrame, rule: VerdictRule) -> list[dict]:
    """Claim 2 per (study, dataset, pair): err_dis <= err_gen + margin at the largest m."""
    rows = []
    for _, c in extreme_cells(cells, "largest").iterrows():
        p = _one_sided(c.mean_d, c.anchor_se, c.df, greater=True, shift=rule.min_effect)
        rows.append(
            _row("discriminative_not_worse_asymptotically",
                 _scope(c.study, c.dataset, c.pair, f"m={c.m}"), "noninferiority",
                 c.mean_d, c.anchor_ci_low, c.anchor_ci_high, p)
        )  # fmt: skip
    return rows


def claim_crossing(cells: pd.DataFrame, crossovers: pd.DataFrame, alpha: float) -> list[dict]:
    """Claim 3 per (study, dataset, pair), from the cells and a crossover table.

    ``crossovers`` has columns ``study, dataset, pair, m_star, ci_low, ci_high, p_cross``
    (from :func:`gendisc.stats.crossovers.bootstrap_crossover`; NaN for None).
    """
    small = small_m_cells(cells, alpha).set_index(["study", "dataset", "pair"])
    large = extreme_cells(cells, "largest").set_index(["study", "dataset", "pair"])
    rows = []
    for _, x in crossovers.iterrows():
        s, g = small.loc[(x.study, x.dataset, x.pair)], large.loc[(x.study, x.dataset, x.pair)]
        # small-m regime as in claim 1: the best cell of the lower half, Bonferroni over k
        raw_small = _one_sided(s.mean_d, s.anchor_se, s.df, greater=False)
        p_small = min(1.0, s.small_k * raw_small)
        p_large = _one_sided(g.mean_d, g.anchor_se, g.df, greater=True)
        reversed_ = (1 - raw_small < alpha / s.small_k) or (1 - p_large < alpha)
        rows.append(
            _row("curves_cross", _scope(x.study, x.dataset, x.pair), "iut", x.m_star, x.ci_low,
                 x.ci_high, max(p_small, p_large), p_cross=float(x.p_cross),
                 reversed=bool(reversed_))
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
                rows.append(_row(claim, _scope(scope, role), "aic", est, None, None, None))
        if ("generative", "n") in f.index and ("discriminative", "n") in f.index:
            gen, dis = f.loc[("generative", "n")], f.loc[("discriminative", "n")]
            est = dis.slope - gen.slope
            se = float(np.hypot(dis.slope_se, gen.slope_se))
            df = float(min(dis.df_resid, gen.df_resid))  # conservative Welch-type df
            p = float(2 * stats.t.sf(abs(est) / se, df)) if se > 0 else np.nan
            half = float(stats.t.ppf(1 - alpha / 2, df)) * se
            rows.append(_row("m_eps_slope_gap", str(scope), "positive", est, est - half,
                             est + half, p))  # fmt: skip
    return rows


def claim_misspecification(gap_regression: pd.DataFrame) -> list[dict]:
    """Claim 5: the gap err_gen - err_dis (asymptotic) grows with the level, per family/pair."""
    return [
        _row("misspecification_widens_gap", _scope(r.family, r.pair), "directional", r.slope,
             r.ci_low, r.ci_high, r.p_value)
        for _, r in gap_regression.iterrows()
    ]  # fmt: skip


def claim_efron(efficiency: pd.DataFrame) -> list[dict]:
    """Claim 6 from a table ``scope, delta, efficiency, ci_low, ci_high, theory`` (one row per
    Delta; ``theory`` from :func:`gendisc.stats.theory.efron_are`)."""
    return [
        _row("efron_efficiency", _scope(r.scope, f"delta={r.delta:g}"), "equivalence",
             r.efficiency - r.theory, r.ci_low - r.theory, r.ci_high - r.theory, None)
        for _, r in efficiency.iterrows()
    ]  # fmt: skip


def claim_across_datasets(small: pd.DataFrame, large: pd.DataFrame) -> list[dict]:
    """Claims 1 and 2 over datasets from :func:`across_datasets` at the smallest/largest m."""
    rows = [
        _row("generative_better_small_m_across_datasets", _scope(r.study, r.pair), "sign",
             r.rank_biserial, None, None, r.wilcoxon_p)
        for _, r in small.iterrows()
    ]  # fmt: skip
    rows += [
        _row("discriminative_better_large_m_across_datasets", _scope(r.study, r.pair), "sign",
             -r.rank_biserial, None, None, r.wilcoxon_p)
        for _, r in large.iterrows()
    ]  # fmt: skip
    return rows


def verdict(row: Mapping[str, object], rule: VerdictRule) -> str:
    """Verdict of one claim row (see :meth:`VerdictRule.describe`)."""
    test = row["test"]
    est, lo, hi = (float(row[k]) for k in ("estimate", "ci_low", "ci_high"))
    p = float(row["p_adjusted"]) if row.get("p_adjusted") is not None else np.nan
    a, e = rule.alpha, rule.min_effect
    if test == "directional":
        if p < a and lo > 0 and est >= e:
            return "supported"
        return "not supported" if hi < e else "inconclusive"
    if test == "positive":
        if p < a and lo > 0:
            return "supported"
        return "not supported" if hi < 0 else "inconclusive"
    if test == "noninferiority":
        if p < a:
            return "supported"
        return "not supported" if hi < -e else "inconclusive"
    if test == "iut":
        if bool(row.get("reversed")) or float(row.get("p_cross", 1.0)) < a:
            return "not supported"
        return "supported" if p < a and np.isfinite(est) else "inconclusive"
    if test == "aic":
        if est >= rule.min_delta_aic:
            return "supported"
        return "not supported" if est <= -rule.min_delta_aic else "inconclusive"
    if test == "equivalence":
        t = rule.efron_tolerance
        if -t <= lo and hi <= t:
            return "supported"
        return "not supported" if hi < -t or lo > t else "inconclusive"
    if test == "sign":
        if p < a:
            return "supported" if est > 0 else "not supported"
        return "inconclusive"
    raise ValueError(f"unknown claim test {test!r}")


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
        Columns defining the Holm families; empty (default): one family of all claim rows.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CLAIM_COLUMNS`, sorted by claim and scope.
    """
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    table["p_adjusted"] = np.nan
    families = (
        [g.index for _, g in table.groupby(list(holm_by), sort=False)] if holm_by else [table.index]
    )
    for idx in families:
        table.loc[idx, "p_adjusted"] = holm(table.loc[idx, "p_value"].to_numpy(float))
    table["verdict"] = [verdict(r, rule) for r in table.to_dict("records")]
    table = table.loc[:, list(CLAIM_COLUMNS)]
    return table.sort_values(["claim", "scope"], kind="mergesort").reset_index(drop=True)


__all__ = [
    "CLAIM_COLUMNS",
    "VERDICTS",
    "VerdictRule",
    "claim_across_datasets",
    "claim_asymptotic",
    "claim_crossing",
    "claim_efron",
    "claim_misspecification",
    "claim_sample_complexity",
    "claim_small_m",
    "finalize_claims",
    "small_m_cells",
    "verdict",
]
