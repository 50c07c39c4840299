"""A uniformly random separating direction in the row space of the training set.

The random-separator rule (:mod:`gendisc.models.separable`) draws the direction of ``v = (w, b)``
uniformly over the spherical section of the open cone ``K = {v : A v > 0}`` (``A``: the m margin
rows, p columns). The direction of a standard Gaussian vector conditioned on ``K`` has exactly
that law (the Gaussian is rotation-invariant and ``K`` is a cone). Write ``A = B Q'`` with the
columns of ``Q`` (p x k, ``k = min(m, p)``) orthonormal and spanning a space that holds the
rows of ``A`` (a QR decomposition of ``A'``; the identity when m >= p) and ``B = A Q``. Then
``K`` only constrains ``y = Q' z``, and

    z = Q y + (I - Q Q') g,    y ~ N(0, I_k) restricted to {B y > 0},    g ~ N(0, I_p),

with ``y`` and ``g`` independent: the part of ``z`` outside the row space is an exact Gaussian
draw. Only ``y`` needs a Markov chain, of dimension k instead of p: hit-and-run for the
truncated Gaussian (a uniform direction ``u``; along ``y + t u`` the density is a normal in t,
restricted to the chord that keeps ``B y > 0``, drawn by inversion on its smaller tail).
On the one-hot panels (p up to 229, m often below 50) a step costs m k instead of m p
multiply-adds and k normals instead of p.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import log_ndtr, ndtri_exp

#: steps whose random numbers a chain draws at once (normals, then uniforms): fixed, so a
#: replicate's stream is consumed the same way in any batch
BLOCK_STEPS = 16


def row_space(A: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """``Q`` (R, p, m) with orthonormal columns spanning each ``A[r]``'s rows, and ``B = A Q``.

    Where ``m < p``: the reduced QR decomposition of ``A[r]'`` (LAPACK, one matrix at a time,
    so a replicate's basis does not depend on its batch); its columns span a space holding
    the rows of ``A[r]`` whatever its rank (columns beyond the rank are orthogonal to the rows:
    ``B`` is 0 there and ``y`` is unconstrained along them). Where ``m >= p`` the row space is
    (at most) the whole space: ``Q`` is the identity, returned as None, and ``B = A``.
    """
    m, p = A.shape[1:]
    if m >= p:
        return None, A
    Q = np.linalg.qr(np.swapaxes(A, 1, 2))[0]
    return Q, np.matmul(A, Q)


def truncated_normal(a: np.ndarray, b: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Standard normal restricted to ``[a, b]`` (bounds may be infinite), by inversion.

    ``u`` in ``(0, 1]``. The side with the smaller tail is inverted in log space
    (``scipy.special.log_ndtr`` / ``ndtri_exp``), so bounds far in a tail stay exact.
    """
    with np.errstate(invalid="ignore"):
        flip = (a + b) > 0  # interval mostly above 0: draw -tau from [-b, -a]
    lo = np.where(flip, -b, a)
    hi = np.where(flip, -a, b)
    la, lb = log_ndtr(lo), log_ndtr(hi)
    # F(tau) = F(lo) + u (F(hi) - F(lo)), as F(hi) (u + (1 - u) F(lo) / F(hi)), in logs
    tau = ndtri_exp(lb + np.log(u + (1.0 - u) * np.exp(la - lb)))
    return np.where(flip, -tau, tau)


