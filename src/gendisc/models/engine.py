"""Fit and score a model pair on a batch of replicates.

Two engines compute the same thing:

``"sklearn"`` (:mod:`gendisc.models.sklearn_engine`)
    The reference: loops over replicates and fits the estimators of
    :meth:`gendisc.models.pairs.Pair.make_estimators`, counting the warnings they raise.
``"fast"``
    Vectorised over replicates in numpy. Naive Bayes and LDA estimates are means,
    variances and counts computed for all replicates at once; logistic regression is
    solved by batched Newton iterations (IRLS) on the same objective and with the same
    convergence test as scikit-learn's Newton-Cholesky solver. Every decision function
    is linear in a feature map (``x``; ``[x, x^2]`` for GaussianNB; one-hot indicators
    for the discrete pair), so scoring is a batched matrix product.

Tie-breaking: a test point exactly on a decision boundary (frequent with discrete
features) goes to class 0. Both engines predict class 1 iff the decision function (a log
odds) exceeds ``TIE_RTOL * (1 + s)``, s the sum of the magnitudes of its terms and
``TIE_RTOL = 1e-9``, so the choice does not depend on how the sum was rounded (scikit-learn's
own ``predict`` breaks such ties by rounding noise). For Gaussian naive Bayes, whose ties
have probability 0, the reference keeps scikit-learn's ``predict`` (argmax of the joint
log-likelihoods), and so does the fast engine (:mod:`gendisc.models.gaussian_argmax`): its expanded
decision function decides wherever its sign is beyond rounding, the per-class
log-likelihoods elsewhere (a feature constant within a class makes the expanded terms huge).
The engines' test errors agree replicate by replicate.

Degenerate LDA: with m <= 2 training examples, or features constant within each class, the
within-class scatter is zero and scikit-learn refuses to fit LDA. Both engines then use
the limit of its SVD solver (no retained direction): the decision function is the log prior ratio, and one warning is
counted for the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from gendisc.models.batch_result import BatchResult
from gendisc.models.checks import check_labels, check_lr_C
from gendisc.models.constants import (
    DEFAULT_ENGINE,
    DEFAULT_LR_C,
    ENGINES,
    FAST_ENGINE,
    SKLEARN_ENGINE,
)
from gendisc.models.fast_predict import abs_max, predict_batch, predict_pool
from gendisc.models.linear_batch import LinearBatch, featurize
from gendisc.models.pairs import Pair, get_pair
from gendisc.models.separable import DEFAULT_SAMPLER, SamplerSettings, apply_rule, check_rule
from gendisc.models.sklearn_engine import evaluate_sklearn

#: rows of the pool scored at once by evaluate_pair_on_pool (bounds memory)
POOL_BLOCK = 4096


# --------------------------------------------------------------------------- checks


def _check_common(
    pair: str, engine: str, lr_C: float, rule: str, rngs: Sequence | None, R: int
) -> Pair:
    check_rule(rule)
    if rule == "random_separator" and (rngs is None or len(rngs) != R):
        raise ValueError(
            "lr_separable='random_separator' needs rngs: one numpy Generator per replicate"
        )
    spec = get_pair(pair)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; known: {ENGINES}")
    check_lr_C(lr_C)
    return spec


def _apply_rule_fast(disc: LinearBatch, X_train, y, ks, rule: str, rngs, sampler):
    """The fast engine's LR under the rule: (model, exact separability or None)."""
    if rule == "max_margin":
        return disc, None
    Phi = featurize(disc.feature, X_train.reshape(-1, X_train.shape[2]), ks)
    Phi = Phi.reshape(*X_train.shape[:2], -1)
    coef, intercept, sep = apply_rule(Phi, y, disc.coef, disc.intercept, rngs, sampler)
    return replace(disc, coef=coef, intercept=intercept), sep


# --------------------------------------------------------------------------- public API


