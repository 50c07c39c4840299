"""The random-separator LR rule in both engines."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.models import engine
from gendisc.models.separability import margin_rows, separable_lp
from gendisc.models.separable import SamplerSettings

FAST = SamplerSettings(burn_in_per_dim=10, min_burn_in=50)


def _pool(seed=0, n=300, d=3):
    rng = np.random.default_rng(seed)
    X = rng.random((n, d))
    y = (X @ np.array([1.0, -0.5, 0.3])[:d] + 0.25 * rng.standard_normal(n) > 0.3).astype(int)
    return X, y


def _train_idx(y, m, R, seed=1):
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < R:
        idx = np.sort(rng.choice(len(y), m, replace=False))
        if 0 < y[idx].sum() < m:
            out.append(idx)
    return np.stack(out)


def _gens(R, tag=0):
    return [np.random.default_rng([tag, r]) for r in range(R)]


def _run(X, y, idx, rule, eng="fast", rngs=None, pair="nb_lr", ks=None):
    return engine.evaluate_pair_on_pool(
        pair, X, y, idx, engine=eng, lr_separable=rule, rngs=rngs, sampler=FAST, n_categories=ks
    )


def test_rule_changes_only_separable_replicates():
    X, y = _pool()
    idx = _train_idx(y, 16, 60)
    mm = _run(X, y, idx, "max_margin")
    rs = _run(X, y, idx, "random_separator", rngs=_gens(60))
    exact = np.array([separable_lp(margin_rows(X[i], y[i]))[0] for i in idx])
    assert np.array_equal(rs.separable, exact)
    assert 10 <= exact.sum() <= 50
    np.testing.assert_array_equal(rs.test_error[:, 0], mm.test_error[:, 0])  # NB untouched
    np.testing.assert_array_equal(rs.test_error[~exact, 1], mm.test_error[~exact, 1])
    assert np.mean(rs.test_error[exact, 1] != mm.test_error[exact, 1]) > 0.8
    # a random separator is on average worse than the max-margin one at small m
    assert rs.test_error[exact, 1].mean() > mm.test_error[exact, 1].mean()


def test_deterministic_and_independent_of_the_batch():
    X, y = _pool()
    idx = _train_idx(y, 8, 12)
    a = _run(X, y, idx, "random_separator", rngs=_gens(12, 5))
    b = _run(X, y, idx[7:9], "random_separator", rngs=_gens(12, 5)[7:9])
    np.testing.assert_array_equal(a.test_error[7:9], b.test_error)
    c = _run(X, y, idx, "random_separator", rngs=_gens(12, 5))
    np.testing.assert_array_equal(a.test_error, c.test_error)


@pytest.mark.parametrize("pair", ["nb_lr", "bnb_lr"])
def test_engines_agree(pair):
    X, y = _pool(2)
    ks = None
    if pair == "bnb_lr":
        X, ks = np.floor(X * 3), (3, 3, 3)
    idx = _train_idx(y, 16, 40, 3)
    fast = _run(X, y, idx, "random_separator", "fast", _gens(40, 9), pair, ks)
    ref = _run(X, y, idx, "random_separator", "sklearn", _gens(40, 9), pair, ks)
    assert np.array_equal(fast.separable, ref.separable)
    # the chains start at each engine's own LR fit (equal to ~1e-8), so draws agree closely
    same = np.isclose(fast.test_error, ref.test_error, atol=1e-12)
    assert same.mean() > 0.9
    assert abs(fast.test_error[:, 1].mean() - ref.test_error[:, 1].mean()) < 0.02


def test_rule_needs_one_generator_per_replicate():
    X, y = _pool()
    idx = _train_idx(y, 6, 3)
    with pytest.raises(ValueError, match="rngs"):
        _run(X, y, idx, "random_separator", rngs=None)
    with pytest.raises(ValueError, match="lr_separable"):
        _run(X, y, idx, "median")
