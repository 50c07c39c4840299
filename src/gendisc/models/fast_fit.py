"""The fast engine's fits: R replicates at once, in numpy.

The generative estimates are the same maximum-likelihood estimates as the scikit-learn
estimators of :mod:`gendisc.models.estimators` (means, variances, counts); logistic regression is
solved by batched Newton iterations (IRLS) on the same objective and with the same
convergence test as scikit-learn's Newton-Cholesky solver. Every fitted model is a
:class:`~gendisc.models.linear_batch.LinearBatch`. Every replicate is computed independently of
the others (no reduction across replicates, converged replicates frozen), so its result does not
depend on the batch it is in. Inputs: X (R, m, n), y (R, m) in {0., 1.}, both classes in every
replicate (checked by the engine, not here). Which fit a pair uses is the pair's own business
(:mod:`gendisc.models.pairs`).
"""

from __future__ import annotations

import numpy as np

from gendisc.models.checks import check_categories
from gendisc.models.constants import (
    LAPLACE_ALPHA,
    LDA_TOL,
    LR_ARMIJO,
    LR_LINE_SEARCH_STEPS,
    LR_MAX_ITER,
    LR_TOL,
    VAR_SMOOTHING,
)
from gendisc.models.gaussian_argmax import GaussianParams
from gendisc.models.linear_batch import (
    ONEHOT_FEATURE,
    X_FEATURE,
    X_X2_FEATURE,
    LinearBatch,
    onehot,
)

# --------------------------------------------------------------------------- generative models


def batch_gram(B: np.ndarray) -> np.ndarray:
    """Batched ``B[r].T @ B[r]`` for B (R, m, p) -> (R, p, p).

    One stacked product (numpy's matmul, one BLAS call per replicate): as fast as a loop of
    BLAS ``syrk`` calls at every size measured here, with one thread per job.
    """
    return np.matmul(B.transpose(0, 2, 1), B)


def expit(x: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-x))``, without overflow for any float ``x``.

    Same values as :func:`scipy.special.expit` to rounding (tested), without importing scipy
    in every compute job.
    """
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def _class_means(X: np.ndarray, y: np.ndarray):
    n1 = y.sum(axis=1)
    n0 = y.shape[1] - n1
    mu1 = np.einsum("rm,rmn->rn", y, X) / n1[:, None]
    mu0 = np.einsum("rm,rmn->rn", 1.0 - y, X) / n0[:, None]
    resid = X - np.where(y[:, :, None] > 0, mu1[:, None, :], mu0[:, None, :])
    return n0, n1, mu0, mu1, resid


def _epsilon(X: np.ndarray) -> np.ndarray:
    max_var = np.max(np.var(X, axis=1), axis=1)
    return VAR_SMOOTHING * np.where(max_var > 0, max_var, 1.0)


def fit_shared_variance_nb(
    X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """Ng & Jordan's Gaussian naive Bayes (one variance per feature, shared by the classes)."""
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    var = np.mean(resid**2, axis=1) + _epsilon(X)[:, None]
    coef = (mu1 - mu0) / var
    intercept = -0.5 * np.sum(coef * (mu1 + mu0), axis=1) + np.log(n1 / n0)
    params = _gaussian_params(mu0, mu1, var, var, n0, n1)
    return LinearBatch(X_FEATURE, coef, intercept, np.zeros(len(X), np.int64), params)


def _gaussian_params(mu0, mu1, var0, var1, n0, n1) -> GaussianParams:
    m = n0 + n1
    return GaussianParams(
        np.stack([mu0, mu1], axis=1),
        np.stack([var0, var1], axis=1),
        np.log(np.stack([n0 / m, n1 / m], axis=1)),
    )