def evaluate_pair(
    pair: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    engine: str = DEFAULT_ENGINE,
    lr_C: float = DEFAULT_LR_C,
    n_categories: tuple[int, ...] | None = None,
    lr_separable: str = "max_margin",
    rngs: Sequence[np.random.Generator] | None = None,
    sampler: SamplerSettings = DEFAULT_SAMPLER,
) -> BatchResult:
    """Fit both models of a pair on R training sets and score each on its own test set.

    Parameters
    ----------
    pair : str
        A key of :data:`gendisc.models.pairs.PAIRS`.
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
    lr_separable : {"max_margin", "random_separator"}
        LR on a linearly separable training set: the vanishing-L2 fit (max-margin direction)
        or, as Ng & Jordan did, a uniformly random separating ``(w, b)``
        (:mod:`gendisc.models.separable`); non-separable sets get the usual fit.
    rngs : sequence of numpy.random.Generator, optional
        One per replicate (its own stream); required by ``random_separator``.
    sampler : SamplerSettings
        Burn-in of the random-separator chains.

    Returns
    -------
    BatchResult
    """
    spec = _check_common(pair, engine, lr_C, lr_separable, rngs, np.shape(X_train)[0])
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
    ks = spec.check_inputs(X_train, "X_train", n_categories)
    spec.check_inputs(X_test, "X_test", n_categories)
    y = check_labels(np.asarray(y_train), "y_train")
    yt = check_labels(np.asarray(y_test), "y_test")
    n1 = y.sum(axis=1)
    if np.any((n1 == 0) | (n1 == m)):
        raise ValueError(f"both classes must occur in every replicate; class-1 counts {n1}")
    if engine == SKLEARN_ENGINE:
        return evaluate_sklearn(
            spec,
            lambda r: (X_train[r], y[r], X_test[r], yt[r]),
            R, lr_C, ks, lr_separable, rngs, sampler,
        )  # fmt: skip
    gen, disc_mm = spec.fit_fast(X_train, y, lr_C=lr_C, n_categories=ks)
    disc, exact = _apply_rule_fast(disc_mm, X_train, y, ks, lr_separable, rngs, sampler)
    models = (gen, disc) if exact is None else (gen, disc, disc_mm)
    err = np.empty((R, len(models)))
    xmax = abs_max(X_test)
    wrong = []
    for j, model in enumerate(models):
        pred = predict_batch(model, X_test, ks, xabs_max=xmax)
        wrong.append(pred != (yt > 0))
        err[:, j] = np.mean(wrong[j], axis=1)
    only = np.stack(
        [np.sum(wrong[0] & ~wrong[1], axis=1), np.sum(wrong[1] & ~wrong[0], axis=1)], axis=1
    )
    sep = np.all(predict_batch(disc, X_train, ks) == (y > 0), axis=1) if exact is None else exact
    n_warn = np.stack([gen.n_warnings, disc.n_warnings], axis=1)
    mm = None if exact is None else err[:, 2].copy()
    n_test = np.full(R, X_test.shape[1], np.int64)
    return BatchResult(err[:, :2].copy(), n_test, sep, n_warn, mm, only.astype(np.int64))


def evaluate_pair_on_pool(
    pair: str,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    train_idx: np.ndarray,
    *,
    engine: str = DEFAULT_ENGINE,
    lr_C: float = DEFAULT_LR_C,
    n_categories: tuple[int, ...] | None = None,
    lr_separable: str = "max_margin",
    rngs: Sequence[np.random.Generator] | None = None,
    sampler: SamplerSettings = DEFAULT_SAMPLER,
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
    engine, lr_C, n_categories, lr_separable, rngs, sampler
        As in :func:`evaluate_pair`.

    Returns
    -------
    BatchResult
        ``n_test[r]`` is N minus the number of distinct indices in ``train_idx[r]``.
    """
    spec = _check_common(pair, engine, lr_C, lr_separable, rngs, np.shape(train_idx)[0])
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
    ks = spec.check_inputs(X_pool, "X_pool", n_categories)
    yp = check_labels(y_pool, "y_pool")
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
    if engine == SKLEARN_ENGINE:

        def splits(r):
            test = ~in_train[r]
            return X_pool[train_idx[r]], y[r], X_pool[test], yp[test]

        return evaluate_sklearn(spec, splits, R, lr_C, ks, lr_separable, rngs, sampler)
    X_train = X_pool[train_idx]
    gen, disc_mm = spec.fit_fast(X_train, y, lr_C=lr_C, n_categories=ks)
    disc, exact = _apply_rule_fast(disc_mm, X_train, y, ks, lr_separable, rngs, sampler)
    # the max-margin fit differs from the rule's only on separable sets: score it only there
    sep_idx = np.flatnonzero(exact) if exact is not None else np.zeros(0, np.int64)
    models = (gen, disc) if sep_idx.size == 0 else (gen, disc, disc_mm.rows(sep_idx))
    wrong = np.zeros((R, 2))
    wrong_mm = np.zeros(sep_idx.size)
    for start in range(0, N, POOL_BLOCK):
        rows = slice(start, start + POOL_BLOCK)
        test = ~in_train[:, rows].T  # (B, R)
        truth = (yp[rows] > 0)[:, None]
        features: dict[str, np.ndarray] = {}  # shared by the models where they agree
        for j, model in enumerate(models):
            if model.feature not in features:
                features[model.feature] = featurize(model.feature, X_pool[rows], ks)
            pred = predict_pool(model, X_pool[rows], ks, features=features[model.feature])
            if j < 2:
                wrong[:, j] += np.sum((pred != truth) & test, axis=0)
            else:
                wrong_mm += np.sum((pred != truth) & test[:, sep_idx], axis=0)
    sep = np.all(predict_batch(disc, X_train, ks) == (y > 0), axis=1) if exact is None else exact
    n_warn = np.stack([gen.n_warnings, disc.n_warnings], axis=1)
    err = wrong / n_test[:, None]
    mm = None
    if exact is not None:
        mm = err[:, 1].copy()
        mm[sep_idx] = wrong_mm / n_test[sep_idx]
    return BatchResult(err, n_test.astype(np.int64), sep, n_warn, mm)


__all__ = [
    "ENGINES",
    "FAST_ENGINE",
    "POOL_BLOCK",
    "SKLEARN_ENGINE",
    "BatchResult",
    "evaluate_pair",
    "evaluate_pair_on_pool",
]
