"""The scikit-learn reference engine of :mod:`gendisc.models.engine`: one replicate at a time,
the estimators of :meth:`gendisc.models.pairs.Pair.make_estimators`, warnings counted."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np

from gendisc.models.batch_result import BatchResult
from gendisc.models.constants import DEFAULT_LR_C
from gendisc.models.pairs import Pair, get_pair
from gendisc.models.separable import DEFAULT_SAMPLER, SamplerSettings, apply_rule


def fit_reference(
    pair: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr_C: float = DEFAULT_LR_C,
    n_categories: tuple[int, ...] | None = None,
) -> tuple[object, object, int, int]:
    """Fit the sklearn estimators of a pair on one training set (:meth:`Pair.fit_reference`).

    Returns
    -------
    (generative, discriminative, n_warnings_generative, n_warnings_discriminative)
    """
    return get_pair(pair).fit_reference(X, y, lr_C=lr_C, n_categories=n_categories)


def random_separator_sklearn(disc, X: np.ndarray, y: np.ndarray, rng, sampler) -> bool:
    """Replace a fitted scikit-learn LR (or its pipeline's last step) on a separable training
    set by a uniformly random separator, in place; return exact separability."""
    from sklearn.pipeline import Pipeline

    features, linear = (
        (disc[:-1].transform(X), disc[-1]) if isinstance(disc, Pipeline) else (X, disc)
    )
    coef, intercept, sep = apply_rule(
        np.asarray(features, dtype=np.float64)[None], y[None], linear.coef_, linear.intercept_,
        [rng], sampler,
    )  # fmt: skip
    linear.coef_, linear.intercept_ = coef, intercept
    return bool(sep[0])


def evaluate_sklearn(
    spec: Pair,
    splits: Callable,
    R: int,
    lr_C: float,
    n_categories: tuple[int, ...] | None,
    rule: str = "max_margin",
    rngs: Sequence[np.random.Generator] | None = None,
    sampler: SamplerSettings = DEFAULT_SAMPLER,
) -> BatchResult:
    """The reference engine: replicate r's split is ``splits(r) = (X_train, y_train, X_test,
    y_test)``; fits the pair's scikit-learn estimators, applies the LR rule on separable sets
    and scores both models, counting warnings (:class:`BatchResult`)."""
    from gendisc.models.estimators import predict_ties_to_0  # scikit-learn for this engine only

    err = np.empty((R, 2))
    n_test = np.empty(R, np.int64)
    sep = np.empty(R, bool)
    n_warn = np.empty((R, 2), np.int64)
    mm_err = np.empty(R) if rule == "random_separator" else None
    only = np.empty((R, 2), np.int64)
    for r in range(R):
        Xtr, ytr, Xte, yte = splits(r)
        gen, disc, wg, wd = spec.fit_reference(Xtr, ytr, lr_C=lr_C, n_categories=n_categories)
        exact = None
        if rule == "random_separator":
            mm_err[r] = np.mean(predict_ties_to_0(disc, Xte) != (yte > 0))
            exact = random_separator_sklearn(disc, Xtr, ytr, rngs[r], sampler)
        with warnings.catch_warnings(record=True) as caught:  # e.g. GaussianNB's 0/0
            warnings.simplefilter("always")
            wrong_g = predict_ties_to_0(gen, Xte) != (yte > 0)
        wg += len(caught)
        wrong_d = predict_ties_to_0(disc, Xte) != (yte > 0)
        err[r] = np.mean(wrong_g), np.mean(wrong_d)
        only[r] = np.sum(wrong_g & ~wrong_d), np.sum(wrong_d & ~wrong_g)
        n_test[r] = len(yte)
        sep[r] = bool(np.all(predict_ties_to_0(disc, Xtr) == (ytr > 0))) if exact is None else exact
        n_warn[r] = (wg, wd)
    return BatchResult(err, n_test, sep, n_warn, mm_err, only)


__all__ = ["evaluate_sklearn", "fit_reference", "random_separator_sklearn"]
