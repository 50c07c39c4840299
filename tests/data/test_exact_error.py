"""Exact linear-rule error on Gaussian and multivariate-t classes against Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from gendisc.data import generators
from gendisc.data.exact_error import CLASS_CONDITIONALS, class_conditionals, linear_rule_error
from gendisc.study.seeding import rng

MU = (np.array([0.0, 0.0, 0.0]), np.array([1.0, 0.5, -0.3]))
COV = (np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 1.5]]), np.diag([2.0, 0.5, 1.0]))
W, B = np.array([0.8, 0.6, -0.4]), -0.5


def _monte_carlo(df: float | None, n: int = 400_000) -> tuple[float, float]:
    g = rng(0, "test_exact_error", str(df))
    y = g.uniform(size=n) < 0.3
    err = 0
    for k in (0, 1):
        size = int(np.sum(y == k))
        if df is None:
            x = g.multivariate_normal(MU[k], COV[k], size=size)
        else:  # multivariate t: Gaussian over sqrt(chi2 / df)
            z = g.multivariate_normal(np.zeros(3), COV[k], size=size)
            x = MU[k] + z / np.sqrt(g.chisquare(df, size=size) / df)[:, None]
        pred = x @ W + B > 0
        err += int(np.sum(pred != bool(k)))
    p = err / n
    return p, np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("df", [None, 3.0, 10.0])
def test_exact_error_matches_monte_carlo(df):
    exact = linear_rule_error(W, B, MU, COV, 0.3, df=df)
    mc, se = _monte_carlo(df)
    assert abs(exact - mc) < 4 * se


def test_exact_error_known_values():
    # one feature, unit variances, means -1 and 1, threshold 0, equal priors: Phi(-1)
    one = (np.array([-1.0]), np.array([1.0]))
    eye = (np.eye(1), np.eye(1))
    assert linear_rule_error(np.array([1.0]), 0.0, one, eye, 0.5) == pytest.approx(
        stats.norm.cdf(-1)
    )
    assert linear_rule_error(np.array([1.0]), 0.0, one, eye, 0.5, df=4) == pytest.approx(
        stats.t.cdf(-1, 4)
    )
    # the rule that always says 1 errs on every class-0 point
    assert linear_rule_error(np.zeros(1), 1.0, one, eye, 0.2) == pytest.approx(0.8)
    with pytest.raises(ValueError, match="prior1"):
        linear_rule_error(np.array([1.0]), 0.0, one, eye, 1.0)


# ---------------------------------------------------------------- the families' classes (registry)

FAMILY_SETTINGS = [
    generators.Setting("correlated_gaussian", 5, 0.67, 2.0, 0.3),
    generators.Setting("redundant_features", 6, 1.0, 1.5, 0.5),
    generators.Setting("heteroscedastic_gaussian", 4, 1.0, 2.0, 0.6),
    generators.Setting("heavy_tailed", 3, 0.0, 2.0, 0.5),
    generators.Setting("heavy_tailed", 1, 0.67, 2.0, 0.4),
    generators.Setting("duplicated_feature", 6, 1.0, 2.0, 0.5),
    generators.Setting("heteroscedastic_correlated", 4, 1.0, 2.0, 0.35),
]


def test_registry_covers_known_families_only():
    assert set(CLASS_CONDITIONALS) <= set(generators.FAMILY_NAMES)
    assert {s.family for s in FAMILY_SETTINGS} == set(CLASS_CONDITIONALS)
    # independent t coordinates (several features) and discrete data: Monte-Carlo
    assert class_conditionals(generators.Setting("heavy_tailed", 3, 0.5)) is None
    assert class_conditionals(generators.Setting("dependent_binary", 3, 0.5)) is None


@pytest.mark.parametrize("setting", FAMILY_SETTINGS, ids=lambda s: s.id)
def test_family_exact_errors_match_the_generator(setting):
    """Exact errors of random rules against their error on 200,000 draws of the generator."""
    cond = class_conditionals(setting)
    g = rng(1, "test_exact_family", setting.id)
    n = setting.n_features
    w = g.standard_normal((4, n))
    b = 0.3 * g.standard_normal(4)
    x, y = generators.sample(setting, 200_000, g)
    mc = np.mean((x @ w.T + b > 0) != (y[:, None] == 1), axis=0)
    exact = cond.errors(w, b)
    se = np.sqrt(exact * (1 - exact) / y.size)
    assert np.all(np.abs(exact - mc) < 4.5 * se), (exact, mc)


def test_errors_are_row_wise_and_handle_constant_rules():
    cond = class_conditionals(FAMILY_SETTINGS[0])
    g = rng(2, "test_exact_rows")
    w, b = g.standard_normal((7, 5)), g.standard_normal(7)
    whole = cond.errors(w, b)
    for lo, hi in ((0, 1), (1, 4), (4, 7)):  # a replicate's error does not depend on its batch
        np.testing.assert_array_equal(cond.errors(w[lo:hi], b[lo:hi]), whole[lo:hi])
    # w = 0: the rule says 1 everywhere (b > 0) or 0 everywhere (b <= 0)
    zero = cond.errors(np.zeros((3, 5)), np.array([0.5, 0.0, -1.0]))
    np.testing.assert_allclose(zero, [0.7, 0.3, 0.3])
    with pytest.raises(ValueError, match="finite"):
        cond.errors(np.full((1, 5), np.inf), np.zeros(1))
