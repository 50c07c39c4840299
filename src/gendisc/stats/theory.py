"""Theory curves: Efron's (1975) asymptotic relative efficiency, m_epsilon and sample complexity.

Efron's efficiency
------------------
Two Gaussian classes N(mu_y, Sigma) with shared covariance, priors (pi0, pi1), Mahalanobis
distance Delta, dimension p. Both normal discriminant analysis (LDA, full maximum likelihood) and
logistic regression (LR, conditional maximum likelihood) estimate the linear log-odds
beta0 + beta'x; their estimates are asymptotically normal with covariances Sigma_LDA/m and
Sigma_LR/m. The expected excess error of the plug-in rule is, to first order,
E[err - err_Bayes] = k/m with k = (1/2) tr(H Sigma), H the Hessian of the error rate in
(beta0, beta). Efron's efficiency of LR relative to LDA is

    Eff(Delta) = lim_m E[excess error of LDA] / E[excess error of LR] = k_LDA / k_LR  (<= 1),

i.e. LR needs 1/Eff times as many examples for the same expected excess error. We derive every
term in canonical coordinates (Sigma = I, mu_{1,0} = +-Delta/2 e_1, beta0* = log(pi1/pi0)):

* LDA (delta method on the MLEs of pi, mu_0, mu_1, Sigma):
  Var(beta0) = (1 + Delta^2/4)/(pi0 pi1), Var(beta1) = 1/(pi0 pi1) + 2 Delta^2,
  Cov(beta0, beta1) = -(Delta/2)(pi0 - pi1)/(pi0 pi1), Var(beta_j) = 1/(pi0 pi1) + Delta^2 (j>=2).
* LR: Sigma_LR = I^-1 with I = E[w(x) z z'], z = (1, x), w = sigma(l(x))(1 - sigma(l(x))); the
  (1, x_1) block needs the three integrals E[w], E[w x_1], E[w x_1^2] over the mixture of x_1
  (computed with ``scipy.integrate.quad``); for j >= 2, Var(beta_j) = 1/E[w].
* Error Hessian: with tau* = beta0*/Delta and c = pi1 phi(tau* + Delta/2), the excess error is
  (c/(2 Delta)) [ (db0 - tau* db1)^2 + sum_{j>=2} db_j^2 ] to second order.

Hence k ∝ v' Sigma_(01) v + (p - 1) Var(beta_j) with v = (1, -tau*), and Eff is the ratio of
these two quadratic forms. With equal priors Eff = (4 + Delta^2) E[w], independent of p.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import integrate, stats
from scipy.special import expit

from gendisc.study.keys import POOLED_M


def _check_delta_prior(delta: float, prior: float, n_features: int) -> None:
    if not np.isfinite(delta) or delta < 0:
        raise ValueError(f"Mahalanobis distance must be finite and >= 0, got {delta!r}")
    if not 0 < prior < 1:
        raise ValueError(f"prior P(y=1) must be in (0, 1), got {prior!r}")
    if n_features < 1:
        raise ValueError(f"n_features must be >= 1, got {n_features!r}")


def _lr_moments(delta: float, pi1: float) -> tuple[float, float, float]:
    """E[w], E[w x1], E[w x1^2] for x1 ~ pi1 N(D/2, 1) + pi0 N(-D/2, 1)."""
    beta0 = float(np.log(pi1 / (1 - pi1)))
    root = float(np.sqrt(2 * np.pi))

    def moment(k: int) -> float:
        def f(x: float) -> float:
            p = float(expit(beta0 + delta * x))
            dens = (
                pi1 * np.exp(-0.5 * (x - delta / 2) ** 2)
                + (1 - pi1) * np.exp(-0.5 * (x + delta / 2) ** 2)
            ) / root
            return p * (1 - p) * x**k * dens

        return float(integrate.quad(f, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-11)[0])

    return moment(0), moment(1), moment(2)


@dataclass(frozen=True)
class EfronConstants:
    """First-order expected excess errors, E[err - err_Bayes] ≈ k / m.

    Attributes
    ----------
    k_lda, k_lr : float
        Constants of normal discriminant analysis and logistic regression.
    are : float
        Efron's asymptotic relative efficiency of LR vs LDA, ``k_lda / k_lr``.
    """

    k_lda: float
    k_lr: float
    are: float


def efron_constants(delta: float, prior: float = 0.5, n_features: int = 1) -> EfronConstants:
    """Excess-error constants of LDA and LR under Efron's Gaussian model (module docstring).

    Parameters
    ----------
    delta : float
        Mahalanobis distance between the class means (> 0).
    prior : float
        P(y = 1).
    n_features : int
        Dimension p.

    Returns
    -------
    EfronConstants
    """
    _check_delta_prior(delta, prior, n_features)
    if delta == 0:
        raise ValueError("the excess-error constants are undefined at delta = 0 (no signal)")
    pi1, pi0 = prior, 1 - prior
    q = pi0 * pi1
    tau = np.log(pi1 / pi0) / delta
    v = np.array([1.0, -tau])
    lda01 = np.array(
        [
            [(1 + delta**2 / 4) / q, -(delta / 2) * (pi0 - pi1) / q],
            [-(delta / 2) * (pi0 - pi1) / q, 1 / q + 2 * delta**2],
        ]
    )
    lda_rest = 1 / q + delta**2
    e0, e1, e2 = _lr_moments(delta, pi1)
    lr01 = np.linalg.inv(np.array([[e0, e1], [e1, e2]]))
    lr_rest = 1 / e0
    c = pi1 * stats.norm.pdf(tau + delta / 2)
    scale = c / (2 * delta)
    q_lda = v @ lda01 @ v + (n_features - 1) * lda_rest
    q_lr = v @ lr01 @ v + (n_features - 1) * lr_rest
    # the ratio of the quadratic forms avoids the common factor c, which underflows for small
    # delta with unequal priors
    return EfronConstants(float(scale * q_lda), float(scale * q_lr), float(q_lda / q_lr))


def efron_are(delta: float, prior: float = 0.5, n_features: int = 1) -> float:
    """Efron's (1975) asymptotic relative efficiency of logistic regression vs LDA.

    Parameters
    ----------
    delta : float
        Mahalanobis distance (>= 0); the limit 1 is returned at 0.
    prior : float
        P(y = 1).
    n_features : int
        Dimension p (no effect when ``prior == 0.5``).

    Returns
    -------
    float
        ``lim E[excess error LDA] / E[excess error LR]``, in (0, 1].
    """
    _check_delta_prior(delta, prior, n_features)
    if delta == 0:
        return 1.0
    return efron_constants(delta, prior, n_features).are


def relative_efficiency(
    diffs: pd.DataFrame,
    rng: np.random.Generator,
    m_min: int = 0,
    n_boot: int = 1000,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Measured efficiency (Efron's definition) of the discriminative vs the generative model.

    ``Eff(m) = mean(err_gen - bayes) / mean(err_dis - bayes)`` at each m, and a pooled value
    ``sum_m m * excess_gen(m) / sum_m m * excess_dis(m)`` over m >= ``m_min`` (m * excess is
    constant to first order, so the pool estimates the limit). Percentile intervals come from a
    bootstrap of replicate pairs within each m.

    Parameters
    ----------
    diffs : pandas.DataFrame
        :func:`gendisc.stats.paired.paired_differences` rows of ONE (study, dataset, pair) whose
        generative model is LDA; needs ``m, err_generative, err_discriminative, bayes_error``.
    rng : numpy.random.Generator
        Source of the bootstrap.
    m_min : int
        Smallest m of the pooled estimate.
    n_boot : int
        Bootstrap samples.
    alpha : float
        One minus the interval level.

    Returns
    -------
    pandas.DataFrame
        Rows ``m`` (one per m, then ``m = -1`` for the pool) with ``excess_gen, excess_dis,
        efficiency, ci_low, ci_high``.
    """
    if not 0 < alpha < 1 or n_boot < 1:
        raise ValueError(f"need alpha in (0, 1) and n_boot >= 1, got {alpha!r}, {n_boot!r}")
    if diffs["bayes_error"].isna().any():
        raise ValueError("relative efficiency needs the Bayes error (synthetic data only)")
    groups = list(diffs.groupby("m", sort=True))
    ms = np.array([float(m) for m, _ in groups])
    if not np.any(ms >= m_min):
        raise ValueError(f"no m >= m_min={m_min}")
    point = np.empty((2, ms.size))
    boot = np.empty((2, n_boot, ms.size))
    for j, (_, g) in enumerate(groups):
        bayes = g["bayes_error"].to_numpy(float)
        ex = np.vstack([g["err_generative"] - bayes, g["err_discriminative"] - bayes])
        point[:, j] = ex.mean(axis=1)
        idx = rng.integers(0, ex.shape[1], size=(n_boot, ex.shape[1]))
        boot[:, :, j] = ex[:, idx].mean(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        eff_b = boot[0] / boot[1]
        sel = ms >= m_min
        pool_b = (boot[0][:, sel] * ms[sel]).sum(1) / (boot[1][:, sel] * ms[sel]).sum(1)
        rows = [
            {
                "m": int(ms[j]),
                "excess_gen": point[0, j],
                "excess_dis": point[1, j],
                "efficiency": point[0, j] / point[1, j],
                "ci_low": float(np.nanquantile(eff_b[:, j], alpha / 2)),
                "ci_high": float(np.nanquantile(eff_b[:, j], 1 - alpha / 2)),
            }
            for j in range(ms.size)
        ]
        rows.append(
            {
                "m": POOLED_M,
                "excess_gen": float((point[0, sel] * ms[sel]).sum()),
                "excess_dis": float((point[1, sel] * ms[sel]).sum()),
                "efficiency": float(
                    (point[0, sel] * ms[sel]).sum() / (point[1, sel] * ms[sel]).sum()
                ),
                "ci_low": float(np.nanquantile(pool_b, alpha / 2)),
                "ci_high": float(np.nanquantile(pool_b, 1 - alpha / 2)),
            }
        )
    return pd.DataFrame(rows)


def m_epsilon(
    m: Sequence[float],
    mean_err: Sequence[float],
    asymptote: float,
    eps: float,
    interpolate: bool = True,
) -> float | None:
    """Smallest m from which the mean error stays within ``eps`` of the model's asymptote.

    Parameters
    ----------
    m : Sequence[float]
        Increasing training-set sizes.
    mean_err : Sequence[float]
        Mean test error at each m.
    asymptote : float
        The model's own asymptotic error.
    eps : float
        Tolerance (> 0).
    interpolate : bool
        If True, interpolate linearly in log m between the last m outside the band and the
        first m of the final run inside it (the crossing of ``asymptote + eps``); else return
        that grid value.

    Returns
    -------
    float | None
        m_epsilon, or None if the last point is still outside the band.
    """
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps!r}")
    m = np.asarray(m, dtype=float)
    e = np.asarray(mean_err, dtype=float)
    if m.shape != e.shape or m.ndim != 1 or m.size < 1 or np.any(np.diff(m) <= 0):
        raise ValueError(f"m must be increasing and match mean_err; got {m.tolist()}")
    inside = np.abs(e - asymptote) <= eps
    if not inside[-1]:
        return None
    outside = np.flatnonzero(~inside)
    if outside.size == 0:
        return float(m[0])
    i = int(outside[-1])  # last point outside; i + 1 is the first of the final inside run
    if not interpolate:
        return float(m[i + 1])
    target = asymptote + eps if e[i] > asymptote else asymptote - eps
    t = (e[i] - target) / (e[i] - e[i + 1])
    return float(np.exp(np.log(m[i]) + t * (np.log(m[i + 1]) - np.log(m[i]))))


