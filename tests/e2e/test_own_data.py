"""End-to-end: `gendisc compare FILE --target T --positive P` on the shipped CSV (issue 17).

One run of the one-line command (smoke study + the user dataset) is shared: the dataset's rows
are in results/errors.parquet with the UCI protocol, its panel is in the report, the file's
SHA-256 is in the pool's provenance. It runs in a copy of the session's smoke run (a user who ran
the study, then adds a dataset), so Snakemake builds the dataset's jobs and what they change. A
second run from scratch gives the same bytes, and editing the CSV makes Snakemake rerun that
dataset's jobs and nothing else of the experiments.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gendisc.study import storage

from conftest import BIN, REPO, copy_run, copy_workflow, mirror_dir, run_snakemake

pytestmark = pytest.mark.slow

CSV = Path("tests") / "data" / "breast_cancer_small.csv"
NAME = "breast_cancer_small"
#: the default m grid of a 190-row table: 12 log-spaced sizes from 2 to 95
DEFAULT_M = [2, 3, 4, 6, 8, 12, 16, 23, 33, 47, 67, 95]


def gendisc_command() -> list[str]:
    """The installed `gendisc` entry point, else the same module run by this Python."""
    script = BIN / "gendisc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gendisc.cli"]


def compare(work: Path) -> subprocess.CompletedProcess[str]:
    """Run the one-line command (on the smoke study, 2 cores) in a workflow copy."""
    mirror = mirror_dir()
    extra = ["--config", f"data_mirror={mirror}"] if mirror is not None else []
    cmd = [
        *gendisc_command(),
        "compare",
        str(CSV),
        "--target",
        "diagnosis",
        "--positive",
        "malignant",
        "--configfile",
        "config/smoke.yaml",
        "--cores",
        "2",
        *extra,
    ]
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return proc


def project_copy(dest: Path, run: Path | None = None) -> Path:
    """A workflow copy with the shipped CSV (a copy of a completed ``run`` if one is given)."""
    work = copy_workflow(dest) if run is None else copy_run(run, dest)
    (work / CSV).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / CSV, work / CSV)
    return work


@pytest.fixture(scope="module")
def own_run(
    smoke_run: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess]:
    work = project_copy(tmp_path_factory.mktemp("own") / "run", smoke_run)
    return work, compare(work)


def test_command_prints_progress_and_ends_with_the_report(own_run):
    work, proc = own_run
    lines = proc.stdout.strip().splitlines()
    report = work / "reports" / "report.html"
    assert lines[-1].endswith(str(report)), proc.stdout
    assert report.stat().st_size > 0
    assert f"{NAME}: 190 rows, 5 continuous features, 76 positives" in proc.stdout
    # Snakemake's progress lines
    assert re.search(r"\d+ of \d+ steps \(\d+%\) done", proc.stderr), proc.stderr[-2000:]
    assert (work / "config" / f"compare-{NAME}.yaml").is_file()


def test_rows_follow_the_uci_protocol(own_run):
    work, _ = own_run
    errors = storage.read_errors(work / "results" / "errors.parquet")
    mine = errors[errors["dataset"] == NAME]
    # the run's LR rule (study uci) and, under the random separator, its max-margin arm
    assert set(mine["study"]) == {"uci", "uci_max_margin"}
    arm = mine[mine["study"] == "uci_max_margin"]
    assert (arm["role"] == "discriminative").any()
    mine = mine[mine["study"] == "uci"]
    assert set(mine["pair"]) == {"nb_lr"}  # the smoke study's continuous pair
    assert sorted(mine["m"].unique()) == DEFAULT_M
    # every split: one generative and one discriminative row, R = uci.replicates (smoke: 6)
    cell = ["pair", "m", "replicate"]
    assert (mine.groupby([*cell, "role"]).size() == 1).all()
    assert (mine.groupby("m")["replicate"].nunique() == 6).all()
    assert mine["test_error"].between(0, 1).all()
    # the pool's provenance records the file's checksum
    info = storage.read_provenance(work / "results" / "uci" / "pools" / f"{NAME}.parquet")
    digest = hashlib.sha256((work / CSV).read_bytes()).hexdigest()
    assert info["sha256"] == {CSV.name: digest}
    summary = (work / "results" / "summary.csv").read_text()
    assert NAME in summary


def test_dataset_has_its_panel_in_the_report(own_run):
    work, _ = own_run
    html = (work / "reports" / "report.html").read_text()
    assert f"{NAME} (your data" in html  # the Figure 1 panel title and its table row


def test_same_config_twice_is_byte_identical(own_run, tmp_path):
    """A second run of the config the command wrote, in a fresh copy (from scratch, where the
    command's run added to a finished smoke run), gives the same bytes.

    To spare CPU it builds only the tables up to the per-cell statistics (31 of the smoke
    study's 55 jobs); the full smoke DAG's determinism is test_workflow's.
    """
    work, _ = own_run
    again = project_copy(tmp_path / "again")
    shutil.copy2(work / "config" / f"compare-{NAME}.yaml", again / "config")
    tables = ("results/errors.parquet", "results/summary.csv", "results/cells.csv")
    pool = f"results/uci/pools/{NAME}.parquet"
    configs = ["config/smoke.yaml", f"config/compare-{NAME}.yaml"]
    run_snakemake(again, "--cores", "2", *tables, pool, "--configfile", *configs, *_mirror_config())
    for rel in (*tables, pool):
        assert (again / rel).read_bytes() == (work / rel).read_bytes(), rel


def test_editing_the_csv_reruns_only_its_jobs(own_run, tmp_path):
    work, _ = own_run
    edited = tmp_path / "edited"
    shutil.copytree(work, edited, symlinks=True)
    text = (edited / CSV).read_text().splitlines()
    text[1] = text[1].replace("17.99", "17.98")  # one value of the first row
    (edited / CSV).write_text("\n".join(text) + "\n")
    configs = ["config/smoke.yaml", f"config/compare-{NAME}.yaml"]
    proc = run_snakemake(edited, "-n", "--configfile", *configs, *_mirror_config())
    out = proc.stdout + proc.stderr
    jobs = dict(re.findall(r"^(\w+)\s+(\d+)$", out, re.M))
    assert jobs.get("prepare_user_dataset") == "1", out
    # only this dataset's split jobs (one pair, uci.replicates / chunk_size = 2 chunks)
    assert jobs.get("uci_splits") == "2", out
    splits = re.findall(r"output: (results/chunks/\S+)", out)
    assert splits and all(s.startswith(f"results/chunks/uci/{NAME}/") for s in splits), splits
    for rule in ("simulate", "reference", "prepare_dataset", "download", "calibration_pools"):
        assert rule not in jobs, out


def _mirror_config() -> list[str]:
    mirror = mirror_dir()
    return ["--config", f"data_mirror={mirror}"] if mirror is not None else []
