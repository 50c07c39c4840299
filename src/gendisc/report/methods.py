"""Report sections 5–6: methods (with every deviation) and provenance."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from gendisc.data import datasets, generators
from gendisc.models.pairs import PAIRS
from gendisc.report.common import Tables, interval
from gendisc.report.htmlkit import cite, esc, table_html
from gendisc.stats import analysis

#: why each per-cell design gets its test (keys: values of ``gendisc.stats.paired.DESIGNS``)
DESIGN_TEXT: dict[str, str] = {
    "independent": (
        "every replicate draws a fresh training set and a fresh test set, so the paired "
        "differences d_r are independent and identically distributed: the paired t interval "
        "(df R − 1) is valid, with a Wilcoxon signed-rank test as a distribution-free check."
    ),
    "resampled": (
        "replicates are random splits of one finite pool, so training sets overlap and the d_r "
        "are positively correlated: the naive paired t interval is too narrow for the "
        "population difference. The anchor is the Nadeau–Bengio corrected resampled t "
        "(variance (1/R + n_test/n_train)·s², df R − 1); the naive interval is shown only as "
        "'conditional on the dataset'."
    ),
}


def _separable_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Separable training sets per (study, pair): count, fraction, at the smallest/largest m."""
    s = summary.assign(n_sep=summary["separable_rate"] * summary["R"])
    rows = []
    for (study, pair), g in s.groupby(["study", "pair"], sort=True):
        first = g[g["m"] == g["m"].min()]
        last = g[g["m"] == g["m"].max()]
        rows.append(
            {
                "study": study,
                "pair": pair,
                "replicates": int(g["R"].sum()),
                "separable": round(float(g["n_sep"].sum())),
                "fraction": float(g["n_sep"].sum() / g["R"].sum()),
                "fraction at smallest m": float(first["n_sep"].sum() / first["R"].sum()),
                "fraction at largest m": float(last["n_sep"].sum() / last["R"].sum()),
            }
        )
    return pd.DataFrame(rows)


