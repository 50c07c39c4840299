"""The paper's digitized Figure 1: loads, is consistent, matches the shared copy when present."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gendisc.data import reference
from gendisc.data.datasets import DATASETS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "ng-jordan-figure1"
PACKAGED = REPO / "src" / "gendisc" / "data" / reference.FOLDER


def test_panels_are_the_fifteen_registered_datasets_with_their_grids():
    panels = reference.panels()
    assert list(panels) == list(DATASETS)  # the paper's order is the registry's
    assert [p.number for p in panels.values()] == list(range(1, 16))
    assert sum(p.curves_given for p in panels.values()) == 10
    assert panels["pima"].m_grid == tuple(range(2, 60, 3))
    assert panels["lenses"].m_grid == tuple(range(2, 24))
    for p in panels.values():
        assert p.m_grid[0] == 2 and p.kind == DATASETS[p.dataset].kind


def test_curves_hold_one_point_per_grid_value():
    curves = reference.curves()
    panels = reference.panels()
    assert set(curves["dataset"]) == {k for k, p in panels.items() if p.curves_given}
    assert len(curves) == sum(len(p.m_grid) for p in panels.values() if p.curves_given)
    pima = curves[curves["dataset"] == "pima"].set_index("m")
    assert pima.loc[2, "logistic_regression"] == pytest.approx(0.461)
    assert np.all(curves[["naive_bayes", "logistic_regression"]].to_numpy() <= 0.75)


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared digitized figure is not beside the repo"
)
@pytest.mark.parametrize("name", reference.FILES)
def test_packaged_copy_matches_the_shared_one(name):
    assert (PACKAGED / name).read_bytes() == (SHARED / name).read_bytes()
    pd.testing.assert_frame_equal(pd.read_csv(PACKAGED / name), pd.read_csv(SHARED / name))


def test_bad_reference_file_name():
    with pytest.raises(ValueError, match="unknown reference file"):
        reference._read("figure2.csv")
