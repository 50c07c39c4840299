"""Datasets a user brings: read a table, binarise its target, encode it like the UCI pools.

A user dataset is one entry of the config's ``datasets`` section (:class:`UserDataset`). Its
file (CSV, TSV, Parquet or ARFF) is read by :func:`read_table`; :func:`prepare` turns it into the
same :class:`~gendisc.data.prepare.Prepared` pool the UCI datasets produce (continuous features
min-max rescaled to ``[0, 1]``, discrete features as codes ``0 .. k-1``, constant features
dropped, the UCI missing-value rules), so the UCI protocol applies unchanged: random training
sets of size ``m`` holding both classes, the rest of the pool as the test set.

Every bad input raises :class:`UserDataError`: one line naming the file or the column, and the
config field (``path``, ``target``, ...) it concerns, so that the design step can name the key.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import arff
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from gendisc.data.checksums import sha256_file
from gendisc.data.prepare import MISSING_RULES, Prepared, category_codes, handle_missing

#: file formats by suffix (lower case)
FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".arff": "arff",
}
KINDS = ("continuous", "discrete")
#: tokens read as missing in text files (pandas' defaults, plus the UCI files' "?")
MISSING_TOKENS = ("?",)
#: the default m grid: 12 log-spaced sizes from 2 to half the pool, at most this many examples
DEFAULT_M_CAP = 1000
DEFAULT_M_POINTS = 12


class UserDataError(ValueError):
    """A bad user dataset; ``field`` is the config field it concerns (``path``, ``target``, ...)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UserDataset:
    """One entry of the ``datasets`` config section (defaults as in the schema)."""

    name: str
    path: str
    target: str
    positive: str | int | float | bool
    features: tuple[str, ...] | None = None  # None: every column but the target
    kind: str = "continuous"
    missing: str = "drop"
    m: tuple[int, ...] | None = None  # None: from the pool size (default_m_grid)
    allow_outside: bool = False

    @classmethod
    def from_config(cls, name: str, entry: Mapping[str, Any]) -> UserDataset:
        """Build from a validated config entry (missing keys take the schema's defaults)."""
        features = entry.get("features", "all")
        m = entry.get("m")
        return cls(
            name=name,
            path=str(entry["path"]),
            target=str(entry["target"]),
            positive=entry["positive"],
            features=None if features == "all" else tuple(str(f) for f in features),
            kind=str(entry.get("kind", "continuous")),
            missing=str(entry.get("missing", "drop")),
            m=None if m is None else tuple(int(v) for v in m),
            allow_outside=bool(entry.get("allow_outside", False)),
        )


def specs(config: Mapping[str, Any]) -> dict[str, UserDataset]:
    """The user datasets of a config, by name, in config order."""
    section = config.get("datasets") or {}
    return {name: UserDataset.from_config(name, entry) for name, entry in section.items()}


def resolve(spec: UserDataset, root: str | os.PathLike[str]) -> Path:
    """The dataset's file as an absolute path; relative paths are relative to ``root``.

    Raises
    ------
    UserDataError
        If the file lies outside ``root`` and ``allow_outside`` is not set, or it does not exist
        or is not a readable file.
    """
    base = Path(root).resolve()
    path = (base / Path(spec.path).expanduser()).resolve()
    if not spec.allow_outside and not path.is_relative_to(base):
        raise UserDataError(
            "path",
            f"{spec.path} is outside the project folder; copy it into the project, or set "
            f"datasets.{spec.name}.allow_outside: true (gendisc compare: --allow-outside) to use "
            "it where it is",
        )
    if not path.exists():
        raise UserDataError("path", f"{spec.path}: no such file")
    if not path.is_file():
        raise UserDataError("path", f"{spec.path}: not a readable file (a directory?)")
    if not os.access(path, os.R_OK):
        raise UserDataError("path", f"{spec.path}: not readable (permission denied)")
    return path


def _not_a_table(path: Path, fmt: str, why: object) -> UserDataError:
    return UserDataError("path", f"{path.name}: not a {fmt.upper()} table ({why})")


