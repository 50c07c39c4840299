"""Vectorised fits of the model pairs: R replicates at once, in numpy (the fast engine).

The generative estimates are the same maximum-likelihood estimates as the scikit-learn
estimators of :mod:`gendisc.models.estimators` (means, variances, counts); logistic regression is
solved by batched Newton iterations (IRLS) on the same objective and with the same
convergence test as scikit-learn's Newton-Cholesky solver. Every fitted model is a
:class:`LinearBatch`: a decision function linear in a feature map (``x``; ``[x, x^2]``
for GaussianNB; one-hot indicators for the discrete pair), scored by batched products.
Every replicate is computed independently of the others (no reduction across replicates,
converged replicates frozen), so its result does not depend on the batch it is in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gendisc.models import gaussian_argmax
from gendisc.models.gaussian_argmax import GaussianParams
from gendisc.models.pairs import (
    LAPLACE_ALPHA,
    LDA_TOL,
    LR_MAX_ITER,
    LR_TOL,
    PAIRS,
    check_categories,
)

#: feature map of each model's decision function: "x", "x_x2" ([x, x**2]) or "onehot"
FEATURE_MAPS: tuple[str, ...] = ("x", "x_x2", "onehot")
#: tolerance of a tie: class 1 iff decision > TIE_RTOL * (1 + sum of |terms|)
TIE_RTOL = 1e-9

# --------------------------------------------------------------------------- batched fits
# The fast engine's generative estimates: the same maximum-likelihood estimates as the
# estimators above, for R replicates at once (X (R, m, n), y (R, m) in {0., 1.}), returned
# as the linear decision function they define.

#: GaussianNB's default var_smoothing (SharedVarianceNB uses the same)
VAR_SMOOTHING = 1e-9


@dataclass(frozen=True)
class LinearBatch:
    """One model fitted on R replicates, as a linear function of a feature map.

    The decision function (log odds of class 1 for the generative models) of replicate r
    is ``phi(x) @ coef[r] + intercept[r]``.

    Attributes
    ----------
    feature : str
        ``"x"``, ``"x_x2"`` (``[x, x**2]``) or ``"onehot"``. For ``"x_x2"`` coef holds ``[a, c]`` with
        ``phi(x) @ coef = x @ a + x**2 @ c``; for ``"onehot"`` coef has one entry per
        (feature, category), features in order.
    coef : ndarray of shape (R, d)
    intercept : ndarray of shape (R,)
    n_warnings : ndarray of shape (R,), int64
    gaussian : GaussianParams or None
        The class means and variances of a Gaussian naive Bayes model: its predictions are
        scikit-learn's argmax of the joint log-likelihoods (:mod:`gendisc.models.gaussian_argmax`)
        instead of the tie rule of the other models.
    """

    feature: str
    coef: np.ndarray
    intercept: np.ndarray
    n_warnings: np.ndarray
    gaussian: GaussianParams | None = None


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


def onehot(X: np.ndarray, ks: tuple[int, ...]) -> np.ndarray:
    """One-hot indicators of codes X (..., n) -> (..., sum(ks))."""
    offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
    idx = X.astype(np.int64) + offsets
    out = np.zeros((*X.shape[:-1], int(np.sum(ks))))
    np.put_along_axis(out, idx, 1.0, axis=-1)
    return out


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


def _fit_shared_variance_nb(X, y) -> LinearBatch:
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    var = np.mean(resid**2, axis=1) + _epsilon(X)[:, None]
    coef = (mu1 - mu0) / var
    intercept = -0.5 * np.sum(coef * (mu1 + mu0), axis=1) + np.log(n1 / n0)
    params = _gaussian_params(mu0, mu1, var, var, n0, n1)
    return LinearBatch("x", coef, intercept, np.zeros(len(X), np.int64), params)


def _gaussian_params(mu0, mu1, var0, var1, n0, n1) -> GaussianParams:
    m = n0 + n1
    return GaussianParams(
        np.stack([mu0, mu1], axis=1),
        np.stack([var0, var1], axis=1),
        np.log(np.stack([n0 / m, n1 / m], axis=1)),
    )


def _fit_gaussian_nb(X, y) -> LinearBatch:
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
        "x_x2",
        np.concatenate([a, c], axis=1),
        intercept,
        degenerate.astype(np.int64),
        _gaussian_params(mu0, mu1, var0, var1, n0, n1),
    )


def _fit_lda(X, y) -> LinearBatch:
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
    return LinearBatch("x", coef, intercept, degenerate.astype(np.int64))


def _fit_categorical_nb(onehot, y, ks: tuple[int, ...]) -> LinearBatch:
    n1 = y.sum(axis=1)
    n0 = y.shape[1] - n1
    c1 = np.einsum("rm,rmd->rd", y, onehot)
    c0 = np.einsum("rm,rmd->rd", 1.0 - y, onehot)
    k = np.repeat(np.asarray(ks, dtype=np.float64), ks)
    logp1 = np.log(c1 + LAPLACE_ALPHA) - np.log(n1[:, None] + LAPLACE_ALPHA * k)
    logp0 = np.log(c0 + LAPLACE_ALPHA) - np.log(n0[:, None] + LAPLACE_ALPHA * k)
    return LinearBatch("onehot", logp1 - logp0, np.log(n1 / n0), np.zeros(len(y), np.int64))


def fit_generative_batch(
    pair: str, X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """Fit the generative model of a pair on R replicates at once.

    Parameters
    ----------
    pair : str
        A key of :data:`PAIRS`.
    X : ndarray of shape (R, m, n)
        Inputs (category codes for discrete pairs).
    y : ndarray of shape (R, m)
        Labels 0./1.; both classes in every replicate (not checked here).
    n_categories : tuple of int, optional
        Required by discrete pairs.

    Returns
    -------
    LinearBatch
        Its decision function is the log posterior odds of class 1, as sklearn computes it
        (``predict_joint_log_proba`` difference, or LDA's ``decision_function``).
    """
    if pair == "nb_lr":
        return _fit_shared_variance_nb(X, y)
    if pair == "gnb_lr":
        return _fit_gaussian_nb(X, y)
    if pair == "lda_lr":
        return _fit_lda(X, y)
    if pair == "bnb_lr":
        ks = check_categories(n_categories)
        return _fit_categorical_nb(onehot(X, ks), y, ks)
    raise ValueError(f"unknown pair {pair!r}; known: {sorted(PAIRS)}")


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
        resid = -ya * expit(-ya * za)  # p - y
        g = np.einsum("rmp,rm->rp", Aa, resid) / m + lam * pen * ba
        sqw = np.sqrt(expit(za) * expit(-za))
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
        for _ls in range(21):
            pend = ~accepted
            if not pend.any():
                break
            zt = za[pend] + t[pend, None] * dz[pend]
            bt = ba[pend] + t[pend, None] * step[pend]
            lt = _objective(zt, ya[pend], bt, lam)
            ok = lt - old[pend] <= 2.0**-11 * t[pend] * gstep[pend]
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


def fit_fast(
    pair: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    *,
    lr_C: float = 1e4,
    n_categories: tuple[int, ...] | None = None,
) -> tuple[LinearBatch, LinearBatch]:
    """Fit both models of a pair on R replicates with the fast engine.

    Parameters
    ----------
    pair : str
        A key of :data:`gendisc.models.estimators.PAIRS`.
    X_train : ndarray of shape (R, m, n)
    y_train : ndarray of shape (R, m)
        Labels in {0, 1}, both classes present in every replicate (not checked here).
    lr_C : float
        Inverse L2 strength of logistic regression.
    n_categories : tuple of int, optional
        Categories per feature (discrete pairs).

    Returns
    -------
    (LinearBatch, LinearBatch)
        The generative and the discriminative model.
    """
    X = np.asarray(X_train, dtype=np.float64)
    y = np.asarray(y_train, dtype=np.float64)
    gen = fit_generative_batch(pair, X, y, n_categories)
    if PAIRS[pair].kind == "discrete":
        Phi, feature = onehot(X, tuple(int(k) for k in n_categories)), "onehot"
    else:
        Phi, feature = X, "x"
    coef, intercept, conv = fit_logistic_batch(Phi, y, lr_C=lr_C)
    disc = LinearBatch(feature, coef, intercept, (~conv).astype(np.int64))
    return gen, disc


def _parts(model: LinearBatch, magnitude: bool) -> tuple[np.ndarray, np.ndarray]:
    if magnitude:
        return np.abs(model.coef), np.abs(model.intercept)
    return model.coef, model.intercept


def decision_batch(
    model: LinearBatch,
    X: np.ndarray,
    n_categories: tuple[int, ...] | None = None,
    *,
    magnitude: bool = False,
) -> np.ndarray:
    """Decision values of R fitted models on their own inputs.

    Parameters
    ----------
    model : LinearBatch
    X : ndarray of shape (R, t, n)
    n_categories : tuple of int, optional
        Required for one-hot models.
    magnitude : bool
        Return the sum of the magnitudes of the decision function's terms
        (``|phi(x)| @ |coef| + |intercept|``) instead, the scale of its rounding error.

    Returns
    -------
    ndarray of shape (R, t)
    """
    X = np.asarray(X, dtype=np.float64)
    coef, intercept = _parts(model, magnitude)
    Xs = np.abs(X) if magnitude else X
    if model.feature == "x":
        out = np.matmul(Xs, coef[:, :, None])[..., 0]
    elif model.feature == "x_x2":
        n = X.shape[2]
        out = np.matmul(Xs, coef[:, :n, None])[..., 0]
        out += np.matmul(X * X, coef[:, n:, None])[..., 0]
    else:
        ks = np.asarray(n_categories)
        offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
        idx = (X.astype(np.int64) + offsets).reshape(X.shape[0], -1)
        out = np.take_along_axis(coef, idx, axis=1).reshape(X.shape).sum(axis=2)
    return out + intercept[:, None]


def featurize(feature: str, X: np.ndarray, n_categories: tuple[int, ...] | None = None):
    """The feature map of a decision function on inputs X (N, n): x, [x, x^2] or one-hot."""
    X = np.asarray(X, dtype=np.float64)
    if feature == "x":
        return X
    if feature == "x_x2":
        return np.concatenate([X, X * X], axis=1)
    return onehot(X, tuple(int(k) for k in n_categories))


def decision_pool(
    model: LinearBatch,
    X: np.ndarray,
    n_categories: tuple[int, ...] | None = None,
    *,
    magnitude: bool = False,
    features: np.ndarray | None = None,
) -> np.ndarray:
    """Decision values of R fitted models on shared inputs X (N, n) -> (N, R).

    ``magnitude`` as in :func:`decision_batch`; ``features`` is ``featurize(model.feature,
    X, n_categories)`` when the caller already has it (it is reused across models).
    """
    F = featurize(model.feature, X, n_categories) if features is None else features
    coef, intercept = _parts(model, magnitude)
    return (np.abs(F) if magnitude else F) @ coef.T + intercept[None, :]


def abs_max(X: np.ndarray) -> np.ndarray:
    """``max |x|`` over the points and features of each replicate: X (R, t, n) -> (R,).

    Two contiguous reductions instead of a temporary ``|X|`` (this runs on every test set).
    """
    return np.maximum(X.max(axis=(1, 2)), -X.min(axis=(1, 2)))


def predict_batch(
    model: LinearBatch,
    X: np.ndarray,
    n_categories: tuple[int, ...] | None = None,
    *,
    xabs_max: np.ndarray | None = None,
) -> np.ndarray:
    """Class-1 predictions (R, t) of R models on their own inputs X (R, t, n).

    Class 1 iff the decision function (a log odds) exceeds ``TIE_RTOL * (1 + s)``, s the
    sum of the magnitudes of its terms: exact ties (frequent on discrete data) go to class
    0 whatever the rounding of the sum. Gaussian naive Bayes models predict scikit-learn's
    argmax instead (:mod:`gendisc.models.gaussian_argmax`). ``xabs_max`` is :func:`abs_max` of X when
    the caller already has it (the models scored on the same X share it).
    """
    X = np.asarray(X, dtype=np.float64)
    d = decision_batch(model, X, n_categories)
    xmax = abs_max(X) if xabs_max is None else xabs_max
    if model.gaussian is not None:
        tol = gaussian_argmax.rounding_bound(model.gaussian, xmax[:, None])
        r_of = np.broadcast_to(np.arange(d.shape[0])[:, None], d.shape)
        return gaussian_argmax.predict(model.gaussian, d, X, tol[:, None], r_of)
    bound = _magnitude_bound(model, xmax, X.shape[2])  # (R,)
    unsure = np.abs(d) <= TIE_RTOL * (1.0 + bound[:, None])
    pred = d > 0
    # exact magnitudes only where the sign could be a rounding tie; a replicate with many
    # such points (a huge coefficient bounds loosely) gets them all in one stacked product
    many = unsure.mean(axis=1) > 0.05
    if many.any():
        sub = _rows_of(model, np.flatnonzero(many))
        mag = decision_batch(sub, X[many], n_categories, magnitude=True)
        pred[many] = d[many] > TIE_RTOL * (1.0 + mag)
    few = unsure & ~many[:, None]
    if few.any():
        r, t = np.nonzero(few)
        mag = decision_batch(_rows_of(model, r), X[r, t][:, None, :], n_categories, magnitude=True)
        pred[r, t] = d[r, t] > TIE_RTOL * (1.0 + mag[:, 0])
    return pred


def _rows_of(model: LinearBatch, r: np.ndarray) -> LinearBatch:
    """The fitted models of replicates ``r``."""
    gaussian = None if model.gaussian is None else model.gaussian.rows(r)
    return LinearBatch(
        model.feature, model.coef[r], model.intercept[r], model.n_warnings[r], gaussian
    )


def predict_pool(
    model: LinearBatch,
    X: np.ndarray,
    n_categories: tuple[int, ...] | None = None,
    *,
    features: np.ndarray | None = None,
) -> np.ndarray:
    """Class-1 predictions (N, R) of R models on shared inputs X (N, n); see
    :func:`predict_batch` (``features`` as in :func:`decision_pool`).

    The exact magnitude of the decision function is computed only where a cheap bound
    (``|intercept| + ||phi(x)||_1 max|coef|``) leaves the sign in doubt.
    """
    F = featurize(model.feature, X, n_categories) if features is None else features
    d = decision_pool(model, X, features=F)
    if model.gaussian is not None:
        X = np.asarray(X, dtype=np.float64)
        tol = gaussian_argmax.rounding_bound(model.gaussian, np.abs(X).max(axis=0))
        x_of = np.broadcast_to(X[:, None, :], (*d.shape, X.shape[1]))
        r_of = np.broadcast_to(np.arange(d.shape[1])[None, :], d.shape)
        return gaussian_argmax.predict(model.gaussian, d, x_of, tol[None, :], r_of)
    absF = np.abs(F)
    bound = np.abs(model.intercept)[None, :] + np.outer(
        absF.sum(axis=1), np.abs(model.coef).max(axis=1, initial=0.0)
    )
    unsure = np.abs(d) <= TIE_RTOL * (1.0 + bound)
    pred = d > 0
    if unsure.mean() > 0.05:  # many doubtful signs: all magnitudes, one matrix product (BLAS)
        return d > TIE_RTOL * (1.0 + decision_pool(model, X, magnitude=True, features=F))
    if unsure.any():
        t, r = np.nonzero(unsure)
        mag = np.einsum("kd,kd->k", absF[t], np.abs(model.coef[r])) + np.abs(model.intercept[r])
        pred[t, r] = d[t, r] > TIE_RTOL * (1.0 + mag)
    return pred


def _magnitude_bound(model: LinearBatch, xmax: np.ndarray, n: int) -> np.ndarray:
    """Upper bound (R,) on the sum of the magnitudes of the decision function's terms.

    ``xmax[r]`` bounds |x| over the inputs scored by replicate r. Where |decision| exceeds
    ``TIE_RTOL * (1 + bound)`` the sign cannot be a rounding tie, so the exact magnitude
    (a second pass over the inputs) is needed only for the few other points.
    """
    coef = np.abs(model.coef)
    base = np.abs(model.intercept)
    if model.feature == "x":
        return base + n * xmax * coef.max(axis=1, initial=0.0)
    if model.feature == "x_x2":
        return base + n * (
            xmax * coef[:, :n].max(axis=1, initial=0.0)
            + xmax**2 * coef[:, n:].max(axis=1, initial=0.0)
        )
    return base + n * coef.max(axis=1, initial=0.0)  # one-hot: n indicators equal to 1
