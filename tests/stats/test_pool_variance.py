"""Tests of the UCI pool interval (gendisc.stats.pool_variance): its parts against planted
variance components, its per-point losses against the engine, its formula by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gendisc.data import generators, splits
from gendisc.models import engine
from gendisc.stats import pool_variance as pv
from gendisc.study import seeding


def test_point_losses_match_the_engine():
    """Each replicate's mean loss difference over its test points is the engine's
    err_gen - err_dis on the same split (the errors table's d)."""
    setting = generators.Setting("correlated_gaussian", 3, 0.5, 2.0, 0.5)
    X, y = generators.sample(setting, 300, seeding.rng(0, "pv", "pool"), both_classes=True)
    g = seeding.rng(0, "pv", "splits")
    idx = np.stack([splits.draw_train_indices(y, 12, g) for _ in range(8)])
    loss, test = pv.point_losses("nb_lr", X, y, idx, lr_C=1e4)
    assert loss.shape == test.shape == (8, 300) and not test[0, idx[0]].any()
    res = engine.evaluate_pair_on_pool("nb_lr", X, y, idx, lr_C=1e4)
    d = np.where(test, loss, 0).sum(axis=1) / test.sum(axis=1)
    np.testing.assert_allclose(d, res.test_error[:, 0] - res.test_error[:, 1], atol=1e-12)


def test_variance_parts_recover_planted_components():
    """Crossed planted model: E[loss | r, x] = 0.05 + u_r + v_x with sd(u) = 0.04 (training
    sets) and sd(v) = 0.1 (points); the parts estimate Var(v) and Var(u)."""
    g = np.random.default_rng(3)
    R, N = 200, 3000
    u = g.normal(0, 0.04, R)[:, None]
    v = g.normal(0, 0.10, N)[None, :]
    mean = np.clip(0.05 + u + v, -0.6, 0.6)
    p_pos = 0.2 + np.clip(mean, 0, None)
    p_neg = 0.2 + np.clip(-mean, 0, None)
    draw = g.uniform(size=(R, N))
    loss = np.where(draw < p_pos, 1, np.where(draw > 1 - p_neg, -1, 0))
    test = g.uniform(size=(R, N)) > 0.1
    parts = pv.variance_parts(loss, test)
    assert parts.pool_n == N and parts.var_R == R
    assert parts.var_point == pytest.approx(np.var(mean.mean(axis=0)), rel=0.1)
    assert parts.var_train == pytest.approx(np.var(mean.mean(axis=1)), rel=0.25)
    with pytest.raises(ValueError, match="R >= 2"):
        pv.variance_parts(loss[:1], test[:1])


def test_pool_interval_by_hand():
    parts = pv.PoolVariance(pool_n=400, var_R=100, var_point=0.04, var_train=0.002,
                            var_test_noise=0.001)  # fmt: skip
    se, lo, hi, p = pv.pool_interval(0.03, 0.01, 50, 20, parts, 0.05)
    expect = np.sqrt(0.01 / 50 + (0.04 + 20 * 0.002) / 400)
    assert se == pytest.approx(expect)
    half = stats.t.ppf(0.975, 49) * expect
    assert (lo, hi) == pytest.approx((0.03 - half, 0.03 + half))
    assert p == pytest.approx(2 * stats.t.sf(0.03 / expect, 49))
    assert np.isnan(pv.pool_interval(0.03, 0.01, 1, 20, parts, 0.05)[0])


def test_pool_anchor_replaces_only_resampled_cells():
    cells = pd.DataFrame({
        "study": ["uci", "uci", "synthetic"], "dataset": ["a", "b", "s"], "pair": "p",
        "m": 10, "design": ["resampled", "resampled", "independent"], "R": 50,
        "mean_d": 0.02, "sd_d": 0.1, "degenerate": False, "anchor": "x",
        "anchor_se": 1.0, "anchor_ci_low": -1.0, "anchor_ci_high": 1.0, "anchor_p": 0.5,
    })  # fmt: skip
    parts = pd.DataFrame({"study": "uci", "dataset": ["a"], "pair": "p", "m": 10,
                          "pool_n": 400, "var_R": 50, "var_point": 0.04, "var_train": 0.0,
                          "var_test_noise": 0.0})  # fmt: skip
    out = pv.with_pool_anchor(cells, parts, 0.05).set_index("dataset")
    assert out.loc["a", "anchor"] == pv.POOL_ANCHOR
    assert out.loc["a", "anchor_se"] == pytest.approx(np.sqrt(0.01 / 50 + 0.04 / 400))
    assert out.loc["b", "anchor"] == "x" and out.loc["s", "anchor"] == "x"


def test_parts_are_the_max_margin_arms_and_give_its_cells_the_pool_interval():
    """The parts' recomputed fits are the max-margin arm's: each replicate's mean loss
    difference over its test points is the arm's err_gen - err_dis on the same split, and
    with_max_margin_arm gives the arm's cells the pool interval (the random-separator study's
    keep theirs)."""
    from gendisc.models.separable import SamplerSettings
    from gendisc.study import replicates
    from gendisc.study.options import RunOptions

    rng = np.random.default_rng(4)
    X = rng.random((120, 3))
    y = (X.sum(axis=1) + 0.3 * rng.standard_normal(120) > 1.5).astype(np.int64)
    sampler = SamplerSettings(burn_in_per_dim=5, min_burn_in=30, max_burn_in=100)
    options = RunOptions(seed=3, lr_separable="random_separator", sampler=sampler)
    rows = replicates.pool_chunk(
        replicates.Pool(X, y, dataset="toy"), "nb_lr", [4], range(10), options,
        draw_train=splits.draw_train_indices, max_margin_arm=True,
    )  # fmt: skip
    arm_study = replicates.max_margin_study("uci")
    wide = rows.pivot_table(index=["study", "replicate"], columns="role", values="test_error")
    d = wide["generative"] - wide["discriminative"]
    d_arm, d_rule = d.loc[arm_study].to_numpy(), d.loc["uci"].to_numpy()
    assert not np.allclose(d_arm, d_rule)  # separable sets at m = 4: the rules differ
    idx = []
    for r in range(10):
        _, gen = seeding.keyed(3, "uci", "toy", "nb_lr", 4, r)
        idx.append(splits.draw_train_indices(y, 4, gen))
    loss, test = pv.point_losses("nb_lr", X, y, np.stack(idx), lr_C=options.lr_C)
    d_parts = np.where(test, loss, 0).sum(axis=1) / test.sum(axis=1)
    np.testing.assert_allclose(d_parts, d_arm, atol=1e-12)

    parts = pv.pool_variance_parts(
        X, y, dataset="toy", pair="nb_lr", m_grid=[4], replicates=range(10), seed=3,
        draw_train=splits.draw_train_indices, lr_C=options.lr_C,
    )  # fmt: skip
    both = pv.with_max_margin_arm(parts)
    assert sorted(both["study"]) == sorted(["uci", arm_study])
    cells = pd.DataFrame({
        "study": ["uci", arm_study, "other"], "dataset": "toy", "pair": "nb_lr", "m": 4,
        "design": "resampled", "R": 10, "mean_d": 0.02, "sd_d": 0.1, "degenerate": False,
        "anchor": "x", "anchor_se": 1.0, "anchor_ci_low": -1.0, "anchor_ci_high": 1.0,
        "anchor_p": 0.5,
    })  # fmt: skip
    out = pv.with_pool_anchor(cells, both, 0.05).set_index("study")
    assert out.loc[arm_study, "anchor"] == out.loc["uci", "anchor"] == pv.POOL_ANCHOR
    assert out.loc[arm_study, "anchor_se"] == out.loc["uci", "anchor_se"]
    assert out.loc["other", "anchor"] == "x"
