"""Fit and score a model pair on a batch of replicates.

Two engines compute the same thing:

``"sklearn"``
    The reference: loops over replicates and fits the estimators of
    :func:`gendisc.models.make_estimators`, counting the warnings they raise.
``"fast"``
    Vectorised over replicates in numpy. Naive Bayes and LDA estimates are means,
    variances and counts computed for all replicates at once; logistic regression is
    solved by batched Newton iterations (IRLS) on the same objective and with the same
    convergence test as scikit-learn's Newton-Cholesky solver. Every decision function
    is linear in a feature map (``x``; ``[x, x^2]`` for GaussianNB; one-hot indicators
    for the discrete pair), so scoring is a batched matrix product.

Tie-breaking: both engines predict class 1 iff the decision function is > 0 (as
scikit-learn does for logistic regression and, through ``argmax``, naive Bayes and LDA).
The fast engine makes this exact for ties: it predicts class 1 iff the decision function
(a log odds) exceeds ``TIE_RTOL * (1 + s)``, s the sum of the magnitudes of its terms
and ``TIE_RTOL = 1e-9``, so a point that
lies on the boundary (frequent with discrete features) goes to class 0 however the sum is
rounded; scikit-learn's choice there depends on rounding. The engines' test errors
therefore agree replicate by replicate except for test points within rounding of a
decision boundary.

Degenerate LDA: with m <= 2 training examples the within-class scatter is zero and
scikit-learn refuses to fit LDA. Both engines then use the limit of its SVD solver (no
retained direction): the decision function is the log prior ratio, and one warning is
counted for the model.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.dummy import DummyClassifier

from gendisc.models import (
    LR_MAX_ITER,
    LR_TOL,
    PAIRS,
    LinearBatch,
    batch_gram,
    check_lr_C,
    fit_generative_batch,
    make_estimators,
    onehot,
)

ENGINES: tuple[str, ...] = ("fast", "sklearn")
#: feature map of each model's decision function: "x", "x_x2" ([x, x**2]) or "onehot"
FEATURE_MAPS: tuple[str, ...] = ("x", "x_x2", "onehot")
#: rows of the pool scored at once by evaluate_pair_on_pool (bounds memory)
POOL_BLOCK = 4096
#: tolerance of a tie: class 1 iff decision > TIE_RTOL * (1 + sum of |terms|)
TIE_RTOL = 1e-9


@dataclass(frozen=True)
class BatchResult:
    """Test errors of a pair on R replicates.

    Attributes
    ----------
    test_error : ndarray of shape (R, 2)
        Misclassification rate, columns ``[generative, discriminative]``.
    n_test : ndarray of shape (R,), int64
        Number of test examples of each replicate.
    separable : ndarray of shape (R,), bool
        The fitted LR classifies every training example correctly.
    n_warnings : ndarray of shape (R, 2), int64
        Warnings raised (sklearn: while fitting, and while predicting for the generative
        model) or detected (fast: Newton not converged, degenerate LDA, GaussianNB on a
        training set whose features are all constant) for each model.
    """

    test_error: np.ndarray
    n_test: np.ndarray
    separable: np.ndarray
    n_warnings: np.ndarray


# --------------------------------------------------------------------------- validation


def _check_common(pair: str, engine: str, lr_C: float) -> None:
    if pair not in PAIRS:
        raise ValueError(f"unknown pair {pair!r}; known: {sorted(PAIRS)}")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; known: {ENGINES}")
    check_lr_C(lr_C)


def _check_X(X: np.ndarray, name: str, pair: str, n_categories: tuple[int, ...] | None):
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} has non-finite values")
    if PAIRS[pair].kind != "discrete":
        return None
    if n_categories is None or len(n_categories) != X.shape[-1]:
        raise ValueError(
            f"pair {pair!r} needs n_categories with one entry per feature "
            f"({X.shape[-1]}), got {n_categories!r}"
        )
    ks = np.asarray(n_categories)
    if np.any(X != np.round(X)) or np.any(X < 0) or np.any(X >= ks):
        raise ValueError(f"{name} must hold integer codes 0..k_j-1 for n_categories={ks}")
    return tuple(int(k) for k in ks)


def _check_labels(y: np.ndarray, name: str) -> np.ndarray:
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{name} must hold labels 0 and 1, got values {np.unique(y)}")
    return y.astype(np.float64)


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
        H = batch_gram(Aa * np.sqrt(expit(za) * expit(-za))[:, :, None]) / m
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
        A key of :data:`gendisc.models.PAIRS`.
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
        out = np.einsum("rtn,rn->rt", Xs, coef)
    elif model.feature == "x_x2":
        n = X.shape[2]
        out = np.einsum("rtn,rn->rt", Xs, coef[:, :n])
        out += np.einsum("rtn,rn->rt", X * X, coef[:, n:])
    else:
        ks = np.asarray(n_categories)
        offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
        idx = (X.astype(np.int64) + offsets).reshape(X.shape[0], -1)
        out = np.take_along_axis(coef, idx, axis=1).reshape(X.shape).sum(axis=2)
    return out + intercept[:, None]


def decision_pool(
    model: LinearBatch,
    X: np.ndarray,
    n_categories: tuple[int, ...] | None = None,
    *,
    magnitude: bool = False,
) -> np.ndarray:
    """Decision values of R fitted models on shared inputs X (N, n) -> (N, R).

    ``magnitude`` as in :func:`decision_batch`.
    """
    X = np.asarray(X, dtype=np.float64)
    coef, intercept = _parts(model, magnitude)
    Xs = np.abs(X) if magnitude else X
    if model.feature == "x":
        out = Xs @ coef.T
    elif model.feature == "x_x2":
        n = X.shape[1]
        out = Xs @ coef[:, :n].T + (X * X) @ coef[:, n:].T
    else:
        out = onehot(X, tuple(int(k) for k in n_categories)) @ coef.T
    return out + intercept[None, :]


def predict_batch(
    model: LinearBatch, X: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> np.ndarray:
    """Class-1 predictions (R, t) of R models on their own inputs X (R, t, n).

    Class 1 iff the decision function (a log odds) exceeds ``TIE_RTOL * (1 + s)``, s the
    sum of the magnitudes of its terms: exact ties (frequent on discrete data) go to class
    0 whatever the rounding of the sum.
    """
    d = decision_batch(model, X, n_categories)
    return d > TIE_RTOL * (1.0 + decision_batch(model, X, n_categories, magnitude=True))


def predict_pool(
    model: LinearBatch, X: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> np.ndarray:
    """Class-1 predictions (N, R) of R models on shared inputs X (N, n); see
    :func:`predict_batch`."""
    d = decision_pool(model, X, n_categories)
    return d > TIE_RTOL * (1.0 + decision_pool(model, X, n_categories, magnitude=True))


# --------------------------------------------------------------------------- sklearn engine


def _fit_counting(estimator, X: np.ndarray, y: np.ndarray):
    """Fit, returning (fitted estimator, number of warnings raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimator.fit(X, y)
    return estimator, len(caught)


def fit_reference(
    pair: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr_C: float = 1e4,
    n_categories: tuple[int, ...] | None = None,
) -> tuple[object, object, int, int]:
    """Fit the sklearn estimators of a pair on one training set.

    Returns
    -------
    (generative, discriminative, n_warnings_generative, n_warnings_discriminative)
    """
    gen, disc = make_estimators(pair, lr_C=lr_C, n_categories=n_categories)
    if pair == "lda_lr" and X.shape[0] <= 2:
        gen, w_gen = _fit_counting(DummyClassifier(strategy="prior"), X, y)
        w_gen += 1  # degenerate LDA (see module docstring)
    else:
        gen, w_gen = _fit_counting(gen, X, y)
    disc, w_disc = _fit_counting(disc, X, y)
    return gen, disc, w_gen, w_disc


def _evaluate_sklearn(pair, splits: Callable, R: int, lr_C, n_categories) -> BatchResult:
    err = np.empty((R, 2))
    n_test = np.empty(R, np.int64)
    sep = np.empty(R, bool)
    n_warn = np.empty((R, 2), np.int64)
    for r in range(R):
        Xtr, ytr, Xte, yte = splits(r)
        gen, disc, wg, wd = fit_reference(pair, Xtr, ytr, lr_C=lr_C, n_categories=n_categories)
        with warnings.catch_warnings(record=True) as caught:  # e.g. GaussianNB's 0/0
            warnings.simplefilter("always")
            err[r, 0] = np.mean(gen.predict(Xte) != yte)
        wg += len(caught)
        err[r, 1] = np.mean(disc.predict(Xte) != yte)
        n_test[r] = len(yte)
        sep[r] = bool(np.all(disc.predict(Xtr) == ytr))
        n_warn[r] = (wg, wd)
    return BatchResult(err, n_test, sep, n_warn)


# --------------------------------------------------------------------------- public API


def evaluate_pair(
    pair: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    engine: str = "fast",
    lr_C: float = 1e4,
    n_categories: tuple[int, ...] | None = None,
) -> BatchResult:
    """Fit both models of a pair on R training sets and score each on its own test set.

    Parameters
    ----------
    pair : str
        A key of :data:`gendisc.models.PAIRS`.
    X_train : ndarray of shape (R, m, n)
    y_train : ndarray of shape (R, m)
        Labels in {0, 1}; both classes must occur in every replicate.
    X_test : ndarray of shape (R, t, n)
    y_test : ndarray of shape (R, t)
    engine : {"fast", "sklearn"}
    lr_C : float
        Inverse L2 strength of logistic regression.
    n_categories : tuple of int, optional
        Number of categories of every feature; required by discrete pairs, whose X hold
        integer codes ``0..k_j - 1``.

    Returns
    -------
    BatchResult
    """
    _check_common(pair, engine, lr_C)
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    if X_train.ndim != 3 or X_test.ndim != 3:
        raise ValueError(f"X_train, X_test must be 3-d, got {X_train.shape}, {X_test.shape}")
    R, m, n = X_train.shape
    if (
        np.shape(y_train) != (R, m)
        or X_test.shape[::2] != (R, n)
        or np.shape(y_test)
        != (
            R,
            X_test.shape[1],
        )
    ):
        raise ValueError(
            f"inconsistent shapes: X_train {X_train.shape}, y_train {np.shape(y_train)}, "
            f"X_test {X_test.shape}, y_test {np.shape(y_test)}"
        )
    ks = _check_X(X_train, "X_train", pair, n_categories)
    _check_X(X_test, "X_test", pair, n_categories)
    y = _check_labels(np.asarray(y_train), "y_train")
    yt = _check_labels(np.asarray(y_test), "y_test")
    n1 = y.sum(axis=1)
    if np.any((n1 == 0) | (n1 == m)):
        raise ValueError(f"both classes must occur in every replicate; class-1 counts {n1}")
    if engine == "sklearn":
        return _evaluate_sklearn(pair, lambda r: (X_train[r], y[r], X_test[r], yt[r]), R, lr_C, ks)
    gen, disc = fit_fast(pair, X_train, y, lr_C=lr_C, n_categories=ks)
    err = np.empty((R, 2))
    for j, model in enumerate((gen, disc)):
        err[:, j] = np.mean(predict_batch(model, X_test, ks) != (yt > 0), axis=1)
    sep = np.all(predict_batch(disc, X_train, ks) == (y > 0), axis=1)
    n_warn = np.stack([gen.n_warnings, disc.n_warnings], axis=1)
    return BatchResult(err, np.full(R, X_test.shape[1], np.int64), sep, n_warn)


def evaluate_pair_on_pool(
    pair: str,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    train_idx: np.ndarray,
    *,
    engine: str = "fast",
    lr_C: float = 1e4,
    n_categories: tuple[int, ...] | None = None,
) -> BatchResult:
    """Fit a pair on R subsets of a finite pool; score each on the rest of the pool.

    Replicate r trains on ``X_pool[train_idx[r]]`` and is scored on every row of the pool
    not in ``train_idx[r]``. The fast engine scores the whole pool as one matrix product
    per block of rows and masks each replicate's training rows; it never builds an
    (R, N, n) array.

    Parameters
    ----------
    pair : str
    X_pool : ndarray of shape (N, n)
    y_pool : ndarray of shape (N,)
        Labels in {0, 1}.
    train_idx : ndarray of shape (R, m), int
        Row indices into the pool; both classes must occur in every row's training set.
    engine, lr_C, n_categories
        As in :func:`evaluate_pair`.

    Returns
    -------
    BatchResult
        ``n_test[r]`` is N minus the number of distinct indices in ``train_idx[r]``.
    """
    _check_common(pair, engine, lr_C)
    X_pool = np.asarray(X_pool, dtype=np.float64)
    y_pool = np.asarray(y_pool)
    train_idx = np.asarray(train_idx)
    if X_pool.ndim != 2 or y_pool.shape != X_pool.shape[:1]:
        raise ValueError(
            f"X_pool (N, n) and y_pool (N,) expected, got {X_pool.shape}, {y_pool.shape}"
        )
    N = X_pool.shape[0]
    if train_idx.ndim != 2 or not np.issubdtype(train_idx.dtype, np.integer):
        raise ValueError(
            f"train_idx must be a 2-d integer array, got {train_idx.dtype} {train_idx.shape}"
        )
    if train_idx.size and (train_idx.min() < 0 or train_idx.max() >= N):
        raise ValueError(
            f"train_idx must lie in [0, {N}), got [{train_idx.min()}, {train_idx.max()}]"
        )
    ks = _check_X(X_pool, "X_pool", pair, n_categories)
    yp = _check_labels(y_pool, "y_pool")
    R, m = train_idx.shape
    in_train = np.zeros((R, N), dtype=bool)
    in_train[np.arange(R)[:, None], train_idx] = True
    n_test = N - in_train.sum(axis=1)
    if np.any(n_test == 0):
        raise ValueError("every replicate needs at least one test row outside train_idx")
    y = yp[train_idx]
    n1 = y.sum(axis=1)
    if np.any((n1 == 0) | (n1 == m)):
        raise ValueError(f"both classes must occur in every replicate; class-1 counts {n1}")
    if engine == "sklearn":

        def splits(r):
            test = ~in_train[r]
            return X_pool[train_idx[r]], y[r], X_pool[test], yp[test]

        return _evaluate_sklearn(pair, splits, R, lr_C, ks)
    X_train = X_pool[train_idx]
    gen, disc = fit_fast(pair, X_train, y, lr_C=lr_C, n_categories=ks)
    wrong = np.zeros((R, 2))
    for start in range(0, N, POOL_BLOCK):
        rows = slice(start, start + POOL_BLOCK)
        test = ~in_train[:, rows].T  # (B, R)
        truth = (yp[rows] > 0)[:, None]
        for j, model in enumerate((gen, disc)):
            pred = predict_pool(model, X_pool[rows], ks)
            wrong[:, j] += np.sum((pred != truth) & test, axis=0)
    sep = np.all(predict_batch(disc, X_train, ks) == (y > 0), axis=1)
    n_warn = np.stack([gen.n_warnings, disc.n_warnings], axis=1)
    return BatchResult(wrong / n_test[:, None], n_test.astype(np.int64), sep, n_warn)


__all__ = [
    "ENGINES",
    "FEATURE_MAPS",
    "TIE_RTOL",
    "BatchResult",
    "LinearBatch",
    "decision_batch",
    "decision_pool",
    "evaluate_pair",
    "evaluate_pair_on_pool",
    "fit_fast",
    "fit_logistic_batch",
    "fit_reference",
    "predict_batch",
    "predict_pool",
]
