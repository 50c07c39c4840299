"""Section 4, sample complexity vs dimension (claim 4) and Efron's efficiency (claim 6)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.report import plotkit
from gendisc.report.common import ReportInputs, Tables, claim_rows, interval, replicates
from gendisc.report.htmlkit import Drawing, Figure, SectionContent, Table, table
from gendisc.stats import theory

#: the ``m`` of the Efron table's rows pooled over m
POOLED_M = -1


def _check(frame: pd.DataFrame, needed: set[str], name: str) -> None:
    missing = needed - set(frame.columns)
    if missing:
        raise ValueError(f"{name} table lacks column(s) {sorted(missing)}")


def sample_complexity(m_eps: pd.DataFrame, fits: pd.DataFrame) -> plt.Figure:
    """m_epsilon vs dimension n for both models, with the fits on log n and on n (per scope)."""
    _check(m_eps, {"scope", "role", "n_features", "m_eps"}, "m_epsilon")
    _check(fits, {"scope", "role", "regressor", "intercept", "slope"}, "sample_complexity")
    if m_eps.empty:
        raise ValueError("the m_epsilon table is empty")
    plotkit.use_style()
    scopes = sorted(m_eps["scope"].unique())
    fig, axes = plotkit.panel_grid(len(scopes), (4.6, 3.3))
    for ax, scope in zip(axes, scopes, strict=True):
        for role, style in plotkit.ROLE_STYLE.items():
            pts = m_eps[(m_eps["scope"] == scope) & (m_eps["role"] == role)]
            pts = pts.sort_values("n_features")
            ax.plot(pts["n_features"], pts["m_eps"], "o", color=style["color"],
                    label=style["label"])  # fmt: skip
            n = np.geomspace(max(1.0, pts["n_features"].min()), pts["n_features"].max(), 100)
            for reg, ls, x in (("log_n", ":", np.log(n)), ("n", "-", n)):
                f = fits[(fits["scope"] == scope) & (fits["role"] == role)]
                f = f[f["regressor"] == reg]
                if len(f) and np.isfinite(float(f["slope"].iloc[0])):
                    y = float(f["intercept"].iloc[0]) + float(f["slope"].iloc[0]) * x
                    lab = f"{role} fit on {'log n' if reg == 'log_n' else 'n'}"
                    ax.plot(n, y, ls, color=style["color"], linewidth=1, label=lab)
        ax.set_xscale("log")
        dims = sorted(int(v) for v in m_eps.loc[m_eps["scope"] == scope, "n_features"].unique())
        ax.set_xticks(dims, [str(v) for v in dims])
        ax.minorticks_off()
        ax.set_xlabel("input dimension n (log scale)")
        ax.set_ylabel("m_ε (training examples)")
        ax.set_title(scope)
        ax.legend()
    fig.suptitle("Sample complexity: NB O(log n) vs LR O(n)")
    fig.tight_layout()
    return fig


def efron_efficiency(efron: pd.DataFrame) -> plt.Figure:
    """Measured efficiency of LR relative to LDA vs Δ, with Efron's (1975) asymptotic curve."""
    _check(efron, {"m", "delta", "efficiency", "ci_low", "ci_high", "prior", "n_features"}, "efron")
    if efron.empty:
        raise ValueError("the efron table is empty")
    plotkit.use_style()
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    pooled = efron[efron["m"] == POOLED_M].sort_values("delta")
    per_m = efron[efron["m"] > 0]
    ax.scatter(per_m["delta"], per_m["efficiency"], s=8, color=plotkit.PALETTE[7], alpha=0.5,
               label="measured at one m")  # fmt: skip
    eff = pooled["efficiency"].to_numpy(float)
    yerr = np.abs(np.vstack([eff - pooled["ci_low"], pooled["ci_high"] - eff]))
    ax.errorbar(pooled["delta"], eff, yerr=yerr, fmt="o", color=plotkit.PALETTE[1], capsize=2,
                label="measured, pooled over m (95% bootstrap CI)")  # fmt: skip
    prior, n = float(pooled["prior"].iloc[0]), int(pooled["n_features"].iloc[0])
    grid = np.linspace(0.05, max(4.0, float(pooled["delta"].max())), 120)
    ax.plot(grid, [theory.efron_are(d, prior, n) for d in grid], color=plotkit.PALETTE[0],
            label="Efron (1975) asymptotic efficiency")  # fmt: skip
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set_ylim(0, max(1.5, float(np.nanmin([np.nanmax(eff) * 1.1, 3.0]))))
    ax.set_xlabel("Mahalanobis distance Δ")
    ax.set_ylabel("efficiency of LR vs LDA")
    ax.legend()
    fig.tight_layout()
    return fig


def m_epsilon_wide(tables: Tables) -> pd.DataFrame:
    """m_epsilon per dimension n (rows) and model (columns); '> m_max' where not reached."""
    me = tables.m_epsilon
    if me.empty:
        return me
    rows: dict[tuple[str, int], dict[str, str]] = {}
    for r in me.sort_values(["n_features", "role"]).itertuples(index=False):
        value = f"{r.m_eps:.0f}" if np.isfinite(float(r.m_eps)) else f"> {int(r.m_max)}"
        rows.setdefault((r.pair, int(r.n_features)), {})[f"m_ε {r.model}"] = value
    return pd.DataFrame([{"pair": k[0], "n": k[1], **v} for k, v in sorted(rows.items())])


