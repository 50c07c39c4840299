"""Mathematics of the synthetic families (used by :mod:`gendisc.data.generators`).

Parameters, samplers, exact log-likelihood ratios and exact Bayes errors. The registry, the :class:`~gendisc.data.generators.Setting` and the public
sampling API are in :mod:`gendisc.data.generators`; every function here takes a validated setting.

Conventions: class means are ``±δ/2`` (midpoint 0), so with a shared covariance the exact
log-likelihood ratio is ``(Σ⁻¹δ)ᵀ x``. ``separation`` is the Mahalanobis distance ``Δ`` between the
class means under the within-class covariance of the level-0 member.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Setting(Protocol):
    """What the maths reads of a setting (:class:`gendisc.data.generators.Setting`)."""

    family: str
    n_features: int
    level: float
    separation: float
    prior: float


#: largest equicorrelation of ``correlated_gaussian`` (reached at level 1)
RHO_MAX = 0.8
#: noise standard deviation of a copy in ``redundant_features``
SIGMA_COPY = 0.5
#: class-1 / class-0 variance ratio of ``heteroscedastic_gaussian`` at level 1
R_MAX = 4.0
#: degrees of freedom of ``heavy_tailed`` at level 1 (``nu = NU_MIN / level``)
NU_MIN = 2.0
#: largest latent-factor loading of ``dependent_binary``, as a fraction of the headroom
LATENT_MAX = 0.9


@dataclass(frozen=True)
class GaussianParameters:
    """Class means and the shared covariance of a shared-covariance Gaussian family."""

    mean0: np.ndarray
    mean1: np.ndarray
    cov: np.ndarray


# --------------------------------------------------------------------------------------- helpers


def _check_labels(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all():
        raise ValueError(f"y must be a 1-D array of labels in {{0, 1}}, got shape {y.shape}")
    return y.astype(np.int64)


def _check_x(setting: Setting, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != setting.n_features:
        raise ValueError(f"x must have shape (size, {setting.n_features}), got {x.shape}")
    return x


def gaussian_bayes_error(delta: float, prior: float) -> float:
    """Bayes error of two Gaussians with a shared covariance.

    Parameters
    ----------
    delta : float
        Mahalanobis distance ``Δ > 0`` between the class means.
    prior : float
        ``P(y = 1)`` in ``(0, 1)``.

    Returns
    -------
    float
        ``prior Φ((t - Δ²/2)/Δ) + (1 - prior) Φ((-t - Δ²/2)/Δ)``, ``t = log((1-prior)/prior)``.
    """
    from scipy import special  # lazily: compute jobs never need scipy

    if not delta > 0:
        raise ValueError(f"delta must be > 0, got {delta!r}")
    if not 0 < prior < 1:
        raise ValueError(f"prior must be in (0, 1), got {prior!r}")
    t = math.log((1 - prior) / prior)
    half = delta * delta / 2
    return float(
        prior * special.ndtr((t - half) / delta) + (1 - prior) * special.ndtr((-t - half) / delta)
    )


def shared_gaussian_bayes_error(setting: Setting) -> float:
    """Closed-form Bayes error of a family whose Mahalanobis distance is ``separation``."""
    return gaussian_bayes_error(setting.separation, setting.prior)


def _signs(y: np.ndarray) -> np.ndarray:
    """Map labels {0, 1} to -1/2 and +1/2 (class means are ``±δ/2``)."""
    return y[:, None] - 0.5


# --------------------------------------------------------------------------- correlated_gaussian


def _n_informative(n: int) -> int:
    return (n + 1) // 2


def correlated_params(setting: Setting) -> tuple[float, np.ndarray]:
    """Return the equicorrelation ``rho`` and the mean difference ``δ``."""
    n, rho = setting.n_features, setting.level * RHO_MAX
    k = _n_informative(n)
    quad = (k - rho * k * k / (1 + (n - 1) * rho)) / (1 - rho)  # 1_kᵀ Σ⁻¹ 1_k
    delta = np.zeros(n)
    delta[:k] = setting.separation / math.sqrt(quad)
    return rho, delta


def correlated_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``correlated_gaussian``: equicorrelated noise plus ``±δ/2``."""
    y = _check_labels(y)
    rho, delta = correlated_params(setting)
    noise = rng.standard_normal((y.size, setting.n_features))
    common = rng.standard_normal((y.size, 1))
    return math.sqrt(1 - rho) * noise + math.sqrt(rho) * common + _signs(y) * delta


