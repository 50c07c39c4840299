"""The Bayes error of a synthetic setting: exact where its family has a closed form, otherwise
Monte Carlo over the Bayes rule's conditional error (lower variance than its 0/1 loss)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gendisc.data.generators import FAMILIES, Setting, sample

_MC_CHUNK = 100_000


@dataclass(frozen=True)
class BayesError:
    """Bayes error ``value`` of a setting, its standard error ``se`` (0.0 when exact) and the
    ``method`` that produced it (e.g. ``"closed form"``)."""

    value: float
    se: float
    method: str


def posterior_error(setting: Setting, x: np.ndarray) -> np.ndarray:
    """Return ``min(P(y=1|x), P(y=0|x))``, the Bayes rule's conditional error at each ``x``.

    Parameters
    ----------
    setting : Setting
        The distribution.
    x : numpy.ndarray
        Points, shape ``(size, n)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(size,)``, values in ``[0, 1/2]``.
    """
    from scipy import special  # lazily: compute jobs never need scipy

    llr = FAMILIES[setting.family].log_likelihood_ratio(setting, x)
    log_odds = llr + math.log(setting.prior / (1 - setting.prior))
    return special.expit(-np.abs(log_odds))


def bayes_error(
    setting: Setting, *, n_mc: int = 1_000_000, rng: np.random.Generator | None = None
) -> BayesError:
    """Bayes error of a setting: exact where the family has it, otherwise Monte Carlo.

    Parameters
    ----------
    setting : Setting
        The distribution.
    n_mc : int, default 1_000_000
        Monte Carlo sample size (ignored when exact).
    rng : numpy.random.Generator, optional
        Required for Monte Carlo.

    Returns
    -------
    BayesError
        Monte Carlo estimates average ``min`` posterior (lower variance than the 0/1 loss of
        the Bayes rule) and report its standard error.
    """
    family = FAMILIES[setting.family]
    if family.bayes_error_exact is not None:
        return BayesError(family.bayes_error_exact(setting), 0.0, family.exact_method)
    if rng is None:
        raise ValueError(f"rng is required for the Monte Carlo Bayes error of {setting.family}")
    if isinstance(n_mc, bool) or not isinstance(n_mc, int | np.integer) or n_mc < 2:
        raise ValueError(f"n_mc must be an integer >= 2, got {n_mc!r}")
    total = total_sq = 0.0
    for start in range(0, int(n_mc), _MC_CHUNK):
        x, _ = sample(setting, min(_MC_CHUNK, int(n_mc) - start), rng)
        err = posterior_error(setting, x)
        total += float(err.sum())
        total_sq += float((err**2).sum())
    mean = total / n_mc
    var = max(total_sq / n_mc - mean**2, 0.0) * n_mc / (n_mc - 1)
    return BayesError(mean, math.sqrt(var / n_mc), f"Monte Carlo, N={int(n_mc)} (SE given)")
