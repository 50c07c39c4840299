"""The run's surroundings: provenance (config hash, package versions, git commit), the
compute jobs' allocator settings, a reachability probe, job logging and benchmark facts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from gendisc.study.storage import UnreadableFile

#: packages whose versions are recorded as provenance
PROVENANCE_PACKAGES: tuple[str, ...] = (
    "gendisc",
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "scikit-learn",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "snakemake",
)


def config_hash(config: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a config (the study's identity)."""
    canon = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def package_versions(packages: tuple[str, ...] = PROVENANCE_PACKAGES) -> dict[str, str]:
    """Installed versions of ``packages`` (``"not installed"`` when absent)."""
    out = {}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    out["python"] = platform.python_version()
    return out


def git_commit(directory: str | os.PathLike[str]) -> str:
    """The git commit of ``directory`` (``"unknown"`` outside a checkout), ``+dirty`` if modified."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


#: glibc allocator settings for compute jobs: keep freed memory for reuse instead of
#: returning every large array to the kernel and faulting it in again for the next batch
#: (measured: system time of a chunk job 0.5 s -> 0.1 s of 6 s). Other C libraries ignore
#: them; a value already in the environment wins.
ALLOCATOR_ENV: dict[str, str] = {
    "MALLOC_MMAP_THRESHOLD_": str(2**32),
    "MALLOC_TRIM_THRESHOLD_": str(2**32),
    "MALLOC_TOP_PAD_": str(2**28),
}


def allocator_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with :data:`ALLOCATOR_ENV` added where not already set.

    Parameters
    ----------
    environ : Mapping[str, str]
        A process environment (e.g. ``os.environ``).

    Returns
    -------
    dict[str, str]
        A new environment.
    """
    return {**ALLOCATOR_ENV, **environ}


@contextlib.contextmanager
def log_to(path: str | os.PathLike[str]) -> Iterator[None]:
    """Send logging, warnings and any exception of a Snakemake script to its log file.

    A :class:`gendisc.study.storage.UnreadableFile` ends the script with one line (no
    traceback) naming the file and the command that rebuilds it.
    """
    import logging
    import traceback

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    try:
        yield
    except UnreadableFile as exc:
        # a corrupt input: one line that names the file and the command that rebuilds it
        logging.getLogger("gendisc").error("%s", exc)
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except BaseException:
        logging.getLogger("gendisc").error("failed:\n%s", traceback.format_exc())
        raise
    finally:
        root.removeHandler(handler)
        handler.close()


def benchmark_facts(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Jobs, summed job seconds and peak RSS from Snakemake ``benchmark:`` files below ``directory``."""
    files = sorted(Path(directory).rglob("*.tsv"))
    seconds = 0.0
    max_rss = 0.0
    for path in files:
        try:
            frame = pd.read_csv(path, sep="\t")
        except (OSError, ValueError, pd.errors.EmptyDataError):
            continue
        seconds += float(frame["s"].sum())
        rss = pd.to_numeric(frame.get("max_rss"), errors="coerce")
        if rss is not None and rss.notna().any():
            max_rss = max(max_rss, float(rss.max()))
    return {"jobs": len(files), "job_seconds": round(seconds, 1), "max_rss_mb": round(max_rss, 1)}


def url_reachable(url: str, timeout: float) -> bool:
    """True if an HTTP(S) HEAD request to ``url``'s host answers at all within ``timeout``."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True  # the server answered
    except (OSError, ValueError):
        return False


#: the files a run of the workflow needs (what a copy of the workflow holds)
WORKFLOW_FILES: tuple[str, ...] = (
    "Snakefile",
    "workflow",
    "profiles",
    "config",
    "src",
    "environment.yml",
    "pyproject.toml",
)


def copy_workflow(repo: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """Copy the workflow of checkout ``repo`` into ``dest`` (no results, caches or venv).

    Used by the end-to-end tests and by ``make bench``, which run the workflow in a copy.

    Returns
    -------
    pathlib.Path
        ``dest``.
    """
    import shutil

    repo, dest = Path(repo), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".snakemake")
    for name in WORKFLOW_FILES:
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def run_snakemake(
    workdir: str | os.PathLike[str],
    *args: str,
    snakemake: str,
    check: bool = True,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run the ``snakemake`` executable in ``workdir`` (hash seed fixed) and return the process.

    Raises
    ------
    RuntimeError
        If ``check`` and snakemake exits non-zero (with the tail of its output).
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [snakemake, *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"snakemake {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n"
            f"{proc.stderr[-8000:]}"
        )
    return proc
