"""Files of the study: atomic writes, Parquet with provenance and page checksums, JSON, CSV.

Every writer writes to a temporary file in the destination folder and renames it into
place (``os.replace``), so a reader never sees a half-written file and an interrupted
job leaves nothing under the final name. Every Parquet file carries a CRC-32 checksum per
page, and every reader verifies them, so a file changed on disk after it was written is
refused with its name and the command that rebuilds it and everything downstream.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gendisc.study import columns

METADATA_KEY = b"gendisc"
#: metadata entry of every Parquet file written with page checksums
CHECKSUM_KEY, CHECKSUM_VALUE = b"gendisc.page_checksum", b"crc32"


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


class UnreadableFile(ValueError):
    """A file of the run that is corrupt or not what its writer wrote; the message names it and
    the command that rebuilds it (and everything downstream of it)."""


def rebuild_hint(path: str | os.PathLike[str]) -> str:
    """The command that rebuilds ``path`` and everything downstream of it."""
    return f"rebuild it and everything downstream with: snakemake --forcerun {path}"


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file.

    Raises
    ------
    ValueError
        If the file is not valid UTF-8 JSON (the message names it and how to rebuild it).
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"{path} is not valid JSON ({exc}); {rebuild_hint(path)}") from None


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> None:
    """Write ``frame`` as CSV (no index, full float precision) atomically."""
    write_text(path, frame.to_csv(index=False, float_format="%.10g", lineterminator="\n"))


def write_parquet(
    path: str | os.PathLike[str],
    frame: pd.DataFrame,
    provenance: Mapping[str, Any] | None = None,
) -> None:
    """Write ``frame`` to Parquet atomically, with ``provenance`` as JSON in the file metadata.

    The output is byte-identical for identical inputs (no timestamps; fixed row groups).
    Every page carries a CRC-32 checksum that :func:`read_parquet` verifies.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), CHECKSUM_KEY: CHECKSUM_VALUE}
    if provenance is not None:
        meta[METADATA_KEY] = json.dumps(provenance, sort_keys=True, default=str).encode("utf-8")
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(
            table, tmp, compression="zstd", row_group_size=1_000_000, write_page_checksum=True
        )


def read_table(path: str | os.PathLike[str], columns: list[str] | None = None) -> pa.Table:
    """Read (some ``columns`` of) a Parquet file written by :func:`write_parquet`, checked.

    Every page's checksum is verified, so a changed byte in the data is an error rather than a
    different value.

    Raises
    ------
    ValueError
        If the file is missing, truncated, not Parquet, has no page checksums, or a page does
        not match its checksum (the message names the file and the command that rebuilds it).
    """
    try:
        table = pq.read_table(path, columns=columns, page_checksum_verification=True)
        _check_has_checksums(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"{path} is corrupt or unreadable ({exc}); {rebuild_hint(path)}"
        ) from None
    return table


def _check_has_checksums(path: str | os.PathLike[str]) -> None:
    """Refuse a file written without page checksums (corruption in it would go unseen)."""
    meta = pq.read_schema(path).metadata or {}
    if meta.get(CHECKSUM_KEY) != CHECKSUM_VALUE:
        raise ValueError("written without page checksums (not by this workflow)")


def read_parquet(path: str | os.PathLike[str]) -> pd.DataFrame:
    """:func:`read_table` as a pandas frame."""
    return read_table(path).to_pandas()


def read_provenance(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The provenance dict stored by :func:`write_parquet` (empty if none)."""
    try:
        meta = pq.read_schema(path).metadata or {}
        raw = meta.get(METADATA_KEY)
        return json.loads(raw) if raw else {}
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"{path} is corrupt or unreadable ({exc}); {rebuild_hint(path)}"
        ) from None


def read_errors(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read an errors table and check it against the schema in :mod:`gendisc.study.columns`."""
    return columns.conform(read_parquet(path))


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
    return int(pc.count_distinct(read_table(path, columns=[column])[column]).as_py())


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
