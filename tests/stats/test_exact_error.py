"""Exact linear-rule error on Gaussian and multivariate-t classes against Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from gendisc.stats.exact_error import linear_rule_error
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