def correlated_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact ``log p(x | 1) / p(x | 0)`` of ``correlated_gaussian``: ``(Σ⁻¹δ)ᵀ x``."""
    x = _check_x(setting, x)
    rho, delta = correlated_params(setting)
    n = setting.n_features
    w = (delta - rho * delta.sum() / (1 + (n - 1) * rho)) / (1 - rho)  # Σ⁻¹δ
    return x @ w


# ---------------------------------------------------------------------------- redundant_features


def redundant_layout(setting: Setting) -> tuple[int, np.ndarray, float]:
    """Return the number of originals, the source of each copy, and the originals' shift."""
    n = setting.n_features
    n_copies = math.floor(setting.level * (n - 1) + 1e-9)
    n_orig = n - n_copies
    sources = np.arange(n_copies) % n_orig
    return n_orig, sources, setting.separation / math.sqrt(n_orig)


def redundant_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``redundant_features``: originals first, then their noisy copies."""
    y = _check_labels(y)
    n_orig, sources, shift = redundant_layout(setting)
    orig = rng.standard_normal((y.size, n_orig)) + _signs(y) * shift
    copies = orig[:, sources] + SIGMA_COPY * rng.standard_normal((y.size, sources.size))
    return np.concatenate([orig, copies], axis=1)


def redundant_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``redundant_features``."""
    # given the originals the copies do not depend on y, so only the originals carry evidence
    x = _check_x(setting, x)
    n_orig, _, shift = redundant_layout(setting)
    return shift * x[:, :n_orig].sum(axis=1)


def gaussian_parameters(setting: Setting) -> GaussianParameters:
    """Class means and shared covariance of a shared-covariance Gaussian family.

    Parameters
    ----------
    setting : Setting
        A setting of ``correlated_gaussian`` or ``redundant_features``.

    Returns
    -------
    GaussianParameters
        ``x | y ~ N(mean_y, cov)``.
    """
    n = setting.n_features
    if setting.family == "correlated_gaussian":
        rho, delta = correlated_params(setting)
        cov = (1 - rho) * np.eye(n) + rho * np.ones((n, n))
    elif setting.family == "redundant_features":
        n_orig, sources, shift = redundant_layout(setting)
        load = np.zeros((n, n_orig))
        load[np.arange(n_orig), np.arange(n_orig)] = 1.0
        load[n_orig + np.arange(sources.size), sources] = 1.0
        cov = load @ load.T + np.diag(np.r_[np.zeros(n_orig), np.full(sources.size, SIGMA_COPY**2)])
        delta = load @ np.full(n_orig, shift)
    else:
        raise ValueError(
            f"family must be 'correlated_gaussian' or 'redundant_features', got {setting.family!r}"
        )
    return GaussianParameters(mean0=-delta / 2, mean1=delta / 2, cov=cov)


# ----------------------------------------------------------------------- heteroscedastic_gaussian


def hetero_params(setting: Setting) -> tuple[float, float]:
    """Return the class-1 variance ``r`` (class 0 has 1) and the per-feature mean shift."""
    r = 1 + setting.level * (R_MAX - 1)
    return r, setting.separation * math.sqrt((1 + r) / (2 * setting.n_features))


