"""The rows of the claims table, before Holm and verdicts: how a claim builder writes one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def claim_row(claim: str, scope: str, test: str, est, lo, hi, p, **extra) -> dict:
    """A claim row (columns of :data:`gendisc.stats.claims.CLAIM_COLUMNS` before
    :func:`gendisc.stats.claims.finalize_claims`); ``None`` values become NaN."""

    def f(v):
        return np.nan if v is None else float(v)

    return {"claim": claim, "scope": scope, "test": test, "estimate": f(est), "ci_low": f(lo),
            "ci_high": f(hi), "p_value": f(p)} | extra  # fmt: skip


def scope_name(*parts: object) -> str:
    """The scope of a claim row: its non-empty parts joined by ``/``."""
    return "/".join(str(p) for p in parts if p is not None and str(p) != "")


def one_sided(mean: float, se: float, df: float, greater: bool, shift: float = 0.0) -> float:
    """One-sided t p-value of H0: mean <= -shift (greater) or mean >= shift (not greater)."""
    if not se > 0:
        return float(np.nan) if np.isnan(se) else (0.0 if (mean + shift > 0) == greater else 1.0)
    t = (mean + shift) / se if greater else (mean - shift) / se
    return float(stats.t.sf(t, df) if greater else stats.t.cdf(t, df))


def is_degenerate(cells: pd.DataFrame) -> pd.Series:
    """The cells' ``degenerate`` flag (all False for a table without the column)."""
    if "degenerate" not in cells.columns:
        return pd.Series(False, index=cells.index)
    return cells["degenerate"].fillna(False).astype(bool)


def degenerate_row(claim: str, scope: str, test: str, detail: str = "") -> dict:
    """The row of a scope whose needed cell is degenerate: no estimate, ``degenerate`` True."""
    return claim_row(claim, scope, test, None, None, None, None, detail=detail, degenerate=True)


__all__ = ["claim_row", "degenerate_row", "is_degenerate", "one_sided", "scope_name"]
