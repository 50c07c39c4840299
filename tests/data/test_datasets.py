"""Contract tests for the UCI registry and parsers, run against the local data mirror."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_digits

from gendisc.data.checksums import sha256_file
from gendisc.data.datasets import DATASETS, max_m
from gendisc.data.kinds import KINDS
from gendisc.data.prepare import MISSING_RULES, Prepared, prepare
from gendisc.data.splits import draw_train_indices
from gendisc.data.uci_parsers import PARSERS

from conftest import MIRROR, needs_mirror

PAPER_NAMES = (
    "pima", "adult_continuous", "boston", "optdigits_0v1", "optdigits_2v3", "ionosphere",
    "liver", "sonar", "adult_discrete", "promoters", "lymphography", "breast_cancer", "lenses",
    "sick", "voting",
)  # fmt: skip

# Positives (y = 1) after the default missing rule, counted by hand from MANIFEST.md's parse
# notes and the .names files.
POSITIVES = {
    "pima": 268, "adult_continuous": 7841, "boston": 250, "optdigits_0v1": 571,
    "optdigits_2v3": 572, "ionosphere": 225, "liver": 200, "sonar": 111, "adult_discrete": 7508,
    "promoters": 53, "lymphography": 81, "breast_cancer": 81, "lenses": 4, "sick": 225,
    "voting": 168,
}  # fmt: skip


def paths_of(name: str) -> dict[str, Path]:
    return {f.name: MIRROR / f.name for f in DATASETS[name].files}


@pytest.fixture(scope="session")
def prepared() -> Callable[[str, str], Prepared]:
    """Parse each (dataset, missing rule) once per session (adult has 32k rows)."""
    if not (MIRROR / "MANIFEST.md").is_file():
        pytest.skip(f"data mirror not found at {MIRROR} (set GENDISC_MIRROR to its folder)")
    cache: dict[tuple[str, str], Prepared] = {}

    def get(name: str, missing: str = "drop") -> Prepared:
        if (name, missing) not in cache:
            cache[name, missing] = prepare(name, paths_of(name), missing=missing)
        return cache[name, missing]

    return get


def manifest_status() -> dict[str, str]:
    """File name -> status word, read from the mirror's MANIFEST.md table."""
    table: dict[str, str] = {}
    for line in (MIRROR / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and re.fullmatch(r"[0-9a-f]{64}", cells[2]):
            table[cells[0]] = re.match(r"[A-Z0-9-]+", cells[6]).group(0)
    return table


def raw_rows(path: Path, skip: int = 0) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[skip:]
    return [[c.strip() for c in line.split(",")] for line in lines if line.strip()]


def test_registry_has_the_papers_fifteen_panels() -> None:
    assert tuple(DATASETS) == PAPER_NAMES
    assert sum(d.kind == "continuous" for d in DATASETS.values()) == 8


# --- the contract of every registered dataset (adding one = an entry + its parser) ---------


@pytest.mark.parametrize("name", list(DATASETS))
def test_registry_entry_is_complete(name: str) -> None:
    spec = DATASETS[name]
    assert spec.name == name and spec.kind in KINDS and name in PARSERS
    assert set(PARSERS) == set(DATASETS)
    for file in spec.files:
        assert re.fullmatch(r"[0-9a-f]{64}", file.sha256)
        assert file.url.startswith("https://") and file.url.endswith(file.name)


@needs_mirror
@pytest.mark.parametrize("name", list(DATASETS))
def test_files_match_pins_and_manifest_status(name: str) -> None:
    status = manifest_status()
    for file in DATASETS[name].files:
        assert sha256_file(MIRROR / file.name) == file.sha256
        assert status[file.name] == file.status


@pytest.mark.parametrize("name", list(DATASETS))
def test_prepare_contract(name: str, prepared: Callable[[str, str], Prepared]) -> None:
    spec, data = DATASETS[name], prepared(name, "drop")
    assert data.X.shape == spec.expected_shape
    assert data.X.dtype == np.float64 and data.y.dtype == np.int64
    assert data.y.shape == (data.X.shape[0],)
    assert set(np.unique(data.y)) == {0, 1}
    assert int(data.y.sum()) == POSITIVES[name]
    assert dict(data.sha256) == {f.name: f.sha256 for f in spec.files}
    assert not np.isnan(data.X).any()
    assert len(data.feature_names) == data.X.shape[1] == len(set(data.feature_names))
    if spec.kind == "continuous":
        assert data.n_categories is None
        # min-max over the pool: every column spans exactly [0, 1]
        np.testing.assert_array_equal(data.X.min(axis=0), 0.0)
        np.testing.assert_array_equal(data.X.max(axis=0), 1.0)
    else:
        assert data.n_categories is not None and len(data.n_categories) == data.X.shape[1]
        assert np.array_equal(data.X, np.round(data.X))
        for j, k in enumerate(data.n_categories):
            # codes are exactly the observed values 0..k-1, none constant
            assert k >= 2
            assert set(np.unique(data.X[:, j]).astype(int)) == set(range(k))


@pytest.mark.parametrize("name", list(DATASETS))
def test_m_grid_and_max_m(name: str) -> None:
    spec = DATASETS[name]
    grid = np.array(spec.m_grid)
    assert grid[0] == 2 and np.all(np.diff(grid) > 0)
    assert grid[-1] <= max_m(name) == spec.expected_shape[0] - 1
    assert 7 <= len(grid) <= 15
    assert spec.target and spec.citation and spec.licence
    assert any("missing" in c for c in spec.choices)
    assert any(c.startswith("m grid") for c in spec.choices)


def test_missing_drop_matches_hand_counts(prepared: Callable[[str, str], Prepared]) -> None:
    adult = raw_rows(MIRROR / "adult.data")
    adult_q = sum("?" in row for row in adult)  # '?' occurs only in nominal columns
    assert adult_q == 2399
    assert prepared("adult_discrete", "drop").X.shape[0] == len(adult) - adult_q
    assert prepared("adult_continuous", "drop").X.shape[0] == len(adult)

    breast = raw_rows(MIRROR / "breast-cancer.data")
    assert prepared("breast_cancer", "drop").X.shape[0] == len(breast) - sum(
        "?" in row for row in breast
    )
    lines = (MIRROR / "sick.arff").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().lower() == "@data") + 1
    sick = [line.split(",") for line in lines[start:] if line.strip() and line[0] != "%"]
    no_sex = sum(row[1] == "?" for row in sick)
    assert (len(sick), no_sex) == (3772, 150)
    assert prepared("sick", "drop").X.shape[0] == len(sick) - no_sex


