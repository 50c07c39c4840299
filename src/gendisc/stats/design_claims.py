"""Claim builders of the later designs (issue 14 §5, §6): claim 4 on the dimension sweep in
Ng & Jordan's regime, claim 5 with the dimension interaction, and claim 5's null control.

Registered in ``config/claims.yaml``; :data:`gendisc.stats.claim_rules.RULES` maps the rules to
these builders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gendisc.data.generators import FAMILIES
from gendisc.stats import claims
from gendisc.stats.trends import level_interaction_regression
from gendisc.stats.verdicts import VerdictRule

#: a builder: result tables by name and the verdict thresholds -> claim rows
ClaimBuilder = Callable[[Mapping[str, pd.DataFrame], VerdictRule], list[dict]]


def _table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    if name not in tables:
        raise ValueError(f"claim rules need the table {name!r}; given {sorted(tables)}")
    return tables[name]


#: the dimension sweep in Ng & Jordan's regime (per-feature separation), tested by the secondary
#: rules of claim 4
THEOREM_DESIGN = "per_feature_separation"


def _growth_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    grow = tables.get("growth", pd.DataFrame(columns=["design", "role"]))  # optional table
    return grow[grow["design"] == THEOREM_DESIGN] if len(grow) else grow


def _growth_detail(r) -> str:
    return (
        f"growth exponent {r.exponent:.2f} [{r.exponent_ci_low:.2f}, {r.exponent_ci_high:.2f}]; "
        f"AIC prefers log n in {100 * r.boot_log_n:.0f}% and n in {100 * r.boot_n:.0f}% of "
        f"bootstrap samples; Akaike weight of log n {r.weight_log_n:.2f}; "
        f"{int(r.n_points)} of {int(r.n_dims)} dimensions reach the band"
    )


def theorem_aic(role: str, claim: str) -> ClaimBuilder:
    """Claim 4's AIC comparison on the per-feature-separation sweep, with the bootstrap interval
    of the AIC difference (oriented: positive favours the claimed form)."""
    sign = 1.0 if role == "generative" else -1.0

    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        rows = []
        for r in _growth_rows(tables).itertuples(index=False):
            if r.role != role:
                continue
            lo, hi = sorted((sign * r.delta_aic_ci_low, sign * r.delta_aic_ci_high))
            rows.append(
                claims.claim_row(claim, f"{r.scope}/{role}", "aic_bootstrap", sign * r.delta_aic,
                                 lo, hi, None, detail=_growth_detail(r))
            )  # fmt: skip
        return rows

    return build


def theorem_exponent_gap(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """Claim 4's slope gap as the growth exponent of the discriminative minus the generative
    model on the per-feature-separation sweep (paired bootstrap over replicates)."""
    rows = []
    for r in _growth_rows(tables).itertuples(index=False):
        if r.role == "generative":
            rows.append(
                claims.claim_row("m_eps_slope_gap", str(r.scope), "positive", r.exponent_gap,
                                 r.exponent_gap_ci_low, r.exponent_gap_ci_high, r.exponent_gap_p,
                                 detail=_growth_detail(r))
            )  # fmt: skip
    return rows


#: claim 5's null control: LDA vs logistic regression, both well specified on the
#: shared-covariance Gaussian families whatever naive Bayes' misspecification level
NULL_CONTROL_PAIR = "lda_lr"


def _interaction_rows(settings: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """The gap's level slope with the dimension interaction, one row per (family, pair) of
    ``settings`` (NaN statistics where the fit is impossible: inconclusive, not missing)."""
    groups = settings.loc[:, ["family", "pair"]].drop_duplicates()
    reg = level_interaction_regression(settings, "gap", alpha)
    return groups.merge(reg, on=["family", "pair"], how="left")


def _interaction_detail(r) -> str:
    if not isinstance(r.slopes_by_n, str):
        return "too few settings for the fit"
    inter = "" if pd.isna(r.interaction_p) else f"; level x n interaction p={r.interaction_p:.3g}"
    return f"level slope per dimension: {r.slopes_by_n}{inter}"


def misspecification_interaction(
    tables: Mapping[str, pd.DataFrame], rule: VerdictRule
) -> list[dict]:
    """Claim 5 with the dimension interaction (the mean of the per-dimension level slopes);
    LDA vs LR, the null control, stays outside this Holm family (claim
    ``misspecification_null_control``)."""
    settings = _table(tables, "misspecification")
    settings = settings[settings["pair"] != NULL_CONTROL_PAIR] if len(settings) else settings
    if settings.empty:
        return []
    return [
        claims.claim_row("misspecification_widens_gap", f"{r.family}/{r.pair}", "directional",
                         r.slope, r.ci_low, r.ci_high, r.p_value, detail=_interaction_detail(r))
        for r in _interaction_rows(settings, rule.alpha).itertuples(index=False)
    ]  # fmt: skip


def null_control(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """LDA's asymptotic gap to LR should not move with the level on the shared-covariance
    families: the level slope (with the dimension interaction) within +-min_effect."""
    settings = _table(tables, "misspecification")
    if settings.empty:
        return []
    shared = settings["family"].map(lambda f: f in FAMILIES and FAMILIES[f].shared_covariance)
    sub = settings[(settings["pair"] == NULL_CONTROL_PAIR) & shared.astype(bool)]
    if sub.empty:
        return []
    return [
        claims.claim_row("misspecification_null_control", f"{r.family}/{r.pair}", "equivalence",
                         r.slope, r.ci_low, r.ci_high, r.p_value, tolerance=rule.min_effect,
                         detail=_interaction_detail(r))
        for r in _interaction_rows(sub, rule.alpha).itertuples(index=False)
    ]  # fmt: skip


__all__ = [
    "NULL_CONTROL_PAIR",
    "THEOREM_DESIGN",
    "misspecification_interaction",
    "null_control",
    "theorem_aic",
    "theorem_exponent_gap",
]