def block_draws(
    rngs: Sequence[np.random.Generator], steps: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """One block of hit-and-run steps: unit directions ``(steps, R, k)``, uniforms ``(steps, R)``.

    Chain r draws ``steps`` normal vectors, then ``steps`` uniforms in [0, 1), from
    ``rngs[r]``: its numbers do not depend on the other chains of the batch.
    """
    R = len(rngs)
    normals = np.empty((R, steps, k))
    unif = np.empty((R, steps))
    for r, g in enumerate(rngs):
        g.standard_normal((steps, k), out=normals[r])
        g.random(steps, out=unif[r])
    normals = normals.transpose(1, 0, 2).copy()
    normals /= np.linalg.norm(normals, axis=2, keepdims=True)
    return normals, unif.T.copy()


def gaussian_chains(
    B: np.ndarray, y0: np.ndarray, rngs: Sequence[np.random.Generator], n_steps: int
) -> np.ndarray:
    """Hit-and-run chains for ``N(0, I_k)`` restricted to ``{y : B y > 0}``, one per replicate.

    Parameters
    ----------
    B : ndarray of shape (R, m, k)
    y0 : ndarray of shape (R, k)
        Start points with ``B y0 > 0``.
    rngs : sequence of numpy.random.Generator, length R
        Replicate r uses only ``rngs[r]`` (in blocks of :data:`BLOCK_STEPS` steps).
    n_steps : int

    Returns
    -------
    ndarray of shape (R, k)
        The states after ``n_steps`` steps.
    """
    y = np.array(y0, dtype=np.float64)
    k = B.shape[2]
    step = 0
    while step < n_steps:
        steps = min(BLOCK_STEPS, n_steps - step)
        c = np.matmul(B, y[:, :, None])[:, :, 0]  # exact margins at the start of a block
        U, unif = block_draws(rngs, steps, k)
        unif = 1.0 - unif  # in (0, 1]: a finite log below
        S = np.matmul(B, U.transpose(1, 2, 0)).transpose(2, 0, 1).copy()  # B u, every step
        pos, neg = S > 0, S < 0
        for j in range(steps):
            u, s = U[j], S[j]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = -c / s
            lo = np.max(ratio, axis=1, where=pos[j], initial=-np.inf)
            hi = np.min(ratio, axis=1, where=neg[j], initial=np.inf)
            yu = np.sum(y * u, axis=1)
            # |y + t u|^2 = (t + yu)^2 + const: t + yu is N(0, 1) on [lo + yu, hi + yu]
            t = (truncated_normal(lo + yu, hi + yu, unif[j]) - yu)[:, None]
            y += t * u
            c += t * s
        step += steps
    return y


def random_directions(
    A: np.ndarray, start: np.ndarray, rngs: Sequence[np.random.Generator], n_steps: int
) -> np.ndarray:
    """Uniformly random directions of the cones ``{v : A[r] v > 0}``, one per replicate.

    Parameters
    ----------
    A : ndarray of shape (R, m, p)
        Margin rows of separable training sets.
    start : ndarray of shape (R, p)
        A strictly separating ``v`` per replicate (the chain starts at its row-space part,
        scaled to the typical radius ``sqrt(k)``).
    rngs : sequence of numpy.random.Generator, length R
        Replicate r's chain, then its Gaussian part outside the row space, use ``rngs[r]``.
    n_steps : int
        Hit-and-run steps of the chain in the row space.

    Returns
    -------
    ndarray of shape (R, p)
        Unit vectors ``v`` with ``A v > 0``.
    """
    A = np.asarray(A, dtype=np.float64)
    R, _, p = A.shape
    start = np.asarray(start, dtype=np.float64)
    Q, B = row_space(A)
    k = B.shape[2]
    y0 = start if Q is None else np.einsum("rpk,rp->rk", Q, start)
    y0 = y0 * (np.sqrt(k) / np.linalg.norm(y0, axis=1, keepdims=True))
    y = gaussian_chains(B, y0, rngs, n_steps)
    if Q is None:  # the row space is the whole space
        return y / np.linalg.norm(y, axis=1, keepdims=True)
    g = np.empty((R, p))
    for r, gen in enumerate(rngs):
        gen.standard_normal(p, out=g[r])
    g -= np.einsum("rpk,rk->rp", Q, np.einsum("rpk,rp->rk", Q, g))  # outside the row space
    v = np.einsum("rpk,rk->rp", Q, y) + g
    return v / np.linalg.norm(v, axis=1, keepdims=True)


__all__ = [
    "BLOCK_STEPS",
    "block_draws",
    "gaussian_chains",
    "random_directions",
    "row_space",
    "truncated_normal",
]
