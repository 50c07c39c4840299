"""Growth of the sample complexity m_epsilon with the dimension n, with its uncertainty.

For one model of one dimension sweep (issue 14 §5):

* the growth exponent ``b`` of ``log m_eps = a + b log n`` (``b = 1``: linear growth; ``b``
  near 0: logarithmic or slower);
* the AIC of the two forms Ng & Jordan contrast, ``m_eps = a + b log n`` and ``m_eps = a + b n``
  (least squares, Gaussian likelihood as in statsmodels), their difference and Akaike weights;
* the uncertainty of both from a stratified bootstrap over replicates: within each (n, m) cell
  the replicates are resampled (they are independent draws, as in
  :mod:`gendisc.stats.crossovers`), the mean learning curves and each n's m_eps are recomputed
  against the model's fixed asymptotic error, and the exponent and the AIC choice are refitted.
  The same resampled replicates serve both models of a pair, so the difference of their
  exponents is paired.

m_eps is NaN where the mean curve is not inside the band at the largest m; a fit needs at least
three dimensions with a finite m_eps (else NaN, and the bootstrap sample counts as undecided).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: the two sample-complexity forms compared by AIC
FORMS: tuple[str, ...] = ("log_n", "n")


def m_epsilon_rows(m: np.ndarray, err: np.ndarray, asymptote: float, eps: float) -> np.ndarray:
    """:func:`gendisc.stats.theory.m_epsilon` (interpolated) of every row of ``err``.

    Parameters
    ----------
    m : numpy.ndarray
        Increasing training-set sizes, shape (M,).
    err : numpy.ndarray
        Mean test errors, shape (B, M).
    asymptote, eps : float
        The model's asymptotic error and the tolerance (> 0).

    Returns
    -------
    numpy.ndarray
        Shape (B,): the smallest m from which the row stays within ``eps`` of the asymptote
        (log-linear interpolation at the band's edge); NaN when the last point is outside.
    """
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps!r}")
    m = np.asarray(m, dtype=float)
    err = np.atleast_2d(np.asarray(err, dtype=float))
    if err.shape[1] != m.size or np.any(np.diff(m) <= 0):
        raise ValueError(f"m must be increasing and match err's columns; got {m.tolist()}")
    outside = np.abs(err - asymptote) > eps
    out = np.full(err.shape[0], np.nan)
    last_in = ~outside[:, -1]
    never = last_in & ~outside.any(axis=1)
    out[never] = m[0]
    rows = np.flatnonzero(last_in & ~never)
    if rows.size:
        # index of the last point outside the band
        i = m.size - 1 - np.argmax(outside[rows, ::-1], axis=1)
        e0, e1 = err[rows, i], err[rows, i + 1]
        target = np.where(e0 > asymptote, asymptote + eps, asymptote - eps)
        t = (e0 - target) / (e0 - e1)
        logm = np.log(m)
        out[rows] = np.exp(logm[i] + t * (logm[i + 1] - logm[i]))
    return out


def ols_aic(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least squares of ``y`` on ``x`` with an intercept: ``(intercept, slope, aic)``.

    The AIC is statsmodels' for OLS: ``-2 loglik + 2 k`` with the Gaussian log-likelihood at the
    maximum-likelihood variance ``RSS / N`` and ``k = 2`` coefficients.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = x.size
    design = np.column_stack([np.ones(n), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    rss = float(((y - design @ coef) ** 2).sum())
    rss = max(rss, np.finfo(float).tiny)
    loglik = -n / 2 * (np.log(2 * np.pi * rss / n) + 1)
    return float(coef[0]), float(coef[1]), float(-2 * loglik + 4)


def akaike_weights(aic: Sequence[float]) -> np.ndarray:
    """Akaike weights ``exp(-Δ_i / 2) / Σ exp(-Δ_j / 2)``, ``Δ_i = AIC_i - min AIC``."""
    a = np.asarray(aic, dtype=float)
    w = np.exp(-(a - a.min()) / 2)
    return w / w.sum()


@dataclass(frozen=True)
class GrowthFit:
    """The growth of m_eps with n for one model (one sample of curves).

    Attributes
    ----------
    n_points : int
        Dimensions with a finite m_eps.
    exponent : float
        Slope of log m_eps on log n.
    aic_log_n, aic_n : float
        AIC of m_eps = a + b log n and of m_eps = a + b n.
    """

    n_points: int
    exponent: float
    aic_log_n: float
    aic_n: float

    @property
    def delta_aic(self) -> float:
        """AIC of the linear form minus AIC of the log form (positive favours log n)."""
        return self.aic_n - self.aic_log_n


def growth_fit(n: Sequence[float], m_eps: Sequence[float]) -> GrowthFit:
    """Growth exponent and the AIC of both forms; NaN fields with fewer than 3 finite points."""
    x = np.asarray(n, dtype=float)
    y = np.asarray(m_eps, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"n and m_eps differ in shape: {x.shape} vs {y.shape}")
    ok = np.isfinite(y) & (y > 0)
    x, y = x[ok], y[ok]
    if np.unique(x).size < 3:
        return GrowthFit(int(ok.sum()), np.nan, np.nan, np.nan)
    if np.any(x < 1):
        raise ValueError(f"dimensions must be >= 1, got {x.tolist()}")
    _, slope, _ = ols_aic(np.log(x), np.log(y))
    return GrowthFit(int(ok.sum()), slope, ols_aic(np.log(x), y)[2], ols_aic(x, y)[2])


@dataclass(frozen=True)
class Curves:
    """Per-replicate errors of one model over a dimension sweep.

    Attributes
    ----------
    n : numpy.ndarray
        Dimensions, shape (N,).
    m : tuple of numpy.ndarray
        The m grid of each dimension.
    errors : tuple of numpy.ndarray
        For each dimension, test errors of shape (M, R) (replicate r at size m).
    asymptote : numpy.ndarray
        Each dimension's asymptotic error, shape (N,).
    """

    n: np.ndarray
    m: tuple[np.ndarray, ...]
    errors: tuple[np.ndarray, ...]
    asymptote: np.ndarray


def bootstrap_m_eps(
    curves: Mapping[str, Curves], eps: float, rng: np.random.Generator, n_boot: int
) -> dict[str, np.ndarray]:
    """m_eps of every dimension in ``n_boot`` stratified bootstrap samples, for several models.

    The models (keys, e.g. the roles of a pair) must share their dimensions, m grids and
    replicate counts: one resampling of the replicates of each (n, m) cell serves them all.

    Returns
    -------
    dict[str, numpy.ndarray]
        Model -> array of shape (n_boot, N).
    """
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot!r}")
    names = list(curves)
    first = curves[names[0]]
    out = {k: np.empty((n_boot, first.n.size)) for k in names}
    for j in range(first.n.size):
        shapes = {curves[k].errors[j].shape for k in names}
        if len(shapes) != 1:
            raise ValueError(f"models differ in their (m, replicate) grid at n={first.n[j]}")
        n_m, n_rep = first.errors[j].shape
        idx = rng.integers(0, n_rep, size=(n_boot, n_m, n_rep))
        for k in names:
            err = curves[k].errors[j]
            means = np.take_along_axis(err[None, :, :], idx, axis=2).mean(axis=2)
            out[k][:, j] = m_epsilon_rows(curves[k].m[j], means, curves[k].asymptote[j], eps)
    return out


def bootstrap_growth(n: np.ndarray, m_eps_boot: np.ndarray) -> list[GrowthFit]:
    """:func:`growth_fit` of every bootstrap sample (rows of ``m_eps_boot``)."""
    return [growth_fit(n, row) for row in m_eps_boot]


def percentile_interval(values: np.ndarray, alpha: float) -> tuple[float, float]:
    """Percentile interval of the finite values (NaN, NaN when none is finite)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.nan, np.nan
    lo, hi = np.quantile(v, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


def bootstrap_p(values: np.ndarray) -> float:
    """Two-sided bootstrap p-value of 0: twice the smaller tail (finite values only)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.nan
    return float(min(1.0, 2 * min((v <= 0).mean(), (v >= 0).mean())))


__all__ = [
    "FORMS",
    "Curves",
    "GrowthFit",
    "akaike_weights",
    "bootstrap_growth",
    "bootstrap_m_eps",
    "bootstrap_p",
    "growth_fit",
    "m_epsilon_rows",
    "ols_aic",
    "percentile_interval",
]
