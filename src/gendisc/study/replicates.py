"""Paired replicates: draw, fit both models of a pair, and tabulate their test errors.

One call computes a chunk of replicates over all training-set sizes m for one
(setting or pool, pair). Each replicate's draws come from its own stream, keyed by
(seed, study, setting id or dataset, pair, m, replicate), so a replicate's result never
depends on the chunk it was computed in, on job order, or on the number of cores.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendisc.data import exact_error, generators
from gendisc.models import engine, exact_scoring
from gendisc.models.pairs import PAIRS
from gendisc.study import columns, keys, seeding
from gendisc.study.chunks import POOL_BATCH, batch_size
from gendisc.study.options import RunOptions

#: suffix of the study name of a pool study's max-margin arm (:func:`max_margin_study`)
MAX_MARGIN_SUFFIX = "_max_margin"

#: ``(y, m, rng) -> indices`` of a training set drawn from a pool (both classes present)
DrawTrain = Callable[[np.ndarray, int, np.random.Generator], np.ndarray]


@dataclass(frozen=True)
class CellLabels:
    """The columns that describe where a cell's rows come from (same for all its rows)."""

    study: str
    dataset: str
    family: str
    level: float
    n_features: int
    separation: float
    prior: float
    pair: str
    bayes_error: float


@dataclass(frozen=True, eq=False)
class Pool:
    """A finite pool of labelled examples and where it comes from.

    Attributes
    ----------
    X, y : numpy.ndarray
        The pool, ``(N, n)`` and ``(N,)``.
    dataset : str
        Dataset name (part of every replicate's random key).
    n_categories : tuple of int, optional
        Categories per feature, for discrete pools.
    study : str
        Study label (part of the random key).
    family, level, separation, bayes_error
        The generator a synthetic pool was drawn from (empty / NaN for a real dataset).
    """

    X: np.ndarray
    y: np.ndarray
    dataset: str
    n_categories: tuple[int, ...] | None = None
    study: str = "uci"
    family: str = ""
    level: float = float("nan")
    separation: float = float("nan")
    bayes_error: float = float("nan")

    def __post_init__(self) -> None:
        if self.X.ndim != 2 or self.y.shape != (self.X.shape[0],):
            raise ValueError(f"pool shapes do not match: X {self.X.shape}, y {self.y.shape}")


def _rows(
    labels: CellLabels,
    *,
    m: int,
    replicates: Sequence[int],
    stream_ids: Sequence[int],
    result: engine.BatchResult,
) -> pd.DataFrame:
    """Two rows (generative, discriminative) per replicate of one cell."""
    spec = PAIRS[labels.pair]
    n_rep = len(replicates)
    frame = pd.DataFrame(
        {
            **dataclasses.asdict(labels),
            "model": np.repeat([[spec.generative, spec.discriminative]], n_rep, axis=0).ravel(),
            "role": np.tile(keys.ROLES, n_rep),
            "m": m,
            "replicate": np.repeat(np.asarray(replicates, dtype=np.int64), 2),
            keys.STREAM_ID: np.repeat(np.asarray(stream_ids, dtype=np.uint64), 2),
            "n_test": np.repeat(result.n_test, 2),
            "test_error": result.test_error.ravel(),
            "separable": np.repeat(result.separable, 2),
            "n_warnings": result.n_warnings.ravel(),
        }
    )
    return columns.conform(frame)


def exact_classes(
    setting: generators.Setting, pair: str, options: RunOptions
) -> exact_error.ClassConditionals | None:
    """The classes to score ``pair`` on ``setting`` exactly, or None (Monte-Carlo test sets).

    Exact where ``options.exact_test_error`` is set, both models of the pair decide by a linear
    rule in x (nb_lr, lda_lr) and the setting's classes are Gaussian or multivariate t
    (:data:`gendisc.data.exact_error.CLASS_CONDITIONALS`).
    """
    if not (options.exact_test_error and PAIRS[pair].linear_rules):
        return None
    return exact_error.class_conditionals(setting)


