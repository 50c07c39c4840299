"""Tests of Efron's efficiency, m_epsilon and the sample-complexity fits (gendisc.stats.theory)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import expit

from gendisc.stats import theory
from gendisc.study.seeding import rng

# Efron (1975), JASA 70(352), table of the efficiency for pi0 = pi1 = 1/2 (three decimals)
EFRON_TABLE = {1.0: 0.995, 1.5: 0.968, 2.0: 0.899, 2.5: 0.786, 3.0: 0.641, 3.5: 0.486, 4.0: 0.343}


@pytest.mark.parametrize(("delta", "value"), sorted(EFRON_TABLE.items()))
def test_efron_are_published_values(delta, value):
    assert theory.efron_are(delta) == pytest.approx(value, abs=6e-4)


def test_efron_are_limits_and_shape():
    assert theory.efron_are(0.0) == 1.0
    assert theory.efron_are(1e-3) == pytest.approx(1.0, abs=1e-6)
    assert theory.efron_are(1e-2, prior=0.3, n_features=3) == pytest.approx(1.0, abs=1e-3)
    deltas = np.linspace(0.5, 5.0, 10)
    values = [theory.efron_are(d) for d in deltas]
    assert np.all(np.diff(values) < 0) and all(0 < v <= 1 for v in values)
    # equal priors: the efficiency does not depend on the dimension; unequal priors: it does
    assert theory.efron_are(2.5, 0.5, 7) == pytest.approx(theory.efron_are(2.5, 0.5, 1))
    assert theory.efron_are(2.5, 0.3, 7) != pytest.approx(theory.efron_are(2.5, 0.3, 1), abs=1e-3)
    # equal priors closed form: Eff = (4 + Delta^2) E[w] (checked by the table above); symmetric
    assert theory.efron_are(2.0, 0.3) == pytest.approx(theory.efron_are(2.0, 0.7))
    with pytest.raises(ValueError, match="Mahalanobis"):
        theory.efron_are(-1.0)
    with pytest.raises(ValueError, match="prior"):
        theory.efron_are(1.0, prior=1.0)


def _excess(b0, b1, delta, pi1):
    """Error minus Bayes error of the rule b0 + b1 x > 0 in Efron's 1-d canonical model."""
    err = pi1 * stats.norm.cdf(-(b0 + b1 * delta / 2) / np.abs(b1)) + (1 - pi1) * stats.norm.cdf(
        (b0 - b1 * delta / 2) / np.abs(b1)
    )
    t = np.log(pi1 / (1 - pi1)) / delta
    bayes = pi1 * stats.norm.cdf(-t - delta / 2) + (1 - pi1) * stats.norm.cdf(t - delta / 2)
    return err - bayes


def _logistic_newton(x: np.ndarray, y: np.ndarray, iters: int = 25):
    """Vectorized Newton–Raphson for 1-d logistic regression, one fit per row."""
    b = np.zeros((x.shape[0], 2))
    for _ in range(iters):
        p = expit(b[:, :1] + b[:, 1:] * x)
        w = p * (1 - p)
        g = np.stack([(y - p).sum(1), ((y - p) * x).sum(1)], 1)
        h = np.stack(
            [
                np.stack([w.sum(1), (w * x).sum(1)], 1),
                np.stack([(w * x).sum(1), (w * x * x).sum(1)], 1),
            ],
            1,
        )
        b += np.linalg.solve(h, g[..., None])[..., 0]
    return b[:, 0], b[:, 1]


