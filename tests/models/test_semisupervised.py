"""EM with unlabelled data, self-training LR, and the three-cluster mixture."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

from gendisc.models import gaussian, semisupervised
from gendisc.models.estimators import make_logistic_regression

CENTRES = np.array([[-3.0, -3.0], [0.0, 3.0], [3.0, -1.0]])


def clusters(size: int, seed: int, k: int = 3, sd: float = 0.8):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, size)
    y[:k] = np.arange(k)
    return CENTRES[:k][y] + sd * rng.normal(size=(size, 2)), y


def test_unlabelled_em_is_scikit_learns_tied_mixture():
    X, _ = clusters(500, 0)
    start = gaussian.GaussianFit(np.full(3, 1 / 3), CENTRES + 0.7, np.eye(2) * 2.0)
    fit = semisupervised.em_gaussian(
        np.empty((0, 2)),
        np.empty(0),
        X,
        diagonal=False,
        n_classes=3,
        init=start,
        max_iter=7,
        tol=-np.inf,
    )
    gm = GaussianMixture(
        3,
        covariance_type="tied",
        reg_covar=0.0,
        max_iter=7,
        tol=0.0,
        weights_init=start.priors,
        means_init=start.means,
        precisions_init=np.linalg.inv(start.cov),
    )
    with pytest.warns(Warning):  # not converged after 7 iterations
        gm.fit(X)
    np.testing.assert_allclose(fit.means, gm.means_, rtol=1e-10)
    np.testing.assert_allclose(fit.cov, gm.covariances_, rtol=1e-10)
    np.testing.assert_allclose(fit.priors, gm.weights_, rtol=1e-10)


@pytest.mark.parametrize("diagonal", [True, False])
def test_em_recovers_the_means_of_well_separated_clusters(diagonal):
    X, y = clusters(3000, 1, k=2)
    lab = np.r_[np.flatnonzero(y == 0)[:2], np.flatnonzero(y == 1)[:2]]  # two labels per class
    unl = np.setdiff1d(np.arange(y.size), lab)
    fit = semisupervised.em_gaussian(X[lab], y[lab], X[unl], diagonal=diagonal)
    np.testing.assert_allclose(fit.means, CENTRES[:2], atol=0.06)
    np.testing.assert_allclose(fit.priors, np.bincount(y) / y.size, atol=0.01)
    var = np.diag(fit.cov) if fit.cov.ndim == 2 else fit.cov
    np.testing.assert_allclose(var, 0.64, atol=0.05)
    labelled_only = gaussian.fit_gaussian(X[lab], y[lab], diagonal=diagonal)
    assert np.abs(labelled_only.means - CENTRES[:2]).max() > np.abs(fit.means - CENTRES[:2]).max()


def test_no_unlabelled_weight_returns_the_labelled_fit():
    X, y = clusters(60, 2, k=2)
    ref = gaussian.fit_gaussian(X[:20], y[:20], diagonal=True)
    for weight, unl in ((0.0, X[20:]), (1.0, X[:0])):
        fit = semisupervised.em_gaussian(X[:20], y[:20], unl, diagonal=True, weight=weight)
        np.testing.assert_allclose(fit.means, ref.means)
        np.testing.assert_allclose(fit.cov, ref.cov)
    with pytest.raises(ValueError, match="weight"):
        semisupervised.em_gaussian(X[:20], y[:20], X[20:], diagonal=True, weight=2.0)
    # a smaller weight stays closer to the labelled fit
    w_small = semisupervised.em_gaussian(X[:20], y[:20], X[20:], diagonal=True, weight=0.01)
    w_full = semisupervised.em_gaussian(X[:20], y[:20], X[20:], diagonal=True, weight=1.0)
    assert np.abs(w_small.means - ref.means).max() < np.abs(w_full.means - ref.means).max()


def test_self_training_without_unlabelled_data_is_lr():
    X, y = clusters(80, 3, k=2, sd=3.0)
    Xt, _ = clusters(100, 4, k=2, sd=3.0)
    ref = make_logistic_regression(1e4).fit(X, y).predict(Xt)
    pred = semisupervised.predict_self_training(X, y, X[:0], Xt, lr_C=1e4)
    np.testing.assert_array_equal(pred, ref)


def test_textbook_three_clusters():
    X, y = clusters(1030, 5)
    Xt, yt = clusters(2000, 6)
    pred = semisupervised.predict_mixture(X[:30], y[:30], X[30:], Xt, seed=0)
    assert (pred == yt).mean() > 0.98  # Bayes error of these clusters is about 0.1 %


@pytest.mark.parametrize("diagonal", [True, False])
def test_weighted_m_step_is_the_weighted_maximum_likelihood(diagonal):
    X, y = clusters(200, 7, k=2)
    resp = np.eye(2)[y] * np.random.default_rng(8).uniform(0.1, 1.0, (200, 1))
    fit = semisupervised._m_step(X, resp, diagonal, 0.0)
    for k in (0, 1):
        np.testing.assert_allclose(fit.means[k], np.average(X, axis=0, weights=resp[:, k]))
    resid = X - fit.means[y]
    w = resp.sum(axis=1)
    cov = (resid.T * w) @ resid / w.sum()
    np.testing.assert_allclose(fit.cov, np.diag(cov) if diagonal else cov, atol=1e-12)
