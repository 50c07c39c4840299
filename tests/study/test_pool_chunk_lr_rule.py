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
