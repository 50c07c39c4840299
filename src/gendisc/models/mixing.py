"""Mixing diagnostics of the random-separator sampler (:mod:`gendisc.models.separable`).

Two questions fix the sampler's settings:

* *burn-in*: chains start at the max-margin direction, whose test error is lower than the
  average over separating directions. :func:`burn_in_curve` follows the mean test error of K
  independent chains from that start, step by step; the burn-in is the first step after which
  the curve stays within a tolerance of its long-run level.
* *thinning*: :func:`integrated_time` is the integrated autocorrelation time of a chain's test
  error (Sokal's automatic window); draws ``thin >= tau`` steps apart are nearly independent,
  and ``n / tau`` is the effective sample size of n steps.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gendisc.models.separable import hit_and_run


def autocorrelation(x: np.ndarray) -> np.ndarray:
    """Sample autocorrelation function of a series at lags ``0 .. n - 1`` (by FFT).

    The same estimator as ``statsmodels.tsa.stattools.acf`` (mean removed, divided by ``n``
    at every lag).
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    if n < 2:
        raise ValueError(f"autocorrelation needs at least 2 values, got {n}")
    d = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    f = np.fft.rfft(d, size)
    acov = np.fft.irfft(f * np.conj(f), size)[:n]
    if acov[0] == 0:
        raise ValueError("autocorrelation of a constant series is undefined")
    return acov / acov[0]


def integrated_time(x: np.ndarray, window: float = 5.0) -> float:
    """Integrated autocorrelation time ``1 + 2 sum_k rho_k`` with Sokal's automatic window.

    The sum runs to the smallest lag M with ``M >= window * tau(M)``.

    Parameters
    ----------
    x : ndarray of shape (n,)
    window : float

    Returns
    -------
    float
        ``tau >= 1`` for positively correlated chains (1 for independent draws).
    """
    rho = autocorrelation(x)
    taus = 2.0 * np.cumsum(rho) - 1.0
    lags = np.arange(rho.size)
    ok = lags >= window * taus
    m = int(np.argmax(ok)) if ok.any() else rho.size - 1
    return float(taus[m])


def error_path(
    A: np.ndarray,
    v0: np.ndarray,
    rngs: Sequence[np.random.Generator],
    steps: Sequence[int],
    F_test: np.ndarray,
    y_test: np.ndarray,
) -> np.ndarray:
    """Test errors of hit-and-run chains after the given steps.

    Parameters
    ----------
    A : ndarray of shape (R, m, p)
        Margin rows of R separable training sets (or one set repeated: independent chains).
    v0 : ndarray of shape (R, p)
        Start points inside the cone and the unit ball.
    rngs : sequence of numpy.random.Generator, length R
    steps : sequence of int
        Steps (1-based, increasing) after which the error is recorded.
    F_test : ndarray of shape (t, p - 1)
        Test features.
    y_test : ndarray of shape (t,)
        Test labels in {0, 1}.

    Returns
    -------
    ndarray of shape (len(steps), R)
    """
    _, kept = hit_and_run(A, v0, rngs, int(max(steps)), keep=steps)
    dec = np.einsum("tp,krp->krt", F_test, kept[:, :, :-1]) + kept[:, :, -1:]
    return np.mean((dec > 0) != (np.asarray(y_test) > 0)[None, None, :], axis=2)


def burn_in_from_curve(curve: np.ndarray, steps: Sequence[int], tolerance: float) -> int:
    """First recorded step after which ``|curve - final level|`` stays below ``tolerance``.

    The final level is the mean of the curve's last quarter, which must lie after that step.
    """
    curve = np.asarray(curve, dtype=np.float64)
    tail = max(1, curve.size // 4)
    level = curve[-tail:].mean()
    bad = np.flatnonzero(np.abs(curve - level) > tolerance)
    if bad.size == 0:
        return int(steps[0])
    if bad[-1] + 1 >= curve.size - tail:
        raise ValueError("the curve has not settled within the recorded steps")
    return int(steps[bad[-1] + 1])


def panel_diagnostic(
    A: np.ndarray,
    v0: np.ndarray,
    F_test: np.ndarray,
    y_test: np.ndarray,
    *,
    steps: Sequence[int],
    chains: int = 200,
    long_chain: int = 4000,
    seed: int = 0,
) -> dict[str, object]:
    """Mixing diagnostic of one separable training set.

    ``chains`` independent chains from ``v0`` give the mean test error after each of
    ``steps`` (the burn-in curve) and its standard error at the last step; one chain of
    ``long_chain`` steps gives the integrated autocorrelation time of the test error (its
    first quarter discarded).

    Parameters
    ----------
    A : ndarray of shape (m, p)
        Margin rows of the training set.
    v0 : ndarray of shape (p,)
        Start inside the cone and the unit ball (e.g. half the max-margin unit vector).
    F_test, y_test : ndarray
        Test features (t, p - 1) and labels (t,).
    steps : sequence of int
        Increasing steps at which the curve is recorded.
    chains, long_chain, seed : int

    Returns
    -------
    dict
        ``curve`` (mean error per step), ``se_last``, ``tau`` (steps), ``ess_per_1000``.
    """
    A = np.asarray(A, dtype=np.float64)
    many = np.broadcast_to(A, (chains, *A.shape)).copy()
    starts = np.tile(v0, (chains, 1))
    gens = [np.random.default_rng([seed, k]) for k in range(chains)]
    E = error_path(many, starts, gens, steps, F_test, y_test)
    path = error_path(
        A[None], np.asarray(v0)[None], [np.random.default_rng([seed, chains])],
        range(1, long_chain + 1), F_test, y_test,
    )[:, 0]  # fmt: skip
    tau = integrated_time(path[long_chain // 4 :])
    return {
        "curve": E.mean(axis=1),
        "se_last": float(E[-1].std(ddof=1) / np.sqrt(chains)),
        "tau": tau,
        "ess_per_1000": 1000.0 / tau,
    }
