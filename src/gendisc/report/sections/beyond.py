"""Section: beyond the learning curves (issue 15): missing features, hybrid training, scarce
labels, unusual inputs. One figure per study leads; the claim rows say what held."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.report import plotkit
from gendisc.report.common import ReportInputs, Tables, claim_rows
from gendisc.report.htmlkit import Drawing, Figure, SectionContent, Table, table

#: this section's claims (config/claims.yaml numbers 7-13), in the order of the studies
CLAIMS: dict[str, tuple[str, ...]] = {
    "missing": ("missing_generative_degrades_slower",),
    "hybrid": ("hybrid_best_lambda_rises_with_m", "hybrid_generative_end_wins_well_specified"),
    "semisupervised": (
        "unlabelled_helps_well_specified",
        "unlabelled_hurts_misspecified",
        "mixture_beats_lr_three_clusters",
    ),
    "novelty": ("generative_score_separates_better",),
}
METHOD_STYLE = {
    "nb": (plotkit.PALETTE[0], "-"), "lda": (plotkit.PALETTE[2], "-"),
    "lr_mean": (plotkit.PALETTE[1], "--"), "lr_iterative": (plotkit.PALETTE[3], "--"),
    "lr_reduced": (plotkit.PALETTE[4], "--"),
}  # fmt: skip


def _grid(n: int) -> tuple[plt.Figure, list[plt.Axes]]:
    plotkit.use_style()
    return plotkit.panel_grid(n, (3.6, 2.8))


def missing_figure(paired: pd.DataFrame) -> plt.Figure:
    """Mean test error vs missing rate per method (MCAR, test-time masks), one panel per
    (setting, m)."""
    p = paired[(paired["mechanism"] == "mcar") & (paired["where"] == "test")]
    p = p[p["reference"] == p["reference"].iloc[0]]
    ref = p["reference"].iloc[0]
    panels = sorted({(s, int(m)) for s, m in zip(p["setting"], p["m"], strict=True)})
    fig, axes = _grid(len(panels))
    for ax, (setting, m) in zip(axes, panels, strict=True):
        g = p[(p["setting"] == setting) & (p["m"] == m)]
        curves = {ref: g.groupby("rate")["mean_reference"].first()}
        for method, h in g.groupby("method"):
            curves[method] = h.set_index("rate")["mean_method"]
        for method, c in sorted(curves.items()):
            color, ls = METHOD_STYLE.get(method, ("grey", ":"))
            ax.plot(c.index, c.to_numpy(), ls, marker="o", color=color, label=method)
        ax.set_title(f"{setting.split('-s')[0]}, m = {m}")
        ax.set_xlabel("missing rate (MCAR, test inputs)")
        ax.set_ylabel("mean test error")
    axes[0].legend()
    fig.tight_layout()
    return fig


def hybrid_figure(best: pd.DataFrame) -> plt.Figure:
    """Best λ vs m (bootstrap interval) per model, one panel per misspecification level."""
    levels = sorted(best["level"].unique())
    fig, axes = _grid(len(levels))
    for ax, level in zip(axes, levels, strict=True):
        for k, (model, g) in enumerate(best[best["level"] == level].groupby("model")):
            g = g.sort_values("m")
            x = g["m"].to_numpy(float) * (1.0 + 0.04 * k)
            y = g["best_lambda"].to_numpy(float)
            err = np.vstack([y - g["ci_low"], g["ci_high"] - y])
            ax.errorbar(x, y, yerr=np.abs(err), marker="o", capsize=2, label=model,
                        color=plotkit.PALETTE[0 if model == "nb" else 2])  # fmt: skip
        ax.set_xscale("log")
        ax.set_ylim(-0.05, 1.05)
        ax.set_title(f"misspecification level {level:g}")
        ax.set_xlabel("m (log scale)")
        ax.set_ylabel("best λ (0 generative, 1 discriminative)")
    axes[0].legend()
    fig.tight_layout()
    return fig


def semisupervised_figure(paired: pd.DataFrame) -> plt.Figure:
    """Change of test error from U = 0 to the largest U vs the misspecification level, per EM
    method and m (95 % paired-t intervals)."""
    p = paired[paired["setting"] != "three_clusters"]
    p = p[p["unlabelled"] == p["unlabelled"].max()]
    ms = sorted(p["m"].unique())
    fig, axes = _grid(len(ms))
    for ax, m in zip(axes, ms, strict=True):
        for k, (method, g) in enumerate(p[p["m"] == m].groupby("method")):
            g = g.sort_values("level")
            x = g["level"].to_numpy(float) + 0.012 * k
            y = g["estimate"].to_numpy(float)
            err = np.abs(np.vstack([y - g["ci_low"], g["ci_high"] - y]))
            ax.errorbar(x, y, yerr=err, marker="o", capsize=2, label=method,
                        color=plotkit.PALETTE[k % len(plotkit.PALETTE)])  # fmt: skip
        ax.axhline(0.0, color="grey", linewidth=0.8)
        ax.set_title(f"m = {int(m)} labels, U = {int(p['unlabelled'].max())}")
        ax.set_xlabel("misspecification level")
        ax.set_ylabel("error(U) − error(U = 0)")
    axes[0].legend()
    fig.tight_layout()
    return fig


def novelty_figure(paired: pd.DataFrame) -> plt.Figure:
    """Mean AUROC of each score per shift at the largest m of each dataset."""
    p = paired[paired["reference"] == "lr_confidence"]
    p = p[p["m"] == p.groupby("dataset")["m"].transform("max")]
    datasets = sorted(p["dataset"].unique())
    fig, axes = _grid(len(datasets))
    for ax, dataset in zip(axes, datasets, strict=True):
        g = p[p["dataset"] == dataset]
        shifts = sorted(g["shift"].unique())
        scores = {"lr_confidence": g.groupby("shift")["mean_reference"].first()}
        for method, h in g.groupby("method"):
            scores[method] = h.set_index("shift")["mean_method"]
        width = 0.8 / len(scores)
        for k, (name, s) in enumerate(sorted(scores.items())):
            ax.bar(np.arange(len(shifts)) + k * width, s.reindex(shifts).to_numpy(float),
                   width, label=name, color=plotkit.PALETTE[k % len(plotkit.PALETTE)])  # fmt: skip
        ax.axhline(0.5, color="grey", linewidth=0.8)
        ax.set_xticks(np.arange(len(shifts)) + 0.4 - width / 2, shifts)
        ax.set_ylim(0, 1.02)
        ax.set_title(f"{dataset.split('-s')[0]}, m = {int(g['m'].max())}")
        ax.set_ylabel("AUROC")
    axes[0].legend()
    fig.tight_layout()
    return fig


def held(claims: pd.DataFrame, claim_ids: tuple[str, ...]) -> str:
    """'claim: k of n supported (c contradicted, ...)' under each claim's primary rule, then
    the same under each secondary rule (named in brackets)."""
    if claims.empty or "primary" not in claims.columns:
        return ""
    out = []
    for cid in claim_ids:
        rows = claims[claims["claim"] == cid]
        if rows.empty:
            continue
        primary = rows["primary"].astype(bool)
        groups = [("", rows[primary])]
        if "rule" in rows.columns:
            groups += [(f" [secondary rule {r}]", g) for r, g in rows[~primary].groupby("rule")]
        for label, g in groups:
            if g.empty:
                continue
            counts = g["verdict"].value_counts()
            rest = ", ".join(f"{int(v)} {k}" for k, v in counts.items() if k != "supported")
            out.append(f"{cid}{label}: {int(counts.get('supported', 0))} of {len(g)} scopes "
                       "supported" + (f" ({rest})" if rest else ""))  # fmt: skip
    return "; ".join(out)


def crossover_text(paired: pd.DataFrame) -> str:
    """Where the unlabelled data stop helping EM (full weight, largest U), per family, m, model."""
    if "crossover_level" not in paired.columns:
        return ""
    p = paired[paired["method"].isin(["nb_em", "lda_em"]) & paired["crossover_level"].notna()]
    p = p[p["unlabelled"] == p["unlabelled"].max()]
    p = p.drop_duplicates(["family", "m", "method"]).sort_values(["family", "method", "m"])
    parts = []
    for r in p.itertuples():
        ci = ("" if np.isnan(r.crossover_low) else
              f" (95 % bootstrap interval {r.crossover_low:.2f}–{r.crossover_high:.2f})")  # fmt: skip
        parts.append(f"{r.method}, {r.family}, m = {int(r.m)}: level {r.crossover_level:.2f}{ci}")
    if not parts:
        return ""
    u = int(p["unlabelled"].max())
    return (f"Crossover (the misspecification level where U = {u} unlabelled examples stop "
            "helping EM; the lowest level when they never help): " + "; ".join(parts) + ".")  # fmt: skip


def build(inputs: ReportInputs) -> SectionContent:
    """One figure per study that ran, its claim rows and its paired table."""
    t: Tables = inputs.tables
    figures: list[Figure] = []
    tables: list[Table] = []
    notes: list[str] = []
    specs = (
        ("missing", t.beyond_missing, missing_figure, "Missing features: mean test error vs the "
         "MCAR missing rate of the test inputs, per method (nb / lda marginalise; lr_* impute or "
         "refit), one panel per setting and m; paired 95 % intervals in the table."),
        ("hybrid", t.beyond_hybrid, hybrid_figure, "Hybrid training: the best λ of "
         "λ log p(y|x) + (1 − λ) log p(x, y) vs m, per model, one panel per misspecification "
         "level; bars: 95 % bootstrap interval over replicates."),
        ("semisupervised", t.beyond_semisupervised, semisupervised_figure, "Scarce labels: "
         "change of test error when EM adds the largest number of unlabelled examples, vs the "
         "misspecification level (below 0: the unlabelled data help); bars: 95 % paired-t "
         "intervals over replicates."),
        ("novelty", t.beyond_novelty, novelty_figure, "Unusual inputs: mean AUROC of each "
         "novelty score per shift at the largest m (0.5: no better than chance)."),
    )  # fmt: skip
    said = []
    for name, frame, draw, caption in specs:
        if frame.empty:
            continue
        figures.append(Figure(f"beyond-{name}", caption, drawing=Drawing(draw, (frame,)),
                              alt=caption.split(":")[0] + "."))  # fmt: skip
        rows = claim_rows(t.claims, CLAIMS[name])
        if len(rows):
            tables.append(table(f"beyond-{name}-claims", rows, f"{name}: claim rows (every rule)",
                                left=("claim", "scope", "verdict")))  # fmt: skip
        tables.append(table(f"beyond-{name}-paired", frame, f"{name}: paired comparisons",
                            left=tuple(c for c in frame.columns if frame[c].dtype == object)))  # fmt: skip
        verdicts = held(t.claims, CLAIMS[name])
        if verdicts:
            said.append(verdicts)
    if not figures:
        notes.append("Not available: no study beyond the learning curves ran (config beyond).")
    lead = (
        "The usual advice goes beyond learning curves: prefer the generative model when features "
        "go missing, when labels are scarce but unlabelled data plentiful, and to flag unusual "
        "inputs; hybrids sit between the two. Each is tested here with the same pairs and "
        "verdict rules as the Ng–Jordan claims."
    )
    if not t.beyond_semisupervised.empty and (cross := crossover_text(t.beyond_semisupervised)):
        notes.append(cross)
    if said:
        notes.append("What held (the primary rule of each claim first): " + "; ".join(said) + ".")
    return SectionContent(
        lead=lead, figures=tuple(figures), tables=tuple(tables), notes=tuple(notes)
    )


__all__ = ["CLAIMS", "build", "crossover_text", "held", "hybrid_figure", "missing_figure", "novelty_figure",
           "semisupervised_figure"]  # fmt: skip
