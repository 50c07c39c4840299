"""The experimental protocol: draw paired replicates, fit a pair, and tabulate errors.

One call computes a chunk of replicates over all training-set sizes m for one
(setting, pair). Each replicate's draws come from its own stream, keyed by
(seed, study, setting id, pair, m, replicate), so a replicate's result never depends on
the chunk it was computed in, on job order, or on the number of cores.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.models import engine
from gendisc.models.pairs import PAIRS
from gendisc.models.separable import DEFAULT_SAMPLER, SamplerSettings
from gendisc.study import columns, seeding

#: replicates fitted together in one batch (bounds memory; results do not depend on it):
#: synthetic replicates carry their own test sets, pool replicates share the pool
BATCH = 50
POOL_BATCH = 250
#: bytes of one batch's training and test arrays (features widened by the models' feature
#: maps) above which a synthetic batch holds fewer than BATCH replicates
BATCH_BYTES = 48 * 2**20


def batch_size(m: int, n_test: int, n_features: int) -> int:
    """Replicates per synthetic batch: :data:`BATCH`, fewer for large cells.

    The arrays of one batch (training and test inputs, and the fits' copies of them, whose
    feature maps are up to twice as wide) stay near :data:`BATCH_BYTES`, so that a job's
    peak memory stays well under 1 GiB whatever m and n. Results do not depend on it.

    Raises
    ------
    ValueError
        If an argument is smaller than 1.
    """
    for name, value in (("m", m), ("n_test", n_test), ("n_features", n_features)):
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    per_replicate = 8 * (m + n_test) * (2 * n_features + 1)
    return max(1, min(BATCH, BATCH_BYTES // per_replicate))


@dataclass(frozen=True)
class Chunk:
    """A contiguous block of replicate indices ``[start, stop)``."""

    index: int
    start: int
    stop: int

    @property
    def replicates(self) -> range:
        """The replicate indices of this chunk."""
        return range(self.start, self.stop)


def chunks(n_replicates: int, chunk_size: int) -> tuple[Chunk, ...]:
    """Split ``range(n_replicates)`` into chunks of at most ``chunk_size`` replicates.

    Raises
    ------
    ValueError
        If either argument is smaller than 1.
    """
    if n_replicates < 1:
        raise ValueError(f"replicates must be >= 1, got {n_replicates}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
    return tuple(
        Chunk(i, start, min(start + chunk_size, n_replicates))
        for i, start in enumerate(range(0, n_replicates, chunk_size))
    )


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


def _rows(
    labels: CellLabels,
    *,
    m: int,
    replicates: Sequence[int],
    seeds: Sequence[int],
    result: engine.BatchResult,
) -> pd.DataFrame:
    """Two rows (generative, discriminative) per replicate of one cell."""
    spec = PAIRS[labels.pair]
    n_rep = len(replicates)
    frame = pd.DataFrame(
        {
            **dataclasses.asdict(labels),
            "model": np.repeat([[spec.generative, spec.discriminative]], n_rep, axis=0).ravel(),
            "role": np.tile(columns.ROLES, n_rep),
            "m": m,
            "replicate": np.repeat(np.asarray(replicates, dtype=np.int64), 2),
            "seed": np.repeat(np.asarray(seeds, dtype=np.uint64), 2),
            "n_test": np.repeat(result.n_test, 2),
            "test_error": result.test_error.ravel(),
            "separable": np.repeat(result.separable, 2),
            "n_warnings": result.n_warnings.ravel(),
        }
    )
    return columns.conform(frame)


def synthetic_chunk(
    setting: generators.Setting,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    *,
    seed: int,
    n_test: int,
    bayes_error: float,
    study: str = "synthetic",
    engine_name: str = "fast",
    lr_C: float = 1e4,
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
    seed : int
        Base seed of the study.
    n_test : int
        Size of each replicate's fresh test set.
    bayes_error : float
        The setting's Bayes error, stored on every row.
    study, engine_name, lr_C
        Study label (part of the random key), fitting engine and LR's inverse L2 strength.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key.
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
    frames = []
    for m in m_grid:
        if m < 2:
            raise ValueError(f"m must be >= 2 (one example of each class), got {m}")
        reps = list(replicates)
        size = batch_size(int(m), n_test, setting.n_features)
        for lo in range(0, len(reps), size):
            batch = reps[lo : lo + size]
            draws = []
            seeds = []
            for r in batch:
                key, gen = seeding.keyed(seed, study, setting.id, pair, int(m), int(r))
                seeds.append(key)
                x_tr, y_tr = generators.sample(setting, int(m), gen, both_classes=True)
                x_te, y_te = generators.sample(setting, n_test, gen)
                draws.append((x_tr, y_tr, x_te, y_te))
            result = engine.evaluate_pair(
                pair,
                np.stack([d[0] for d in draws]),
                np.stack([d[1] for d in draws]),
                np.stack([d[2] for d in draws]),
                np.stack([d[3] for d in draws]),
                engine=engine_name,
                lr_C=lr_C,
                n_categories=n_cat,
            )
            frames.append(_rows(cell, m=int(m), replicates=batch, seeds=seeds, result=result))
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


def setting_chunk(
    setting: generators.Setting,
    pairs: Sequence[str],
    m_grid: Sequence[int],
    replicates: Sequence[int],
    **options: Any,
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
    m_grid, replicates
        As in :func:`synthetic_chunk`.
    **options
        Keyword arguments of :func:`synthetic_chunk` (``seed``, ``n_test``, ``bayes_error``,
        ``study``, ``engine_name``, ``lr_C``).

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key.
    """
    pairs = list(pairs)
    if not pairs or len(set(pairs)) != len(pairs):
        raise ValueError(f"pairs must be a non-empty list without repeats, got {pairs}")
    frames = [synthetic_chunk(setting, pair, m_grid, replicates, **options) for pair in pairs]
    return columns.sort_rows(pd.concat(frames, ignore_index=True))


