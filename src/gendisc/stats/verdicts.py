"""How a claim row becomes a verdict: the verdict rule's thresholds and the five verdict kinds.

Verdict kinds (:data:`VERDICT_KINDS`, defined in words in ``config/claims.yaml``):

* ``supported``: significant in the claimed direction and at least the minimum effect;
* ``contradicted``: significant in the other direction;
* ``negligible``: the interval lies inside +-min_effect (directional claims and the crossing);
* ``inconclusive``: the data do not decide;
* ``degenerate``: the cells the row needs have no variance; no test was made.

The minimum effect applies to every directional claim: claims 1 and 5 (``directional``) and
both regimes of the crossing (``iut``). Order of the checks: degenerate, negligible, supported,
contradicted, inconclusive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: the verdict kinds, in the order the report lists them
VERDICT_KINDS: tuple[str, ...] = (
    "supported",
    "contradicted",
    "negligible",
    "inconclusive",
    "degenerate",
)

#: claim-row tests (``test`` column) and what their estimate is
TESTS: Mapping[str, str] = {
    "directional": "effect in the claimed direction (error-rate units or slope per level)",
    "positive": "a difference of slopes that should be positive",
    "noninferiority": "err_gen - err_dis against the margin -min_effect",
    "iut": "crossing point m* (intersection-union test of both regimes)",
    "aic": "AIC of the other form minus AIC of the claimed form",
    "aic_bootstrap": "AIC of the other form minus AIC of the claimed form, bootstrap interval",
    "equivalence": "measured minus theoretical value",
    "sign": "rank-biserial correlation over datasets (positive: claimed direction)",
}


@dataclass(frozen=True)
class VerdictRule:
    """The thresholds of every verdict; fixed in the config before the run.

    Attributes
    ----------
    alpha : float
        Family-wise level (Holm over the rows of one claim and rule) and one minus every
        interval's level.
    min_effect : float
        Smallest error difference (absolute error-rate units) that counts as an effect: the
        threshold of every directional claim, the noninferiority margin of claim 2 and the
        smallest slope per unit level of claim 5.
    min_delta_aic : float
        AIC difference needed to prefer one sample-complexity form over the other.
    efron_tolerance : float
        Half-width of the equivalence band around Efron's ARE (absolute rule).
    efron_relative_tolerance : float
        Half-width of the equivalence band as a fraction of Efron's ARE (relative rule).
    efron_max_separable_rate : float
        Efron's curve measured at the smallest m of the grid whose fraction of separable
        training sets is below this (the rule that declares it sets it; in [0, 1]).
    """

    alpha: float = 0.05
    min_effect: float = 0.005
    min_delta_aic: float = 2.0
    efron_tolerance: float = 0.1
    efron_relative_tolerance: float = 0.1
    efron_max_separable_rate: float = 0.01

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must be in (0, 1), got {self.alpha!r}")
        for name in ("min_effect", "min_delta_aic", "efron_tolerance", "efron_relative_tolerance"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)!r}")
        if not 0 <= self.efron_max_separable_rate <= 1:
            raise ValueError(
                f"efron_max_separable_rate must be in [0, 1], got {self.efron_max_separable_rate!r}"
            )

    @classmethod
    def from_config(cls, config: Mapping[str, float]) -> VerdictRule:
        """Build from a config mapping with (a subset of) the field names."""
        known = set(cls.__dataclass_fields__)
        unknown = set(config) - known
        if unknown:
            raise ValueError(
                f"unknown verdict-rule key(s) {sorted(unknown)}; known: {sorted(known)}"
            )
        return cls(**{k: float(v) for k, v in config.items()})

    def describe(self, holm_by: Sequence[str] = ()) -> str:
        """The thresholds in words, for the report (the rules themselves: config/claims.yaml).

        Parameters
        ----------
        holm_by : sequence of str
            Columns besides ``claim`` and ``rule`` whose values split a Holm family.
        """
        a, e = self.alpha, self.min_effect
        by = " × ".join(dict.fromkeys(["claim", "rule", *holm_by]))
        return (
            f"Holm-adjusted p-values within each {by} (one family each) at family-wise alpha = "
            f"{a:g}; intervals are {100 * (1 - a):g}%. Cells whose difference has no variance "
            f"are degenerate: excluded from every test and counted. Directional claims "
            f"(1, 5, and both regimes of 3): 'negligible' if the interval lies inside +-{e:g}; "
            f"'supported' if p_adjusted < {a:g}, the interval lies on the claimed side of 0 and "
            f"the estimate is at least {e:g}; 'contradicted' if significant in the other "
            f"direction; otherwise 'inconclusive'. Noninferiority (claim 2): 'supported' if "
            f"p_adjusted < {a:g} against a margin of {e:g}; 'contradicted' if the interval lies "
            f"below -{e:g}. Crossing (claim 3): 'supported' if the intersection-union "
            f"p_adjusted < {a:g}, the mean curves cross and both regimes reach {e:g}; "
            f"'contradicted' if either regime is significantly reversed or fewer than "
            f"{100 * a:g}% of bootstrap samples cross. Sample-complexity forms: an AIC "
            f"difference of at least {self.min_delta_aic:g} decides. Efron's curve: "
            f"'supported' if the interval of measured minus theoretical efficiency lies within "
            f"the tolerance (+-{self.efron_tolerance:g} absolute, or "
            f"{100 * self.efron_relative_tolerance:g}% of the theory under the relative rule), "
            f"'contradicted' if it lies entirely outside. Across datasets: 'supported' / "
            f"'contradicted' if the Wilcoxon p_adjusted < {a:g} with the effect in / against "
            f"the claimed direction."
        )


def _f(row: Mapping[str, object], key: str, default: float = np.nan) -> float:
    """A number of the row; ``default`` when absent (None or NaN: rows of other rules)."""
    v = row.get(key, default)
    v = default if v is None else float(v)
    return float(default) if np.isnan(v) else v


def _inside(lo: float, hi: float, e: float) -> bool:
    return bool(np.isfinite(lo) and np.isfinite(hi) and -e < lo and hi < e)


def verdict(row: Mapping[str, object], rule: VerdictRule) -> str:
    """Verdict of one claim row (see the module docstring and :meth:`VerdictRule.describe`).

    Parameters
    ----------
    row : Mapping[str, object]
        A claim row: ``test, estimate, ci_low, ci_high, p_adjusted``, optionally ``degenerate``;
        ``iut`` rows also ``reversed, p_cross, small_est, small_lo, small_hi, large_est,
        large_lo, large_hi`` (both regimes oriented in the claimed direction); ``equivalence``
        rows optionally ``tolerance``.
    rule : VerdictRule
        The thresholds.

    Returns
    -------
    str
        One of :data:`VERDICT_KINDS`.
    """
    test = row["test"]
    if test not in TESTS:
        raise ValueError(f"unknown claim test {test!r}; known: {sorted(TESTS)}")
    if bool(row.get("degenerate", False)):
        return "degenerate"
    est, lo, hi = (_f(row, k) for k in ("estimate", "ci_low", "ci_high"))
    p = _f(row, "p_adjusted")
    a, e = rule.alpha, rule.min_effect
    if test == "directional":
        if _inside(lo, hi, e):
            return "negligible"
        if p < a and lo > 0 and est >= e:
            return "supported"
        return "contradicted" if p < a and hi < 0 else "inconclusive"
    if test == "positive":
        if p < a and lo > 0:
            return "supported"
        return "contradicted" if p < a and hi < 0 else "inconclusive"
    if test == "noninferiority":
        if p < a:
            return "supported"
        return "contradicted" if hi < -e else "inconclusive"
    if test == "iut":
        if _inside(_f(row, "small_lo"), _f(row, "small_hi"), e) or _inside(
            _f(row, "large_lo"), _f(row, "large_hi"), e
        ):
            return "negligible"
        if bool(row.get("reversed")) or _f(row, "p_cross", 1.0) < a:
            return "contradicted"
        big = _f(row, "small_est") >= e and _f(row, "large_est") >= e
        return "supported" if p < a and np.isfinite(est) and big else "inconclusive"
    if test == "aic":
        if est >= rule.min_delta_aic:
            return "supported"
        return "contradicted" if est <= -rule.min_delta_aic else "inconclusive"
    if test == "aic_bootstrap":  # the AIC margin, and the bootstrap agrees on the side
        if est >= rule.min_delta_aic and lo > 0:
            return "supported"
        return "contradicted" if est <= -rule.min_delta_aic and hi < 0 else "inconclusive"
    if test == "equivalence":
        t = _f(row, "tolerance", rule.efron_tolerance)
        if -t <= lo and hi <= t:
            return "supported"
        return "contradicted" if hi < -t or lo > t else "inconclusive"
    # sign
    if p < a:
        return "supported" if est > 0 else "contradicted"
    return "inconclusive"


__all__ = ["TESTS", "VERDICT_KINDS", "VerdictRule", "verdict"]
