"""Classifiers for inputs with missing features (``NaN``): the methods of the missing-features study.

Generative side: the Gaussian of the pair marginalises the missing features
(:mod:`gendisc.models.gaussian`; naive Bayes drops their terms, LDA conditions its Gaussian).
Discriminative side: logistic regression (LR) after mean imputation, after scikit-learn's
``IterativeImputer``, and the *reduced model* (LR refitted on the features observed in each
test row's missingness pattern, one fit per pattern; Saar-Tsechansky & Provost, JMLR 2007).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gendisc.models import fast_fit, gaussian

#: Missing-data methods: name -> (side, description). "generative" methods are the pair's model.
METHODS: dict[str, tuple[str, str]] = {
    "marginalise": ("generative", "the pair's Gaussian, missing features marginalised"),
    "lr_mean": ("discriminative", "LR after mean imputation (training means)"),
    "lr_iterative": ("discriminative", "LR after scikit-learn's IterativeImputer"),
    "lr_reduced": ("discriminative", "LR refitted on each test pattern's observed features"),
}


def _majority(y: np.ndarray) -> int:
    return int(np.bincount(y, minlength=2).argmax())


def predict_marginalised(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, *, diagonal: bool
) -> np.ndarray:
    """Fit the Gaussian (ML with missing values) and predict with the missing features marginalised."""
    fit = gaussian.fit_gaussian(X_train, y_train, diagonal=diagonal)
    return gaussian.predict(fit, X_test)


def make_logistic_regression(lr_C: float):
    """:func:`gendisc.models.estimators.make_logistic_regression`, imported when first used
    (scikit-learn is not needed to build the workflow's DAG)."""
    from gendisc.models import estimators

    return estimators.make_logistic_regression(lr_C)


def _imputed_lr(imputer, X_train, y_train, X_test, lr_C: float) -> np.ndarray:
    # a feature never observed in training is dropped by scikit-learn's imputers: keep_empty
    # features imputed as 0 so train and test keep the same columns
    Xtr = imputer.fit_transform(X_train)
    Xte = imputer.transform(X_test)
    lr = make_logistic_regression(lr_C).fit(Xtr, y_train)
    return lr.predict(Xte)


def predict_lr_mean(X_train, y_train, X_test, *, lr_C: float, seed: int = 0) -> np.ndarray:
    """LR on mean-imputed features (the training means fill training and test gaps)."""
    from sklearn.impute import SimpleImputer

    imputer = SimpleImputer(strategy="mean", keep_empty_features=True)
    return _imputed_lr(imputer, X_train, y_train, X_test, lr_C)


def predict_lr_iterative(X_train, y_train, X_test, *, lr_C: float, seed: int = 0) -> np.ndarray:
    """LR on features imputed by scikit-learn's ``IterativeImputer`` (Bayesian ridge chains).

    Fitted on the training inputs (which may be complete: then only the test gaps are filled,
    by regressions learnt on the training data). ``seed`` fixes the imputer's random state.
    """
    from sklearn.experimental import enable_iterative_imputer  # noqa: F401  (enables the import)
    from sklearn.impute import IterativeImputer

    imputer = IterativeImputer(max_iter=10, random_state=seed, keep_empty_features=True)
    return _imputed_lr(imputer, X_train, y_train, X_test, lr_C)


def predict_lr_reduced(X_train, y_train, X_test, *, lr_C: float, seed: int = 0) -> np.ndarray:
    """The reduced model: for each missingness pattern of the test rows, LR fitted on the
    training rows that observe all of the pattern's observed features, using only those.

    A pattern with no observed feature, or whose training rows miss a class, predicts the
    majority class of those rows (of all training rows if none remain).
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    y_train = np.asarray(y_train, dtype=np.int64)
    if (~np.isnan(X_train)).all() and np.unique(y_train).size == 2:
        return _reduced_batch(X_train, y_train, X_test, lr_C)
    return _reduced_loop(X_train, y_train, X_test, lr_C)


def _reduced_loop(X_train, y_train, X_test, lr_C: float) -> np.ndarray:
    """The reduced model pattern by pattern, one scikit-learn fit each (any training data; the
    straightforward reference of :func:`_reduced_batch` in ``make bench``)."""
    obs_train = ~np.isnan(X_train)
    out = np.empty(X_test.shape[0], dtype=np.int64)
    for pattern, rows in gaussian._patterns(~np.isnan(X_test)):
        usable = obs_train[:, pattern].all(axis=1)
        yu = y_train[usable]
        if not pattern.any() or yu.size == 0 or np.unique(yu).size < 2:
            out[rows] = _majority(yu if yu.size else y_train)
            continue
        lr = make_logistic_regression(lr_C).fit(X_train[np.ix_(usable, pattern)], yu)
        out[rows] = lr.predict(X_test[np.ix_(rows, pattern)])
    return out


def _reduced_batch(X_train, y_train, X_test, lr_C: float) -> np.ndarray:
    """The reduced model on complete training data: every pattern's LR in one batched Newton fit
    (:func:`gendisc.models.fast_fit.fit_logistic_batch`). A pattern's unobserved columns are set to 0,
    where the L2 term keeps their weights at exactly 0, so each fit is the LR on the observed
    features (scikit-learn's, to the shared solver tolerance)."""
    patterns = list(gaussian._patterns(~np.isnan(X_test)))
    keep = np.stack([p for p, _ in patterns])  # (P, n)
    Phi = X_train[None] * keep[:, None, :]
    ys = np.broadcast_to(y_train, (len(patterns), y_train.size))
    coef, intercept, _ = fast_fit.fit_logistic_batch(Phi, ys, lr_C=lr_C)
    out = np.empty(X_test.shape[0], dtype=np.int64)
    for k, (pattern, rows) in enumerate(patterns):
        z = np.where(pattern, X_test[rows], 0.0) @ coef[k] + intercept[k]
        out[rows] = (z > 0).astype(np.int64)
    return out


Predictor = Callable[..., np.ndarray]

#: Discriminative predictors by method name (the generative one is :func:`predict_marginalised`).
LR_PREDICTORS: dict[str, Predictor] = {
    "lr_mean": predict_lr_mean,
    "lr_iterative": predict_lr_iterative,
    "lr_reduced": predict_lr_reduced,
}


def predict_method(
    method: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    *,
    diagonal: bool,
    lr_C: float,
    seed: int = 0,
) -> np.ndarray:
    """Predict the test labels with one of :data:`METHODS`.

    Parameters
    ----------
    method : str
        A key of :data:`METHODS`.
    X_train, y_train, X_test : numpy.ndarray
        Inputs (``NaN`` = missing) and training labels in {0, 1}.
    diagonal : bool
        The generative model's covariance: diagonal (naive Bayes) or full (LDA).
    lr_C : float
        Inverse L2 strength of LR.
    seed : int, default 0
        Random state of the iterative imputer.

    Returns
    -------
    numpy.ndarray
        Predicted labels, shape ``(size,)``.
    """
    if method == "marginalise":
        return predict_marginalised(X_train, y_train, X_test, diagonal=diagonal)
    if method not in LR_PREDICTORS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    return LR_PREDICTORS[method](X_train, y_train, X_test, lr_C=lr_C, seed=seed)