def warnings_tables(summary: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Estimator warnings: totals per (study, pair), and every cell with at least one warning.

    Parameters
    ----------
    summary : pandas.DataFrame
        Per-cell summary with ``n_warnings`` (summed over both models and all replicates).

    Returns
    -------
    tuple[pandas.DataFrame, pandas.DataFrame]
        ``(per study and pair, per cell with warnings)``.
    """
    w = summary.assign(n_warnings=summary["n_warnings"].fillna(0).astype("int64"))
    totals = (
        w.groupby(["study", "pair"], sort=True)
        .agg(
            cells=("n_warnings", "size"),
            **{"cells with warnings": ("n_warnings", lambda x: int((x > 0).sum()))},
            warnings=("n_warnings", "sum"),
            **{"max per cell": ("n_warnings", "max")},
        )
        .reset_index()
    )
    cols = ["study", "dataset", "pair", "m", "R", "n_warnings"]
    cells = w.loc[w["n_warnings"] > 0, cols].reset_index(drop=True)
    return totals, cells


def calibration_text(calibration: pd.DataFrame) -> str:
    """One sentence on the measured coverage of each variance estimator (empty if no table)."""
    if calibration.empty or not {"estimator", "coverage"} <= set(calibration.columns):
        return ""
    nominal = (
        f"{100 * float(calibration['nominal'].iloc[0]):g} %"
        if "nominal" in calibration.columns
        else "nominal"
    )
    parts = []
    for est, g in calibration.groupby("estimator", sort=True):
        cov = g["coverage"].astype(float)
        parts.append(
            f"{str(est).replace('_', ' ')} {100 * cov.min():.0f}–{100 * cov.max():.0f} % "
            f"(mean {100 * cov.mean():.0f} % over {len(g)} pool-size × m cells)"
        )
    return f"Measured coverage of the {nominal} intervals: " + "; ".join(parts) + "."


def calibration_display(calibration: pd.DataFrame) -> pd.DataFrame:
    """The calibration table as shown: pool size, m, estimator, coverage with its interval."""
    c = calibration
    cols = {"pool_size": "pool size N", "m": "m", "estimator": "estimator", "n_cells": "pools"}
    out = c.loc[:, [k for k in cols if k in c.columns]].rename(columns=cols)
    if {"coverage", "cov_ci_low", "cov_ci_high"} <= set(c.columns):
        out["coverage [95% CI]"] = [
            interval(float(r.coverage), float(r.cov_ci_low), float(r.cov_ci_high), "{:.2f}")
            for r in c.itertuples(index=False)
        ]
    for k, name in (("mean_half_width", "mean half-width"), ("true_d", "true d")):
        if k in c.columns:
            out[name] = c[k].astype(float)
    return out


def methods_section(tables: Tables, config: Mapping[str, Any]) -> tuple[str, str]:
    """Section 5: protocol, estimators, tests and why each is valid, calibration, deviations.

    Parameters
    ----------
    tables : Tables
        The report's tables.
    config : Mapping
        The config as run.

    Returns
    -------
    tuple[str, str]
        The HTML before the calibration figure (protocol to calibration) and after it
        (deviations).
    """
    syn, uci = config.get("synthetic", {}), config.get("uci", {})
    fams = "".join(
        f"<li><b>{esc(name)}</b> ({esc(f.kind)}): {esc(f.description)}</li>"
        for name, f in generators.FAMILIES.items()
    )
    pairs = "".join(
        f"<li><b>{esc(name)}</b>: {esc(p.generative)} vs {esc(p.discriminative)}. "
        f"{esc(p.description)}</li>"
        for name, p in PAIRS.items()
    )
    by_design: dict[str, list[str]] = {}
    for study, design in analysis.DESIGNS.items():
        by_design.setdefault(design, []).append(study)
    designs = "".join(
        f"<li><b>{esc(design)}</b> replicates (studies {esc(', '.join(studies))}): "
        f"{esc(DESIGN_TEXT.get(design, ''))}</li>"
        for design, studies in by_design.items()
    )
    body = (
        f"<p>Reproduces {cite('ng_jordan')}</p>"
        "<h3>Protocol</h3><p>Synthetic studies (misspecification grid, dimension sweep, Efron): "
        "for every setting, pair and training-set size m, R paired replicates (R = "
        f"{esc(syn.get('replicates', '–'))} in the misspecification grid, "
        f"{esc(config.get('dimension', {}).get('replicates', '–'))} in the dimension sweep, "
        f"{esc(config.get('efron', {}).get('replicates', '–'))} in the Efron study). Each "
        "replicate draws a fresh training set of size m (redrawn until both classes are "
        f"present, as in the paper) and a fresh test set of n_test = {esc(config['n_test'])} "
        "examples; both models of the pair are fitted on the same training set and scored on "
        "the same test set. Bayes errors are exact where a closed form exists, else Monte "
        f"Carlo over {esc(config.get('bayes', {}).get('n_mc', '–'))} draws; each model's "
        "asymptotic error is its test error after fitting on "
        f"{esc(config.get('asymptotic', {}).get('n_train', '–'))} examples. UCI: "
        f"R = {esc(uci.get('replicates', '–'))} random splits per m; the training set (both "
        "classes present) is drawn from the pool and the test set is the rest of the pool. "
        f"Every draw derives from (seed {esc(config['seed'])}, study, setting, pair, m, "
        "replicate) through numpy's SeedSequence.</p>"
        f"<h3>Data-generating families</h3><ul>{fams}</ul>"
        f"<h3>Model pairs</h3><ul>{pairs}</ul>"
        "<h3>Tests and why each is valid for its design</h3>"
        f"<p>Per cell, d = error(generative) − error(discriminative) per replicate.</p><ul>"
        f"{designs}</ul><p>References: {cite('nadeau_bengio')}; {cite('demsar')}. Across "
        "datasets, the Wilcoxon signed-rank test over datasets with the rank-biserial effect "
        "size (Demšar). Multiple comparisons: Benjamini–Hochberg over all cells of a figure, "
        "Holm over the claims (see the verdict rule). Crossovers: paired bootstrap over "
        "replicates within each m.</p>"
    )
    body += "<h3>Calibration of the UCI variance estimator</h3>"
    cal = tables.calibration
    if cal.empty:
        body += (
            '<p class="note">No calibration table in this run (<code>calibration.csv</code>).</p>'
        )
    else:
        body += (
            "<p>Finite pools of the UCI datasets' sizes are drawn from a synthetic family whose "
            "true mean difference is known; the UCI protocol runs on them, and each interval's "
            "coverage of the true difference is measured (Clopper–Pearson interval on the "
            "coverage). The verdicts on UCI data use the corrected resampled t. "
            f"{esc(calibration_text(cal))}</p>"
            + table_html(
                calibration_display(cal),
                left=("estimator", "coverage [95% CI]"),
                table_id="calibration-table",
                caption="Coverage of the true mean difference per estimator, pool size and m "
                "(Clopper–Pearson 95 % interval over the pools).",
            )
        )
    return body, (
        "<h3>Deviations from Ng &amp; Jordan</h3><ul>" + _deviations(tables, config) + "</ul>"
    )


def _deviations(tables: Tables, config: Mapping[str, Any]) -> str:
    summary = tables.summary
    sep = _separable_table(summary)
    totals, cells = warnings_tables(summary)
    pairs = "".join(
        f"<li>Pair <b>{esc(name)}</b>: {esc(p.deviation)}</li>"
        for name, p in PAIRS.items()
        if p.deviation
    )
    n_warn = int(totals["warnings"].sum()) if len(totals) else 0
    warn_html = table_html(totals, left=("study", "pair"), table_id="warnings-table")
    if cells.empty:
        warn_html += f"<p>No estimator warning in any of the {len(summary)} cells.</p>"
    else:
        warn_html += (
            '<div class="scroll">'
            + table_html(
                cells,
                left=("study", "dataset", "pair"),
                table_id="warning-cells",
                caption="Every cell with at least one warning (summed over replicates and both "
                "models).",
            )
            + "</div>"
        )
    return (
        f"<li>Logistic regression uses a vanishing L2 penalty (C = {esc(config['lr_C'])}, "
        "intercept unpenalised) instead of none: unregularised LR has no minimiser on a "
        "linearly separable training set, which is common at small m. Each replicate records "
        "whether the fitted LR separates its training set:"
        + table_html(sep, left=("study", "pair"), table_id="separable-table")
        + "</li>"
        f"<li>Synthetic test sets have n_test = {esc(config['n_test'])} fresh examples per "
        "replicate, so one replicate's test error has a 95 % half-width of at most "
        f"{100 * 1.96 * np.sqrt(0.25 / float(config['n_test'])):.2g} percentage points (at "
        "error 0.5), averaged further over the replicates; the paper had only UCI data, tested "
        "on the rest of each pool.</li>"
        "<li>Synthetic data with known Bayes error, the misspecification grid, the dimension "
        "sweep and the Efron study extend the paper's UCI experiments.</li>"
        f"<li>Warnings raised by the estimators (numerical or convergence) are captured and "
        f"counted per cell: {n_warn} in total.{warn_html}</li>"
        f"{pairs}{_dataset_deviations()}"
    )


def _dataset_deviations() -> str:
    """One list item per UCI dataset with every choice the paper does not state."""
    items = []
    for name, spec in datasets.DATASETS.items():
        choices = "".join(f"<li>{esc(c)}</li>" for c in spec.choices)
        items.append(f"<li><b>{esc(name)}</b>: {esc(spec.target)}<ul>{choices}</ul></li>")
    return (
        "<li>UCI experiments (choices the paper does not state; test set = the rest of the "
        f"pool):<ul>{''.join(items)}</ul></li>"
    )


def benchmark_intervals(directory: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """(start, end) POSIX times of the jobs with a Snakemake benchmark file below ``directory``.

    The end is the file's modification time (written when the job ends) and the start is the
    end minus the benchmarked seconds ``s``; unreadable files are skipped.
    """
    out = []
    for path in sorted(Path(directory).rglob("*.tsv")):
        try:
            frame = pd.read_csv(path, sep="\t")
            end = path.stat().st_mtime
        except (OSError, ValueError, pd.errors.EmptyDataError):
            continue
        if "s" in frame.columns and len(frame):
            out.append((end - float(frame["s"].sum()), end))
    return out


def wall_time(intervals: Sequence[tuple[float, float]], now: float) -> dict[str, Any]:
    """Wall time from the start of the earliest benchmarked job to ``now``.

    Parameters
    ----------
    intervals : Sequence[tuple[float, float]]
        (start, end) of each job (:func:`benchmark_intervals`).
    now : float
        POSIX time of the measurement (the start of the report job).

    Returns
    -------
    dict
        ``jobs``, ``job seconds`` (summed), ``wall seconds``, ``started (UTC)``.
    """
    if not intervals:
        return {"jobs": 0, "job seconds": 0.0, "wall seconds": float("nan")}
    starts = [s for s, _ in intervals]
    if any(e < s for s, e in intervals):
        raise ValueError("an interval ends before it starts")
    first = min(starts)
    if now < first:
        raise ValueError(f"now ({now}) precedes the earliest job start ({first})")
    stamp = datetime.datetime.fromtimestamp(first, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    wall = now - first
    return {
        "jobs": len(intervals),
        "job seconds": round(float(sum(e - s for s, e in intervals)), 1),
        "wall seconds": round(wall, 1),
        "wall time (h:mm:ss)": str(datetime.timedelta(seconds=round(wall))),
        "started (UTC)": stamp,
    }


def provenance_section(
    config: Mapping[str, Any], prov: Mapping[str, Any], run: Mapping[str, Any], seeds: int
) -> str:
    """Section 6: config (as run) and its hash, packages, commit, seeds, jobs, times, machine.

    Parameters
    ----------
    config : Mapping
        The config as run.
    prov : Mapping
        Provenance stored in the results table (config hash, commit, packages, seed, engine).
    run : Mapping
        Facts about the run (jobs, wall time, cores, date).
    seeds : int
        Number of distinct replicate seeds in the results table.
    """
    packages = pd.DataFrame(
        sorted(prov.get("packages", {}).items()), columns=["package", "version"]
    )
    facts = pd.DataFrame(
        [
            ("config hash (SHA-256)", prov.get("config_hash", "")),
            ("git commit", prov.get("git_commit", "")),
            ("base seed", prov.get("seed", config.get("seed", ""))),
            ("distinct replicate seeds", seeds),
            ("engine", prov.get("engine", config.get("engine", ""))),
            *[(str(k), v) for k, v in run.items()],
        ],
        columns=["item", "value"],
    ).astype({"value": str})
    return (
        "<p>Every replicate's random stream is a 64-bit id derived from (base seed, study, "
        "setting, pair, m, replicate) by numpy's SeedSequence over a stable hash (column "
        "<code>seed</code> of errors.parquet). Wall time runs from the start of the earliest "
        "job that left a benchmark file (its end time minus its duration) to the start of the "
        "report job; after an interrupted and resumed run it includes the pause.</p>"
        + table_html(facts, left=("item", "value"), table_id="provenance-table")
        + table_html(packages, left=("package", "version"))
        + f"<h3>Config as run</h3><pre>{esc(yaml.safe_dump(dict(config), sort_keys=False, default_flow_style=None, width=96))}</pre>"
    )


__all__ = [
    "DESIGN_TEXT",
    "benchmark_intervals",
    "calibration_display",
    "calibration_text",
    "methods_section",
    "provenance_section",
    "wall_time",
    "warnings_tables",
]
