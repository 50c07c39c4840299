"""Calibration study: coverage of the per-cell variance estimators under the UCI protocol.

The UCI experiments draw R random training sets of size m from ONE finite pool and test on the
rest, so replicates overlap and the naive paired t interval is too narrow for the population
difference. This study measures how often each interval of :func:`gendisc.stats.paired.cell_tests`
covers the true difference when the protocol is run on pools whose distribution is known:

1. *Pools*: for each pool size N (sizes like the UCI datasets'), ``pools`` independent pools of
   N examples are drawn from one synthetic setting; the UCI protocol
   (:func:`gendisc.study.replicates.pool_chunk` with :func:`gendisc.data.splits.draw_train_indices`) runs on
   each, giving one cell (pool, m) with R = ``replicates`` splits. Rows have study
   ``"calibration"``.
2. *Truth*: a training set of size m drawn uniformly from an iid pool (with both classes) is
   distributed as m iid examples conditioned on both classes, and the rest of the pool is an
   independent test sample. The estimand of the resampled design is therefore
   ``true_d(m) = E[err_gen - err_dis]`` over fresh training sets of size m, which a large
   independent-replicates run of the same setting estimates (study ``"calibration_truth"``,
   ``truth_replicates`` fresh training sets, ``truth_n_test`` fresh test examples each).
3. *Coverage*: the fraction of pools whose interval contains ``true_d(m)``, per estimator, pool
   size and m, with a Clopper–Pearson interval (:func:`gendisc.stats.calibration.coverage`). One minus the
   coverage is the rejection rate of the true null hypothesis ``d = true_d``.

Calibration rows are kept out of ``results/errors.parquet`` (their own table
``results/calibration_errors.parquet``), so the main studies' table holds only the main studies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gendisc.data import generators, splits
from gendisc.models.pairs import PAIRS
from gendisc.study import seeding
from gendisc.study.options import RunOptions
from gendisc.study.reference import bayes_error
from gendisc.study.replicates import Pool, pool_chunk, synthetic_chunk

#: study label of the pool rows (resampled design in :data:`gendisc.stats.paired.DESIGNS`)
STUDY = "calibration"
#: logistic regression's rule on separable training sets of the calibration pools (the
#: calibration study keeps max-margin whatever ``uci.lr_separable`` says)
LR_SEPARABLE = "max_margin"
#: study label of the large independent-replicates run that estimates the truth
TRUTH_STUDY = "calibration_truth"


@dataclass(frozen=True)
class CalibrationDesign:
    """The calibration study's design (the ``calibration`` config section).

    Attributes
    ----------
    setting : generators.Setting
        Distribution the pools are drawn from.
    pair : str
        Model pair (its kind must match the family's).
    pool_sizes : tuple[int, ...]
        Pool sizes N.
    pools : int
        Independent pools per size (the coverage is a fraction of this many cells).
    replicates : int
        Random splits R per pool and m.
    m : tuple[int, ...]
        Training-set sizes; each must be below the smallest pool size.
    truth_replicates, truth_n_test : int
        Fresh training sets and fresh test examples of the truth run.
    """

    setting: generators.Setting
    pair: str
    pool_sizes: tuple[int, ...]
    pools: int
    replicates: int
    m: tuple[int, ...]
    truth_replicates: int
    truth_n_test: int

    def __post_init__(self) -> None:
        if self.pair not in PAIRS:
            raise ValueError(f"pair must be one of {sorted(PAIRS)}, got {self.pair!r}")
        kind = generators.FAMILIES[self.setting.family].kind
        PAIRS[self.pair].check_accepts(kind, f"family {self.setting.family!r}")
        if not self.pool_sizes or not self.m:
            raise ValueError(f"need pool sizes and m values, got {self.pool_sizes}, {self.m}")
        if min(self.m) < 2 or max(self.m) >= min(self.pool_sizes):
            raise ValueError(
                f"every m must be in [2, smallest pool size - 1] = [2, {min(self.pool_sizes) - 1}]"
                f", got m = {list(self.m)}"
            )
        for name in ("pools", "replicates", "truth_replicates"):
            if getattr(self, name) < 2:
                raise ValueError(f"{name} must be >= 2, got {getattr(self, name)!r}")
        if self.truth_n_test < 1:
            raise ValueError(f"truth_n_test must be >= 1, got {self.truth_n_test!r}")

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> CalibrationDesign:
        """Build from the (schema-validated) ``calibration`` config section.

        Raises
        ------
        ValueError
            If the setting or the design is invalid (the message names the value).
        """
        setting = generators.Setting(
            family=section["family"],
            n_features=int(section["n_features"]),
            level=float(section["level"]),
            separation=float(section["separation"]),
            prior=float(section["prior"]),
        )
        return cls(
            setting=setting,
            pair=str(section["pair"]),
            pool_sizes=tuple(int(n) for n in section["pool_sizes"]),
            pools=int(section["pools"]),
            replicates=int(section["replicates"]),
            m=tuple(sorted(int(m) for m in section["m"])),
            truth_replicates=int(section["truth_replicates"]),
            truth_n_test=int(section["truth_n_test"]),
        )


def pool_id(design: CalibrationDesign, size: int, index: int) -> str:
    """Dataset label of one pool, e.g. ``correlated_gaussian-n8-l0.67-s2-p0.5-N200-pool3``."""
    return f"{design.setting.id}-N{int(size)}-pool{int(index)}"


def draw_pool(
    design: CalibrationDesign, size: int, index: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Draw pool ``index`` of size ``size`` (both classes present).

    The stream is ``seeding.rng(seed, "calibration", "pool", setting id, size, index)``.
    """
    gen = seeding.rng(seed, STUDY, "pool", design.setting.id, int(size), int(index))
    return generators.sample(design.setting, int(size), gen, both_classes=True)


def pool_errors(design: CalibrationDesign, size: int, options: RunOptions) -> pd.DataFrame:
    """Run the UCI protocol on every pool of one size.

    Parameters
    ----------
    design : CalibrationDesign
        The study design.
    size : int
        Pool size N (one of ``design.pool_sizes``).
    options : RunOptions
        Base seed (pools and splits derive their streams from it), engine, LR strength and the
        Monte Carlo size of the Bayes error.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS` with study ``"calibration"``; one dataset per pool.
    """
    if int(size) not in design.pool_sizes:
        raise ValueError(f"pool size {size!r} is not in the design's {list(design.pool_sizes)}")
    bayes = float(bayes_error(design.setting, options).value)
    frames = []
    for k in range(design.pools):
        X, y = draw_pool(design, size, k, options.seed)
        pool = Pool(
            X,
            y,
            dataset=pool_id(design, size, k),
            n_categories=generators.n_categories(design.setting),
            study=STUDY,
            family=design.setting.family,
            level=design.setting.level,
            separation=design.setting.separation,
            bayes_error=bayes,
        )
        frames.append(
            pool_chunk(
                pool,
                design.pair,
                design.m,
                range(design.replicates),
                dataclasses.replace(options, lr_separable=LR_SEPARABLE),
                draw_train=splits.draw_train_indices,
            )
        )
    return pd.concat(frames, ignore_index=True)


def truth_errors(design: CalibrationDesign, options: RunOptions) -> pd.DataFrame:
    """Independent replicates (fresh training and test sets) that estimate ``true_d(m)``.

    Each replicate has ``design.truth_n_test`` fresh test examples (not ``options.n_test``).

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS` with study ``"calibration_truth"``.
    """
    return synthetic_chunk(
        design.setting,
        design.pair,
        design.m,
        range(design.truth_replicates),
        dataclasses.replace(options, n_test=design.truth_n_test),
        bayes_error=float(bayes_error(design.setting, options).value),
        study=TRUTH_STUDY,
    )


__all__ = [
    "STUDY",
    "TRUTH_STUDY",
    "CalibrationDesign",
    "draw_pool",
    "pool_errors",
    "pool_id",
    "truth_errors",
]
