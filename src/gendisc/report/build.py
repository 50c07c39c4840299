"""Content of the study report: the answer first, then the evidence, methods and provenance.

:func:`build` turns the result tables into the page (sections in the order of
:data:`SECTIONS`) and the list of figures (also saved as PNG and SVG beside it). The sections
describe their figures; :func:`build` then draws them all at once, in one or more processes
(:func:`gendisc.report.rendering.render_figures`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from gendisc.report.common import TABLE_FILES, Tables, verdict_counts
from gendisc.report.htmlkit import Figure, Section, esc, local_link, render, table_html
from gendisc.report.methods import methods_section, provenance_section
from gendisc.report.rendering import check_workers, render_figures
from gendisc.report.results import (
    dimension_section,
    figure1_section,
    misspecification_section,
)
from gendisc.report.section_figures import stats_figures_by_section
from gendisc.stats import claims as claims_mod

TITLE = "gendisc: generative vs discriminative classifiers"
SUBTITLE = (
    "When does naive Bayes beat logistic regression? A reproduction and extension of Ng & "
    "Jordan (2001)."
)

#: section id -> title, in reading order
SECTIONS: dict[str, str] = {
    "answer": "Answer",
    "figure1": "Figure 1 replica: the 15 UCI experiments",
    "misspecification": "Misspecification",
    "dimension": "Sample complexity vs dimension, and Efron",
    "methods": "Methods",
    "provenance": "Provenance",
    "data": "Data",
}


@dataclass(frozen=True)
class ClaimText:
    """How the report names a claim: its number in the issue and a statement."""

    number: int
    statement: str


#: claim id (``claims.csv`` column ``claim``) -> its number and statement
CLAIMS: dict[str, ClaimText] = {
    "generative_better_small_m": ClaimText(
        1, "The generative model has lower error at small m (lower half of the m grid)."
    ),
    "generative_better_small_m_across_datasets": ClaimText(
        1, "Across datasets, the generative model has lower error at the smallest m."
    ),
    "discriminative_not_worse_asymptotically": ClaimText(
        2, "The discriminative model's error is lower or equal at the largest m (Proposition 1)."
    ),
    "discriminative_better_large_m_across_datasets": ClaimText(
        2, "Across datasets, the discriminative model has lower error at the largest m."
    ),
    "curves_cross": ClaimText(3, "The two learning curves cross (two regimes)."),
    "m_eps_log_n": ClaimText(4, "Naive Bayes' m_ε grows like log n."),
    "m_eps_linear_n": ClaimText(4, "Logistic regression's m_ε grows like n."),
    "m_eps_slope_gap": ClaimText(4, "m_ε grows faster with n for LR than for NB."),
    "misspecification_widens_gap": ClaimText(
        5, "Misspecification widens the discriminative model's asymptotic advantage."
    ),
    "efron_efficiency": ClaimText(
        6, "LR's efficiency relative to LDA on Gaussian data follows Efron's curve."
    ),
}

VERDICT_CLASS = {
    "supported": "v-supported",
    "contradicted": "v-not-supported",
    "negligible": "v-inconclusive",
    "inconclusive": "v-inconclusive",
    "degenerate": "v-inconclusive",
}


def primary_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The claim rows of each claim's primary rule (all rows of a table without rules)."""
    if "primary" not in claims.columns:
        return claims
    return claims[claims["primary"].astype(str).str.lower().isin(("true", "1"))]


def _of(counts: Mapping[str, int], verdict: str = "supported") -> str:
    return f"{counts[verdict]} of {counts['n']}"


