"""`gendisc compare`: the overlay it writes and the one-line refusal of a bad input (no run)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from gendisc import cli
from gendisc.data import user

from conftest import REPO

CSV = REPO / "tests" / "data" / "breast_cancer_small.csv"


def args(*extra: str):
    return cli.parser().parse_args(["compare", *extra])


@pytest.mark.parametrize(
    ("path", "name"),
    [("data/churn.csv", "churn"), ("x/my data.v2.parquet", "my_data_v2"), ("_a.csv", "d_a")],
)
def test_dataset_name_fits_the_config_pattern(path, name):
    assert cli.dataset_name(path) == name


def test_overlay_is_a_valid_datasets_entry_relative_to_the_project():
    ns = args(str(CSV), "--target", "diagnosis", "--positive", "malignant", "--m", "4,16")
    name, cfg = cli.overlay(ns, REPO)
    assert name == "breast_cancer_small"
    entry = cfg["datasets"][name]
    assert entry["path"] == "tests/data/breast_cancer_small.csv"
    assert entry["m"] == [4, 16] and entry["features"] == "all"
    pool = user.prepare(user.UserDataset.from_config(name, entry), REPO)
    assert pool.m_grid == (4, 16) and pool.prepared.y.sum() == 76


def test_positive_reads_numbers_as_yaml_does():
    assert cli._positive("1") == 1 and cli._positive("0.5") == 0.5
    assert cli._positive("yes") == "yes"  # not YAML's boolean: the value as typed
    assert cli._positive("True") == "True"


def test_bad_input_is_one_line_naming_the_option_and_column(tmp_path, capsys):
    shutil.copy2(REPO / "Snakefile", tmp_path / "Snakefile")
    shutil.copy2(CSV, tmp_path / "t.csv")
    code = cli.main(
        ["compare", str(tmp_path / "t.csv"), "--target", "churned", "--positive", "yes",
         "--directory", str(tmp_path)]
    )  # fmt: skip
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 2
    assert out == [
        "gendisc: --target: column 'churned' is not in t.csv (columns: mean_radius, mean_texture, "
        "mean_smoothness, mean_compactness, mean_symmetry, diagnosis)"
    ]
    assert not (tmp_path / "config").exists()  # nothing written


def test_outside_file_needs_the_flag(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO / "Snakefile", project / "Snakefile")
    code = cli.main(
        ["compare", str(CSV), "--target", "diagnosis", "--positive", "malignant",
         "--directory", str(project)]
    )  # fmt: skip
    assert code == 2
    assert "--allow-outside" in capsys.readouterr().out
    ns = args(str(CSV), "--target", "d", "--positive", "m", "--allow-outside")
    _, cfg = cli.overlay(ns, project)
    entry = cfg["datasets"]["breast_cancer_small"]
    assert entry["allow_outside"] is True and entry["path"] == str(CSV)
    assert yaml.safe_load(yaml.safe_dump(cfg)) == cfg