@pytest.mark.parametrize("name", ["adult_discrete", "breast_cancer", "sick"])
@pytest.mark.parametrize("missing", ["category", "impute"])
def test_missing_keep_rules_keep_every_row(
    name: str, missing: str, prepared: Callable[[str, str], Prepared]
) -> None:
    kept, dropped = prepared(name, missing), prepared(name, "drop")
    full = {"adult_discrete": 32561, "breast_cancer": 286, "sick": 3772}[name]
    assert kept.X.shape == (full, dropped.X.shape[1])
    assert not np.isnan(kept.X).any()
    assert kept.n_categories is not None and dropped.n_categories is not None
    extra = np.array(kept.n_categories) - np.array(dropped.n_categories)
    if missing == "category":  # '?' became a value in at least one feature
        assert extra.max() >= 1
    else:  # imputing the mode adds no level (it may restore a level only '?' rows had)
        assert extra.min() >= 0


def test_voting_question_mark_is_a_value(prepared: Callable[[str, str], Prepared]) -> None:
    data = prepared("voting", "drop")
    assert data.n_categories == (3,) * 16
    # levels sort as '?', 'n', 'y'; MANIFEST counts 392 '?' cells
    assert int((data.X == 0).sum()) == 392


def test_optdigits_matches_sklearn_digits(prepared: Callable[[str, str], Prepared]) -> None:
    tra = np.loadtxt(MIRROR / "optdigits.tra", delimiter=",")
    tes = np.loadtxt(MIRROR / "optdigits.tes", delimiter=",")
    digits = load_digits()
    np.testing.assert_array_equal(tes[:, :64], digits.data)  # the mirror file = sklearn's
    np.testing.assert_array_equal(tes[:, 64], digits.target)
    pool = np.vstack([tra, np.column_stack([digits.data, digits.target])])
    for name, pair in (("optdigits_0v1", (0, 1)), ("optdigits_2v3", (2, 3))):
        rows = pool[np.isin(pool[:, 64], pair)]
        x = rows[:, :64]
        keep = x.max(axis=0) > x.min(axis=0)
        lo, hi = x.min(axis=0)[keep], x.max(axis=0)[keep]
        data = prepared(name, "drop")
        np.testing.assert_allclose(data.X, (x[:, keep] - lo) / (hi - lo), rtol=0, atol=1e-12)
        np.testing.assert_array_equal(data.y, (rows[:, 64] == pair[1]).astype(int))


def test_known_values(prepared: Callable[[str, str], Prepared]) -> None:
    # boston: y = MEDV > 21.2 (MANIFEST); first row MEDV 24.0
    boston = prepared("boston", "drop")
    assert boston.y[0] == 1 and any("21.2" in n for n in boston.notes)
    # pima first row: 6,148,72,35,0,33.6,0.627,50,1 -> preg = 6 of max 17
    pima = prepared("pima", "drop")
    assert pima.y[0] == 1 and pima.X[0, 0] == pytest.approx(6 / 17)
    # lenses: the 9 hard/soft rows; tear rate constant there and dropped
    lenses = prepared("lenses", "drop")
    assert lenses.feature_names == ("age", "spectacle_prescription", "astigmatic")
    # every hard-lens patient is astigmatic, every soft-lens one is not
    np.testing.assert_array_equal(lenses.X[:, 2], lenses.y)
    promoters = prepared("promoters", "drop")
    assert promoters.n_categories == (4,) * 57


