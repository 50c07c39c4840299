"""Integrity end to end (issue 19): corruption is detected on read and the remedy works; a
dry run changes nothing; the workflow profile is read; a hard kill resumes.

Each test works in its own copy of the completed smoke run (``smoke_run``), corrupts or
interrupts it, and checks the tables against the uninterrupted run's bytes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from snakemake.utils import update_config

from conftest import (
    SMOKE_TABLES,
    SNAKEMAKE,
    copy_run,
    copy_workflow,
    mirror_dir,
    run_snakemake,
    smoke_args,
)

pytestmark = pytest.mark.slow

#: the tables compared byte for byte with the clean run (a rebuild builds only them)
TABLES = SMOKE_TABLES


def _flip(path: Path, at: float = 0.4, n: int = 4) -> None:
    """Change ``n`` bytes in the middle of ``path`` (its data pages, not the footer)."""
    data = bytearray(path.read_bytes())
    i = int(len(data) * at)
    for k in range(n):
        data[i + k] ^= 0x5A
    path.write_bytes(bytes(data))


def _same_tables(work: Path, smoke_run: Path) -> None:
    for table in TABLES:
        assert (work / table).read_bytes() == (smoke_run / table).read_bytes(), table


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    skip = {".snakemake"}
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and not skip & set(p.relative_to(root).parts)
    }


def test_corrupt_pool_is_detected_named_and_rebuilt(smoke_run, tmp_path):
    """§1: bytes changed inside a UCI pool: its reader refuses it, naming the file and the
    command; that command rebuilds it and everything downstream to the clean run's bytes."""
    if mirror_dir() is None:
        pytest.skip("the UCI study needs the data mirror")
    work = copy_run(smoke_run, tmp_path / "pool")
    pool = "results/uci/pools/pima.parquet"
    _flip(work / pool)
    proc = run_snakemake(work, *smoke_args(2), "--forcerun", "uci_splits", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert f"{pool} is corrupt" in out and f"snakemake --forcerun {pool}" in out, out
    assert "Traceback" not in out, out
    run_snakemake(work, *TABLES, *smoke_args(2), "--forcerun", pool)
    _same_tables(work, smoke_run)


def test_corrupt_chunk_and_reference_are_detected_and_rebuilt(smoke_run, tmp_path):
    """§1 and §6: a changed chunk and a garbage reference JSON, each refused in one line naming
    the file; the named command restores the clean run's bytes."""
    work = copy_run(smoke_run, tmp_path / "chunk")
    chunk = sorted((work / "results" / "chunks" / "synthetic").rglob("[0-9]*.parquet"))[0]
    chunk_rel = str(chunk.relative_to(work))
    _flip(chunk, n=2)
    proc = run_snakemake(work, *smoke_args(2), "--forcerun", "aggregate", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and f"snakemake --forcerun {chunk_rel}" in out, out
    run_snakemake(work, *TABLES, *smoke_args(2), "--forcerun", chunk_rel)
    _same_tables(work, smoke_run)

    ref = sorted((work / "results" / "reference").rglob("*.json"))[0]
    ref_rel = str(ref.relative_to(work))
    ref.write_bytes(b"\x00garbage{")
    proc = run_snakemake(work, *smoke_args(2), "--forcerun", "asymptotic_table", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert f"{ref_rel} is not valid JSON" in out and f"--forcerun {ref_rel}" in out, out
    assert "JSONDecodeError" not in out and "Traceback" not in out, out
    run_snakemake(work, *TABLES, *smoke_args(2), "--forcerun", ref_rel)
    _same_tables(work, smoke_run)


def test_dry_run_and_unlock_change_nothing(smoke_run, tmp_path):
    """§6: `snakemake -n` and `--unlock` leave every file as it was, a truncated one too."""
    work = copy_run(smoke_run, tmp_path / "dry")
    chunk = sorted((work / "results" / "chunks").rglob("[0-9]*.parquet"))[-1]
    chunk.write_bytes(chunk.read_bytes()[:100])
    before = _snapshot(work)
    run_snakemake(work, *smoke_args(2), "-n")
    run_snakemake(work, "--unlock", *smoke_args(2)[2:])
    assert _snapshot(work) == before


def _plain_workdir(tmp_path: Path) -> Path:
    """A copy whose config/config.yaml is the smoke study, so that `snakemake` needs no flag."""
    work = copy_workflow(tmp_path / "plain")
    config = yaml.safe_load((work / "config" / "config.yaml").read_text())
    update_config(config, yaml.safe_load((work / "config" / "smoke.yaml").read_text()))
    mirror = mirror_dir()
    if mirror is not None:
        config["data_mirror"] = str(mirror)
    (work / "config" / "config.yaml").write_text(yaml.safe_dump(config))
    return work


def test_plain_snakemake_reads_the_profile_and_resumes_after_sigkill(smoke_run, tmp_path):
    """§5: the workflow profile (profiles/default) is read without flags: plain `snakemake`
    runs (cores from the profile), and after a SIGKILL of the whole run, Snakemake's own lock
    message names `--unlock`; `snakemake --unlock` then plain `snakemake` (rerun-incomplete from
    the profile) resume to the clean run's bytes."""
    work = _plain_workdir(tmp_path)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(
        [SNAKEMAKE],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    chunks = work / "results" / "chunks"
    deadline = time.monotonic() + 600
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if chunks.is_dir() and any(chunks.rglob("[0-9]*.parquet")):
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    again = run_snakemake(work, check=False)
    if again.returncode != 0:  # a hard kill leaves Snakemake's lock: its message says what to do
        assert "--unlock" in again.stdout + again.stderr, again.stdout + again.stderr
        run_snakemake(work, "--unlock")
        run_snakemake(work)
    _same_tables(work, smoke_run)
