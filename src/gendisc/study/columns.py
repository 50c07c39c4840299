"""Column definitions of the study's tables, defined once.

``ERRORS`` is the tidy long results table (``results/errors.parquet``): one row per
(study, dataset, pair, model, m, replicate). Every writer builds its frame with
:func:`empty_frame`/:func:`conform` so the order and dtypes never drift.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from gendisc.study import keys

#: name -> (pandas dtype, description)
ERRORS: Mapping[str, tuple[str, str]] = {
    "study": ("string", "synthetic | dimension | calibration | uci"),
    "dataset": ("string", "setting id (synthetic) or dataset name (uci)"),
    "family": ("string", "generator family; empty for uci"),
    "level": ("float64", "misspecification level in [0, 1]; NaN for uci"),
    "n_features": ("int64", "input dimension n (before any one-hot encoding)"),
    "separation": ("float64", "class separation parameter of the generator; NaN for uci"),
    "prior": ("float64", "P(y = 1) of the generator, or of the pool for uci"),
    "pair": ("string", "model pair name (registry key)"),
    "model": ("string", "model name"),
    "role": ("string", "generative | discriminative"),
    "m": ("int64", "training-set size"),
    "replicate": ("int64", "replicate index r (0-based)"),
    keys.STREAM_ID: (
        "uint64",
        "64-bit id of the replicate's random stream (derived from the config's seed and the "
        "row's key; not the config's seed)",
    ),
    "n_test": (
        "int64",
        "number of test examples the error was measured on; 0 where it is exact (an "
        "expectation over the known classes, gendisc.data.exact_error)",
    ),
    "test_error": ("float64", "misclassification rate on the test examples"),
    "separable": ("bool", "the fitted LR classifies every training example correctly"),
    "n_warnings": ("int64", "numerical/convergence warnings raised while fitting this model"),
    "bayes_error": ("float64", "Bayes error of the generator; NaN for uci"),
}

#: the key that identifies a row; the table is sorted by it (:data:`gendisc.study.keys.ROW`)
KEY: tuple[str, ...] = keys.ROW
#: the two models of a pair (:data:`gendisc.study.keys.ROLES`)
ROLES: tuple[str, str] = keys.ROLES


def empty_frame(columns: Mapping[str, tuple[str, str]] = ERRORS) -> pd.DataFrame:
    """Return an empty frame with the given columns and dtypes."""
    return pd.DataFrame({k: pd.Series(dtype=dt) for k, (dt, _) in columns.items()})


def conform(frame: pd.DataFrame, columns: Mapping[str, tuple[str, str]] = ERRORS) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` in order and with their dtypes.

    Raises
    ------
    ValueError
        If a column is missing or an unexpected column is present.
    """
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise ValueError(f"table columns do not match the schema: missing={missing}, extra={extra}")
    out = frame.loc[:, list(columns)].copy()
    for name, (dtype, _) in columns.items():
        out[name] = out[name].astype(dtype)
    return out


def sort_rows(frame: pd.DataFrame, key: tuple[str, ...] = KEY) -> pd.DataFrame:
    """Sort by the table key (stable) and reset the index, for byte-identical output."""
    return frame.sort_values(list(key), kind="mergesort").reset_index(drop=True)


__all__ = ["ERRORS", "KEY", "ROLES", "conform", "empty_frame", "sort_rows"]
