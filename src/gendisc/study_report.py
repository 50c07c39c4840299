"""Content of the study report: sections built from the result tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import yaml

from gendisc import figures, generators, models
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
        f"replicates (R = {esc(config['replicates'])}): each replicate draws a fresh training set "
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
        "<li>Synthetic data with known Bayes error replace the paper's UCI data in this part of "
        "the study.</li></ul>"
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
    sections = [
        Section("answer", "Overview", _overview(summary)),
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
    return render(title, sections, subtitle="When does naive Bayes beat logistic regression?"), figs
