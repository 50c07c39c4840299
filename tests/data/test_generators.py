"""Tests of the synthetic families: contract checks over every family plus known-truth checks."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from gendisc.data import bayes, families
from gendisc.data import generators as gen
from gendisc.data.generators import FAMILIES, FAMILY_NAMES, Setting
from gendisc.study.seeding import rng

CONTINUOUS = [f for f in FAMILY_NAMES if FAMILIES[f].kind == "continuous"]
EXACT = [f for f in FAMILY_NAMES if FAMILIES[f].bayes_error_exact is not None]


def within_class_corr(x: np.ndarray) -> np.ndarray:
    """Largest absolute off-diagonal correlation of ``x``."""
    corr = np.corrcoef(x, rowvar=False)
    return np.abs(corr[~np.eye(corr.shape[0], dtype=bool)]).max()


def test_registry() -> None:
    assert len(FAMILY_NAMES) >= 5
    assert FAMILY_NAMES == tuple(FAMILIES)
    for name, family in FAMILIES.items():
        assert family.name == name
        assert family.kind in ("continuous", "discrete")
        assert (family.n_categories is None) == (family.kind == "continuous")
        assert len(family.description) > 40


# ----------------------------------------------------------------------------- contract checks


@pytest.mark.parametrize("family", FAMILY_NAMES)
@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_sample_shapes_and_labels(family: str, level: float) -> None:
    setting = Setting(family, 5, level, prior=0.3)
    x, y = gen.sample(setting, 400, rng(0, family, level))
    assert x.shape == (400, 5) and x.dtype == np.float64
    assert y.shape == (400,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert np.isfinite(x).all()
    assert 0.2 < y.mean() < 0.4
    cats = gen.n_categories(setting)
    if FAMILIES[family].kind == "discrete":
        assert cats is not None and len(cats) == 5
        for j, k in enumerate(cats):
            assert set(np.unique(x[:, j])) <= set(range(k))
    else:
        assert cats is None


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_both_classes_at_m2_and_extreme_prior(family: str) -> None:
    setting = Setting(family, 3, 0.5, prior=0.02)
    for rep in range(20):
        x, y = gen.sample(setting, 2, rng(1, family, rep), both_classes=True)
        assert sorted(y.tolist()) == [0, 1]
        assert x.shape == (2, 3)


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_determinism(family: str) -> None:
    setting = Setting(family, 4, 0.7)
    x1, y1 = gen.sample(setting, 50, rng(7, "a"))
    x2, y2 = gen.sample(setting, 50, rng(7, "a"))
    x3, y3 = gen.sample(setting, 50, rng(7, "b"))
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not (np.array_equal(x1, x3) and np.array_equal(y1, y3))


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_level0_features_independent_given_class(family: str) -> None:
    setting = Setting(family, 4, 0.0, separation=1.5)
    size = 20_000
    y = np.repeat([0, 1], size)
    x = FAMILIES[family].sample_given_labels(setting, y, rng(2, family))
    tol = 5 / math.sqrt(size)
    for c in (0, 1):
        assert within_class_corr(x[y == c]) < tol
    if family in CONTINUOUS:  # shared diagonal covariance, equal within-class variances
        var0, var1 = x[y == 0].var(axis=0), x[y == 1].var(axis=0)
        np.testing.assert_allclose(var1 / var0, 1.0, atol=6 * math.sqrt(4 / size))


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_level1_violates_naive_bayes(family: str) -> None:
    n, size = 4, 20_000
    setting = Setting(family, n, 1.0)
    y = np.repeat([0, 1], size)
    x = FAMILIES[family].sample_given_labels(setting, y, rng(3, family))
    x0, x1 = x[y == 0], x[y == 1]
    if family == "heteroscedastic_gaussian":
        ratio = x1.var(axis=0) / x0.var(axis=0)
        np.testing.assert_allclose(ratio, gen.R_MAX, rtol=0.08)
        assert within_class_corr(x0) < 5 / math.sqrt(size)  # still independent
    elif family == "heavy_tailed":
        centred = x0 - np.median(x0, axis=0)
        tail = (np.abs(centred) > 4).mean()
        expected = 2 * stats.t.sf(4, gen.NU_MIN)  # ~0.057, Gaussian: 6e-5
        assert abs(tail - expected) < 0.01
        assert tail > 100 * 2 * stats.norm.sf(4)
    elif family == "heteroscedastic_correlated":  # the correlation is class 1's only
        assert within_class_corr(x0) < 5 / math.sqrt(size)
        assert within_class_corr(x1) > 0.3
    else:
        assert within_class_corr(x0) > 0.3
        assert within_class_corr(x1) > 0.3


# --------------------------------------------------------------------------- exact likelihoods


def test_llr_correlated_against_scipy() -> None:
    n, level, sep = 5, 0.6, 2.5
    setting = Setting("correlated_gaussian", n, level, separation=sep)
    rho = level * gen.RHO_MAX
    cov = (1 - rho) * np.eye(n) + rho * np.ones((n, n))  # built independently of the module
    params = gen.gaussian_parameters(setting)
    np.testing.assert_allclose(params.cov, cov)
    delta = params.mean1 - params.mean0
    assert np.all(delta[:3] > 0) and np.all(delta[3:] == 0)
    assert math.isclose(delta @ np.linalg.solve(cov, delta), sep**2)
    x = rng(4).normal(size=(50, n)) * 2
    ref = stats.multivariate_normal(params.mean1, cov).logpdf(x) - stats.multivariate_normal(
        params.mean0, cov
    ).logpdf(x)
    np.testing.assert_allclose(
        FAMILIES["correlated_gaussian"].log_likelihood_ratio(setting, x), ref
    )


@pytest.mark.parametrize("family", ["correlated_gaussian", "redundant_features"])
@pytest.mark.parametrize("level", [0.0, 0.4, 1.0])
def test_shared_gaussian_parameters(family: str, level: float) -> None:
    setting = Setting(family, 6, level, separation=1.7)
    params = gen.gaussian_parameters(setting)
    delta = params.mean1 - params.mean0
    assert math.isclose(delta @ np.linalg.solve(params.cov, delta), 1.7**2)
    x = rng(5).normal(size=(30, 6))
    ref = stats.multivariate_normal(params.mean1, params.cov).logpdf(x)
    ref -= stats.multivariate_normal(params.mean0, params.cov).logpdf(x)
    np.testing.assert_allclose(FAMILIES[family].log_likelihood_ratio(setting, x), ref, atol=1e-9)
    # the sampler draws from these parameters
    size = 40_000
    y = np.repeat([0, 1], size)
    xs = FAMILIES[family].sample_given_labels(setting, y, rng(6, family))
    for c, mean in ((0, params.mean0), (1, params.mean1)):
        np.testing.assert_allclose(xs[y == c].mean(axis=0), mean, atol=0.03)
        np.testing.assert_allclose(np.cov(xs[y == c], rowvar=False), params.cov, atol=0.04)


def test_redundant_copies() -> None:
    setting = Setting("redundant_features", 9, 0.5)
    params = gen.gaussian_parameters(setting)
    n_copies = math.floor(0.5 * 8)
    # copies are correlated 1/sqrt(1 + sigma^2) with their source, originals independent
    corr = params.cov / np.sqrt(np.outer(np.diag(params.cov), np.diag(params.cov)))
    strong = np.abs(corr - np.eye(9)) > 0.5
    assert strong.sum() == 2 * n_copies
    assert math.isclose(corr[0, 9 - n_copies], 1 / math.sqrt(1 + gen.SIGMA_COPY**2))


@pytest.mark.parametrize("level", [0.0, 0.3, 1.0])
def test_heteroscedastic_llr_and_sampler(level: float) -> None:
    n, sep = 3, 2.0
    setting = Setting("heteroscedastic_gaussian", n, level, separation=sep)
    family = FAMILIES["heteroscedastic_gaussian"]
    var1 = 1 + level * (gen.R_MAX - 1)
    shift = sep * math.sqrt((1 + var1) / 2 / n)  # Mahalanobis under the average covariance
    class1, class0 = stats.norm(shift / 2, math.sqrt(var1)), stats.norm(-shift / 2, 1.0)
    x = rng(7).normal(size=(40, n)) * 3
    ref = class1.logpdf(x).sum(1) - class0.logpdf(x).sum(1)
    np.testing.assert_allclose(family.log_likelihood_ratio(setting, x), ref, rtol=1e-10, atol=1e-10)
    size = 50_000
    y = np.repeat([0, 1], size)
    xs = family.sample_given_labels(setting, y, rng(8, level))
    for c, dist in ((0, class0), (1, class1)):
        assert stats.kstest(xs[y == c][:, 0], dist.cdf).pvalue > 1e-4


@pytest.mark.parametrize("level", [0.0, 0.25, 1.0])
def test_llr_heavy_tailed_against_scipy(level: float) -> None:
    setting = Setting("heavy_tailed", 4, level, separation=2.0)
    shift = 2.0 / math.sqrt(4)
    dist = stats.norm if level == 0 else stats.t(gen.NU_MIN / level)
    x = rng(9).standard_cauchy(size=(40, 4))
    ref = dist.logpdf(x - shift / 2).sum(1) - dist.logpdf(x + shift / 2).sum(1)
    llr = FAMILIES["heavy_tailed"].log_likelihood_ratio(setting, x)
    np.testing.assert_allclose(llr, ref, rtol=1e-10, atol=1e-10)


def binary_brute_force(setting: Setting) -> tuple[np.ndarray, np.ndarray]:
    """All points of {0,1}^n and log p(x | y) by explicit summation over the latent z."""
    probs = families.binary_probs(setting)
    points = np.array(list(itertools.product([0, 1], repeat=setting.n_features)), dtype=float)
    logp = np.empty((len(points), 2))
    for y in (0, 1):
        mix = sum(0.5 * stats.bernoulli(probs[y, z]).pmf(points).prod(axis=1) for z in (0, 1))
        logp[:, y] = np.log(mix)
    return points, logp


@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_binary_llr_and_enumeration(level: float) -> None:
    setting = Setting("dependent_binary", 5, level, separation=1.5, prior=0.35)
    probs = families.binary_probs(setting)
    # class marginals do not depend on the level; level 0 has no latent effect
    np.testing.assert_allclose(
        probs.mean(axis=1),
        families.binary_probs(Setting("dependent_binary", 5, 0.0, separation=1.5)).mean(axis=1),
    )
    points, logp = binary_brute_force(setting)
    assert math.isclose(np.exp(logp).sum(axis=0)[0], 1.0) and math.isclose(
        np.exp(logp[:, 1]).sum(), 1
    )
    llr = FAMILIES["dependent_binary"].log_likelihood_ratio(setting, points)
    np.testing.assert_allclose(llr, logp[:, 1] - logp[:, 0], rtol=1e-10, atol=1e-12)
    brute = np.minimum(0.35 * np.exp(logp[:, 1]), 0.65 * np.exp(logp[:, 0])).sum()
    assert math.isclose(bayes.bayes_error(setting).value, brute, rel_tol=1e-10)
    # level 0: the features are exactly independent given y (product of marginals)
    if level == 0:
        indep = stats.bernoulli(probs[1, 0]).pmf(points).prod(axis=1)
        np.testing.assert_allclose(np.exp(logp[:, 1]), indep)


# ----------------------------------------------------------------------------------- Bayes error


def bayes_rule_error(setting: Setting, size: int, seed: int) -> tuple[float, float]:
    """0/1 loss of the Bayes rule on a fresh sample, with its standard error."""
    x, y = gen.sample(setting, size, rng(seed, "bayes-rule", setting.id))
    llr = FAMILIES[setting.family].log_likelihood_ratio(setting, x)
    pred = llr + math.log(setting.prior / (1 - setting.prior)) > 0
    err = float((pred != y).mean())
    return err, math.sqrt(err * (1 - err) / size)


@pytest.mark.parametrize("family", EXACT)
@pytest.mark.parametrize(("level", "prior"), [(0.0, 0.5), (0.5, 0.2), (1.0, 0.5), (1.0, 0.85)])
def test_exact_bayes_error_matches_monte_carlo(family: str, level: float, prior: float) -> None:
    setting = Setting(family, 5, level, separation=1.8, prior=prior)
    exact = bayes.bayes_error(setting)
    assert exact.se == 0.0 and exact.method == FAMILIES[family].exact_method
    mc, se = bayes_rule_error(setting, 100_000, 11)
    assert abs(mc - exact.value) < 4 * se


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_bayes_error_at_level0_is_the_gaussian_or_product_value(family: str) -> None:
    setting = Setting(family, 4, 0.0, separation=2.0, prior=0.3)
    est = bayes.bayes_error(setting, n_mc=100_000, rng=rng(12))
    if family in CONTINUOUS:  # the same two spherical Gaussians for every continuous family
        expected = 0.3 * stats.norm.cdf((math.log(0.7 / 0.3) - 2) / 2)
        expected += 0.7 * stats.norm.cdf((-math.log(0.7 / 0.3) - 2) / 2)
        assert abs(est.value - expected) < max(4 * est.se, 1e-12)
    assert 0 < est.value < 0.3


def test_correlated_bayes_error_constant_and_naive_bayes_rule_worse() -> None:
    errors = []
    for level in (0.0, 0.5, 1.0):
        setting = Setting("correlated_gaussian", 6, level, separation=2.0)
        params = gen.gaussian_parameters(setting)
        delta = params.mean1 - params.mean0
        # population naive Bayes rule (diagonal covariance): w = delta / diag, threshold 0
        w = delta / np.diag(params.cov)
        nb_error = stats.norm.cdf(-(w @ delta / 2) / math.sqrt(w @ params.cov @ w))
        errors.append((bayes.bayes_error(setting).value, nb_error))
    assert all(math.isclose(b, errors[0][0]) for b, _ in errors)
    assert math.isclose(errors[0][1], errors[0][0])  # NB is the Bayes rule at level 0
    assert errors[1][1] > errors[1][0] + 0.02  # NB's rule is wrong once features correlate
    assert errors[2][1] > errors[1][1]


@pytest.mark.parametrize("level", [0.2, 0.6, 1.0])
@pytest.mark.parametrize("n", [1, 3, 8])
def test_heteroscedastic_exact_matches_noncentral_chi2(level: float, n: int) -> None:
    setting = Setting("heteroscedastic_gaussian", n, level, separation=2.0, prior=0.4)
    r = 1 + level * (gen.R_MAX - 1)
    a = 2.0 * math.sqrt((1 + r) / (2 * n))
    mu0, mu1 = -a / 2, a / 2
    # per coordinate: LLR = c (x - m)^2 + k; decide 1 iff S = sum (x - m)^2 > s*
    c = 0.5 * (1 - 1 / r)
    m = (mu0 - mu1 / r) / (2 * c)
    k = -0.5 * math.log(r) - (m - mu1) ** 2 / (2 * r) + (m - mu0) ** 2 / 2
    s_star = (math.log(0.6 / 0.4) - n * k) / c
    ref = 0.4 * stats.ncx2.cdf(s_star / r, n, n * (mu1 - m) ** 2 / r)
    ref += 0.6 * stats.ncx2.sf(s_star, n, n * (mu0 - m) ** 2)
    assert math.isclose(bayes.bayes_error(setting).value, ref, rel_tol=1e-6)


def test_heteroscedastic_exact_is_continuous_at_level0() -> None:
    values = [
        bayes.bayes_error(Setting("heteroscedastic_gaussian", 6, lv)).value for lv in (0, 1e-9)
    ]
    assert math.isclose(values[0], values[1], rel_tol=1e-6)


def test_monte_carlo_bayes_error() -> None:
    setting = Setting("heavy_tailed", 4, 1.0, separation=2.0, prior=0.3)
    est = bayes.bayes_error(setting, n_mc=150_000, rng=rng(13))
    assert est.method.startswith("Monte Carlo") and "150000" in est.method
    # the posterior estimator beats the 0/1 loss, whose SE is sqrt(e (1 - e) / N)
    assert 0 < est.se < math.sqrt(est.value * (1 - est.value) / 150_000)
    again = bayes.bayes_error(setting, n_mc=150_000, rng=rng(13))
    assert again == est
    mc, se = bayes_rule_error(setting, 150_000, 14)
    assert abs(mc - est.value) < 4 * math.hypot(se, est.se)
    with pytest.raises(ValueError, match="rng"):
        bayes.bayes_error(setting)


# ------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": -0.1}, "level"),
        ({"level": 1.5}, "level"),
        ({"level": math.nan}, "level"),
        ({"n_features": 0}, "n_features"),
        ({"n_features": 2.0}, "n_features"),
        ({"prior": 0.0}, "prior"),
        ({"prior": 1.0}, "prior"),
        ({"separation": 0.0}, "separation"),
        ({"family": "no_such_family"}, "family"),
    ],
)
def test_invalid_settings(kwargs: dict, field: str) -> None:
    args = {"family": "correlated_gaussian", "n_features": 4, "level": 0.5} | kwargs
    with pytest.raises(ValueError, match=field):
        Setting(**args)


@pytest.mark.parametrize("family", [f for f in FAMILY_NAMES if FAMILIES[f].min_features > 1])
def test_min_features(family: str) -> None:
    with pytest.raises(ValueError, match="n_features"):
        Setting(family, 1, 0.0)


def test_setting_id() -> None:
    setting = Setting("correlated_gaussian", 8, 0.5)
    assert setting.id == "correlated_gaussian-n8-l0.5-s2-p0.5"
    assert Setting("heavy_tailed", 3, 1, 1.25, 0.1).id == "heavy_tailed-n3-l1-s1.25-p0.1"
    for family in FAMILY_NAMES:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", Setting(family, 2, 1e-5, 3.5, 0.05).id)


def test_draw_labels() -> None:
    y = gen.draw_labels(0.2, 50_000, rng(15), both_classes=False)
    assert abs(y.mean() - 0.2) < 4 * math.sqrt(0.16 / 50_000)
    with pytest.raises(ValueError, match="size"):
        gen.draw_labels(0.5, 1, rng(15), both_classes=True)
    with pytest.raises(ValueError, match="prior"):
        gen.draw_labels(1.0, 5, rng(15), both_classes=False)
    assert gen.draw_labels(0.5, 0, rng(15), both_classes=False).shape == (0,)


def test_bad_labels_and_points() -> None:
    setting = Setting("correlated_gaussian", 3, 0.5)
    family = FAMILIES["correlated_gaussian"]
    with pytest.raises(ValueError, match="y"):
        family.sample_given_labels(setting, np.array([0, 2]), rng(0))
    with pytest.raises(ValueError, match="x"):
        family.log_likelihood_ratio(setting, np.zeros((2, 4)))


# ------------------------------------------------------------------------------------- property


@st.composite
def valid_cases(draw: st.DrawFn) -> tuple[Setting, int, int]:
    family = draw(st.sampled_from(FAMILY_NAMES))
    n = draw(st.integers(FAMILIES[family].min_features, 12))
    level = draw(st.floats(0.0, 1.0))
    prior = draw(st.floats(0.05, 0.95))
    separation = draw(st.floats(0.1, 6.0))
    return (
        Setting(family, n, level, separation, prior),
        draw(st.integers(2, 50)),
        draw(st.integers(0, 2**32 - 1)),
    )


@settings(max_examples=150, deadline=None)
@given(valid_cases(), st.booleans())
def test_sample_property(case: tuple[Setting, int, int], both: bool) -> None:
    setting, size, seed = case
    x, y = gen.sample(setting, size, rng(seed), both_classes=both)
    assert x.shape == (size, setting.n_features) and x.dtype == np.float64
    assert y.shape == (size,) and set(np.unique(y)) <= {0, 1}
    assert np.isfinite(x).all()
    if both:
        assert 0 < y.sum() < size
    llr = FAMILIES[setting.family].log_likelihood_ratio(setting, x)
    assert llr.shape == (size,) and np.isfinite(llr).all()
