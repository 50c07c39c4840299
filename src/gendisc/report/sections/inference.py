"""Section: how the verdicts were reached - the claim registry's rules and their sensitivity,
the degenerate cells, and the calibrated UCI interval (issue 14)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.report import plotkit
from gendisc.report.common import ReportInputs, Tables
from gendisc.report.htmlkit import Drawing, Figure, SectionContent, Table, table
from gendisc.stats import registry
from gendisc.stats.verdicts import VERDICT_KINDS
from gendisc.study import c_sweep

#: the estimator label of the pool interval in the calibration table
POOL_ESTIMATOR = "pool_t"


def rule_sentences(sensitivity: pd.DataFrame) -> list[str]:
    """Per claim with several rules: what holds under all of them, or how it depends on the rule."""
    if sensitivity.empty:
        return []
    out = []
    for claim, g in sensitivity.groupby("claim", sort=False):
        if len(g) < 2:
            continue
        counts = g.set_index("rule")[list(VERDICT_KINDS)]
        primary = str(g.loc[g["primary"].astype(bool), "rule"].iloc[0])
        text = "; ".join(
            f"{rule}{' (primary)' if rule == primary else ''}: "
            + ", ".join(f"{int(row[k])} {k}" for k in VERDICT_KINDS if int(row[k]))
            for rule, row in counts.iterrows()
        )
        if (counts.nunique() == 1).all():
            out.append(f"{claim}: the same verdict counts under all {len(g)} rules ({text}).")
        else:
            out.append(f"{claim}: the verdicts depend on the rule ({text}).")
    return out


def degenerate_counts(tables: Tables) -> pd.DataFrame:
    """Degenerate cells (no variance of the difference) per study and reason."""
    cells = tables.cells
    if cells.empty or "degenerate" not in cells.columns:
        return pd.DataFrame()
    deg = cells[cells["degenerate"].astype(str).str.lower().isin(("true", "1"))]
    if deg.empty:
        return pd.DataFrame()
    grouped = deg.groupby(["study", "degenerate_reason"], sort=True)
    out = grouped.agg(cells=("m", "size"), smallest_m=("m", "min"), largest_m=("m", "max"))
    return out.reset_index()


def pool_coverage(calibration: pd.DataFrame) -> pd.DataFrame:
    """Coverage and mean half-width of every interval per pool size and m (wide)."""
    need = {"pool_size", "m", "estimator", "coverage", "mean_half_width"}
    if calibration.empty or not need <= set(calibration.columns):
        return pd.DataFrame()
    values = ["coverage", "mean_half_width"]
    if "coverage_se" in calibration.columns:  # the Monte-Carlo se of the coverage
        values.insert(1, "coverage_se")
    wide = calibration.pivot_table(index=["pool_size", "m"], columns="estimator", values=values)
    wide.columns = [f"{stat} {est}" for stat, est in wide.columns]
    return wide.reset_index()


#: the coverage band the calibrated interval must reach at nominal 95 % (issue 14)
COVERAGE_BAND = (0.93, 0.97)


def calibration_figure(calibration: pd.DataFrame) -> plt.Figure:
    """Coverage (with its Clopper-Pearson interval) and mean half-width of each interval vs m,
    one line per pool size N and estimator."""
    need = {"pool_size", "m", "estimator", "coverage", "cov_ci_low", "cov_ci_high"}
    if calibration.empty or not need | {"mean_half_width"} <= set(calibration.columns):
        raise ValueError(f"the calibration table needs columns {sorted(need)}")
    plotkit.use_style()
    fig, (cov_ax, hw_ax) = plotkit.panel_grid(2, (3.6, 2.8), columns=2)
    styles = {"naive_paired_t": ":", "corrected_resampled_t": "--"}
    sizes = sorted(calibration["pool_size"].unique())
    for (est, size), g in calibration.groupby(["estimator", "pool_size"], sort=True):
        g = g.sort_values("m")
        color = plotkit.PALETTE[sizes.index(size) % len(plotkit.PALETTE)]
        ls = styles.get(est, "-")
        label = f"{est}, N={int(size)}"
        cov = g["coverage"].to_numpy(float)
        yerr = np.abs(np.vstack([cov - g["cov_ci_low"], g["cov_ci_high"] - cov]))
        cov_ax.errorbar(g["m"], cov, yerr=yerr, linestyle=ls, marker="o", markersize=3,
                        color=color, capsize=2, label=label)  # fmt: skip
        hw_ax.plot(g["m"], g["mean_half_width"], linestyle=ls, marker="o", markersize=3,
                   color=color, label=label)  # fmt: skip
    cov_ax.axhspan(*COVERAGE_BAND, color="grey", alpha=0.2, linewidth=0)
    cov_ax.axhline(0.95, color="grey", linewidth=0.8)
    for ax in (cov_ax, hw_ax):
        ax.set_xscale("log")
        ax.set_xlabel("training-set size m")
    cov_ax.set_ylabel("coverage of the true difference")
    hw_ax.set_ylabel("mean half-width")
    hw_ax.set_yscale("log")
    hw_ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def c_sweep_figure(sweep: pd.DataFrame) -> plt.Figure:
    """LR's mean test error vs C per separation (panels), m (colours) and separability stratum
    (solid: non-separable training sets, dashed: separable); dotted: naive Bayes (all sets)."""
    need = {"separation", "m", "C", "stratum", "lr_error", "nb_error", "n_sets"}
    if sweep.empty or not need <= set(sweep.columns):
        raise ValueError(f"the c_sweep table needs columns {sorted(need)}")
    plotkit.use_style()
    seps = sorted(sweep["separation"].unique())
    fig, axes = plotkit.panel_grid(len(seps), (3.0, 2.6), sharey=False)
    ms = sorted(sweep["m"].unique())
    for ax, sep in zip(axes, seps, strict=True):
        part = sweep[sweep["separation"] == sep]
        for m in ms:
            color = plotkit.PALETTE[ms.index(m) % len(plotkit.PALETTE)]
            for stratum, ls in (("non_separable", "-"), ("separable", "--")):
                g = part[(part["m"] == m) & (part["stratum"] == stratum) & (part["n_sets"] > 0)]
                if len(g):
                    ax.plot(g["C"], g["lr_error"], linestyle=ls, marker="o", markersize=2.5,
                            color=color, label=f"m={int(m)}, {stratum}")  # fmt: skip
            nb = part[(part["m"] == m) & (part["stratum"] == "all")]["nb_error"]
            if len(nb):
                ax.axhline(float(nb.iloc[0]), color=color, linestyle=":", linewidth=0.9)
        ax.set_xscale("log")
        ax.set_title(f"Δ = {sep:g}")
        ax.set_xlabel("C (inverse L2 strength)")
        ax.set_ylabel("LR mean test error")
    axes[-1].legend(fontsize="x-small")
    fig.tight_layout()
    return fig


def figures(tables: Tables) -> list[Figure]:
    """The calibration figure and the C-sweep figure (each when its table is there)."""
    out = []
    cal = tables.calibration
    if len(cal) and {"cov_ci_low", "mean_half_width"} <= set(cal.columns):
        pools = int(cal["n_cells"].max()) if "n_cells" in cal.columns else 0
        splits = int(cal["R"].max()) if "R" in cal.columns else 0
        out.append(Figure(
            "interval-calibration",
            f"Calibration of the UCI intervals: coverage of the true difference by nominal 95 % "
            f"intervals (left; bars: 95 % Clopper-Pearson interval of the coverage over n = "
            f"{pools} pools per point, R = {splits} splits per pool; grey band: the required "
            "0.93-0.97) and mean half-width "
            "(right) vs m, per pool size N (colour) and interval (solid: pool_t, dashed: "
            "Nadeau-Bengio corrected t, dotted: naive paired t).",
            alt="Coverage and half-width of the UCI intervals against the training-set size, "
            "per pool size.",
            drawing=Drawing(calibration_figure, (cal,))))  # fmt: skip
    sweep = tables.c_sweep
    if len(sweep):
        reps = int(sweep.loc[sweep["stratum"] == "all", "n_sets"].max())
        out.append(Figure(
            "c-sweep",
            f"Logistic regression's mean test error vs its inverse L2 strength C (R = {reps} "
            f"training sets per setting and m, one test set per setting; n = "
            f"{sweep['dataset'].nunique()} settings), per class separation Δ (panels) and m "
            "(colours), on separable (dashed) and non-separable (solid) training sets; dotted: "
            "naive Bayes on all training sets (no C). No interval is drawn: the standard errors "
            "are in c_sweep.csv.",
            alt="Logistic regression's test error against C, separately for separable and "
            "non-separable training sets.",
            drawing=Drawing(c_sweep_figure, (sweep,))))  # fmt: skip
    return out


def c_sweep_summary(tables: Tables, lr_C: float) -> pd.DataFrame:
    """Per setting, m and stratum: LR's error at the study's C, the best C and the range."""
    if tables.c_sweep.empty:
        return pd.DataFrame()
    return c_sweep.sensitivity(tables.c_sweep, lr_C)


def coverage_note(calibration: pd.DataFrame) -> str:
    """Whether the pool interval's measured coverage lies in :data:`COVERAGE_BAND` at every
    pool size and m, in words (empty without pool_t rows)."""
    need = {"estimator", "coverage", "pool_size", "m"}
    if calibration.empty or not need <= set(calibration.columns):
        return ""
    pool = calibration[calibration["estimator"] == POOL_ESTIMATOR]
    if pool.empty:
        return ""
    lo, hi = COVERAGE_BAND
    cov = pool["coverage"].astype(float)
    se = pool["coverage_se"].astype(float).max() if "coverage_se" in pool.columns else np.nan
    where = f"{len(pool)} pool-size x m cells; Monte-Carlo se up to {se:.3f}"
    if ((cov >= lo) & (cov <= hi)).all():
        return (f"The pool interval's coverage lies within {lo:g}-{hi:g} in every calibration "
                f"cell ({100 * cov.min():.0f}-{100 * cov.max():.0f} %; {where}).")  # fmt: skip
    above = int((cov > hi).sum())
    below = int((cov < lo).sum())
    return (
        f"Not calibrated: the pool interval's coverage is {100 * cov.min():.0f}-"
        f"{100 * cov.max():.0f} % ({where}), outside the required {lo:g}-{hi:g} in "
        f"{above + below} cells ({above} above, {below} below). Above means conservative: its "
        "training-set term is an upper bound (m times the variance over training sets), and "
        "the pool's test and training roles of a point are negatively correlated, which the "
        "sum of non-negative parts ignores; UCI verdicts from it are valid but lose power."
    )


def rule_table() -> pd.DataFrame:
    """The registered rules of claims 1-6 with their date, commit and definition (empty when
    ``config/claims.yaml`` cannot be read)."""
    try:
        reg = registry.load_registry()
    except (OSError, ValueError):
        return pd.DataFrame()
    rules = reg.rule_table()
    rules = rules[rules["number"] <= 6]
    return rules.loc[:, ["number", "claim", "rule", "primary", "declared", "commit", "definition"]]


def build(inputs: ReportInputs) -> SectionContent:
    """The rules' sensitivity, the degenerate cells and the UCI interval's calibration."""
    tables = inputs.tables
    out: list[Table] = []
    notes = []
    sens = tables.claims_sensitivity
    if len(sens):
        out.append(table("claims-sensitivity", sens, "Verdict counts of each claim under every "
                         "registered rule (primary: the rule first declared; same_as_primary: "
                         "scopes whose verdict equals the primary rule's)",
                         left=("claim", "rule"), csv="claims_sensitivity.csv"))  # fmt: skip
    else:
        notes.append("Not available: this run did not produce claims_sensitivity.csv.")
    deg = degenerate_counts(tables)
    if len(deg):
        out.append(table("degenerate-cells", deg, "Degenerate cells, excluded from every test",
                         left=("study", "degenerate_reason")))  # fmt: skip
    rules = rule_table()
    if len(rules):
        out.append(table("claim-rules", rules, "The registered verdict rules of claims 1-6 "
                         "(config/claims.yaml): the primary rule is the one first declared; "
                         "each rule's date and commit", left=("claim", "rule", "definition")))  # fmt: skip
    if note := coverage_note(tables.calibration):
        notes.append(note)
    cov = pool_coverage(tables.calibration)
    if len(cov):
        out.append(table("interval-coverage", cov, "Calibration: coverage of the true difference "
                         "(with its Monte-Carlo se over the pools) and mean half-width of each "
                         "nominal 95 % interval per pool size N and m", left=("pool_size", "m")))  # fmt: skip
    lr_C = float(inputs.config.get("lr_C", 1e4))
    sweep = c_sweep_summary(tables, lr_C)
    if len(sweep):
        out.append(table("c-sweep", sweep, f"Logistic regression's C: mean test error at the "
                         f"study's C = {lr_C:g}, the best C of the grid, the excess of the "
                         "study's C over it and the range of the mean error over the grid, per "
                         "setting, m and separability stratum",
                         left=("dataset", "stratum")))  # fmt: skip
    has_pool = not tables.calibration.empty and POOL_ESTIMATOR in set(
        tables.calibration.get("estimator", pd.Series(dtype=str))
    )
    return SectionContent(
        lead=(
            "Every claim and its verdict rules are registered in config/claims.yaml, with the "
            "date of each change; the rule first declared is primary and later rules are "
            "reported beside it, so a verdict can be read under each. Cells whose difference "
            "has no variance are degenerate and enter no test. The UCI cells use an interval "
            "built from the spread over training sets and the pool's finite test and training "
            "points (pool_t)"
            + (", whose coverage the calibration study measures." if has_pool else ".")
        ),
        figures=tuple(figures(tables)),
        tables=tuple(out),
        notes=tuple(notes),
        extra={"sentences": rule_sentences(sens)},
    )


__all__ = [
    "COVERAGE_BAND",
    "POOL_ESTIMATOR",
    "build",
    "c_sweep_figure",
    "c_sweep_summary",
    "calibration_figure",
    "coverage_note",
    "degenerate_counts",
    "figures",
    "pool_coverage",
    "rule_sentences",
    "rule_table",
]
