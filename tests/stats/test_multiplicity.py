"""Tests of the multiple-comparison adjustments (gendisc.stats.multiplicity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from gendisc.stats import multiplicity
from gendisc.study.seeding import rng

ALPHA = 0.05


def test_bh_and_holm_hand_values_and_multipletests():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(multiplicity.adjust_pvalues(p, "fdr_bh"), [0.02, 0.04, 0.04, 0.02])
    np.testing.assert_allclose(multiplicity.holm(p), [0.03, 0.06, 0.06, 0.02])
    g = rng(0, "test_stats", "bh")
    p = g.uniform(size=40) ** 2
    for method in ("fdr_bh", "holm"):
        ref = multipletests(p, alpha=ALPHA, method=method)[1]
        np.testing.assert_allclose(multiplicity.adjust_pvalues(p, method), ref)
    with_nan = np.array([0.01, np.nan, 0.04])
    out = multiplicity.adjust_pvalues(with_nan, "holm")
    assert np.isnan(out[1]) and out[[0, 2]] == pytest.approx([0.02, 0.04])
    with pytest.raises(ValueError, match="p-values"):
        multiplicity.adjust_pvalues(np.array([1.2]), "holm")


def test_bh_by_group_adjusts_each_figure_separately():
    table = pd.DataFrame({"fig": ["a"] * 3 + ["b"] * 2, "anchor_p": [0.01, 0.02, 0.5, 0.01, 0.9]})
    out = multiplicity.bh_by_group(table, ["fig"])
    for _, g in table.groupby("fig"):
        ref = multipletests(g["anchor_p"], method="fdr_bh")[1]
        np.testing.assert_allclose(out.loc[g.index, "p_bh"], ref)
    whole = multiplicity.bh_by_group(table, [])
    np.testing.assert_allclose(whole["p_bh"], multipletests(table["anchor_p"], method="fdr_bh")[1])
