"""Shared fixtures: a throw-away copy of the workflow and one smoke run per test session.

The tests run on two pytest-xdist workers (``-n 2 --dist loadfile`` in pyproject.toml): the smoke
run is still made once per session, by the first worker that needs it, under a file lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gendisc.study import runtime

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SNAKEMAKE = str(BIN / "snakemake")
#: the files a run of the workflow needs
WORKFLOW_FILES = runtime.WORKFLOW_FILES


#: the local UCI mirror: $GENDISC_MIRROR, else ../shared/uci-mirror beside the repo
MIRROR = (
    Path(os.environ["GENDISC_MIRROR"])
    if os.environ.get("GENDISC_MIRROR")
    else REPO.parent / "shared" / "uci-mirror"
)
needs_mirror = pytest.mark.skipif(
    not (MIRROR / "MANIFEST.md").is_file(),
    reason=f"data mirror not found at {MIRROR} (set GENDISC_MIRROR to its folder)",
)


def mirror_dir() -> Path | None:
    """The local UCI mirror, or None when there is none."""
    return MIRROR if MIRROR.is_dir() else None


def copy_workflow(dest: Path) -> Path:
    """Copy the workflow into ``dest`` (no results, caches or venv) and return it."""
    return runtime.copy_workflow(REPO, dest)


def run_snakemake(
    workdir: Path, *args: str, check: bool = True, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run the venv's snakemake in ``workdir`` and return the completed process."""
    try:
        return runtime.run_snakemake(
            workdir, *args, snakemake=SNAKEMAKE, check=check, timeout=timeout
        )
    except RuntimeError as exc:
        raise AssertionError(str(exc)) from None


def smoke_args(cores: int = 2, *overrides: str) -> list[str]:
    """Arguments of a smoke run (with the local mirror when there is one).

    ``overrides`` are extra ``KEY=VALUE`` config items, e.g. ``"engine=sklearn"``. The list may
    end with ``--config`` items, which would swallow what follows: give targets before it.
    """
    args = ["--cores", str(cores), "--configfile", "config/smoke.yaml"]
    mirror = mirror_dir()
    items = [*overrides, *([f"data_mirror={mirror}"] if mirror is not None else [])]
    if items:
        args += ["--config", *items]
    return args


#: the tables that the end-to-end tests compare byte for byte with the smoke run's
SMOKE_TABLES = ("results/errors.parquet", "results/summary.csv", "results/claims.csv")


def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shared by every xdist worker of this session (the base temp dir without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A completed smoke run of the whole DAG (shared by the end-to-end tests; read-only: a test
    that changes files works in a copy, ``shutil.copytree(smoke_run, dest, symlinks=True)``)."""
    root = session_dir(tmp_path_factory)
    work, failed = root / "smoke-run", root / "smoke-run.failed"
    with open(root / "smoke-run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if failed.exists():
            raise AssertionError(f"the session's smoke run failed:\n{failed.read_text()}")
        if not (root / "smoke-run.done").exists():
            try:
                copy_workflow(work)
                run_snakemake(work, *smoke_args(2))
            except BaseException as exc:
                failed.write_text(str(exc))
                raise
            (root / "smoke-run.done").touch()
    return work


def copy_run(run: Path, dest: Path) -> Path:
    """A copy of a completed run (results and Snakemake's metadata) to change at will."""
    shutil.copytree(run, dest, symlinks=True)
    return dest
