"""Tests of the crossover finder and its bootstrap (gendisc.stats.crossovers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gendisc.stats import crossovers
from gendisc.study.seeding import rng

M = np.array([8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096], dtype=float)


def test_crossover_recovers_planted_crossing_and_none():
    m_star = 100.0
    d = 0.03 * np.log(M / m_star)  # linear in log m, so interpolation is exact
    assert crossovers.crossover(M, d) == pytest.approx(m_star)
    assert crossovers.crossover(M, -d) is None  # a downward crossing is not the Ng-Jordan pattern
    assert crossovers.crossover(M, -d, direction="down") == pytest.approx(m_star)
    assert crossovers.crossover(M, np.full(M.size, -0.01)) is None
    assert crossovers.crossover(M, np.full(M.size, 0.01), direction="any") is None
    zero = np.array([-0.02, -0.01, 0.0, 0.0, 0.01, 0.02, 0.02, 0.02, 0.02, 0.02])
    assert crossovers.crossover(M, zero) == 32.0
    with pytest.raises(ValueError, match="direction"):
        crossovers.crossover(M, d, direction="sideways")


def _planted(mu: np.ndarray, sd: float, r: int, label: str) -> pd.DataFrame:
    g = rng(0, "test_curves", label)
    d = mu[:, None] + g.normal(0, sd, (mu.size, r))
    return pd.DataFrame(
        {"m": np.repeat(M, r), "replicate": np.tile(np.arange(r), M.size), "d": d.ravel()}
    )


def test_bootstrap_crossover_covers_planted_point():
    m_star = 100.0
    diffs = _planted(0.03 * np.log(M / m_star), sd=0.02, r=30, label="cross")
    res = crossovers.bootstrap_crossover(diffs, rng(0, "boot"), n_boot=1000)
    assert res.n_boot == 1000
    assert res.ci_low < m_star < res.ci_high
    assert res.p_cross > 0.99
    assert res.ci_low <= res.m_star <= res.ci_high
    again = crossovers.bootstrap_crossover(diffs, rng(0, "boot"), n_boot=1000)
    assert again == res  # determinism: same generator key, same answer


def test_bootstrap_no_crossing():
    diffs = _planted(np.full(M.size, -0.05), sd=0.02, r=30, label="nocross")
    res = crossovers.bootstrap_crossover(diffs, rng(0, "boot"), n_boot=1000)
    assert res.m_star is None
    assert res.p_cross < 0.01


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(-0.5, 0.5), min_size=len(M), max_size=len(M)))
def test_crossover_swap_and_range(d):
    d = np.array(d)
    up = crossovers.crossover(M, d, direction="any")
    assert up == crossovers.crossover(M, -d, direction="any")  # swapping the models keeps m*
    if up is not None:
        assert M[0] <= up <= M[-1]
