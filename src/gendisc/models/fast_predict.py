"""The fast engine's predictions: decision values and class-1 predictions of fitted models.

A fitted :class:`~gendisc.models.linear_batch.LinearBatch` is scored by batched matrix
products, either on each replicate's own inputs X (R, t, n) (``*_batch``) or on one set of
inputs X (N, n) shared by all replicates (``*_pool``).

Tie-breaking: class 1 iff the decision function (a log odds) exceeds
``TIE_RTOL * (1 + s)``, s the sum of the magnitudes of its terms, so a point on the decision
boundary up to rounding goes to class 0 (frequent with discrete features). Gaussian naive Bayes
models predict scikit-learn's argmax of the joint log-likelihoods instead
(:mod:`gendisc.models.gaussian_argmax`).
"""

from __future__ import annotations

import numpy as np

from gendisc.models import gaussian_argmax
from gendisc.models.constants import MANY_UNSURE, TIE_RTOL
from gendisc.models.linear_batch import X_FEATURE, X_X2_FEATURE, LinearBatch, featurize


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
    if model.feature == X_FEATURE:
        out = np.matmul(Xs, coef[:, :, None])[..., 0]
    elif model.feature == X_X2_FEATURE:
        n = X.shape[2]
        out = np.matmul(Xs, coef[:, :n, None])[..., 0]
        out += np.matmul(X * X, coef[:, n:, None])[..., 0]
    else:
        ks = np.asarray(n_categories)
        offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
        # flat gather (np.take) of coef[r, offset_j + x_j]: the values of take_along_axis
        # without its index grids
        idx = X.astype(np.int64) + offsets
        idx += (np.arange(X.shape[0]) * coef.shape[1])[:, None, None]
        out = np.take(coef, idx).sum(axis=2)
    return out + intercept[:, None]


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
    many = unsure.mean(axis=1) > MANY_UNSURE
    if many.any():
        sub = model.rows(np.flatnonzero(many))
        mag = decision_batch(sub, X[many], n_categories, magnitude=True)
        pred[many] = d[many] > TIE_RTOL * (1.0 + mag)
    few = unsure & ~many[:, None]
    if few.any():
        r, t = np.nonzero(few)
        mag = decision_batch(model.rows(r), X[r, t][:, None, :], n_categories, magnitude=True)
        pred[r, t] = d[r, t] > TIE_RTOL * (1.0 + mag[:, 0])
    return pred


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
    if (
        unsure.mean() > MANY_UNSURE
    ):  # many doubtful signs: all magnitudes, one matrix product (BLAS)
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
    if model.feature == X_FEATURE:
        return base + n * xmax * coef.max(axis=1, initial=0.0)
    if model.feature == X_X2_FEATURE:
        return base + n * (
            xmax * coef[:, :n].max(axis=1, initial=0.0)
            + xmax**2 * coef[:, n:].max(axis=1, initial=0.0)
        )
    return base + n * coef.max(axis=1, initial=0.0)  # one-hot: n indicators equal to 1
