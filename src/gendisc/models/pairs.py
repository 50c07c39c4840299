"""The registry of model pairs: a generative classifier and its discriminative partner.

A *pair* couples a generative model with the logistic regression (LR) that has the same
hypothesis class (Ng & Jordan, 2001). Both models of a pair are always fitted on the same
training set and scored on the same test set.

A :class:`Pair` owns its behaviour: the kind of data it accepts (:meth:`Pair.accepts`), its
scikit-learn reference estimators (:meth:`Pair.make_estimators`, :meth:`Pair.fit_reference`)
and its fast batched fit (:meth:`Pair.fit_fast`, whose fitted models
:mod:`gendisc.models.fast_predict` scores). Nothing outside :mod:`gendisc.models` needs to
know a pair by its name: adding a pair is one entry of :data:`PAIRS` (its contract tests in
``tests/models/test_pair_contract.py`` run over every entry). scikit-learn is imported only
when a reference estimator is asked for.

Logistic regression everywhere uses *vanishing L2* (:mod:`gendisc.models.constants`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gendisc.data.kinds import CONTINUOUS, DISCRETE, KINDS
from gendisc.models import fast_fit
from gendisc.models.checks import check_codes, check_finite, check_lr_C, no_within_class_scatter
from gendisc.models.constants import DEFAULT_LR_C
from gendisc.models.linear_batch import ONEHOT_FEATURE, X_FEATURE, LinearBatch, featurize

#: a fast generative fit: (X (R, m, n), y (R, m), n_categories) -> LinearBatch
FastFit = Callable[[np.ndarray, np.ndarray, "tuple[int, ...] | None"], LinearBatch]
#: a reference factory: n_categories -> a fresh, unfitted scikit-learn estimator
ReferenceFactory = Callable[["tuple[int, ...] | None"], Any]


# scikit-learn reference factories, imported only when used (the fast engine's jobs never
# import scikit-learn)
def _shared_variance_nb(n_categories: tuple[int, ...] | None) -> Any:
    from gendisc.models import estimators

    return estimators.make_shared_variance_nb(n_categories)


def _gaussian_nb(n_categories: tuple[int, ...] | None) -> Any:
    from gendisc.models import estimators

    return estimators.make_gaussian_nb(n_categories)


def _lda(n_categories: tuple[int, ...] | None) -> Any:
    from gendisc.models import estimators

    return estimators.make_lda(n_categories)


def _categorical_nb(n_categories: tuple[int, ...] | None) -> Any:
    from gendisc.models import estimators

    return estimators.make_categorical_nb(n_categories)


@dataclass(frozen=True)
class Pair:
    """A generative model and its discriminative partner, with their implementations.

    Attributes
    ----------
    name : str
        Registry key.
    kind : str
        ``"continuous"`` or ``"discrete"`` (:mod:`gendisc.data.kinds`): the data the pair
        applies to. Discrete data hold integer category codes ``0..k_j - 1`` stored as float64.
    generative, discriminative : str
        Model names (the ``model`` column of the results table).
    label : str
        Short name of the generative model for figure legends.
    description : str
        One sentence for the report.
    faithful : bool
        True for Ng & Jordan's own pairs. Figures draw a faithful pair as the paper does (both
        models); of another pair only its generative model, beside the faithful pair's.
    deviation : str
        Empty, or the sentence the report prints about how the pair departs from the paper.
    reference : callable
        ``n_categories -> estimator``: a fresh scikit-learn generative estimator.
    fast_fit : callable
        ``(X, y, n_categories) -> LinearBatch``: the generative model on R replicates at once.
    lr_feature : str
        The feature map logistic regression sees: the inputs (``X_FEATURE``) or their one-hot
        encoding (``ONEHOT_FEATURE``).
    prior_only_when : callable or None
        ``(X, y) -> bool``: training sets on which the reference generative estimator cannot
        be fitted and its limit, the prior-only classifier, is used (one warning counted).
    linear_rules : bool
        Both models decide by an affine function ``w . x + b`` of the inputs themselves, so
        their test errors on Gaussian classes have a closed form
        (:func:`gendisc.models.engine.evaluate_pair_exact`).
    """

    name: str
    kind: str
    generative: str
    discriminative: str
    label: str
    description: str
    faithful: bool
    deviation: str
    reference: ReferenceFactory
    fast_fit: FastFit
    lr_feature: str = X_FEATURE
    prior_only_when: Callable[[np.ndarray, np.ndarray], bool] | None = None
    linear_rules: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"pair {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.lr_feature not in (X_FEATURE, ONEHOT_FEATURE):
            raise ValueError(f"pair {self.name!r}: unknown lr_feature {self.lr_feature!r}")

    # ------------------------------------------------------------------------ data it accepts

    def accepts(self, kind: str) -> bool:
        """True if the pair fits data of ``kind`` (``"continuous"`` or ``"discrete"``)."""
        return self.kind == kind

    def check_accepts(self, kind: str, source: str) -> None:
        """Raise ValueError unless the pair fits ``kind`` data; ``source`` names the data."""
        if not self.accepts(kind):
            raise ValueError(f"pair {self.name!r} fits {self.kind} data but {source} is {kind}")

    def check_inputs(
        self, X: np.ndarray, name: str, n_categories: tuple[int, ...] | None
    ) -> tuple[int, ...] | None:
        """Check inputs X (..., n) for this pair; return the categories per feature (or None).

        Raises
        ------
        ValueError
            If X holds a non-finite value, or (discrete pairs) ``n_categories`` does not give
            one count per feature or X holds anything but codes ``0..k_j - 1``.
        """
        check_finite(X, name)
        if self.kind != DISCRETE:
            return None
        return check_codes(X, name, self.name, n_categories)

    # ------------------------------------------------------------------------ reference

    def make_estimators(
        self, *, lr_C: float, n_categories: tuple[int, ...] | None = None
    ) -> tuple[Any, Any]:
        """Return fresh, unfitted scikit-learn estimators ``(generative, discriminative)``.

        Parameters
        ----------
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
        from gendisc.models import estimators

        disc = estimators.make_discriminative(lr_C, self.lr_feature, n_categories)
        return self.reference(n_categories), disc

    def fit_reference(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        lr_C: float = DEFAULT_LR_C,
        n_categories: tuple[int, ...] | None = None,
    ) -> tuple[Any, Any, int, int]:
        """Fit the scikit-learn estimators on one training set, counting their warnings.

        Returns
        -------
        (generative, discriminative, n_warnings_generative, n_warnings_discriminative)
        """
        from gendisc.models import estimators

        gen, disc = self.make_estimators(lr_C=lr_C, n_categories=n_categories)
        if self.prior_only_when is not None and self.prior_only_when(X, y):
            gen, w_gen = estimators.fit_counting(estimators.make_prior_only(), X, y)
            w_gen += 1  # the reference cannot be fitted: its limit, counted as a warning
        else:
            gen, w_gen = estimators.fit_counting(gen, X, y)
        disc, w_disc = estimators.fit_counting(disc, X, y)
        return gen, disc, w_gen, w_disc

    # ------------------------------------------------------------------------ fast engine

    def fit_fast(
        self,
        X_train: np.ndarray,
        y_train: np.ndarray,
        *,
        lr_C: float = DEFAULT_LR_C,
        n_categories: tuple[int, ...] | None = None,
    ) -> tuple[LinearBatch, LinearBatch]:
        """Fit both models on R replicates at once with the fast engine.

        Parameters
        ----------
        X_train : ndarray of shape (R, m, n)
        y_train : ndarray of shape (R, m)
            Labels in {0, 1}, both classes present in every replicate (not checked here).
        lr_C : float
            Inverse L2 strength of logistic regression.
        n_categories : tuple of int, optional
            Categories per feature (discrete pairs).

        Returns
        -------
        (LinearBatch, LinearBatch)
            The generative and the discriminative model; their decision functions are the
            log posterior odds of class 1 as scikit-learn computes them.
        """
        X = np.asarray(X_train, dtype=np.float64)
        y = np.asarray(y_train, dtype=np.float64)
        gen = self.fast_fit(X, y, n_categories)
        Phi = featurize(self.lr_feature, X, n_categories)
        coef, intercept, conv = fast_fit.fit_logistic_batch(Phi, y, lr_C=check_lr_C(lr_C))
        disc = LinearBatch(self.lr_feature, coef, intercept, (~conv).astype(np.int64))
        return gen, disc


