"""Novelty scores of unusual inputs and their AUROC (higher score = more unusual):

* ``neg_log_density``: ``−log p̂(x)`` under the pair's fitted Gaussian (the generative score);
* ``lr_confidence``: ``1 − max_k p̂(y = k | x)`` of logistic regression (the discriminative one);
* ``mahalanobis``: distance to the nearest class mean under the pooled covariance fitted to
  the training inputs (a feature-space baseline that needs no density model of the classifier).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gendisc.models import gaussian
from gendisc.models.gaussian import GaussianFit

#: Variance added to every feature, relative to the largest variance (as scikit-learn's
#: GaussianNB), so that a feature constant in training keeps a finite density.
VAR_SMOOTHING = 1e-9


def smoothed_fit(X: np.ndarray, y: np.ndarray, *, diagonal: bool) -> GaussianFit:
    """The pair's Gaussian with ``VAR_SMOOTHING`` times the largest variance on its diagonal."""
    fit = gaussian.fit_gaussian(X, y, diagonal=diagonal)
    var = fit.cov if diagonal else np.diag(fit.cov)
    eps = VAR_SMOOTHING * (float(var.max()) or 1.0)
    cov = fit.cov + eps if diagonal else fit.cov + eps * np.eye(fit.cov.shape[0])
    return GaussianFit(fit.priors, fit.means, cov)


def neg_log_density(X_train, y_train, X_test, *, diagonal: bool, lr_C: float) -> np.ndarray:
    """``−log p̂(x)`` under the generative model fitted to the training data."""
    return -gaussian.log_density(smoothed_fit(X_train, y_train, diagonal=diagonal), X_test)


def lr_confidence(X_train, y_train, X_test, *, diagonal: bool, lr_C: float) -> np.ndarray:
    """``1 − max_k p̂(y = k | x)`` of logistic regression fitted to the training data."""
    from gendisc.models.estimators import make_logistic_regression  # scikit-learn: jobs only

    lr = make_logistic_regression(lr_C).fit(X_train, y_train)
    return 1.0 - lr.predict_proba(X_test).max(axis=1)


def mahalanobis(X_train, y_train, X_test, *, diagonal: bool, lr_C: float) -> np.ndarray:
    """Distance to the nearest class mean, ``min_k sqrt((x − μ_k)ᵀ Σ⁺ (x − μ_k))``, with the
    full pooled covariance of the training inputs (pseudo-inverse when singular)."""
    fit = smoothed_fit(X_train, y_train, diagonal=False)
    inv, _, _ = gaussian._pinv_logdet(fit.cov)
    diff = np.asarray(X_test, dtype=np.float64)[:, None, :] - fit.means[None]
    d2 = np.einsum("ski,ij,skj->sk", diff, inv, diff)
    return np.sqrt(np.maximum(d2.min(axis=1), 0.0))


#: Score functions by name, and whether each belongs to the generative side.
SCORES: dict[str, tuple[Callable[..., np.ndarray], str]] = {
    "neg_log_density": (neg_log_density, "generative"),
    "lr_confidence": (lr_confidence, "discriminative"),
    "mahalanobis": (mahalanobis, "baseline"),
}


def auroc(scores_in: np.ndarray, scores_out: np.ndarray) -> float:
    """Area under the ROC curve of a score that should be higher on unusual inputs.

    Parameters
    ----------
    scores_in, scores_out : numpy.ndarray
        Scores of in-distribution and out-of-distribution test inputs (both non-empty).

    Returns
    -------
    float
        ``P(score_out > score_in) + P(tie) / 2`` (scikit-learn's ``roc_auc_score``): 1 for a
        perfect score, 0.5 for an uninformative one.
    """
    scores_in = np.asarray(scores_in, dtype=np.float64).ravel()
    scores_out = np.asarray(scores_out, dtype=np.float64).ravel()
    if scores_in.size == 0 or scores_out.size == 0:
        raise ValueError("auroc needs at least one in- and one out-of-distribution score")
    if not (np.isfinite(scores_in).all() and np.isfinite(scores_out).all()):
        raise ValueError("auroc needs finite scores")
    labels = np.r_[np.zeros(scores_in.size), np.ones(scores_out.size)]
    from sklearn.metrics import roc_auc_score  # lazily: the DAG never needs it

    return float(roc_auc_score(labels, np.r_[scores_in, scores_out]))
