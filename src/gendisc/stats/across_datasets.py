"""Comparisons over datasets (Demšar 2006): win/tie/loss, Wilcoxon signed-rank, rank-biserial.

The claims built on these tables are in :mod:`gendisc.stats.claims`
(:func:`~gendisc.stats.claims.claim_across_datasets`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from gendisc.stats.paired import WILCOXON_ZERO_METHOD, wilcoxon_p


def extreme_cells(cells: pd.DataFrame, which: str) -> pd.DataFrame:
    """The cell of the smallest (``which="smallest"``) or largest m of every (study, dataset, pair)."""
    if which not in ("smallest", "largest"):
        raise ValueError(f"which must be 'smallest' or 'largest', got {which!r}")
    key = ["study", "dataset", "pair"]
    grouped = cells.groupby(key, observed=True, sort=True)["m"]
    idx = grouped.idxmin() if which == "smallest" else grouped.idxmax()
    return cells.loc[idx.to_numpy()].reset_index(drop=True)


def rank_biserial(d: np.ndarray) -> float:
    """Matched-pairs rank-biserial correlation (R+ - R-) / (R+ + R-) of differences ``d``.

    Ranks of |d| are average ranks over all differences; zeros contribute to neither sum.
    Returns 0 when every difference is zero.
    """
    d = np.asarray(d, dtype=float)
    if d.ndim != 1 or d.size < 1:
        raise ValueError(f"need a non-empty 1-d sample, got shape {d.shape}")
    ranks = stats.rankdata(np.abs(d))
    pos, neg = ranks[d > 0].sum(), ranks[d < 0].sum()
    return float((pos - neg) / (pos + neg)) if pos + neg > 0 else 0.0


def across_datasets(cells: pd.DataFrame, which: str, p_col: str = "anchor_p",
                    alpha: float = 0.05) -> pd.DataFrame:  # fmt: skip
    """Win/tie/loss of the generative model and Demšar's Wilcoxon test over datasets.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`gendisc.stats.paired.cell_tests` rows (typically study ``"uci"``), optionally with an
        adjusted p-value column.
    which : str
        ``"smallest"`` or ``"largest"`` non-degenerate m of each dataset (degenerate cells,
        see :func:`gendisc.stats.paired.degenerate_reason`, are left out).
    p_col : str
        p-value column deciding win/tie/loss (a dataset is a tie unless ``p_col < alpha``).
    alpha : float
        Level of the per-dataset decision.

    Returns
    -------
    pandas.DataFrame
        One row per (study, pair): ``which, n_datasets, wins, ties, losses`` (win: generative
        significantly better), ``wilcoxon_p`` (zero_method
        :data:`gendisc.stats.paired.WILCOXON_ZERO_METHOD`) over the per-dataset mean d and
        ``rank_biserial`` of -d (positive: generative better).
    """
    if which not in ("smallest", "largest"):
        raise ValueError(f"which must be 'smallest' or 'largest', got {which!r}")
    if "degenerate" in cells.columns:  # a cell without variance is no evidence either way
        cells = cells[~cells["degenerate"].fillna(False).astype(bool)]
    ext = extreme_cells(cells, which)
    rows = []
    for (study, pair), g in ext.groupby(["study", "pair"], sort=True, observed=True):
        sig = g[p_col].to_numpy(float) < alpha
        d = g["mean_d"].to_numpy(float)
        rows.append({"study": study, "pair": pair, "which": which, "n_datasets": len(g),
                     "wins": int(np.sum(sig & (d < 0))), "ties": int(np.sum(~sig)),
                     "losses": int(np.sum(sig & (d > 0))),
                     "wilcoxon_p": wilcoxon_p(d) if len(g) > 1 else np.nan,
                     "zero_method": WILCOXON_ZERO_METHOD,
                     "rank_biserial": rank_biserial(-d)})  # fmt: skip
    return pd.DataFrame(rows)


__all__ = ["across_datasets", "extreme_cells", "rank_biserial"]
