"""Hybrid generative-discriminative fits: λ = 0 is the generative fit, λ = 1 is logistic regression."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import check_grad
from sklearn.linear_model import LogisticRegression

from gendisc.models import gaussian, hybrid


def draw(m: int, seed: int):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, m)
    y[:2] = [0, 1]
    # correlated, heteroscedastic: both models misspecified, no separating hyperplane
    X = rng.normal(size=(m, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.7]])
    X *= np.where(y[:, None] == 1, 1.8, 1.0)
    X += 0.8 * y[:, None] * np.array([1.0, -0.5, 0.4])
    return X, y


@pytest.mark.parametrize("diagonal", [True, False])
@pytest.mark.parametrize("lam", [0.0, 0.4, 1.0])
def test_gradient_is_exact(diagonal, lam):
    X, y = draw(40, 0)
    start = gaussian.fit_gaussian(X, y, diagonal=diagonal)
    layout = hybrid._Layout(2, 3, diagonal)
    onehot = np.eye(2)[y]
    theta = layout.pack(start) + np.random.default_rng(1).normal(
        scale=0.1, size=layout.pack(start).size
    )
    err = check_grad(
        lambda t: hybrid._objective(t, layout, X, onehot, lam)[0],
        lambda t: hybrid._objective(t, layout, X, onehot, lam)[1],
        theta,
    )
    assert err < 1e-5


@pytest.mark.parametrize("diagonal", [True, False])
def test_lambda_zero_is_the_generative_fit(diagonal):
    X, y = draw(60, 2)
    fit = hybrid.fit_hybrid(X, y, 0.0, diagonal=diagonal)
    ref = gaussian.fit_gaussian(X, y, diagonal=diagonal)
    for a, b in ((fit.priors, ref.priors), (fit.means, ref.means), (fit.cov, ref.cov)):
        np.testing.assert_allclose(a, b)
    # the generative fit is a stationary point of L_0: the optimiser does not move from it
    layout = hybrid._Layout(2, 3, diagonal)
    grad = hybrid._objective(layout.pack(ref), layout, X, np.eye(2)[y], 0.0)[1]
    assert np.abs(grad).max() < 1e-10


@pytest.mark.parametrize("diagonal", [True, False])
def test_lambda_one_is_logistic_regression(diagonal):
    X, y = draw(80, 3)
    fit = hybrid.fit_hybrid(X, y, 1.0, diagonal=diagonal)
    w, b = hybrid.log_odds_weights(fit)
    lr = LogisticRegression(C=1e12, tol=1e-12, max_iter=1000, solver="newton-cholesky").fit(X, y)
    np.testing.assert_allclose(w, lr.coef_[0], rtol=1e-4, atol=1e-4)
    assert b == pytest.approx(lr.intercept_[0], abs=1e-4)
    np.testing.assert_array_equal(gaussian.predict(fit, X), lr.predict(X))


def test_objective_moves_between_the_ends():
    X, y = draw(80, 4)
    layout = hybrid._Layout(2, 3, True)
    onehot = np.eye(2)[y]
    cond = []
    for lam in (0.0, 0.5, 1.0):
        theta = layout.pack(hybrid.fit_hybrid(X, y, lam, diagonal=True))
        joint = -hybrid._objective(theta, layout, X, onehot, 0.0)[0]
        cond.append((-hybrid._objective(theta, layout, X, onehot, 1.0)[0], joint))
    # raising λ trades joint likelihood for conditional likelihood, monotonically
    assert cond[0][0] < cond[1][0] < cond[2][0] + 1e-9
    assert cond[0][1] > cond[1][1] > cond[2][1]
    with pytest.raises(ValueError, match="lam"):
        hybrid.fit_hybrid(X, y, 1.5, diagonal=True)
