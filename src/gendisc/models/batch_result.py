"""The result of fitting and scoring a model pair on a batch of replicates (both engines)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BatchResult:
    """Test errors of a pair on R replicates.

    Attributes
    ----------
    test_error : ndarray of shape (R, 2)
        Misclassification rate, columns ``[generative, discriminative]``.
    n_test : ndarray of shape (R,), int64
        Number of test examples of each replicate.
    separable : ndarray of shape (R,), bool
        Under the ``max_margin`` rule: the fitted LR classifies every training example
        correctly. Under ``random_separator``: exact separability (a linear program).
    n_warnings : ndarray of shape (R, 2), int64
        Warnings raised (sklearn: while fitting, and while predicting for the generative
        model) or detected (fast: Newton not converged, degenerate LDA, GaussianNB on a
        training set whose features are all constant) for each model.
    max_margin_error : ndarray of shape (R,) or None
        Under ``random_separator``: the test error of the max-margin LR fit of the same
        training sets (the fit before the rule replaces it; no random draws). ``None`` under
        ``max_margin`` (then it is ``test_error[:, 1]``).
    only_wrong : ndarray of shape (R, 2), int64, or None
        Test examples that only the generative (column 0) or only the discriminative model
        (column 1) misclassifies: the discordant counts of the paired comparison on the shared
        test set (:func:`evaluate_pair` fills them).
    """

    test_error: np.ndarray
    n_test: np.ndarray
    separable: np.ndarray
    n_warnings: np.ndarray
    max_margin_error: np.ndarray | None = None
    only_wrong: np.ndarray | None = None


__all__ = ["BatchResult"]
