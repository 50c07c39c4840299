"""Section 5, methods: protocol, families, pairs, tests, calibration, and every deviation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from gendisc.data import datasets, generators
from gendisc.models.pairs import PAIRS
from gendisc.report import plotkit
from gendisc.report.common import ReportInputs, interval
from gendisc.report.htmlkit import Drawing, Figure, SectionContent, Table, table
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
        "population difference. The anchor is pool_t: s²/R plus the pool's part (the spread "
        "of the per-point loss differences and over training sets, over N), from per-point "
        "losses recomputed on the first 100 splits of each cell with the plain fits; those are "
        "exactly the max-margin arm's fits and stand in for the random separator's (whose "
        "per-point losses would need the chains again). It is conservative (see the "
        "calibration). Where a cell has no parts (degenerate, or the fixed held-out test set) "
        "the Nadeau–Bengio corrected resampled t (variance (1/R + n_test/n_train)·s², df R − 1) "
        "is the anchor; the naive interval is shown only as 'conditional on the dataset'."
    ),
}


#: how a training set is decided separable (gendisc.models.separable), and why not by LP alone
SEPARABILITY_TEXT = (
    "A training set is separable when some (w, b) puts every example strictly on its side. "
    "It is decided exactly, with a proof either way, not read off the fitted logistic "
    "regression: the fitted LR's (w, b), when every margin is positive beyond the rounding "
    "error of its dot product, proves separability; otherwise the point z of the convex hull "
    "of the signed examples y_i (x_i, 1) nearest the origin (non-negative least squares) "
    "either proves it the same way (z is the hard-margin direction) or lies within 1e-9 of "
    "the origin, and then its weights prove, by Gordan's alternative, that no hyperplane "
    "separates with a margin above that. Only sets between the two certificates go to the "
    "linear program (scipy's linprog, HiGHS), which is also the tests' reference: on 310 "
    "random, discrete, one-hot, tiny-margin and degenerate sets the decision equals "
    "linprog's, with every kind of starting candidate, and one set needed the LP. The LP "
    "alone was 13 to 24 times slower per training set (0.12 vs 2.9 ms at m = 50, 65 "
    "coefficients) over the hundreds of thousands of UCI training sets."
)


def calibration_coverage(cal: pd.DataFrame) -> Any:
    """Coverage of the naive and the corrected interval vs m, one panel per pool size."""
    needed = {"pool_size", "m", "estimator", "coverage", "cov_ci_low", "nominal"}
    if missing := needed - set(cal.columns):
        raise ValueError(f"calibration table lacks column(s) {sorted(missing)}")
    if cal.empty:
        raise ValueError("the calibration table is empty")
    plotkit.use_style()
    sizes = sorted(cal["pool_size"].unique())
    fig, axes = plotkit.panel_grid(len(sizes), (3.2, 2.8), sharey=True)
    for ax, size in zip(axes, sizes, strict=True):
        sub = cal[cal["pool_size"] == size]
        for i, (est, g) in enumerate(sub.groupby("estimator", sort=True)):
            g = g.sort_values("m")
            cov = g["coverage"].to_numpy(float)
            yerr = np.abs(np.vstack([cov - g["cov_ci_low"], g["cov_ci_high"] - cov]))
            ax.errorbar(g["m"], cov, yerr=yerr, marker="o", capsize=2, color=plotkit.PALETTE[i],
                        label=str(est).replace("_", " "))  # fmt: skip
        ax.axhline(float(sub["nominal"].iloc[0]), color="grey", linestyle="--", label="nominal")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("training-set size m")
        ax.set_ylabel("coverage of the true difference")
        ax.set_title(f"pool of N = {size}")
    axes[-1].legend()
    fig.tight_layout()
    return fig


def separable_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Separable training sets per (study, pair): count, fraction, at the smallest/largest m."""
    s = summary.assign(n_sep=summary["separable_rate"] * summary["R"])
    rows = []
    for (study, pair), g in s.groupby(["study", "pair"], sort=True):
        first, last = g[g["m"] == g["m"].min()], g[g["m"] == g["m"].max()]
        rows.append({"study": study, "pair": pair, "replicates": int(g["R"].sum()),
                     "separable": round(float(g["n_sep"].sum())),
                     "fraction": float(g["n_sep"].sum() / g["R"].sum()),
                     "fraction at smallest m": float(first["n_sep"].sum() / first["R"].sum()),
                     "fraction at largest m": float(last["n_sep"].sum() / last["R"].sum())})  # fmt: skip
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


