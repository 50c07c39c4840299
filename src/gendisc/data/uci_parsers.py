"""Parsers of the raw UCI files: raw files -> (features with NaN for missing, y in {0, 1}, notes).

One parser per registered dataset (:data:`PARSERS`, keyed like
:data:`gendisc.data.datasets.DATASETS`); each binarises the target as the registry states.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import arff
import numpy as np
import pandas as pd

from gendisc.data.uci_files import (
    ADULT,
    BREAST_CANCER,
    BUPA,
    HOUSING,
    IONOSPHERE,
    LENSES,
    LYMPHOGRAPHY,
    OPTDIGITS,
    PIMA,
    PROMOTERS,
    SICK,
    SONAR,
    VOTES,
)

#: the token of a missing value in the raw files
MISSING_TOKEN = "?"

# --- column names (from the .names files) --------------------------------------------------
PIMA_COLS = ("preg", "plas", "pres", "skin", "insu", "mass", "pedi", "age", "class")
ADULT_COLS = (
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
    "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
    "hours-per-week", "native-country", "income",
)  # fmt: skip
ADULT_CONTINUOUS = (
    "age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week",
)  # fmt: skip
ADULT_DISCRETE = (
    "workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
    "native-country",
)  # fmt: skip
HOUSING_COLS = (
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B",
    "LSTAT", "MEDV",
)  # fmt: skip
BUPA_COLS = ("mcv", "alkphos", "sgpt", "sgot", "gammagt", "drinks", "selector")
LYMPH_COLS = (
    "class", "lymphatics", "block_of_affere", "bl_of_lymph_c", "bl_of_lymph_s", "by_pass",
    "extravasates", "regeneration_of", "early_uptake_in", "lym_nodes_dimin", "lym_nodes_enlar",
    "changes_in_lym", "defect_in_node", "changes_in_node", "changes_in_stru", "special_forms",
    "dislocation_of", "exclusion_of_no", "no_of_nodes_in",
)  # fmt: skip
BREAST_COLS = (
    "class", "age", "menopause", "tumor-size", "inv-nodes", "node-caps", "deg-malig", "breast",
    "breast-quad", "irradiat",
)  # fmt: skip
LENSES_COLS = ("index", "age", "spectacle_prescription", "astigmatic", "tear_rate", "class")
VOTES_COLS = (
    "party", "handicapped-infants", "water-project-cost-sharing",
    "adoption-of-the-budget-resolution", "physician-fee-freeze", "el-salvador-aid",
    "religious-groups-in-schools", "anti-satellite-test-ban", "aid-to-nicaraguan-contras",
    "mx-missile", "immigration", "synfuels-corporation-cutback", "education-spending",
    "superfund-right-to-sue", "crime", "duty-free-exports",
    "export-administration-act-south-africa",
)  # fmt: skip

Parsed = tuple[pd.DataFrame, np.ndarray, tuple[str, ...]]


def _read(path: Path, names: tuple[str, ...] | None = None, **kwargs: object) -> pd.DataFrame:
    return pd.read_csv(
        path, header=None, names=names, keep_default_na=False, na_values=[MISSING_TOKEN],
        **kwargs,
    )  # fmt: skip


def _target(values: pd.Series | np.ndarray, positive: object) -> np.ndarray:
    return (np.asarray(values) == positive).astype(np.int64)


def _pima(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[PIMA.name], PIMA_COLS)
    return df[list(PIMA_COLS[:-1])], _target(df["class"], 1), ()


def _adult(columns: tuple[str, ...], paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[ADULT.name], ADULT_COLS, skipinitialspace=True)
    y = _target(df["income"].str.rstrip("."), ">50K")
    return df[list(columns)], y, ()


def _boston(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[HOUSING.name], HOUSING_COLS, sep=r"\s+")
    median = float(df["MEDV"].median())
    y = (df["MEDV"].to_numpy() > median).astype(np.int64)
    return df[list(HOUSING_COLS[:-1])], y, (f"median MEDV = {median:g}",)


def _optdigits(digits: tuple[int, int], paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"px{i:02d}" for i in range(64)), "digit")
    df = pd.concat([_read(paths[f.name], names) for f in OPTDIGITS], ignore_index=True)
    df = df[df["digit"].isin(digits)]
    note = f"pool: {len(df)} of the tra+tes rows are digits {digits[0]} or {digits[1]}"
    return df[list(names[:-1])], _target(df["digit"], digits[1]), (note,)


def _ionosphere(paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"a{i:02d}" for i in range(1, 35)), "class")
    df = _read(paths[IONOSPHERE.name], names)
    return df[list(names[:-1])], _target(df["class"], "g"), ()


def _liver(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[BUPA.name], BUPA_COLS)
    return df[list(BUPA_COLS[:-1])], _target(df["selector"], 2), ()


def _sonar(paths: Mapping[str, Path]) -> Parsed:
    names = (*(f"band{i:02d}" for i in range(1, 61)), "class")
    df = _read(paths[SONAR.name], names)
    return df[list(names[:-1])], _target(df["class"], "M"), ()


def _promoters(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[PROMOTERS.name], ("class", "id", "sequence"))
    seqs = df["sequence"].str.strip()
    lengths = set(seqs.str.len())
    if lengths != {57}:
        raise ValueError(f"promoters: expected sequences of length 57, got lengths {lengths}")
    chars = pd.DataFrame([list(s) for s in seqs], columns=[f"p{i:02d}" for i in range(1, 58)])
    return chars, _target(df["class"], "+"), ()


def _lymphography(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[LYMPHOGRAPHY.name], LYMPH_COLS)
    return df[list(LYMPH_COLS[1:])], _target(df["class"], 2), ()


def _breast_cancer(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[BREAST_CANCER.name], BREAST_COLS)
    return df[list(BREAST_COLS[1:])], _target(df["class"], "recurrence-events"), ()


def _lenses(paths: Mapping[str, Path]) -> Parsed:
    df = _read(paths[LENSES.name], LENSES_COLS, sep=r"\s+")
    kept = df[df["class"].isin((1, 2))]
    note = f"kept the {len(kept)} hard/soft rows of {len(df)} (dropped 'no lenses')"
    return kept[list(LENSES_COLS[1:-1])], _target(kept["class"], 1), (note,)


def _sick(paths: Mapping[str, Path]) -> Parsed:
    with Path(paths[SICK.name]).open(encoding="utf-8") as handle:
        data = arff.load(handle)
    df = pd.DataFrame(data["data"], columns=[a[0] for a in data["attributes"]])
    nominal = [a[0] for a in data["attributes"][:-1] if isinstance(a[1], list)]
    return df[nominal], _target(df["Class"], "sick"), ()


def _voting(paths: Mapping[str, Path]) -> Parsed:
    df = pd.read_csv(paths[VOTES.name], header=None, names=VOTES_COLS, keep_default_na=False)
    note = "'?' kept as a value (neither yea nor nay)"
    return df[list(VOTES_COLS[1:])], _target(df["party"], "republican"), (note,)


def _bind(func: Callable[..., Parsed], arg: object) -> Callable[[Mapping[str, Path]], Parsed]:
    return lambda paths: func(arg, paths)


PARSERS: dict[str, Callable[[Mapping[str, Path]], Parsed]] = {
    "pima": _pima,
    "adult_continuous": _bind(_adult, ADULT_CONTINUOUS),
    "boston": _boston,
    "optdigits_0v1": _bind(_optdigits, (0, 1)),
    "optdigits_2v3": _bind(_optdigits, (2, 3)),
    "ionosphere": _ionosphere,
    "liver": _liver,
    "sonar": _sonar,
    "adult_discrete": _bind(_adult, ADULT_DISCRETE),
    "promoters": _promoters,
    "lymphography": _lymphography,
    "breast_cancer": _breast_cancer,
    "lenses": _lenses,
    "sick": _sick,
    "voting": _voting,
}