def fit_gaussian_nb(
    X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """scikit-learn's GaussianNB (one variance per feature and class)."""
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    sq = resid**2
    eps = VAR_SMOOTHING * np.max(np.var(X, axis=1), axis=1)
    degenerate = eps == 0  # every feature constant: sklearn divides 0 by 0 here
    eps = np.where(degenerate, VAR_SMOOTHING, eps)
    var1 = np.einsum("rm,rmn->rn", y, sq) / n1[:, None] + eps[:, None]
    var0 = np.einsum("rm,rmn->rn", 1.0 - y, sq) / n0[:, None] + eps[:, None]
    a = mu1 / var1 - mu0 / var0
    c = -0.5 * (1.0 / var1 - 1.0 / var0)
    intercept = (
        -0.5 * np.sum(np.log(var1 / var0), axis=1)
        - 0.5 * np.sum(mu1**2 / var1 - mu0**2 / var0, axis=1)
        + np.log(n1 / n0)
    )
    return LinearBatch(
        X_X2_FEATURE,
        np.concatenate([a, c], axis=1),
        intercept,
        degenerate.astype(np.int64),
        _gaussian_params(mu0, mu1, var0, var1, n0, n1),
    )


def fit_lda(
    X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """LDA as sklearn's SVD solver computes it: a thresholded pseudo-inverse of the ML
    pooled covariance, in coordinates standardised by the pooled standard deviations."""
    m = X.shape[1]
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    std = np.sqrt(np.mean(resid**2, axis=1))
    std = np.where(std == 0, 1.0, std)
    gram = batch_gram(resid / std[:, None, :]) / m  # (R, n, n), eigenvalues = S**2
    lam, V = np.linalg.eigh(gram)
    keep = lam > LDA_TOL**2
    inv = np.where(keep, 1.0 / np.where(keep, lam, 1.0), 0.0)
    diff = (mu1 - mu0) / std
    proj = np.einsum("rnk,rn->rk", V, diff) * inv
    coef = np.einsum("rnk,rk->rn", V, proj) / std
    intercept = -0.5 * np.sum(coef * (mu1 + mu0), axis=1) + np.log(n1 / n0)
    # no within-class scatter (m <= 2, or every feature constant within each class): no
    # direction is retained, the decision is the log prior ratio; counted as a warning
    degenerate = (m <= 2) | np.all(resid == 0, axis=(1, 2))
    return LinearBatch(X_FEATURE, coef, intercept, degenerate.astype(np.int64))


def fit_categorical_nb(
    X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """Discrete naive Bayes with Laplace smoothing on category codes X (codes ``0..k_j - 1``)."""
    ks = check_categories(n_categories)
    return _categorical_nb(onehot(X, ks), y, ks)


def _categorical_nb(onehot: np.ndarray, y: np.ndarray, ks: tuple[int, ...]) -> LinearBatch:
    n1 = y.sum(axis=1)
    n0 = y.shape[1] - n1
    c1 = np.einsum("rm,rmd->rd", y, onehot)
    c0 = np.einsum("rm,rmd->rd", 1.0 - y, onehot)
    k = np.repeat(np.asarray(ks, dtype=np.float64), ks)
    logp1 = np.log(c1 + LAPLACE_ALPHA) - np.log(n1[:, None] + LAPLACE_ALPHA * k)
    logp0 = np.log(c0 + LAPLACE_ALPHA) - np.log(n0[:, None] + LAPLACE_ALPHA * k)
    return LinearBatch(ONEHOT_FEATURE, logp1 - logp0, np.log(n1 / n0), np.zeros(len(y), np.int64))


# --------------------------------------------------------------------------- logistic regression


def _objective(z, sign, beta, lam) -> np.ndarray:
    """Mean logloss + L2 term; ``sign = 2 y - 1`` (logloss = log(1 + exp(-sign z)), computed
    without cancellation)."""
    return np.mean(np.logaddexp(0.0, -sign * z), axis=1) + 0.5 * lam * np.sum(
        beta[:, :-1] ** 2, axis=1
    )


def fit_logistic_batch(
    Phi: np.ndarray, y: np.ndarray, *, lr_C: float, tol: float = LR_TOL, max_iter: int = LR_MAX_ITER
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit L2 logistic regressions on R replicates at once by damped Newton iterations.

    Minimises, per replicate, ``mean(logloss) + ||w||^2 / (2 C m)`` (the objective
    ``0.5 ||w||^2 + C sum(logloss)`` divided by ``C m``, as scikit-learn does), intercept
    unpenalised. Each iteration solves the Newton system, then halves the step until the
    Armijo condition holds (at most 20 halvings). A replicate has converged when
    ``max |gradient| <= tol`` and half the squared Newton decrement ``<= tol`` (sklearn's
    test), or when the loss no longer changes at machine precision.

    Parameters
    ----------
    Phi : ndarray of shape (R, m, d)
        Features (without the intercept column).
    y : ndarray of shape (R, m)
        Labels in {0, 1}.
    lr_C : float
        Inverse L2 strength.
    tol : float
        Convergence tolerance.
    max_iter : int
        Maximum number of Newton iterations.

    Returns
    -------
    coef : ndarray of shape (R, d)
    intercept : ndarray of shape (R,)
    converged : ndarray of shape (R,), bool
    """
    R, m, d = Phi.shape
    A = np.concatenate([Phi, np.ones((R, m, 1))], axis=2)
    lam = 1.0 / (lr_C * m)
    pen = np.ones(d + 1)
    pen[-1] = 0.0
    beta = np.zeros((R, d + 1))
    z = np.zeros((R, m))
    converged = np.zeros(R, dtype=bool)
    failed = np.zeros(R, dtype=bool)
    sign = 2.0 * y - 1.0
    loss = _objective(z, sign, beta, lam)
    active = np.arange(R)
    tiny = 16 * np.finfo(np.float64).eps
    for _ in range(max_iter):
        if active.size == 0:
            break
        if active.size == R:
            Aa, ya, ba, za = A, sign, beta, z
        else:
            Aa, ya, ba, za = A[active], sign[active], beta[active], z[active]
        # expit(-ya za), expit(za), expit(-za) share |.| = |za| (ya = +-1): one exp for the
        # three, each then formed exactly as expit forms it (same values)
        e = np.exp(-np.abs(za))
        denom = 1.0 + e
        resid = -ya * (np.where(-ya * za >= 0, 1.0, e) / denom)  # p - y
        g = np.einsum("rmp,rm->rp", Aa, resid) / m + lam * pen * ba
        sqw = np.sqrt((np.where(za >= 0, 1.0, e) / denom) * (np.where(-za >= 0, 1.0, e) / denom))
        if d > m:  # more coefficients than examples: solve in the m-dimensional dual
            step = _newton_step_dual(Aa[:, :, :-1] * sqw[:, :, None], sqw, g, lam, m)
        else:
            H = batch_gram(Aa * sqw[:, :, None]) / m
            H += lam * np.diag(pen)
            step = _solve_spd(H, -g)
        gstep = np.sum(g * step, axis=1)
        done = (np.max(np.abs(g), axis=1) <= tol) & (-0.5 * gstep <= tol)
        converged[active[done]] = True
        # line search on the rest
        todo = ~done
        idx, Aa, ya, ba, za = active[todo], Aa[todo], ya[todo], ba[todo], za[todo]
        step, gstep = step[todo], gstep[todo]
        dz = np.einsum("rmp,rp->rm", Aa, step)
        old = loss[idx]
        t = np.ones(idx.size)
        accepted = np.zeros(idx.size, dtype=bool)
        stalled = np.zeros(idx.size, dtype=bool)
        new_loss = old.copy()
        for _ls in range(LR_LINE_SEARCH_STEPS):
            pend = ~accepted
            if not pend.any():
                break
            zt = za[pend] + t[pend, None] * dz[pend]
            bt = ba[pend] + t[pend, None] * step[pend]
            lt = _objective(zt, ya[pend], bt, lam)
            ok = lt - old[pend] <= LR_ARMIJO * t[pend] * gstep[pend]
            flat = np.abs(lt - old[pend]) <= tiny * np.abs(old[pend])
            acc = ok | flat
            where = np.flatnonzero(pend)
            new_loss[where[acc]] = lt[acc]
            stalled[where[flat & ~ok]] = True
            accepted[where[acc]] = True
            t[where[~acc]] *= 0.5
        ok = accepted
        beta[idx[ok]] = ba[ok] + t[ok, None] * step[ok]
        z[idx[ok]] = za[ok] + t[ok, None] * dz[ok]
        loss[idx[ok]] = new_loss[ok]
        converged[idx[stalled]] = True
        failed[idx[~ok]] = True
        active = idx[ok & ~stalled]
    return beta[:, :-1], beta[:, -1], converged & ~failed


def _newton_step_dual(B: np.ndarray, sqw: np.ndarray, g: np.ndarray, lam: float, m: int):
    """Newton step of :func:`fit_logistic_batch` when there are more features than examples.

    The Hessian is ``[[B'B/m + lam I, B's/m], [s'B/m, s's/m]]`` (weights' square roots ``s``,
    ``B = diag(s) Phi``, intercept last and unpenalised). The feature block is inverted with
    the Woodbury identity, ``(B'B/m + lam I)^-1 v = (v - B' (BB' + m lam I)^-1 B v) / lam``, an
    (m x m) solve instead of a (d x d) one, and the intercept is eliminated by its Schur
    complement. Same step as the direct solve, up to rounding.
    """
    gw, gb = g[:, :-1], g[:, -1]
    c = np.einsum("rmd,rm->rd", B, sqw) / m
    a = np.sum(sqw * sqw, axis=1) / m
    K = batch_gram(B.transpose(0, 2, 1))  # (R, m, m) = B B'
    K += m * lam * np.eye(m)  # positive definite: lam > 0
    rhs = np.stack([gw, c], axis=2)  # (R, d, 2)
    sol = np.linalg.solve(K, np.matmul(B, rhs))  # (R, m, 2)
    minv = (rhs - np.matmul(B.transpose(0, 2, 1), sol)) / lam
    u, v = minv[:, :, 0], minv[:, :, 1]  # M^-1 gw, M^-1 c
    schur = a - np.sum(c * v, axis=1)
    ok = np.isfinite(schur) & (schur > 0)
    sb = np.where(ok, (-gb + np.sum(c * u, axis=1)) / np.where(ok, schur, 1.0), 0.0)
    sw = -(u + v * sb[:, None])
    return np.concatenate([sw, sb[:, None]], axis=1)


def _solve_spd(H: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve H x = b for a batch of symmetric positive (semi)definite H."""
    try:
        return np.linalg.solve(H, b[:, :, None])[:, :, 0]
    except np.linalg.LinAlgError:
        return np.stack([np.linalg.lstsq(h, v, rcond=None)[0] for h, v in zip(H, b, strict=True)])