def answer_sentences(claims: pd.DataFrame, rule: claims_mod.VerdictRule) -> list[str]:
    """Three sentences stating what the study found, computed from the claims table.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (columns ``claim, scope, estimate, verdict``, ...).
    rule : gendisc.stats.claims.VerdictRule
        The verdict rule (for the margin it names).

    Returns
    -------
    list[str]
        Plain-text sentences (to be escaped by the caller).
    """
    if claims.empty:
        return ["No claims table was produced in this run, so the study states no verdicts."]
    claims = primary_rows(claims)
    small = verdict_counts(claims, ("generative_better_small_m",))
    large = verdict_counts(claims, ("discriminative_not_worse_asymptotically",))
    cross = verdict_counts(claims, ("curves_cross",))
    s1 = (
        f"At small training-set sizes the generative model was significantly better in "
        f"{_of(small)} settings and datasets ({small['contradicted']} against, "
        f"{small['inconclusive']} inconclusive), and at the largest size the discriminative "
        f"model was at least as good (within {rule.min_effect:g}) in {_of(large)} "
        f"({large['contradicted']} against)."
        if small["n"] or large["n"]
        else "Claims 1 and 2 were not evaluated in this run."
    )
    if cross["n"]:
        rows = claims[(claims["claim"] == "curves_cross") & (claims["verdict"] == "supported")]
        m_star = rows["estimate"].astype(float)
        m_star = m_star[np.isfinite(m_star)]
        where = (
            f", at a median crossover of m* = {float(np.median(m_star)):.0f} examples "
            f"(range {m_star.min():.0f}–{m_star.max():.0f})"
            if len(m_star)
            else ""
        )
        s2 = (
            f"The two learning curves crossed — generative better first, discriminative better "
            f"later — with confidence in {_of(cross)} curve pairs{where}; "
            f"{cross['contradicted']} showed no crossing or a reversed regime, {cross['negligible']} a negligible difference in one regime and "
            f"{cross['inconclusive']} were inconclusive."
        )
    else:
        s2 = "Crossovers (claim 3) were not evaluated in this run."
    parts = []
    for ids, what in (
        (("m_eps_log_n",), "naive Bayes' m_ε grew like log n in {}"),
        (("m_eps_linear_n",), "logistic regression's like n in {}"),
        (("misspecification_widens_gap",), "misspecification widened the discriminative "
         "model's asymptotic advantage in {} family–pair combinations"),
        (("efron_efficiency",), "LR's efficiency relative to LDA matched Efron's curve "
         f"(within ±{rule.efron_tolerance:g}) at {{}} separations"),
    ):  # fmt: skip
        c = verdict_counts(claims, ids)
        parts.append(what.format(_of(c)) if c["n"] else what.format("0 of 0 (not evaluated)"))
    s3 = "On the theory: " + "; ".join(parts[:2]) + "; " + "; and ".join(parts[2:]) + "."
    return [s1, s2, s3]


