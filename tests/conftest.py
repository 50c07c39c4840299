"""Shared fixtures: a throw-away copy of the workflow and one smoke run per test session."""

from __future__ import annotations

import os
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

    ``overrides`` are extra ``KEY=VALUE`` config items, e.g. ``"engine=sklearn"``.
    """
    args = ["--cores", str(cores), "--configfile", "config/smoke.yaml"]
    mirror = mirror_dir()
    items = [*overrides, *([f"data_mirror={mirror}"] if mirror is not None else [])]
    if items:
        args += ["--config", *items]
    return args


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A completed smoke run of the whole DAG (shared by the end-to-end tests)."""
    work = copy_workflow(tmp_path_factory.mktemp("smoke"))
    run_snakemake(work, *smoke_args(2))
    return work
