"""Separation of in- from out-of-distribution inputs by a score: the AUROC."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score


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
    return float(roc_auc_score(labels, np.r_[scores_in, scores_out]))
