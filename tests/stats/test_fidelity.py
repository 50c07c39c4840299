"""Agreement with the paper's curves: known values on constructed curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import fidelity as F


def _curves(dataset, m, nb, lr):
    return pd.DataFrame({"dataset": dataset, "m": m, "naive_bayes": nb, "logistic_regression": lr})


def test_crossover():
    m = np.array([2, 5, 8, 11])
    assert F.crossover(m, [0.3, 0.3, 0.3, 0.3], [0.4, 0.35, 0.29, 0.2]) == 8
    assert F.crossover(m, [0.3] * 4, [0.4, 0.2, 0.35, 0.2]) == 11  # behind again at 8
    assert np.isnan(F.crossover(m, [0.3] * 4, [0.4, 0.2, 0.2, 0.31]))
    assert F.crossover(m, [0.3] * 4, [0.3, 0.2, 0.2, 0.1]) == 2  # never behind (tie counts)
    with pytest.raises(ValueError, match="increasing"):
        F.crossover(np.array([5, 2]), [0.1, 0.1], [0.1, 0.1])


def test_panel_agreement_known_values():
    m = [2, 5, 8]
    paper = pd.concat(
        [_curves("a", m, [0.3, 0.25, 0.2], [0.4, 0.24, 0.1]), _curves("b", m, [0.1] * 3, [0.2] * 3)]
    )
    ours = pd.concat(
        [
            _curves("a", m, [0.31, 0.25, 0.17], [0.2, 0.2, 0.1]),  # LR ahead at small m
            _curves("b", [2, 5, 8, 11], [0.1] * 4, [0.2] * 4),  # extra m ignored
        ]
    )
    table = F.panel_agreement(ours, paper).set_index("dataset")
    assert table.loc["a", "mad_naive_bayes"] == pytest.approx((0.01 + 0 + 0.03) / 3)
    assert table.loc["a", "mad_logistic_regression"] == pytest.approx((0.2 + 0.04) / 3)
    assert table.loc["a", "ahead_small_paper"] == "naive_bayes"
    assert table.loc["a", "ahead_small_ours"] == "logistic_regression"
    assert not table.loc["a", "regime_agrees"]
    assert table.loc["a", "crossover_paper"] == 5 and table.loc["a", "crossover_ours"] == 2
    assert table.loc["b", "mad"] == pytest.approx(0.0) and table.loc["b", "regime_agrees"]
    assert np.isnan(table.loc["b", "crossover_paper"]) and table.loc["b", "n_m"] == 3
    assert F.reading_score(table.reset_index()) == (pytest.approx(table["mad"].mean()), 1)


def test_choose_follows_the_criterion():
    assert F.choose({"x": (0.02, 3), "y": (0.01, 1)}) == "y"
    assert F.choose({"x": (0.0105, 5), "y": (0.0100, 1)}) == "x"  # tie broken by regimes
    assert F.choose({"x": (0.0100, 2), "y": (0.0101, 2)}) == "x"  # then the first listed
    with pytest.raises(ValueError):
        F.choose({})


def test_small_m_advantage():
    m = [2, 5, 8, 11]
    paper = _curves("a", m, [0.3, 0.3, 0.2, 0.2], [0.4, 0.36, 0.1, 0.1])
    ours = _curves("a", m, [0.3, 0.3, 0.2, 0.2], [0.3, 0.32, 0.1, 0.1])
    assert F.small_m_advantage(ours, paper) == (pytest.approx(0.08), pytest.approx(0.01))
    assert np.isnan(F.small_m_advantage(ours.assign(dataset="b"), paper)[0])