@dataclass(frozen=True)
class LinearFit:
    """OLS fit of m_epsilon on one regressor.

    Attributes
    ----------
    regressor : str
        ``"log_n"`` or ``"n"``.
    intercept, slope, slope_se, slope_ci_low, slope_ci_high, slope_p : float
        Coefficients, standard error, ``1 - alpha`` interval and two-sided p of the slope.
    r2, aic : float
        R^2 and AIC (statsmodels).
    """

    regressor: str
    intercept: float
    slope: float
    slope_se: float
    slope_ci_low: float
    slope_ci_high: float
    slope_p: float
    r2: float
    aic: float
    df_resid: float


def fit_sample_complexity(
    n: Sequence[float], m_eps: Sequence[float], alpha: float = 0.05
) -> dict[str, LinearFit]:
    """OLS of m_epsilon on log n and on n (statsmodels), for one model.

    Parameters
    ----------
    n : Sequence[float]
        Input dimensions (>= 1); at least 3 distinct values.
    m_eps : Sequence[float]
        m_epsilon at each n (rows with None/NaN are dropped).
    alpha : float
        One minus the level of the slope intervals.

    Returns
    -------
    dict[str, LinearFit]
        Keys ``"log_n"`` and ``"n"``; the better description has the smaller AIC (both models
        have two parameters, so AIC and R^2 rank them the same way).
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    x = np.asarray(n, dtype=float)
    y = np.asarray([np.nan if v is None else v for v in m_eps], dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"n and m_eps differ in length: {x.shape} vs {y.shape}")
    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    if np.unique(x).size < 3 or np.any(x < 1):
        raise ValueError(f"need >= 3 distinct n >= 1 with finite m_eps, got n={x.tolist()}")
    out = {}
    for name, reg in (("log_n", np.log(x)), ("n", x)):
        res = sm.OLS(y, sm.add_constant(reg)).fit()
        ci = res.conf_int(alpha=alpha)
        out[name] = LinearFit(
            regressor=name,
            intercept=float(res.params[0]),
            slope=float(res.params[1]),
            slope_se=float(res.bse[1]),
            slope_ci_low=float(ci[1, 0]),
            slope_ci_high=float(ci[1, 1]),
            slope_p=float(res.pvalues[1]),
            r2=float(res.rsquared),
            aic=float(res.aic),
            df_resid=float(res.df_resid),
        )
    return out


__all__ = [
    "EfronConstants",
    "LinearFit",
    "efron_are",
    "efron_constants",
    "fit_sample_complexity",
    "m_epsilon",
    "relative_efficiency",
]
