"""Cost of the random-separator rule, for ``make bench`` (:mod:`gendisc.bench`).

Figures (median of ``repeats`` runs, one BLAS thread): random-separator draws per second with
the chains of R replicates advanced together (the engine's way) and one replicate at a time,
for the study's sampler (``row_space``, :mod:`gendisc.models.cone_gaussian`) and for the
hit-and-run in the ball (``..._ball``), each with its own burn-in; the separability test per
second by the nearest hull point (NNLS) and by the linear program. Measured on separable
training sets like the small-m UCI cells: m = 20 examples of n = 8 features (p = 9 with the
intercept), m = 50 of n = 60 (p = 61) and m = 30 of n = 228 (p = 229, like promoters'
one-hot features). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from typing import Any

import numpy as np

from gendisc.models import separability, separable

#: (m, n) of the measured training sets
SHAPES: tuple[tuple[int, int], ...] = ((20, 8), (50, 60), (30, 228))


def _problems(m: int, n: int, R: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """R separable training sets (labels from a random hyperplane) and their margin rows."""
    rng = np.random.default_rng([seed, m, n])
    X = rng.random((R, m, n))
    w = rng.standard_normal((R, n))
    y = np.einsum("rmn,rn->rm", X, w) > np.median(np.einsum("rmn,rn->rm", X, w), axis=1)[:, None]
    return separability.margin_rows(X, y.astype(np.float64)), y


def _median(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def sampler_cost(repeats: int = 3, R: int = 200, single: int = 20) -> dict[str, Any]:
    """Draws per second (batched and one at a time) and separability tests per second."""
    out: dict[str, Any] = {}
    default = separable.DEFAULT_SAMPLER
    samplers = {
        "": default,
        "_ball": dataclasses.replace(default, method="ball"),
    }
    for m, n in SHAPES:
        A, _ = _problems(m, n, R)
        sep, start = separability.separability(A)  # no candidate: every set decided by NNLS
        A, start = A[sep], start[sep]
        rngs = lambda k: [np.random.default_rng([1, r]) for r in range(k)]  # noqa: E731
        figures: dict[str, Any] = {"burn_in_steps": default.burn_in(min(m, n + 1))}
        for suffix, settings in samplers.items():
            batched, alone = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                separable.random_separators(A, start, rngs(len(A)), settings)
                batched.append(len(A) / (time.perf_counter() - t))
                t = time.perf_counter()
                for r, g in enumerate(rngs(single)):
                    separable.random_separators(A[r : r + 1], start[r : r + 1], [g], settings)
                alone.append(single / (time.perf_counter() - t))
            figures[f"draws_per_second_batched{suffix}"] = _median(batched)
            figures[f"draws_per_second_one_at_a_time{suffix}"] = _median(alone)
        nnls, lp = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            for a in A[:single]:
                separability.separable_one(a)
            nnls.append(single / (time.perf_counter() - t))
            t = time.perf_counter()
            for a in A[:single]:
                separability.separable_lp(a)
            lp.append(single / (time.perf_counter() - t))
        figures["separability_tests_per_second_nnls"] = _median(nnls)
        figures["separability_tests_per_second_lp"] = _median(lp)
        out[f"m{m}_p{n + 1}"] = figures
    return out