@pytest.mark.parametrize("missing", ["category", "impute"])
def test_continuous_missing_rules(missing: str, prepared: Callable[[str, str], Prepared]) -> None:
    # no missing cells in the continuous panels: every rule gives the 'drop' data
    np.testing.assert_array_equal(prepared("sonar", missing).X, prepared("sonar", "drop").X)
    np.testing.assert_array_equal(prepared("pima", missing).X, prepared("pima", "drop").X)


@needs_mirror
def test_category_rule_rejects_missing_continuous_cells(tmp_path: Path) -> None:
    rows = MIRROR.joinpath("bupa.data").read_text(encoding="utf-8").splitlines()
    rows[0] = "?" + rows[0][rows[0].index(",") :]  # mcv of row 0 missing
    path = tmp_path / "bupa.data"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    paths, accept = {"bupa.data": path}, {"bupa.data": sha256_file(path)}  # a reviewed edit
    with pytest.raises(ValueError, match=r"category.*mcv"):
        prepare("liver", paths, missing="category", accept=accept)
    assert prepare("liver", paths, missing="drop", accept=accept).X.shape == (344, 6)
    imputed = prepare("liver", paths, missing="impute", accept=accept)
    median = np.median([float(r.split(",")[0]) for r in rows[1:]])
    raw = np.array([float(r.split(",")[0]) for r in rows[1:]])
    lo, hi = raw.min(), raw.max()
    assert imputed.X[0, 0] == pytest.approx((median - lo) / (hi - lo))


def test_prepare_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown dataset 'iris'"):
        prepare("iris", {})
    with pytest.raises(ValueError, match="'median'"):
        prepare("sonar", paths_of("sonar"), missing="median")
    with pytest.raises(ValueError, match=r"sonar\.all-data"):
        prepare("sonar", {})
    with pytest.raises(ValueError, match="unknown dataset"):
        max_m("iris")
    assert set(MISSING_RULES) == {"drop", "category", "impute"}


# --- draw_train_indices ------------------------------------------------------------------


@pytest.mark.parametrize("m", [2, 3, 10, 49])
def test_draw_has_both_classes_distinct_indices(m: int) -> None:
    y = np.zeros(50, dtype=np.int64)
    y[17] = 1  # a single positive: every valid draw must contain index 17
    gen = np.random.default_rng(11)
    for _ in range(200):
        idx = draw_train_indices(y, m, gen)
        assert idx.shape == (m,) and idx.dtype == np.int64
        assert len(np.unique(idx)) == m and np.all(np.diff(idx) > 0)
        assert 0 <= idx.min() and idx.max() < 50
        assert 17 in idx and 0 < y[idx].sum() < m


def test_draw_is_uniform_over_valid_subsets() -> None:
    y = np.array([1, 1, 0, 0, 0, 0])
    valid = [s for s in itertools.combinations(range(6), 4) if 0 < y[list(s)].sum() < 4]
    assert len(valid) == 14  # 15 subsets minus the all-negative one
    gen = np.random.default_rng(2024)
    n = 16_000
    counts = dict.fromkeys(valid, 0)
    for _ in range(n):
        counts[tuple(int(i) for i in draw_train_indices(y, 4, gen))] += 1
    assert sum(counts.values()) == n  # no invalid subset ever drawn
    # a draw that forces one index of each class first puts mass 1/2 (not 6/14) on the six
    # subsets with both positives: p < 1e-20 with this seed
    p = stats.chisquare(list(counts.values())).pvalue
    assert p > 1e-3


def test_draw_is_deterministic_given_the_generator() -> None:
    y = np.array([0, 1] * 20)
    a = draw_train_indices(y, 7, np.random.default_rng(5))
    b = draw_train_indices(y, 7, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)


def test_draw_rejects_bad_input() -> None:
    y = np.array([0, 1, 0, 1, 1])
    gen = np.random.default_rng(0)
    for m in (1, 5, 0, -2):
        with pytest.raises(ValueError, match=f"got {m}"):
            draw_train_indices(y, m, gen)
    with pytest.raises(ValueError, match="both classes"):
        draw_train_indices(np.zeros(5, dtype=int), 2, gen)
    with pytest.raises(ValueError, match="only 0 and 1"):
        draw_train_indices(np.array([0, 1, 2, 1]), 2, gen)
    with pytest.raises(ValueError, match="1-D"):
        draw_train_indices(np.zeros((2, 3)), 2, gen)
