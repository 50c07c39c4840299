"""Dataset readings of Ng & Jordan's Figure 1: where the paper leaves the pool ambiguous.

Each reading names the alternatives one panel (or a group of panels) allows; an alternative
is a parser of the raw files (:data:`gendisc.data.uci_parsers.Parsed`), used by
:func:`gendisc.data.prepare.prepare` through its ``parser`` argument, and the pool size it
gives (which bounds m). The first alternative of every reading is the registry's own parser
(the literal reading). Two readings are not parsers: ``scaling`` is the encoding of the
continuous inputs (:func:`gendisc.data.prepare.prepare`, argument ``scaling``) and
``discretisation`` chooses, on the discrete panels with continuous attributes (adult, sick),
between leaving them out and cutting them into pool-quantile bins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import arff
import numpy as np
import pandas as pd

from gendisc.data import uci_files as files
from gendisc.data import uci_parsers as ps
from gendisc.data.datasets import DATASETS
from gendisc.data.kinds import CONTINUOUS
from gendisc.data.prepare import SCALINGS

Parser = Callable[[Mapping[Path | str, Path]], ps.Parsed]


@dataclass(frozen=True)
class Alternative:
    """One reading of a panel: description, parser (None: the registry's), pool rows (0: per
    panel, see :func:`pool_rows`)."""

    description: str
    parser: Parser | None
    rows: int


@dataclass(frozen=True)
class DataReading:
    """An ambiguity of the paper about the pools of some panels.

    Attributes
    ----------
    name : str
        Config key under ``uci.readings``.
    datasets : tuple of str
        The panels it applies to.
    question : str
        What the paper leaves open.
    alternatives : dict
        Alternative name -> :class:`Alternative`; the first is the registry's reading.
    """

    name: str
    datasets: tuple[str, ...]
    question: str
    alternatives: dict[str, Alternative]


def _lenses_24(positive: tuple[int, ...], note: str) -> Parser:
    def parse(paths):
        df = ps._read(paths[files.LENSES.name], ps.LENSES_COLS, sep=r"\s+")
        y = df["class"].isin(positive).astype("int64").to_numpy()
        return df[list(ps.LENSES_COLS[1:-1])], y, (note,)

    return parse


def _lymph_2v3(paths):
    df = ps._read(paths[files.LYMPHOGRAPHY.name], ps.LYMPH_COLS)
    df = df[df["class"].isin((2, 3))]
    note = f"kept classes 2 and 3 (metastases vs malign lymph): {len(df)} of 148 rows"
    return df[list(ps.LYMPH_COLS[1:])], ps._target(df["class"], 2), (note,)


def _optdigits(which: int, digits: tuple[int, int]) -> Parser:
    def parse(paths):
        names = (*(f"px{i:02d}" for i in range(64)), "digit")
        f = files.OPTDIGITS[which]
        df = ps._read(paths[f.name], names)
        df = df[df["digit"].isin(digits)]
        note = f"pool: the {len(df)} rows of {f.name} that are digits {digits[0]} or {digits[1]}"
        return df[list(names[:-1])], ps._target(df["digit"], digits[1]), (note,)

    return parse


def quantile_bins(column: pd.Series, k: int) -> pd.Series:
    """A continuous column cut into at most ``k`` bins at its quantiles over the pool.

    Labels ``q0 .. q{k-1}`` (fewer when quantiles coincide); a missing value gets its own
    label ``missing``, so that no row is dropped for it.
    """
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    values = pd.to_numeric(column, errors="raise")
    codes = pd.qcut(values, k, labels=False, duplicates="drop")
    return codes.map(lambda c: "missing" if pd.isna(c) else f"q{int(c)}").astype(object)


def _adult_binned(k: int) -> Parser:
    def parse(paths):
        df = ps._read(paths[files.ADULT.name], ps.ADULT_COLS, skipinitialspace=True)
        y = ps._target(df["income"].str.rstrip("."), ">50K")
        feats = df[list(ps.ADULT_COLS[:-1])].copy()
        for col in ps.ADULT_CONTINUOUS:
            feats[col] = quantile_bins(feats[col], k)
        note = f"all 14 attributes; the 6 continuous cut into {k} pool-quantile bins"
        return feats, y, (note,)

    return parse


def _sick_binned(k: int) -> Parser:
    def parse(paths):
        with Path(paths[files.SICK.name]).open(encoding="utf-8") as handle:
            data = arff.load(handle)
        df = pd.DataFrame(data["data"], columns=[a[0] for a in data["attributes"]])
        attrs = data["attributes"][:-1]
        feats = df[[a[0] for a in attrs]].copy()
        numeric = [a[0] for a in attrs if not isinstance(a[1], list)]
        for col in numeric:
            feats[col] = quantile_bins(feats[col].astype(np.float64), k)
        note = f"all attributes; the {len(numeric)} continuous cut into {k} pool-quantile bins"
        return feats, ps._target(df["Class"], "sick"), (note + " (missing: own bin)",)

    return parse


#: the discretised parser of each discrete panel with continuous attributes, per bin count
_BINNED: dict[str, Callable[[int], Parser]] = {
    "adult_discrete": _adult_binned,
    "sick": _sick_binned,
}
#: the continuous panels (the scaling reading)
_CONTINUOUS = tuple(n for n, d in DATASETS.items() if d.kind == CONTINUOUS)

DATA_READINGS: dict[str, DataReading] = {
    "lenses": DataReading(
        "lenses",
        ("lenses",),
        "'predict hard vs. soft' is plotted up to m = 23, but hard + soft is 9 of the 24 rows",
        {
            "hard_vs_soft_9": Alternative("the 9 hard/soft rows, hard = 1 (literal)", None, 9),
            "hard_vs_rest_24": Alternative(
                "all 24 rows, hard = 1 vs soft or none",
                _lenses_24((1,), "all 24 rows: hard vs soft or none"),
                24,
            ),
            "soft_vs_rest_24": Alternative(
                "all 24 rows, soft = 1 vs hard or none",
                _lenses_24((2,), "all 24 rows: soft vs hard or none"),
                24,
            ),
            "lenses_vs_none_24": Alternative(
                "all 24 rows, any lenses (hard or soft) = 1 vs none",
                _lenses_24((1, 2), "all 24 rows: hard or soft vs none"),
                24,
            ),
        },
    ),
    "lymphography": DataReading(
        "lymphography",
        ("lymphography",),
        "the paper does not say how the 4 classes were made 2",
        {
            "metastases_vs_rest": Alternative(
                "metastases (class 2) vs classes 1, 3, 4, all 148 rows", None, 148
            ),
            "metastases_vs_malign": Alternative(
                "metastases vs malign lymph (classes 2, 3), 142 rows", _lymph_2v3, 142
            ),
        },
    ),
    "optdigits_pool": DataReading(
        "optdigits_pool",
        ("optdigits_0v1", "optdigits_2v3"),
        "the pool: optdigits' training file, its test file, or both",
        {
            "both": Alternative("training and test files together", None, 0),
            "train": Alternative("the training file (optdigits.tra) only", None, 0),
            "test": Alternative("the test file (optdigits.tes) only", None, 0),
        },
    ),
    "scaling": DataReading(
        "scaling",
        _CONTINUOUS,
        "continuous inputs 'rescaled to [0, 1]': how, and whether it matters (naive Bayes is "
        "invariant; LR's max-margin or random separating direction is not)",
        {
            "minmax_pool": Alternative("min-max over the pool to [0, 1] (literal)", None, 0),
            "standardise_pool": Alternative("zero mean, unit variance over the pool", None, 0),
            "none": Alternative("the raw values", None, 0),
        },
    ),
    "discretisation": DataReading(
        "discretisation",
        tuple(_BINNED),
        "adult's features and the discrete panels' continuous attributes (adult: 6 of 14, "
        "sick: 7): left out, or discretised (bins unstated)",
        {
            "nominal_only": Alternative(
                "the nominal attributes only (adult: 8 of 14), continuous ones left out", None, 0
            ),
            "quantile_5": Alternative(
                "all attributes, the continuous ones in 5 pool-quantile bins", None, 0
            ),
            "quantile_10": Alternative(
                "all attributes, the continuous ones in 10 pool-quantile bins", None, 0
            ),
        },
    ),
}
#: the registry's reading of each
DEFAULTS: dict[str, str] = {name: next(iter(r.alternatives)) for name, r in DATA_READINGS.items()}
#: digits of the optdigits panels
_DIGITS = {"optdigits_0v1": (0, 1), "optdigits_2v3": (2, 3)}
#: rows of each optdigits pool: (tra, tes) per panel
_OPTDIGITS_ROWS = {"optdigits_0v1": (765, 360), "optdigits_2v3": (769, 360)}


def check(readings: Mapping[str, str]) -> dict[str, str]:
    """All data readings with the defaults filled in; ValueError naming a bad key or value."""
    out = dict(DEFAULTS)
    for name, choice in readings.items():
        if name not in DATA_READINGS:
            raise ValueError(f"unknown reading {name!r}; known: {sorted(DATA_READINGS)}")
        if choice not in DATA_READINGS[name].alternatives:
            allowed = list(DATA_READINGS[name].alternatives)
            raise ValueError(f"reading {name!r} must be one of {allowed}, got {choice!r}")
        out[name] = choice
    return out


def parser_for(dataset: str, readings: Mapping[str, str]) -> Parser | None:
    """The parser of ``dataset`` under the readings (None: the registry's own)."""
    chosen = check(readings)
    if dataset in _DIGITS:
        which = {"both": None, "train": 0, "test": 1}[chosen["optdigits_pool"]]
        return None if which is None else _optdigits(which, _DIGITS[dataset])
    if dataset in _BINNED:
        bins = chosen["discretisation"]
        return None if bins == "nominal_only" else _BINNED[dataset](int(bins.split("_")[1]))
    for name in ("lenses", "lymphography"):
        if dataset in DATA_READINGS[name].datasets:
            return DATA_READINGS[name].alternatives[chosen[name]].parser
    return None


def scaling_for(dataset: str, readings: Mapping[str, str]) -> str:
    """The scaling of ``dataset``'s continuous inputs under the readings (one of :data:`SCALINGS`)."""
    return check(readings)["scaling"]


def data_part(readings: Mapping[str, str]) -> dict[str, str]:
    """The data readings of a config's ``uci.readings`` (the others are the study's)."""
    return {k: v for k, v in readings.items() if k in DATA_READINGS}


def pool_rows(dataset: str, readings: Mapping[str, str]) -> int:
    """Rows of the pool of ``dataset`` under the readings (default missing rule)."""
    chosen = check(readings)
    if dataset in _OPTDIGITS_ROWS:
        tra, tes = _OPTDIGITS_ROWS[dataset]
        return {"both": tra + tes, "train": tra, "test": tes}[chosen["optdigits_pool"]]
    for name in ("lenses", "lymphography"):
        if dataset in DATA_READINGS[name].datasets:
            return DATA_READINGS[name].alternatives[chosen[name]].rows
    return DATASETS[dataset].expected_shape[0]


__all__ = [
    "DATA_READINGS",
    "DEFAULTS",
    "SCALINGS",
    "Alternative",
    "DataReading",
    "check",
    "data_part",
    "parser_for",
    "pool_rows",
    "quantile_bins",
    "scaling_for",
]
