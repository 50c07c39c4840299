"""Class-conditional Gaussians with a shared covariance, fitted and evaluated with missing values.

The generative models of the continuous pairs are two Gaussians with a shared covariance: a
diagonal one (Ng & Jordan's naive Bayes, :class:`~gendisc.models.estimators.SharedVarianceNB`)
or a full one (LDA). A missing feature is written ``NaN``. Such a model *marginalises* it: the
marginal of ``N(μ_k, Σ)`` over the observed features ``o`` is ``N(μ_k[o], Σ[o, o])`` (for a
diagonal ``Σ`` the missing features' terms simply drop out of the log-likelihood).

Fitting with missing training values is maximum likelihood under missingness at random: for
the diagonal model the likelihood factorises over features, so the available-case means and
pooled variances are exact; for the full covariance, EM over the missing entries (labels known).

Used by the missing-features, scarce-label, unusual-input and hybrid studies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: Relative eigenvalue threshold below which a covariance direction is dropped (pseudo-inverse).
PINV_RTOL = 1e-10
#: EM (full covariance, missing training values) stops when no covariance entry moves more than
#: this, relative to the largest entry.
EM_TOL = 1e-9


@dataclass(frozen=True)
class GaussianFit:
    """Class priors, class means and the shared covariance of a Gaussian classifier.

    Attributes
    ----------
    priors : numpy.ndarray
        Shape ``(K,)``, summing to one.
    means : numpy.ndarray
        Shape ``(K, n)``.
    cov : numpy.ndarray
        Shape ``(n,)`` (diagonal: the variances) or ``(n, n)`` (full).
    """

    priors: np.ndarray
    means: np.ndarray
    cov: np.ndarray

    @property
    def diagonal(self) -> bool:
        """True when the covariance is diagonal (naive Bayes)."""
        return self.cov.ndim == 1


def _check_xy(X: np.ndarray, y: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (m, n) and y (m,), got {X.shape} and {y.shape}")
    if not np.isin(y, np.arange(n_classes)).all():
        raise ValueError(f"y must hold labels 0..{n_classes - 1}")
    if np.isinf(X).any():
        raise ValueError("X must not hold infinite values (NaN marks a missing value)")
    return X, y.astype(np.int64)


def fit_gaussian(
    X: np.ndarray, y: np.ndarray, *, diagonal: bool, n_classes: int = 2, em_iter: int = 50
) -> GaussianFit:
    """Fit class priors, means and a shared covariance by maximum likelihood.

    Parameters
    ----------
    X : numpy.ndarray
        Shape ``(m, n)``; ``NaN`` marks a missing value.
    y : numpy.ndarray
        Labels ``0..n_classes - 1``; every class must occur.
    diagonal : bool
        Diagonal covariance (naive Bayes) or full (LDA).
    n_classes : int, default 2
        Number of classes K.
    em_iter : int, default 50
        Iterations of EM for a full covariance with missing training values.

    Returns
    -------
    GaussianFit
        Maximum-likelihood estimates (variances divide by the number of observed values).
    """
    X, y = _check_xy(X, y, n_classes)
    onehot = np.eye(n_classes)[y]
    counts = onehot.sum(axis=0)
    if (counts == 0).any():
        raise ValueError(f"every class must occur in y, counts {counts.tolist()}")
    obs = ~np.isnan(X)
    Xz = np.where(obs, X, 0.0)
    n_obs = onehot.T @ obs  # (K, n)
    if (n_obs == 0).any():
        raise ValueError("every feature needs an observed value in every class")
    means = (onehot.T @ Xz) / n_obs
    priors = counts / counts.sum()
    if diagonal or obs.all():
        resid = np.where(obs, X - means[y], 0.0)
        if diagonal:
            cov = (resid**2).sum(axis=0) / obs.sum(axis=0)
        else:
            cov = resid.T @ resid / X.shape[0]
        return GaussianFit(priors, means, cov)
    return _em_full(X, y, obs, means, priors, n_classes, em_iter)


def _em_full(X, y, obs, means, priors, n_classes, em_iter, cov=None) -> GaussianFit:
    """EM for a full shared covariance with labels known and values missing at random
    (started from the available-case diagonal covariance unless ``cov`` is given)."""
    m, n = X.shape
    if cov is None:
        resid = np.where(obs, X - means[y], 0.0)
        cov = np.diag((resid**2).sum(axis=0) / obs.sum(axis=0))
    onehot = np.eye(n_classes)[y]
    # the patterns and their index grids do not change between iterations: computed once
    groups = []
    for pattern, rows in _patterns(obs):
        mis, o = np.flatnonzero(~pattern), np.flatnonzero(pattern)
        if mis.size:
            groups.append((rows, mis, o, y[rows], X[np.ix_(rows, o)], np.ix_(rows, mis)))
    filled0 = np.where(obs, X, 0.0)
    for _ in range(em_iter):
        filled = filled0.copy()
        extra = np.zeros((n, n))
        for rows, mis, o, y_rows, x_obs, fill_at in groups:
            mu = means[y_rows]
            c_mis = cov[mis]
            if o.size:
                gain = c_mis[:, o] @ np.linalg.pinv(cov[np.ix_(o, o)], hermitian=True)
                cond = mu[:, mis] + (x_obs - mu[:, o]) @ gain.T
                ccov = c_mis[:, mis] - gain @ cov[np.ix_(o, mis)]
            else:
                cond, ccov = mu[:, mis], c_mis[:, mis]
            filled[fill_at] = cond
            extra[np.ix_(mis, mis)] += rows.size * ccov
        means = (onehot.T @ filled) / onehot.sum(axis=0)[:, None]
        r = filled - means[y]
        new = (r.T @ r + extra) / m
        if np.abs(new - cov).max() <= EM_TOL * np.abs(cov).max():
            cov = new
            break
        cov = new
    return GaussianFit(priors, means, cov)


def _patterns(obs: np.ndarray):
    """Yield ``(pattern, row indices)`` for each distinct row pattern of observed features."""
    uniq, inverse = np.unique(obs, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    for k, pattern in enumerate(uniq):
        yield pattern, np.flatnonzero(inverse == k)


def _pinv_logdet(cov: np.ndarray) -> tuple[np.ndarray, float, int]:
    """Pseudo-inverse, log pseudo-determinant and rank of a symmetric PSD matrix."""
    vals, vecs = np.linalg.eigh(cov)
    keep = vals > PINV_RTOL * max(float(vals.max(initial=0.0)), 1e-300)
    inv = (vecs[:, keep] / vals[keep]) @ vecs[:, keep].T
    return inv, float(np.log(vals[keep]).sum()), int(keep.sum())


def joint_log_likelihood(fit: GaussianFit, X: np.ndarray) -> np.ndarray:
    """Return ``log p(x_o, y = k)`` with the missing features marginalised.

    Parameters
    ----------
    fit : GaussianFit
        The model.
    X : numpy.ndarray
        Shape ``(size, n)``; ``NaN`` marks a missing value (a row may be entirely missing:
        then only the prior remains).

    Returns
    -------
    numpy.ndarray
        Shape ``(size, K)``. A singular covariance block uses its pseudo-inverse and
        pseudo-determinant (the density on its support).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != fit.means.shape[1]:
        raise ValueError(f"X must have shape (size, {fit.means.shape[1]}), got {X.shape}")
    obs = ~np.isnan(X)
    log_prior = np.log(fit.priors)
    if obs.all():
        return _complete_jll(fit, X, log_prior)
    if fit.diagonal:
        diff = np.where(obs[:, None, :], X[:, None, :] - fit.means[None], 0.0)
        terms = diff**2 / fit.cov + np.log(2 * math.pi * fit.cov)
        terms = np.where(obs[:, None, :], terms, 0.0)
        return log_prior - 0.5 * terms.sum(axis=2)
    out = np.empty((X.shape[0], fit.means.shape[0]))
    for pattern, rows in _patterns(obs):
        if not pattern.any():
            out[rows] = log_prior
            continue
        inv, logdet, rank = _pinv_logdet(fit.cov[np.ix_(pattern, pattern)])
        diff = X[np.ix_(rows, pattern)][:, None, :] - fit.means[None, :, pattern]
        quad = ((diff @ inv) * diff).sum(axis=2)  # BLAS, not a three-operand einsum
        out[rows] = log_prior - 0.5 * (quad + logdet + rank * math.log(2 * math.pi))
    return out


