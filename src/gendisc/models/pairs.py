"""The registry of model pairs: a generative classifier and its discriminative partner.

A *pair* couples a generative model with the logistic regression (LR) that has the same
hypothesis class (Ng & Jordan, 2001). Both models of a pair are always fitted on the same
training set and scored on the same test set. This module needs no scikit-learn: the
estimators live in :mod:`gendisc.models.estimators`, the vectorised fits in :mod:`gendisc.models.fast`.

Logistic regression everywhere uses *vanishing L2*: Ng & Jordan's LR is unregularised,
which has no minimiser on a linearly separable training set (common at small m). We
minimise ``0.5 * ||w||^2 + C * sum(logloss)`` with a large ``C`` (intercept not
penalised), solved to a tight tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


def is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def check_lr_C(lr_C: object) -> float:
    """Return ``lr_C`` as a float; raise ValueError unless it is a finite number > 0."""
    if not (is_number(lr_C) and np.isfinite(lr_C) and float(lr_C) > 0):
        raise ValueError(f"lr_C must be a finite number > 0, got {lr_C!r}")
    return float(lr_C)


def check_categories(n_categories: tuple[int, ...] | None) -> tuple[int, ...]:
    if n_categories is None or len(n_categories) == 0:
        raise ValueError(f"discrete pairs need n_categories, got {n_categories!r}")
    ks = tuple(int(k) for k in n_categories)
    if any(k < 1 or k != kk for k, kk in zip(ks, n_categories, strict=True)):
        raise ValueError(f"n_categories must hold integers >= 1, got {n_categories!r}")
    return ks
