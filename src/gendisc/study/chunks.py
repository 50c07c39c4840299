"""Scheduling: how the replicates are cut into jobs and batches, and how big a job is.

Nothing here changes a result: a replicate's draws come from its own random stream
(:mod:`gendisc.study.seeding`), whichever chunk or batch it is computed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: replicates fitted together in one batch (bounds memory; results do not depend on it):
#: synthetic replicates carry their own test sets, pool replicates share the pool
BATCH = 50
POOL_BATCH = 250
#: bytes of one batch's training and test arrays (features widened by the models' feature
#: maps) above which a synthetic batch holds fewer than BATCH replicates
BATCH_BYTES = 48 * 2**20


def _at_least_one(**values: int) -> None:
    for name, value in values.items():
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")


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
    _at_least_one(m=m, n_test=n_test, n_features=n_features)
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
    _at_least_one(replicates=n_replicates, chunk_size=chunk_size)
    return tuple(
        Chunk(i, start, min(start + chunk_size, n_replicates))
        for i, start in enumerate(range(0, n_replicates, chunk_size))
    )


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
    _at_least_one(n_features=n_features, n_pairs=n_pairs, n_replicates=n_replicates, n_test=n_test)
    if not m_grid:
        raise ValueError("m_grid must not be empty")
    return int(n_replicates * n_pairs * n_features * sum(int(m) + n_test for m in m_grid))


__all__ = ["BATCH", "BATCH_BYTES", "POOL_BATCH", "Chunk", "batch_size", "chunk_work", "chunks"]