def test_excess_error_constants_match_simulation():
    """m E[excess] of hand-rolled LDA and LR fits matches k_lda and k_lr (independent check of
    the delta-method covariances and the error Hessian)."""
    delta, pi1, m, reps = 2.5, 0.3, 400, 3000
    k = theory.efron_constants(delta, pi1)
    g = rng(0, "test_theory", "efron_mc")
    y = g.random((reps, m)) < pi1
    x = g.normal(size=(reps, m)) + np.where(y, delta / 2, -delta / 2)
    n1 = y.sum(1)
    m1 = (x * y).sum(1) / n1
    m0 = (x * ~y).sum(1) / (m - n1)
    s2 = (((x - np.where(y, m1[:, None], m0[:, None])) ** 2).sum(1)) / m
    b1 = (m1 - m0) / s2
    b0 = np.log(n1 / (m - n1)) - 0.5 * (m1 + m0) * b1
    k_lda_mc = m * _excess(b0, b1, delta, pi1).mean()
    lb0, lb1 = _logistic_newton(x, y.astype(float))
    k_lr_mc = m * _excess(lb0, lb1, delta, pi1).mean()
    assert k_lda_mc == pytest.approx(k.k_lda, rel=0.12)
    assert k_lr_mc == pytest.approx(k.k_lr, rel=0.12)
    assert k.are == pytest.approx(k.k_lda / k.k_lr)


def test_relative_efficiency_planted():
    g = rng(0, "test_theory", "releff")
    rows = []
    for m in (50, 100, 200, 400):
        excess_dis = 1.0 / m + g.normal(0, 0.1 / m, 40)
        for r in range(40):
            rows.append({"m": m, "replicate": r, "bayes_error": 0.1,
                         "err_generative": 0.1 + 0.6 * excess_dis[r],
                         "err_discriminative": 0.1 + excess_dis[r]})  # fmt: skip
    out = theory.relative_efficiency(pd.DataFrame(rows), rng(0, "eff"), m_min=100, n_boot=300)
    np.testing.assert_allclose(out["efficiency"], 0.6)
    pooled = out.set_index("m").loc[-1]
    assert pooled["ci_low"] <= 0.6 <= pooled["ci_high"]
    assert pooled["excess_dis"] == pytest.approx(3.0, rel=0.05)  # three m >= 100, m*excess ~ 1


def test_m_epsilon_hand_values():
    m = np.array([10.0, 100.0, 1000.0])
    assert theory.m_epsilon(m, [0.13, 0.11, 0.10], 0.10, 0.02) == pytest.approx(np.sqrt(1000))
    assert theory.m_epsilon(m, [0.13, 0.11, 0.10], 0.10, 0.02, interpolate=False) == 100.0
    assert theory.m_epsilon(m, [0.11, 0.10, 0.10], 0.10, 0.02) == 10.0
    assert theory.m_epsilon(m, [0.13, 0.13, 0.13], 0.10, 0.02) is None
    # dips inside then leaves again: m_eps is the start of the final run inside the band
    assert theory.m_epsilon(m, [0.11, 0.13, 0.10], 0.10, 0.02, interpolate=False) == 1000.0
    with pytest.raises(ValueError, match="eps"):
        theory.m_epsilon(m, [0.1] * 3, 0.1, 0.0)


def test_m_epsilon_planted_curve():
    m = 2.0 ** np.arange(3, 16)
    a, b, eps = 0.1, 5.0, 0.01
    got = theory.m_epsilon(m, a + b / m, a, eps, interpolate=False)
    assert got == m[np.argmax(b / m <= eps)]  # first grid point with b/m <= eps, i.e. m >= 500
    assert got == 512.0
    interp = theory.m_epsilon(m, a + b / m, a, eps)
    assert 256 < interp <= 512 and interp == pytest.approx(500, rel=0.1)


def test_fit_sample_complexity_planted():
    n = np.array([2, 4, 8, 16, 32, 64, 128], dtype=float)
    g = rng(0, "test_theory", "sc")
    log_like = 5 + 10 * np.log(n) + g.normal(0, 0.5, n.size)
    lin_like = 3 + 4 * n + g.normal(0, 0.5, n.size)
    f = theory.fit_sample_complexity(n, log_like)
    assert f["log_n"].slope_ci_low < 10 < f["log_n"].slope_ci_high
    assert f["log_n"].aic < f["n"].aic and f["log_n"].r2 > f["n"].r2
    f = theory.fit_sample_complexity(n, [*lin_like[:-1], None])
    assert f["n"].slope_ci_low < 4 < f["n"].slope_ci_high
    assert f["n"].aic < f["log_n"].aic
    assert f["n"].df_resid == n.size - 1 - 2
    with pytest.raises(ValueError, match="distinct"):
        theory.fit_sample_complexity([2, 2, 2], [1, 2, 3])
