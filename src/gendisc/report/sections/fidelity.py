"""Fidelity to Ng & Jordan: our Figure 1 beside the paper's digitized curves, and the readings.

Per panel with digitized values: the mean absolute difference paper vs ours per model, the
regime (which model is ahead at the smallest and the largest m) in both, the crossover m* of
both (:mod:`gendisc.stats.fidelity`). Then every reading of the paper
(:mod:`gendisc.study.readings`), the alternative this run used, and the score by the
pre-declared criterion of each alternative the run holds.
"""

from __future__ import annotations

import pandas as pd

from gendisc.data import reference
from gendisc.models.pairs import PAIRS
from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import SectionContent, table
from gendisc.stats import fidelity
from gendisc.study.readings import READINGS, chosen

#: the pair whose generative model is each alternative of the NB-variance reading
NB_VARIANCE_PAIRS = {"shared": "nb_lr", "per_class": "gnb_lr"}


def ours_curves(summary: pd.DataFrame, nb_pair: str | None = None) -> pd.DataFrame:
    """Our mean errors per UCI panel in the paper's columns (``naive_bayes``, ``logistic_regression``).

    LR and, unless ``nb_pair`` names another pair, naive Bayes come from the panel's faithful
    pair; with ``nb_pair`` (continuous panels) naive Bayes is that pair's generative model.
    """
    uci = summary[summary["study"] == "uci"]
    rows = []
    for dataset, data in uci.groupby("dataset", sort=False):
        faithful = [p for p in data["pair"].unique() if PAIRS[p].faithful]
        if not faithful:
            continue
        lr = data[data["pair"] == faithful[0]].set_index("m")["err_discriminative"]
        nb_source = nb_pair if nb_pair in set(data["pair"]) else faithful[0]
        nb = data[data["pair"] == nb_source].set_index("m")["err_generative"]
        both = pd.concat([nb.rename("naive_bayes"), lr.rename("logistic_regression")], axis=1)
        rows.append(both.dropna().reset_index().assign(dataset=dataset))
    if not rows:
        return pd.DataFrame(columns=["dataset", "m", *fidelity.MODELS])
    return pd.concat(rows, ignore_index=True)


def readings_table(config, scores: dict[str, dict[str, tuple[float, int]]]) -> pd.DataFrame:
    """Every reading: question, alternatives, config key, this run's choice, scores."""
    picked = chosen(config)
    rows = []
    for name, r in READINGS.items():
        scored = scores.get(name, {})
        rows.append(
            {
                "reading": name,
                "question": r.question,
                "alternatives": ", ".join(r.alternatives),
                "config key": r.config_key or "fixed in this study",
                "this run": picked[name],
                "score (mean MAD; regimes agreeing)": "; ".join(
                    f"{alt}: {s[0]:.4f}, {s[1]}" for alt, s in scored.items()
                )
                or "not scored in this run",
                "choice by the criterion": fidelity.choose(scored) if scored else "–",
            }
        )
    return pd.DataFrame(rows)


def build(inputs: ReportInputs) -> SectionContent:
    """Agreement per panel, the readings table with the criterion stated first."""
    summary = inputs.tables.summary
    paper = reference.curves()
    rule = chosen(inputs.config)["lr_separable"]
    scores: dict[str, dict[str, tuple[float, int]]] = {}
    kinds = {name: p.kind for name, p in reference.panels().items()}
    variance = {}
    for alt, pair in NB_VARIANCE_PAIRS.items():
        a = fidelity.panel_agreement(ours_curves(summary, pair), paper)
        a = a[a["dataset"].map(kinds) == "continuous"]
        if not a.empty and pair in set(summary["pair"]):
            variance[alt] = fidelity.reading_score(a)
    nb_choice = fidelity.choose(variance) if variance else "shared"
    if variance:
        scores["nb_variance"] = variance
    # the panels as the criterion reads them: naive Bayes' variance by the criterion's choice
    ours = ours_curves(summary, NB_VARIANCE_PAIRS[nb_choice])
    agreement = fidelity.panel_agreement(ours, paper)
    if not agreement.empty:
        scores["lr_separable"] = {rule: fidelity.reading_score(agreement)}
    lead = (
        f"Our curves beside the paper's ({reference.CITATION}) The criterion, declared before "
        f"any score was computed: {fidelity.CRITERION} Logistic regression on separable "
        f"training sets in this run: {rule}; naive Bayes' variance on the continuous panels "
        f"(chosen by the criterion among those run): {nb_choice}."
    )
    tables = []
    if not agreement.empty:
        n_agree = int(agreement["regime_agrees"].sum())
        lead += (
            f" Over the {len(agreement)} panels with digitized values the mean absolute "
            f"difference is {agreement['mad_naive_bayes'].mean():.3f} for naive Bayes and "
            f"{agreement['mad_logistic_regression'].mean():.3f} for logistic regression; the "
            f"regime agrees at both ends in {n_agree} of {len(agreement)} panels."
        )
        adv_paper, adv_ours = fidelity.small_m_advantage(ours, paper)
        lead += (
            " Naive Bayes' small-m advantage (mean logistic-regression minus naive-Bayes error "
            f"over the lower half of the m grid, averaged over these panels): paper {adv_paper:.3f}, "
            f"ours {adv_ours:.3f} with the {rule} rule."
        )
        tables.append(
            table(
                "fidelity-panels",
                agreement,
                "Per panel: mean absolute difference paper vs "
                "ours (per model and mean), which model is ahead at the smallest and largest m "
                "(paper, ours), crossover m* (paper, ours; NaN: none on the grid)",
                left=("dataset",),
            )
        )
    tables.append(
        table(
            "fidelity-readings",
            readings_table(inputs.config, scores),
            "Every reading of the "
            "paper: its alternatives, the config key that selects one, this run's choice, and "
            "the score of each alternative this run holds",
            left=(
                "reading",
                "question",
                "alternatives",
                "config key",
                "this run",
                "score (mean MAD; regimes agreeing)",
                "choice by the criterion",
            ),
        )
    )
    return SectionContent(lead=lead, tables=tuple(tables))


__all__ = ["NB_VARIANCE_PAIRS", "build", "ours_curves", "readings_table"]
