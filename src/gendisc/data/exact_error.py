"""Exact test error of a linear rule on Gaussian or multivariate-t classes (issue 14 §8).

A linear rule predicts class 1 when ``w . x + b > 0``. If class k has ``x ~ N(mu_k, S_k)``, the
projection ``w . x + b`` is normal with mean ``w . mu_k + b`` and sd ``sqrt(w' S_k w)``; for a
multivariate t with ``nu`` degrees of freedom, location ``mu_k`` and scale matrix ``S_k``, it is
that location plus ``sqrt(w' S_k w)`` times a standard t with ``nu`` degrees of freedom. Hence

    err = pi_0 P(w . x + b > 0 | y = 0) + pi_1 P(w . x + b <= 0 | y = 1)
        = pi_0 F(z_0) + pi_1 F(-z_1),       z_k = (w . mu_k + b) / sqrt(w' S_k w),

with F the standard normal (or t_nu) distribution function. Ties (w . x + b = 0) have
probability zero. With the exact error the only noise left in a synthetic replicate is the
training set's.

Which synthetic families have such classes (:data:`CLASS_CONDITIONALS`): ``correlated_gaussian``,
``redundant_features`` and ``duplicated_feature`` (Gaussian, shared covariance),
``heteroscedastic_gaussian`` and ``heteroscedastic_correlated`` (Gaussian, a covariance per
class) and ``heavy_tailed`` at level 0 (Gaussian) or with one feature (a t). ``heavy_tailed`` with level > 0 and several features has *independent* t
coordinates, which is not a multivariate t (a projection of it is no t variable), and
``dependent_binary`` is discrete: their test errors stay Monte-Carlo.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gendisc.data import families as fam
from gendisc.data import tilted
from gendisc.data.families import Setting

#: a rule whose projection's scale is 0 predicts class 1 iff ``b > TIE_RTOL * (1 + |b|)``,
#: the models' tie rule (``gendisc.models.constants.TIE_RTOL``; data sits below models)
_TIE_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class ClassConditionals:
    """Two Gaussian (``df`` None) or multivariate-t class-conditional distributions.

    Attributes
    ----------
    means : numpy.ndarray
        Class 0 and class 1 locations, shape (2, n).
    covs : numpy.ndarray
        Class 0 and class 1 covariance (Gaussian) or scale (t) matrices, shape (2, n, n).
    prior1 : float
        P(y = 1), in (0, 1).
    df : float or None
        Degrees of freedom of a multivariate t; None for Gaussian classes.
    """

    means: np.ndarray
    covs: np.ndarray
    prior1: float
    df: float | None = None

    def __post_init__(self) -> None:
        means = np.asarray(self.means, dtype=float)
        covs = np.asarray(self.covs, dtype=float)
        if means.ndim != 2 or means.shape[0] != 2 or covs.shape != (2, *means.shape[1:] * 2):
            raise ValueError(
                "need the locations (2, n) and matrices (2, n, n) of exactly two classes, "
                f"got {means.shape} and {covs.shape}"
            )
        if not 0 < self.prior1 < 1:
            raise ValueError(f"prior1 must be in (0, 1), got {self.prior1!r}")
        if self.df is not None and not self.df > 0:
            raise ValueError(f"df must be > 0, got {self.df!r}")
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "covs", covs)

    def errors(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Exact misclassification rates of R linear rules ``1[w_r . x + b_r > 0]``.

        Parameters
        ----------
        w : numpy.ndarray
            Weights, shape (R, n).
        b : numpy.ndarray
            Intercepts, shape (R,).

        Returns
        -------
        numpy.ndarray
            Shape (R,). Each row is computed on its own (no sum mixes replicates), so a
            replicate's error does not depend on the others in the batch.

        Raises
        ------
        ValueError
            If the shapes do not match or a weight is not finite.
        """
        from scipy import special  # lazily: only jobs that score exactly need it

        w = np.asarray(w, dtype=float)
        b = np.asarray(b, dtype=float)
        n = self.means.shape[1]
        if w.ndim != 2 or w.shape[1] != n or b.shape != (w.shape[0],):
            raise ValueError(f"w must be (R, {n}) and b (R,), got {w.shape} and {b.shape}")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise ValueError("the rules' weights and intercepts must be finite")
        cdf = special.ndtr if self.df is None else (lambda z: special.stdtr(self.df, z))
        out = np.zeros(w.shape[0])
        for k, weight in ((0, 1.0 - self.prior1), (1, self.prior1)):
            loc = np.einsum("rn,n->r", w, self.means[k]) + b
            sd = np.sqrt(np.einsum("rn,nk,rk->r", w, self.covs[k], w))
            says1 = loc > _TIE_RTOL * (1.0 + np.abs(loc))  # the limit when sd = 0
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.where(sd > 0, loc / np.where(sd > 0, sd, 1.0), 0.0)
            p1 = np.where(sd > 0, cdf(z), says1.astype(float))  # P(says 1 | y = k)
            out += weight * (p1 if k == 0 else 1.0 - p1)
        return out