def synthetic_chunk(
    setting: generators.Setting,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    options: RunOptions,
    *,
    bayes_error: float,
    study: str = "synthetic",
) -> pd.DataFrame:
    """Errors of both models of ``pair`` on fresh synthetic draws, for every m and replicate.

    Parameters
    ----------
    setting : generators.Setting
        The data-generating distribution.
    pair : str
        Key of :data:`gendisc.models.pairs.PAIRS`; its kind must match the family's.
    m_grid : sequence of int
        Training-set sizes (each >= 2).
    replicates : sequence of int
        Replicate indices to compute.
    options : RunOptions
        Base seed, engine, LR strength, ``exact_test_error`` and ``n_test`` (each replicate's
        fresh test set where the error is Monte-Carlo; see :func:`exact_classes`).
    bayes_error : float
        The setting's Bayes error, stored on every row.
    study : str
        Study label (part of the random key).

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key; ``n_test`` is 0
        on rows whose test error is exact.
    """
    family = generators.FAMILIES[setting.family]
    PAIRS[pair].check_accepts(family.kind, f"family {setting.family!r}")
    n_cat = generators.n_categories(setting)
    cell = CellLabels(
        study=study,
        dataset=setting.id,
        family=setting.family,
        level=setting.level,
        n_features=setting.n_features,
        separation=setting.separation,
        prior=setting.prior,
        pair=pair,
        bayes_error=bayes_error,
    )
    classes = exact_classes(setting, pair, options)
    n_test = 0 if classes is not None else options.n_test
    frames = []
    for m in m_grid:
        if m < 2:
            raise ValueError(f"m must be >= 2 (one example of each class), got {m}")
        reps = list(replicates)
        size = batch_size(int(m), max(n_test, 1), setting.n_features)
        for lo in range(0, len(reps), size):
            batch = reps[lo : lo + size]
            draws = []
            stream_ids = []
            for r in batch:
                sid, gen = seeding.keyed(options.seed, study, setting.id, pair, int(m), int(r))
                stream_ids.append(sid)
                x_tr, y_tr = generators.sample(setting, int(m), gen, both_classes=True)
                # the test set comes after the training set in the stream: without it (exact
                # errors) the training sets are those of a Monte-Carlo run
                test = () if n_test == 0 else generators.sample(setting, n_test, gen)
                draws.append((x_tr, y_tr, *test))
            arrays = [np.stack([d[i] for d in draws]) for i in range(len(draws[0]))]
            if classes is not None:
                result = exact_scoring.evaluate_pair_exact(
                    pair, *arrays, classes.errors, engine=options.engine, lr_C=options.lr_C
                )
            else:
                result = engine.evaluate_pair(
                    pair, *arrays, engine=options.engine, lr_C=options.lr_C, n_categories=n_cat
                )
            frames.append(
                _rows(cell, m=int(m), replicates=batch, stream_ids=stream_ids, result=result)
            )
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


def setting_chunk(
    setting: generators.Setting,
    pairs: Sequence[str],
    m_grid: Sequence[int],
    replicates: Sequence[int],
    options: RunOptions,
    *,
    bayes_error: float,
    study: str = "synthetic",
) -> pd.DataFrame:
    """:func:`synthetic_chunk` of every pair run on one setting, as one sorted table.

    One job computes all the pairs of a setting, so that the study has a third as many
    processes to start. Each pair's replicates keep their own random streams: the rows are
    those :func:`synthetic_chunk` gives pair by pair.

    Parameters
    ----------
    setting : generators.Setting
        The data-generating distribution.
    pairs : sequence of str
        Keys of :data:`gendisc.models.pairs.PAIRS` (at least one, no repeats).
    m_grid, replicates, options, bayes_error, study
        As in :func:`synthetic_chunk`.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key.
    """
    pairs = list(pairs)
    if not pairs or len(set(pairs)) != len(pairs):
        raise ValueError(f"pairs must be a non-empty list without repeats, got {pairs}")
    frames = [
        synthetic_chunk(
            setting, pair, m_grid, replicates, options, bayes_error=bayes_error, study=study
        )
        for pair in pairs
    ]
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


