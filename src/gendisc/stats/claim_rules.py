"""The implementation of every registered verdict rule, and the claims and sensitivity tables.

``config/claims.yaml`` names each claim's rules (:mod:`gendisc.stats.registry`); :data:`RULES`
maps each (claim, rule) to the builder of its claim rows. A builder takes the result tables by
name and the verdict thresholds, and returns rows of :func:`gendisc.stats.claims.finalize_claims`.
Adding a rule or a claim is one registry entry plus one builder here; the contract test checks
that both sides name the same (claim, rule) pairs.

Tables a builder may read (keys of ``tables``): ``cells`` (``results/cells.csv``),
``crossovers``, ``complexity`` (``results/sample_complexity.csv``), ``growth``
(``results/growth.csv``), ``efron``,
``misspecification`` (per-setting asymptotic gaps), ``across`` (the across-datasets table) and,
optionally, ``summary`` (per-cell fraction of separable training sets).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from gendisc.stats import claims
from gendisc.stats.beyond import claim_builders as beyond_claim_builders
from gendisc.stats.design_claims import (
    NULL_CONTROL_PAIR,
    THEOREM_DESIGN,
    misspecification_interaction,
    null_control,
    theorem_aic,
    theorem_exponent_gap,
)
from gendisc.stats.registry import ClaimRegistry
from gendisc.stats.trends import level_trend_table
from gendisc.stats.verdicts import VERDICT_KINDS, VerdictRule
from gendisc.study.keys import POOLED_M
from gendisc.study.replicates import max_margin_study

#: a builder: result tables by name and the verdict thresholds -> claim rows
ClaimBuilder = Callable[[Mapping[str, pd.DataFrame], VerdictRule], list[dict]]

#: studies on which claims 1-3 are tested
CLAIM_STUDIES: tuple[str, ...] = ("synthetic", "uci")

#: the UCI panels' max-margin arm (same replicates, LR at its max-margin limit on separable
#: training sets); claims 1 and 3 are tested on it under secondary rules
MAX_MARGIN_ARM: str = max_margin_study("uci")

#: the m of the pooled rows of the Efron table (all m of the grid from ``efron_m_min`` on)
EFRON_POOLED_M = POOLED_M


def _table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    if name not in tables:
        raise ValueError(f"claim rules need the table {name!r}; given {sorted(tables)}")
    return tables[name]


def _claim_cells(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    cells = _table(tables, "cells")
    return cells[cells["study"].isin(CLAIM_STUDIES)]


def _small_m(how: str) -> ClaimBuilder:
    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        cells = _claim_cells(tables)
        return claims.claim_small_m(cells, rule.alpha, how) if len(cells) else []

    return build


def _asymptotic_largest_m(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    cells = _claim_cells(tables)
    return claims.claim_asymptotic(cells, rule) if len(cells) else []


def _crossing(how: str) -> ClaimBuilder:
    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        cells = _claim_cells(tables)
        if cells.empty:
            return []
        x = _table(tables, "crossovers")
        return claims.claim_crossing(cells, x[x["study"].isin(CLAIM_STUDIES)], rule.alpha, how)

    return build


def _as_uci(frame: pd.DataFrame) -> pd.DataFrame:
    """The max-margin arm's rows relabelled as study ``"uci"`` (scopes match the primary's)."""
    part = frame[frame["study"] == MAX_MARGIN_ARM].copy()
    part["study"] = "uci"
    return part


def _max_margin_small_m(how: str) -> ClaimBuilder:
    """Claim 1 on the UCI panels' max-margin arm (same replicates, LR at its max-margin limit);
    scopes read ``uci/...`` like the primary rule's, so the sensitivity table compares them."""

    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        cells = _as_uci(_table(tables, "cells"))
        return claims.claim_small_m(cells, rule.alpha, how) if len(cells) else []

    return build


def _max_margin_crossing(how: str) -> ClaimBuilder:
    """Claim 3 on the UCI panels' max-margin arm (scopes as in :func:`_max_margin_small_m`)."""

    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        cells = _as_uci(_table(tables, "cells"))
        if cells.empty:
            return []
        x = _as_uci(_table(tables, "crossovers"))
        return claims.claim_crossing(cells, x, rule.alpha, how)

    return build


def _sample_complexity(claim: str) -> ClaimBuilder:
    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        fits = _table(tables, "complexity")
        rows = claims.claim_sample_complexity(fits, rule.alpha) if len(fits) else []
        return [r for r in rows if r["claim"] == claim]

    return build


def _misspecification(dimension_intercepts: bool) -> ClaimBuilder:
    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        settings = _table(tables, "misspecification")
        if settings.empty:
            return []
        reg = level_trend_table(settings, "gap", rule.alpha, dimension_intercepts)
        return claims.claim_misspecification(reg)

    return build


