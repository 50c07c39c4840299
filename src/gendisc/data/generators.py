"""Synthetic data generators with a known joint distribution P(x, y).

Every family draws ``y ~ Bernoulli(prior)`` and then ``x | y`` from a known class-conditional
distribution of dimension ``n``. A *misspecification level* in ``[0, 1]`` controls how far the
family departs from the naive Bayes assumptions: at level 0 the features are exactly
independent given the class (and, for the Gaussian families, share one diagonal covariance);
larger levels violate this more.

``separation`` is comparable across families: it is the Mahalanobis distance ``Δ`` between the
class means under the within-class covariance of the level-0 member, so at level 0 every
continuous family is the same pair of spherical Gaussians with Bayes error
``prior Φ((t - Δ²/2)/Δ) + (1 - prior) Φ((-t - Δ²/2)/Δ)``, ``t = log((1 - prior)/prior)``.
How each family uses ``separation`` at level > 0 is stated in its ``description``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gendisc.data import families as fam
from gendisc.data import tilted
from gendisc.data.families import (
    LATENT_MAX,
    NU_MIN,
    R_MAX,
    RHO_MAX,
    SIGMA_COPY,
    GaussianParameters,
    gaussian_bayes_error,
)

__all__ = [
    "FAMILIES",
    "FAMILY_NAMES",
    "LATENT_MAX",
    "NU_MIN",
    "RHO_MAX",
    "R_MAX",
    "SIGMA_COPY",
    "Family",
    "GaussianParameters",
    "Setting",
    "draw_labels",
    "gaussian_bayes_error",
    "gaussian_parameters",
    "n_categories",
    "sample",
]


@dataclass(frozen=True)
class Setting:
    """One synthetic setting: a family and its parameters.

    Attributes
    ----------
    family : str
        Key of :data:`FAMILIES`.
    n_features : int
        Input dimension ``n`` (at least the family's ``min_features``).
    level : float
        Misspecification level in ``[0, 1]``; 0 means the naive Bayes assumptions hold exactly.
    separation : float
        Class separation ``Δ > 0`` (see the module docstring and the family's description).
    prior : float
        ``P(y = 1)``, in ``(0, 1)``.
    """

    family: str
    n_features: int
    level: float
    separation: float = 2.0
    prior: float = 0.5

    def __post_init__(self) -> None:
        if not isinstance(self.family, str) or self.family not in FAMILIES:
            raise ValueError(f"family must be one of {FAMILY_NAMES}, got {self.family!r}")
        n = self.n_features
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise ValueError(f"n_features must be an integer, got {n!r}")
        min_n = FAMILIES[self.family].min_features
        if n < min_n:
            raise ValueError(f"n_features must be >= {min_n} for {self.family}, got {n}")
        object.__setattr__(self, "n_features", int(n))
        for name, low, high, closed in (
            ("level", 0.0, 1.0, True),
            ("prior", 0.0, 1.0, False),
            ("separation", 0.0, math.inf, False),
        ):
            value = getattr(self, name)
            allowed = f"[{low:g}, {high:g}]" if closed else f"({low:g}, {high:g})"
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"{name} must be a real number in {allowed}, got {value!r}")
            value = float(value)
            ok = low <= value <= high if closed else low < value < high
            if not (ok and math.isfinite(value)):
                raise ValueError(f"{name} must be a finite number in {allowed}, got {value!r}")
            object.__setattr__(self, name, value)

    @property
    def id(self) -> str:
        """Path-safe identifier, e.g. ``correlated_gaussian-n8-l0.5-s2-p0.5``."""
        return (
            f"{self.family}-n{self.n_features}-l{self.level:.12g}"
            f"-s{self.separation:.12g}-p{self.prior:.12g}"
        )


@dataclass(frozen=True)
class Family:
    """A family of synthetic distributions (see :data:`FAMILIES`).

    ``shared_covariance`` marks the Gaussian families with one within-class covariance (LDA and
    logistic regression are well specified there at every level: the null control of claim 5).
    """

    name: str
    kind: str
    description: str
    min_features: int
    sample_given_labels: Callable[[Setting, np.ndarray, np.random.Generator], np.ndarray]
    log_likelihood_ratio: Callable[[Setting, np.ndarray], np.ndarray]
    bayes_error_exact: Callable[[Setting], float] | None = None
    n_categories: Callable[[Setting], tuple[int, ...]] | None = None
    exact_method: str = "closed form"
    shared_covariance: bool = False


# ------------------------------------------------------------------------------------ registry

FAMILIES: dict[str, Family] = {
    "correlated_gaussian": Family(
        name="correlated_gaussian",
        kind="continuous",
        description=(
            "Two Gaussians with a shared equicorrelated covariance (unit variances, "
            f"rho = level x {RHO_MAX:g}); the first ceil(n/2) features are shifted equally and "
            "the rest are pure noise correlated with them, which a linear discriminant uses to "
            "cancel noise and naive Bayes cannot. The shift is rescaled so that the Mahalanobis "
            "distance, hence the Bayes error, equals the level-0 value at every level."
        ),
        min_features=2,
        sample_given_labels=fam.correlated_sample,
        log_likelihood_ratio=fam.correlated_llr,
        bayes_error_exact=fam.shared_gaussian_bayes_error,
        shared_covariance=True,
    ),
    "redundant_features": Family(
        name="redundant_features",
        kind="continuous",
        description=(
            "Independent unit-variance Gaussian originals, equally shifted; floor(level x (n-1)) "
            f"of the n features are noisy copies x_src + {SIGMA_COPY:g} eps of originals (round "
            "robin), so naive Bayes counts their evidence twice. The shift is set so the "
            "Mahalanobis distance, hence the Bayes error, is the same at every level."
        ),
        min_features=2,
        sample_given_labels=fam.redundant_sample,
        log_likelihood_ratio=fam.redundant_llr,
        bayes_error_exact=fam.shared_gaussian_bayes_error,
        shared_covariance=True,
    ),
    "heteroscedastic_gaussian": Family(
        name="heteroscedastic_gaussian",
        kind="continuous",
        description=(
            "Independent Gaussian coordinates with class-0 variance 1 and class-1 variance "
            f"1 + level x ({R_MAX:g} - 1), so the Bayes rule is quadratic and linear models "
            "(and naive Bayes with a shared variance) are misspecified; a naive Bayes with "
            "class-specific variances stays correct. The shift is set so the Mahalanobis "
            "distance under the average class covariance equals the separation; the variance "
            "difference adds evidence, so the Bayes error falls with the level (faster for large n)."
        ),
        min_features=1,
        sample_given_labels=fam.hetero_sample,
        log_likelihood_ratio=fam.hetero_llr,
        bayes_error_exact=fam.hetero_bayes_error,
        exact_method="exact (one-dimensional quadrature)",
    ),
    "heavy_tailed": Family(
        name="heavy_tailed",
        kind="continuous",
        description=(
            "Independent Student-t coordinates (unit scale) shifted by +-separation/(2 sqrt(n)), "
            f"with nu = {NU_MIN:g}/level degrees of freedom (level 0 is exactly Gaussian); "
            "the Bayes rule is nonlinear and Gaussian naive Bayes is misspecified."
        ),
        min_features=1,
        sample_given_labels=fam.heavy_sample,
        log_likelihood_ratio=fam.heavy_llr,
    ),
    "dependent_binary": Family(
        name="dependent_binary",
        kind="discrete",
        description=(
            "Binary features; the first ceil(n/2) are informative (P(x=1|y) = (1 +- d)/2, with d "
            "giving Mahalanobis distance = separation at level 0), the rest are noise. A latent "
            "z ~ Bernoulli(1/2) moves every P(x_j=1|y) up or down by level x "
            f"{LATENT_MAX:g} x min(p, 1-p), which keeps each feature's class marginals fixed but "
            "makes features dependent given y (exactly independent at level 0). The noise "
            "features reveal z, so the Bayes error falls with the level."
        ),
        min_features=2,
        sample_given_labels=fam.binary_sample,
        log_likelihood_ratio=fam.binary_llr,
        bayes_error_exact=fam.binary_bayes_error,
        n_categories=fam.binary_categories,
        exact_method="exact enumeration",
    ),
    # asymmetric variants (issue 14 §6): the level tilts naive Bayes' boundary
    "duplicated_feature": Family(
        name="duplicated_feature",
        kind="continuous",
        description=(
            "Asymmetric variant of redundant_features: k = ceil(n/2) independent unit-variance "
            "originals, equally shifted; floor(level x (n-k)) of the other features are noisy "
            f"copies x_0 + {SIGMA_COPY:g} eps of the first original only, the rest pure noise. "
            "Naive Bayes counts the first original's evidence once per copy, tilting its "
            "boundary; LDA and logistic regression stay well specified. The Mahalanobis "
            "distance, hence the Bayes error, is the separation at every level."
        ),
        min_features=2,
        sample_given_labels=tilted.duplicated_sample,
        log_likelihood_ratio=tilted.duplicated_llr,
        bayes_error_exact=fam.shared_gaussian_bayes_error,
        shared_covariance=True,
    ),
    "heteroscedastic_correlated": Family(
        name="heteroscedastic_correlated",
        kind="continuous",
        description=(
            "Asymmetric variant of heteroscedastic_gaussian: unit-variance Gaussian coordinates, "
            "independent in class 0 and equicorrelated in class 1 (rho = level x "
            f"{RHO_MAX:g}); the first ceil(n/2) are shifted by separation / sqrt(ceil(n/2)) "
            "(Mahalanobis distance = separation at level 0). The Bayes rule is quadratic; the "
            "class-specific correlation tilts naive Bayes' boundary (it ignores the correlation) "
            "away from logistic regression's, and LDA pools the two covariances."
        ),
        min_features=2,
        sample_given_labels=tilted.class_correlated_sample,
        log_likelihood_ratio=tilted.class_correlated_llr,
    ),
}

FAMILY_NAMES: tuple[str, ...] = tuple(FAMILIES)


# ------------------------------------------------------------------------------------- public API


def draw_labels(
    prior: float, size: int, rng: np.random.Generator, *, both_classes: bool
) -> np.ndarray:
    """Draw iid ``Bernoulli(prior)`` labels.

    Parameters
    ----------
    prior : float
        ``P(y = 1)`` in ``(0, 1)``.
    size : int
        Number of labels (>= 0; >= 2 with ``both_classes``).
    rng : numpy.random.Generator
        Source of randomness.
    both_classes : bool
        Redraw the whole vector until both classes occur (as in Ng & Jordan, where every
        training set holds at least one example of each class).

    Returns
    -------
    numpy.ndarray
        Labels, shape ``(size,)``, dtype int64, values in {0, 1}.
    """
    if not 0 < prior < 1:
        raise ValueError(f"prior must be in (0, 1), got {prior!r}")
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 0:
        raise ValueError(f"size must be a non-negative integer, got {size!r}")
    if both_classes and size < 2:
        raise ValueError(f"size must be >= 2 when both_classes is set, got {size}")
    while True:
        y = (rng.random(int(size)) < prior).astype(np.int64)
        if not both_classes or 0 < y.sum() < size:
            return y


def sample(
    setting: Setting, size: int, rng: np.random.Generator, *, both_classes: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``size`` iid examples of a setting.

    Parameters
    ----------
    setting : Setting
        The distribution.
    size : int
        Number of examples.
    rng : numpy.random.Generator
        Source of randomness (labels first, then features).
    both_classes : bool, default False
        See :func:`draw_labels`.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(size, n)``, float64 (discrete families: integer codes stored as float64).
    y : numpy.ndarray
        Shape ``(size,)``, int64 in {0, 1}.
    """
    y = draw_labels(setting.prior, size, rng, both_classes=both_classes)
    x = FAMILIES[setting.family].sample_given_labels(setting, y, rng)
    return x, y


def gaussian_parameters(setting: Setting) -> GaussianParameters:
    """Class means and shared covariance of a shared-covariance Gaussian family.

    Parameters
    ----------
    setting : Setting
        A setting of a family with ``shared_covariance`` (correlated_gaussian,
        redundant_features, duplicated_feature).

    Returns
    -------
    GaussianParameters
        ``x | y ~ N(mean_y, cov)``.
    """
    if setting.family == "duplicated_feature":
        return tilted.duplicated_parameters(setting)
    return fam.gaussian_parameters(setting)


def n_categories(setting: Setting) -> tuple[int, ...] | None:
    """Number of categories of each feature for discrete families, else None."""
    func = FAMILIES[setting.family].n_categories
    return None if func is None else func(setting)
