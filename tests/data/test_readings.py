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