def hetero_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``heteroscedastic_gaussian``."""
    y = _check_labels(y)
    r, shift = hetero_params(setting)
    scale = np.where(y == 1, math.sqrt(r), 1.0)[:, None]
    return scale * rng.standard_normal((y.size, setting.n_features)) + _signs(y) * shift


def hetero_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``heteroscedastic_gaussian`` (quadratic in x)."""
    x = _check_x(setting, x)
    r, shift = hetero_params(setting)
    per = -0.5 * math.log(r) - (x - shift / 2) ** 2 / (2 * r) + (x + shift / 2) ** 2 / 2
    return per.sum(axis=1)


def _quadratic_miss(a: float, b: float, c: float) -> tuple[float, float]:
    """Return ``(P(q(u) <= 0), P(q(u) > 0))`` for ``q(u) = a u² + b u + c``, ``u ~ N(0, 1)``, a >= 0."""
    from scipy import special  # lazily: compute jobs never need scipy

    if a == 0.0:  # linear: b u + c <= 0
        if b == 0.0:
            return (1.0, 0.0) if c <= 0 else (0.0, 1.0)
        z = -c / b
        low, high = float(special.ndtr(z)), float(special.ndtr(-z))
        return (low, high) if b > 0 else (high, low)
    disc = b * b - 4 * a * c
    if disc <= 0:
        return 0.0, 1.0
    q = -(b + math.copysign(math.sqrt(disc), b)) / 2  # stable roots q / a and c / q
    lo, hi = sorted((q / a, c / q))
    if lo > 0:
        inside = special.ndtr(-lo) - special.ndtr(-hi)
    else:
        inside = special.ndtr(hi) - special.ndtr(lo)
    return float(inside), float(special.ndtr(lo) + special.ndtr(-hi))


def hetero_bayes_error(setting: Setting) -> float:
    """Exact Bayes error of ``heteroscedastic_gaussian`` (one-dimensional quadrature).

    Under class ``y`` write ``x_j = mu_y + sigma_y e_j``. The log-likelihood ratio is then
    ``A Σe² + B Σe + n C``; split ``Σe² = u² + V`` with ``u = Σe / sqrt(n) ~ N(0, 1)`` and
    ``V ~ chi2(n - 1)`` independent, solve the quadratic in ``u`` in closed form and integrate
    over ``V``. Unlike the noncentral chi-square form this stays accurate as the level -> 0.
    """
    from scipy import integrate, stats  # heavy imports, needed only for reference values

    r, shift = hetero_params(setting)
    n, p = setting.n_features, setting.prior
    t = math.log((1 - p) / p)  # decide y = 1 iff LLR > t
    c_quad = (r - 1) / (2 * r)
    miss = []
    for y, sigma, mu in ((1, math.sqrt(r), shift / 2), (0, 1.0, -shift / 2)):
        d1, d0 = mu - shift / 2, mu + shift / 2
        a_coef = sigma**2 * c_quad
        b_coef = sigma * (d0 - d1 / r) * math.sqrt(n)
        const = n * (-0.5 * math.log(r) - d1**2 / (2 * r) + d0**2 / 2) - t

        def wrong(v: float, a=a_coef, b=b_coef, c=const, y=y) -> float:
            below, above = _quadratic_miss(a, b, c + a * v)
            return below if y == 1 else above

        if n == 1:
            miss.append(wrong(0.0))
            continue
        w_max = math.sqrt(stats.chi2.isf(1e-17, n - 1))
        val, _ = integrate.quad(
            lambda w, f=wrong: 2 * w * stats.chi2.pdf(w * w, n - 1) * f(w * w),
            0.0,
            w_max,
            epsabs=1e-13,
            epsrel=1e-10,
            limit=200,
        )
        miss.append(val)
    return float(p * miss[0] + (1 - p) * miss[1])


# ---------------------------------------------------------------------------------- heavy_tailed


def heavy_params(setting: Setting) -> tuple[float, float]:
    """Return the degrees of freedom (``inf`` = Gaussian) and the per-feature location shift."""
    nu = math.inf if setting.level == 0 else NU_MIN / setting.level
    return nu, setting.separation / math.sqrt(setting.n_features)


