"""Preparation of a registered UCI dataset: raw files -> a pool of encoded examples.

:func:`prepare` checks every raw file against its pin (or the config's accepted checksum),
parses it (:mod:`gendisc.data.uci_parsers`), applies the missing-value rule and encodes the
features: continuous ones min-max rescaled to ``[0, 1]``, discrete ones as integer codes
``0 .. k-1``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gendisc.data.checksums import verify_file
from gendisc.data.datasets import DATASETS
from gendisc.data.kinds import CONTINUOUS
from gendisc.data.uci_parsers import MISSING_TOKEN, PARSERS, Parsed

#: rules for missing values in the used features
MISSING_RULES = ("drop", "category", "impute")
#: encodings of continuous inputs: min-max to [0, 1] over the pool (the paper's), z-scores
#: over the pool, or the raw values
SCALINGS = ("minmax_pool", "standardise_pool", "none")


@dataclass(frozen=True)
class Prepared:
    """A parsed, binarised and encoded pool of examples."""

    X: np.ndarray
    y: np.ndarray
    n_categories: tuple[int, ...] | None
    feature_names: tuple[str, ...]
    notes: tuple[str, ...]
    #: file name -> SHA-256 of the raw file the pool was parsed from, verified before parsing
    sha256: Mapping[str, str] = field(default_factory=dict)


def sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def category_codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes ``0..k-1`` of a column over its observed values (numbers first, sorted)."""
    text = column.astype(str).to_numpy()
    levels = sorted(set(text), key=sort_key)
    lookup = {level: code for code, level in enumerate(levels)}
    return np.array([lookup[v] for v in text], dtype=np.float64), len(levels)


def handle_missing(
    feats: pd.DataFrame, y: np.ndarray, kind: str, missing: str
) -> tuple[pd.DataFrame, np.ndarray, tuple[str, ...]]:
    """Apply a rule of :data:`MISSING_RULES` to the missing cells; return the notes it made."""
    rows = feats.isna().any(axis=1).to_numpy()
    if not rows.any():
        return feats, y, ()
    cols = [str(c) for c in feats.columns[feats.isna().any(axis=0)]]
    where = f"{int(rows.sum())} rows with missing values (in {', '.join(cols)})"
    if missing == "drop":
        return feats.loc[~rows], y[~rows], (f"dropped {where}",)
    if missing == "category" and kind == CONTINUOUS:
        raise ValueError(f"missing='category' needs discrete features; {where} are continuous")
    if missing == "category":
        return feats.astype(object).fillna(MISSING_TOKEN), y, (f"'?' as a category in {where}",)
    filled = feats.copy()
    for col in cols:
        fill = filled[col].median() if kind == CONTINUOUS else filled[col].mode().iloc[0]
        filled[col] = filled[col].fillna(fill)
    rule = "median" if kind == CONTINUOUS else "mode"
    return filled, y, (f"imputed the {rule} in {where}",)


def scale(values: np.ndarray, scaling: str) -> np.ndarray:
    """Continuous columns (none constant) encoded by a rule of :data:`SCALINGS`."""
    if scaling == "minmax_pool":
        low, high = values.min(axis=0), values.max(axis=0)
        return (values - low) / (high - low)
    if scaling == "standardise_pool":
        return (values - values.mean(axis=0)) / values.std(axis=0)
    if scaling == "none":
        return values.copy()
    raise ValueError(f"scaling must be one of {SCALINGS}, got {scaling!r}")


def prepare(
    name: str,
    paths: Mapping[str, Path],
    *,
    missing: str = "drop",
    accept: Mapping[str, str] | None = None,
    parser: Callable[[Mapping[str, Path]], Parsed] | None = None,
    scaling: str = "minmax_pool",
) -> Prepared:
    """Parse, binarise and encode one registered dataset.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    paths : Mapping[str, Path]
        Local path of each of the dataset's files, keyed by :attr:`SourceFile.name`.
    missing : {"drop", "category", "impute"}
        Rule for missing values in the used features: drop the rows (default; complete-case
        analysis, the fewest assumptions), keep ``?`` as its own category (discrete only; a
        ValueError if a continuous feature has missing cells, none of the registered continuous
        panels has any), or impute the pool median (continuous) / mode (discrete).
    accept : Mapping[str, str] or None
        The config's ``accept_checksums`` (file name -> reviewed sha256 accepted instead of
        the pin).
    parser : callable, optional
        Another reading of the raw files (:mod:`gendisc.data.readings`) instead of the
        registry's parser.
    scaling : {"minmax_pool", "standardise_pool", "none"}
        Encoding of continuous inputs: rescaled to ``[0, 1]`` over the pool (default, the
        paper's words), zero mean and unit variance over the pool, or left raw. Ignored for
        discrete datasets. Constant features are dropped under every scaling.

    Returns
    -------
    Prepared
        ``X`` (float64; continuous in ``[0, 1]`` under the default scaling, discrete codes ``0 .. k-1``), ``y`` (int64 in
        ``{0, 1}``), ``n_categories`` (discrete only), feature names, notes and the
        verified checksum of every raw file.

    Raises
    ------
    gendisc.data.checksums.ChecksumMismatch
        A raw file is not the pinned (or accepted) one: it changed after its download.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}")
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {MISSING_RULES}, got {missing!r}")
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}, got {scaling!r}")
    spec = DATASETS[name]
    absent = [f.name for f in spec.files if f.name not in paths]
    if absent:
        raise ValueError(f"paths for {name!r} lack the file(s) {absent}")
    sums = {f.name: verify_file(f, paths[f.name], accept) for f in spec.files}
    feats, y, notes = (parser or PARSERS[name])(paths)
    notes = (f"parsed {len(feats)} rows, {feats.shape[1]} used attributes", *notes)
    feats, y, missing_notes = handle_missing(feats.reset_index(drop=True), y, spec.kind, missing)
    if spec.kind == CONTINUOUS:
        values = feats.to_numpy(dtype=np.float64)
        low, high = values.min(axis=0), values.max(axis=0)
        keep = high > low
        X = scale(values[:, keep], scaling)
        n_categories = None
        if scaling != "minmax_pool":
            missing_notes = (*missing_notes, f"continuous inputs: {scaling} (not [0, 1])")
    else:
        encoded = [category_codes(feats[col]) for col in feats.columns]
        keep = np.array([k > 1 for _, k in encoded], dtype=bool)
        X = np.column_stack([c for c, k in encoded if k > 1])
        n_categories = tuple(k for _, k in encoded if k > 1)
    names = tuple(str(c) for c in feats.columns)
    notes = (*notes, *missing_notes)
    dropped = [n for n, k in zip(names, keep, strict=True) if not k]
    if dropped:
        notes = (*notes, f"dropped constant features: {', '.join(dropped)}")
    if len(np.unique(y)) != 2:
        raise ValueError(f"{name!r}: both classes must be present, got labels {np.unique(y)}")
    positives = f"y: {int(y.sum())} positives of {len(y)}"
    return Prepared(
        X=np.ascontiguousarray(X, dtype=np.float64),
        y=np.asarray(y, dtype=np.int64),
        n_categories=n_categories,
        feature_names=tuple(n for n, k in zip(names, keep, strict=True) if k),
        notes=(*notes, positives),
        sha256=sums,
    )
