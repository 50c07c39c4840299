"""All file I/O of the study: atomic writes, Parquet with provenance, JSON, YAML.

Every writer writes to a temporary file in the destination folder and renames it into
place (``os.replace``), so a reader never sees a half-written file and an interrupted
job leaves nothing under the final name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gendisc.study import columns

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

METADATA_KEY = b"gendisc"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` on success.

    On any exception the temporary file is removed and nothing is left under ``path``.
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        tmp_path.chmod(0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp_path, final)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write ``obj`` as sorted, indented JSON atomically (byte-stable)."""
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, allow_nan=True) + "\n")


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Write ``frame`` as CSV (no index, full float precision) atomically."""
    write_text(path, frame.to_csv(index=False, float_format="%.10g", lineterminator="\n"))


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


def write_parquet(
    path: str | os.PathLike[str],
    frame: pd.DataFrame,
    provenance: Mapping[str, Any] | None = None,
) -> None:
    """Write ``frame`` to Parquet atomically, with ``provenance`` as JSON in the file metadata.

    The output is byte-identical for identical inputs (no timestamps; fixed row groups).
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    if provenance is not None:
        meta[METADATA_KEY] = json.dumps(provenance, sort_keys=True, default=str).encode("utf-8")
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", row_group_size=1_000_000)


def read_parquet(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a Parquet file written by :func:`write_parquet`.

    Raises
    ------
    ValueError
        If the file is truncated or not Parquet (the message names the file).
    """
    try:
        return pq.read_table(path).to_pandas()
    except (pa.ArrowInvalid, OSError) as exc:
        raise ValueError(
            f"{path} is not a readable Parquet file ({exc}); delete it and re-run"
        ) from exc


def read_provenance(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The provenance dict stored by :func:`write_parquet` (empty if none)."""
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(METADATA_KEY)
    return json.loads(raw) if raw else {}


def read_errors(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read an errors table and check it against the schema in :mod:`gendisc.study.columns`."""
    return columns.conform(read_parquet(path))


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


def distinct_count(path: str | os.PathLike[str], column: str) -> int:
    """Number of distinct values of one column of a Parquet table, reading only that column.

    Raises
    ------
    ValueError
        If the table has no such column.
    """
    import pyarrow.compute as pc  # only the report needs it

    names = pq.read_schema(path).names
    if column not in names:
        raise ValueError(f"{path} has no column {column!r}; columns: {names}")
    return int(pc.count_distinct(pq.read_table(path, columns=[column])[column]).as_py())


@contextlib.contextmanager
def log_to(path: str | os.PathLike[str]) -> Iterator[None]:
    """Send logging, warnings and any exception of a Snakemake script to its log file."""
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


def write_pool(path: str | os.PathLike[str], prepared: Any, info: Mapping[str, Any]) -> None:
    """Write a prepared pool (``X``, ``y``, categories, names, notes) to Parquet atomically.

    ``info`` (dataset name, source checksums, ...) is stored beside it in the metadata.
    """
    frame = pd.DataFrame(prepared.X, columns=[f"x{i}" for i in range(prepared.X.shape[1])])
    frame["y"] = prepared.y
    meta = {
        "n_categories": None if prepared.n_categories is None else list(prepared.n_categories),
        "feature_names": list(prepared.feature_names),
        "notes": list(prepared.notes),
        **info,
    }
    write_parquet(path, frame, provenance=meta)


def read_pool(path: str | os.PathLike[str]) -> tuple[Any, dict[str, Any]]:
    """Read a pool written by :func:`write_pool`: ``(Prepared, info)``."""
    from gendisc.data.prepare import Prepared

    frame = read_parquet(path)
    meta = read_provenance(path)
    x = frame.drop(columns="y").to_numpy(dtype="float64")
    cats = meta.pop("n_categories")
    prepared = Prepared(
        X=x,
        y=frame["y"].to_numpy(dtype="int64"),
        n_categories=None if cats is None else tuple(int(c) for c in cats),
        feature_names=tuple(meta.pop("feature_names")),
        notes=tuple(meta.pop("notes")),
    )
    return prepared, meta


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


def is_complete_parquet(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` has Parquet's magic bytes at both ends and a footer that fits.

    A cheap test (reads 12 bytes) that catches truncated or overwritten files.
    """
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size < 12:
                return False
            fh.seek(0)
            head = fh.read(4)
            fh.seek(size - 8)
            tail = fh.read(8)
    except OSError:
        return False
    footer = int.from_bytes(tail[:4], "little")
    return head == b"PAR1" and tail[4:] == b"PAR1" and footer + 12 <= size


def remove_corrupt_parquet(root: str | os.PathLike[str]) -> list[Path]:
    """Delete every ``*.parquet`` below ``root`` that is not a complete Parquet file.

    Run before the DAG is built, so Snakemake rebuilds such intermediates instead of
    reading them. Returns the removed paths.
    """
    removed = []
    for path in sorted(Path(root).rglob("*.parquet")):
        if not is_complete_parquet(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
