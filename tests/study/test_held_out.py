"""The test-set reading 'fixed_held_out': every split is scored on one fixed part of the pool."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.data import splits
from gendisc.models.pairs import PAIRS
from gendisc.study import held_out, replicates, seeding
from gendisc.study.options import RunOptions


def _pool(n=40, seed=3):
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(np.int64)
    X = rng.normal(size=(n, 3)) + y[:, None]
    return replicates.Pool(X, y, dataset="toy")


def test_held_out_part_is_fixed_and_holds_both_classes():
    pool = _pool()
    a = held_out.held_out_mask(pool.y, 7, "uci", "toy")
    assert a.sum() == held_out.held_out_size(40) == 10
    np.testing.assert_array_equal(a, held_out.held_out_mask(pool.y, 7, "uci", "toy"))
    assert not np.array_equal(a, held_out.held_out_mask(pool.y, 8, "uci", "toy"))
    assert 0 < pool.y[a].sum() < a.sum() and 0 < pool.y[~a].sum() < (~a).sum()
    with pytest.raises(ValueError, match="at least 4 rows"):
        held_out.held_out_size(3)


def test_every_split_is_scored_on_the_held_out_part():
    pool, options = _pool(), RunOptions(seed=7, engine="sklearn", lr_separable="max_margin")
    frame = held_out.held_out_chunk(pool, "gnb_lr", [4, 12], range(5), options,
                                    draw_train=splits.draw_train_indices)  # fmt: skip
    assert (frame["n_test"] == 10).all()
    mask = held_out.held_out_mask(pool.y, 7, "uci", "toy")
    rest = np.flatnonzero(~mask)
    # recompute replicate 3 at m = 12 by hand: its stream draws the training rows from the rest
    _, gen = seeding.keyed(7, "uci", "toy", "gnb_lr", 12, 3)
    train = rest[splits.draw_train_indices(pool.y[rest], 12, gen)]
    assert not mask[train].any()
    model = PAIRS["gnb_lr"].reference(None).fit(pool.X[train], pool.y[train])
    want = np.mean(model.predict(pool.X[mask]) != pool.y[mask])
    got = frame.query("m == 12 and replicate == 3 and role == 'generative'")["test_error"]
    assert float(got.iloc[0]) == pytest.approx(want)
    # the default test set (rest of the pool) scores N - m rows instead
    rest_frame = replicates.pool_chunk(pool, "gnb_lr", [12], range(5), options,
                                       draw_train=splits.draw_train_indices)  # fmt: skip
    assert (rest_frame["n_test"] == 40 - 12).all()


def test_held_out_chunk_writes_the_max_margin_arm_under_the_random_separator():
    pool = _pool(n=24)
    options = RunOptions(seed=7, engine="fast", lr_separable="random_separator")
    frame = held_out.held_out_chunk(
        pool,
        "nb_lr",
        [3],
        range(4),
        options,
        draw_train=splits.draw_train_indices,
        max_margin_arm=True,
    )
    assert set(frame["study"]) == {"uci", "uci_max_margin"}
    gen = frame[frame["role"] == "generative"].pivot(index="replicate", columns="study",
                                                     values="test_error")  # fmt: skip
    np.testing.assert_array_equal(gen["uci"], gen["uci_max_margin"])
