"""Section 6, provenance: config as run and its hash, packages, commit, seeds, jobs and times."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import SectionContent, table


def benchmark_intervals(directory: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """(start, end) POSIX times of the jobs with a Snakemake benchmark file below ``directory``.

    The end is the file's modification time (written when the job ends) and the start is the
    end minus the benchmarked seconds ``s``; unreadable files are skipped.
    """
    out = []
    for path in sorted(Path(directory).rglob("*.tsv")):
        try:
            frame = pd.read_csv(path, sep="\t")
            end = path.stat().st_mtime
        except (OSError, ValueError, pd.errors.EmptyDataError):
            continue
        if "s" in frame.columns and len(frame):
            out.append((end - float(frame["s"].sum()), end))
    return out


def wall_time(intervals: Sequence[tuple[float, float]], now: float) -> dict[str, Any]:
    """Wall time from the start of the earliest benchmarked job to ``now``.

    Parameters
    ----------
    intervals : Sequence[tuple[float, float]]
        (start, end) of each job (:func:`benchmark_intervals`).
    now : float
        POSIX time of the measurement (the start of the report job).

    Returns
    -------
    dict
        ``jobs``, ``job seconds`` (summed), ``wall seconds``, ``started (UTC)``.
    """
    if not intervals:
        return {"jobs": 0, "job seconds": 0.0, "wall seconds": float("nan")}
    starts = [s for s, _ in intervals]
    if any(e < s for s, e in intervals):
        raise ValueError("an interval ends before it starts")
    first = min(starts)
    if now < first:
        raise ValueError(f"now ({now}) precedes the earliest job start ({first})")
    stamp = datetime.datetime.fromtimestamp(first, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    wall = now - first
    return {
        "jobs": len(intervals),
        "job seconds": round(float(sum(e - s for s, e in intervals)), 1),
        "wall seconds": round(wall, 1),
        "wall time (h:mm:ss)": str(datetime.timedelta(seconds=round(wall))),
        "started (UTC)": stamp,
    }


def build(inputs: ReportInputs) -> SectionContent:
    """The run's facts, its packages and the config as run."""
    config, prov, run = inputs.config, inputs.provenance, inputs.run
    packages = pd.DataFrame(
        sorted(prov.get("packages", {}).items()), columns=["package", "version"]
    )
    facts = pd.DataFrame(
        [
            ("config hash (SHA-256)", prov.get("config_hash", "")),
            ("git commit", prov.get("git_commit", "")),
            ("base seed", prov.get("seed", config.get("seed", ""))),
            ("distinct replicate random streams", inputs.seeds),
            ("engine", prov.get("engine", config.get("engine", ""))),
            *[(str(k), v) for k, v in run.items()],
        ],
        columns=["item", "value"],
    ).astype({"value": str})
    wall = run.get("wall time (h:mm:ss)")
    return SectionContent(
        lead=(
            f"This page was built from commit {str(prov.get('git_commit', '–'))[:12]} with "
            f"base seed {prov.get('seed', config.get('seed', '–'))}"
            + (f"; the study took {wall} of wall time" if wall else "")
            + ". The facts, the packages and the config as run are below; the same config "
            "and commit give the same tables."
        ),
        tables=(
            table("provenance-table", facts, "Facts about the run", left=("item", "value")),
            table("packages-table", packages, "Package versions", left=("package", "version")),
        ),
        extra={
            "config_yaml": yaml.safe_dump(
                dict(config), sort_keys=False, default_flow_style=None, width=96
            )
        },
    )


__all__ = ["benchmark_intervals", "build", "wall_time"]
