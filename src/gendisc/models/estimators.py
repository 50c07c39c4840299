"""The scikit-learn reference estimators of the model pairs.

A *pair* couples a generative model with the logistic regression (LR) that has the same
hypothesis class (Ng & Jordan, 2001). Both models of a pair are always fitted on the same
training set and scored on the same test set.

This module holds the scikit-learn reference implementation (used by the ``sklearn`` engine
of :mod:`gendisc.models.engine`): a factory per model, which the pairs of
:mod:`gendisc.models.pairs` name, and the study's tie rule for fitted estimators.

Logistic regression everywhere uses *vanishing L2*: Ng & Jordan's LR is unregularised,
which has no minimiser on a linearly separable training set (common at small m). We
minimise ``0.5 * ||w||^2 + C * sum(logloss)`` with a large ``C`` (intercept not
penalised), solved to a tight tolerance by scikit-learn's Newton-Cholesky solver.

sklearn lacks the Gaussian naive Bayes of Ng & Jordan, whose per-feature variance is
shared by the two classes (diagonal LDA); :class:`SharedVarianceNB` implements it.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import CategoricalNB, GaussianNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from gendisc.models.checks import check_categories, check_lr_C, is_number
from gendisc.models.constants import (
    LAPLACE_ALPHA,
    LDA_TOL,
    LR_MAX_ITER,
    LR_TOL,
    TIE_RTOL,
    VAR_SMOOTHING,
)
from gendisc.models.linear_batch import ONEHOT_FEATURE, X_FEATURE


class SharedVarianceNB(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes with one variance per feature shared by all classes.

    This is Ng & Jordan's (2001) Gaussian naive Bayes, i.e. LDA with a diagonal covariance
    ("diagonal LDA"). Its decision boundary is linear, unlike scikit-learn's
    :class:`~sklearn.naive_bayes.GaussianNB`, whose variances are per class.

    Parameters
    ----------
    var_smoothing : float, default=VAR_SMOOTHING
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

    def __init__(self, var_smoothing: float = VAR_SMOOTHING) -> None:
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


def make_discriminative(
    lr_C: float, feature: str = X_FEATURE, n_categories: tuple[int, ...] | None = None
) -> BaseEstimator:
    """Return the study's logistic regression on the feature map ``feature`` of the inputs.

    Parameters
    ----------
    lr_C : float
        Inverse L2 strength.
    feature : str
        ``X_FEATURE`` (the inputs as they are) or ``ONEHOT_FEATURE`` (one-hot encoding of
        category codes ``0..k_j - 1``, then logistic regression).
    n_categories : tuple of int, optional
        Required by ``ONEHOT_FEATURE``.

    Returns
    -------
    sklearn estimator
        :func:`make_logistic_regression`, behind a one-hot encoder for ``ONEHOT_FEATURE``.
    """
    lr = make_logistic_regression(lr_C)
    if feature == X_FEATURE:
        return lr
    if feature != ONEHOT_FEATURE:
        raise ValueError(f"logistic regression takes the feature map x or onehot, got {feature!r}")
    encoder = OneHotEncoder(
        categories=[np.arange(k, dtype=np.float64) for k in check_categories(n_categories)],
        sparse_output=False,
        handle_unknown="error",
    )
    return Pipeline([("onehot", encoder), ("lr", lr)])


def make_shared_variance_nb(n_categories: tuple[int, ...] | None = None) -> SharedVarianceNB:
    """Ng & Jordan's Gaussian naive Bayes (``n_categories`` is ignored)."""
    return SharedVarianceNB()


def make_gaussian_nb(n_categories: tuple[int, ...] | None = None) -> GaussianNB:
    """scikit-learn's GaussianNB (``n_categories`` is ignored)."""
    return GaussianNB()


def make_lda(n_categories: tuple[int, ...] | None = None) -> LinearDiscriminantAnalysis:
    """LDA with the SVD solver (``n_categories`` is ignored).

    The SVD solver never forms or inverts the covariance: it keeps the directions whose
    singular value (standardised within-class data / sqrt(m)) exceeds LDA_TOL, i.e. it uses a
    pseudo-inverse of the ML pooled covariance, defined when m <= n.
    """
    return LinearDiscriminantAnalysis(solver="svd", tol=LDA_TOL)


def make_categorical_nb(n_categories: tuple[int, ...] | None = None) -> CategoricalNB:
    """Discrete naive Bayes with Laplace smoothing over codes ``0..k_j - 1`` (required)."""
    ks = check_categories(n_categories)
    return CategoricalNB(alpha=LAPLACE_ALPHA, min_categories=np.array(ks))


def make_prior_only() -> BaseEstimator:
    """The prior-only classifier: the limit of LDA's SVD solver with no retained direction."""
    return DummyClassifier(strategy="prior")


def fit_counting(estimator: BaseEstimator, X: np.ndarray, y: np.ndarray):
    """Fit, returning (fitted estimator, number of warnings raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimator.fit(X, y)
    return estimator, len(caught)


def predict_ties_to_0(estimator: BaseEstimator, X: np.ndarray) -> np.ndarray:
    """Class-1 predictions of a fitted scikit-learn estimator with the study's tie rule.

    Class 1 iff its log-odds exceed ``TIE_RTOL * (1 + s)``, s the scale of the terms that
    were summed (the joint log-likelihoods for discrete naive Bayes, ``|x| @ |w| + |b|`` for
    linear models): a point on the decision boundary up to rounding goes to class 0, as in
    the fast engine. (``estimator.predict`` would break such ties, frequent on discrete data,
    by rounding noise.)
    """
    if isinstance(estimator, CategoricalNB):  # discrete naive Bayes: exact ties are common
        jll = estimator.predict_joint_log_proba(X)
        d, scale = jll[:, 1] - jll[:, 0], np.abs(jll).sum(axis=1)
    elif hasattr(estimator, "predict_joint_log_proba"):
        # Gaussian naive Bayes: a tie needs a continuous input on the boundary (probability
        # 0), and the per-class log-likelihoods hold large terms that cancel in their
        # difference, so they are no scale for rounding: argmax (ties to class 0) it is
        return estimator.predict(X) == 1
    else:
        features, linear = (
            (estimator[:-1].transform(X), estimator[-1])
            if isinstance(estimator, Pipeline)
            else (X, estimator)
        )
        if hasattr(linear, "coef_"):  # logistic regression, LDA
            d = linear.decision_function(features)
            scale = np.abs(features) @ np.abs(linear.coef_).ravel() + abs(linear.intercept_[0])
        else:  # the prior-only stand-in for degenerate LDA
            logp = np.log(estimator.predict_proba(X))
            d, scale = logp[:, 1] - logp[:, 0], np.abs(logp).sum(axis=1)
    return d > TIE_RTOL * (1.0 + scale)
