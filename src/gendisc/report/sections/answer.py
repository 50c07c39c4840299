"""Section 1, the answer: the question, at most five plain sentences, and the verdict map.

The verdict map is one figure of claims (rows) by scope group (columns: synthetic families,
UCI, dimension, Efron, then any newer study), each cell a bar of its verdict counts. The claims
table and the rule that made the verdicts follow, collapsed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.report import plotkit
from gendisc.report.common import VERDICTS, ReportInputs, verdict_counts
from gendisc.report.htmlkit import VERDICT_CLASS, Drawing, Figure, SectionContent, table
from gendisc.report.sections.finding import two_rule_finding
from gendisc.stats import registry
from gendisc.stats.verdicts import VerdictRule

QUESTION = (
    "When does a generative classifier (naive Bayes, LDA) beat its discriminative partner "
    "(logistic regression), and does Ng & Jordan's answer — generative better with few "
    "examples, discriminative better with many — hold?"
)


@dataclass(frozen=True)
class ClaimText:
    """How the report names a claim: its number in the issue and a short statement."""

    number: int
    statement: str


#: claim id (``claims.csv`` column ``claim``) -> its number and statement
CLAIMS: dict[str, ClaimText] = {
    "generative_better_small_m": ClaimText(1, "Generative lower error at small m"),
    "generative_better_small_m_across_datasets": ClaimText(
        1, "Generative lower error at the smallest m, across datasets"
    ),
    "discriminative_not_worse_asymptotically": ClaimText(
        2, "Discriminative not worse at the largest m"
    ),
    "discriminative_better_large_m_across_datasets": ClaimText(
        2, "Discriminative lower error at the largest m, across datasets"
    ),
    "curves_cross": ClaimText(3, "The learning curves cross"),
    "m_eps_log_n": ClaimText(4, "NB's m_ε grows like log n"),
    "m_eps_linear_n": ClaimText(4, "LR's m_ε grows like n"),
    "m_eps_slope_gap": ClaimText(4, "m_ε grows faster with n for LR"),
    "misspecification_widens_gap": ClaimText(5, "Misspecification widens LR's advantage"),
    "efron_efficiency": ClaimText(6, "LR/LDA efficiency follows Efron's curve"),
}

#: scope group (first part of a claim's scope) -> the verdict map's column title, in order
SCOPE_GROUPS: dict[str, str] = {
    "synthetic": "synthetic families",
    "uci": "UCI",
    "dimension": "dimension",
    "efron": "Efron",
    "newer": "newer studies",
}
#: the column of the newer studies' claims
NEWER = "newer"
#: colour of each verdict kind (Okabe–Ito, colour-blind safe) and of its count's text
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "supported": ("#009E73", "white"),
    "contradicted": ("#D55E00", "white"),
    "not supported": ("#E69F00", "black"),
    "negligible": ("#56B4E9", "black"),
    "inconclusive": ("#DDDDDD", "black"),
    "degenerate": ("#555555", "white"),
}
_OTHER = ("#CC79A7", "black")


@functools.cache
def registered() -> dict[str, ClaimText]:
    """Number and statement of every claim of ``config/claims.yaml`` (empty when unreadable)."""
    try:
        reg = registry.load_registry()
    except (OSError, ValueError):
        return {}
    return {cid: ClaimText(c.number, c.statement) for cid, c in reg.claims.items()}


def claim_text(claim: str, statement: str | None = None) -> ClaimText:
    """The number and short statement of a claim id.

    The report's own short words (:data:`CLAIMS`) first, then the claim registry's statement
    (cut at 60 characters), else the id; a claims-table statement wins when given.
    """
    known = CLAIMS.get(claim) or registered().get(claim) or ClaimText(0, claim)
    text = statement or known.statement
    return ClaimText(known.number, text if len(text) <= 60 else text[:58].rstrip() + "…")


def primary_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The rows of each claim's primary rule (every row of a table without rules)."""
    if "primary" not in claims.columns:
        return claims
    return claims[claims["primary"].astype(str).str.lower().isin(("true", "1"))]


