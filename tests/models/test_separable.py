"""The exact separability test and the random-separator sampler, against known truth."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from gendisc.models import cone_gaussian
from gendisc.models import separability as SEP
from gendisc.models import separable as S

from factories.separability import gordan_separable, rejection_directions

# a hard-margin SVM stopped on a non-separable set warns; its verdict is still exact there
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _random_set(rng, m, n, noise):
    X = rng.random((m, n))
    y = (X @ rng.standard_normal(n) + noise * rng.standard_normal(m) > 0).astype(float)
    if y.min() == y.max():
        y[0] = 1.0 - y[0]
    return X, y


def test_known_cases():
    xor = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], float)
    assert not SEP.separable_lp(SEP.margin_rows(xor, np.array([0, 0, 1, 1.0])))[0]
    interleaved = np.array([[0.1], [0.2], [0.3]])
    assert not SEP.separable_lp(SEP.margin_rows(interleaved, np.array([0, 1, 0.0])))[0]
    assert SEP.separable_lp(SEP.margin_rows(interleaved, np.array([0, 0, 1.0])))[0]
    dup = np.array([[0.5, 0.5], [0.5, 0.5], [0.1, 0.9]])
    assert not SEP.separable_lp(SEP.margin_rows(dup, np.array([0, 1, 1.0])))[0]
    # Cover: m <= n + 1 points in general position are separable under any labelling
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 5))
    for labels in rng.integers(0, 2, (20, 6)):
        ok, v = SEP.separable_lp(SEP.margin_rows(X, labels.astype(float)))
        assert ok and np.all(SEP.margin_rows(X, labels.astype(float)) @ v > 0)


def test_lp_agrees_with_the_alternative_and_a_hard_margin_svm():
    from sklearn.svm import SVC

    rng = np.random.default_rng(0)
    seen = set()
    for trial in range(60):
        X, y = _random_set(rng, int(rng.integers(4, 40)), int(rng.integers(1, 4)), 0.3)
        A = SEP.margin_rows(X, y)
        ok, v = SEP.separable_lp(A)
        assert ok == gordan_separable(A), trial
        svm = SVC(kernel="linear", C=1e5, max_iter=200_000).fit(X, y)
        assert ok == bool(np.all(svm.predict(X) == y)), trial
        if ok:
            assert np.all(A @ v > 0)
        seen.add(ok)
    assert seen == {True, False}


def test_nearest_hull_point_agrees_with_the_lp():
    rng = np.random.default_rng(5)
    seen = set()
    for trial in range(80):
        m, n = int(rng.integers(3, 60)), int(rng.integers(1, 6))
        X, y = _random_set(rng, m, n, float(rng.choice([0.0, 0.3])))
        if trial % 4 == 0:  # discrete-like data with duplicates
            X = np.floor(X * 2)
        A = SEP.margin_rows(X, y)
        ok, v = SEP.separable_one(A)
        assert ok == SEP.separable_lp(A)[0], trial
        _, lam = SEP.nearest_hull_point(A)
        assert np.all(lam >= 0) and lam.sum() == pytest.approx(1.0)
        if ok:
            assert np.all(A @ v > 0)
        else:
            assert np.linalg.norm(A.T @ lam) < 1e-8
        seen.add(ok)
    assert seen == {True, False}


def test_batched_separability_with_and_without_candidates():
    rng = np.random.default_rng(1)
    sets = [_random_set(rng, 25, 3, 0.4) for _ in range(30)]
    A = np.stack([SEP.margin_rows(X, y) for X, y in sets])
    truth = np.array([SEP.separable_lp(a)[0] for a in A])
    assert truth.any() and not truth.all()
    sep, v = SEP.separability(A)
    assert np.array_equal(sep, truth)
    assert np.all(np.einsum("rmp,rp->rm", A[sep], v[sep]) > 0)
    np.testing.assert_allclose(np.linalg.norm(v[sep], axis=1), 1.0)
    assert np.all(np.isnan(v[~sep]))
    # a candidate that separates nothing, and one that is the LR's max-margin direction
    bad = np.tile(np.r_[np.zeros(3), -1.0], (30, 1))
    assert np.array_equal(SEP.separability(A, bad)[0], truth)
    from sklearn.svm import SVC

    good = np.stack(
        [
            np.r_[
                (f := SVC(kernel="linear", C=1e5, max_iter=200_000).fit(X, y)).coef_[0],
                f.intercept_,
            ]
            for X, y in sets
        ]
    )
    assert np.array_equal(SEP.separability(A, good)[0], truth)


def _one_feature_problem():
    x_train = np.array([0.1, 0.3, 0.6, 0.9])
    y_train = np.array([0, 0, 1, 1.0])
    x_test = np.array([0.2, 0.35, 0.4, 0.45, 0.5, 0.55, 0.58, 0.7])
    y_test = np.array([0, 1, 0, 1, 0, 1, 0, 1.0])
    return x_train, y_train, x_test, y_test


def _exact_expected_error(x_train, y_train, x_test, y_test) -> tuple[float, float, float]:
    """Uniform direction (cos t, sin t) of (w, b): the threshold -b/w = -tan t runs over
    (max class-0, min class-1), t uniform on (-atan(hi), -atan(lo)); error piecewise constant."""
    lo, hi = x_train[y_train == 0].max(), x_train[y_train == 1].min()
    t_lo, t_hi = -np.arctan(hi), -np.arctan(lo)
    cuts = np.sort(np.r_[t_lo, t_hi, -np.arctan(x_test[(x_test > lo) & (x_test < hi)])])
    total = 0.0
    for a, b in itertools.pairwise(cuts):
        tau = -np.tan(0.5 * (a + b))
        total += (b - a) * np.mean((x_test > tau) != (y_test > 0))
    return total / (t_hi - t_lo), t_lo, t_hi


@pytest.mark.parametrize("method", S.SAMPLER_METHODS)
def test_one_feature_matches_the_exact_expected_error(method):
    x_train, y_train, x_test, y_test = _one_feature_problem()
    exact, t_lo, t_hi = _exact_expected_error(x_train, y_train, x_test, y_test)
    R = 4000
    A = np.broadcast_to(SEP.margin_rows(x_train[:, None], y_train), (R, 4, 2)).copy()
    start = np.tile([1.0, -0.45], (R, 1))
    rngs = [np.random.default_rng([7, r]) for r in range(R)]
    settings = S.SamplerSettings(burn_in_per_dim=0, min_burn_in=30, method=method)
    V = S.random_separators(A, start, rngs, settings)
    assert np.all(np.einsum("rmp,rp->rm", A, V) > 0)
    err = np.mean((x_test[None, :] * V[:, :1] + V[:, 1:] > 0) != (y_test > 0), axis=1)
    se = err.std(ddof=1) / np.sqrt(R)
    assert abs(err.mean() - exact) < 4 * se, (err.mean(), exact, se)
    theta = np.arctan2(V[:, 1], V[:, 0])
    assert stats.kstest(theta, stats.uniform(t_lo, t_hi - t_lo).cdf).pvalue > 1e-3


@pytest.mark.parametrize("method", S.SAMPLER_METHODS)
def test_tiny_problem_matches_a_rejection_sampler(method):
    rng = np.random.default_rng(11)
    X = np.array([[0.2, 0.1], [0.4, 0.5], [0.7, 0.4], [0.9, 0.8], [0.3, 0.9]])
    y = np.array([0, 0, 1, 1, 0.0])
    A1 = SEP.margin_rows(X, y)
    ok, v = SEP.separable_lp(A1)
    assert ok
    n = 3000
    ref = rejection_directions(A1, n, rng)
    A = np.broadcast_to(A1, (n, 5, 3)).copy()
    rngs = [np.random.default_rng([5, r]) for r in range(n)]
    V = S.random_separators(
        A,
        np.tile(v, (n, 1)),
        rngs,
        S.SamplerSettings(burn_in_per_dim=0, min_burn_in=60, method=method),
    )
    for j in range(3):  # each coordinate of the direction: two-sample KS, fixed seeds
        assert stats.ks_2samp(V[:, j], ref[:, j]).pvalue > 1e-3, j
    grid = rng.random((500, 2))
    gy = grid.sum(axis=1) > 1.0
    e_mc = np.mean((grid @ V[:, :2].T + V[:, 2] > 0) != gy[:, None], axis=0)
    e_ref = np.mean((grid @ ref[:, :2].T + ref[:, 2] > 0) != gy[:, None], axis=0)
    se = np.sqrt(e_mc.var() / n + e_ref.var() / n)
    assert abs(e_mc.mean() - e_ref.mean()) < 4 * se


@pytest.mark.parametrize("method", S.SAMPLER_METHODS)
def test_draws_do_not_depend_on_the_batch(method):
    x_train, y_train, *_ = _one_feature_problem()
    A = np.broadcast_to(SEP.margin_rows(x_train[:, None], y_train), (5, 4, 2)).copy()
    start = np.tile([1.0, -0.45], (5, 1))
    settings = S.SamplerSettings(burn_in_per_dim=20, min_burn_in=0, method=method)
    full = S.random_separators(
        A, start, [np.random.default_rng([1, r]) for r in range(5)], settings
    )
    one = S.random_separators(A[3:4], start[3:4], [np.random.default_rng([1, 3])], settings)
    np.testing.assert_array_equal(full[3], one[0])
    assert full.shape == (5, 2)


def test_bad_input():
    with pytest.raises(ValueError, match="lr_separable"):
        S.check_rule("median")
    with pytest.raises(ValueError, match="min_burn_in"):
        S.SamplerSettings(min_burn_in=-1)
    with pytest.raises(ValueError, match="method"):
        S.SamplerSettings(method="gibbs")
    assert S.SamplerSettings(burn_in_per_dim=10, min_burn_in=50).burn_in(9) == 90
    assert S.SamplerSettings(burn_in_per_dim=10, min_burn_in=50).burn_in(3) == 50
    A = SEP.margin_rows(np.array([[0.1], [0.9]]), np.array([0, 1.0]))[None]
    with pytest.raises(ValueError, match="inside"):
        S.hit_and_run(A, np.array([[-1.0, 0.5]]), [np.random.default_rng(0)], 3)
    with pytest.raises(ValueError, match="one generator"):
        S.hit_and_run(A, np.array([[0.5, -0.25]]), [], 3)


def test_row_space_sampler_with_more_dimensions_than_examples():
    """m < p (the one-hot panels): the row-space chain plus the exact Gaussian outside the row
    space give the law of a rejection sampler in all p dimensions."""
    rng = np.random.default_rng(2)
    X = rng.random((4, 5))
    y = np.array([0, 1, 0, 1.0])
    A1 = SEP.margin_rows(X, y)
    ok, v = SEP.separable_lp(A1)
    assert ok
    n = 3000
    ref = rejection_directions(A1, n, rng)
    A = np.broadcast_to(A1, (n, 4, 6)).copy()
    rngs = [np.random.default_rng([8, r]) for r in range(n)]
    settings = S.SamplerSettings(burn_in_per_dim=0, min_burn_in=300, method="row_space")
    V = S.random_separators(A, np.tile(v, (n, 1)), rngs, settings)
    assert np.all(np.einsum("rmp,rp->rm", A, V) > 0)
    np.testing.assert_allclose(np.linalg.norm(V, axis=1), 1.0)
    for j in range(6):
        assert stats.ks_2samp(V[:, j], ref[:, j]).pvalue > 1e-3, j


@pytest.mark.parametrize(
    ("a", "b"),
    [(-np.inf, np.inf), (-1.0, 1.0), (2.0, 5.0), (30.0, 31.0), (-40.0, -39.0), (-3.0, np.inf)],
)
def test_truncated_normal_matches_scipy(a, b):
    u = 1.0 - np.random.default_rng(0).random(4000)
    x = cone_gaussian.truncated_normal(np.full(u.size, a), np.full(u.size, b), u)
    assert np.all((x >= a) & (x <= b))
    assert stats.kstest(x, stats.truncnorm(a, b).cdf).pvalue > 1e-3


def test_conflicting_duplicates_prove_non_separability():
    rng = np.random.default_rng(0)
    seen = set()
    for trial in range(150):
        m, n = int(rng.integers(3, 40)), int(rng.integers(1, 4))
        X = rng.integers(0, 3, (m, n)).astype(float)
        y = (rng.random(m) < 0.5).astype(float)
        y[:2] = 0.0, 1.0
        A = SEP.margin_rows(X, y)
        conflict = SEP.conflicting_duplicates(A)
        if conflict:
            assert not SEP.separable_lp(A)[0], trial
        truth = any(np.array_equal(X[i], X[j]) and y[i] != y[j] for i in range(m) for j in range(i))
        assert conflict == truth, trial
        seen.add(conflict)
    assert seen == {True, False}
    # same features with the same label are no conflict
    A = SEP.margin_rows(np.array([[1.0], [1.0], [2.0]]), np.array([0, 0, 1.0]))
    assert not SEP.conflicting_duplicates(A) and SEP.separable_one(A)[0]