def _raw_names(path: Path, fmt: str) -> list[str]:
    """Column names as written in the file (before any renaming of duplicates)."""
    if fmt in ("csv", "tsv"):
        header = pd.read_csv(path, sep="," if fmt == "csv" else "\t", header=None, nrows=1)
        return [str(v).strip() for v in header.iloc[0]]
    return [str(n) for n in pq.read_schema(path).names]


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV, TSV, Parquet or ARFF file (by suffix) into a frame; missing cells are NaN.

    Text files: first line = column names; empty cells, pandas' usual NA tokens and ``?`` are
    missing. ARFF: ``?`` is missing (liac-arff).

    Raises
    ------
    UserDataError
        (field ``path``) if the suffix is unknown, the file does not parse as that format, it
        has no rows or fewer than two columns, or two columns share a name.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserDataError(
            "path",
            f"{path.name}: unknown table format {path.suffix or '(no suffix)'!r}; "
            f"use one of {sorted(FORMATS)}",
        )
    try:
        if fmt == "arff":
            with path.open(encoding="utf-8") as handle:
                data = arff.load(handle)
            names = [str(a[0]) for a in data["attributes"]]
            frame = pd.DataFrame(data["data"], columns=names)
            nominal = [str(a[0]) for a in data["attributes"] if isinstance(a[1], list)]
            frame[nominal] = frame[nominal].astype(object)
        else:
            names = _raw_names(path, fmt)
            if fmt == "parquet":
                frame = pq.read_table(path).to_pandas()
            else:
                frame = pd.read_csv(
                    path,
                    sep="," if fmt == "csv" else "\t",
                    na_values=list(MISSING_TOKENS),
                    skipinitialspace=True,
                )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _not_a_table(path, fmt, str(exc).splitlines()[0] or type(exc).__name__) from None
    except (arff.ArffException, OSError, ValueError) as exc:  # pyarrow errors are these
        raise _not_a_table(path, fmt, str(exc).splitlines()[0] or type(exc).__name__) from None
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UserDataError(
            "path", f"{path.name}: duplicate column names {duplicates}; every column needs its own"
        )
    if frame.shape[1] < 2:
        raise _not_a_table(
            path, fmt, f"{frame.shape[1]} column(s); a target and at least one feature are needed"
        )
    if frame.shape[0] == 0:
        raise _not_a_table(path, fmt, "no rows")
    frame.columns = names
    return frame


def _is_positive(values: pd.Series, positive: object) -> np.ndarray:
    """Whether each (non-missing) target value equals ``positive`` (numbers compared as numbers)."""
    if pd.api.types.is_bool_dtype(values) and isinstance(positive, bool):
        return (values == positive).to_numpy()
    if pd.api.types.is_numeric_dtype(values) and not isinstance(positive, bool):
        try:
            number = float(positive)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = None
        if number is not None:
            return (values.astype(np.float64) == number).to_numpy()
    text = str(positive).lower() if isinstance(positive, bool) else str(positive)
    return (values.astype(str).str.strip() == text).to_numpy()


def _target(frame: pd.DataFrame, spec: UserDataset, file: str) -> tuple[pd.Series, np.ndarray]:
    """The target column (rows with a value) and y = 1 where it equals ``positive``."""
    if spec.target not in frame.columns:
        raise UserDataError(
            "target",
            f"column {spec.target!r} is not in {file} (columns: {', '.join(map(str, frame.columns))})",
        )
    values = frame[spec.target].dropna()
    if values.empty:
        raise UserDataError("target", f"column {spec.target!r} of {file}: all values are missing")
    y = _is_positive(values, spec.positive).astype(np.int64)
    ones = int(y.sum())
    if ones in (0, len(y)):
        seen = sorted(map(str, values.unique()))[:10]
        which = "none" if ones == 0 else "all"
        raise UserDataError(
            "positive",
            f"positive value {spec.positive!r} matches {which} of the {len(y)} rows of column "
            f"{spec.target!r} in {file}: one class only (values seen: {', '.join(seen)})",
        )
    return values, y


def _features(frame: pd.DataFrame, spec: UserDataset, file: str) -> list[str]:
    """The feature columns: the listed ones, or every column but the target."""
    if spec.features is None:
        return [c for c in frame.columns if c != spec.target]
    absent = [f for f in spec.features if f not in frame.columns]
    if absent:
        raise UserDataError("features", f"column(s) {absent} are not in {file}")
    if spec.target in spec.features:
        raise UserDataError("features", f"the target column {spec.target!r} is also a feature")
    return list(spec.features)


def _check_values(feats: pd.DataFrame, kind: str, file: str) -> None:
    """Every feature has a value somewhere; continuous features are numbers."""
    for col in feats.columns:
        values = feats[col].dropna()
        if values.empty:
            raise UserDataError("features", f"column {col!r} of {file}: all values are missing")
        if kind == "continuous" and not (
            pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
        ):
            numbers = pd.to_numeric(values, errors="coerce")
            if numbers.isna().any():
                bad = values[numbers.isna()]
                raise UserDataError(
                    "kind",
                    f"column {col!r} of {file} is not numeric (row {int(bad.index[0]) + 1}: "
                    f"{bad.iloc[0]!r}); kind: continuous needs numbers (use kind: discrete, or "
                    "leave the column out of features)",
                )


def _encode(feats: pd.DataFrame, kind: str) -> tuple[np.ndarray, tuple[int, ...] | None, list]:
    """UCI encoding: continuous min-max to [0, 1], discrete sorted codes; constants dropped."""
    if kind == "continuous":
        values = feats.apply(pd.to_numeric).to_numpy(dtype=np.float64)
        low, high = values.min(axis=0), values.max(axis=0)
        keep = high > low
        return (values[:, keep] - low[keep]) / (high[keep] - low[keep]), None, list(keep)
    encoded = [category_codes(feats[col]) for col in feats.columns]
    keep = [k > 1 for _, k in encoded]
    codes = [c for c, k in encoded if k > 1]
    X = np.column_stack(codes) if codes else np.empty((len(feats), 0))
    return X, tuple(k for _, k in encoded if k > 1), keep


