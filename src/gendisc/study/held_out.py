"""The test-set reading ``fixed_held_out``: one fixed part of the pool is every split's test set.

Ng & Jordan do not say whether a split's test set is the rest of the pool (this study's
default, :func:`gendisc.study.replicates.pool_chunk`) or a fixed held-out part. Under
``uci.readings.test_set: fixed_held_out`` a random quarter of the pool (:data:`FRACTION`,
both classes present in it and in the rest) is drawn once per dataset from the key
(seed, study, dataset, ``"held_out"``); training sets are drawn from the other rows with the
same per-replicate streams as the default, and every replicate is scored on the held-out part.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from gendisc.models import engine
from gendisc.study import columns, seeding
from gendisc.study.chunks import POOL_BATCH
from gendisc.study.options import RunOptions
from gendisc.study.replicates import CellLabels, DrawTrain, Pool, _rows, max_margin_study

#: share of the pool held out as the fixed test set
FRACTION = 0.25
#: draws tried before giving up on a held-out part with both classes on both sides
MAX_DRAWS = 10_000
#: at most this many test values (replicates x test rows x features) in one batch
BATCH_VALUES = 20_000_000


def held_out_size(n: int) -> int:
    """Rows held out of a pool of ``n`` rows: ``ceil(FRACTION * n)``, at least 2."""
    if n < 4:
        raise ValueError(f"a pool needs at least 4 rows to hold a part out, got {n}")
    return max(2, math.ceil(FRACTION * n))


def training_rows(n: int) -> int:
    """Rows left for training sets in a pool of ``n`` rows (bounds m: at most this minus one)."""
    return n - held_out_size(n)


def held_out_mask(y: np.ndarray, seed: int, study: str, dataset: str) -> np.ndarray:
    """The fixed held-out part of a pool: a boolean mask of :func:`held_out_size` rows.

    Uniform over the subsets of that size with both classes in the part and in the rest,
    from the stream keyed by (seed, study, dataset, ``"held_out"``): the same part for every
    pair, m and replicate.
    """
    y = np.asarray(y)
    n = y.shape[0]
    size = held_out_size(n)
    rng = np.random.default_rng(seeding.seed_sequence(seed, study, dataset, "held_out"))
    for _ in range(MAX_DRAWS):
        mask = np.zeros(n, dtype=bool)
        mask[rng.choice(n, size=size, replace=False)] = True
        if 0 < y[mask].sum() < size and 0 < y[~mask].sum() < n - size:
            return mask
    raise RuntimeError(f"no held-out part with both classes on both sides ({dataset}, N={n})")


def held_out_chunk(
    pool: Pool,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    options: RunOptions,
    *,
    draw_train: DrawTrain,
    max_margin_arm: bool = False,
) -> pd.DataFrame:
    """As :func:`gendisc.study.replicates.pool_chunk`, scored on the fixed held-out part.

    Replicate r at size m trains on ``draw_train(y_rest, m, rng)`` of the rows outside the
    held-out part (``rng`` keyed as in ``pool_chunk``) and is scored on the held-out part.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS` (``n_test`` is the held-out size).
    """
    mask = held_out_mask(pool.y, options.seed, pool.study, pool.dataset)
    rest = np.flatnonzero(~mask)
    X_test, y_test = pool.X[mask], pool.y[mask]
    width = sum(pool.n_categories) if pool.n_categories else pool.X.shape[1]
    step = max(1, min(POOL_BATCH, BATCH_VALUES // (X_test.shape[0] * width)))
    cell = CellLabels(
        study=pool.study, dataset=pool.dataset, family=pool.family, level=pool.level,
        n_features=pool.X.shape[1], separation=pool.separation,
        prior=float(np.mean(pool.y)), pair=pair, bayes_error=pool.bayes_error,
    )  # fmt: skip
    arm = max_margin_arm and options.lr_separable == "random_separator"
    frames = []
    for m in m_grid:
        reps = list(replicates)
        for lo in range(0, len(reps), step):
            batch = reps[lo : lo + step]
            idx, stream_ids, gens = [], [], []
            for r in batch:
                sid, gen = seeding.keyed(
                    options.seed, pool.study, pool.dataset, pair, int(m), int(r)
                )
                idx.append(rest[draw_train(pool.y[rest], int(m), gen)])
                gens.append(gen)
                stream_ids.append(sid)
            train = np.stack(idx)
            shape = (len(batch), *X_test.shape)
            result = engine.evaluate_pair(
                pair,
                pool.X[train],
                pool.y[train],
                np.broadcast_to(X_test, shape),
                np.broadcast_to(y_test, shape[:2]),
                engine=options.engine,
                lr_C=options.lr_C,
                lr_separable=options.lr_separable,
                rngs=gens,
                sampler=options.sampler,
                n_categories=pool.n_categories,
            )
            frames.append(_rows(cell, m=int(m), replicates=batch, stream_ids=stream_ids,
                                result=result))  # fmt: skip
            if arm:
                err = result.test_error.copy()
                err[:, 1] = result.max_margin_error
                mm = dataclasses.replace(result, test_error=err, max_margin_error=None)
                arm_cell = dataclasses.replace(cell, study=max_margin_study(pool.study))
                frames.append(_rows(arm_cell, m=int(m), replicates=batch,
                                    stream_ids=stream_ids, result=mm))  # fmt: skip
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


__all__ = [
    "FRACTION",
    "held_out_chunk",
    "held_out_mask",
    "held_out_size",
    "training_rows",
]
