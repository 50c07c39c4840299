"""Content of the study report: sections built from the result tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import yaml

from gendisc import datasets, figures, generators, models
from gendisc.report import Figure, Section, esc, render, table_html

CITATION = (
    'Ng, A. Y. and Jordan, M. I. (2001). <a href="https://papers.nips.cc/paper/2020-on-'
    'discriminative-vs-generative-classifiers-a-comparison-of-logistic-regression-and-naive-bayes">'
    "On discriminative vs. generative classifiers: a comparison of logistic regression and naive "
    "Bayes</a>. NIPS 14."
)


def _curve_figures(summary: pd.DataFrame) -> list[Figure]:
    out = []
    syn = summary[summary["study"] == "synthetic"]
    for (family, pair), cells in syn.groupby(["family", "pair"], sort=True):
        r = int(cells["R"].min())
        out.append(
            Figure(
                stem=f"curves-{family}-{pair}",
                caption=(
                    f"Learning curves, {family}, pair {pair}: mean test error over R = {r} paired "
                    "replicates (solid: generative, dashed: discriminative); bands are 95 % normal "
                    "intervals of the mean (±1.96 SE); dotted lines: each model's asymptotic error; "
                    "dash-dot: Bayes error. Log-scaled m."
                ),
                images=figures.savefig(figures.learning_curves(summary, family, pair), ""),
            )
        )
        out.append(
            Figure(
                stem=f"difference-{family}-{pair}",
                caption=(
                    f"Paired difference error(generative) − error(discriminative), {family}, pair "
                    f"{pair}, one line per misspecification level: mean over R = {r} replicates with "
                    "95 % band (±1.96 SE of the paired mean). Below zero: the generative model wins."
                ),
                images=figures.savefig(figures.paired_difference(summary, family, pair), ""),
            )
        )
    return out


def _dataset_title(name: str) -> str:
    spec = datasets.DATASETS[name]
    return f"{name} ({spec.kind})"


def figure1_section(summary: pd.DataFrame, skipped: Mapping[str, str]) -> tuple[str, list[Figure]]:
    """Ng & Jordan's Figure 1 replica, its per-dataset table, and the datasets not run."""
    uci = summary[summary["study"] == "uci"]
    panels = list(datasets.DATASETS)
    titles = {name: _dataset_title(name) for name in panels}
    reps = int(uci["R"].min()) if len(uci) else 0
    fig = Figure(
        stem="figure1-uci",
        caption=(
            "Replica of Ng & Jordan's Figure 1: test error vs training-set size m on the 15 UCI "
            "experiments; naive Bayes solid, logistic regression dashed (GaussianNB dotted where "
            f"run). Mean over R = {reps} random train/test splits per m (test set = the rest of "
            "the pool); bands are 95 % normal intervals of the mean conditional on the dataset. "
            "Log-scaled m."
        ),
        images=figures.savefig(figures.figure1(summary, panels, titles), ""),
    )
    rows = []
    for (name, pair), cells in uci.groupby(["dataset", "pair"], sort=True):
        cells = cells.sort_values("m")
        first, last = cells.iloc[0], cells.iloc[-1]
        rows.append(
            {
                "dataset": name,
                "pair": pair,
                "n": int(first["n_features"]),
                "m range": f"{int(first['m'])}–{int(last['m'])}",
                "NB err (small m)": float(first["err_generative"]),
                "LR err (small m)": float(first["err_discriminative"]),
                "NB err (large m)": float(last["err_generative"]),
                "LR err (large m)": float(last["err_discriminative"]),
            }
        )
    body = "<p>Each panel: one dataset, inputs of one type only, as in the paper.</p>"
    if rows:
        body += table_html(pd.DataFrame(rows), left=("dataset", "pair", "m range"))
    not_run = [n for n in panels if n not in set(uci["dataset"])]
    if not_run:
        items = "".join(
            f"<li><b>{esc(n)}</b>: {esc(skipped.get(n, 'not in this configuration (uci.datasets)'))}"
            "</li>"
            for n in not_run
        )
        body += f'<div class="note"><p>Not run in this study:</p><ul>{items}</ul></div>'
    return body, [fig]


def _overview(summary: pd.DataFrame) -> str:
    syn = summary[summary["study"] == "synthetic"]
    rows = []
    for (family, pair, n, level), cells in syn.groupby(
        ["family", "pair", "n_features", "level"], sort=True
    ):
        cells = cells.sort_values("m")
        first, last = cells.iloc[0], cells.iloc[-1]
        rows.append(
            {
                "family": family,
                "pair": pair,
                "n": int(n),
                "level": float(level),
                "Bayes error": float(first["bayes_error"]),
                "m small": int(first["m"]),
                "d at small m": float(first["mean_d"]),
                "m large": int(last["m"]),
                "d at large m": float(last["mean_d"]),
            }
        )
    table = pd.DataFrame(rows)
    return (
        "<p>Mean paired difference d = error(generative) − error(discriminative) at the smallest "
        "and largest training-set size of each setting (negative: the generative model is "
        "better).</p>" + table_html(table, left=("family", "pair"))
    )


