"""The asymmetric (tilted) families: exact likelihoods, and their level moves the asymptotic gap.

Issue 14 §6: the symmetric families' level barely moves the asymptotic gap between naive Bayes
and logistic regression. These tests check, before any study uses the new families, that the
gap does move with the level: exactly where the maths allows (naive Bayes' population rule is
linear, so its error on Gaussian classes is closed form), and with the study's own asymptotic
errors (models fitted on a large sample, :func:`gendisc.study.reference.reference`) otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from gendisc.data import generators as gen
from gendisc.data import tilted
from gendisc.data.bayes import bayes_error
from gendisc.data.exact_error import linear_rule_error
from gendisc.data.generators import Setting
from gendisc.study.options import RunOptions
from gendisc.study.reference import reference
from gendisc.study.seeding import rng


def nb_population_rule(mean0, mean1, var, prior) -> tuple[np.ndarray, float]:
    """Shared-variance naive Bayes at its population limit: per-feature means and the pooled
    per-feature variance; its log-odds are linear."""
    w = (mean1 - mean0) / var
    b = -w @ (mean0 + mean1) / 2 + math.log(prior / (1 - prior))
    return w, b


def exact_nb_gap_duplicated(n: int, level: float, prior: float) -> tuple[float, float]:
    """Exact asymptotic gaps (naive Bayes, LDA) minus the Bayes error of duplicated_feature."""
    s = Setting("duplicated_feature", n, level, 2.0, prior)
    p = gen.gaussian_parameters(s)
    bayes = bayes_error(s).value
    w, b = nb_population_rule(p.mean0, p.mean1, np.diag(p.cov), prior)
    nb = linear_rule_error(w, b, [p.mean0, p.mean1], [p.cov, p.cov], prior)
    w_lda = np.linalg.solve(p.cov, p.mean1 - p.mean0)  # LDA's limit is the Bayes rule
    lda = linear_rule_error(w_lda, math.log(prior / (1 - prior)), [p.mean0, p.mean1],
                            [p.cov, p.cov], prior)  # fmt: skip
    return nb - bayes, lda - bayes


@pytest.mark.parametrize("family", ["duplicated_feature", "heteroscedastic_correlated"])
def test_llr_against_scipy(family: str) -> None:
    s = Setting(family, 6, 0.8, 1.7, 0.3)
    x, _ = gen.sample(s, 500, rng(0, family))
    if family == "duplicated_feature":
        p = gen.gaussian_parameters(s)
        m0, m1, c0, c1 = p.mean0, p.mean1, p.cov, p.cov
    else:
        c0, c1 = tilted.class_correlated_covs(s)
        _, delta = tilted.class_correlated_params(s)
        m0, m1 = -delta / 2, delta / 2
    ref = stats.multivariate_normal(m1, c1).logpdf(x) - stats.multivariate_normal(m0, c0).logpdf(x)
    np.testing.assert_allclose(gen.FAMILIES[family].log_likelihood_ratio(s, x), ref, atol=1e-9)


def test_duplicated_parameters_match_samples() -> None:
    s = Setting("duplicated_feature", 6, 1.0, 2.0, 0.5)
    p = gen.gaussian_parameters(s)
    x, y = gen.sample(s, 100_000, rng(1, "dup"))
    for c, mean in ((0, p.mean0), (1, p.mean1)):
        np.testing.assert_allclose(x[y == c].mean(axis=0), mean, atol=0.03)
        np.testing.assert_allclose(np.cov(x[y == c].T), p.cov, atol=0.04)
    # Mahalanobis distance = separation, so the Bayes error is the level-0 value
    d = p.mean1 - p.mean0
    assert math.isclose(d @ np.linalg.solve(p.cov, d), 4.0, rel_tol=1e-12)


@pytest.mark.parametrize("n", [4, 16, 32])
@pytest.mark.parametrize("prior", [0.5, 0.3])
def test_duplicated_exact_gap_monotone_in_level(n: int, prior: float) -> None:
    levels = np.linspace(0, 1, 11)
    gaps = np.array([exact_nb_gap_duplicated(n, lv, prior) for lv in levels])
    nb, lda = gaps[:, 0], gaps[:, 1]
    assert abs(nb[0]) < 1e-12  # level 0: naive Bayes is the Bayes rule
    assert np.all(np.diff(nb) >= -1e-12)  # never falls with the level
    assert nb[-1] > 0.02  # and moves well beyond the minimum effect (0.005)
    np.testing.assert_allclose(lda, 0.0, atol=1e-12)  # LDA: the null control stays at 0
    # strictly where the number of copies grows
    copies = [tilted.duplicated_layout(Setting("duplicated_feature", n, lv))[1] for lv in levels]
    grows = np.diff(copies) > 0
    assert np.all(np.diff(nb)[grows] > 1e-4)


def test_duplicated_exact_gap_matches_study_asymptotic_errors() -> None:
    """The study's own asymptotic errors (large-sample fits) agree with the exact gap."""
    options = RunOptions(seed=5, asymptotic_n_train=30_000, asymptotic_n_test=60_000)
    s = Setting("duplicated_feature", 8, 1.0, 2.0, 0.5)
    ref = reference(s, ["nb_lr", "lda_lr"], options)
    err = {(r["pair"], r["role"]): r["asymptotic_error"] for r in ref["asymptotic"]}
    bayes = ref["bayes"]["value"]
    exact_nb, _ = exact_nb_gap_duplicated(8, 1.0, 0.5)
    se = math.sqrt(2 * 0.2 * 0.8 / 60_000)
    assert abs(err[("nb_lr", "generative")] - bayes - exact_nb) < 5 * se + 0.003
    assert abs(err[("nb_lr", "discriminative")] - bayes) < 5 * se + 0.003
    assert err[("nb_lr", "generative")] - err[("nb_lr", "discriminative")] > 0.03


def test_class_correlated_gap_monotone_in_level() -> None:
    """heteroscedastic_correlated: naive Bayes' population rule is linear (unit variances in
    both classes, so the pooled variance is 1): its error is exact; logistic regression's
    asymptotic error and the Bayes error come from the study's large-sample fits and Monte
    Carlo. The gap grows with the level."""
    options = RunOptions(seed=6, asymptotic_n_train=20_000, asymptotic_n_test=40_000, n_mc=40_000)
    n, prior = 4, 0.5
    exact_nb, gaps = [], []
    for level in (0.0, 0.5, 1.0):
        s = Setting("heteroscedastic_correlated", n, level, 2.0, prior)
        c0, c1 = tilted.class_correlated_covs(s)
        _, delta = tilted.class_correlated_params(s)
        w, b = nb_population_rule(-delta / 2, delta / 2, np.ones(n), prior)
        exact = linear_rule_error(w, b, [-delta / 2, delta / 2], [c0, c1], prior)
        ref = reference(s, ["nb_lr"], options)
        err = {r["role"]: r["asymptotic_error"] for r in ref["asymptotic"]}
        se = math.sqrt(exact * (1 - exact) / 40_000)
        assert abs(err["generative"] - exact) < 5 * se + 0.002  # the fit reaches its limit
        assert err["discriminative"] >= ref["bayes"]["value"] - 5 * se
        exact_nb.append(exact)
        gaps.append(exact - err["discriminative"])
    assert exact_nb[0] < exact_nb[1] < exact_nb[2]
    assert abs(gaps[0]) < 0.005
    assert gaps[0] + 0.005 < gaps[1] < gaps[2] - 0.005
