"""Linearly separable training sets: an exact test, and Ng & Jordan's random separator.

Ng & Jordan (2001, footnote 2): on a linearly separable training set logistic regression has
no minimiser, and the authors drew a separating hyperplane *at random* (by MCMC); the errors
they plot are averages over separating hyperplanes. Our vanishing-L2 LR converges instead to
the max-margin direction. This module implements the paper's rule:

* the exact separability test (with a separating ``v`` where separable) lives in
  :mod:`gendisc.models.separability`; this module uses it to pick the rule's fit.
* :func:`random_separators`: a uniform draw of the direction of ``v = (w, b)`` over the open
  cone ``{v : a_i . v > 0 for all i}``, by hit-and-run inside the cone intersected with the
  unit ball (uniform there, so its direction is uniform over the cone's spherical section),
  chains of all replicates advanced together, every chain driven by its replicate's own
  generator (so a draw does not depend on the batch it is computed in).

The burn-in is chosen from the mixing diagnostic of :mod:`gendisc.models.mixing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gendisc.models import cone_gaussian
from gendisc.models.separability import margin_rows, separability

#: the rules for logistic regression on a separable training set
LR_SEPARABLE_RULES: tuple[str, ...] = ("max_margin", "random_separator")
#: samplers of the random separator: hit-and-run in the cone intersected with the unit ball
#: (p dimensions), or for a Gaussian restricted to the cone in the row space of the margin rows
#: (:mod:`gendisc.models.cone_gaussian`, min(m, p) dimensions); the same law of the direction
SAMPLER_METHODS: tuple[str, ...] = ("ball", "row_space")
#: steps whose random numbers a chain draws at once (normals, then uniforms): fixed, so a
#: replicate's stream is consumed the same way in any batch
BLOCK_STEPS = cone_gaussian.BLOCK_STEPS


@dataclass(frozen=True)
class SamplerSettings:
    """Burn-in of the random-separator rule, in hit-and-run steps per dimension p of v.

    One draw is kept per training set, at the end of its own chain (chains of different
    replicates are independent, so no thinning is needed; the integrated autocorrelation
    time of :mod:`gendisc.models.mixing` says how far apart draws of one chain would have to
    be). Hit-and-run needs of the order of p^2 steps to mix from a warm start in theory; the
    diagnostic on UCI training sets (200 chains started at the max-margin direction, the
    mean test error within two standard errors of its level after 4000 steps) settled after
    50-100 steps on pima (p = 9) and optdigits (p = 53), but only after 400 steps on liver at
    m = 11 (p = 7, integrated autocorrelation time 212 steps): hence at least 500 steps and
    10 p (:func:`gendisc.models.mixing.panel_diagnostic`).

    Attributes
    ----------
    burn_in_per_dim : int
        Burn-in steps per dimension (of v for ``ball``; of the row space, min(m, p), for
        ``row_space``).
    min_burn_in : int
        Burn-in steps at least.
    max_burn_in : int
        Burn-in steps at most (bounds the cost where p is large: the one-hot discrete panels,
        p up to 229, whose chains the diagnostic shows still drifting after 1000 steps).
    method : str
        One of :data:`SAMPLER_METHODS`. ``row_space`` (the default since 2026-12-02): the
        same law, and on promoters (p = 229, m <= 97) 2.3 times cheaper and without the
        ball sampler's bias at 1000 steps (LR error -0.0083, SE 0.0025, against 4000-step
        chains; row space -0.0013, SE 0.0025; README, Performance).
    """

    burn_in_per_dim: int = 10
    min_burn_in: int = 500
    max_burn_in: int = 1000
    method: str = "row_space"

    def __post_init__(self) -> None:
        if self.method not in SAMPLER_METHODS:
            raise ValueError(
                f"sampler method must be one of {SAMPLER_METHODS}, got {self.method!r}"
            )
        for name in ("burn_in_per_dim", "min_burn_in", "max_burn_in"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(f"sampler {name} must be an integer >= 0, got {value!r}")

    def burn_in(self, p: int) -> int:
        """Hit-and-run steps per chain for v of dimension p (at least 1)."""
        return max(1, min(self.max_burn_in, max(self.min_burn_in, self.burn_in_per_dim * p)))


#: the study's sampler settings
DEFAULT_SAMPLER = SamplerSettings()


def check_rule(rule: object) -> str:
    """Return ``rule`` if it names a rule of :data:`LR_SEPARABLE_RULES`; raise ValueError."""
    if rule not in LR_SEPARABLE_RULES:
        raise ValueError(f"lr_separable must be one of {LR_SEPARABLE_RULES}, got {rule!r}")
    return str(rule)


def _chord(
    c: np.ndarray,
    s: np.ndarray,
    vv: np.ndarray,
    vu: np.ndarray,
    pos: np.ndarray | None = None,
    neg: np.ndarray | None = None,
):
    """Interval ``(lo, hi)`` of t with ``c + t s > 0`` (every row) and ``||v + t u|| <= 1``.

    ``pos``, ``neg``: the masks ``s > 0`` and ``s < 0`` if already computed.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = -c / s
    # reductions restricted by ``where`` (no masked copies)
    lo_lin = np.max(ratio, axis=1, where=s > 0 if pos is None else pos, initial=-np.inf)
    hi_lin = np.min(ratio, axis=1, where=s < 0 if neg is None else neg, initial=np.inf)
    root = np.sqrt(np.maximum(vu * vu - (vv - 1.0), 0.0))
    return np.maximum(lo_lin, -vu - root), np.minimum(hi_lin, -vu + root)