def chunk_work(
    n_features: int, n_pairs: int, m_grid: Sequence[int], n_replicates: int, n_test: int
) -> int:
    """Work of one synthetic chunk job, in examples x features x pairs (a size, not a time).

    Drawing and scoring the examples (training and test) dominate a chunk's time, so its
    time is about proportional to this count for a given family. The workflow runs the
    largest chunks first (longest-processing-time-first scheduling), so that no long job
    starts last while the other cores idle.

    Raises
    ------
    ValueError
        If a count is smaller than 1 or ``m_grid`` is empty.
    """
    for name, value in (
        ("n_features", n_features),
        ("n_pairs", n_pairs),
        ("n_replicates", n_replicates),
        ("n_test", n_test),
    ):
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    if not m_grid:
        raise ValueError("m_grid must not be empty")
    return int(n_replicates * n_pairs * n_features * sum(int(m) + n_test for m in m_grid))


def reference(
    setting: generators.Setting,
    pairs: Sequence[str],
    *,
    seed: int,
    n_mc: int,
    n_train: int,
    n_test: int,
    engine_name: str = "fast",
    lr_C: float = 1e4,
) -> dict[str, Any]:
    """Reference values of a setting: its Bayes error and each model's asymptotic error.

    The asymptotic error of a model is its test error when fitted on ``n_train`` examples
    (a very large sample) and scored on ``n_test`` fresh ones.

    Returns
    -------
    dict
        ``{"setting": ..., "bayes": {"value", "se", "method"}, "asymptotic": [{"pair",
        "model", "role", "asymptotic_error", "n_train", "n_test"}, ...]}`` (JSON-ready).
    """
    bayes = generators.bayes_error(setting, n_mc=n_mc, rng=seeding.rng(seed, "bayes", setting.id))
    rows = []
    for pair in pairs:
        gen = seeding.rng(seed, "asymptotic", setting.id, pair)
        x_tr, y_tr = generators.sample(setting, n_train, gen, both_classes=True)
        x_te, y_te = generators.sample(setting, n_test, gen)
        result = engine.evaluate_pair(
            pair,
            x_tr[None],
            y_tr[None],
            x_te[None],
            y_te[None],
            engine=engine_name,
            lr_C=lr_C,
            n_categories=generators.n_categories(setting),
        )
        spec = PAIRS[pair]
        for role, model, err in zip(
            columns.ROLES, (spec.generative, spec.discriminative), result.test_error[0], strict=True
        ):
            rows.append(
                {
                    "pair": pair,
                    "model": model,
                    "role": role,
                    "asymptotic_error": float(err),
                    "n_train": n_train,
                    "n_test": n_test,
                }
            )
    return {
        "setting": dataclasses.asdict(setting),
        "dataset": setting.id,
        "bayes": dataclasses.asdict(bayes),
        "asymptotic": rows,
    }


def family_reference(
    entries: Sequence[Mapping[str, Any]],
    *,
    seed: int,
    n_mc: int,
    n_train: int,
    n_test: int,
    engine_name: str = "fast",
    lr_C: float = 1e4,
) -> dict[str, Any]:
    """:func:`reference` of several settings (``{"setting": dict, "pairs": [...]}`` each).

    Returns
    -------
    dict
        ``{"settings": [reference, ...]}`` in the order given (JSON-ready).
    """
    return {
        "settings": [
            reference(
                generators.Setting(**entry["setting"]),
                entry["pairs"],
                seed=seed,
                n_mc=n_mc,
                n_train=n_train,
                n_test=n_test,
                engine_name=engine_name,
                lr_C=lr_C,
            )
            for entry in entries
        ]
    }


