"""Missing features on discrete inputs (issue 15 §1, the UCI pools with categorical codes).

Generative: naive Bayes over category codes with Laplace smoothing (scikit-learn's
``CategoricalNB(alpha=1)``), a missing feature's term dropped from the log posterior (the exact
marginal: a naive Bayes' features are independent given the class). Discriminative: LR on the
one-hot indicators, a missing feature's whole block set to NaN so that the imputing and reduced
LR methods of :mod:`gendisc.models.missing` apply unchanged (mean imputation then fills a block
with the training frequencies of its categories).
"""

from __future__ import annotations

import numpy as np

from gendisc.models.constants import LAPLACE_ALPHA
from gendisc.models.linear_batch import onehot


def _codes(X: np.ndarray, ks: tuple[int, ...]) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != len(ks):
        raise ValueError(f"X must have shape (N, {len(ks)}), got {X.shape}")
    seen = X[~np.isnan(X)]
    if seen.size and (seen.min() < 0 or np.any(seen != np.round(seen))):
        raise ValueError("X must hold integer category codes >= 0 or NaN")
    if np.any(np.nan_to_num(X, nan=0.0) >= np.array(ks)):
        raise ValueError(f"a code exceeds its number of categories {ks}")
    return X


def predict_categorical_nb(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, ks: tuple[int, ...]
) -> np.ndarray:
    """Categorical naive Bayes with NaN (missing) codes marginalised in training and test.

    Training counts skip missing values (each feature's class-conditional distribution is
    estimated from the rows where it was observed); a test row's missing features contribute
    no term. Ties go to class 0, as scikit-learn's ``argmax`` does.

    Parameters
    ----------
    X_train, X_test : numpy.ndarray
        Category codes ``0..k_j - 1`` or NaN, shapes ``(m, n)`` and ``(N, n)``.
    y_train : numpy.ndarray
        Labels in ``{0, 1}`` with both classes present.
    ks : tuple of int
        Number of categories of each feature.
    """
    Xtr, Xte = _codes(X_train, ks), _codes(X_test, ks)
    y = np.asarray(y_train, dtype=np.int64)
    if set(np.unique(y)) != {0, 1}:
        raise ValueError(f"y_train must hold both classes 0 and 1, got {np.unique(y)}")
    score = np.zeros((Xte.shape[0], 2))
    for c in (0, 1):
        score[:, c] = np.log(np.mean(y == c))
        for j, k in enumerate(ks):
            col = Xtr[y == c, j]
            col = col[~np.isnan(col)].astype(np.int64)
            logp = np.log(
                (np.bincount(col, minlength=k) + LAPLACE_ALPHA) / (col.size + k * LAPLACE_ALPHA)
            )
            seen = ~np.isnan(Xte[:, j])
            score[seen, c] += logp[Xte[seen, j].astype(np.int64)]
    return score.argmax(axis=1)


def onehot_missing(X: np.ndarray, ks: tuple[int, ...]) -> np.ndarray:
    """One-hot indicators of codes, a missing code's whole block NaN: ``(N, n) -> (N, sum(ks))``."""
    X = _codes(X, ks)
    out = onehot(np.nan_to_num(X, nan=0.0), ks)
    block = np.repeat(np.arange(len(ks)), ks)
    out[np.isnan(X)[:, block]] = np.nan
    return out
