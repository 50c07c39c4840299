"""User datasets: every format gives the same pool, the UCI encoding, one clear line per bad input."""

from __future__ import annotations

import hashlib
import os

import arff
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer

from gendisc.data import prepare, uci_files, uci_parsers, user

from conftest import MIRROR, REPO, needs_mirror

SHIPPED = REPO / "tests" / "data" / "breast_cancer_small.csv"


def spec(path, **kw) -> user.UserDataset:
    base = {"target": "diagnosis", "positive": "malignant"}
    return user.UserDataset(name="bc", path=str(path), **{**base, **kw})


def test_shipped_file_is_the_documented_subset_of_scikit_learns_copy():
    """tests/data/breast_cancer_small.csv = every 3rd row of load_breast_cancer, 5 columns."""
    data = load_breast_cancer(as_frame=True)
    cols = ["mean radius", "mean texture", "mean smoothness", "mean compactness", "mean symmetry"]
    expected = data.frame[cols].iloc[::3].round(4).reset_index(drop=True)
    shipped = pd.read_csv(SHIPPED)
    np.testing.assert_allclose(shipped.iloc[:, :5].to_numpy(), expected.to_numpy())
    labels = data.target.iloc[::3].map({0: "malignant", 1: "benign"}).to_numpy()
    assert (shipped["diagnosis"].to_numpy() == labels).all()


def test_prepared_pool_follows_the_uci_encoding():
    pool = user.prepare(spec(SHIPPED), REPO)
    raw = pd.read_csv(SHIPPED)
    values = raw.drop(columns="diagnosis").to_numpy(dtype=float)
    expected = (values - values.min(0)) / (values.max(0) - values.min(0))
    np.testing.assert_allclose(pool.prepared.X, expected)
    assert pool.prepared.y.tolist() == (raw["diagnosis"] == "malignant").astype(int).tolist()
    assert pool.prepared.n_categories is None
    assert pool.prepared.feature_names == tuple(raw.columns[:5])
    assert pool.sha256 == hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    # default grid: 12 log-spaced sizes from 2 to half the pool (190 rows -> 95)
    assert pool.m_grid[0] == 2 and pool.m_grid[-1] == 95 and len(pool.m_grid) == 12


def test_every_format_gives_the_same_pool(tmp_path):
    frame = pd.read_csv(SHIPPED)
    frame.to_csv(tmp_path / "t.tsv", sep="\t", index=False)
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    attributes = [(c, "REAL") for c in frame.columns[:5]] + [("diagnosis", ["benign", "malignant"])]
    with (tmp_path / "t.arff").open("w") as handle:
        arff.dump(
            {"relation": "bc", "attributes": attributes, "data": frame.values.tolist()}, handle
        )
    ref = user.prepare(spec(SHIPPED), REPO).prepared
    for name in ("t.tsv", "t.parquet", "t.arff"):
        got = user.prepare(spec(tmp_path / name), tmp_path).prepared
        np.testing.assert_allclose(got.X, ref.X, err_msg=name)
        assert (got.y == ref.y).all(), name


def test_discrete_codes_positive_as_number_and_missing_rules(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("colour,size,label\nred,s,1\nblue,m,0\n?,s,1\nred,l,0\nblue,s,1\nred,m,0\n")
    drop = user.prepare(spec(path, target="label", positive=1, kind="discrete", m=(2, 3)), tmp_path)
    # the row with '?' is dropped; sorted codes: blue=0, red=1; l=0, m=1, s=2
    assert drop.prepared.X.tolist() == [[1, 2], [0, 1], [1, 0], [0, 2], [1, 1]]
    assert drop.prepared.y.tolist() == [1, 0, 0, 1, 0]
    assert drop.prepared.n_categories == (2, 3)
    cat = user.prepare(
        spec(path, target="label", positive="1", kind="discrete", missing="category", m=(2, 3)),
        tmp_path,
    )
    assert cat.prepared.n_categories == (3, 3) and len(cat.prepared.y) == 6
    imputed = user.prepare(
        spec(path, target="label", positive=1, kind="discrete", missing="impute", m=(2, 3)),
        tmp_path,
    )
    assert imputed.prepared.X[2, 0] == 1  # the mode, red


def test_features_list_and_rows_without_target(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a,b,c,y\n1,5,x,yes\n2,,y,no\n3,7,z,\n4,8,w,no\n5,1,v,yes\n")
    pool = user.prepare(
        spec(path, target="y", positive="yes", features=("a", "b"), m=(2,)), tmp_path
    )
    assert pool.prepared.feature_names == ("a", "b")
    # the row without a target is dropped, then the row with a missing b
    assert len(pool.prepared.y) == 3
    assert any("missing target" in n for n in pool.prepared.notes)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_named(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text("a,y\n1,0\n2,1\n")
    path.chmod(0)
    with pytest.raises(user.UserDataError, match=r"secret\.csv: not readable") as info:
        user.prepare(spec(path, target="y", positive=1), tmp_path)
    assert info.value.field == "path"


def test_unknown_suffix_and_single_column_are_not_tables(tmp_path):
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(user.UserDataError, match=r"x\.json: unknown table format"):
        user.prepare(spec(tmp_path / "x.json"), tmp_path)
    (tmp_path / "semi.csv").write_text("a;y\n1;0\n2;1\n")
    with pytest.raises(user.UserDataError, match=r"semi\.csv: not a CSV table .*1 column"):
        user.prepare(spec(tmp_path / "semi.csv", target="a;y"), tmp_path)


def test_outside_path_allowed_only_on_request(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes(SHIPPED.read_bytes())
    with pytest.raises(user.UserDataError, match="allow_outside: true"):
        user.prepare(spec(outside), project)
    assert user.prepare(spec(outside, allow_outside=True), project).prepared.X.shape == (190, 5)


def test_editing_the_file_is_seen_despite_the_cache(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes(SHIPPED.read_bytes())
    first = user.prepare(spec(path), tmp_path)
    text = path.read_text().replace("malignant", "benign", 1)
    path.write_text(text)
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))
    second = user.prepare(spec(path), tmp_path)
    assert second.sha256 != first.sha256
    assert second.prepared.y.sum() == first.prepared.y.sum() - 1


@needs_mirror
def test_a_uci_file_as_user_data_gives_the_uci_pool(tmp_path):
    """Pima brought as a user CSV is prepared exactly as the registered UCI dataset."""
    raw = pd.read_csv(MIRROR / uci_files.PIMA.name, header=None, names=uci_parsers.PIMA_COLS)
    raw.to_csv(tmp_path / "pima.csv", index=False)
    mine = user.prepare(spec(tmp_path / "pima.csv", target="class", positive=1), tmp_path).prepared
    ref = prepare.prepare("pima", {uci_files.PIMA.name: MIRROR / uci_files.PIMA.name})
    np.testing.assert_array_equal(mine.X, ref.X)
    np.testing.assert_array_equal(mine.y, ref.y)
    assert mine.feature_names == ref.feature_names