def bayes_of(family_ref: Mapping[str, Any], setting_id: str) -> float:
    """The Bayes error of ``setting_id`` in a :func:`family_reference` output.

    Raises
    ------
    ValueError
        If the setting is not in it.
    """
    for ref in family_ref["settings"]:
        if ref["dataset"] == setting_id:
            return float(ref["bayes"]["value"])
    raise ValueError(f"setting {setting_id!r} is not in this reference file")


def asymptotic_table(references: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (study, dataset, pair, role) from :func:`family_reference` outputs, sorted."""
    rows = [
        {"study": fam["study"], "dataset": ref["dataset"], **row}
        for fam in references
        for ref in fam["settings"]
        for row in ref["asymptotic"]
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "study",
            "dataset",
            "pair",
            "model",
            "role",
            "asymptotic_error",
            "n_train",
            "n_test",
        ],
    )
    return frame.sort_values(["study", "dataset", "pair", "role"], kind="mergesort").reset_index(
        drop=True
    )


def pool_chunk(
    X: np.ndarray,
    y: np.ndarray,
    *,
    dataset: str,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    seed: int,
    draw_train: Callable[[np.ndarray, int, np.random.Generator], np.ndarray],
    n_categories: tuple[int, ...] | None = None,
    study: str = "uci",
    engine_name: str = "fast",
    lr_C: float = 1e4,
    lr_separable: str = "max_margin",
    sampler: SamplerSettings = DEFAULT_SAMPLER,
    family: str = "",
    level: float = float("nan"),
    separation: float = float("nan"),
    bayes_error: float = float("nan"),
) -> pd.DataFrame:
    """Errors of both models of ``pair`` on random train/test splits of one finite pool.

    Replicate r at size m trains on ``draw_train(y, m, rng)`` (both classes present) with
    ``rng`` keyed by (seed, study, dataset, pair, m, r), and is scored on every other row.
    Under ``lr_separable="random_separator"`` the same ``rng`` then drives the replicate's
    random-separator chain (:mod:`gendisc.models.separable`).

    Parameters
    ----------
    X, y : numpy.ndarray
        The pool, ``(N, n)`` and ``(N,)``.
    dataset, pair : str
        Dataset name (part of the random key) and pair.
    m_grid, replicates : sequence of int
        Training-set sizes and replicate indices.
    seed : int
        Base seed.
    draw_train : callable
        ``(y, m, rng) -> indices`` (e.g. :func:`gendisc.data.splits.draw_train_indices`).
    n_categories : tuple of int, optional
        Categories per feature, for discrete pools.
    lr_separable : {"max_margin", "random_separator"}
        Logistic regression's rule on linearly separable training sets.
    sampler : SamplerSettings
        Burn-in of the random-separator chains.
    study, engine_name, lr_C, family, level, separation, bayes_error
        Study label, engine, LR strength, and the columns that describe the pool's origin.

    Returns
    -------
    pandas.DataFrame
        Rows of :data:`gendisc.study.columns.ERRORS`, sorted by the table key.
    """
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"pool shapes do not match: X {X.shape}, y {y.shape}")
    frames = []
    cell = CellLabels(
        study=study,
        dataset=dataset,
        family=family,
        level=level,
        n_features=X.shape[1],
        separation=separation,
        prior=float(np.mean(y)),
        pair=pair,
        bayes_error=bayes_error,
    )
    for m in m_grid:
        reps = list(replicates)
        for lo in range(0, len(reps), POOL_BATCH):
            batch = reps[lo : lo + POOL_BATCH]
            idx, seeds, gens = [], [], []
            for r in batch:
                key, gen = seeding.keyed(seed, study, dataset, pair, int(m), int(r))
                idx.append(draw_train(y, int(m), gen))
                gens.append(gen)
                seeds.append(key)
            result = engine.evaluate_pair_on_pool(
                pair,
                X,
                y,
                np.stack(idx),
                engine=engine_name,
                lr_C=lr_C,
                lr_separable=lr_separable,
                rngs=gens,
                sampler=sampler,
                n_categories=n_categories,
            )
            frames.append(_rows(cell, m=int(m), replicates=batch, seeds=seeds, result=result))
    return columns.sort_rows(pd.concat(frames, ignore_index=True))
