"""Model pairs: a generative classifier and its discriminative partner.

A *pair* couples a generative model with the logistic regression (LR) that has the same
hypothesis class (Ng & Jordan, 2001). Both models of a pair are always fitted on the same
training set and scored on the same test set.

The registry :data:`PAIRS` lists the pairs; :func:`make_estimators` returns fresh
scikit-learn estimators for a pair (the reference implementation, used by the ``sklearn``
engine of :mod:`gendisc.engine`).

Logistic regression everywhere uses *vanishing L2*: Ng & Jordan's LR is unregularised,
which has no minimiser on a linearly separable training set (common at small m). We
minimise ``0.5 * ||w||^2 + C * sum(logloss)`` with a large ``C`` (intercept not
penalised), solved to a tight tolerance by scikit-learn's Newton-Cholesky solver.

sklearn lacks the Gaussian naive Bayes of Ng & Jordan, whose per-feature variance is
shared by the two classes (diagonal LDA); :class:`SharedVarianceNB` implements it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg.blas import dsyrk
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import CategoricalNB, GaussianNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

#: Solver tolerance of logistic regression (max |gradient| of the mean loss, and half the
#: squared Newton decrement); shared by both engines.
LR_TOL = 1e-10
#: Maximum number of Newton iterations of logistic regression; shared by both engines.
LR_MAX_ITER = 200
#: Laplace smoothing of the discrete naive Bayes (Ng & Jordan use l = 1).
LAPLACE_ALPHA = 1.0
#: Singular-value threshold of LDA's SVD solver (sklearn's default ``tol``).
LDA_TOL = 1e-4


@dataclass(frozen=True)
class Pair:
    """A generative model and its discriminative partner.

    Attributes
    ----------
    name : str
        Registry key.
    kind : str
        ``"continuous"`` or ``"discrete"``: the data the pair applies to. Discrete data hold
        integer category codes ``0..k_j - 1`` stored as float64.
    generative, discriminative : str
        Model names (the ``model`` column of the results table).
    description : str
        One sentence for the report.
    faithful : bool
        True for Ng & Jordan's own pairs.
    deviation : str
        Empty, or the sentence the report prints about how the pair departs from the paper.
    """

    name: str
    kind: str
    generative: str
    discriminative: str
    description: str
    faithful: bool
    deviation: str


PAIRS: dict[str, Pair] = {
    "nb_lr": Pair(
        name="nb_lr",
        kind="continuous",
        generative="shared_variance_nb",
        discriminative="logistic_regression",
        description=(
            "Gaussian naive Bayes with one variance per feature shared by both classes "
            "(maximum-likelihood estimates) vs logistic regression, Ng & Jordan's continuous pair."
        ),
        faithful=True,
        deviation="",
    ),
    "gnb_lr": Pair(
        name="gnb_lr",
        kind="continuous",
        generative="gaussian_nb",
        discriminative="logistic_regression",
        description=(
            "scikit-learn's GaussianNB (one variance per feature and class) vs logistic "
            "regression, the practitioners' version of the continuous pair."
        ),
        faithful=False,
        deviation=(
            "GaussianNB estimates a variance per class, so its decision boundary is quadratic "
            "and it is not the generative partner of logistic regression in Ng & Jordan's sense."
        ),
    ),
    "bnb_lr": Pair(
        name="bnb_lr",
        kind="discrete",
        generative="categorical_nb",
        discriminative="logistic_regression",
        description=(
            "Discrete naive Bayes with Laplace smoothing (l = 1) on category codes vs logistic "
            "regression on the one-hot encoding, Ng & Jordan's discrete pair."
        ),
        faithful=True,
        deviation="",
    ),
    "lda_lr": Pair(
        name="lda_lr",
        kind="continuous",
        generative="lda",
        discriminative="logistic_regression",
        description=(
            "Linear discriminant analysis with a full pooled covariance (maximum likelihood; "
            "SVD solver, a pseudo-inverse when the covariance is singular) vs logistic "
            "regression, Efron's (1975) comparison."
        ),
        faithful=False,
        deviation=(
            "LDA models feature correlations, so it is Efron's (1975) generative partner of "
            "logistic regression rather than Ng & Jordan's naive Bayes."
        ),
    ),
}


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
        if not (_is_number(self.var_smoothing) and float(self.var_smoothing) >= 0):
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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def check_lr_C(lr_C: object) -> float:
    """Return ``lr_C`` as a float; raise ValueError unless it is a finite number > 0."""
    if not (_is_number(lr_C) and np.isfinite(lr_C) and float(lr_C) > 0):
        raise ValueError(f"lr_C must be a finite number > 0, got {lr_C!r}")
    return float(lr_C)


def _check_categories(n_categories: tuple[int, ...] | None) -> tuple[int, ...]:
    if n_categories is None or len(n_categories) == 0:
        raise ValueError(f"discrete pairs need n_categories, got {n_categories!r}")
    ks = tuple(int(k) for k in n_categories)
    if any(k < 1 or k != kk for k, kk in zip(ks, n_categories, strict=True)):
        raise ValueError(f"n_categories must hold integers >= 1, got {n_categories!r}")
    return ks


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
    ks = _check_categories(n_categories)
    nb = CategoricalNB(alpha=LAPLACE_ALPHA, min_categories=np.array(ks))
    encoder = OneHotEncoder(
        categories=[np.arange(k, dtype=np.float64) for k in ks],
        sparse_output=False,
        handle_unknown="error",
    )
    return nb, Pipeline([("onehot", encoder), ("lr", lr)])


# --------------------------------------------------------------------------- batched fits
# The fast engine's generative estimates: the same maximum-likelihood estimates as the
# estimators above, for R replicates at once (X (R, m, n), y (R, m) in {0., 1.}), returned
# as the linear decision function they define.

#: GaussianNB's default var_smoothing (SharedVarianceNB uses the same)
VAR_SMOOTHING = 1e-9
#: m * p**2 from which Gram matrices are formed replicate by replicate with BLAS syrk
GRAM_LOOP_MIN = 20_000


@dataclass(frozen=True)
class LinearBatch:
    """One model fitted on R replicates, as a linear function of a feature map.

    The decision function (log odds of class 1 for the generative models) of replicate r
    is ``phi(x) @ coef[r] + intercept[r]``.

    Attributes
    ----------
    feature : str
        ``"x"``, ``"x_x2"`` (``[x, x**2]``) or ``"onehot"``. For ``"x_x2"`` coef holds ``[a, c]`` with
        ``phi(x) @ coef = x @ a + x**2 @ c``; for ``"onehot"`` coef has one entry per
        (feature, category), features in order.
    coef : ndarray of shape (R, d)
    intercept : ndarray of shape (R,)
    n_warnings : ndarray of shape (R,), int64
    """

    feature: str
    coef: np.ndarray
    intercept: np.ndarray
    n_warnings: np.ndarray


def batch_gram(B: np.ndarray) -> np.ndarray:
    """Batched ``B[r].T @ B[r]`` for B (R, m, p) -> (R, p, p), symmetric.

    Large blocks go through BLAS ``syrk`` one replicate at a time (half the flops of a
    general product); numpy's stacked matmul is faster for small blocks.
    """
    R, m, p = B.shape
    if m * p * p < GRAM_LOOP_MIN:
        return np.matmul(B.transpose(0, 2, 1), B)
    out = np.empty((R, p, p))
    upper = np.triu_indices(p, 1)
    for r in range(R):
        h = dsyrk(1.0, B[r].T)  # upper triangle of B[r].T @ B[r]
        h[upper[1], upper[0]] = h[upper]
        out[r] = h
    return out


def onehot(X: np.ndarray, ks: tuple[int, ...]) -> np.ndarray:
    """One-hot indicators of codes X (..., n) -> (..., sum(ks))."""
    offsets = np.concatenate([[0], np.cumsum(ks)[:-1]])
    idx = X.astype(np.int64) + offsets
    out = np.zeros((*X.shape[:-1], int(np.sum(ks))))
    np.put_along_axis(out, idx, 1.0, axis=-1)
    return out


def _class_means(X: np.ndarray, y: np.ndarray):
    n1 = y.sum(axis=1)
    n0 = y.shape[1] - n1
    mu1 = np.einsum("rm,rmn->rn", y, X) / n1[:, None]
    mu0 = np.einsum("rm,rmn->rn", 1.0 - y, X) / n0[:, None]
    resid = X - np.where(y[:, :, None] > 0, mu1[:, None, :], mu0[:, None, :])
    return n0, n1, mu0, mu1, resid


def _epsilon(X: np.ndarray) -> np.ndarray:
    max_var = np.max(np.var(X, axis=1), axis=1)
    return VAR_SMOOTHING * np.where(max_var > 0, max_var, 1.0)


def _fit_shared_variance_nb(X, y) -> LinearBatch:
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    var = np.mean(resid**2, axis=1) + _epsilon(X)[:, None]
    coef = (mu1 - mu0) / var
    intercept = -0.5 * np.sum(coef * (mu1 + mu0), axis=1) + np.log(n1 / n0)
    return LinearBatch("x", coef, intercept, np.zeros(len(X), np.int64))


def _fit_gaussian_nb(X, y) -> LinearBatch:
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    sq = resid**2
    eps = VAR_SMOOTHING * np.max(np.var(X, axis=1), axis=1)
    degenerate = eps == 0  # every feature constant: sklearn divides 0 by 0 here
    eps = np.where(degenerate, VAR_SMOOTHING, eps)
    var1 = np.einsum("rm,rmn->rn", y, sq) / n1[:, None] + eps[:, None]
    var0 = np.einsum("rm,rmn->rn", 1.0 - y, sq) / n0[:, None] + eps[:, None]
    a = mu1 / var1 - mu0 / var0
    c = -0.5 * (1.0 / var1 - 1.0 / var0)
    intercept = (
        -0.5 * np.sum(np.log(var1 / var0), axis=1)
        - 0.5 * np.sum(mu1**2 / var1 - mu0**2 / var0, axis=1)
        + np.log(n1 / n0)
    )
    return LinearBatch(
        "x_x2", np.concatenate([a, c], axis=1), intercept, degenerate.astype(np.int64)
    )


def _fit_lda(X, y) -> LinearBatch:
    """LDA as sklearn's SVD solver computes it: a thresholded pseudo-inverse of the ML
    pooled covariance, in coordinates standardised by the pooled standard deviations."""
    R, m, _ = X.shape
    n0, n1, mu0, mu1, resid = _class_means(X, y)
    std = np.sqrt(np.mean(resid**2, axis=1))
    std = np.where(std == 0, 1.0, std)
    gram = batch_gram(resid / std[:, None, :]) / m  # (R, n, n), eigenvalues = S**2
    lam, V = np.linalg.eigh(gram)
    keep = lam > LDA_TOL**2
    inv = np.where(keep, 1.0 / np.where(keep, lam, 1.0), 0.0)
    diff = (mu1 - mu0) / std
    proj = np.einsum("rnk,rn->rk", V, diff) * inv
    coef = np.einsum("rnk,rk->rn", V, proj) / std
    intercept = -0.5 * np.sum(coef * (mu1 + mu0), axis=1) + np.log(n1 / n0)
    n_warn = np.full(R, int(m <= 2), np.int64)
    return LinearBatch("x", coef, intercept, n_warn)


def _fit_categorical_nb(onehot, y, ks: tuple[int, ...]) -> LinearBatch:
    n1 = y.sum(axis=1)
    n0 = y.shape[1] - n1
    c1 = np.einsum("rm,rmd->rd", y, onehot)
    c0 = np.einsum("rm,rmd->rd", 1.0 - y, onehot)
    k = np.repeat(np.asarray(ks, dtype=np.float64), ks)
    logp1 = np.log(c1 + LAPLACE_ALPHA) - np.log(n1[:, None] + LAPLACE_ALPHA * k)
    logp0 = np.log(c0 + LAPLACE_ALPHA) - np.log(n0[:, None] + LAPLACE_ALPHA * k)
    return LinearBatch("onehot", logp1 - logp0, np.log(n1 / n0), np.zeros(len(y), np.int64))


def fit_generative_batch(
    pair: str, X: np.ndarray, y: np.ndarray, n_categories: tuple[int, ...] | None = None
) -> LinearBatch:
    """Fit the generative model of a pair on R replicates at once.

    Parameters
    ----------
    pair : str
        A key of :data:`PAIRS`.
    X : ndarray of shape (R, m, n)
        Inputs (category codes for discrete pairs).
    y : ndarray of shape (R, m)
        Labels 0./1.; both classes in every replicate (not checked here).
    n_categories : tuple of int, optional
        Required by discrete pairs.

    Returns
    -------
    LinearBatch
        Its decision function is the log posterior odds of class 1, as sklearn computes it
        (``predict_joint_log_proba`` difference, or LDA's ``decision_function``).
    """
    if pair == "nb_lr":
        return _fit_shared_variance_nb(X, y)
    if pair == "gnb_lr":
        return _fit_gaussian_nb(X, y)
    if pair == "lda_lr":
        return _fit_lda(X, y)
    if pair == "bnb_lr":
        ks = _check_categories(n_categories)
        return _fit_categorical_nb(onehot(X, ks), y, ks)
    raise ValueError(f"unknown pair {pair!r}; known: {sorted(PAIRS)}")


__all__ = [
    "GRAM_LOOP_MIN",
    "LAPLACE_ALPHA",
    "LDA_TOL",
    "LR_MAX_ITER",
    "LR_TOL",
    "PAIRS",
    "VAR_SMOOTHING",
    "LinearBatch",
    "Pair",
    "SharedVarianceNB",
    "batch_gram",
    "check_lr_C",
    "fit_generative_batch",
    "make_estimators",
    "make_logistic_regression",
    "onehot",
]