def claims_overview(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim id: number, statement, scopes, and the count of each verdict."""
    rows = []
    for claim, g in primary_rows(claims).groupby("claim", sort=False):
        text = CLAIMS.get(str(claim), ClaimText(0, str(claim)))
        vc = g["verdict"].value_counts()
        rows.append(
            {
                "#": text.number,
                "claim": text.statement,
                "id": claim,
                "scopes": len(g),
                **{v: int(vc.get(v, 0)) for v in claims_mod.VERDICTS},
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["#", "id"], kind="mergesort").reset_index(drop=True)


def verdict_rule(config: Mapping[str, Any]) -> claims_mod.VerdictRule:
    """The verdict rule of the config's ``stats`` section (defaults where a key is absent)."""
    section = config.get("stats", {}) or {}
    keys = ("alpha", "min_effect", "min_delta_aic", "efron_tolerance")
    return claims_mod.VerdictRule.from_config({k: section[k] for k in keys if k in section})


def answer_section(claims: pd.DataFrame, config: Mapping[str, Any]) -> str:
    """Section 1: three computed sentences, the claims overview and table, the verdict rule."""
    rule = verdict_rule(config)
    sentences = " ".join(esc(s) for s in answer_sentences(claims, rule))
    body = f'<p class="answer" id="answer-text">{sentences}</p>'
    if claims.empty:
        return body + '<p class="note">No claims table (<code>claims.csv</code>) in this run.</p>'
    body += table_html(
        claims_overview(claims),
        left=("claim", "id"),
        table_id="claims-overview",
        caption="Verdicts per claim under its primary rule (one scope = one setting, dataset, "
        "family or Δ); every rule's counts: claims_sensitivity.csv.",
    )
    holm_by = (config.get("stats", {}) or {}).get("holm_by") or ()
    text = rule.describe(holm_by)
    body += (
        f'<h3>Verdict rule</h3><p id="verdict-rule">{esc(text)} '
        "The claims and their rules are registered in config/claims.yaml with the date of "
        "each change; each claim's primary rule is the one first declared, later rules are "
        "reported beside it (claims_sensitivity.csv).</p>"
    )
    shown = claims.copy()
    shown.insert(0, "#", [CLAIMS.get(str(c), ClaimText(0, "")).number for c in shown["claim"]])
    shown = shown.sort_values(["#", "claim"], kind="mergesort").reset_index(drop=True)
    body += (
        "<h3>Claims table</h3><p>Estimates are oriented so that a positive value points in the "
        "claimed direction (column <code>test</code> names the kind of test). Also in "
        f"{local_link('claims.csv', 'claims.csv')}.</p>"
    )
    body += (
        '<div class="scroll">'
        + table_html(
            shown,
            left=("claim", "scope", "verdict", "test"),
            table_id="claims-table",
            cell_class={"verdict": [VERDICT_CLASS.get(str(v), "") for v in shown["verdict"]]},
        )
        + "</div>"
    )
    return body


def data_section(files: Mapping[str, str]) -> str:
    """Section 7: links to the result tables copied beside the report.

    Parameters
    ----------
    files : Mapping[str, str]
        File name (beside the report) -> description.
    """
    items = "".join(
        f"<li>{local_link(name, name)}: {esc(what)}</li>" for name, what in files.items()
    )
    return (
        f"<p>The tables behind this page, written beside it:</p><ul>{items}</ul>"
        "<p>Every figure is also saved as SVG and PNG in <code>figures/</code> beside this "
        "page.</p>"
    )


#: files the report copies beside itself, with the Data section's description
DATA_FILES: dict[str, str] = {
    "errors.parquet": "one row per (study, setting or dataset, pair, model, m, replicate); "
    "provenance in the Parquet metadata",
    "summary.csv": "one row per cell: mean errors, mean paired difference, SE, R, warnings",
    "claims.csv": "one row per claim and scope with estimate, interval, p-values and verdict",
    "cells.csv": "per-cell tests (paired t / corrected resampled t, Wilcoxon, BH)",
    "curves.csv": "learning-curve fits a + b·m^(−c) and alternatives (AICc)",
    "crossovers.csv": "crossover m* with bootstrap interval and P(cross)",
    "sample_complexity.csv": "m_ε fits on log n and on n",
    "efron.csv": "measured LR/LDA efficiency vs Efron's ARE",
    "calibration.csv": "coverage of the variance estimators",
    "m_epsilon.csv": "m_ε per model and dimension",
    "misspecification.csv": "per synthetic setting: asymptotic gap and m* with intervals",
    "level_trends.csv": "regressions of the gap and of log m* on the misspecification level",
    "across_datasets.csv": "win/tie/loss and Wilcoxon over datasets (Demšar 2006)",
}


def build(
    tables: Tables,
    config: Mapping[str, Any],
    provenance: Mapping[str, Any],
    run: Mapping[str, Any],
    skipped: Mapping[str, str] | None = None,
    seeds: int = 0,
    workers: int = 1,
) -> tuple[str, list[Figure]]:
    """Build the report page and its figures.

    Parameters
    ----------
    tables : Tables
        The result tables (``summary`` required; empty frames for tables not produced).
    config : Mapping
        The config as run.
    provenance : Mapping
        Provenance stored in the results table.
    run : Mapping
        Facts about the run (jobs, wall time, machine, date).
    skipped : Mapping[str, str], optional
        UCI datasets not run, with the reason.
    seeds : int
        Number of distinct replicate seeds in the results.
    workers : int
        Number of processes drawing the figures at once (:func:`gendisc.report.rendering.render_all`;
        1: all in this process). The page and figures are the same bytes for any value.

    Returns
    -------
    tuple[str, list[Figure]]
        The HTML text and the figures (also inlined in the HTML).
    """
    check_workers(workers)
    sfigs = stats_figures_by_section(tables, config.get("epsilon", "ε"))
    fig1_intro, fig1, fig1_after = figure1_section(tables, skipped or {})
    mis_body, mis_figs = misspecification_section(tables, sfigs["misspecification"])
    methods_before, methods_after = methods_section(tables, config)
    present = tables.present()
    files = {
        name: what
        for name, what in DATA_FILES.items()
        if name == "errors.parquet" or name.removesuffix(".csv") in present
    }
    bodies = {
        "answer": (answer_section(tables.claims, config), []),
        "figure1": (fig1_intro, fig1, fig1_after),
        "misspecification": (mis_body, mis_figs),
        "dimension": (dimension_section(tables, config), sfigs["dimension"]),
        "methods": (methods_before, sfigs["methods"], methods_after),
        "provenance": (provenance_section(config, provenance, run, seeds), []),
        "data": (data_section(files), []),
    }
    sections = [Section(k, SECTIONS[k], *bodies[k]) for k in SECTIONS]
    rendered = iter(render_figures([f for s in sections for f in s.figures], workers))
    sections = [replace(s, figures=[next(rendered) for _ in s.figures]) for s in sections]
    page = render(TITLE, sections, subtitle=SUBTITLE)
    figs = [f for s in sections for f in s.figures]
    return page, figs


__all__ = [
    "CLAIMS",
    "DATA_FILES",
    "SECTIONS",
    "TABLE_FILES",
    "ClaimText",
    "answer_section",
    "answer_sentences",
    "build",
    "claims_overview",
    "data_section",
    "verdict_rule",
]
