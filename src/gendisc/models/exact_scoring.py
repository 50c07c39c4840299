"""Fit a pair of linear rules on R training sets and score them exactly (no test set).

Where the class-conditional distributions are known and both models of a pair decide by an
affine function ``w . x + b`` (:attr:`gendisc.models.pairs.Pair.linear_rules`), a model's test
error is a function of ``(w, b)`` (:mod:`gendisc.data.exact_error`) and no test set needs to be
drawn. Both engines fit the models exactly as :func:`gendisc.models.engine.evaluate_pair`
does; only the scoring differs. The caller passes the scoring as ``error_of``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from gendisc.models.checks import check_labels
from gendisc.models.constants import DEFAULT_ENGINE, DEFAULT_LR_C, SKLEARN_ENGINE
from gendisc.models.engine import BatchResult, _check_common
from gendisc.models.fast_predict import predict_batch
from gendisc.models.linear_batch import X_FEATURE

#: ``(w (R, n), b (R,)) -> errors (R,)``: the exact test errors of R linear rules
ErrorOf = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _linear_rule_sklearn(estimator: Any, n: int) -> tuple[np.ndarray, float]:
    """``(w, b)`` of a fitted scikit-learn estimator whose log odds are affine in x.

    Read off its decision function (or, for the prior-only stand-in of degenerate LDA, its log
    posterior odds) at 0 and at the unit vectors.
    """
    probe = np.vstack([np.zeros(n), np.eye(n)])
    if hasattr(estimator, "decision_function"):
        d = np.asarray(estimator.decision_function(probe), dtype=float)
    else:
        logp = np.log(estimator.predict_proba(probe))
        d = logp[:, 1] - logp[:, 0]
    return d[1:] - d[0], float(d[0])


def evaluate_pair_exact(
    pair: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    error_of: ErrorOf,
    *,
    engine: str = DEFAULT_ENGINE,
    lr_C: float = DEFAULT_LR_C,
) -> BatchResult:
    """Fit both models of a linear pair on R training sets; their exact test errors.

    Parameters
    ----------
    pair : str
        A key of :data:`gendisc.models.pairs.PAIRS` whose ``linear_rules`` is True.
    X_train : ndarray of shape (R, m, n)
    y_train : ndarray of shape (R, m)
        Labels in {0, 1}; both classes must occur in every replicate.
    error_of : callable
        ``(w (R, n), b (R,)) -> (R,)`` exact errors, e.g.
        :meth:`gendisc.data.exact_error.ClassConditionals.errors`.
    engine : {"fast", "sklearn"}
    lr_C : float
        Inverse L2 strength of logistic regression.

    Returns
    -------
    BatchResult
        ``n_test`` is 0 for every replicate: the error is an expectation, not a count.

    Raises
    ------
    ValueError
        If the pair's rules are not linear in x, or the shapes or labels are invalid.
    """
    spec = _check_common(pair, engine, lr_C, "max_margin", None, np.shape(X_train)[0])
    if not spec.linear_rules:
        raise ValueError(f"pair {pair!r} has a model whose rule is not linear in x")
    X_train = np.asarray(X_train, dtype=np.float64)
    if X_train.ndim != 3 or np.shape(y_train) != X_train.shape[:2]:
        raise ValueError(f"X_train (R, m, n) and y_train (R, m) expected, got {X_train.shape}")
    R, m, n = X_train.shape
    spec.check_inputs(X_train, "X_train", None)
    y = check_labels(np.asarray(y_train), "y_train")
    n1 = y.sum(axis=1)
    if np.any((n1 == 0) | (n1 == m)):
        raise ValueError(f"both classes must occur in every replicate; class-1 counts {n1}")
    w = np.empty((2, R, n))
    b = np.empty((2, R))
    if engine == SKLEARN_ENGINE:
        from gendisc.models.estimators import predict_ties_to_0  # scikit-learn here only

        sep = np.empty(R, bool)
        n_warn = np.empty((R, 2), np.int64)
        for r in range(R):
            gen, disc, wg, wd = spec.fit_reference(X_train[r], y[r], lr_C=lr_C)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                w[0, r], b[0, r] = _linear_rule_sklearn(gen, n)
            w[1, r], b[1, r] = _linear_rule_sklearn(disc, n)
            sep[r] = bool(np.all(predict_ties_to_0(disc, X_train[r]) == (y[r] > 0)))
            n_warn[r] = (wg + len(caught), wd)
    else:
        gen, disc = spec.fit_fast(X_train, y, lr_C=lr_C)
        for j, model in enumerate((gen, disc)):
            if model.feature != X_FEATURE:  # guards the registry's linear_rules flag
                raise ValueError(f"pair {pair!r}: model {j} is not linear in x")
            w[j], b[j] = model.coef, model.intercept
        sep = np.all(predict_batch(disc, X_train) == (y > 0), axis=1)
        n_warn = np.stack([gen.n_warnings, disc.n_warnings], axis=1)
    err = np.stack([error_of(w[0], b[0]), error_of(w[1], b[1])], axis=1)
    return BatchResult(err, np.zeros(R, np.int64), sep, n_warn)


__all__ = ["ErrorOf", "evaluate_pair_exact"]