def complexity_fits(tables: Tables) -> pd.DataFrame:
    """Slope, interval, R² and AIC of each model's m_epsilon fit on log n and on n."""
    sc = tables.sample_complexity
    if sc.empty:
        return sc
    return pd.DataFrame(
        {
            "model": sc["model"],
            "regressor": sc["regressor"].map({"log_n": "log n", "n": "n"}).fillna(sc["regressor"]),
            "dimensions": sc["n_points"],
            "slope [95% CI]": [
                interval(float(r.slope), float(r.slope_ci_low), float(r.slope_ci_high), "{:.3g}")
                for r in sc.itertuples(index=False)
            ],
            "R²": sc["r2"].astype(float),
            "AIC": sc["aic"].astype(float),
        }
    )


def efron_pooled(tables: Tables) -> pd.DataFrame:
    """Per Δ: measured efficiency (pooled over m) with its interval, and Efron's ARE."""
    ef = tables.efron
    if ef.empty:
        return ef
    pooled = ef[ef["m"] == POOLED_M].sort_values("delta")
    return pd.DataFrame(
        {
            "Δ": pooled["delta"].astype(float),
            "n": pooled["n_features"],
            "measured efficiency [95% CI]": [
                interval(float(r.efficiency), float(r.ci_low), float(r.ci_high), "{:.3f}")
                for r in pooled.itertuples(index=False)
            ],
            "Efron's ARE": pooled["theory"].astype(float),
        }
    )


def figures(tables: Tables, epsilon: object) -> list[Figure]:
    """m_epsilon vs n with its fits, and the measured LR/LDA efficiency against Efron's curve."""
    out = []
    s = tables.summary
    if len(tables.m_epsilon) and len(tables.sample_complexity):
        dims = tables.m_epsilon["n_features"].nunique()
        out.append(Figure(
            "m-epsilon",
            f"Sample complexity vs dimension: m_ε (points; smallest m from which the mean error "
            f"over {replicates(s, 'dimension')} replicates stays within ε = {epsilon} of the "
            f"model's asymptotic error) vs dimension n (n = {dims} dimensions, log scale), with "
            "the OLS fits on log n (dotted) and on n (solid); the fits' 95 % intervals are in "
            "the table below. Models that never entered the band have no point.",
            alt="Sample complexity m_ε of naive Bayes and logistic regression against the "
            "input dimension, with the fitted log n and linear curves.",
            drawing=Drawing(sample_complexity, (tables.m_epsilon, tables.sample_complexity))))  # fmt: skip
    if len(tables.efron):
        deltas = int((tables.efron["m"] == POOLED_M).sum())
        out.append(Figure(
            "efron",
            "Efficiency of logistic regression relative to LDA (LDA's over LR's mean excess "
            f"error) vs the Mahalanobis distance Δ (n = {deltas} values of Δ; "
            f"{replicates(s, 'efron')} replicates per m). Large points: pooled over m, bars: 95 % "
            "bootstrap percentile interval; faint: single m; line: Efron's (1975) asymptotic "
            "relative efficiency.",
            alt="Measured efficiency of logistic regression relative to LDA against the class "
            "separation, with Efron's theoretical curve.",
            drawing=Drawing(efron_efficiency, (tables.efron,))))  # fmt: skip
    return out


def build(inputs: ReportInputs) -> SectionContent:
    """m_epsilon vs dimension with its fits (claim 4), and Efron's comparison (claim 6)."""
    tables = inputs.tables
    eps = inputs.config.get("epsilon", "ε")
    out: list[Table] = []
    notes = []
    for frame, tid, caption, left, missing in (
        (m_epsilon_wide(tables), "m-epsilon-table", "m_ε (examples) per dimension and model; "
         "'> m' where the band was not reached inside the m grid", None, "m_epsilon.csv"),
        (complexity_fits(tables), "sample-complexity-table", "OLS of m_ε on log n and on n per "
         "model", ("model", "regressor", "slope [95% CI]"), "sample_complexity.csv"),
        (claim_rows(tables.claims, ("m_eps_log_n", "m_eps_linear_n", "m_eps_slope_gap")),
         "claim4-table", "Claim 4 rows", ("claim", "scope", "verdict"), ""),
        (efron_pooled(tables), "efron-table", "Efficiency of LR relative to LDA: measured "
         "(pooled over m) and Efron's ARE", ("measured efficiency [95% CI]",), "efron.csv"),
        (claim_rows(tables.claims, ("efron_efficiency",)), "claim6-table", "Claim 6 rows",
         ("claim", "scope", "verdict"), ""),
    ):  # fmt: skip
        if frame.empty:
            if missing:
                notes.append(f"Not available: this run did not produce {missing}.")
            continue
        left = tuple(c for c in frame.columns if c != "n") if left is None else left
        out.append(table(tid, frame, caption, left=left))
    return SectionContent(
        lead=(
            "Ng & Jordan's theory says naive Bayes reaches its asymptotic error after about "
            f"log n examples, logistic regression after about n. m_ε is the training-set size "
            f"from which a model stays within ε = {eps} of its own asymptotic error; the first "
            "figure plots it against the dimension n, the second checks Efron's (1975) "
            "efficiency of logistic regression relative to LDA."
        ),
        figures=tuple(figures(tables, eps)),
        tables=tuple(out),
        notes=tuple(notes),
        extra={"epsilon": eps},
    )


__all__ = [
    "POOLED_M",
    "build",
    "complexity_fits",
    "efron_efficiency",
    "efron_pooled",
    "figures",
    "m_epsilon_wide",
    "sample_complexity",
]
