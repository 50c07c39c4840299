"""Model pairs: a generative classifier and its discriminative partner.

A *pair* couples a generative model with the logistic regression (LR) that has the same
hypothesis class (Ng & Jordan, 2001). Both models of a pair are always fitted on the same
training set and scored on the same test set.

The registry :data:`PAIRS` lists the pairs; :func:`make_estimators` returns fresh
scikit-learn estimators for a pair (the reference implementation, used by the ``sklearn``
engine of :mod:`gendisc.models.engine`).

Logistic regression everywhere uses *vanishing L2*: Ng & Jordan's LR is unregularised,
which has no minimiser on a linearly separable training set (common at small m). We
minimise ``0.5 * ||w||^2 + C * sum(logloss)`` with a large ``C`` (intercept not
penalised), solved to a tight tolerance by scikit-learn's Newton-Cholesky solver.

sklearn lacks the Gaussian naive Bayes of Ng & Jordan, whose per-feature variance is
shared by the two classes (diagonal LDA); :class:`SharedVarianceNB` implements it.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import CategoricalNB, GaussianNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from gendisc.models.pairs import (  # noqa: F401  (re-exported: the registry lives in gendisc.models.pairs)
    LAPLACE_ALPHA,
    LDA_TOL,
    LR_MAX_ITER,
    LR_TOL,
    PAIRS,
    Pair,
    check_categories,
    check_lr_C,
    is_number,
)


class SharedVarianceNB(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes with one variance per feature shared by all classes.

    This is Ng & Jordan's (2001) Gaussian naive Bayes, i.e. LDA with a diagonal covariance
    ("diagonal LDA"). Its decision boundary is linear, unlike scikit-learn's
    :class:`~sklearn.naive_bayes.GaussianNB`, whose variances are per class.

    Parameters
    ----------
    var_smoothing : float, default=1e-9
        As in GaussianNB: ``epsilon = var_smoothing * max_j var(X[:, j])`` is added to
        every variance (``epsilon = var_smoothing`` if every feature is constant).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_count_ : ndarray of shape (n_classes,)
    class_prior_ : ndarray of shape (n_classes,)
        Empirical class frequencies.
    theta_ : ndarray of shape (n_classes, n_features)
        Class means (maximum likelihood).
    var_ : ndarray of shape (n_features,)
        Pooled within-class variance, dividing by the number of samples m (maximum
        likelihood), plus ``epsilon_``.
    epsilon_ : float
    n_features_in_ : int
    """

    def __init__(self, var_smoothing: float = 1e-9) -> None:
        self.var_smoothing = var_smoothing

    def fit(self, X, y) -> SharedVarianceNB:
        """Fit the class means, the pooled variances and the class priors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        SharedVarianceNB
            The fitted estimator.
        """
        if not (is_number(self.var_smoothing) and float(self.var_smoothing) >= 0):
            raise ValueError(f"var_smoothing must be a number >= 0, got {self.var_smoothing!r}")
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
        n_classes = self.classes_.shape[0]
        onehot = np.zeros((X.shape[0], n_classes))
        onehot[np.arange(X.shape[0]), codes] = 1.0
        self.class_count_ = counts.astype(np.float64)
        self.class_prior_ = self.class_count_ / X.shape[0]
        self.theta_ = (onehot.T @ X) / self.class_count_[:, None]
        resid = X - self.theta_[codes]
        max_var = float(np.max(np.var(X, axis=0)))
        self.epsilon_ = float(self.var_smoothing) * (max_var if max_var > 0 else 1.0)
        self.var_ = np.mean(resid**2, axis=0) + self.epsilon_
        return self

    def _joint_log_likelihood(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        const = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_))
        quad = np.stack([np.sum((X - mu) ** 2 / self.var_, axis=1) for mu in self.theta_], axis=1)
        return const - 0.5 * quad + np.log(self.class_prior_)

    def predict_joint_log_proba(self, X) -> np.ndarray:
        """Return ``log p(x, y = k)`` for every class k, shape (n_samples, n_classes)."""
        return self._joint_log_likelihood(X)

    def predict_log_proba(self, X) -> np.ndarray:
        """Return ``log p(y = k | x)``, shape (n_samples, n_classes)."""
        jll = self._joint_log_likelihood(X)
        return jll - logsumexp(jll, axis=1, keepdims=True)

    def predict_proba(self, X) -> np.ndarray:
        """Return ``p(y = k | x)``, shape (n_samples, n_classes)."""
        return np.exp(self.predict_log_proba(X))

    def decision_function(self, X) -> np.ndarray:
        """Return the log posterior odds of ``classes_[1]`` (two classes) or the log posteriors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
            Shape (n_samples,) with two classes (positive means ``classes_[1]``), else
            (n_samples, n_classes).
        """
        jll = self._joint_log_likelihood(X)
        if jll.shape[1] == 2:
            return jll[:, 1] - jll[:, 0]
        return jll - logsumexp(jll, axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """Return the class of maximal posterior (ties go to the first class)."""
        jll = self._joint_log_likelihood(X)
        return self.classes_[np.argmax(jll, axis=1)]


def make_logistic_regression(lr_C: float) -> LogisticRegression:
    """Return the study's logistic regression: vanishing L2, solved tightly.

    Parameters
    ----------
    lr_C : float
        Inverse L2 strength: the fit minimises ``0.5 * ||w||^2 + lr_C * sum(logloss)``
        (intercept not penalised).

    Returns
    -------
    sklearn.linear_model.LogisticRegression
        Newton-Cholesky solver, ``tol=LR_TOL``, ``max_iter=LR_MAX_ITER``, L2 (``l1_ratio=0``).
    """
    return LogisticRegression(
        C=check_lr_C(lr_C),
        l1_ratio=0.0,
        solver="newton-cholesky",
        tol=LR_TOL,
        max_iter=LR_MAX_ITER,
    )


def make_estimators(
    pair: str, *, lr_C: float, n_categories: tuple[int, ...] | None = None
) -> tuple[BaseEstimator, BaseEstimator]:
    """Return fresh, unfitted estimators ``(generative, discriminative)`` of a pair.

    Parameters
    ----------
    pair : str
        A key of :data:`PAIRS`.
    lr_C : float
        Inverse L2 strength of logistic regression.
    n_categories : tuple of int, optional
        Number of categories ``k_j`` of every feature; required by discrete pairs, whose
        inputs hold codes ``0..k_j - 1``.

    Returns
    -------
    tuple of two sklearn estimators
        Both take the same X (continuous values, or category codes as float).
    """
    if pair not in PAIRS:
        raise ValueError(f"unknown pair {pair!r}; known: {sorted(PAIRS)}")
    lr = make_logistic_regression(lr_C)
    if pair == "nb_lr":
        return SharedVarianceNB(), lr
    if pair == "gnb_lr":
        return GaussianNB(), lr
    if pair == "lda_lr":
        # The SVD solver never forms or inverts the covariance: it keeps the directions whose
        # singular value (standardised within-class data / sqrt(m)) exceeds LDA_TOL, i.e. it
        # uses a pseudo-inverse of the ML pooled covariance, defined when m <= n.
        return LinearDiscriminantAnalysis(solver="svd", tol=LDA_TOL), lr
    ks = check_categories(n_categories)
    nb = CategoricalNB(alpha=LAPLACE_ALPHA, min_categories=np.array(ks))
    encoder = OneHotEncoder(
        categories=[np.arange(k, dtype=np.float64) for k in ks],
        sparse_output=False,
        handle_unknown="error",
    )
    return nb, Pipeline([("onehot", encoder), ("lr", lr)])
