"""Hybrid generative-discriminative training (Bouchard & Triggs, COMPSTAT 2004).

The Gaussian classifiers of the continuous pairs (diagonal covariance: Ng & Jordan's naive
Bayes; full shared covariance: LDA) are fitted by maximising

    L_λ(θ) = λ · Σ_i log p_θ(y_i | x_i) + (1 − λ) · Σ_i log p_θ(x_i, y_i),

λ ∈ [0, 1]. At λ = 0 this is the generative (maximum-likelihood) fit; at λ = 1 the conditional
likelihood, whose maximiser induces the posterior of unregularised logistic regression (the map
from the Gaussian's parameters to the linear log-odds is onto). Because
``log p(y | x) = log p(x, y) − log p(x)``, ``L_λ = Σ_i [log p(x_i, y_i) − λ log p(x_i)]``.

Parameters: log-priors (softmax), class means, and either log-variances (diagonal) or the
Cholesky factor ``L`` of the precision ``P = L Lᵀ`` with a log-diagonal (full). The objective's
exact gradient is written out; scipy's L-BFGS starts at the generative fit.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import logsumexp, softmax

from gendisc.models.gaussian import GaussianFit, fit_gaussian

#: L-BFGS settings of :func:`fit_hybrid`.
HYBRID_GTOL = 1e-9
HYBRID_MAX_ITER = 5000


def _check_lambda(lam: float) -> float:
    if isinstance(lam, bool) or not isinstance(lam, int | float | np.floating):
        raise ValueError(f"lam must be a number in [0, 1], got {lam!r}")
    if not 0.0 <= float(lam) <= 1.0:
        raise ValueError(f"lam must be in [0, 1], got {lam!r}")
    return float(lam)


class _Layout:
    """Packing of (log-priors, means, covariance parameters) into one vector."""

    def __init__(self, k: int, n: int, diagonal: bool) -> None:
        self.k, self.n, self.diagonal = k, n, diagonal
        self.tril = np.tril_indices(n)
        self.n_cov = n if diagonal else len(self.tril[0])

    def pack(self, fit: GaussianFit) -> np.ndarray:
        if self.diagonal:
            cov_part = np.log(fit.cov)
        else:
            chol = np.linalg.cholesky(np.linalg.inv(fit.cov))
            chol[np.diag_indices(self.n)] = np.log(np.diag(chol))
            cov_part = chol[self.tril]
        return np.concatenate([np.log(fit.priors), fit.means.ravel(), cov_part])

    def unpack(self, theta: np.ndarray):
        k, n = self.k, self.n
        a = theta[:k]
        means = theta[k : k + k * n].reshape(k, n)
        rest = theta[k + k * n :]
        if self.diagonal:
            return a, means, rest
        chol = np.zeros((n, n))
        chol[self.tril] = rest
        chol[np.diag_indices(n)] = np.exp(np.diag(chol))
        return a, means, chol


def _objective(theta, layout: _Layout, X, onehot, lam):
    """Return ``-L_λ / m`` and its gradient."""
    m = X.shape[0]
    a, means, cov_part = layout.unpack(theta)
    log_prior = a - logsumexp(a)
    diff = X[:, None, :] - means[None]  # (m, K, n)
    if layout.diagonal:
        var = np.exp(cov_part)
        quad = np.einsum("ikj,j->ik", diff**2, 1.0 / var)
        logdet = float(np.log(var).sum())
        jll = log_prior - 0.5 * (quad + logdet + layout.n * math.log(2 * math.pi))
    else:
        prec = cov_part @ cov_part.T
        pd = np.einsum("ikj,jl->ikl", diff, prec)
        quad = np.einsum("ikl,ikl->ik", pd, diff)
        logdet = -2.0 * float(np.log(np.diag(cov_part)).sum())
        jll = log_prior - 0.5 * (quad + logdet + layout.n * math.log(2 * math.pi))
    lse = logsumexp(jll, axis=1)
    value = float((jll * onehot).sum() - lam * lse.sum())
    weights = onehot - lam * np.exp(jll - lse[:, None])  # dL/d jll_ik
    total = float(weights.sum())
    g_a = weights.sum(axis=0) - softmax(a) * total
    if layout.diagonal:
        g_means = np.einsum("ik,ikj->kj", weights, diff) / var
        g_cov = 0.5 * (np.einsum("ik,ikj->j", weights, diff**2) / var - total)
    else:
        g_means = np.einsum("ik,ikl->kl", weights, pd)
        scatter = np.einsum("ik,ikj,ikl->jl", weights, diff, diff)
        g_chol = (total * np.linalg.inv(prec) - scatter) @ cov_part
        g_chol[np.diag_indices(layout.n)] *= np.diag(cov_part)
        g_cov = g_chol[layout.tril]
    grad = np.concatenate([g_a, g_means.ravel(), g_cov])
    return -value / m, -grad / m


def fit_hybrid(
    X: np.ndarray,
    y: np.ndarray,
    lam: float,
    *,
    diagonal: bool,
    gtol: float = HYBRID_GTOL,
    max_iter: int = HYBRID_MAX_ITER,
) -> GaussianFit:
    """Fit a shared-covariance Gaussian classifier by the hybrid objective ``L_λ``.

    Parameters
    ----------
    X : numpy.ndarray
        Complete inputs, shape ``(m, n)``.
    y : numpy.ndarray
        Labels in {0, 1}, both present.
    lam : float
        Weight of the conditional likelihood, in ``[0, 1]`` (0: generative, 1: discriminative).
    diagonal : bool
        Diagonal covariance (Gaussian naive Bayes) or full (LDA).
    gtol, max_iter : float, int
        L-BFGS stopping rule (largest projected gradient of ``-L_λ / m``; iterations).

    Returns
    -------
    GaussianFit
        The maximiser found by L-BFGS started at the generative fit. A singular generative
        covariance (m <= n, or a constant feature) is first made definite by adding ``1e-6``
        times its mean variance to its diagonal.
    """
    lam = _check_lambda(lam)
    X = np.asarray(X, dtype=np.float64)
    if np.isnan(X).any():
        raise ValueError("fit_hybrid needs complete inputs (no NaN)")
    start = fit_gaussian(X, y, diagonal=diagonal)
    start = _definite(start)
    if lam == 0.0:
        return start
    from scipy.optimize import minimize  # lazily: the DAG never needs it

    layout = _Layout(start.means.shape[0], X.shape[1], diagonal)
    onehot = np.eye(layout.k)[np.asarray(y, dtype=np.int64)]
    res = minimize(
        _objective,
        layout.pack(start),
        args=(layout, X, onehot, lam),
        jac=True,
        method="L-BFGS-B",
        options={"gtol": gtol, "ftol": 1e-15, "maxiter": max_iter},
    )
    a, means, cov_part = layout.unpack(res.x)
    priors = softmax(a)
    if diagonal:
        return GaussianFit(priors, means, np.exp(cov_part))
    return GaussianFit(priors, means, np.linalg.inv(cov_part @ cov_part.T))


def _definite(fit: GaussianFit) -> GaussianFit:
    cov = fit.cov
    scale = float(np.mean(np.diag(cov) if cov.ndim == 2 else cov)) or 1.0
    if cov.ndim == 1:
        if (cov > 0).all():
            return fit
        return GaussianFit(fit.priors, fit.means, cov + 1e-6 * scale)
    if np.linalg.eigvalsh(cov)[0] > 1e-12 * scale:
        return fit
    return GaussianFit(fit.priors, fit.means, cov + 1e-6 * scale * np.eye(cov.shape[0]))


def log_odds_weights(fit: GaussianFit) -> tuple[np.ndarray, float]:
    """Return ``(w, b)`` with ``log p(y=1|x)/p(y=0|x) = w·x + b`` (two classes)."""
    prec = np.diag(1.0 / fit.cov) if fit.diagonal else np.linalg.inv(fit.cov)
    mu0, mu1 = fit.means
    w = prec @ (mu1 - mu0)
    b = -0.5 * (mu1 @ prec @ mu1 - mu0 @ prec @ mu0) + math.log(fit.priors[1] / fit.priors[0])
    return w, float(b)
