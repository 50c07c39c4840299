"""Exact test error of a linear rule on Gaussian or multivariate-t classes (issue 14 §8).

A linear rule predicts class 1 when ``w . x + b > 0``. If class k has ``x ~ N(mu_k, S_k)``, the
projection ``w . x + b`` is normal with mean ``w . mu_k + b`` and sd ``sqrt(w' S_k w)``; for a
multivariate t with ``nu`` degrees of freedom, location ``mu_k`` and scale matrix ``S_k``, it is
that location plus ``sqrt(w' S_k w)`` times a standard t with ``nu`` degrees of freedom. Hence

    err = pi_0 P(w . x + b > 0 | y = 0) + pi_1 P(w . x + b <= 0 | y = 1)
        = pi_0 F(z_0) + pi_1 F(-z_1),       z_k = (w . mu_k + b) / sqrt(w' S_k w),

with F the standard normal (or t_nu) distribution function. Ties (w . x + b = 0) have
probability zero. With the exact error the only noise left in a synthetic replicate is the
training set's; Monte-Carlo test sets remain for the other families.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats


def linear_rule_error(
    w: np.ndarray,
    b: float,
    means: Sequence[np.ndarray],
    covs: Sequence[np.ndarray],
    prior1: float,
    df: float | None = None,
) -> float:
    """Exact misclassification rate of the rule ``1[w . x + b > 0]``.

    Parameters
    ----------
    w, b : numpy.ndarray, float
        The rule's weights (n,) and intercept.
    means, covs : sequence of numpy.ndarray
        Class 0 and class 1 locations (n,) and covariance (Gaussian) or scale (t) matrices (n, n).
    prior1 : float
        P(y = 1), in (0, 1).
    df : float, optional
        Degrees of freedom of a multivariate t; None for Gaussian classes.

    Returns
    -------
    float
        The expected test error of the rule.
    """
    w = np.asarray(w, dtype=float)
    if not 0 < prior1 < 1:
        raise ValueError(f"prior1 must be in (0, 1), got {prior1!r}")
    if df is not None and not df > 0:
        raise ValueError(f"df must be > 0, got {df!r}")
    if len(means) != 2 or len(covs) != 2:
        raise ValueError("need the locations and matrices of exactly two classes")
    dist = stats.norm if df is None else stats.t(df)
    z = []
    for mu, cov in zip(means, covs, strict=True):
        sd = float(np.sqrt(w @ np.asarray(cov, dtype=float) @ w))
        loc = float(w @ np.asarray(mu, dtype=float) + b)
        if sd == 0:  # a constant projection: the class is all right or all wrong
            z.append(np.inf if loc > 0 else -np.inf)
        else:
            z.append(loc / sd)
    return float((1 - prior1) * dist.cdf(z[0]) + prior1 * dist.cdf(-z[1]))


__all__ = ["linear_rule_error"]
