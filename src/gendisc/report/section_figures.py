"""The statistics figures of the report, with captions that define every interval.

The drawing lives in :mod:`gendisc.report.stats_figures`; this module decides which figures a run has
(from the tables it produced), names them (file stems in ``reports/figures``) and captions them.
Each figure carries its :class:`~gendisc.report.rendering.Drawing`; it is drawn later, when the report
renders all its figures (:func:`gendisc.report.rendering.render_figures`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from gendisc.report import stats_figures
from gendisc.report.common import Tables
from gendisc.report.htmlkit import Drawing, Figure


def _replicates(tables: Tables, study: str) -> str:
    s = tables.summary
    r = s.loc[s["study"] == study, "R"] if "R" in s.columns else pd.Series(dtype=float)
    if r.empty:
        return "R"
    lo, hi = int(r.min()), int(r.max())
    return f"R = {lo}" if lo == hi else f"R = {lo}–{hi}"


def _n_boot(tables: Tables) -> str:
    x = tables.crossovers
    return f"B = {int(x['n_boot'].max())}" if "n_boot" in x.columns and len(x) else "B"


def _figure(stem: str, caption: str, draw: Callable[..., plt.Figure], *args: Any) -> Figure:
    """A figure to be drawn by ``draw(*args)`` (rendered later, possibly in another process)."""
    return Figure(stem=stem, caption=caption, drawing=Drawing(draw, args))


def misspecification_figures(tables: Tables) -> list[Figure]:
    """Per family: the (level × m) heatmap of the paired difference, then m* and gap vs level."""
    out = []
    cells, mis = tables.cells, tables.misspecification
    r = _replicates(tables, "synthetic")
    fams = sorted(set(cells.loc[cells["study"] == "synthetic", "family"])) if len(cells) else []
    for family in fams:
        out.append(
            _figure(
                f"heatmap-{family}",
                f"{family}: mean paired difference d = error(generative) − error(discriminative) "
                f"per cell of misspecification level × training-set size m (columns log-spaced), "
                f"one panel per pair and dimension n; {r} independent replicates per cell. "
                "Diverging colours centred at 0 (blue: the generative model is better). A dot "
                "marks a cell whose paired-t p-value, Benjamini–Hochberg-adjusted over all cells "
                "of this figure, is below α.",
                stats_figures.difference_heatmap,
                cells,
                family,
            )
        )
        if len(mis) and family in set(mis["family"]):
            out.append(
                _figure(
                    f"level-{family}",
                    f"{family}: crossover m* (left, examples, log scale; error bars: 95 % "
                    "percentile interval of a paired bootstrap over the "
                    f"{r} replicates per m, {_n_boot(tables)}) and asymptotic gap error(generative) − error(discriminative) (right; "
                    "error bars: 95 % normal interval treating the two asymptotic test errors "
                    "as independent binomial proportions) vs misspecification level. Settings "
                    "whose mean curves do not cross inside the m grid have no m* point.",
                    stats_figures.misspecification_trends,
                    mis,
                    family,
                )
            )
    return out


def dimension_figures(tables: Tables, epsilon: object) -> list[Figure]:
    """m_epsilon vs n with its fits, and the measured LR/LDA efficiency against Efron's curve."""
    out = []
    if len(tables.m_epsilon) and len(tables.sample_complexity):
        out.append(
            _figure(
                "m-epsilon",
                f"Sample complexity vs dimension: m_ε (points; smallest m from which the mean "
                f"error over {_replicates(tables, 'dimension')} replicates stays within "
                f"ε = {epsilon} of the model's asymptotic error) vs input dimension n (log "
                "scale), per model (colour), with the OLS fits of m_ε on log n (dotted) and on "
                "n (solid). Models whose error never entered the band have no point.",
                stats_figures.sample_complexity,
                tables.m_epsilon,
                tables.sample_complexity,
            )
        )
    if len(tables.efron):
        out.append(
            _figure(
                "efron",
                "Efficiency of logistic regression relative to LDA (ratio of LDA's to LR's mean "
                "excess error over the Bayes error) vs the Mahalanobis distance Δ, on Gaussian "
                f"classes with a shared covariance ({_replicates(tables, 'efron')} replicates per "
                "m). Large points: pooled over m, with 95 % percentile bootstrap intervals over "
                "replicates; faint points: single m; line: Efron's (1975) asymptotic relative "
                "efficiency from his formula.",
                stats_figures.efron_efficiency,
                tables.efron,
            )
        )
    return out


def methods_figures(tables: Tables) -> list[Figure]:
    """The calibration study's coverage of each variance estimator."""
    cal = tables.calibration
    needed = {"pool_size", "m", "estimator", "coverage", "cov_ci_low", "cov_ci_high", "nominal"}
    if cal.empty or not needed <= set(cal.columns):
        return []
    pools = f" over {int(cal['n_cells'].max())} pools" if "n_cells" in cal.columns else ""
    return [
        _figure(
            "calibration",
            "Calibration of the UCI variance estimators: fraction of synthetic pools (one panel "
            "per pool size N) whose interval covers the true mean difference, vs training-set "
            "size m (log scale), for the naive paired t and the Nadeau–Bengio corrected "
            f"resampled t; error bars: 95 % Clopper–Pearson intervals{pools}; dashed: the "
            "nominal level.",
            stats_figures.calibration_coverage,
            cal,
        )
    ]


def stats_figures_by_section(tables: Tables, epsilon: object = "ε") -> dict[str, list[Figure]]:
    """The statistics figures of this run, by report section id.

    Parameters
    ----------
    tables : Tables
        The report's tables; a figure is drawn only when its tables are present.
    epsilon : object
        The m_epsilon tolerance of the config (for the caption).

    Returns
    -------
    dict[str, list[Figure]]
        Keys ``"misspecification"``, ``"dimension"``, ``"methods"``; the figures are not
        rendered yet (each carries its drawing).
    """
    return {
        "misspecification": misspecification_figures(tables),
        "dimension": dimension_figures(tables, epsilon),
        "methods": methods_figures(tables),
    }


__all__ = [
    "dimension_figures",
    "methods_figures",
    "misspecification_figures",
    "stats_figures_by_section",
]
