"""Gaussian naive Bayes predictions as scikit-learn makes them: argmax of the joint log-likelihoods.

The fast engine scores a Gaussian naive Bayes model (``nb_lr``'s shared-variance model and
``gnb_lr``'s GaussianNB) through its expanded decision function, linear in ``x`` (and ``x**2``).
When a variance is tiny (a feature constant within a class in a small training set gets only
the smoothing ``epsilon``), the expanded terms are huge and cancel, so neither the sign of a
small decision value nor a tie tolerance scaled by those terms can be trusted. scikit-learn
predicts ``argmax_c log p(x, c)`` with each class's log-likelihood computed around its own mean,
where such a feature contributes exactly 0 at the class's value.

:func:`predict` does the same: the sign of the expanded decision value wherever it exceeds a
bound on its rounding error (:func:`rounding_bound`), and the per-class joint
log-likelihoods, computed as scikit-learn does, for the few other points (class 0 on equality,
as ``argmax`` gives).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: relative rounding error allowed per term of the expanded decision function (a few ulps)
ULP_FACTOR = 8 * np.finfo(np.float64).eps
#: (point, replicate) pairs recomputed at once (bounds memory)
CHUNK = 1 << 15


@dataclass(frozen=True)
class GaussianParams:
    """Fitted Gaussian naive Bayes models of R replicates, class by class.

    Attributes
    ----------
    mean : ndarray of shape (R, 2, n)
        Class means (``theta_``).
    var : ndarray of shape (R, 2, n)
        Class variances including the smoothing (``var_``; equal rows for a shared variance).
    log_prior : ndarray of shape (R, 2)
        Log class priors (``log(class_prior_)``).
    """

    mean: np.ndarray
    var: np.ndarray
    log_prior: np.ndarray

    def rows(self, r: np.ndarray) -> GaussianParams:
        """The models of replicates ``r``."""
        return GaussianParams(self.mean[r], self.var[r], self.log_prior[r])


def joint_log_likelihood(params: GaussianParams, r: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``log p(x_k, c)`` of model ``r[k]`` at point ``x[k]``, for both classes, shape (k, 2).

    Same expression as scikit-learn's ``GaussianNB._joint_log_likelihood``:
    ``log prior - 0.5 sum log(2 pi var) - 0.5 sum (x - mean)**2 / var``.
    """
    mean, var = params.mean[r], params.var[r]  # (k, 2, n)
    n_ij = -0.5 * np.sum(np.log(2.0 * np.pi * var), axis=2)
    n_ij -= 0.5 * np.sum((x[:, None, :] - mean) ** 2 / var, axis=2)
    return params.log_prior[r] + n_ij


def rounding_bound(params: GaussianParams, xmax: np.ndarray) -> np.ndarray:
    """Upper bound (R,) on the rounding error of the expanded decision function.

    Every term of the expanded form (``x**2 / var``, ``x mean / var``, ``mean**2 / var``, the
    log terms) is at most ``(|x| + |mean|)**2 / var`` or a log term in magnitude; their sum
    over features and classes, times a few ulps per term, bounds the error of the computed
    decision value at any point with ``|x_j| <= xmax[..., j]``.

    Parameters
    ----------
    params : GaussianParams
    xmax : ndarray broadcastable to (R, n)
        Bound on ``|x|`` per feature over the scored points (e.g. (R, 1) or (n,)).
    """
    xmax = np.broadcast_to(np.asarray(xmax, dtype=np.float64), params.mean[:, 0, :].shape)
    quad = np.sum((xmax[:, None, :] + np.abs(params.mean)) ** 2 / params.var, axis=(1, 2))
    logs = np.sum(np.abs(np.log(params.var)), axis=(1, 2)) + np.sum(
        np.abs(params.log_prior), axis=1
    )
    n_terms = 4 * params.mean.shape[2] + 3
    return n_terms * ULP_FACTOR * (1.0 + quad + logs)


def predict(
    params: GaussianParams, d: np.ndarray, x_of: np.ndarray, tol: np.ndarray, r_of: np.ndarray
) -> np.ndarray:
    """Class-1 predictions from expanded decision values ``d``, exact where they are unsure.

    Parameters
    ----------
    params : GaussianParams
    d : ndarray
        Expanded decision values, any shape.
    x_of : ndarray of shape ``d.shape + (n,)``
        The point scored by each entry of ``d`` (a broadcast view is fine).
    tol : ndarray broadcastable to ``d``
        The rounding bound of each entry (:func:`rounding_bound` of its replicate).
    r_of : ndarray of ``d``'s shape, int
        The replicate of each entry.

    Returns
    -------
    ndarray of bool, ``d``'s shape
        ``d > 0`` where ``|d| > tol``; elsewhere ``jll_1 > jll_0`` (scikit-learn's argmax).
    """
    pred = d > 0
    unsure = np.flatnonzero(np.abs(d) <= tol)
    flat_pred = pred.reshape(-1)
    for lo in range(0, unsure.size, CHUNK):
        idx = np.unravel_index(unsure[lo : lo + CHUNK], d.shape)
        jll = joint_log_likelihood(params, r_of[idx], x_of[idx])
        flat_pred[unsure[lo : lo + CHUNK]] = jll[:, 1] > jll[:, 0]
    return pred


__all__ = [
    "CHUNK",
    "ULP_FACTOR",
    "GaussianParams",
    "joint_log_likelihood",
    "predict",
    "rounding_bound",
]