def default_m_grid(n_rows: int) -> tuple[int, ...]:
    """12 log-spaced distinct sizes from 2 to ``min(n_rows // 2, 1000)`` (at least ``(2,)``).

    Half the pool at most, so that the test set (the rest of the pool) is never smaller than the
    largest training set.
    """
    top = max(2, min(n_rows // 2, DEFAULT_M_CAP))
    values = np.unique(np.round(np.geomspace(2, top, DEFAULT_M_POINTS)).astype(np.int64))
    return tuple(int(v) for v in values)


@dataclass(frozen=True)
class UserPool:
    """A prepared user dataset: its pool, the m grid it runs with and the file's checksum."""

    prepared: Prepared
    m_grid: tuple[int, ...]
    sha256: str
    file: str


def prepare(spec: UserDataset, root: str | os.PathLike[str]) -> UserPool:
    """Read, check, binarise and encode a user dataset (the UCI datasets' prepared-pool format).

    Parameters
    ----------
    spec : UserDataset
        The config entry.
    root : path-like
        The project folder: relative paths are relative to it, and a file outside it needs
        ``allow_outside``.

    Returns
    -------
    UserPool
        The pool (``X`` float64, ``y`` in ``{0, 1}``, categories, names, notes), the m grid
        (``spec.m`` or :func:`default_m_grid`) and the file's SHA-256.

    Raises
    ------
    UserDataError
        One line naming the file or column for each bad input (see the module docstring).
    """
    path = resolve(spec, root)
    stat = path.stat()
    return _prepare_cached(spec, str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _prepare_cached(spec: UserDataset, path_text: str, _mtime: int, _size: int) -> UserPool:
    """:func:`prepare` on a resolved file (cached by its modification time and size)."""
    if spec.kind not in KINDS:
        raise UserDataError("kind", f"kind must be one of {KINDS}, got {spec.kind!r}")
    if spec.missing not in MISSING_RULES:
        raise UserDataError(
            "missing", f"missing must be one of {MISSING_RULES}, got {spec.missing!r}"
        )
    path = Path(path_text)
    file = path.name
    frame = read_table(path)
    notes = [f"{file}: {frame.shape[0]} rows, {frame.shape[1]} columns"]
    values, y = _target(frame, spec, file)
    if len(values) < len(frame):
        notes.append(f"dropped {len(frame) - len(values)} rows with a missing target")
    columns = _features(frame, spec, file)
    feats = frame.loc[values.index, columns].reset_index(drop=True)
    _check_values(feats, spec.kind, file)
    try:
        feats, y, missing_notes = handle_missing(feats, y, spec.kind, spec.missing)
    except ValueError as exc:
        raise UserDataError("missing", f"{file}: {exc}") from None
    notes += missing_notes
    grid = spec.m or default_m_grid(len(y))
    if len(y) < max(grid) + 1:
        raise UserDataError(
            "m",
            f"{file} has {len(y)} usable rows, fewer than the largest m ({max(grid)}) plus a test "
            "set of at least one row; lower m or bring more rows",
        )
    if len(np.unique(y)) != 2:
        raise UserDataError(
            "missing", f"{file}: after the missing-value rule only class {int(y[0])} is left"
        )
    if spec.kind == "discrete":
        for col in feats.columns:
            k = int(feats[col].astype(str).nunique())
            if k > max(grid):
                raise UserDataError(
                    "kind",
                    f"column {col!r} of {file} has {k} categories, more than the rows of the "
                    f"largest training set (m = {max(grid)}); an identifier or a continuous "
                    "column? leave it out of features or use kind: continuous",
                )
    X, n_categories, keep = _encode(feats, spec.kind)
    names = [str(c) for c in feats.columns]
    dropped = [n for n, k in zip(names, keep, strict=True) if not k]
    if dropped:
        notes.append(f"dropped constant features: {', '.join(dropped)}")
    if X.shape[1] == 0:
        raise UserDataError("features", f"{file}: every feature is constant over the pool")
    notes.append(f"y = 1 if {spec.target} is {spec.positive!r}: {int(y.sum())} of {len(y)}")
    prepared = Prepared(
        X=np.ascontiguousarray(X, dtype=np.float64),
        y=np.asarray(y, dtype=np.int64),
        n_categories=n_categories,
        feature_names=tuple(n for n, k in zip(names, keep, strict=True) if k),
        notes=tuple(notes),
    )
    return UserPool(prepared, tuple(int(m) for m in grid), sha256_file(path), file)