def linear_rule_error(
    w: np.ndarray,
    b: float,
    means: Sequence[np.ndarray],
    covs: Sequence[np.ndarray],
    prior1: float,
    df: float | None = None,
) -> float:
    """Exact misclassification rate of the rule ``1[w . x + b > 0]``.

    Parameters
    ----------
    w, b : numpy.ndarray, float
        The rule's weights (n,) and intercept.
    means, covs : sequence of numpy.ndarray
        Class 0 and class 1 locations (n,) and covariance (Gaussian) or scale (t) matrices (n, n).
    prior1 : float
        P(y = 1), in (0, 1).
    df : float, optional
        Degrees of freedom of a multivariate t; None for Gaussian classes.

    Returns
    -------
    float
        The expected test error of the rule.
    """
    if len(means) != 2 or len(covs) != 2:
        raise ValueError("need the locations and matrices of exactly two classes")
    cond = ClassConditionals(np.stack(means), np.stack(covs), prior1, df)
    w = np.asarray(w, dtype=float)
    return float(cond.errors(w[None], np.asarray([b], dtype=float))[0])


# ------------------------------------------------------------------------ the families' classes


def _shared_gaussian(setting: Setting) -> ClassConditionals:
    params = fam.gaussian_parameters(setting)
    return ClassConditionals(
        np.stack([params.mean0, params.mean1]), np.stack([params.cov, params.cov]), setting.prior
    )


def _duplicated(setting: Setting) -> ClassConditionals:
    params = tilted.duplicated_parameters(setting)
    return ClassConditionals(
        np.stack([params.mean0, params.mean1]), np.stack([params.cov, params.cov]), setting.prior
    )


def _class_correlated(setting: Setting) -> ClassConditionals:
    _, delta = tilted.class_correlated_params(setting)
    cov0, cov1 = tilted.class_correlated_covs(setting)
    return ClassConditionals(
        np.stack([-delta / 2, delta / 2]), np.stack([cov0, cov1]), setting.prior
    )


def _heteroscedastic(setting: Setting) -> ClassConditionals:
    r, shift = fam.hetero_params(setting)
    n = setting.n_features
    means = np.stack([np.full(n, -shift / 2), np.full(n, shift / 2)])
    return ClassConditionals(means, np.stack([np.eye(n), r * np.eye(n)]), setting.prior)


def _heavy_tailed(setting: Setting) -> ClassConditionals | None:
    nu, shift = fam.heavy_params(setting)
    n = setting.n_features
    if not math.isinf(nu) and n > 1:
        return None  # independent t coordinates: not a multivariate t
    means = np.stack([np.full(n, -shift / 2), np.full(n, shift / 2)])
    df = None if math.isinf(nu) else nu
    return ClassConditionals(means, np.stack([np.eye(n), np.eye(n)]), setting.prior, df)


#: family -> its classes as :class:`ClassConditionals` (None for a setting without them); a
#: family not listed has Monte-Carlo test errors (its contract test: tests/data/test_exact_error.py)
CLASS_CONDITIONALS: dict[str, Callable[[Setting], ClassConditionals | None]] = {
    "correlated_gaussian": _shared_gaussian,
    "redundant_features": _shared_gaussian,
    "heteroscedastic_gaussian": _heteroscedastic,
    "heavy_tailed": _heavy_tailed,
    "duplicated_feature": _duplicated,
    "heteroscedastic_correlated": _class_correlated,
}


def class_conditionals(setting: Setting) -> ClassConditionals | None:
    """The Gaussian or multivariate-t classes of a setting, or None (Monte-Carlo test errors)."""
    func = CLASS_CONDITIONALS.get(setting.family)
    return None if func is None else func(setting)


__all__ = ["CLASS_CONDITIONALS", "ClassConditionals", "class_conditionals", "linear_rule_error"]
