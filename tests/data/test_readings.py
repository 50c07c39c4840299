"""Dataset readings: each alternative gives the pool it says, and the registry's is unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.data import datasets, readings
from gendisc.data.prepare import prepare

from conftest import MIRROR, needs_mirror


def _paths(name):
    return {f.name: MIRROR / f.name for f in datasets.DATASETS[name].files}


def _prepare(name, **chosen):
    return prepare(name, _paths(name), parser=readings.parser_for(name, chosen))


@needs_mirror
def test_default_readings_are_the_registry_pools():
    for name in ("lenses", "lymphography", "optdigits_0v1"):
        a, b = _prepare(name), prepare(name, _paths(name))
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.y, b.y)
        assert len(a.y) == readings.pool_rows(name, {})


@needs_mirror
def test_lenses_readings():
    literal = _prepare("lenses")
    assert literal.X.shape == (9, 3) and literal.y.sum() == 4
    hard = _prepare("lenses", lenses="hard_vs_rest_24")
    soft = _prepare("lenses", lenses="soft_vs_rest_24")
    any_ = _prepare("lenses", lenses="lenses_vs_none_24")
    for pool in (hard, soft, any_):
        assert pool.X.shape == (24, 4)  # tear rate varies over the 24 rows: kept
    assert (hard.y.sum(), soft.y.sum(), any_.y.sum()) == (4, 5, 9)
    np.testing.assert_array_equal(any_.y, hard.y | soft.y)
    assert readings.pool_rows("lenses", {"lenses": "hard_vs_rest_24"}) == 24


@needs_mirror
def test_lymphography_and_optdigits_readings():
    rest = _prepare("lymphography")
    malign = _prepare("lymphography", lymphography="metastases_vs_malign")
    assert (len(rest.y), len(malign.y)) == (148, 142)
    assert malign.y.sum() == rest.y.sum() == 81
    both = _prepare("optdigits_0v1")
    train = _prepare("optdigits_0v1", optdigits_pool="train")
    test = _prepare("optdigits_0v1", optdigits_pool="test")
    assert len(train.y) + len(test.y) == len(both.y)
    for choice, pool in (("train", train), ("test", test)):
        assert len(pool.y) == readings.pool_rows("optdigits_0v1", {"optdigits_pool": choice})
    # the training file's rows come first in the registry's pool (constant pixels differ)
    assert np.array_equal(train.y, both.y[: len(train.y)])


def test_bad_readings_are_rejected():
    with pytest.raises(ValueError, match="unknown reading"):
        readings.check({"lense": "hard_vs_rest_24"})
    with pytest.raises(ValueError, match="hard_vs_soft_9"):
        readings.check({"lenses": "hard"})
    assert readings.parser_for("pima", {}) is None
    assert readings.pool_rows("pima", {}) == 768


@needs_mirror
def test_scaling_readings_encode_the_continuous_inputs_as_named():
    from gendisc.data.uci_parsers import PARSERS

    raw = PARSERS["liver"](_paths("liver"))[0].to_numpy(dtype=np.float64)
    default = prepare("liver", _paths("liver"))
    assert default.X.min() == 0.0 and default.X.max() == 1.0
    z = prepare(
        "liver",
        _paths("liver"),
        scaling=readings.scaling_for("liver", {"scaling": "standardise_pool"}),
    )
    np.testing.assert_allclose(z.X, (raw - raw.mean(0)) / raw.std(0))
    none = prepare("liver", _paths("liver"), scaling="none")
    np.testing.assert_array_equal(none.X, raw)
    assert any("standardise_pool" in n for n in z.notes)
    # an affine map per feature: shared-variance naive Bayes predicts the same on all three
    from gendisc.models.pairs import PAIRS

    preds = [
        PAIRS["nb_lr"].reference(None).fit(p.X[:60], p.y[:60]).predict(p.X[60:])
        for p in (default, z, none)
    ]
    np.testing.assert_array_equal(preds[0], preds[1])
    np.testing.assert_array_equal(preds[0], preds[2])
    with pytest.raises(ValueError, match="scaling must be one of"):
        prepare("liver", _paths("liver"), scaling="unit")


@needs_mirror
def test_discretisation_readings_keep_the_continuous_attributes_in_bins():
    sick = _prepare("sick")
    binned = _prepare("sick", discretisation="quantile_5")
    assert (
        len(binned.y) == len(sick.y) == readings.pool_rows("sick", {"discretisation": "quantile_5"})
    )
    np.testing.assert_array_equal(binned.y, sick.y)
    added = [n for n in binned.feature_names if n not in sick.feature_names]
    assert set(added) == {"age", "TSH", "T3", "TT4", "T4U", "FTI"}  # TBG: all missing, constant
    for name in added:
        k = binned.n_categories[binned.feature_names.index(name)]
        assert 2 <= k <= 6  # at most 5 quantile bins and the 'missing' bin
    ten = _prepare("sick", discretisation="quantile_10")
    assert max(ten.n_categories) > max(binned.n_categories)
    adult = _prepare("adult_discrete", discretisation="quantile_5")
    # capital-gain and capital-loss are mostly 0: their quantiles coincide, one bin, dropped
    assert len(adult.feature_names) == 12 and len(adult.y) == 30162
    assert any("capital-gain, capital-loss" in n for n in adult.notes)
    assert readings.parser_for("adult_discrete", {}) is None


def test_quantile_bins():
    import pandas as pd

    col = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan, 5.0, 6.0, 7.0, 8.0])
    bins = readings.quantile_bins(col, 4)
    assert bins.iloc[4] == "missing"
    assert list(bins.drop(4)) == ["q0", "q0", "q1", "q1", "q2", "q2", "q3", "q3"]
    with pytest.raises(ValueError, match="at least 2"):
        readings.quantile_bins(col, 1)
