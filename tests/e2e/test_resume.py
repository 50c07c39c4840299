"""A run killed with SIGKILL resumes to results byte-identical to an uninterrupted run.

One smoke study is killed three times, at three different points (the first chunk written,
half of the chunks written, every chunk written but before the aggregate is read), each
time by SIGKILL to Snakemake's whole process group (jobs included), and resumed with
``snakemake --unlock`` then ``--rerun-incomplete``. The final tables must equal, byte for
byte, those of the uninterrupted ``smoke_run``. The runs build those tables only (not the
report, the curves or the calibration study, which no kill point is about).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SMOKE_TABLES, SNAKEMAKE, copy_workflow, run_snakemake, smoke_args

pytestmark = pytest.mark.slow

#: the tables a resumed run must reproduce exactly (those present in the reference run)
TABLES = SMOKE_TABLES


def n_chunks(work: Path) -> int:
    """Chunk outputs present under their final name (temporaries start with a dot)."""
    root = work / "results" / "chunks"
    if not root.is_dir():
        return 0
    return sum(1 for p in root.rglob("*.parquet") if not p.name.startswith("."))


def run_and_kill(work: Path, when: Callable[[], bool], timeout: float = 900) -> bool:
    """Start a smoke run, SIGKILL its process group as soon as ``when()`` holds.

    Returns True if the run was killed, False if it finished first.
    """
    proc = subprocess.Popen(
        [SNAKEMAKE, *TABLES, *smoke_args(2), "--rerun-incomplete"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if when():
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return True
            if time.monotonic() > deadline:
                raise AssertionError("smoke run did not reach the kill point in time")
            time.sleep(0.05)
        return False
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_killed_three_times_then_resumed_is_byte_identical(smoke_run, tmp_path):
    total = n_chunks(smoke_run)
    assert total >= 4
    work = copy_workflow(tmp_path / "killed")
    errors = work / "results" / "errors.parquet"
    points = {
        "first chunk written": lambda: n_chunks(work) >= 1,
        "half of the chunks written": lambda: n_chunks(work) >= total // 2,
        "every chunk written, before the aggregate": lambda: n_chunks(work) == total,
    }
    seen = []
    for name, when in points.items():
        killed = run_and_kill(work, when)
        assert killed, f"the run finished before the kill point {name!r}"
        seen.append(n_chunks(work))
        # the lock of the killed run is stale; the README documents this step
        run_snakemake(work, *smoke_args(2), "--unlock")
    # three distinct states of the study were interrupted
    assert seen[0] >= 1 and seen[0] < total and seen[-1] == total, seen
    assert len(set(seen)) == 3, seen
    assert (
        not errors.exists()
        or errors.read_bytes() == (smoke_run / "results" / "errors.parquet").read_bytes()
    )
    run_snakemake(work, *TABLES, *smoke_args(2), "--rerun-incomplete")
    for table in TABLES:
        reference = smoke_run / table
        if table != "results/claims.csv":
            assert reference.exists(), table
        if reference.exists():
            assert (work / table).read_bytes() == reference.read_bytes(), table
