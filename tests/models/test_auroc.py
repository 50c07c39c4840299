"""AUROC of novelty scores."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from gendisc.models.novelty import auroc


def test_perfect_uninformative_and_reversed_scores():
    assert auroc(np.arange(10), np.arange(10, 15)) == 1.0
    assert auroc(np.ones(5), np.ones(7)) == 0.5
    assert auroc(np.arange(10, 15), np.arange(10)) == 0.0


def test_auroc_is_the_mann_whitney_statistic():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=40), rng.normal(0.7, size=30).round(1)
    u = mannwhitneyu(b, a).statistic
    assert auroc(a, b) == pytest.approx(u / (a.size * b.size))
    with pytest.raises(ValueError, match="finite"):
        auroc(a, np.r_[b, np.inf])
