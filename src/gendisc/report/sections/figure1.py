"""Section 2, the Figure 1 replica: the 15 UCI experiments, panel by panel, and their tables."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.data import datasets, reference
from gendisc.models.pairs import PAIRS
from gendisc.report import plotkit
from gendisc.report.common import (
    ReportInputs,
    Tables,
    across_table,
    crossover_text,
    extremes,
    regimes,
)
from gendisc.report.htmlkit import Drawing, Figure, SectionContent, table
from gendisc.report.sections import fidelity
from gendisc.study.readings import NB_VARIANCE_PAIRS, chosen

#: the regime that says the conservative interval found no difference at either end
NO_DIFFERENCE = "no significant difference at either end"


#: the paper's digitized curves: thin grey, naive Bayes solid, logistic regression dashed
PAPER_STYLE = {"naive_bayes": "-", "logistic_regression": "--"}
#: the max-margin arm's LR curve (study ``uci_max_margin``, run beside the random separator)
MAX_MARGIN_STUDY = "uci_max_margin"
MAX_MARGIN_STYLE = {
    "color": plotkit.PALETTE[4],
    "linestyle": (0, (5, 2, 1, 2)),
    "linewidth": 1.1,
    "label": "LR, max-margin rule",
}


def figure1(
    summary: pd.DataFrame,
    panels: list[str],
    titles: dict[str, str],
    paper: pd.DataFrame | None = None,
    replica: dict[str, str] | None = None,
) -> plt.Figure:
    """Ng & Jordan's Figure 1 replica: one panel per UCI dataset, error vs m, three per row.

    The replica pair of each panel (``replica``: dataset -> pair, the NB-variance reading's
    choice, :func:`gendisc.study.readings.replica_pair`; without it the faithful pair ``nb_lr``
    or ``bnb_lr``) is drawn as in the paper: naive Bayes solid, logistic regression dashed; of
    any other pair (the other Gaussian NB, where run) only the generative model, dotted.
    Bands are 95 % normal intervals of the mean over the random splits. Panels of datasets that
    were not run say so. Every panel has its own axis labels, to be read on its own. The
    paper's digitized curves (``paper``: columns ``dataset, m, naive_bayes,
    logistic_regression``) are drawn thin and grey on the panels that have them. When the run
    used the paper's random-separator LR rule, its max-margin arm (``summary`` rows of study
    ``uci_max_margin``: the same splits, LR at its max-margin limit) adds the LR curve under
    the max-margin rule, dash-dotted and labelled, so a reader sees what the rule changes.
    """
    plotkit.use_style()
    fig, axes = plotkit.panel_grid(len(panels), (3.25, 2.55))
    uci = summary[summary["study"] == "uci"]
    for ax, name in zip(axes, panels, strict=True):
        data = uci[uci["dataset"] == name]
        ax.set_title(titles.get(name, name))
        if data.empty:
            ax.text(0.5, 0.5, "not run", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        main = (replica or {}).get(name)
        for pair, cells in data.groupby("pair", sort=True):
            cells = cells.sort_values("m")
            spec = PAIRS[pair]
            drawn = pair == main if main else spec.faithful
            roles = ("generative", "discriminative") if drawn else ("generative",)
            for role in roles:
                style = dict(plotkit.ROLE_STYLE[role])
                if not drawn:
                    style.update(color=plotkit.PALETTE[2], linestyle=":",
                                 label=f"{spec.label} ({pair})")  # fmt: skip
                mean = cells[f"err_{role}"].to_numpy()
                half = plotkit.Z95 * cells[f"se_{role}"].to_numpy()
                ax.plot(cells["m"], mean, **style)
                ax.fill_between(cells["m"], mean - half, mean + half, color=style["color"],
                                alpha=0.2)  # fmt: skip
        arm = summary[(summary["study"] == MAX_MARGIN_STUDY) & (summary["dataset"] == name)]
        for pair, cells in arm.groupby("pair", sort=True):
            if (pair == main) if main else PAIRS[pair].faithful:
                cells = cells.sort_values("m")
                ax.plot(cells["m"], cells["err_discriminative"], **MAX_MARGIN_STYLE)
        ref = paper[paper["dataset"] == name] if paper is not None else None
        if ref is not None and not ref.empty:
            for model, dash in PAPER_STYLE.items():
                who = "NB" if model == "naive_bayes" else "LR"
                ax.plot(ref["m"], ref[model], color="0.55", linewidth=0.8, linestyle=dash,
                        label=f"paper ({who})")  # fmt: skip
        ax.set_xscale("log", base=2)
        ax.set_xlabel("m (training examples)")
        ax.set_ylabel("test error")
    handles, labels = [], []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    top = 1.0
    if labels:  # no legend when no dataset was run
        fig.legend(handles, labels, loc="upper center", ncol=len(labels), frameon=False)
        top = 1 - 0.45 / fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, top))
    return fig


def per_curve_table(tables: Tables, study: str) -> pd.DataFrame:
    """One row per (dataset, pair) of a study: errors at the ends, m* with CI, regime.

    Parameters
    ----------
    tables : Tables
        The report's tables (``summary`` required; ``cells`` and ``crossovers`` optional).
    study : str
        ``"uci"`` or a synthetic study.

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset, pair, n, m range, NB/LR error at the smallest and largest m,
        m* [95% CI], P(cross), regime``.
    """
    s = tables.summary[tables.summary["study"] == study]
    if s.empty:
        return pd.DataFrame()
    small, large = extremes(s, ["dataset", "pair"])
    found = regimes(tables, study)
    rows = []
    for key in small.index:
        a, b = small.loc[key], large.loc[key]
        m_star, p_cross = crossover_text(tables.crossovers, (study, *key))
        rows.append(
            {
                "dataset": key[0],
                "pair": key[1],
                "n": int(a["n_features"]),
                "m range": f"{int(a['m'])}–{int(b['m'])}",
                "gen. err, smallest m": float(a["err_generative"]),
                "disc. err, smallest m": float(a["err_discriminative"]),
                "gen. err, largest m": float(b["err_generative"]),
                "disc. err, largest m": float(b["err_discriminative"]),
                "m* [95% CI]": m_star,
                "P(cross)": p_cross,
                "regime": found.get(key, "–"),
            }
        )
    return pd.DataFrame(rows)


def lead_sentences(per_curve: pd.DataFrame, min_effect: float) -> str:
    """How to read the panels, and how often the mean curves and the intervals disagree."""
    text = (
        "Each panel is one dataset, as in the paper: test error against the number of training "
        "examples, naive Bayes solid and logistic regression dashed."
    )
    if per_curve.empty:
        return text
    gap_small = (per_curve["gen. err, smallest m"] - per_curve["disc. err, smallest m"]).abs()
    gap_large = (per_curve["gen. err, largest m"] - per_curve["disc. err, largest m"]).abs()
    visible = (np.maximum(gap_small, gap_large) >= min_effect).to_numpy()
    quiet = (per_curve["regime"] == NO_DIFFERENCE).to_numpy()
    text += (
        f" In {int((visible & quiet).sum())} of {len(per_curve)} panels the mean curves differ "
        f"by at least {min_effect:g} at one end, yet the conservative corrected interval finds "
        "no significant difference at either end: read the gaps as suggestive there."
        if (visible & quiet).any()
        else f" All {len(per_curve)} panels' visible gaps are backed by the corrected interval."
    )
    return text


def own_datasets(uci: pd.DataFrame) -> dict[str, str]:
    """The user datasets (config section ``datasets``) in the UCI rows, with their panel titles.

    They are the datasets run with the UCI protocol that are not in the UCI registry; their kind
    is the kind of the pairs run on them. Sorted by name.
    """
    out = {}
    for name in sorted(set(uci["dataset"]) - set(datasets.DATASETS)):
        kinds = sorted({PAIRS[p].kind for p in uci.loc[uci["dataset"] == name, "pair"]})
        out[name] = f"{name} (your data, {', '.join(kinds)})"
    return out


def build(inputs: ReportInputs) -> SectionContent:
    """The Figure 1 replica, its per-dataset and across-datasets tables, the datasets not run.

    User datasets get a panel each after the 15 UCI panels, and their rows in the tables.
    """
    tables, skipped = inputs.tables, inputs.skipped
    uci = tables.summary[tables.summary["study"] == "uci"]
    own = own_datasets(uci)
    panels = [*datasets.DATASETS, *own]
    titles = {name: f"{name} ({spec.kind})" for name, spec in datasets.DATASETS.items()} | own
    reps = int(uci["R"].min()) if len(uci) else 0
    replica = fidelity.replica_pairs(tables.summary, inputs.config)
    nb_choice = chosen(inputs.config or {})["nb_variance"]
    drawn = sorted({PAIRS[p].label for p in replica.values() if PAIRS[p].kind == "continuous"})
    nb_text = (
        f"continuous panels: {', '.join(drawn) or 'none run'}; the NB-variance reading "
        f"uci.readings.nb_variance is {nb_choice} ({NB_VARIANCE_PAIRS[nb_choice]}), chosen by "
        "the Fidelity section's criterion"
    )
    own_text = (
        f" After the UCI panels, your dataset{'s' if len(own) > 1 else ''} (same protocol): "
        + "; ".join(own.values())
        + "."
        if own
        else ""
    )
    fig = Figure(
        stem="figure1-uci",
        caption=(
            "Replica of Ng & Jordan's Figure 1: test error vs training-set size m (log scale), "
            "one panel per UCI experiment "
            f"(n = {uci['dataset'].nunique() - len(own)} datasets run); naive "
            f"Bayes solid ({nb_text}), logistic regression dashed, the other Gaussian naive Bayes "
            "dotted; thin grey: "
            "the paper's curves where digitized (Ng & Jordan 2001, Figure 1). Lines: "
            f"mean over R = {reps} random train/test splits per m; bands: 95 % normal interval "
            f"of that mean, conditional on the dataset.{own_text}"
            if reps
            else "Replica of Ng & Jordan's Figure 1: no UCI experiment was run in this study "
            "(n = 0 datasets, R = 0; see the list below for why)."
        ),
        alt="Fifteen small panels, three per row, each showing the test error of naive Bayes "
        "and logistic regression against the training-set size on one UCI dataset.",
        drawing=Drawing(figure1, (tables.summary, panels, titles, reference.curves(), replica)),
    )
    per_curve = per_curve_table(tables, "uci")
    min_effect = float((inputs.config.get("stats", {}) or {}).get("min_effect", 0.005))
    out = []
    if not per_curve.empty:
        out.append(table("figure1-table", per_curve, "Per dataset: errors at the ends, crossover "
                         "m* (bootstrap 95 % interval), P(cross) and regime (corrected resampled "
                         "t at the smallest and largest m)",
                         left=("dataset", "pair", "m range", "m* [95% CI]", "regime")))  # fmt: skip
    across = across_table(tables, uci=True)
    if not across.empty:
        out.append(table("across-table", across, "Across datasets (Demšar 2006): wins, ties and "
                         "losses of the generative model, Wilcoxon p and rank-biserial "
                         "correlation", left=("study", "pair", "which")))  # fmt: skip
    ran = set(uci["dataset"])
    not_run = [(n, skipped.get(n, "not in this configuration (uci.datasets)"))
               for n in panels if n not in ran]  # fmt: skip
    return SectionContent(
        lead=lead_sentences(per_curve, min_effect),
        figures=(fig,),
        tables=tuple(out),
        extra={"not_run": not_run},
    )


__all__ = ["build", "figure1", "lead_sentences", "own_datasets", "per_curve_table"]