def heavy_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``heavy_tailed``: Student-t noise (Gaussian at level 0) plus ``±δ/2``."""
    y = _check_labels(y)
    nu, shift = heavy_params(setting)
    shape = (y.size, setting.n_features)
    noise = rng.standard_normal(shape) if math.isinf(nu) else rng.standard_t(nu, shape)
    return noise + _signs(y) * shift


def heavy_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``heavy_tailed``."""
    x = _check_x(setting, x)
    nu, shift = heavy_params(setting)
    if math.isinf(nu):
        return shift * x.sum(axis=1)
    u1, u0 = (x - shift / 2) ** 2 / nu, (x + shift / 2) ** 2 / nu
    return (-(nu + 1) / 2 * (np.log1p(u1) - np.log1p(u0))).sum(axis=1)


# ------------------------------------------------------------------------------ dependent_binary


def binary_probs(setting: Setting) -> np.ndarray:
    """Return ``P[y, z, j] = P(x_j = 1 | y, z)``, shape ``(2, 2, n)``."""
    n = setting.n_features
    k = _n_informative(n)
    d = setting.separation / math.sqrt(4 * k + setting.separation**2)
    marg = np.full((2, n), 0.5)
    marg[0, :k], marg[1, :k] = (1 - d) / 2, (1 + d) / 2
    load = setting.level * LATENT_MAX * np.minimum(marg, 1 - marg)
    return np.stack([marg - load, marg + load], axis=1)


def binary_sample(setting: Setting, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw ``x | y`` of ``dependent_binary`` (latent ``z`` first, then the features)."""
    y = _check_labels(y)
    probs = binary_probs(setting)
    z = rng.integers(0, 2, size=y.size)
    u = rng.random((y.size, setting.n_features))
    return (u < probs[y, z]).astype(np.float64)


def binary_loglik(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Return ``log p(x | y)`` for y = 0, 1, shape ``(size, 2)``."""
    from scipy import special  # lazily: compute jobs never need scipy

    probs = binary_probs(setting)
    # (size, y, z): Σ_j x_j log p + (1 - x_j) log(1 - p), then log Σ_z ½ (...)
    joint = np.einsum("sj,yzj->syz", x, np.log(probs)) + np.einsum(
        "sj,yzj->syz", 1 - x, np.log1p(-probs)
    )
    return special.logsumexp(joint, axis=2) - math.log(2)


def binary_llr(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Exact log-likelihood ratio of ``dependent_binary`` (sums over the latent ``z``)."""
    x = _check_x(setting, x)
    if not np.isin(x, (0.0, 1.0)).all():
        raise ValueError("x of dependent_binary must hold codes 0 or 1")
    loglik = binary_loglik(setting, x)
    return loglik[:, 1] - loglik[:, 0]


def binary_bayes_error(setting: Setting) -> float:
    """Exact Bayes error of ``dependent_binary`` by enumeration of sufficient counts."""
    # p(x | y) depends on x only through the counts of ones among the informative (c1) and
    # noise (c2) features, so summing over (c1, c2) with binomial weights is exact for any n
    from scipy import stats  # heavy import, needed only for reference values

    n = setting.n_features
    k = _n_informative(n)
    probs = binary_probs(setting)
    c1, c2 = np.arange(k + 1)[:, None], np.arange(n - k + 1)[None, :]
    mass = [
        sum(
            0.5
            * stats.binom.pmf(c1, k, probs[y, z, 0])
            * stats.binom.pmf(c2, n - k, probs[y, z, -1])
            for z in (0, 1)
        )
        for y in (0, 1)
    ]
    return float(np.minimum(setting.prior * mass[1], (1 - setting.prior) * mass[0]).sum())


def binary_categories(setting: Setting) -> tuple[int, ...]:
    """``(2,) * n``: every feature of ``dependent_binary`` is binary."""
    return (2,) * setting.n_features
