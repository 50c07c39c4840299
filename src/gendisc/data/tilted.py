"""Asymmetric (tilted) variants of the synthetic families (used by :mod:`gendisc.data.generators`).

With equal priors, symmetric means and exchangeable features, naive Bayes and logistic
regression converge to the same direction, so the misspecification level of the symmetric
families barely moves their asymptotic gap (issue 14 §6). Each family here treats the features
unequally - one original duplicated, or a correlation in one class only - which tilts naive
Bayes' boundary away from the discriminative one as the level grows. (Variants with class-
specific variances or heavy tails on half of the informative features left the asymptotic gap
below 0.005: with independent features the linear models converge to nearly the same
direction whatever the marginal shapes.) Conventions as in :mod:`gendisc.data.families` (class means ``±δ/2``,
``k = ceil(n/2)`` informative features, the rest noise).
"""

from __future__ import annotations

import math

import numpy as np

from gendisc.data.families import (
    RHO_MAX,
    SIGMA_COPY,
    GaussianParameters,
    Setting,
    _check_labels,
    _check_x,
    _n_informative,
    _signs,
)


def duplicated_layout(setting: Setting) -> tuple[int, int, float]:
    """Return the number of originals ``k``, of copies of original 0, and the originals' shift."""
    n = setting.n_features
    k = _n_informative(n)
    n_copies = math.floor(setting.level * (n - k) + 1e-9)
    return k, n_copies, setting.separation / math.sqrt(k)


def duplicated_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``duplicated_feature``: originals, copies of original 0, then noise."""
    y = _check_labels(y)
    k, n_copies, shift = duplicated_layout(setting)
    orig = rng.standard_normal((y.size, k)) + _signs(y) * shift
    copies = orig[:, :1] + SIGMA_COPY * rng.standard_normal((y.size, n_copies))
    noise = rng.standard_normal((y.size, setting.n_features - k - n_copies))
    return np.concatenate([orig, copies, noise], axis=1)


def duplicated_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``duplicated_feature`` (only the originals carry evidence)."""
    x = _check_x(setting, x)
    k, _, shift = duplicated_layout(setting)
    return shift * x[:, :k].sum(axis=1)


def duplicated_parameters(setting: Setting) -> GaussianParameters:
    """Class means and shared covariance of ``duplicated_feature`` (``x | y ~ N(mean_y, cov)``)."""
    n = setting.n_features
    k, n_copies, shift = duplicated_layout(setting)
    load = np.zeros((n, k))
    load[np.arange(k), np.arange(k)] = 1.0
    load[k + np.arange(n_copies), 0] = 1.0
    extra = np.zeros(n)
    extra[k : k + n_copies] = SIGMA_COPY**2
    extra[k + n_copies :] = 1.0
    delta = load @ np.full(k, shift)
    return GaussianParameters(mean0=-delta / 2, mean1=delta / 2, cov=load @ load.T + np.diag(extra))


def class_correlated_params(setting: Setting) -> tuple[float, np.ndarray]:
    """Class-1 equicorrelation ``rho = level x RHO_MAX`` of ``heteroscedastic_correlated`` and
    the mean difference ``δ`` (first k features shifted by ``separation / sqrt(k)``)."""
    n = setting.n_features
    k = _n_informative(n)
    delta = np.zeros(n)
    delta[:k] = setting.separation / math.sqrt(k)
    return setting.level * RHO_MAX, delta


def class_correlated_sample(
    setting: Setting, y: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Draw ``x | y`` of ``heteroscedastic_correlated``: class 0 independent unit-variance
    noise, class 1 equicorrelated unit-variance noise, plus ``±δ/2``."""
    y = _check_labels(y)
    rho, delta = class_correlated_params(setting)
    noise = rng.standard_normal((y.size, setting.n_features))
    common = rng.standard_normal((y.size, 1))
    corr = math.sqrt(1 - rho) * noise + math.sqrt(rho) * common
    return np.where(y[:, None] == 1, corr, noise) + _signs(y) * delta


def class_correlated_covs(setting: Setting) -> tuple[np.ndarray, np.ndarray]:
    """The two class covariances of ``heteroscedastic_correlated`` (class 0, class 1)."""
    n = setting.n_features
    rho, _ = class_correlated_params(setting)
    return np.eye(n), (1 - rho) * np.eye(n) + rho * np.ones((n, n))


def class_correlated_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``heteroscedastic_correlated`` (quadratic in x)."""
    x = _check_x(setting, x)
    rho, delta = class_correlated_params(setting)
    n = setting.n_features
    z1, z0 = x - delta / 2, x + delta / 2
    # Σ1 = (1 - rho) I + rho 11ᵀ: Σ1⁻¹ = (I - c 11ᵀ) / (1 - rho), c = rho / (1 + (n - 1) rho)
    c = rho / (1 + (n - 1) * rho)
    quad1 = ((z1**2).sum(axis=1) - c * z1.sum(axis=1) ** 2) / (1 - rho)
    logdet1 = (n - 1) * math.log(1 - rho) + math.log(1 + (n - 1) * rho)
    return -0.5 * logdet1 - 0.5 * quad1 + 0.5 * (z0**2).sum(axis=1)
