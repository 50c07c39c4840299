"""Multiple-comparison adjustments (statsmodels ``multipletests``): BH per figure, Holm per claim."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests


def adjust_pvalues(p: np.ndarray, method: str, alpha: float = 0.05) -> np.ndarray:
    """Adjust p-values with ``statsmodels.stats.multitest.multipletests`` (method explicit).

    NaN p-values are left out of the family and returned as NaN.

    Parameters
    ----------
    p : numpy.ndarray
        Raw p-values.
    method : str
        A ``multipletests`` method, e.g. ``"fdr_bh"`` or ``"holm"``; no default on purpose.
    alpha : float
        Passed to ``multipletests`` (does not change the adjusted p-values).
    """
    p = np.asarray(p, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p-values must lie in [0, 1], got min {np.nanmin(p)}, max {np.nanmax(p)}")
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = multipletests(p[ok], alpha=alpha, method=method)[1]
    return out


def bh_by_group(
    table: pd.DataFrame,
    by: Sequence[str],
    p_col: str = "anchor_p",
    out_col: str = "p_bh",
) -> pd.DataFrame:
    """Benjamini–Hochberg over the rows of each group (e.g. all cells of one figure).

    Parameters
    ----------
    table : pandas.DataFrame
        A table with a p-value column.
    by : Sequence[str]
        Columns whose combinations define a family (one figure); empty: the whole table.
    p_col, out_col : str
        Input p-value column and the name of the added adjusted column.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``out_col`` (method ``"fdr_bh"``).
    """
    if p_col not in table.columns:
        raise ValueError(f"p-value column {p_col!r} not in table")
    out = table.copy()
    out[out_col] = np.nan
    groups = (
        [g.index for _, g in out.groupby(list(by), observed=True, sort=False)]
        if by
        else [out.index]
    )
    for idx in groups:
        out.loc[idx, out_col] = adjust_pvalues(out.loc[idx, p_col].to_numpy(float), "fdr_bh")
    return out


def holm(p: np.ndarray) -> np.ndarray:
    """Holm adjustment (``multipletests(method="holm")``) over one family of claims."""
    return adjust_pvalues(p, "holm")


__all__ = ["adjust_pvalues", "bh_by_group", "holm"]
