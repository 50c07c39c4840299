"""Mixing diagnostics: autocorrelation against statsmodels, integrated time of a known chain."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.models import mixing
from gendisc.models import separability as SEP


def _ar1(rho: float, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0] / np.sqrt(1 - rho**2)
    for i in range(1, n):
        x[i] = rho * x[i - 1] + e[i]
    return x


def test_autocorrelation_matches_statsmodels():
    from statsmodels.tsa.stattools import acf

    x = _ar1(0.6, 3000, 1)
    np.testing.assert_allclose(
        mixing.autocorrelation(x)[:40], acf(x, nlags=39, fft=True), atol=1e-12
    )


@pytest.mark.parametrize("rho", [0.0, 0.5, 0.8])
def test_integrated_time_of_an_ar1_chain(rho):
    # tau = (1 + rho) / (1 - rho); the estimate's sd is about sqrt(2 (2M + 1) / n) tau
    x = _ar1(rho, 200_000, 2)
    truth = (1 + rho) / (1 - rho)
    assert abs(mixing.integrated_time(x) - truth) < 0.1 * truth + 0.05


def test_burn_in_from_curve():
    steps = [1, 2, 5, 10, 20, 50, 100]
    curve = np.array([0.1, 0.2, 0.25, 0.29, 0.3, 0.301, 0.299])
    assert mixing.burn_in_from_curve(curve, steps, 0.005) == 20
    assert mixing.burn_in_from_curve(np.full(7, 0.3), steps, 0.005) == 1
    with pytest.raises(ValueError, match="settled"):
        mixing.burn_in_from_curve(np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5]), steps, 0.005)


def test_error_path_of_one_feature_chains_reaches_the_exact_mean():
    # chains started at one end of the threshold interval: early errors biased, later exact
    x_train, y_train = np.array([0.1, 0.3, 0.6, 0.9]), np.array([0, 0, 1, 1.0])
    x_test = np.linspace(0.31, 0.59, 29)
    y_test = (x_test > 0.45).astype(float)
    K = 3000
    A = np.broadcast_to(SEP.margin_rows(x_train[:, None], y_train), (K, 4, 2)).copy()
    start = np.tile([0.5, -0.155], (K, 1))  # threshold 0.31
    E = mixing.error_path(
        A,
        start,
        [np.random.default_rng([3, k]) for k in range(K)],
        [1, 50],
        x_test[:, None],
        y_test,
    )
    lo, hi = -np.arctan(0.6), -np.arctan(0.3)
    theta = np.linspace(lo, hi, 200_001)
    exact = np.mean([np.mean((x_test > -np.tan(t)) != (y_test > 0)) for t in theta[::100]])
    assert abs(E[1].mean() - exact) < 4 * E[1].std() / np.sqrt(K)
    assert E[0].mean() > E[1].mean() + 0.01 or E[0].mean() < E[1].mean() - 0.01


def test_panel_diagnostic_on_one_feature():
    x_train, y_train = np.array([0.1, 0.3, 0.6, 0.9]), np.array([0, 0, 1, 1.0])
    x_test = np.linspace(0.31, 0.59, 29)
    y_test = (x_test > 0.45).astype(float)
    A = SEP.margin_rows(x_train[:, None], y_train)
    d = mixing.panel_diagnostic(
        A, np.array([0.5, -0.155]), x_test[:, None], y_test, steps=[1, 20, 40], chains=400,
        long_chain=2000,
    )  # fmt: skip
    theta = np.linspace(-np.arctan(0.6), -np.arctan(0.3), 2001)
    exact = np.mean([np.mean((x_test > -np.tan(t)) != (y_test > 0)) for t in theta])
    assert abs(d["curve"][-1] - exact) < 4 * d["se_last"]
    assert 0.5 < d["tau"] < 20 and d["ess_per_1000"] == pytest.approx(1000 / d["tau"])
