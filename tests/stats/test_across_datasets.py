"""Tests of the comparisons over datasets (gendisc.stats.across_datasets)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from gendisc.stats import across_datasets, paired

from factories import cells_from_means


def test_rank_biserial_hand_values():
    assert across_datasets.rank_biserial(np.array([1.0, 2.0, 3.0])) == 1.0
    assert across_datasets.rank_biserial(np.array([1.0, -2.0, 3.0])) == pytest.approx(2 / 6)
    assert across_datasets.rank_biserial(np.array([0.0, -1.0, -2.0])) == -1.0
    assert across_datasets.rank_biserial(np.zeros(4)) == 0.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=2, max_size=15))
def test_rank_biserial_and_wilcoxon_swap(d):
    d = np.array(d)
    assert across_datasets.rank_biserial(-d) == pytest.approx(-across_datasets.rank_biserial(d))
    assert -1.0 <= across_datasets.rank_biserial(d) <= 1.0
    p = paired.wilcoxon_p(d)
    assert 0.0 <= p <= 1.0 and p == pytest.approx(paired.wilcoxon_p(-d))


def test_across_datasets_counts_and_wilcoxon():
    means = {f"d{i}": [-0.05, -0.02, 0.0, 0.02] for i in range(5)}
    means["d5"] = [0.05, 0.05, 0.05, 0.05]  # generative loses everywhere
    cells = paired.cell_tests(cells_from_means(means, 0.005, 10, "across"), 0.05)
    small = across_datasets.across_datasets(cells, "smallest").iloc[0]
    assert (small.wins, small.ties, small.losses) == (5, 0, 1)
    d = cells[cells.m == 16].sort_values("dataset")["mean_d"].to_numpy()
    assert small.wilcoxon_p == pytest.approx(
        sps.wilcoxon(d, zero_method=paired.WILCOXON_ZERO_METHOD).pvalue
    )
    assert small.rank_biserial == pytest.approx(across_datasets.rank_biserial(-d))
    large = across_datasets.across_datasets(cells, "largest").iloc[0]
    assert (large.wins, large.losses) == (0, 6)