def _efron_absolute(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    efron = _table(tables, "efron")
    pooled = efron[efron["m"] == EFRON_POOLED_M] if len(efron) else efron
    return claims.claim_efron(pooled) if len(pooled) else []


def _asymptotic_errors(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """Claim 2 on the asymptotic errors (very large training sets) of each synthetic setting."""
    settings = _table(tables, "misspecification")
    return claims.claim_asymptotic_errors(settings, rule) if len(settings) else []


def _asymptotic_errors_paired(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """Claim 2 on the asymptotic errors, paired on the shared test set (discordant counts)."""
    settings = _table(tables, "misspecification")
    return claims.claim_asymptotic_errors_paired(settings, rule) if len(settings) else []


def _efron_relative_largest_m(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """Claim 6 at the largest m of the grid (separable training sets rarest), within a relative
    tolerance; each row's detail gives the fraction of separable training sets there."""
    efron = _table(tables, "efron")
    per_m = efron[efron["m"] > 0] if len(efron) else efron
    if per_m.empty:
        return []
    largest = per_m.loc[per_m.groupby(["study", "dataset", "pair"])["m"].idxmax()]
    rows = claims.claim_efron(largest, rule.efron_relative_tolerance)
    summary = tables.get("summary", pd.DataFrame())
    key = ["study", "dataset", "pair", "m"]
    sep = (
        summary.set_index(key)["separable_rate"]
        if {"separable_rate", *key} <= set(summary.columns)
        else pd.Series(dtype=float)
    )
    for row, r in zip(rows, largest.itertuples(index=False), strict=True):
        rate = sep.get((r.study, r.dataset, r.pair, r.m), float("nan"))
        row["detail"] = f"m={int(r.m)}, separable {100 * float(rate):.1f}%"
    return rows


def _efron_separable_threshold(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
    """Claim 6 at the smallest m of the grid whose fraction of separable training sets is below
    ``rule.efron_max_separable_rate`` (declared in the registry with the rule), within the
    relative tolerance. A setting whose grid never gets below the threshold is censored: its
    row keeps the estimate at the largest m, has no interval (verdict inconclusive) and says so.
    """
    efron = _table(tables, "efron")
    per_m = efron[efron["m"] > 0] if len(efron) else efron
    if per_m.empty:
        return []
    key = ["study", "dataset", "pair", "m"]
    summary = tables.get("summary", pd.DataFrame(columns=[*key, "separable_rate"]))
    if not {"separable_rate", *key} <= set(summary.columns):
        summary = pd.DataFrame(columns=[*key, "separable_rate"])
    rate = per_m.loc[:, key].merge(summary.loc[:, [*key, "separable_rate"]], on=key, how="left")
    # a cell without a known separable rate never qualifies (the setting is then censored)
    per_m = per_m.assign(separable_rate=rate["separable_rate"].to_numpy(float))
    threshold = rule.efron_max_separable_rate
    chosen, censored = [], []
    for _, g in per_m.groupby(["study", "dataset", "pair"], sort=True):
        g = g.sort_values("m")
        below = g[g["separable_rate"] < threshold]
        chosen.append(below.iloc[0] if len(below) else g.iloc[-1])
        censored.append(below.empty)
    picked = pd.DataFrame(chosen)
    rows = claims.claim_efron(picked, rule.efron_relative_tolerance)
    for row, r, cens in zip(rows, picked.itertuples(index=False), censored, strict=True):
        rate_txt = f"separable {100 * float(r.separable_rate):.1f}%"
        if cens:
            row["ci_low"] = row["ci_high"] = float("nan")
            row["detail"] = (
                f"censored: separable rate >= {100 * threshold:g}% at every m of the grid "
                f"(m={int(r.m)}: {rate_txt})"
            )
        else:
            row["detail"] = f"m={int(r.m)}, {rate_txt} < {100 * threshold:g}%"
    return rows


def _across(which: str) -> ClaimBuilder:
    def build(tables: Mapping[str, pd.DataFrame], rule: VerdictRule) -> list[dict]:
        across = _table(tables, "across")
        if across.empty:
            return []
        part = across[across["which"] == which]
        small, large = (part, part.iloc[:0]) if which == "smallest" else (part.iloc[:0], part)
        return claims.claim_across_datasets(small, large)

    return build


#: claim id -> rule id -> builder (the rules of ``config/claims.yaml``)
RULES: Mapping[str, Mapping[str, ClaimBuilder]] = {
    "generative_better_small_m": {
        "smallest_m": _small_m("smallest"),
        "lower_half_best_bonferroni": _small_m("lower_half_best"),
        "max_margin_lr_smallest_m": _max_margin_small_m("smallest"),
        "max_margin_lr_lower_half_best_bonferroni": _max_margin_small_m("lower_half_best"),
    },
    "discriminative_not_worse_asymptotically": {
        "largest_m": _asymptotic_largest_m,
        "asymptotic_errors": _asymptotic_errors,
        "asymptotic_errors_paired": _asymptotic_errors_paired,
    },
    "curves_cross": {
        "smallest_m": _crossing("smallest"),
        "lower_half_best_bonferroni": _crossing("lower_half_best"),
        "max_margin_lr_smallest_m": _max_margin_crossing("smallest"),
        "max_margin_lr_lower_half_best_bonferroni": _max_margin_crossing("lower_half_best"),
    },
    "m_eps_log_n": {
        "aic_forms": _sample_complexity("m_eps_log_n"),
        "theorem_regime_aic_bootstrap": theorem_aic("generative", "m_eps_log_n"),
    },
    "m_eps_linear_n": {
        "aic_forms": _sample_complexity("m_eps_linear_n"),
        "theorem_regime_aic_bootstrap": theorem_aic("discriminative", "m_eps_linear_n"),
    },
    "m_eps_slope_gap": {
        "linear_slopes": _sample_complexity("m_eps_slope_gap"),
        "theorem_regime_exponent_gap": theorem_exponent_gap,
    },
    "misspecification_widens_gap": {
        "pooled_ols": _misspecification(dimension_intercepts=False),
        "dimension_intercepts": _misspecification(dimension_intercepts=True),
        "level_by_n_interaction": misspecification_interaction,
    },
    "misspecification_null_control": {"lda_shared_covariance": null_control},
    "efron_efficiency": {
        "absolute_tolerance": _efron_absolute,
        "relative_tolerance_largest_m": _efron_relative_largest_m,
        "relative_tolerance_separable_threshold": _efron_separable_threshold,
    },
    "generative_better_small_m_across_datasets": {"smallest_m": _across("smallest")},
    "discriminative_better_large_m_across_datasets": {"largest_m": _across("largest")},
    # issue 15: rows built by the studies beyond the learning curves (table "beyond")
    **beyond_claim_builders(),
}


def unimplemented(registry: ClaimRegistry) -> list[tuple[str, str]]:
    """The (claim, rule) pairs of the registry that have no builder in :data:`RULES`."""
    return [
        (cid, r.id)
        for cid, spec in registry.claims.items()
        for r in spec.rules
        if r.id not in RULES.get(cid, {})
    ]


def build_claims(
    tables: Mapping[str, pd.DataFrame],
    registry: ClaimRegistry,
    rule: VerdictRule,
    holm_by: Sequence[str] = (),
) -> pd.DataFrame:
    """The claims table: every registered claim under every one of its rules.

    Parameters
    ----------
    tables : Mapping[str, pandas.DataFrame]
        Result tables by name (module docstring).
    registry : ClaimRegistry
        The claims and rules (``config/claims.yaml``).
    rule : VerdictRule
        The verdict thresholds.
    holm_by : Sequence[str]
        Extra columns splitting the Holm families (each claim x rule is one family).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`gendisc.stats.claims.CLAIM_COLUMNS`; ``rule`` and ``primary`` say
        which rule gave the row.
    """
    missing = unimplemented(registry)
    if missing:
        raise ValueError(f"registered rule(s) without an implementation: {missing}")
    rows: list[dict] = []
    for cid, spec in registry.claims.items():
        for r in spec.rules:
            built = RULES[cid][r.id](tables, replace(rule, **dict(r.parameters)))
            rows += [row | {"rule": r.id, "primary": r.primary} for row in built]
    return claims.finalize_claims(rows, rule, holm_by=holm_by)


def sensitivity_table(claims_table: pd.DataFrame, registry: ClaimRegistry) -> pd.DataFrame:
    """Verdict counts of every claim under each of its rules (``results/claims_sensitivity.csv``).

    Returns
    -------
    pandas.DataFrame
        One row per (claim, rule): ``number, claim, rule, primary, declared, n`` (rows),
        one count column per verdict kind, and ``same_as_primary`` (scopes whose verdict equals
        the primary rule's verdict in the same scope).
    """
    out = []
    for cid, spec in registry.claims.items():
        rows = claims_table[claims_table["claim"] == cid]
        primary = rows[rows["rule"] == spec.primary.id].set_index("scope")["verdict"]
        for r in spec.rules:
            g = rows[rows["rule"] == r.id]
            counts = g["verdict"].value_counts()
            same = g["verdict"].to_numpy() == primary.reindex(g["scope"]).to_numpy()
            out.append(
                {"number": spec.number, "claim": cid, "rule": r.id, "primary": r.primary,
                 "declared": r.declared, "n": len(g)}
                | {k: int(counts.get(k, 0)) for k in VERDICT_KINDS}
                | {"same_as_primary": int(same.sum())}
            )  # fmt: skip
    return pd.DataFrame(out)


__all__ = [
    "CLAIM_STUDIES",
    "EFRON_POOLED_M",
    "MAX_MARGIN_ARM",
    "NULL_CONTROL_PAIR",
    "RULES",
    "THEOREM_DESIGN",
    "ClaimBuilder",
    "build_claims",
    "sensitivity_table",
    "unimplemented",
]
