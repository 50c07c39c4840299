"""Input checks shared by the estimators, the pairs and the engines."""

from __future__ import annotations

import numpy as np


def is_number(value: object) -> bool:
    """True for an int or float (numpy's included), False for bool and anything else."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def check_lr_C(lr_C: object) -> float:
    """Return ``lr_C`` as a float; raise ValueError unless it is a finite number > 0."""
    if not (is_number(lr_C) and np.isfinite(lr_C) and float(lr_C) > 0):
        raise ValueError(f"lr_C must be a finite number > 0, got {lr_C!r}")
    return float(lr_C)


def check_categories(n_categories: tuple[int, ...] | None) -> tuple[int, ...]:
    """Return the number of categories of every feature as ints >= 1; raise ValueError else."""
    if n_categories is None or len(n_categories) == 0:
        raise ValueError(f"discrete pairs need n_categories, got {n_categories!r}")
    ks = tuple(int(k) for k in n_categories)
    if any(k < 1 or k != kk for k, kk in zip(ks, n_categories, strict=True)):
        raise ValueError(f"n_categories must hold integers >= 1, got {n_categories!r}")
    return ks


def check_finite(X: np.ndarray, name: str) -> None:
    """Raise ValueError if ``X`` holds a NaN or an infinity."""
    # a sum of finite values is finite unless it overflows (then the elementwise test decides):
    # one pass, no temporary array
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(X)
    if np.isfinite(total) or np.all(np.isfinite(X)):
        return
    raise ValueError(f"{name} has non-finite values")


def check_codes(
    X: np.ndarray, name: str, pair: str, n_categories: tuple[int, ...] | None
) -> tuple[int, ...]:
    """Check that X (..., n) holds category codes ``0..k_j - 1``; return the k_j as ints."""
    if n_categories is None or len(n_categories) != X.shape[-1]:
        raise ValueError(
            f"pair {pair!r} needs n_categories with one entry per feature "
            f"({X.shape[-1]}), got {n_categories!r}"
        )
    ks = np.asarray(n_categories)
    flat = X.reshape(-1, X.shape[-1])
    in_range = flat.size == 0 or (flat.min() >= 0 and np.all(flat.max(axis=0) < ks))
    if not in_range or np.any(flat != flat.astype(np.int64)):
        raise ValueError(f"{name} must hold integer codes 0..k_j-1 for n_categories={ks}")
    return tuple(int(k) for k in ks)


def check_labels(y: np.ndarray, name: str) -> np.ndarray:
    """Return labels in {0, 1} as float64; raise ValueError naming any other value."""
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{name} must hold labels 0 and 1, got values {np.unique(y)}")
    return y.astype(np.float64)


def no_within_class_scatter(X: np.ndarray, y: np.ndarray) -> bool:
    """True when every example equals its class mean (always so for m <= 2)."""
    if X.shape[0] <= 2:
        return True
    return all(np.all(X[y == c] == X[y == c].mean(axis=0)) for c in np.unique(y))
