"""The UCI protocol under both LR rules: keyed, chunk-independent, only LR rows change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendisc.data.splits import draw_train_indices
from gendisc.models.separable import SamplerSettings
from gendisc.study import replicates
from gendisc.study.options import RunOptions

SAMPLER = SamplerSettings(burn_in_per_dim=5, min_burn_in=30, max_burn_in=100)


def _pool():
    rng = np.random.default_rng(4)
    X = rng.random((120, 3))
    y = (X.sum(axis=1) + 0.3 * rng.standard_normal(120) > 1.5).astype(np.int64)
    return X, y


def _chunk(rule, reps):
    X, y = _pool()
    options = RunOptions(seed=3, lr_separable=rule, sampler=SAMPLER)
    return replicates.pool_chunk(
        replicates.Pool(X, y, dataset="toy"), "nb_lr", [4, 40], reps, options,
        draw_train=draw_train_indices,
    )  # fmt: skip


def test_rules_differ_only_in_lr_and_chunks_agree():
    mm = _chunk("max_margin", range(20))
    rs = _chunk("random_separator", range(20))
    key = ["m", "replicate", "model"]
    assert len(mm) == len(rs)
    lr = mm["model"] == "logistic_regression"
    pd.testing.assert_series_equal(mm.loc[~lr, "test_error"], rs.loc[~lr, "test_error"])
    small = lr & (mm["m"] == 4)
    assert (mm.loc[small, "test_error"] != rs.loc[small, "test_error"]).mean() > 0.5
    halves = pd.concat(
        [_chunk("random_separator", range(10)), _chunk("random_separator", range(10, 20))]
    )
    pd.testing.assert_frame_equal(
        halves.sort_values(key).reset_index(drop=True), rs.sort_values(key).reset_index(drop=True)
    )


def _arm_chunk(rule, reps, engine="fast"):
    X, y = _pool()
    options = RunOptions(seed=3, engine=engine, lr_separable=rule, sampler=SAMPLER)
    return replicates.pool_chunk(
        replicates.Pool(X, y, dataset="toy"), "nb_lr", [4, 40], reps, options,
        draw_train=draw_train_indices, max_margin_arm=True,
    )  # fmt: skip


def test_max_margin_arm_is_the_max_margin_run_beside_an_unchanged_random_separator_run():
    key = ["m", "replicate", "model"]
    both = _arm_chunk("random_separator", range(12))
    arm_name = replicates.max_margin_study("uci")
    assert set(both["study"]) == {"uci", arm_name}
    rs = both[both["study"] == "uci"].reset_index(drop=True)
    arm = both[both["study"] == arm_name].sort_values(key).reset_index(drop=True)
    # the arm costs no random draws: the random-separator rows are those of a run without it
    pd.testing.assert_frame_equal(rs, _chunk("random_separator", range(12)).reset_index(drop=True))
    # the arm's rows are the max-margin run's rows (same training sets, same stream ids)
    mm = _chunk("max_margin", range(12)).sort_values(key).reset_index(drop=True)
    cols = ["m", "replicate", "model", "stream_id", "n_test", "test_error"]
    pd.testing.assert_frame_equal(arm[cols], mm[cols])
    # deterministic in chunks, and the sklearn engine agrees
    halves = pd.concat([_arm_chunk("random_separator", r) for r in (range(6), range(6, 12))])
    full_key = ["study", *key]
    pd.testing.assert_frame_equal(
        halves.sort_values(full_key).reset_index(drop=True),
        both.sort_values(full_key).reset_index(drop=True),
    )
    ref = _arm_chunk("random_separator", range(12), engine="sklearn")
    np.testing.assert_allclose(
        ref.sort_values(full_key)["test_error"], both.sort_values(full_key)["test_error"]
    )


def test_no_arm_under_max_margin():
    assert set(_arm_chunk("max_margin", range(4))["study"]) == {"uci"}
