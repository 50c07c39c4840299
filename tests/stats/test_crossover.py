"""The crossover level where unlabelled data stop helping: known values, bootstrap, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import crossover
from gendisc.stats.beyond import seeding_words

LEVELS = np.array([0.0, 0.33, 0.67, 1.0])


def test_crossover_level_known_values():
    effects = np.array([
        [-0.2, -0.1, 0.1, 0.3],  # crosses between 0.33 and 0.67, halfway
        [0.1, 0.2, 0.3, 0.4],  # never helps: the lowest level
        [-0.3, -0.2, -0.1, -0.05],  # helps everywhere: undefined
        [-0.1, 0.0, -0.2, 0.1],  # first reaches 0 at 0.33 exactly
    ])  # fmt: skip
    got = crossover.crossover_level(LEVELS, effects)
    np.testing.assert_allclose(got[[0, 1, 3]], [0.5, 0.0, 0.33])
    assert np.isnan(got[2])
    with pytest.raises(ValueError, match="increase"):
        crossover.crossover_level(LEVELS[::-1], effects)


def _table(true_crossover: float, replicates: int, noise: float, seed: int = 0) -> pd.DataFrame:
    """Error at U = 0 and U = 1000 with effect = level − true_crossover + noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for lv in LEVELS:
        for r in range(replicates):
            e0 = 0.3 + 0.01 * rng.standard_normal()
            e1 = e0 + (lv - true_crossover) * 0.2 + noise * rng.standard_normal()
            for u, e in ((0, e0), (1000, e1)):
                rows.append({"family": "f", "level": lv, "m": 10, "method": "nb_em",
                             "unlabelled": u, "replicate": r, "error": e})  # fmt: skip
    return pd.DataFrame(rows)


def test_bootstrap_interval_covers_the_true_crossover_and_is_deterministic():
    table = _table(0.5, replicates=40, noise=0.02)
    a = crossover.semisupervised_crossover(table, 0.05, seeding_words, n_boot=400)
    b = crossover.semisupervised_crossover(table.sample(frac=1.0, random_state=1), 0.05,
                                           seeding_words, n_boot=400)  # fmt: skip
    pd.testing.assert_frame_equal(a, b)
    (row,) = a.itertuples()
    assert row.crossover_low <= 0.5 <= row.crossover_high
    assert abs(row.crossover_level - 0.5) < 0.05 and row.crossover_high - row.crossover_low < 0.2
    assert row.crossover_defined == 1.0
    # noisier data: a wider interval around the same point
    wide = crossover.semisupervised_crossover(_table(0.5, 40, 0.2), 0.05, seeding_words, n_boot=400)
    assert wide.crossover_high[0] - wide.crossover_low[0] > row.crossover_high - row.crossover_low


def test_helps_everywhere_is_undefined():
    out = crossover.semisupervised_crossover(_table(5.0, 10, 0.0), 0.05, seeding_words, n_boot=50)
    assert np.isnan(out.crossover_level[0]) and out.crossover_defined[0] == 0.0
    assert np.isnan(out.crossover_low[0])
