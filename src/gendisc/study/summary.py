"""Combine chunk tables into the results table, and summarise it per cell."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from gendisc.study import columns, keys


def combine(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate chunk tables into one sorted errors table.

    Raises
    ------
    ValueError
        If the frames do not follow the schema or a (key) row appears twice.
    """
    parts = [columns.conform(f) for f in frames]
    if not parts:
        return columns.empty_frame()
    out = columns.sort_rows(pd.concat(parts, ignore_index=True))
    dup = out.duplicated(list(keys.ROW))
    if dup.any():
        first = out.loc[dup, list(keys.ROW)].iloc[0].to_dict()
        raise ValueError(f"duplicate rows in the results for key {first}")
    return out


def paired(errors: pd.DataFrame) -> pd.DataFrame:
    """One row per (cell, replicate) with both models' errors and d = generative − discriminative.

    Grouped on the observed combinations only (a pivot over every combination of the cell
    columns would be quadratic in the grid).
    """
    idx = list(keys.REPLICATE)
    wide = (
        errors.groupby([*idx, "role"], dropna=False, observed=True, sort=True)["test_error"]
        .first()
        .unstack("role")
        .reset_index()
    )
    wide = wide.dropna(subset=list(keys.ROLES))
    wide.columns.name = None
    wide["d"] = wide["generative"] - wide["discriminative"]
    return wide


def summarise(errors: pd.DataFrame, asymptotic: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-cell summary: mean error of each model, mean paired difference, its SE, R.

    Parameters
    ----------
    errors : pandas.DataFrame
        The errors table.
    asymptotic : pandas.DataFrame, optional
        Asymptotic errors (``study, dataset, pair, role, asymptotic_error``); joined when given.

    Returns
    -------
    pandas.DataFrame
        One row per cell, sorted by the cell key.
    """
    pair_rows = paired(errors)
    grouped = pair_rows.groupby(list(keys.CELL), sort=True, dropna=False)
    out = grouped.agg(
        R=("d", "size"),
        err_generative=("generative", "mean"),
        err_discriminative=("discriminative", "mean"),
        sd_generative=("generative", "std"),
        sd_discriminative=("discriminative", "std"),
        mean_d=("d", "mean"),
        sd_d=("d", "std"),
    ).reset_index()
    root_r = np.sqrt(out["R"])
    out["se_d"] = out["sd_d"] / root_r
    out["se_generative"] = out.pop("sd_generative") / root_r
    out["se_discriminative"] = out.pop("sd_discriminative") / root_r
    extra = errors.groupby(list(keys.CELL), sort=True, dropna=False).agg(
        bayes_error=("bayes_error", "first"),
        separable_rate=("separable", "mean"),
        n_warnings=("n_warnings", "sum"),
    )
    out = out.merge(extra.reset_index(), on=list(keys.CELL), how="left")
    if asymptotic is not None and len(asymptotic):
        wide = asymptotic.pivot_table(
            index=["study", "dataset", "pair"], columns="role", values="asymptotic_error"
        )
        wide.columns = [f"asymptotic_{c}" for c in wide.columns]
        out = out.merge(wide.reset_index(), on=["study", "dataset", "pair"], how="left")
    return out.sort_values(list(keys.CELL), kind="mergesort").reset_index(drop=True)