def protocol(config: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers the protocol paragraph states ('–' where the config has no value)."""

    def get(section: str, key: str) -> Any:
        return (config.get(section, {}) or {}).get(key, "–")

    return {
        "R_synthetic": get("synthetic", "replicates"),
        "R_dimension": get("dimension", "replicates"),
        "R_efron": get("efron", "replicates"),
        "R_uci": get("uci", "replicates"),
        "n_test": config.get("n_test", "–"),
        "n_mc": get("bayes", "n_mc"),
        "n_train_asymptotic": get("asymptotic", "n_train"),
        "n_test_asymptotic": get("asymptotic", "n_test"),
        "exact": bool(config.get("exact_test_error", True)),
        "seed": config.get("seed", "–"),
        "lr_C": config.get("lr_C", "–"),
        "half_width_pp": f"{100 * 1.96 * np.sqrt(0.25 / float(config.get('n_test', 1))):.2g}",
    }


def calibration_figure(cal: pd.DataFrame) -> list[Figure]:
    """The calibration study's coverage figure (none when the table lacks its columns)."""
    needed = {"pool_size", "m", "estimator", "coverage", "cov_ci_low", "cov_ci_high", "nominal"}
    if cal.empty or not needed <= set(cal.columns):
        return []
    pools = int(cal["n_cells"].max()) if "n_cells" in cal.columns else 0
    reps = f"R = {int(cal['R'].max())} splits per pool" if "R" in cal.columns else "R splits"
    return [Figure(
        "calibration",
        "Calibration of the UCI variance estimators: fraction of synthetic pools whose interval "
        "covers the true mean difference vs training-set size m, one panel per pool size, for "
        f"the naive paired t and the Nadeau–Bengio corrected resampled t (n = {pools} pools "
        f"per point, {reps}); bars: 95 % Clopper–Pearson interval; dashed: the nominal level.",
        alt="Coverage of the naive and corrected intervals against the training-set size, one "
        "panel per pool size, with the nominal 95 % level as a dashed line.",
        drawing=Drawing(calibration_coverage, (cal,)))]  # fmt: skip


def build(inputs: ReportInputs) -> SectionContent:
    """Methods: protocol, families, pairs, designs, calibration, and the deviations."""
    tables, config = inputs.tables, inputs.config
    by_design: dict[str, list[str]] = {}
    for study, design in analysis.DESIGNS.items():
        by_design.setdefault(design, []).append(study)
    out: list[Table] = []
    cal = tables.calibration
    if not cal.empty:
        out.append(table("calibration-table", calibration_display(cal), "Coverage of the true "
                         "mean difference per estimator, pool size and m (Clopper–Pearson 95 % "
                         "interval over the pools)", left=("estimator", "coverage [95% CI]")))  # fmt: skip
    summary = tables.summary
    totals, cells = warnings_tables(summary)
    out.append(table("separable-table", separable_table(summary), "Training sets the fitted LR "
                     "separates, per study and pair", left=("study", "pair")))  # fmt: skip
    out.append(table("warnings-table", totals, "Estimator warnings per study and pair",
                     left=("study", "pair")))  # fmt: skip
    if not cells.empty:
        out.append(table("warning-cells", cells, "Every cell with at least one warning (summed "
                         "over replicates and both models)", left=("study", "dataset", "pair")))  # fmt: skip
    n_warn = int(totals["warnings"].sum()) if len(totals) else 0
    return SectionContent(
        lead=(
            "Every comparison is paired: both models of a pair are fitted on the same training "
            "set and scored on the same test set, R times per training-set size. The figure "
            "checks that the interval used on UCI data covers the true difference as often as "
            "it claims; the deviations from Ng & Jordan's protocol are listed below."
        ),
        figures=tuple(calibration_figure(cal)),
        tables=tuple(out),
        notes=() if not cal.empty else ("No calibration table in this run (calibration.csv).",),
        extra={
            "protocol": protocol(config),
            "families": [(n, f.kind, f.description) for n, f in generators.FAMILIES.items()],
            "pairs": [
                (n, p.generative, p.discriminative, p.description, p.deviation)
                for n, p in PAIRS.items()
            ],
            "designs": [(d, ", ".join(s), DESIGN_TEXT.get(d, "")) for d, s in by_design.items()],
            "calibration_text": calibration_text(cal),
            "separability": SEPARABILITY_TEXT,
            "n_warnings": n_warn,
            "n_cells": len(summary),
            "datasets": [(n, s.target, tuple(s.choices)) for n, s in datasets.DATASETS.items()],
        },
    )


__all__ = [
    "DESIGN_TEXT",
    "SEPARABILITY_TEXT",
    "build",
    "calibration_coverage",
    "calibration_display",
    "calibration_figure",
    "calibration_text",
    "protocol",
    "separable_table",
    "warnings_tables",
]
