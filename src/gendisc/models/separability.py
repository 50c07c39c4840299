"""Exact separability of training sets, with a proof either way.

With ``a_i = y_i (phi(x_i), 1)`` (``y_i`` in {-1, 1}) a training set is strictly separable iff
``max_v min_i a_i . v > 0`` over the box ``|v_j| <= 1``, a linear program (:func:`separable_lp`,
scipy's ``linprog``, HiGHS). :func:`separability` decides R training sets: a candidate (the
fitted LR) that separates every example beyond rounding proves separability; two examples with
the same features and different labels prove the opposite; otherwise the point of the hull of
the ``a_i`` nearest to 0 (non-negative least squares, 13-24 times faster than the LP) either
separates strictly or is 0 (Gordan's certificate), and the LP decides the rest.
Used by :mod:`gendisc.models.separable` (Ng & Jordan's random separator) and the C sweep.
"""

from __future__ import annotations

import numpy as np

#: an LP optimum (min margin in the box |v_j| <= 1) at most this counts as "not separable"
LP_TOL = 1e-9


def margin_rows(Phi: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The rows ``a_i = s_i (phi(x_i), 1)``, ``s_i = 2 y_i - 1``: (..., m, d) -> (..., m, d + 1).

    ``v = (w, b)`` separates the training set strictly iff ``a_i . v > 0`` for every i.
    """
    Phi = np.asarray(Phi, dtype=np.float64)
    sign = 2.0 * np.asarray(y, dtype=np.float64) - 1.0
    ones = np.ones((*Phi.shape[:-1], 1))
    return sign[..., None] * np.concatenate([Phi, ones], axis=-1)


def separable_lp(A: np.ndarray) -> tuple[bool, np.ndarray | None]:
    """Exact separability of one training set by a linear program.

    Solves ``max t  s.t.  A v >= t,  |v_j| <= 1,  t <= 1`` with scipy's HiGHS.

    Parameters
    ----------
    A : ndarray of shape (m, p)
        Margin rows (:func:`margin_rows`).

    Returns
    -------
    (bool, ndarray or None)
        Whether some ``v`` has ``A v > 0`` (optimum ``t > LP_TOL`` and ``A v > 0`` verified),
        and that ``v`` (the LP optimum, deep inside the cone) or None.
    """
    from scipy.optimize import linprog  # scipy only where an LP is needed

    A = np.asarray(A, dtype=np.float64)
    m, p = A.shape
    cost = np.zeros(p + 1)
    cost[-1] = -1.0
    res = linprog(
        cost,
        A_ub=np.concatenate([-A, np.ones((m, 1))], axis=1),
        b_ub=np.zeros(m),
        bounds=[(-1.0, 1.0)] * p + [(None, 1.0)],
        method="highs",
    )
    if res.status != 0:
        raise ValueError(f"separability LP failed: {res.message}")
    v = np.asarray(res.x[:p])
    if -res.fun > LP_TOL and certified_positive(A, v):
        return True, v
    return False, None


def nearest_hull_point(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The point of the convex hull of the rows ``a_i`` nearest to the origin (NNLS).

    Gordan's alternative: either some ``v`` has ``A v > 0`` (separable), or 0 lies in the
    hull of the rows (some ``lambda >= 0``, ``sum = 1``, ``A' lambda = 0``). The nearest hull
    point ``z`` decides: ``z != 0`` separates (``a_i . z >= ||z||^2``; it is the hard-margin
    direction), ``z = 0`` comes with the certificate ``lambda``. Solved as non-negative least
    squares (scipy's ``nnls``) with the constraint ``sum(lambda) = 1`` weighted in.

    Returns
    -------
    z : ndarray of shape (p,)
    lam : ndarray of shape (m,)
    """
    from scipy.optimize import nnls  # scipy only where separability is decided

    m, p = A.shape
    scale = max(1.0, float(np.max(np.abs(A))))
    weight = 1e3 * scale
    M = np.vstack([A.T, np.full((1, m), weight)])
    lam, _ = nnls(M, np.r_[np.zeros(p), weight], maxiter=50 * max(m, p))
    lam = lam / lam.sum()
    return A.T @ lam, lam


#: a hull point nearest 0 of norm at most this (times the rows' scale) proves "not separable"
#: beyond that margin (:func:`separable_one`)
HULL_TOL = 1e-9


def certified_positive(A: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Whether every margin ``a_i . v`` is positive beyond the rounding error of its product.

    A computed dot product of length p is within ``gamma_p sum_j |a_ij v_j|`` of the exact
    one (``gamma_p = p u / (1 - p u)``, u the unit roundoff; Higham 2002, eq. 3.5); a margin
    above twice that bound is positive in exact arithmetic, so ``v`` is a proof that the rows
    (as stored) are strictly separable.

    Parameters
    ----------
    A : ndarray of shape (..., m, p)
    v : ndarray of shape (..., p)

    Returns
    -------
    ndarray of bool of shape (...)
    """
    A, v = np.asarray(A, dtype=np.float64), np.asarray(v, dtype=np.float64)
    p = A.shape[-1]
    u = np.finfo(np.float64).eps / 2
    gamma = 2.0 * p * u / (1.0 - p * u)
    margin = np.einsum("...mp,...p->...m", A, v)
    bound = gamma * np.einsum("...mp,...p->...m", np.abs(A), np.abs(v))
    return np.all(margin > bound, axis=-1)


def conflicting_duplicates(A: np.ndarray) -> bool:
    """Whether two margin rows are exact opposites: the same features, different labels.

    Then ``a_i + a_j = 0``, so ``a_i . v > 0`` and ``a_j . v > 0`` cannot both hold: a proof
    that the set is not separable (Gordan's certificate with ``lambda_i = lambda_j = 1/2``).
    The rows ``s_i a_i = (phi(x_i), 1)`` (``s_i``: the last column) are compared exactly.
    """
    A = np.asarray(A, dtype=np.float64)
    points = A * A[:, -1:]  # (phi(x_i), 1), the label removed
    _, first, group = np.unique(points, axis=0, return_index=True, return_inverse=True)
    group = np.ravel(group)
    return bool(np.any(A[first[group], -1] != A[:, -1]))


def separable_one(A: np.ndarray) -> tuple[bool, np.ndarray | None]:
    """Separability of one training set: the nearest hull point, the LP where it is unclear.

    Both verdicts come with a proof. Separable: the hull point ``z`` nearest 0 (the
    hard-margin direction) with every margin ``a_i . z`` certified positive
    (:func:`certified_positive`). Not separable: ``z = A' lambda`` (``lambda >= 0``,
    ``sum = 1``) with ``||z||`` at most :data:`HULL_TOL` times the rows' scale; for every unit
    ``v``, ``min_i a_i . v <= lambda' A v = z . v <= ||z||``, so no hyperplane separates
    with a margin above that bound (Gordan's alternative to rounding of the data). In between
    (no set of the tests or of the UCI panels) :func:`separable_lp` decides. First, the
    cheapest proof of the contrary: two examples with the same features and different labels
    (:func:`conflicting_duplicates`, frequent on the discrete panels at large m).
    """
    if conflicting_duplicates(A):
        return False, None
    z, _ = nearest_hull_point(A)
    if certified_positive(A, z):
        return True, z
    if np.linalg.norm(z) <= HULL_TOL * max(1.0, float(np.max(np.abs(A)))):
        return False, None
    return separable_lp(A)


def separability(
    A: np.ndarray, candidate: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Exact separability of R training sets, with a strictly separating ``v`` for each.

    Parameters
    ----------
    A : ndarray of shape (R, m, p)
        Margin rows of each replicate.
    candidate : ndarray of shape (R, p), optional
        A guess per replicate (e.g. the fitted LR's ``(w, b)``). Where ``A v > 0`` holds for
        every row beyond rounding (:func:`certified_positive`) it proves separability and is
        returned as the separator; elsewhere :func:`separable_one` decides.

    Returns
    -------
    separable : ndarray of shape (R,), bool
    separator : ndarray of shape (R, p)
        A unit vector with ``A v > 0`` where separable, NaN elsewhere.
    """
    A = np.asarray(A, dtype=np.float64)
    R, _, p = A.shape
    sep = np.zeros(R, dtype=bool)
    out = np.full((R, p), np.nan)
    if candidate is not None:
        certified = certified_positive(A, candidate)
        sep[certified] = True
        out[certified] = candidate[certified]
    for r in np.flatnonzero(~sep):
        ok, v = separable_one(A[r])
        if ok:
            sep[r], out[r] = True, v
    norm = np.linalg.norm(out, axis=1, keepdims=True)
    return sep, np.where(sep[:, None], out / np.where(sep[:, None], norm, 1.0), np.nan)
