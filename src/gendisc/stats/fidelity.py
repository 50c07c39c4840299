"""Agreement of our Figure 1 replica with the paper's digitized curves.

Per panel and model: the mean absolute difference between the paper's curve and ours over
the paper's m grid; the regime (which model is ahead) at the smallest and the largest m, in
the paper and in ours; the crossover m* of both. Readings of the paper are scored by
:data:`CRITERION`, declared here before any score was computed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: the two curves of a panel: generative (naive Bayes) and discriminative (LR)
MODELS: tuple[str, ...] = ("naive_bayes", "logistic_regression")
#: the pre-declared agreement criterion used to choose a default for every reading
CRITERION = (
    "A reading's score is the mean, over the panels with digitized values and over both "
    "models, of the mean absolute difference between the paper's curve and ours on the "
    "paper's m grid (lower is better). One choice per reading for all panels of a kind; "
    "choices whose scores differ by less than 0.002 (the digitization accuracy, doubled) are "
    "tied, and a tie is broken by the number of panels whose regime (which model is ahead) "
    "agrees with the paper's at both the smallest and the largest m."
)
#: the margin below which two scores are tied (see CRITERION)
TIE_MARGIN = 0.002
AGREEMENT_COLUMNS = (
    "dataset",
    "mad_naive_bayes",
    "mad_logistic_regression",
    "mad",
    "ahead_small_paper",
    "ahead_small_ours",
    "ahead_large_paper",
    "ahead_large_ours",
    "regime_agrees",
    "crossover_paper",
    "crossover_ours",
    "n_m",
)


def ahead(nb: float, lr: float) -> str:
    """Which model has the lower error: ``"naive_bayes"``, ``"logistic_regression"`` or ``"tie"``."""
    if nb < lr:
        return "naive_bayes"
    if lr < nb:
        return "logistic_regression"
    return "tie"


def crossover(m: np.ndarray, nb: np.ndarray, lr: np.ndarray) -> float:
    """Crossover m*: the smallest grid m from which LR's error is at most NB's at every larger m.

    NaN when LR is behind at the largest m (no crossover on the grid); ``m[0]`` when LR is
    never behind (no generative regime).

    Parameters
    ----------
    m : ndarray of shape (k,)
        Increasing grid.
    nb, lr : ndarray of shape (k,)
        Mean errors of the two models.
    """
    m, nb, lr = (np.asarray(a, dtype=np.float64) for a in (m, nb, lr))
    if m.ndim != 1 or m.shape != nb.shape or m.shape != lr.shape or m.size == 0:
        raise ValueError(
            f"crossover needs three equal 1-d arrays, got {m.shape}, {nb.shape}, {lr.shape}"
        )
    if np.any(np.diff(m) <= 0):
        raise ValueError("crossover needs an increasing m grid")
    behind = lr > nb
    if behind[-1]:
        return float("nan")
    last = np.flatnonzero(behind)
    return float(m[last[-1] + 1]) if last.size else float(m[0])


def panel_agreement(ours: pd.DataFrame, paper: pd.DataFrame) -> pd.DataFrame:
    """Agreement of our mean curves with the paper's, one row per panel with reference values.

    Parameters
    ----------
    ours : pandas.DataFrame
        Columns ``dataset, m, naive_bayes, logistic_regression``: our mean test errors.
    paper : pandas.DataFrame
        The same columns: the digitized curves (:func:`gendisc.data.reference.curves`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AGREEMENT_COLUMNS`, on the m values both tables have (``n_m`` of
        them); a panel of ``paper`` without any m of ours is left out.
    """
    need = {"dataset", "m", *MODELS}
    for name, table in (("ours", ours), ("paper", paper)):
        if need - set(table.columns):
            raise ValueError(f"{name} lacks columns {sorted(need - set(table.columns))}")
    rows = []
    for dataset, ref in paper.groupby("dataset", sort=False):
        both = ref.merge(ours[ours["dataset"] == dataset], on="m", suffixes=("_paper", "_ours"))
        if both.empty:
            continue
        both = both.sort_values("m")
        m = both["m"].to_numpy()
        p = {k: both[f"{k}_paper"].to_numpy() for k in MODELS}
        o = {k: both[f"{k}_ours"].to_numpy() for k in MODELS}
        mad = {k: float(np.mean(np.abs(p[k] - o[k]))) for k in MODELS}
        small = [ahead(d["naive_bayes"][0], d["logistic_regression"][0]) for d in (p, o)]
        large = [ahead(d["naive_bayes"][-1], d["logistic_regression"][-1]) for d in (p, o)]
        rows.append(
            {
                "dataset": dataset,
                "mad_naive_bayes": mad["naive_bayes"],
                "mad_logistic_regression": mad["logistic_regression"],
                "mad": 0.5 * (mad["naive_bayes"] + mad["logistic_regression"]),
                "ahead_small_paper": small[0],
                "ahead_small_ours": small[1],
                "ahead_large_paper": large[0],
                "ahead_large_ours": large[1],
                "regime_agrees": small[0] == small[1] and large[0] == large[1],
                "crossover_paper": crossover(m, p["naive_bayes"], p["logistic_regression"]),
                "crossover_ours": crossover(m, o["naive_bayes"], o["logistic_regression"]),
                "n_m": int(m.size),
            }
        )
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def small_m_advantage(ours: pd.DataFrame, paper: pd.DataFrame) -> tuple[float, float]:
    """Naive Bayes' small-m advantage, paper and ours: the mean over panels of the mean
    ``LR - NB`` error over the lower half of the m values both tables have (claim 1's regime).

    Returns
    -------
    (paper, ours) : tuple of float
        NaN when no panel is shared.
    """
    gaps: dict[str, list[float]] = {"paper": [], "ours": []}
    for dataset, ref in paper.groupby("dataset", sort=False):
        both = ref.merge(ours[ours["dataset"] == dataset], on="m", suffixes=("_paper", "_ours"))
        if both.empty:
            continue
        low = both.sort_values("m").iloc[: max(1, len(both) // 2)]
        for who in gaps:
            gap = low[f"logistic_regression_{who}"] - low[f"naive_bayes_{who}"]
            gaps[who].append(float(gap.mean()))
    if not gaps["paper"]:
        return float("nan"), float("nan")
    return float(np.mean(gaps["paper"])), float(np.mean(gaps["ours"]))


def reading_score(agreement: pd.DataFrame) -> tuple[float, int]:
    """Score of one reading by :data:`CRITERION`: (mean MAD over panels and models, number of
    panels whose regime agrees)."""
    if agreement.empty:
        raise ValueError("no panel to score")
    return float(agreement["mad"].mean()), int(agreement["regime_agrees"].sum())


def choose(scores: Mapping[str, tuple[float, int]]) -> str:
    """The choice of a reading with the best score by :data:`CRITERION`.

    Parameters
    ----------
    scores : mapping
        Alternative -> :func:`reading_score`.

    Returns
    -------
    str
        The lowest mean MAD; among alternatives within :data:`TIE_MARGIN` of it, the most
        regime agreements, then the first listed.
    """
    if not scores:
        raise ValueError("no alternative to choose from")
    best = min(s[0] for s in scores.values())
    tied = [k for k, s in scores.items() if s[0] - best < TIE_MARGIN]
    return max(tied, key=lambda k: (scores[k][1], -tied.index(k)))
