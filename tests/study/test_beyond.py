"""Studies beyond the learning curves: designs from the config, cells, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.study import beyond
from gendisc.study.options import RunOptions

MISSING = {
    "enabled": True, "families": ["correlated_gaussian"], "levels": [0.0], "n_features": 3,
    "m": [12], "rates": [0.0, 0.3], "mechanisms": ["mcar", "mnar"], "where": ["test", "both"],
    "methods": ["nb", "lda", "lr_mean", "lr_reduced"], "replicates": 2, "n_test": 100,
}  # fmt: skip


def test_cells_run_deterministically_in_any_order():
    config = {"beyond": {"missing": MISSING}}
    assert beyond.enabled(config) == ("missing",)
    (cell,) = beyond.cells(config, "missing")
    a = beyond.run_cell("missing", MISSING, cell, RunOptions(seed=3, lr_C=1e4))
    b = beyond.run_cell("missing", MISSING, cell, RunOptions(seed=3, lr_C=1e4))
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 2 * 2 * 2 * 2 * 4  # mechanisms x where x rates x methods x replicates
    shuffled = beyond.combine("missing", [a.sample(frac=1.0, random_state=0)])
    pd.testing.assert_frame_equal(shuffled, beyond.combine("missing", [a]))
    # rate 0: every LR method is the same LR on the same data
    zero = a[(a.rate == 0) & a.method.str.startswith("lr_")]
    assert zero.groupby(["mechanism", "where", "replicate"]).error.nunique().max() == 1
    other = beyond.run_cell("missing", MISSING, cell, RunOptions(seed=4, lr_C=1e4))
    assert not other["error"].equals(a["error"])


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("rates", [0.1, 0.3], "include 0"),
        ("rates", [0.0, 0.7], "mnar"),
        ("mechanisms", ["mar"], "mechanism"),
        ("methods", ["nb", "knn"], "method"),
    ],
)
def test_bad_sections_are_rejected(key, value, match):
    with pytest.raises(ValueError, match=match):
        beyond.cells({"beyond": {"missing": MISSING | {key: value}}}, "missing")
    with pytest.raises(ValueError, match="unknown study"):
        beyond.run_cell("nope", MISSING, "x", RunOptions(seed=1, lr_C=1.0))


HYBRID = {
    "enabled": True, "families": ["correlated_gaussian"], "levels": [0.0, 1.0], "n_features": 2,
    "m": [10, 40], "lambdas": [0.0, 0.5, 1.0], "models": ["nb", "lda"], "replicates": 2,
    "n_test": 100,
}  # fmt: skip


def test_hybrid_cells_and_ends():
    config = {"beyond": {"hybrid": HYBRID}}
    cells = beyond.cells(config, "hybrid")
    assert len(cells) == 2  # one job per setting, every m in it
    table = beyond.combine(
        "hybrid",
        [beyond.run_cell("hybrid", HYBRID, c, RunOptions(seed=5, lr_C=1e4)) for c in cells],
    )
    assert len(table) == 4 * 2 * 3 * 2
    # λ = 1 is the same LR for both models; well specified: LDA always, NB at level 0 only
    ends = table[table.lam == 1.0].pivot_table(
        index=["setting", "m", "replicate"], columns="model", values="error"
    )
    assert (ends["nb"] == ends["lda"]).all()
    spec = table.groupby(["level", "model"])["well_specified"].first()
    assert spec[(0.0, "nb")] and not spec[(1.0, "nb")] and spec[(1.0, "lda")]
    with pytest.raises(ValueError, match="include 0 and 1"):
        beyond.cells({"beyond": {"hybrid": HYBRID | {"lambdas": [0.0, 0.5]}}}, "hybrid")


SEMI = {
    "enabled": True, "families": ["correlated_gaussian"], "levels": [0.0], "n_features": 2,
    "m": [8], "unlabelled": [0, 50], "methods": ["nb_em", "lda_em_weighted", "lr_self_training"],
    "weight": 0.1, "replicates": 2, "n_test": 100, "textbook_replicates": 2,
}  # fmt: skip


def test_semisupervised_cells_reduce_to_supervised_fits_at_u0():
    cells = beyond.cells({"beyond": {"semisupervised": SEMI}}, "semisupervised")
    assert cells[-1] == "three_clusters" and len(cells) == 2
    table = beyond.run_cell("semisupervised", SEMI, cells[0], RunOptions(seed=2, lr_C=1e4))
    assert len(table) == 2 * 3 * 2
    again = beyond.run_cell("semisupervised", SEMI, cells[0], RunOptions(seed=2, lr_C=1e4))
    pd.testing.assert_frame_equal(table, again)
    # at U = 0, the two Gaussians' EM equal their supervised fits: NB and LDA in 2-D at level 0
    # may differ, but the weighted and unweighted EM of one model coincide
    book = beyond.run_cell("semisupervised", SEMI, "three_clusters", RunOptions(seed=2, lr_C=1e4))
    assert set(book["method"]) == {"gmm", "lr"} and (book["error"] < 0.05).all()
    with pytest.raises(ValueError, match="include 0"):
        beyond.cells({"beyond": {"semisupervised": SEMI | {"unlabelled": [10]}}}, "semisupervised")


NOVELTY = {
    "enabled": True, "families": ["correlated_gaussian"], "levels": [0.0], "n_features": 2,
    "m": [10], "shifts": ["near", "new_cluster"], "scores": ["nb_density", "lr_confidence"],
    "digits": [3, 8], "digits_m": [20], "replicates": 2, "n_test": 100,
}  # fmt: skip


def test_novelty_cells():
    cells = beyond.cells({"beyond": {"novelty": NOVELTY}}, "novelty")
    assert cells == ("correlated_gaussian-n2-l0-s2-p0.5", "digits")
    syn = beyond.run_cell("novelty", NOVELTY, cells[0], RunOptions(seed=1, lr_C=1e4))
    assert len(syn) == 2 * 2 * 2 and syn["auroc"].between(0, 1).all()
    # a new cluster 6 sd away: the density ranks it above every typical input
    assert syn[(syn["shift"] == "new_cluster") & (syn.score == "nb_density")]["auroc"].min() > 0.99
    digits = beyond.run_cell("novelty", NOVELTY, cells[1], RunOptions(seed=1, lr_C=1e4))
    assert set(digits["dataset"]) == {"digits_3v8"} and len(digits) == 2 * 2
    pd.testing.assert_frame_equal(
        digits, beyond.run_cell("novelty", NOVELTY, cells[1], RunOptions(seed=1, lr_C=1e4))
    )
    with pytest.raises(ValueError, match="shift"):
        beyond.cells({"beyond": {"novelty": NOVELTY | {"shifts": ["sideways"]}}}, "novelty")


def test_workflow_targets_follow_the_enabled_sections():
    config = {"beyond": {"missing": MISSING, "hybrid": HYBRID | {"enabled": False}}}
    assert beyond.outputs(config) == ["results/beyond/missing_paired.csv"]
    assert beyond.report_tables(config) == {"beyond_missing": "results/beyond/missing_paired.csv"}
    assert beyond.claim_files(config) == ["results/beyond/missing_claims.json"]
    assert beyond.outputs({}) == [] and beyond.claim_files({"beyond": {}}) == []


class _Pool:
    """A prepared pool: a discrete one (codes) or a continuous one."""

    def __init__(self, discrete: bool):
        rng = np.random.default_rng(5)
        y = rng.integers(0, 2, 150)
        if discrete:
            self.n_categories = (3, 2, 2)
            self.X = np.column_stack(
                [np.clip(y + rng.integers(0, 2, 150), 0, 2), rng.integers(0, 2, (150, 2))]
            ).astype(float)
        else:
            self.n_categories = None
            self.X = y[:, None] + rng.standard_normal((150, 3))
        self.y = y


@pytest.mark.parametrize("discrete", [False, True])
def test_pool_cells_run_deterministically(discrete):
    section = MISSING | {"pools": ["pima"], "pool_m": [20], "pool_replicates": 2}
    config = {"beyond": {"missing": section}}
    assert beyond.cells(config, "missing")[-1] == "uci_pima"
    assert beyond.cell_inputs(config, "missing", "uci_pima") == ["results/uci/pools/pima.parquet"]
    assert beyond.cell_inputs(config, "missing", beyond.cells(config, "missing")[0]) == []
    pool = _Pool(discrete)
    a = beyond.run_cell("missing", section, "uci_pima", RunOptions(seed=3, lr_C=1e4), pool=pool)
    b = beyond.run_cell("missing", section, "uci_pima", RunOptions(seed=3, lr_C=1e4), pool=pool)
    pd.testing.assert_frame_equal(a, b)
    methods = {"nb", "lr_mean", "lr_reduced"} | (set() if discrete else {"lda"})
    assert set(a.method) == methods
    assert len(a) == 2 * len(methods) * 2  # rates x methods x splits, MCAR at test time only
    assert set(a.mechanism) == {"mcar"} and set(a["where"]) == {"test"}
    zero = a[(a.rate == 0) & a.method.str.startswith("lr_")]
    assert zero.groupby("replicate").error.nunique().max() == 1
    with pytest.raises(ValueError, match="needs its prepared pool"):
        beyond.run_cell("missing", section, "uci_pima", RunOptions(seed=3, lr_C=1e4))


def test_unknown_pool_is_rejected():
    with pytest.raises(ValueError, match="not a UCI dataset"):
        beyond.cells({"beyond": {"missing": MISSING | {"pools": ["iris"]}}}, "missing")


def test_quick_config_is_valid_has_every_section_on_and_is_smaller():
    import copy

    import yaml
    from snakemake.utils import update_config, validate

    from gendisc.study import design as study_config

    from conftest import REPO

    schema_path = REPO / "config" / "config.schema.yaml"
    default = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    config = copy.deepcopy(default)
    update_config(config, yaml.safe_load((REPO / "config" / "quick.yaml").read_text()))
    validate(config, str(schema_path))
    study_config.check(config, root=REPO, schema=yaml.safe_load(schema_path.read_text()))
    assert beyond.enabled(config) == tuple(beyond.STUDIES)
    for name in beyond.STUDIES:
        assert beyond.cells(config, name)
        assert config["beyond"][name]["replicates"] < default["beyond"][name]["replicates"]
    for section in ("synthetic", "dimension", "efron", "uci", "calibration"):
        assert config[section], section
        assert config[section]["replicates"] < default[section]["replicates"]
