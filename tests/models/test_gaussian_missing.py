"""Gaussian classifiers with missing features, and the LR methods for missing data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

from gendisc.data import missingness
from gendisc.models import gaussian, missing
from gendisc.models.estimators import SharedVarianceNB, make_logistic_regression

COV = np.array(
    [[1.0, 0.6, 0.2, 0.0], [0.6, 1.5, 0.3, 0.1], [0.2, 0.3, 0.8, 0.4], [0.0, 0.1, 0.4, 1.2]]
)


def draw(m: int, seed: int, shift: float = 1.0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, m)
    y[:2] = [0, 1]
    X = rng.multivariate_normal(np.zeros(4), COV, size=m) + shift * y[:, None] * [1, -0.5, 0.3, 0]
    return X, y


def test_complete_fits_match_sklearn():
    X, y = draw(200, 0)
    diag = gaussian.fit_gaussian(X, y, diagonal=True)
    nb = SharedVarianceNB(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(diag.means, nb.theta_)
    np.testing.assert_allclose(diag.cov, nb.var_)
    np.testing.assert_allclose(diag.priors, nb.class_prior_)
    np.testing.assert_allclose(
        gaussian.joint_log_likelihood(diag, X), nb.predict_joint_log_proba(X)
    )
    full = gaussian.fit_gaussian(X, y, diagonal=False)
    lda = LinearDiscriminantAnalysis(solver="svd", store_covariance=True).fit(X, y)
    np.testing.assert_allclose(full.cov, lda.covariance_, atol=1e-12)
    np.testing.assert_array_equal(gaussian.predict(full, X), lda.predict(X))
    ref = np.stack(
        [
            multivariate_normal(full.means[k], full.cov).logpdf(X) + np.log(full.priors[k])
            for k in (0, 1)
        ],
        axis=1,
    )
    np.testing.assert_allclose(gaussian.joint_log_likelihood(full, X), ref)


@pytest.mark.parametrize("diagonal", [True, False])
def test_marginalising_equals_fitting_without_the_features(diagonal):
    X, y = draw(150, 1)
    Xt, _ = draw(60, 2)
    drop = np.array([False, True, False, True])
    Xt_missing = Xt.copy()
    Xt_missing[:, drop] = np.nan
    fit = gaussian.fit_gaussian(X, y, diagonal=diagonal)
    reduced = gaussian.fit_gaussian(X[:, ~drop], y, diagonal=diagonal)
    np.testing.assert_allclose(
        gaussian.joint_log_likelihood(fit, Xt_missing),
        gaussian.joint_log_likelihood(reduced, Xt[:, ~drop]),
    )
    if diagonal:  # and naive Bayes fitted by the reference estimator without those features
        nb = SharedVarianceNB(var_smoothing=0.0).fit(X[:, ~drop], y)
        np.testing.assert_allclose(
            gaussian.joint_log_likelihood(fit, Xt_missing), nb.predict_joint_log_proba(Xt[:, ~drop])
        )
    # mixed patterns row by row, and a fully missing row keeps only the prior
    Xt_missing[0] = np.nan
    Xt_missing[1, 0] = np.nan
    jll = gaussian.joint_log_likelihood(fit, Xt_missing)
    np.testing.assert_allclose(jll[0], np.log(fit.priors))
    keep = np.array([False, False, True, False])  # row 1 now observes feature 2 only
    one = gaussian.fit_gaussian(X[:, keep], y, diagonal=diagonal)
    np.testing.assert_allclose(jll[1], gaussian.joint_log_likelihood(one, Xt[1:2, keep])[0])


def test_training_with_missing_values_is_maximum_likelihood():
    X, y = draw(6000, 3)
    mask = missingness.mcar_mask(X.shape, 0.3, np.random.default_rng(4))
    Xm = missingness.apply_mask(X, mask)
    full = gaussian.fit_gaussian(Xm, y, diagonal=False, em_iter=100)
    np.testing.assert_allclose(full.cov, COV, atol=0.08)  # EM recovers the true covariance
    # a fixed point: EM started at its answer stays there
    again = gaussian._em_full(Xm, y, ~mask, full.means, full.priors, 2, 1, cov=full.cov)
    np.testing.assert_allclose(again.cov, full.cov, atol=1e-6)
    diag = gaussian.fit_gaussian(Xm, y, diagonal=True)  # available-case = ML of the diagonal model
    np.testing.assert_allclose(diag.cov, np.diag(COV), atol=0.08)
    for k in (0, 1):
        np.testing.assert_allclose(diag.means[k], np.nanmean(Xm[y == k], axis=0))


def test_masks_have_their_rates():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(20000, 3))
    assert abs(missingness.mcar_mask(X.shape, 0.25, rng).mean() - 0.25) < 0.01
    mnar = missingness.mnar_mask(X, 0.25, rng)
    assert abs(mnar.mean() - 0.25) < 0.01
    assert not mnar[X < np.median(X, axis=0)].any()  # only large values go missing
    with pytest.raises(ValueError, match="rate"):
        missingness.mnar_mask(X, 0.6, rng)
    with pytest.raises(ValueError, match="mechanism"):
        missingness.make_mask("mar", X, 0.1, rng)


def test_lr_methods_reduce_to_plain_lr_on_complete_data():
    X, y = draw(120, 6)
    Xt, _ = draw(80, 7)
    plain = make_logistic_regression(1e4).fit(X, y).predict(Xt)
    for method in ("lr_mean", "lr_iterative", "lr_reduced"):
        pred = missing.predict_method(method, X, y, Xt, diagonal=True, lr_C=1e4)
        np.testing.assert_array_equal(pred, plain)


def test_reduced_model_fits_one_lr_per_pattern():
    X, y = draw(120, 8)
    Xt, _ = draw(80, 9)
    Xm = Xt.copy()
    Xm[:40, 1] = np.nan
    pred = missing.predict_lr_reduced(X, y, Xm, lr_C=1e4)
    keep = [0, 2, 3]
    sub = make_logistic_regression(1e4).fit(X[:, keep], y).predict(Xt[:40][:, keep])
    np.testing.assert_array_equal(pred[:40], sub)
    np.testing.assert_array_equal(
        pred[40:], make_logistic_regression(1e4).fit(X, y).predict(Xt[40:])
    )
    Xm[0] = np.nan  # nothing observed: the training majority
    assert missing.predict_lr_reduced(X, y, Xm, lr_C=1e4)[0] == np.bincount(y).argmax()


def test_mean_imputation_fills_training_means():
    X, y = draw(100, 10)
    Xt, _ = draw(30, 11)
    Xm = Xt.copy()
    Xm[:, 0] = np.nan
    filled = Xt.copy()
    filled[:, 0] = X[:, 0].mean()
    ref = make_logistic_regression(1e4).fit(X, y).predict(filled)
    np.testing.assert_array_equal(missing.predict_lr_mean(X, y, Xm, lr_C=1e4), ref)
    with pytest.raises(ValueError, match="method"):
        missing.predict_method("drop", X, y, Xt, diagonal=True, lr_C=1.0)


def test_batched_reduced_model_matches_one_sklearn_fit_per_pattern():
    X, y = draw(60, 12)
    Xt, _ = draw(300, 13)
    rng = np.random.default_rng(14)
    Xm = missingness.apply_mask(Xt, missingness.mcar_mask(Xt.shape, 0.4, rng))
    pred = missing.predict_lr_reduced(X, y, Xm, lr_C=1e4)
    obs = ~np.isnan(Xm)
    for row in range(0, 300, 7):
        o = obs[row]
        if not o.any():
            assert pred[row] == np.bincount(y).argmax()  # intercept only: the majority
            continue
        lr = make_logistic_regression(1e4).fit(X[:, o], y)
        assert pred[row] == lr.predict(Xt[row : row + 1, o])[0]