PAIRS: dict[str, Pair] = {
    "nb_lr": Pair(
        name="nb_lr",
        kind=CONTINUOUS,
        generative="shared_variance_nb",
        discriminative="logistic_regression",
        label="shared-variance NB",
        description=(
            "Gaussian naive Bayes with one variance per feature shared by both classes "
            "(maximum-likelihood estimates) vs logistic regression, Ng & Jordan's continuous pair."
        ),
        faithful=True,
        deviation="",
        reference=_shared_variance_nb,
        fast_fit=fast_fit.fit_shared_variance_nb,
        linear_rules=True,
    ),
    "gnb_lr": Pair(
        name="gnb_lr",
        kind=CONTINUOUS,
        generative="gaussian_nb",
        discriminative="logistic_regression",
        label="GaussianNB",
        description=(
            "scikit-learn's GaussianNB (one variance per feature and class) vs logistic "
            "regression, the practitioners' version of the continuous pair."
        ),
        faithful=False,
        deviation=(
            "GaussianNB estimates a variance per class, so its decision boundary is quadratic "
            "and it is not the generative partner of logistic regression in Ng & Jordan's sense."
        ),
        reference=_gaussian_nb,
        fast_fit=fast_fit.fit_gaussian_nb,
    ),
    "bnb_lr": Pair(
        name="bnb_lr",
        kind=DISCRETE,
        generative="categorical_nb",
        discriminative="logistic_regression",
        label="discrete NB",
        description=(
            "Discrete naive Bayes with Laplace smoothing (l = 1) on category codes vs logistic "
            "regression on the one-hot encoding, Ng & Jordan's discrete pair."
        ),
        faithful=True,
        deviation="",
        reference=_categorical_nb,
        fast_fit=fast_fit.fit_categorical_nb,
        lr_feature=ONEHOT_FEATURE,
    ),
    "lda_lr": Pair(
        name="lda_lr",
        kind=CONTINUOUS,
        generative="lda",
        discriminative="logistic_regression",
        label="LDA",
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
        reference=_lda,
        fast_fit=fast_fit.fit_lda,
        prior_only_when=no_within_class_scatter,
        linear_rules=True,
    ),
}


def get_pair(name: str) -> Pair:
    """The pair registered as ``name``; ValueError naming the known pairs otherwise."""
    if name not in PAIRS:
        raise ValueError(f"unknown pair {name!r}; known: {sorted(PAIRS)}")
    return PAIRS[name]


def pairs_for(kind: str, among: Iterable[str] | None = None) -> list[str]:
    """The pairs (of ``among``, default every registered pair, in its order) that fit ``kind``.

    The one place that matches pairs to kinds of data (synthetic families, UCI datasets).
    """
    names = list(PAIRS) if among is None else list(among)
    return [name for name in names if get_pair(name).accepts(kind)]
