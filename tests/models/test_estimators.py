"""Model pairs: SharedVarianceNB, the registry and the estimators it builds."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.special import expit
from sklearn.base import clone
from sklearn.naive_bayes import GaussianNB
from sklearn.utils.estimator_checks import parametrize_with_checks

from gendisc.models import estimators, fast_fit, linear_batch
from gendisc.models.estimators import SharedVarianceNB
from gendisc.models.pairs import PAIRS, get_pair


def make_estimators(pair, **kw):
    return get_pair(pair).make_estimators(**kw)


KS = (2, 3, 4, 3)


def continuous(m: int, n: int, seed: int, shift: float = 1.0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, m)
    y[:2] = [0, 1]
    X = rng.normal(size=(m, n)) * rng.uniform(0.5, 3.0, n) + shift * y[:, None]
    return X, y


def discrete(m: int, seed: int, ks=KS):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, m)
    y[:2] = [0, 1]
    # code k - 1 for class 1 and 0 for class 0, replaced by a uniform code w.p. 0.5
    X = np.where(rng.random((m, len(ks))) < 0.5, y[:, None] * (np.array(ks) - 1), 0)
    X = np.where(rng.random((m, len(ks))) < 0.5, X, rng.integers(0, ks, (m, len(ks))))
    return X.astype(np.float64), y


def data_for(pair: str, m: int, seed: int):
    if PAIRS[pair].kind == "discrete":
        return discrete(m, seed)
    return continuous(m, 4, seed, shift=2.5)


@parametrize_with_checks([SharedVarianceNB()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_shared_variance_nb_is_diagonal_lda_closed_form():
    """Decision function = sum_j w_j x_j + b with w_j = (mu1j - mu0j) / s2_j and
    b = -sum_j (mu1j^2 - mu0j^2) / (2 s2_j) + log(n1 / n0), s2_j the pooled ML variance."""
    X, y = continuous(60, 5, seed=1)
    X[:, 2] *= 1e3  # very different feature scales
    nb = SharedVarianceNB().fit(X, y)
    mu0, mu1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    pooled = (((X[y == 0] - mu0) ** 2).sum(axis=0) + ((X[y == 1] - mu1) ** 2).sum(axis=0)) / 60
    s2 = pooled + 1e-9 * X.var(axis=0).max()
    w = (mu1 - mu0) / s2
    b = -0.5 * np.sum((mu1**2 - mu0**2) / s2) + np.log(np.mean(y == 1) / np.mean(y == 0))
    Xt, _ = continuous(40, 5, seed=2)
    np.testing.assert_allclose(nb.var_, s2, rtol=1e-12)
    np.testing.assert_allclose(nb.theta_, np.stack([mu0, mu1]), rtol=1e-12)
    np.testing.assert_allclose(nb.decision_function(Xt), Xt @ w + b, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(nb.predict(Xt), (Xt @ w + b > 0).astype(int))


def test_shared_variance_nb_equals_gaussian_nb_with_pooled_variance():
    X, y = continuous(50, 4, seed=3)
    nb = SharedVarianceNB().fit(X, y)
    gnb = GaussianNB().fit(X, y)
    assert not np.allclose(gnb.var_[0], gnb.var_[1])  # the per-class variances differ
    gnb.var_ = np.tile(nb.var_, (2, 1))
    Xt, _ = continuous(30, 4, seed=4)
    jll = gnb.predict_joint_log_proba(Xt)
    np.testing.assert_allclose(nb.predict_joint_log_proba(Xt), jll, rtol=1e-12)
    np.testing.assert_allclose(nb.decision_function(Xt), jll[:, 1] - jll[:, 0], rtol=1e-10)
    np.testing.assert_allclose(nb.predict_proba(Xt), gnb.predict_proba(Xt), rtol=1e-10)
    np.testing.assert_array_equal(nb.predict(Xt), gnb.predict(Xt))


def test_shared_variance_nb_differs_from_gaussian_nb():
    """Heteroscedastic classes: per-class and pooled variances give different models."""
    rng = np.random.default_rng(5)
    y = np.repeat([0, 1], 100)
    X = rng.normal(size=(200, 2)) * np.where(y[:, None] == 1, 4.0, 0.5)
    Xt = rng.normal(size=(500, 2)) * 3
    ours = SharedVarianceNB().fit(X, y).predict(Xt)
    theirs = GaussianNB().fit(X, y).predict(Xt)
    assert np.mean(ours != theirs) > 0.2


@pytest.mark.parametrize(
    "X",
    [
        np.array([[0.0, 1.0], [1.0, 1.0]]),  # m = 2, constant feature
        np.array([[3.0, 1.0], [3.0, 1.0]]),  # duplicated rows: every feature constant
        np.array([[0.0, 1.0, 2.0], [1.0, 1.0, 2.0]]),  # n > m
    ],
)
def test_shared_variance_nb_degenerate_training_sets_are_finite(X):
    nb = SharedVarianceNB().fit(X, [0, 1])
    assert np.all(nb.var_ > 0)
    out = nb.decision_function(np.array([[0.5] * X.shape[1], [-4.0] * X.shape[1]]))
    assert np.all(np.isfinite(out))


def test_shared_variance_nb_rejects_negative_smoothing():
    with pytest.raises(ValueError, match="var_smoothing"):
        SharedVarianceNB(var_smoothing=-1.0).fit(*continuous(10, 2, 0))


def test_registry_entries_are_consistent():
    assert set(PAIRS) == {"nb_lr", "gnb_lr", "bnb_lr", "lda_lr"}
    for key, pair in PAIRS.items():
        assert pair.name == key
        assert pair.kind in {"continuous", "discrete"}
        assert pair.discriminative == "logistic_regression"
        assert pair.generative != pair.discriminative
        assert pair.description
        assert pair.faithful == (pair.deviation == "")
    assert {k for k, p in PAIRS.items() if p.faithful} == {"nb_lr", "bnb_lr"}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_every_pair_fits_predicts_and_is_deterministic(pair):
    X, y = data_for(pair, 80, seed=6)
    Xt, yt = data_for(pair, 300, seed=7)
    kw = {"n_categories": KS} if PAIRS[pair].kind == "discrete" else {}
    first = make_estimators(pair, lr_C=1e4, **kw)
    second = make_estimators(pair, lr_C=1e4, **kw)
    assert all(a is not b for a, b in zip(first, second, strict=True))  # fresh objects
    for est, again in zip(first, second, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no FutureWarning/ConvergenceWarning
            pred = est.fit(X, y).predict(Xt)
        assert pred.shape == (300,)
        assert set(np.unique(pred)) == {0, 1}
        assert np.mean(pred != yt) < 0.4  # it learned something
        np.testing.assert_array_equal(pred, again.fit(X, y).predict(Xt))
        np.testing.assert_array_equal(pred, clone(est).fit(X, y).predict(Xt))


def test_discrete_pair_scores_categories_unseen_in_training():
    X, y = discrete(30, seed=8, ks=(3, 5))
    X[:, 1] = np.minimum(X[:, 1], 1)  # categories 2..4 of feature 1 never seen
    Xt = np.array([[0.0, 4.0], [2.0, 3.0]])
    for est in make_estimators("bnb_lr", lr_C=1e4, n_categories=(3, 5)):
        est.fit(X, y)
        assert est.predict(Xt).shape == (2,)
    nb = make_estimators("bnb_lr", lr_C=1e4, n_categories=(3, 5))[0].fit(X, y)
    # Laplace smoothing (alpha = 1): an unseen category has probability 1 / (n_k + k_j)
    n0 = np.sum(y == 0)
    assert nb.feature_log_prob_[1][0, 4] == pytest.approx(np.log(1.0 / (n0 + 5)))


def test_logistic_regression_minimises_the_vanishing_l2_objective():
    """At sklearn's solution, w + C * X'(p - y) = 0 and sum(p - y) = 0 (intercept free):
    the stationarity conditions of 0.5 ||w||^2 + C * sum(logloss)."""
    X, y = continuous(40, 3, seed=9, shift=0.5)
    for C in (1.0, 1e4):
        lr = estimators.make_logistic_regression(C).fit(X, y)
        p = expit(X @ lr.coef_[0] + lr.intercept_[0])
        grad_w = lr.coef_[0] + C * X.T @ (p - y)
        assert np.max(np.abs(grad_w)) < 1e-6 * max(1.0, C)
        assert abs(np.sum(p - y)) < 1e-6
    # separable training set: the solution exists and classifies the training set
    X, y = continuous(10, 3, seed=10, shift=8.0)
    lr = estimators.make_logistic_regression(1e4).fit(X, y)
    np.testing.assert_array_equal(lr.predict(X), y)


@pytest.mark.parametrize("bad", [0.0, -1.0, np.inf, np.nan, "1"])
def test_bad_lr_C_is_rejected(bad):
    with pytest.raises(ValueError, match="lr_C"):
        make_estimators("nb_lr", lr_C=bad)


def test_unknown_pair_and_missing_categories_are_rejected():
    with pytest.raises(ValueError, match="unknown pair"):
        make_estimators("svm_lr", lr_C=1.0)
    with pytest.raises(ValueError, match="n_categories"):
        make_estimators("bnb_lr", lr_C=1.0)
    with pytest.raises(ValueError, match="n_categories"):
        make_estimators("bnb_lr", lr_C=1.0, n_categories=(2, 0))


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_batched_generative_fit_matches_sklearn_parameters(pair):
    """fit_generative_batch reproduces the sklearn estimator's decision function."""
    R = 4
    draws = [data_for(pair, 25, seed=20 + r) for r in range(R)]
    X = np.stack([d[0] for d in draws])
    y = np.stack([d[1] for d in draws]).astype(np.float64)
    ks = KS if PAIRS[pair].kind == "discrete" else None
    batch = PAIRS[pair].fast_fit(X, y, ks)
    for r in range(R):
        est = make_estimators(pair, lr_C=1.0, n_categories=ks)[0].fit(X[r], y[r])
        if pair == "lda_lr":
            coef, intercept = est.coef_[0], est.intercept_[0]
            np.testing.assert_allclose(batch.coef[r], coef, rtol=1e-8, atol=1e-10)
            assert batch.intercept[r] == pytest.approx(intercept, rel=1e-8, abs=1e-10)
        else:
            jll = est.predict_joint_log_proba(X[r])
            if batch.feature == "onehot":
                feats = linear_batch.onehot(X[r], KS)
            elif batch.feature == "x_x2":
                feats = np.hstack([X[r], X[r] ** 2])
            else:
                feats = X[r]
            np.testing.assert_allclose(
                feats @ batch.coef[r] + batch.intercept[r], jll[:, 1] - jll[:, 0], rtol=1e-10
            )


