"""Where unlabelled data stop helping (issue 15 §2): the crossover misspecification level.

For one family, m, EM method and number U of unlabelled examples, the effect at a level is the
mean over replicates of ``error(U) − error(U = 0)`` (below 0: the unlabelled data help). The
crossover is the first level at which the effect reaches 0 from below, linearly interpolated
between the two grid levels around it; it is the lowest level when the effect is already >= 0
there (the data never help) and undefined when it stays below 0 (they help at every level).
Its interval is a percentile bootstrap over replicates, resampled within each level (the levels'
data are independent streams), from a generator keyed by the scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Bootstrap samples of the crossover level.
CROSSOVER_N_BOOT = 1000
#: Columns added to the scarce-label paired table (one value per family, m, method and U).
CROSSOVER_COLUMNS = ("crossover_level", "crossover_low", "crossover_high", "crossover_defined")


def crossover_level(levels: np.ndarray, effects: np.ndarray) -> np.ndarray:
    """Crossover of ``effects[..., level]`` over increasing ``levels`` (NaN: helps everywhere)."""
    levels = np.asarray(levels, dtype=float)
    e = np.asarray(effects, dtype=float)
    if levels.ndim != 1 or e.shape[-1] != levels.size or np.any(np.diff(levels) <= 0):
        raise ValueError(f"levels must increase and match effects' last axis, got {levels}")
    up = e >= 0
    first = np.argmax(up, axis=-1)
    out = np.full(e.shape[:-1], np.nan)
    some = up.any(axis=-1)
    at0 = some & (first == 0)
    out[at0] = levels[0]
    mid = some & (first > 0)
    i = first[mid]
    lo, hi = (
        np.take_along_axis(e[mid], (i - 1)[:, None], -1)[:, 0],
        np.take_along_axis(e[mid], i[:, None], -1)[:, 0],
    )
    out[mid] = levels[i - 1] + (levels[i] - levels[i - 1]) * (-lo) / (hi - lo)
    return out


def semisupervised_crossover(
    table: pd.DataFrame, alpha: float, rng_words, n_boot: int = CROSSOVER_N_BOOT
) -> pd.DataFrame:
    """Crossover level per (family, m, method, U > 0) with its bootstrap interval.

    Parameters
    ----------
    table : pandas.DataFrame
        The scarce-label table (synthetic rows: ``family, level, m, unlabelled, method,
        replicate, error``).
    alpha : float
        Two-sided level of the percentile interval.
    rng_words : callable
        ``rng_words(*labels) -> entropy`` of the bootstrap generator of a scope.
    n_boot : int

    Returns
    -------
    pandas.DataFrame
        ``family, m, method, unlabelled`` and :data:`CROSSOVER_COLUMNS`; the interval is taken
        over the bootstrap samples where the crossover is defined (their share:
        ``crossover_defined``); NaN where it is undefined in the data or in most samples.
    """
    rows = []
    for (family, m, method), g in table.groupby(["family", "m", "method"], sort=True):
        levels = np.sort(g["level"].unique())
        if levels.size < 2:
            continue
        for u in sorted(v for v in g["unlabelled"].unique() if v > 0):
            per_level = []
            for lv in levels:
                h = g[g["level"] == lv].pivot(
                    index="replicate", columns="unlabelled", values="error"
                )
                per_level.append((h[u] - h[0]).to_numpy(float))
            rng = np.random.default_rng(rng_words("crossover", family, int(m), method, int(u)))
            boot = np.stack(
                [d[rng.integers(0, d.size, (n_boot, d.size))].mean(axis=1) for d in per_level],
                axis=-1,
            )
            point = float(crossover_level(levels, np.array([d.mean() for d in per_level])))
            b = crossover_level(levels, boot)
            ok = ~np.isnan(b)
            share = float(ok.mean())
            lo, hi = (np.quantile(b[ok], [alpha / 2, 1 - alpha / 2]) if share >= 0.5
                      else (np.nan, np.nan))  # fmt: skip
            rows.append({"family": family, "m": m, "method": method, "unlabelled": int(u),
                         "crossover_level": point, "crossover_low": float(lo),
                         "crossover_high": float(hi), "crossover_defined": share})  # fmt: skip
    return pd.DataFrame(rows, columns=["family", "m", "method", "unlabelled", *CROSSOVER_COLUMNS])
