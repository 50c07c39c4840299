"""Random training sets drawn from a finite pool (the UCI protocol: the test set is the rest)."""

from __future__ import annotations

import numpy as np

#: draws tried before giving up on a training set holding both classes
MAX_DRAWS = 100_000


def draw_train_indices(y: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``m`` distinct pool indices, uniform over the subsets holding both classes.

    Rejection sampling: uniform ``m``-subsets are redrawn until both classes are present,
    which yields the uniform distribution conditional on that event.

    Parameters
    ----------
    y : numpy.ndarray
        Labels of the pool, shape ``(N,)``, values in ``{0, 1}``.
    m : int
        Training-set size, ``2 <= m <= N - 1``.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Sorted int64 indices, shape ``(m,)``; the test set is the complement.
    """
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {labels.shape}")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"y must hold only 0 and 1, got values {np.unique(labels)}")
    n = labels.shape[0]
    if isinstance(m, bool) or not isinstance(m, int | np.integer) or not 2 <= m <= n - 1:
        raise ValueError(f"m must be an integer in [2, N - 1] = [2, {n - 1}], got {m!r}")
    positives = int(labels.sum())
    if positives in (0, n):
        raise ValueError(f"both classes must be present in the pool; y has {positives} ones")
    for _ in range(MAX_DRAWS):
        idx = rng.choice(n, size=int(m), replace=False)
        count = int(labels[idx].sum())
        if 0 < count < m:
            return np.sort(idx).astype(np.int64)
    raise RuntimeError(f"no draw with both classes in {MAX_DRAWS} tries (m={m}, N={n})")