def _methods(config: Mapping[str, Any]) -> str:
    fams = "".join(
        f"<li><b>{esc(name)}</b> ({esc(f.kind)}): {esc(f.description)}</li>"
        for name, f in generators.FAMILIES.items()
    )
    pairs = "".join(
        f"<li><b>{esc(name)}</b>: {esc(p.generative)} vs {esc(p.discriminative)}. "
        f"{esc(p.description)} {esc(p.deviation)}</li>"
        for name, p in models.PAIRS.items()
    )
    return (
        f"<p>Reproduces {CITATION}</p>"
        "<h3>Protocol</h3><p>For every setting, pair and training-set size m, R paired "
        f"replicates (R = {esc(config['synthetic']['replicates'])}): each replicate draws a fresh training set "
        "of size m (resampled until both classes are present, as in the paper) and a fresh test "
        f"set of {esc(config['n_test'])} examples; both models of the pair are fitted on the same "
        "training set and scored on the same test set. Every draw derives from (seed, study, "
        "setting, pair, m, replicate) through numpy's SeedSequence.</p>"
        f"<h3>Data-generating families</h3><ul>{fams}</ul>"
        f"<h3>Model pairs</h3><ul>{pairs}</ul>"
        "<h3>Deviations from Ng &amp; Jordan</h3><ul>"
        f"<li>Logistic regression uses a vanishing L2 penalty (C = {esc(config['lr_C'])}) instead "
        "of none: unregularised LR has no minimiser on separable training sets, which are common "
        "at small m. The results record per replicate whether the training set was separated.</li>"
        "<li>Synthetic data with known Bayes error extend the paper's UCI experiments.</li>"
        f"{_dataset_deviations()}</ul>"
    )


def _dataset_deviations() -> str:
    """One list item per UCI dataset with every choice the paper leaves open."""
    items = []
    for name, spec in datasets.DATASETS.items():
        choices = "".join(f"<li>{esc(c)}</li>" for c in spec.choices)
        items.append(f"<li><b>{esc(name)}</b>: {esc(spec.target)}<ul>{choices}</ul></li>")
    return (
        "<li>UCI experiments (choices the paper does not state):<ul>"
        + "".join(items)
        + "</ul></li>"
    )


def _provenance(config: Mapping[str, Any], prov: Mapping[str, Any], run: Mapping[str, Any]) -> str:
    packages = pd.DataFrame(
        sorted(prov.get("packages", {}).items()), columns=["package", "version"]
    )
    facts = pd.DataFrame(
        [
            ("config hash (SHA-256)", prov.get("config_hash", "")),
            ("git commit", prov.get("git_commit", "")),
            ("base seed", prov.get("seed", "")),
            ("engine", prov.get("engine", "")),
            *[(k, v) for k, v in run.items()],
        ],
        columns=["item", "value"],
    )
    return (
        table_html(facts, left=("item", "value"))
        + table_html(packages, left=("package", "version"))
        + f"<h3>Config as run</h3><pre>{esc(yaml.safe_dump(dict(config), sort_keys=False))}</pre>"
    )


def build(
    summary: pd.DataFrame,
    config: Mapping[str, Any],
    provenance: Mapping[str, Any],
    run: Mapping[str, Any],
    skipped: Mapping[str, str] | None = None,
) -> tuple[str, list[Figure]]:
    """Build the report page and its figures.

    Parameters
    ----------
    summary : pandas.DataFrame
        Per-cell summary.
    config : mapping
        The config as run.
    provenance : mapping
        Provenance stored in the results table.
    run : mapping
        Facts about the run (jobs, CPU time, machine, date).

    Returns
    -------
    tuple
        The HTML text and the list of figures (also inlined in the HTML).
    """
    figs = _curve_figures(summary)
    fig1_body, fig1 = figure1_section(summary, skipped or {})
    sections = [
        Section("answer", "Overview", _overview(summary)),
        Section("figure1", "Figure 1 replica: the 15 UCI experiments", fig1_body, fig1),
        Section(
            "curves",
            "Learning curves and paired differences",
            "<p>One figure pair per family and model pair.</p>",
            figs,
        ),
        Section("methods", "Methods", _methods(config)),
        Section("provenance", "Provenance", _provenance(config, provenance, run)),
        Section(
            "data",
            "Data",
            '<ul><li><a href="errors.parquet">errors.parquet</a>: one row per (setting, pair, '
            'model, m, replicate)</li><li><a href="summary.csv">summary.csv</a>: one row per '
            "cell</li></ul>",
        ),
    ]
    title = "gendisc: generative vs discriminative classifiers"
    page = render(title, sections, subtitle="When does naive Bayes beat logistic regression?")
    return page, [*fig1, *figs]
