"""Mean curves of every alternative of the readings that change the pools or the test sets.

The readings table of the report scores each alternative of a reading by the pre-declared
criterion (:mod:`gendisc.stats.fidelity`). Two readings are scored from the run itself (the LR
rule: the run and its max-margin arm; naive Bayes' variance: both Gaussian pairs). The others
change the pool (scaling, discretisation, lenses, optdigits' pool) or the test set, so each
alternative needs its own splits: this module runs them with a few splits per m
(config ``uci.reading_scores.replicates``; 0, the default, runs nothing) on the panels of
the reading's scope that have the paper's values, with the rest of the config's readings as
chosen, the replica pair of each panel (:func:`gendisc.study.readings.replica_pair`) and the
same replicate streams as the study (so alternatives sharing a pool share training sets).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gendisc.data import readings as data_readings
from gendisc.data import reference
from gendisc.data.datasets import DATASETS
from gendisc.data.prepare import prepare
from gendisc.data.splits import draw_train_indices
from gendisc.study import held_out, replicates
from gendisc.study.options import RunOptions
from gendisc.study.readings import READINGS, check, replica_pair

#: the readings scored here (the others are scored from the run's own results or, like
#: lymphography's, have no panel with the paper's values)
SCORED: tuple[str, ...] = ("scaling", "discretisation", "lenses", "optdigits_pool", "test_set")
#: columns of the table this module writes
COLUMNS = ("reading", "alternative", "dataset", "pair", "m", "naive_bayes",
           "logistic_regression", "R")  # fmt: skip


#: where the workflow writes the table (rule reading_scores)
TABLE = "results/uci/reading_scores.csv"


def n_splits(config: Mapping[str, Any]) -> int:
    """Splits per m of the reading scores (config ``uci.reading_scores.replicates``; 0: off)."""
    section = (config.get("uci", {}) or {}).get("reading_scores", {}) or {}
    return int(section.get("replicates", 0))


def report_tables(config: Mapping[str, Any]) -> dict[str, str]:
    """The table the report reads, by its name in ``gendisc.report.common.Tables`` (none when off)."""
    return {"reading_scores": TABLE} if n_splits(config) > 0 else {}


def panels_of(reading: str) -> tuple[str, ...]:
    """The panels with the paper's values that a reading concerns, in the paper's order."""
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}; known: {list(READINGS)}")
    given = [d for d, p in reference.panels().items() if p.curves_given]
    if reading in data_readings.DATA_READINGS:
        scope = set(data_readings.DATA_READINGS[reading].datasets)
        return tuple(d for d in given if d in scope)
    return tuple(given)


def files_needed(readings: tuple[str, ...] = SCORED) -> list[str]:
    """Names of the raw files the scored panels read."""
    names = {f.name for r in readings for d in panels_of(r) for f in DATASETS[d].files}
    return sorted(names)


def alternative_curves(
    reading: str,
    alternative: str,
    config: Mapping[str, Any],
    paths: Mapping[str, Path],
    options: RunOptions,
    n_splits: int,
    datasets: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Mean curves of one alternative on the reading's panels, ``n_splits`` splits per m.

    Parameters
    ----------
    reading, alternative : str
        A reading of :data:`SCORED` and one of its alternatives.
    config : Mapping
        The validated config (``uci.readings``, ``uci.missing``, ``accept_checksums``).
    paths : Mapping[str, Path]
        Raw file name -> local path.
    options : RunOptions
        Seed, engine, LR strength and rule (as the study's).
    n_splits : int
        Random splits per m (replicates ``0 .. n_splits - 1``).
    datasets : tuple of str, optional
        Only these of the reading's panels.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; m on the panel's grid up to what the pool allows.
    """
    if reading not in SCORED:
        raise ValueError(f"reading {reading!r} is not scored here; scored: {list(SCORED)}")
    if alternative not in READINGS[reading].alternatives:
        allowed = list(READINGS[reading].alternatives)
        raise ValueError(f"reading {reading!r} has alternatives {allowed}, got {alternative!r}")
    if n_splits < 2:
        raise ValueError(f"n_splits must be at least 2, got {n_splits}")
    uci = config.get("uci", {}) or {}
    chosen = check({**(uci.get("readings", {}) or {}), reading: alternative})
    data = data_readings.data_part(chosen)
    rows = []
    for dataset in panels_of(reading):
        if datasets is not None and dataset not in datasets:
            continue
        pool = prepare(
            dataset,
            {f.name: paths[f.name] for f in DATASETS[dataset].files},
            missing=uci.get("missing", "drop"),
            accept=config.get("accept_checksums") or None,
            parser=data_readings.parser_for(dataset, data),
            scaling=data_readings.scaling_for(dataset, data),
        )
        n = len(pool.y)
        fixed = chosen["test_set"] == "fixed_held_out"
        limit = (held_out.training_rows(n) if fixed else n) - 1
        grid = [m for m in reference.panels()[dataset].m_grid if m <= limit]
        pair = replica_pair(dataset, config)
        chunk = held_out.held_out_chunk if fixed else replicates.pool_chunk
        frame = chunk(
            replicates.Pool(pool.X, pool.y, dataset=dataset, n_categories=pool.n_categories),
            pair, grid, range(n_splits), options, draw_train=draw_train_indices,
        )  # fmt: skip
        means = frame.groupby(["m", "role"])["test_error"].mean().unstack("role")
        rows.append(
            pd.DataFrame({
                "reading": reading, "alternative": alternative, "dataset": dataset,
                "pair": pair, "m": means.index.astype(int),
                "naive_bayes": means["generative"].to_numpy(),
                "logistic_regression": means["discriminative"].to_numpy(), "R": n_splits,
            })
        )  # fmt: skip
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(COLUMNS))


def score_table(
    config: Mapping[str, Any],
    paths: Mapping[str, Path],
    options: RunOptions,
    n_splits: int,
    readings: tuple[str, ...] = SCORED,
) -> pd.DataFrame:
    """:func:`alternative_curves` of every alternative of every reading in ``readings``."""
    frames = [
        alternative_curves(r, alt, config, paths, options, n_splits)
        for r in readings
        for alt in READINGS[r].alternatives
    ]
    return pd.concat(frames, ignore_index=True).loc[:, list(COLUMNS)]


__all__ = [
    "COLUMNS",
    "SCORED",
    "TABLE",
    "alternative_curves",
    "files_needed",
    "n_splits",
    "panels_of",
    "report_tables",
    "score_table",
]