def _complete_jll(fit: GaussianFit, X: np.ndarray, log_prior: np.ndarray) -> np.ndarray:
    """:func:`joint_log_likelihood` of complete inputs, in whitened coordinates.

    With ``P = U Uᵀ`` the (pseudo-)inverse covariance, ``(x - μ)ᵀ P (x - μ) = ||Uᵀx - Uᵀμ||²``:
    one matrix product whitens every row, and each class is a distance in r <= n dimensions
    (the scarce-label EM evaluates this on 10,000 rows every iteration).
    """
    if fit.diagonal:
        scale = 1.0 / np.sqrt(fit.cov)
        Z, Zm = X * scale, fit.means * scale
        const = float(np.log(2 * math.pi * fit.cov).sum())
    else:
        vals, vecs = np.linalg.eigh(fit.cov)
        keep = vals > PINV_RTOL * max(float(vals.max(initial=0.0)), 1e-300)
        U = vecs[:, keep] / np.sqrt(vals[keep])
        Z, Zm = X @ U, fit.means @ U
        const = float(np.log(vals[keep]).sum()) + int(keep.sum()) * math.log(2 * math.pi)
    out = np.empty((X.shape[0], fit.means.shape[0]))
    for k, zm in enumerate(Zm):
        d = Z - zm
        out[:, k] = log_prior[k] - 0.5 * (np.einsum("ij,ij->i", d, d) + const)
    return out


def posterior(fit: GaussianFit, X: np.ndarray) -> np.ndarray:
    """Return ``p(y = k | x_o)``, shape ``(size, K)``."""
    jll = joint_log_likelihood(fit, X)
    jll -= jll.max(axis=1, keepdims=True)
    p = np.exp(jll)
    return p / p.sum(axis=1, keepdims=True)


def predict(fit: GaussianFit, X: np.ndarray) -> np.ndarray:
    """Return the class of maximal posterior (ties to the lowest class)."""
    return np.argmax(joint_log_likelihood(fit, X), axis=1)


def log_density(fit: GaussianFit, X: np.ndarray) -> np.ndarray:
    """Return ``log p(x_o) = logsumexp_k log p(x_o, y = k)``, shape ``(size,)``."""
    jll = joint_log_likelihood(fit, X)
    top = jll.max(axis=1)
    return top + np.log(np.exp(jll - top[:, None]).sum(axis=1))
