"""Missing-value masks: missing completely at random (MCAR) and missing not at random (MNAR).

A mask is a boolean array of the data's shape, True where the value goes missing. The studies
write ``NaN`` there (:func:`apply_mask`).
"""

from __future__ import annotations

import numpy as np

#: Mechanisms of :func:`make_mask`.
MECHANISMS = ("mcar", "mnar")


def _check_rate(rate: float, high: float) -> float:
    if isinstance(rate, bool) or not isinstance(rate, int | float | np.floating):
        raise ValueError(f"rate must be a number in [0, {high:g}], got {rate!r}")
    if not 0.0 <= float(rate) <= high:
        raise ValueError(f"rate must be in [0, {high:g}], got {rate!r}")
    return float(rate)


def mcar_mask(shape: tuple[int, int], rate: float, rng: np.random.Generator) -> np.ndarray:
    """Each value goes missing independently with probability ``rate`` (MCAR)."""
    rate = _check_rate(rate, 1.0)
    return rng.random(shape) < rate


def mnar_mask(X: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Large values go missing (MNAR): a value above its feature's median goes missing with
    probability ``2 * rate``, a value below it never, so about ``rate`` of all values are missing.

    Parameters
    ----------
    X : numpy.ndarray
        Shape ``(size, n)``, complete.
    rate : float
        Overall missing rate, in ``[0, 0.5]``.
    rng : numpy.random.Generator
        Source of randomness.
    """
    rate = _check_rate(rate, 0.5)
    X = np.asarray(X, dtype=np.float64)
    above = X > np.median(X, axis=0)
    return above & (rng.random(X.shape) < 2 * rate)


def make_mask(mechanism: str, X: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Return the mask of a mechanism (one of :data:`MECHANISMS`) for the data ``X``."""
    if mechanism == "mcar":
        return mcar_mask(np.shape(X), rate, rng)
    if mechanism == "mnar":
        return mnar_mask(X, rate, rng)
    raise ValueError(f"mechanism must be one of {MECHANISMS}, got {mechanism!r}")


def apply_mask(X: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Return a float copy of ``X`` with ``NaN`` where ``mask`` is True."""
    X = np.asarray(X, dtype=np.float64)
    if mask.shape != X.shape:
        raise ValueError(f"mask shape {mask.shape} differs from X shape {X.shape}")
    return np.where(mask, np.nan, X)