def hit_and_run(
    A: np.ndarray,
    v0: np.ndarray,
    rngs: Sequence[np.random.Generator],
    n_steps: int,
    *,
    keep: Sequence[int] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Hit-and-run chains, uniform on ``{v : A v > 0, ||v|| <= 1}``, one per replicate.

    Each step draws a direction ``u`` uniform on the sphere (a normalised Gaussian) and moves
    to a uniform point of the chord through ``v`` along ``u``. Replicate r uses only
    ``rngs[r]`` (its normals and uniforms are drawn in blocks of steps), so its chain is the
    same in any batch.

    The directions of a block of :data:`BLOCK_STEPS` steps are known before the block runs,
    so their products with the margin rows, ``A u``, are computed for the whole block at once
    (one matrix product per replicate instead of one matrix-vector product per step: the rows
    are read once per block, not once per step); the steps then only update the margins
    ``c = A v`` (recomputed exactly at the start of every block), the chord and ``v``.

    Parameters
    ----------
    A : ndarray of shape (R, m, p)
        Margin rows.
    v0 : ndarray of shape (R, p)
        Start points, strictly inside (``A v0 > 0``, ``||v0|| < 1``).
    rngs : sequence of numpy.random.Generator, length R
    n_steps : int
        Steps per chain.
    keep : sequence of int
        Steps (1-based) after which the state is recorded.

    Returns
    -------
    v : ndarray of shape (R, p)
        Final states.
    kept : ndarray of shape (len(keep), R, p)
        States after the steps in ``keep``.
    """
    A = np.asarray(A, dtype=np.float64)
    R, _, p = A.shape
    if len(rngs) != R:
        raise ValueError(f"one generator per replicate needed: {len(rngs)} for {R}")
    v = np.array(v0, dtype=np.float64)
    c = np.einsum("rmp,rp->rm", A, v)
    if np.any(c <= 0) or np.any(np.sum(v * v, axis=1) >= 1.0):
        raise ValueError("hit_and_run needs start points strictly inside the cone and the ball")
    keep_at = {int(k): j for j, k in enumerate(keep)}
    kept = np.empty((len(keep_at), R, p))
    step = 0
    while step < n_steps:
        k = min(BLOCK_STEPS, n_steps - step)
        c = np.matmul(A, v[:, :, None])[:, :, 0]  # exact margins again (no drift)
        U, unif = cone_gaussian.block_draws(rngs, k, p)
        # A u of every step of the block: (R, m, p) @ (R, p, k), then (k, R, m)
        S = np.matmul(A, U.transpose(1, 2, 0)).transpose(2, 0, 1).copy()
        pos, neg = S > 0, S < 0
        for j in range(k):
            u, s = U[j], S[j]
            lo, hi = _chord(c, s, np.sum(v * v, axis=1), np.sum(v * u, axis=1), pos[j], neg[j])
            t = (lo + (hi - lo) * unif[j])[:, None]
            v += t * u
            c += t * s
            step += 1
            if step in keep_at:
                kept[keep_at[step]] = v
    return v, kept


def random_separators(
    A: np.ndarray,
    start: np.ndarray,
    rngs: Sequence[np.random.Generator],
    settings: SamplerSettings = SamplerSettings(),
) -> np.ndarray:
    """Uniformly random separating directions, one per replicate.

    Parameters
    ----------
    A : ndarray of shape (R, m, p)
        Margin rows of separable training sets.
    start : ndarray of shape (R, p)
        A strictly separating ``v`` per replicate (any norm); the chain starts at half its
        unit vector.
    rngs : sequence of numpy.random.Generator, length R
    settings : SamplerSettings

    Returns
    -------
    ndarray of shape (R, p)
        Unit vectors ``v = (w, b)`` with ``A v > 0``, after ``settings.burn_in(p)`` steps
        (``ball``) or ``settings.burn_in(min(m, p))`` steps in the row space (``row_space``).
    """
    start = np.asarray(start, dtype=np.float64)
    if settings.method == "row_space":
        dim = min(A.shape[1], A.shape[2])
        return cone_gaussian.random_directions(A, start, rngs, settings.burn_in(dim))
    v0 = 0.5 * start / np.linalg.norm(start, axis=1, keepdims=True)
    v, _ = hit_and_run(A, v0, rngs, settings.burn_in(A.shape[2]))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def apply_rule(
    Phi: np.ndarray,
    y: np.ndarray,
    coef: np.ndarray,
    intercept: np.ndarray,
    rngs: Sequence[np.random.Generator] | None,
    settings: SamplerSettings = SamplerSettings(),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Replace fitted LRs on separable training sets by uniformly random separators.

    Parameters
    ----------
    Phi : ndarray of shape (R, m, d)
        LR features of the training sets (without the intercept column).
    y : ndarray of shape (R, m)
        Labels in {0, 1}.
    coef, intercept : ndarray of shape (R, d), (R,)
        The fitted LRs (the start of the chains where they separate).
    rngs : sequence of numpy.random.Generator, length R
        Each replicate's own stream.
    settings : SamplerSettings

    Returns
    -------
    coef, intercept : ndarray
        New arrays: unit ``(w, b)`` on separable sets, the fitted LR elsewhere.
    separable : ndarray of shape (R,), bool
        Exact separability (:func:`separability`).
    """
    if rngs is None or len(rngs) != len(coef):
        raise ValueError("the random_separator rule needs one generator per replicate")
    A = margin_rows(Phi, y)
    candidate = np.concatenate([coef, np.asarray(intercept)[:, None]], axis=1)
    sep, start = separability(A, candidate)
    coef, intercept = np.array(coef, dtype=np.float64), np.array(intercept, dtype=np.float64)
    if sep.any():
        idx = np.flatnonzero(sep)
        v = random_separators(A[idx], start[idx], [rngs[i] for i in idx], settings)
        coef[idx], intercept[idx] = v[:, :-1], v[:, -1]
    return coef, intercept, sep