def scope_group(scope: str, claim: str = "") -> str:
    """The verdict map's column of a claim row: its study, or "newer studies".

    Parameters
    ----------
    scope : str
        A ``claims.csv`` scope, e.g. ``uci/pima/nb_lr`` or ``correlated_gaussian/nb_lr``.
    claim : str
        The claim id; a claim the report does not name in :data:`CLAIMS` (one of the newer
        studies') goes to the column "newer studies".

    Returns
    -------
    str
        A key of :data:`SCOPE_GROUPS`.
    """
    if claim and claim not in CLAIMS:
        return NEWER
    head = str(scope).split("/", 1)[0]
    if head in SCOPE_GROUPS:
        return head
    if head.split("-", 1)[0] in generators.FAMILIES:
        return "synthetic"
    return NEWER


def verdict_grid(claims: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts per (claim, scope group): the verdict map's data.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (``claim, scope, verdict``; optional ``statement``).

    Returns
    -------
    pandas.DataFrame
        Columns ``#, claim, statement, group, verdict, count``; rows in claim-number order,
        groups in :data:`SCOPE_GROUPS` order then newer studies, verdicts as :data:`VERDICTS`.
    """
    if claims.empty:
        return pd.DataFrame(columns=["#", "claim", "statement", "group", "verdict", "count"])
    c = claims.assign(
        group=[scope_group(s, c) for s, c in zip(claims["scope"], claims["claim"], strict=True)]
    )
    rows = []
    for (claim, group, verdict), g in c.groupby(["claim", "group", "verdict"], sort=False):
        statement = g["statement"].iloc[0] if "statement" in g.columns else None
        text = claim_text(str(claim), statement if isinstance(statement, str) else None)
        rows.append((text.number, claim, text.statement, group, verdict, len(g)))
    out = pd.DataFrame(rows, columns=["#", "claim", "statement", "group", "verdict", "count"])
    order = {g: i for i, g in enumerate(SCOPE_GROUPS)}
    kinds = {v: i for i, v in enumerate(VERDICTS)}
    out = out.assign(
        _g=[order.get(g, len(order)) for g in out["group"]],
        _v=[kinds.get(v, len(kinds)) for v in out["verdict"]],
    )
    out = out.sort_values(["#", "claim", "_g", "group", "_v", "verdict"], kind="mergesort")
    return out.drop(columns=["_g", "_v"]).reset_index(drop=True)


def verdict_map(grid: pd.DataFrame) -> plt.Figure:
    """Claims (rows) × scope groups (columns); each cell a bar split by verdict, with counts."""
    plotkit.use_style()
    claims = list(dict.fromkeys(zip(grid["#"], grid["claim"], grid["statement"], strict=True)))
    groups = sorted(set(grid["group"]), key=lambda g: (list(SCOPE_GROUPS).index(g)
                                                       if g in SCOPE_GROUPS else 99, g))  # fmt: skip
    kinds = list(dict.fromkeys(grid["verdict"]))
    kinds.sort(key=lambda v: (VERDICTS.index(v) if v in VERDICTS else 99, v))
    width = min(plotkit.MAX_WIDTH_IN - 0.2, 3.8 + 1.5 * len(groups))
    fig, ax = plt.subplots(figsize=(width, 0.3 * len(claims) + 0.9))
    for i, (_, claim, _) in enumerate(claims):
        for j, group in enumerate(groups):
            cell = grid[(grid["claim"] == claim) & (grid["group"] == group)]
            total = int(cell["count"].sum())
            left = j + 0.04
            for r in cell.itertuples(index=False):
                w = 0.92 * r.count / total
                face, ink = VERDICT_COLOURS.get(r.verdict, _OTHER)
                ax.barh(i, w, left=left, height=0.78, color=face, edgecolor="white", lw=0.6)
                if w >= 0.1:
                    ax.text(left + w / 2, i, str(r.count), ha="center", va="center", color=ink,
                            fontsize=8)  # fmt: skip
                left += w
    ax.set_xlim(0, len(groups))
    ax.set_ylim(len(claims) - 0.5, -0.5)
    ax.set_xticks(np.arange(len(groups)) + 0.5, [SCOPE_GROUPS.get(g, g) for g in groups])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_yticks(range(len(claims)), [f"{n}. {s}" if n else s for n, _, s in claims])
    ax.grid(False)
    for x in range(1, len(groups)):
        ax.axvline(x, color="#999999", lw=0.6)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=VERDICT_COLOURS.get(k, _OTHER)[0]) for k in kinds]
    fig.legend(handles, kinds, loc="upper center", frameon=False, ncol=len(kinds),
               handlelength=1.2, columnspacing=1.2)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 / fig.get_figheight()))
    return fig


def _of(c: Mapping[str, int], verdict: str = "supported") -> str:
    return f"{c[verdict]} of {c['n']}"


def answer_sentences(claims: pd.DataFrame, rule: VerdictRule) -> list[str]:
    """At most five plain sentences stating what the study found, from the claims table.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (``claim, scope, estimate, verdict``, ...).
    rule : gendisc.stats.verdicts.VerdictRule
        The verdict rule (for the margin it names).

    Returns
    -------
    list[str]
        Plain-text sentences (escaped by the template).
    """
    if claims.empty:
        return ["No claims table was produced in this run, so the study states no verdicts."]
    out = []
    small = verdict_counts(claims, ("generative_better_small_m",))
    if small["n"]:
        out.append(
            f"With few training examples, the generative model had clearly lower error in "
            f"{_of(small)} settings and datasets; {small['against']} went the other way."
        )
    large = verdict_counts(claims, ("discriminative_not_worse_asymptotically",))
    if large["n"]:
        out.append(
            f"With the most training examples, logistic regression was at least as good "
            f"(within {rule.min_effect:g}) in {_of(large)}; {large['against']} went the other way."
        )
    cross = verdict_counts(claims, ("curves_cross",))
    if cross["n"]:
        rows = claims[(claims["claim"] == "curves_cross") & (claims["verdict"] == "supported")]
        m_star = rows["estimate"].astype(float)
        m_star = m_star[np.isfinite(m_star)]
        where = f", typically at m ≈ {float(np.median(m_star)):.0f} examples" if len(m_star) else ""
        out.append(f"The two learning curves crossed in {_of(cross)} cases{where}.")
    theory = [
        (("m_eps_log_n", "m_eps_linear_n"), "the sample-complexity rates (log n vs n)"),
        (("misspecification_widens_gap",), "misspecification widening LR's advantage"),
        (("efron_efficiency",), "Efron's efficiency curve"),
    ]
    parts = [
        f"{what} in {_of(c)}" for ids, what in theory if (c := verdict_counts(claims, ids))["n"]
    ]
    if parts:
        out.append("The theory checks held for " + "; ".join(parts) + ".")
    undecided = sum(
        verdict_counts(claims, tuple(claims["claim"].unique()))[v]
        for v in ("inconclusive", "negligible", "degenerate")
    )
    out.append(
        f"Of all {len(claims)} verdicts, {undecided} were undecided (inconclusive, negligible or "
        "degenerate); the map shows where."
    )
    return out[:5]


def claims_overview(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim id: number, statement, scopes, and the count of each verdict present."""
    kinds = [v for v in VERDICTS if v in set(claims["verdict"])]
    kinds += sorted(set(claims["verdict"]) - set(kinds))
    rows = []
    for claim, g in claims.groupby("claim", sort=False):
        text = claim_text(str(claim))
        vc = g["verdict"].value_counts()
        rows.append({"#": text.number, "claim": text.statement, "id": claim, "scopes": len(g),
                     **{v: int(vc.get(v, 0)) for v in kinds}})  # fmt: skip
    out = pd.DataFrame(rows)
    return out.sort_values(["#", "id"], kind="mergesort").reset_index(drop=True)


def verdict_rule(config: Mapping[str, Any]) -> VerdictRule:
    """The verdict rule of the config's ``stats`` section (defaults where a key is absent)."""
    section = config.get("stats", {}) or {}
    keys = ("alpha", "min_effect", "min_delta_aic", "efron_tolerance")
    return VerdictRule.from_config({k: section[k] for k in keys if k in section})


def build(inputs: ReportInputs) -> SectionContent:
    """The answer: question, sentences, the LR-rule finding (issue 13: how much of the paper's
    small-m advantage of naive Bayes its random-separator rule makes, from this run's results;
    :func:`gendisc.report.sections.finding.two_rule_finding`), verdict map, claims overview
    and table, verdict rule."""
    every, config = inputs.tables.claims, inputs.config
    claims = primary_rows(every)
    rule = verdict_rule(config)
    extra = {"question": QUESTION, "sentences": answer_sentences(claims, rule)}
    finding = two_rule_finding(inputs.tables.summary, every, config)
    if finding:
        extra["finding"] = finding
    if claims.empty:
        return SectionContent(
            lead="", notes=("No claims table (claims.csv) in this run.",), extra=extra
        )
    grid = verdict_grid(claims)
    primary_note = ", each claim under its primary rule" if "primary" in every.columns else ""
    fig = Figure(
        stem="verdict-map",
        caption=(
            f"Verdict map: the {len(claims)} claim verdicts (n = {len(claims)} claim rows"
            f"{primary_note}) by claim and scope group; each bar is split by verdict, with "
            "counts. A verdict comes "
            f"from the claim's {100 * (1 - rule.alpha):g} % interval and Holm-adjusted p-value "
            "(see the verdict rule below); each scope is a setting, dataset, family or Δ over "
            "its R replicates."
        ),
        alt="Verdict map: for each claim (rows) and group of settings (columns), how many "
        "verdicts were supported, contradicted, negligible, inconclusive or degenerate.",
        drawing=Drawing(verdict_map, (grid,)),
    )
    sens = inputs.tables.claims_sensitivity
    sensitivity = (
        (table("claims-sensitivity", sens, "Verdict counts of every claim under each of its "
               "rules (the primary rule first declared; secondary rules beside it)",
               left=("claim", "rule", "declared"), csv="claims_sensitivity.csv"),)
        if not sens.empty
        else ()
    )  # fmt: skip
    shown = every.copy()
    shown.insert(0, "#", [claim_text(str(c)).number for c in shown["claim"]])
    shown = shown.sort_values(["#", "claim"], kind="mergesort").reset_index(drop=True)
    holm_by = (config.get("stats", {}) or {}).get("holm_by") or ()
    extra["rule"] = rule.describe(holm_by) + (
        " The claims and their rules are registered in config/claims.yaml with the date of each "
        "change; each claim's primary rule is the one first declared, later rules are reported "
        "beside it (column rule of the claims table; counts per rule in claims_sensitivity.csv)."
    )
    return SectionContent(
        lead=(
            "Each row of the map is a claim of Ng & Jordan's paper or of this study's extensions; "
            "each column a group of settings. Green bars support the claim, orange or red "
            "contradict it, grey and blue are undecided."
        ),
        figures=(fig,),
        tables=(
            table(
                "claims-overview",
                claims_overview(claims),
                "Verdicts per claim (one scope = one setting, dataset, family or Δ)",
                left=("claim", "id"),
            ),
            table(
                "claims-table",
                shown,
                "Every claim row: estimate, interval, p-values, verdict",
                left=("claim", "scope", "verdict", "test"),
                csv="claims.csv",
                cell_class={"verdict": [VERDICT_CLASS.get(str(v), "") for v in shown["verdict"]]},
            ),
            *sensitivity,
        ),
        extra=extra,
    )


__all__ = [
    "CLAIMS",
    "QUESTION",
    "SCOPE_GROUPS",
    "VERDICT_COLOURS",
    "ClaimText",
    "answer_sentences",
    "build",
    "claim_text",
    "claims_overview",
    "scope_group",
    "verdict_grid",
    "verdict_map",
    "verdict_rule",
]
