"""Known truth for the separability tests: scipy's LP on Gordan's alternative, and a rejection
sampler of uniformly random separating directions."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def gordan_separable(A: np.ndarray) -> bool:
    """Strictly separable (some v with A v > 0) iff no lambda >= 0 with sum 1 has A' lambda = 0
    (Gordan's alternative, solved by scipy's HiGHS)."""
    m, p = A.shape
    res = linprog(
        np.zeros(m),
        A_eq=np.vstack([A.T, np.ones((1, m))]),
        b_eq=np.r_[np.zeros(p), 1.0],
        bounds=[(0, None)] * m,
        method="highs",
    )
    assert res.status in (0, 2), res.message
    return res.status == 2  # infeasible: no convex combination at 0


def rejection_directions(A1: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` uniformly random unit vectors v with ``A1 v > 0``, by rejection from the sphere."""
    out: list[np.ndarray] = []
    while len(out) < n:
        z = rng.standard_normal((20000, A1.shape[1]))
        z /= np.linalg.norm(z, axis=1, keepdims=True)
        out.extend(z[np.all(z @ A1.T > 0, axis=1)])
    return np.asarray(out[:n])
