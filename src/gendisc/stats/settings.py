"""The descriptive columns of a (study, dataset): family, level, dimension, separation, prior."""

from __future__ import annotations

import pandas as pd

#: descriptive columns of a (study, dataset)
SETTING_COLUMNS: tuple[str, ...] = ("family", "level", "n_features", "separation", "prior")


def _settings(errors: pd.DataFrame) -> pd.DataFrame:
    """One row per (study, dataset) with its descriptive columns."""
    cols = ["study", "dataset", *SETTING_COLUMNS]
    return errors.loc[:, cols].drop_duplicates(["study", "dataset"]).reset_index(drop=True)


def with_settings(table: pd.DataFrame, errors: pd.DataFrame) -> pd.DataFrame:
    """Add the setting columns (family, level, ...) of each (study, dataset) from ``errors``."""
    extra = [c for c in SETTING_COLUMNS if c not in table.columns]
    if not extra:
        return table
    settings = _settings(errors).loc[:, ["study", "dataset", *extra]]
    return table.merge(settings, on=["study", "dataset"], how="left")


__all__ = ["SETTING_COLUMNS", "with_settings"]
