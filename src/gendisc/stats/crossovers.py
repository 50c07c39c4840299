"""The crossover point of two learning curves and its stratified bootstrap.

Crossover: m* is the first sign change of the mean paired difference d(m) = err_gen - err_dis
along the m grid, located by linear interpolation in log m (the exact root of the
piecewise-linear interpolant of d over log m; no extrapolation beyond the observed range).

Bootstrap: replicate r at different m are independent draws in this study's design, so the
replicates are resampled independently within each m (a stratified bootstrap); this keeps the
pairing of the two models (each resampled unit is one replicate's pair of errors) and is valid
for unequal R per m. m*'s percentile CI is computed over the bootstrap samples that cross;
``p_cross`` is the fraction of samples that cross.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_DIRECTIONS = ("up", "down", "any")


def _crossings(m: np.ndarray, d: np.ndarray, direction: str) -> np.ndarray:
    """First crossing of each row of ``d`` (shape (B, K)) over grid ``m``; NaN if none."""
    logm = np.log(m)
    s = np.sign(d)
    b, k = d.shape
    out = np.full(b, np.nan)
    # carry the last non-zero sign forward so zeros between opposite signs count as a crossing
    for row in range(b):
        last_i = -1
        for i in range(k):
            if s[row, i] == 0:
                continue
            if last_i >= 0 and s[row, i] != s[row, last_i]:
                if direction == "any" or (direction == "up") == (s[row, i] > 0):
                    if i - last_i > 1:  # exact zeros in between: cross at the first zero
                        out[row] = m[last_i + 1]
                    else:
                        d0, d1 = d[row, last_i], d[row, i]
                        t = d0 / (d0 - d1)
                        x = np.exp(logm[last_i] + t * (logm[i] - logm[last_i]))
                        out[row] = min(max(x, m[last_i]), m[i])  # guard rounding
                    break
            last_i = i
    return out


def crossover(m: np.ndarray, d_mean: np.ndarray, direction: str = "up") -> float | None:
    """Training-set size where the mean paired difference first changes sign.

    Parameters
    ----------
    m : numpy.ndarray
        Increasing training-set sizes.
    d_mean : numpy.ndarray
        Mean of err_generative - err_discriminative at each m.
    direction : str
        ``"up"``: from negative (generative better) to positive, the Ng–Jordan pattern;
        ``"down"``: the reverse; ``"any"``: either.

    Returns
    -------
    float | None
        m* inside [m_min, m_max], by linear interpolation in log m; None if no crossing.
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be one of {_DIRECTIONS}, got {direction!r}")
    m = np.asarray(m, dtype=float)
    d = np.asarray(d_mean, dtype=float)
    if m.shape != d.shape or m.ndim != 1 or np.any(np.diff(m) <= 0) or np.any(m <= 0):
        raise ValueError(f"m must be positive increasing and match d_mean; got {m.tolist()}")
    x = _crossings(m, d[None, :], direction)[0]
    return None if np.isnan(x) else float(x)


#: how a crossover relates to the m grid (column ``censoring`` of ``results/crossovers.csv``)
CENSORING: dict[str, str] = {
    "observed": "m* inside the grid",
    "right": "no crossing inside the grid and the generative model still better or equal at "
    "every m: if the curves cross, it is beyond the largest m (m* > max m)",
    "left": "no crossing inside the grid and the discriminative model better or equal at "
    "every m: the curves crossed before the smallest m, if ever (m* < min m)",
    "reversed": "no crossing in the claimed direction; the curves cross the other way",
    "none": "the mean difference is zero at every m",
}


def censoring(m: np.ndarray, d_mean: np.ndarray, direction: str = "up") -> str:
    """Where the crossover lies relative to the grid: a key of :data:`CENSORING`.

    For ``direction="up"`` (generative better first): ``"right"`` when d <= 0 at every m (the
    crossing, if any, is beyond the largest m), ``"left"`` when d >= 0 at every m (before the
    smallest m); ``"down"`` mirrors this. ``"any"`` has no side: only observed or not.
    """
    if crossover(m, d_mean, direction) is not None:
        return "observed"
    d = np.asarray(d_mean, dtype=float)
    if np.all(d == 0):
        return "none"
    first_side = d <= 0 if direction == "up" else d >= 0
    if direction == "any":
        return "none"
    if np.all(first_side):
        return "right"
    if np.all(~first_side | (d == 0)):
        return "left"
    return "reversed"


@dataclass(frozen=True)
class CrossoverResult:
    """Crossover point and its stratified bootstrap.

    Attributes
    ----------
    m_star : float | None
        Crossover of the observed mean curves.
    ci_low, ci_high : float | None
        Percentile interval of m* over the bootstrap samples that cross (None if none cross).
    p_cross : float
        Fraction of bootstrap samples whose mean curves cross.
    n_boot : int
        Number of bootstrap samples B.
    """

    m_star: float | None
    ci_low: float | None
    ci_high: float | None
    p_cross: float
    n_boot: int


def bootstrap_crossover(
    diffs: pd.DataFrame,
    rng: np.random.Generator,
    n_boot: int = 1000,
    alpha: float = 0.05,
    direction: str = "up",
) -> CrossoverResult:
    """m* of one (study, dataset, pair) with a bootstrap over replicates within each m.

    Parameters
    ----------
    diffs : pandas.DataFrame
        Rows of :func:`gendisc.stats.paired.paired_differences` for ONE (study, dataset, pair):
        columns ``m`` and ``d``.
    rng : numpy.random.Generator
        Source of the resampling (derive it with ``gendisc.study.seeding.rng``).
    n_boot : int
        Number of bootstrap samples B (>= 1000 for reported results).
    alpha : float
        One minus the level of the percentile interval.
    direction : str
        As in :func:`crossover`.

    Returns
    -------
    CrossoverResult
    """
    if n_boot < 1:
        raise ValueError(f"n_boot must be positive, got {n_boot!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    for col in ("study", "dataset", "pair"):
        if col in diffs.columns and diffs[col].nunique() > 1:
            raise ValueError(f"diffs must hold one curve; column {col!r} has several values")
    groups = [(float(mv), g["d"].to_numpy(float)) for mv, g in diffs.groupby("m", sort=True)]
    m = np.array([mv for mv, _ in groups])
    observed = crossover(m, np.array([v.mean() for _, v in groups]), direction)
    boot = np.empty((n_boot, m.size))
    for j, (_, v) in enumerate(groups):
        idx = rng.integers(0, v.size, size=(n_boot, v.size))
        boot[:, j] = v[idx].mean(axis=1)
    xs = _crossings(m, boot, direction)
    hit = xs[~np.isnan(xs)]
    if hit.size:
        lo, hi = np.quantile(hit, [alpha / 2, 1 - alpha / 2])
        ci = (float(lo), float(hi))
    else:
        ci = (None, None)
    return CrossoverResult(observed, ci[0], ci[1], float(hit.size / n_boot), int(n_boot))


__all__ = ["CENSORING", "CrossoverResult", "bootstrap_crossover", "censoring", "crossover"]
