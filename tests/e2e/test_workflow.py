"""End-to-end: the smoke study runs the whole DAG, deterministically."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from gendisc.stats.claims import CLAIM_COLUMNS, VERDICTS
from gendisc.study import columns, outputs, storage

from conftest import (
    REPO,
    SMOKE_TABLES,
    copy_workflow,
    mirror_dir,
    run_snakemake,
    smoke_args,
)

pytestmark = pytest.mark.slow


def test_every_registered_table_has_its_columns(smoke_run):
    """Each table of the registry, read raw (not through a reader that enforces a schema),
    has every column the registry promises; the errors table has exactly them."""
    for table in outputs.TABLES.values():
        path = smoke_run / table.path
        names = (
            pq.read_schema(path).names
            if path.suffix == ".parquet"
            else pd.read_csv(path, nrows=0).columns.tolist()
        )
        missing = [c for c in table.columns if c not in names]
        assert not missing, (table.path, missing)
    raw = pq.read_schema(smoke_run / "results" / "errors.parquet").names
    assert raw == list(columns.ERRORS) and "stream_id" in raw and "seed" not in raw


def test_smoke_outputs(smoke_run):
    errors = storage.read_errors(smoke_run / "results" / "errors.parquet")
    assert (smoke_run / "results" / "summary.csv").stat().st_size > 0
    assert (smoke_run / "reports" / "report.html").stat().st_size > 0
    syn = errors[errors["study"] == "synthetic"]
    # every (cell, replicate) has exactly one generative and one discriminative row
    cell = ["dataset", "pair", "m", "replicate"]
    assert (syn.groupby([*cell, "role"]).size() == 1).all()
    assert (syn.groupby(cell)["role"].nunique() == len(columns.ROLES)).all()
    assert syn["test_error"].between(0, 1).all()
    assert syn["bayes_error"].between(0, 0.5).all()
    prov = storage.read_provenance(smoke_run / "results" / "errors.parquet")
    assert {"config_hash", "git_commit", "packages"} <= set(prov)
    studies = set(errors["study"])
    assert (
        {"synthetic", "dimension", "efron"}
        <= studies
        <= {"synthetic", "dimension", "efron", "uci", "uci_max_margin"}
    )
    # the UCI study runs from the mirror; without one (and offline) its datasets are skipped
    if mirror_dir() is not None:
        assert "uci" in studies


def test_smoke_claims_table(smoke_run):
    """results/claims.csv: the documented columns, valid verdicts, the six claims covered."""
    claims = pd.read_csv(smoke_run / "results" / "claims.csv")
    assert set(CLAIM_COLUMNS) <= set(claims.columns)
    assert set(claims["verdict"]) <= set(VERDICTS)
    assert claims["p_adjusted"].dropna().between(0, 1).all()
    names = set(claims["claim"])
    for claim in (
        "generative_better_small_m",  # 1
        "discriminative_not_worse_asymptotically",  # 2
        "curves_cross",  # 3
        "m_eps_log_n",  # 4
        "misspecification_widens_gap",  # 5
        "efron_efficiency",  # 6
    ):
        assert claim in names, sorted(names)


def test_second_run_on_one_core_is_byte_identical(smoke_run, tmp_path):
    """A second run of the same config, on --cores 1 instead of 2, gives the same bytes (it
    builds the compared tables and what they need: not the report, curves or calibration)."""
    work = copy_workflow(tmp_path / "c1")
    run_snakemake(work, *SMOKE_TABLES, *smoke_args(1))
    for table in SMOKE_TABLES:
        assert (work / table).read_bytes() == (smoke_run / table).read_bytes(), table


def test_lint_and_format_clean():
    bin_dir = __import__("pathlib").Path(sys.executable).parent
    for cmd in (
        [str(bin_dir / "ruff"), "check", "src", "tests", "workflow"],
        [str(bin_dir / "ruff"), "format", "--check", "src", "tests", "workflow"],
        [str(bin_dir / "snakefmt"), "--check", "Snakefile", "workflow/rules"],
    ):
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{' '.join(cmd)}:\n{proc.stdout}\n{proc.stderr}"


def test_snakemake_lint_clean(tmp_path):
    work = copy_workflow(tmp_path / "lint")
    proc = run_snakemake(work, "--lint", "--configfile", "config/smoke.yaml", check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Lints for" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
