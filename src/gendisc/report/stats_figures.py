"""Figures of the statistics tables (same style as :mod:`gendisc.report.figures`).

Each function takes one of the ``results/`` tables written by :mod:`gendisc.stats.analysis` or
:mod:`gendisc.study.calibration` and returns a matplotlib Figure:

* :func:`difference_heatmap` — ``cells.csv``: mean paired difference over (level x m) per family,
  BH-significant cells marked.
* :func:`misspecification_trends` — ``misspecification.csv``: crossover m* and asymptotic gap
  vs level, with intervals.
* :func:`sample_complexity` — ``m_epsilon.csv`` and ``sample_complexity.csv``: m_epsilon vs n
  with the log n and n fits.
* :func:`efron_efficiency` — ``efron.csv``: measured efficiency of LR relative to LDA vs Delta,
  with Efron's theoretical curve.
* :func:`calibration_coverage` — ``calibration.csv``: coverage of each variance estimator vs m.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from gendisc.report.figures import PALETTE, ROLE_STYLE, use_style
from gendisc.stats import theory

#: label of the paired difference
D_LABEL = "mean err_gen − err_dis (error rate)"
M_LABEL = "training-set size m (examples)"


def _check(table: pd.DataFrame, needed: set[str], name: str) -> None:
    missing = needed - set(table.columns)
    if missing:
        raise ValueError(f"{name} table lacks column(s) {sorted(missing)}")


def difference_heatmap(cells: pd.DataFrame, family: str, study: str = "synthetic") -> plt.Figure:
    """Mean paired difference over (level x m), one panel per (pair, n_features).

    Parameters
    ----------
    cells : pandas.DataFrame
        ``results/cells.csv`` (:func:`gendisc.stats.analysis.cell_table`).
    family : str
        The family to draw.
    study : str
        The study whose cells are drawn.

    Returns
    -------
    matplotlib.figure.Figure
        Diverging colours centred at 0 (blue: generative better); a dot marks a cell whose
        BH-adjusted p-value (over the figure) is below alpha.
    """
    _check(cells, {"study", "family", "pair", "n_features", "level", "m", "mean_d"}, "cells")
    data = cells[(cells["study"] == study) & (cells["family"] == family)]
    if data.empty:
        raise ValueError(f"no cells of family {family!r} in study {study!r}")
    use_style()
    panels = sorted({(p, int(n)) for p, n in zip(data["pair"], data["n_features"], strict=True)})
    vmax = float(np.nanmax(np.abs(data["mean_d"]))) or 1e-3
    fig, axes = plt.subplots(
        1,
        len(panels),
        figsize=(3.6 * len(panels) + 1.4, 3.2),
        squeeze=False,
        sharey=True,
        layout="constrained",
    )
    image = None
    for ax, (pair, n) in zip(axes[0], panels, strict=True):
        sub = data[(data["pair"] == pair) & (data["n_features"] == n)]
        grid = sub.pivot_table(index="level", columns="m", values="mean_d", aggfunc="first")
        sig = sub.pivot_table(index="level", columns="m", values="bh_significant", aggfunc="first")
        image = ax.imshow(
            grid.to_numpy(float), cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto",
            origin="lower",
        )  # fmt: skip
        rows, cols = np.nonzero(sig.reindex_like(grid).fillna(False).to_numpy(bool))
        ax.scatter(cols, rows, s=9, c="black", marker="o", label="BH-significant")
        ax.set_xticks(range(grid.shape[1]), [str(int(m)) for m in grid.columns], rotation=90)
        ax.set_yticks(range(grid.shape[0]), [f"{lv:g}" for lv in grid.index])
        ax.set_title(f"{pair}, n = {n}")
        ax.set_xlabel(f"{M_LABEL}, log-spaced")
        ax.grid(False)
    axes[0][0].set_ylabel("misspecification level")
    fig.colorbar(image, ax=axes[0].tolist(), label=D_LABEL, shrink=0.9)
    fig.suptitle(f"{family}\nblue: generative better; dot: BH-significant", fontsize="medium")
    return fig


def misspecification_trends(settings: pd.DataFrame, family: str) -> plt.Figure:
    """Crossover m* and asymptotic gap vs misspecification level, per (pair, n_features).

    Parameters
    ----------
    settings : pandas.DataFrame
        ``results/misspecification.csv`` (:func:`gendisc.stats.analysis.misspecification_tables`).
    family : str
        The family to draw.
    """
    _check(settings, {"family", "pair", "n_features", "level", "gap", "m_star"}, "misspecification")
    data = settings[settings["family"] == family]
    if data.empty:
        raise ValueError(f"no settings of family {family!r}")
    use_style()
    fig, (ax_m, ax_g) = plt.subplots(1, 2, figsize=(8.4, 3.4), layout="constrained")
    groups = data.groupby(["pair", "n_features"], sort=True)
    for i, ((pair, n), g) in enumerate(groups):
        g = g.sort_values("level")
        colour = PALETTE[i % len(PALETTE)]
        label = f"{pair}, n = {n}"
        lv = g["level"].to_numpy(float)
        ms = g["m_star"].to_numpy(float)
        err_m = np.vstack([ms - g["m_star_ci_low"], g["m_star_ci_high"] - ms])
        ax_m.errorbar(lv, ms, yerr=np.abs(err_m), marker="o", color=colour, capsize=2, label=label)
        gap = g["gap"].to_numpy(float)
        err_g = np.vstack([gap - g["gap_ci_low"], g["gap_ci_high"] - gap])
        ax_g.errorbar(lv, gap, yerr=np.abs(err_g), marker="o", color=colour, capsize=2, label=label)
    ax_m.set_yscale("log")
    ax_m.set_xlabel("misspecification level")
    ax_m.set_ylabel("crossover m* (examples; 95% CI)")
    ax_g.axhline(0, color="grey", linewidth=0.8)
    ax_g.set_xlabel("misspecification level")
    ax_g.set_ylabel("asymptotic gap err_gen − err_dis")
    ax_g.legend(fontsize="small")
    fig.suptitle(f"{family}: crossover and asymptotic gap vs misspecification")
    return fig


def sample_complexity(m_eps: pd.DataFrame, fits: pd.DataFrame) -> plt.Figure:
    """m_epsilon vs dimension n for both models, with the fits on log n and on n.

    Parameters
    ----------
    m_eps : pandas.DataFrame
        ``results/m_epsilon.csv``.
    fits : pandas.DataFrame
        ``results/sample_complexity.csv``.
    """
    _check(m_eps, {"scope", "role", "n_features", "m_eps"}, "m_epsilon")
    _check(fits, {"scope", "role", "regressor", "intercept", "slope"}, "sample_complexity")
    if m_eps.empty:
        raise ValueError("the m_epsilon table is empty")
    use_style()
    scopes = sorted(m_eps["scope"].unique())
    fig, axes = plt.subplots(1, len(scopes), figsize=(4.6 * len(scopes), 3.2), squeeze=False)
    for ax, scope in zip(axes[0], scopes, strict=True):
        for role, style in ROLE_STYLE.items():
            pts = m_eps[(m_eps["scope"] == scope) & (m_eps["role"] == role)]
            pts = pts.sort_values("n_features")
            ax.plot(
                pts["n_features"], pts["m_eps"], "o", color=style["color"], label=style["label"]
            )
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
        ax.set_xlabel("input dimension n (features, log scale)")
        ax.set_ylabel("m_ε (training examples)")
        ax.set_title(scope, fontsize="small")
        ax.legend(fontsize="x-small")
    fig.suptitle("Sample complexity: NB O(log n) vs LR O(n)")
    fig.tight_layout()
    return fig


def efron_efficiency(efron: pd.DataFrame) -> plt.Figure:
    """Measured efficiency of LR relative to LDA vs Δ, with Efron's (1975) asymptotic curve.

    Parameters
    ----------
    efron : pandas.DataFrame
        ``results/efron.csv`` (:func:`gendisc.stats.analysis.efron_table`): pooled rows ``m = -1``
        with their CIs are drawn as points, per-m values faintly.
    """
    _check(efron, {"m", "delta", "efficiency", "ci_low", "ci_high", "prior", "n_features"}, "efron")
    if efron.empty:
        raise ValueError("the efron table is empty")
    use_style()
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    pooled = efron[efron["m"] == -1].sort_values("delta")
    per_m = efron[efron["m"] > 0]
    ax.scatter(per_m["delta"], per_m["efficiency"], s=8, color=PALETTE[7], alpha=0.5,
               label="measured at one m")  # fmt: skip
    eff = pooled["efficiency"].to_numpy(float)
    yerr = np.abs(np.vstack([eff - pooled["ci_low"], pooled["ci_high"] - eff]))
    ax.errorbar(pooled["delta"], eff, yerr=yerr, fmt="o", color=PALETTE[1], capsize=2,
                label="measured, pooled over m (95% bootstrap CI)")  # fmt: skip
    prior, n = float(pooled["prior"].iloc[0]), int(pooled["n_features"].iloc[0])
    grid = np.linspace(0.05, max(4.0, float(pooled["delta"].max())), 120)
    ax.plot(grid, [theory.efron_are(d, prior, n) for d in grid], color=PALETTE[0],
            label="Efron (1975) asymptotic efficiency")  # fmt: skip
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set_ylim(0, max(1.5, float(np.nanmin([np.nanmax(eff) * 1.1, 3.0]))))
    ax.set_xlabel("Mahalanobis distance Δ")
    ax.set_ylabel("efficiency of LR vs LDA (excess-error ratio)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def calibration_coverage(table: pd.DataFrame) -> plt.Figure:
    """Coverage of the naive and the corrected interval vs m, one panel per pool size.

    Parameters
    ----------
    table : pandas.DataFrame
        ``results/calibration.csv`` (:func:`gendisc.stats.calibration.coverage_table`).
    """
    _check(table, {"pool_size", "m", "estimator", "coverage", "cov_ci_low", "nominal"}, "calib")
    if table.empty:
        raise ValueError("the calibration table is empty")
    use_style()
    sizes = sorted(table["pool_size"].unique())
    fig, axes = plt.subplots(
        1, len(sizes), figsize=(3.2 * len(sizes), 3.0), squeeze=False, sharey=True
    )
    for ax, size in zip(axes[0], sizes, strict=True):
        sub = table[table["pool_size"] == size]
        for i, (est, g) in enumerate(sub.groupby("estimator", sort=True)):
            g = g.sort_values("m")
            cov = g["coverage"].to_numpy(float)
            yerr = np.abs(np.vstack([cov - g["cov_ci_low"], g["cov_ci_high"] - cov]))
            ax.errorbar(g["m"], cov, yerr=yerr, marker="o", capsize=2, color=PALETTE[i],
                        label=est.replace("_", " "))  # fmt: skip
        ax.axhline(float(sub["nominal"].iloc[0]), color="grey", linestyle="--", label="nominal")
        ax.set_xscale("log")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(M_LABEL)
        ax.set_title(f"pool of N = {size}")
    axes[0][0].set_ylabel("coverage of the true difference")
    axes[0][-1].legend(fontsize="small")
    fig.tight_layout()
    return fig


__all__ = [
    "calibration_coverage",
    "difference_heatmap",
    "efron_efficiency",
    "misspecification_trends",
    "sample_complexity",
]
