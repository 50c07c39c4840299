"""Naive Bayes' parameter convergence over a dimension sweep (issue 14 §5).

Ng & Jordan's lemma behind the O(log n) sample complexity bounds the largest deviation of naive
Bayes' estimated parameters from their population values, uniformly over the n features: with
m = O(log n) examples every one is within tolerance with high probability. This module measures
that quantity for Ng & Jordan's Gaussian naive Bayes (class means, one pooled variance per
feature, class prior; :class:`gendisc.models.estimators.SharedVarianceNB`) on Gaussian settings
with known parameters (:func:`gendisc.data.generators.gaussian_parameters`).

The fit is closed form (means and the pooled maximum-likelihood variance), vectorised over
replicates; it matches the estimator's ``theta_``, ``var_`` and ``class_prior_`` up to its
variance smoothing (tested). Replicate ``r`` at size ``m`` of a setting draws from
``seeding.rng(seed, "parameters", setting.id, m, r)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.study import seeding

#: columns of :func:`parameter_convergence`
COLUMNS: tuple[str, ...] = (
    "study", "dataset", "n_features", "separation", "m", "replicates", "max_abs_mean",
    "max_abs_var", "max_abs", "max_abs_q10", "max_abs_q90",
)  # fmt: skip


def nb_parameters(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Class means (2, n), pooled within-class ML variance (n,) and P(y = 1) of one sample."""
    means = np.stack([x[y == c].mean(axis=0) for c in (0, 1)])
    resid = x - means[y]
    return means, (resid**2).mean(axis=0), float(y.mean())


def deviations(
    setting: generators.Setting, x: np.ndarray, y: np.ndarray
) -> tuple[float, float, float]:
    """Largest absolute deviation of naive Bayes' means, of its variances, and of all its
    parameters (means, variances and the prior) from the population values."""
    truth = generators.gaussian_parameters(setting)
    means, var, prior = nb_parameters(x, y)
    true_means = np.stack([truth.mean0, truth.mean1])
    d_mean = float(np.abs(means - true_means).max())
    d_var = float(np.abs(var - np.diag(truth.cov)).max())
    return d_mean, d_var, max(d_mean, d_var, abs(prior - setting.prior))


def parameter_convergence(
    settings: Sequence[generators.Setting],
    m_grid: Sequence[int],
    replicates: int,
    seed: int,
    study: str,
) -> pd.DataFrame:
    """Largest |θ̂ − θ| of naive Bayes per setting and m (``results/parameter_convergence.csv``).

    Parameters
    ----------
    settings : Sequence[Setting]
        Shared-covariance Gaussian settings (their population parameters are known).
    m_grid : Sequence[int]
        Training-set sizes (>= 2; both classes are drawn in every sample).
    replicates : int
        Samples per (setting, m).
    seed : int
        Base seed.
    study : str
        Study label of the rows (and of the random streams' settings).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: mean over replicates of the largest deviation of the means, of
        the variances and of all parameters, and the 10 % and 90 % quantiles of the last.
    """
    if replicates < 1:
        raise ValueError(f"replicates must be >= 1, got {replicates!r}")
    rows = []
    for setting in settings:
        if not generators.FAMILIES[setting.family].shared_covariance:
            raise ValueError(f"family {setting.family!r} has no known shared-covariance parameters")
        for m in sorted(int(v) for v in m_grid):
            dev = np.empty((replicates, 3))
            for r in range(replicates):
                gen = seeding.rng(seed, "parameters", setting.id, m, r)
                x, y = generators.sample(setting, m, gen, both_classes=True)
                dev[r] = deviations(setting, x, y)
            q10, q90 = np.quantile(dev[:, 2], [0.1, 0.9])
            rows.append({"study": study, "dataset": setting.id,
                         "n_features": setting.n_features, "separation": setting.separation,
                         "m": m, "replicates": replicates, "max_abs_mean": dev[:, 0].mean(),
                         "max_abs_var": dev[:, 1].mean(), "max_abs": dev[:, 2].mean(),
                         "max_abs_q10": float(q10), "max_abs_q90": float(q90)})  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


__all__ = ["COLUMNS", "deviations", "nb_parameters", "parameter_convergence"]
