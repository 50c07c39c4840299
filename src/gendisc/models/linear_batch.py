"""The fast engine's fitted model: a decision function linear in a feature map, for R replicates.

Every model of the study has a decision function (a log odds of class 1) that is linear in one
of three feature maps of the input x: ``x`` itself (logistic regression on continuous data,
the shared-variance naive Bayes, LDA), ``[x, x**2]`` (GaussianNB) or one-hot indicators of
category codes (the discrete pair). :class:`LinearBatch` holds such a function for R
replicates; :mod:`gendisc.models.fast_fit` builds it and :mod:`gendisc.models.fast_predict`
scores it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gendisc.models.gaussian_argmax import GaussianParams

#: the input itself
X_FEATURE = "x"
#: the input and its elementwise square, ``[x, x**2]``
X_X2_FEATURE = "x_x2"
#: one indicator per (feature, category) of category codes
ONEHOT_FEATURE = "onehot"


@dataclass(frozen=True)
class LinearBatch:
    """One model fitted on R replicates, as a linear function of a feature map.

    The decision function (log odds of class 1 for the generative models) of replicate r
    is ``phi(x) @ coef[r] + intercept[r]``.

    Attributes
    ----------
    feature : str
        :data:`X_FEATURE`, :data:`X_X2_FEATURE` or :data:`ONEHOT_FEATURE`. For ``"x_x2"`` coef
        holds ``[a, c]`` with ``phi(x) @ coef = x @ a + x**2 @ c``; for ``"onehot"`` coef has
        one entry per (feature, category), features in order.
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

    def rows(self, r: np.ndarray) -> LinearBatch:
        """The fitted models of replicates ``r``."""
        gaussian = None if self.gaussian is None else self.gaussian.rows(r)
        return LinearBatch(
            self.feature, self.coef[r], self.intercept[r], self.n_warnings[r], gaussian
        )


def onehot(X: np.ndarray, ks: tuple[int, ...]) -> np.ndarray:
    """One-hot indicators of codes X (..., n) -> (..., sum(ks))."""
    offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
    idx = X.astype(np.int64) + offsets
    out = np.zeros((*X.shape[:-1], int(np.sum(ks))))
    np.put_along_axis(out, idx, 1.0, axis=-1)
    return out


def featurize(feature: str, X: np.ndarray, n_categories: tuple[int, ...] | None = None):
    """The feature map ``feature`` of inputs X (..., n): x, [x, x^2] (last axis) or one-hot."""
    X = np.asarray(X, dtype=np.float64)
    if feature == X_FEATURE:
        return X
    if feature == X_X2_FEATURE:
        return np.concatenate([X, X * X], axis=-1)
    if feature == ONEHOT_FEATURE:
        return onehot(X, tuple(int(k) for k in n_categories))
    raise ValueError(f"unknown feature map {feature!r}")


__all__ = ["ONEHOT_FEATURE", "X_FEATURE", "X_X2_FEATURE", "LinearBatch", "featurize", "onehot"]