def pool_chunk(
    pool: Pool,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    options: RunOptions,
    *,
    draw_train: DrawTrain,
    max_margin_arm: bool = False,
) -> pd.DataFrame:
    """Errors of both models of ``pair`` on random train/test splits of one finite pool.

    Replicate r at size m trains on ``draw_train(y, m, rng)`` (both classes present) with
    ``rng`` keyed by (seed, study, dataset, pair, m, r), and is scored on every other row.
    Under ``options.lr_separable == "random_separator"`` the same ``rng`` then drives the
    replicate's random-separator chain (:mod:`gendisc.models.separable`).

    Parameters
    ----------
    pool : Pool
        The pool and the labels of its origin.
    pair : str
        Key of :data:`gendisc.models.pairs.PAIRS`.
    m_grid, replicates : sequence of int
        Training-set sizes and replicate indices.
    options : RunOptions
        Base seed, engine, LR strength and separable rule (``n_test`` is not used: the rest of
        the pool is the test set).
    draw_train : callable
        ``(y, m, rng) -> indices`` (e.g. :func:`gendisc.data.splits.draw_train_indices`).
    max_margin_arm : bool
        Under ``random_separator``, also write the max-margin arm: the same replicates (same
        training sets and stream ids) with the LR fit left at its max-margin limit, as rows of
        study :func:`max_margin_study` ``(pool.study)``. It costs no random draws, so the
        random-separator rows are the same with or without it. Ignored under ``max_margin``.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key.
    """
    frames = []
    cell = CellLabels(
        study=pool.study,
        dataset=pool.dataset,
        family=pool.family,
        level=pool.level,
        n_features=pool.X.shape[1],
        separation=pool.separation,
        prior=float(np.mean(pool.y)),
        pair=pair,
        bayes_error=pool.bayes_error,
    )
    arm = max_margin_arm and options.lr_separable == "random_separator"
    arm_cell = dataclasses.replace(cell, study=max_margin_study(pool.study)) if arm else None
    for m in m_grid:
        reps = list(replicates)
        for lo in range(0, len(reps), POOL_BATCH):
            batch = reps[lo : lo + POOL_BATCH]
            idx, stream_ids, gens = [], [], []
            for r in batch:
                sid, gen = seeding.keyed(
                    options.seed, pool.study, pool.dataset, pair, int(m), int(r)
                )
                idx.append(draw_train(pool.y, int(m), gen))
                gens.append(gen)
                stream_ids.append(sid)
            result = engine.evaluate_pair_on_pool(
                pair,
                pool.X,
                pool.y,
                np.stack(idx),
                engine=options.engine,
                lr_C=options.lr_C,
                lr_separable=options.lr_separable,
                rngs=gens,
                sampler=options.sampler,
                n_categories=pool.n_categories,
            )
            frames.append(
                _rows(cell, m=int(m), replicates=batch, stream_ids=stream_ids, result=result)
            )
            if arm_cell is not None:
                err = result.test_error.copy()
                err[:, 1] = result.max_margin_error
                mm = dataclasses.replace(result, test_error=err, max_margin_error=None)
                frames.append(
                    _rows(arm_cell, m=int(m), replicates=batch, stream_ids=stream_ids, result=mm)
                )
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


def max_margin_study(study: str) -> str:
    """The study name of the max-margin arm of ``study`` (e.g. ``"uci"`` -> ``"uci_max_margin"``).

    The arm's rows are the same replicates as the study's, with the LR fit left at its
    max-margin limit on separable training sets (:func:`pool_chunk`, ``max_margin_arm``).
    """
    return f"{study}{MAX_MARGIN_SUFFIX}"


__all__ = [
    "MAX_MARGIN_SUFFIX",
    "CellLabels",
    "DrawTrain",
    "Pool",
    "exact_classes",
    "max_margin_study",
    "pool_chunk",
    "setting_chunk",
    "synthetic_chunk",
]