def test_onehot_and_batch_gram():
    X = np.array([[[0.0, 2.0], [1.0, 0.0]]])
    np.testing.assert_array_equal(
        linear_batch.onehot(X, (2, 3)), [[[1, 0, 0, 0, 1], [0, 1, 1, 0, 0]]]
    )
    rng = np.random.default_rng(11)
    for shape in [(3, 5, 4), (2, 400, 12)]:
        B = rng.normal(size=shape)
        expect = np.einsum("rmi,rmj->rij", B, B)
        np.testing.assert_allclose(fast_fit.batch_gram(B), expect, rtol=1e-12, atol=1e-12)


def test_expit_matches_scipy():
    """The engine's own logistic function equals scipy's to rounding, tails included."""
    from scipy.special import expit as scipy_expit

    x = np.concatenate([np.linspace(-700.0, 700.0, 20001), [0.0, -0.0, np.inf, -np.inf, 37.5]])
    ours, ref = fast_fit.expit(x), scipy_expit(x)
    assert ours.dtype == np.float64 and np.all((ours >= 0) & (ours <= 1))
    np.testing.assert_allclose(ours, ref, rtol=4 * np.finfo(float).eps, atol=0)
    np.testing.assert_array_equal(ours[-5:], [0.5, 0.5, 1.0, 0.0, ref[-1]])
