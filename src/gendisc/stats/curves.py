"""Learning-curve fits: the curve forms, weighted least squares, AICc and the flattening rule.

Curve model (:data:`FORMS`): ``power`` e(m) = a + b m^(-c) is the main form; alternatives
``inverse`` (a + b/m), ``exponential`` (a + b exp(-c (m - m_min))) and ``pure_power`` (b m^(-c), no
asymptote) are compared by AICc. Fits are bounded, weighted non-linear least squares
(``scipy.optimize.least_squares`` on residuals (y - f)/se) from several deterministic starts.
AICc uses the known-variance likelihood: AIC = chi^2 + 2k, AICc = AIC + 2k(k+1)/(n-k-1).

Flattening rule: the power fit's asymptote ``a`` is reported only if the predicted remaining
drop beyond the largest observed m, f(m_max) - a, is below ``flat_fraction`` times the fitted
drop inside the observed range, f(m_min) - f(m_max). Otherwise ``asymptote`` is None and
``flattened`` is False.

The crossover point of two curves is :mod:`gendisc.stats.crossovers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

Form = Callable[[np.ndarray, np.ndarray, float, float], np.ndarray]
Unscale = Callable[[np.ndarray, float, float], np.ndarray]


# every form is evaluated on u = m / m_min (and m / m_max for the exponential) so that its
# parameters have scale-free bounds; ``unscale`` converts them to the units of m


def _power(m: np.ndarray, p: np.ndarray, m_min: float, m_max: float) -> np.ndarray:
    return p[0] + p[1] * (m / m_min) ** (-p[2])


def _inverse(m: np.ndarray, p: np.ndarray, m_min: float, m_max: float) -> np.ndarray:
    return p[0] + p[1] * m_min / m


def _exponential(m: np.ndarray, p: np.ndarray, m_min: float, m_max: float) -> np.ndarray:
    return p[0] + p[1] * np.exp(-p[2] * (m - m_min) / m_max)


def _pure_power(m: np.ndarray, p: np.ndarray, m_min: float, m_max: float) -> np.ndarray:
    return p[0] * (m / m_min) ** (-p[1])


@dataclass(frozen=True)
class FormSpec:
    """A curve form: scaled function, parameter names, bounds, conversion to units of m."""

    func: Form
    names: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    unscale: Unscale


#: registry of curve forms; ``a`` is always the asymptote when present. In units of m:
#: power a + b m^-c, inverse a + b/m, exponential a + b exp(-c (m - m_min)), pure_power b m^-c.
FORMS: Mapping[str, FormSpec] = {
    "power": FormSpec(
        _power, ("a", "b", "c"), (0.0, 0.0, 0.01), (1.0, 2.0, 3.0),
        lambda p, lo, hi: np.array([p[0], p[1] * lo ** p[2], p[2]]),
    ),
    "inverse": FormSpec(
        _inverse, ("a", "b"), (0.0, 0.0), (1.0, 2.0),
        lambda p, lo, hi: np.array([p[0], p[1] * lo]),
    ),
    "exponential": FormSpec(
        _exponential, ("a", "b", "c"), (0.0, 0.0, 0.01), (1.0, 2.0, 200.0),
        lambda p, lo, hi: np.array([p[0], p[1], p[2] / hi]),
    ),
    "pure_power": FormSpec(
        _pure_power, ("b", "c"), (0.0, 0.0), (2.0, 3.0),
        lambda p, lo, hi: np.array([p[0] * lo ** p[1], p[1]]),
    ),
}  # fmt: skip

_C_STARTS = (0.1, 0.3, 0.5, 1.0, 2.0)


@dataclass(frozen=True)
class CurveFit:
    """Weighted NLS fit of one learning curve with one form.

    Attributes
    ----------
    form : str
        Key of :data:`FORMS`.
    params : dict[str, float]
        Fitted parameters in the units of m (see :data:`FORMS`).
    scaled : tuple[float, ...]
        The same parameters on the scaled axis the fit used.
    m_min, m_max : float
        Smallest and largest observed m (the scaling).
    chi2, aicc : float
        Weighted residual sum of squares and AICc.
    n_points : int
        Number of (m, mean error) points.
    success : bool
        ``least_squares`` reported convergence.
    """

    form: str
    params: dict[str, float]
    scaled: tuple[float, ...]
    m_min: float
    m_max: float
    chi2: float
    aicc: float
    n_points: int
    success: bool

    def predict(self, m: np.ndarray) -> np.ndarray:
        """Evaluate the fitted curve at training-set sizes ``m``."""
        spec = FORMS[self.form]
        m = np.asarray(m, dtype=float)
        return spec.func(m, np.array(self.scaled), self.m_min, self.m_max)


def _aicc(chi2: float, k: int, n: int) -> float:
    aic = chi2 + 2.0 * k
    return aic + 2.0 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else np.inf


def _starts(form: str, y: np.ndarray) -> list[np.ndarray]:
    a0 = float(np.clip(y.min() * 0.95, 0.0, 1.0))
    drop = float(np.clip(y[0] - y.min(), 1e-3, 1.0))
    starts = {
        "power": [np.array([a0, drop, c]) for c in _C_STARTS],
        "inverse": [np.array([a0, drop]), np.array([0.0, float(y[0])])],
        "exponential": [np.array([a0, drop, c * 10]) for c in _C_STARTS],
        "pure_power": [np.array([float(y[0]), c]) for c in _C_STARTS],
    }
    return starts[form]


def fit_curve(m: np.ndarray, y: np.ndarray, se: np.ndarray, form: str = "power") -> CurveFit:
    """Fit one learning curve by bounded weighted least squares from several starts.

    Parameters
    ----------
    m : numpy.ndarray
        Training-set sizes (positive, strictly increasing).
    y : numpy.ndarray
        Mean test error at each m.
    se : numpy.ndarray
        Standard error of each mean (weights 1/se^2); non-positive values are replaced by the
        smallest positive se (or 1 if none).
    form : str
        Key of :data:`FORMS`.

    Returns
    -------
    CurveFit
        The start with the smallest chi^2.
    """
    if form not in FORMS:
        raise ValueError(f"unknown curve form {form!r}; known: {sorted(FORMS)}")
    m = np.asarray(m, dtype=float)
    y = np.asarray(y, dtype=float)
    se = np.asarray(se, dtype=float).copy()
    if not (m.shape == y.shape == se.shape) or m.ndim != 1:
        raise ValueError(
            f"m, y, se must be 1-d of equal length, got {m.shape}, {y.shape}, {se.shape}"
        )
    if m.size < 3 or np.any(m <= 0) or np.any(np.diff(m) <= 0):
        raise ValueError(f"m must be >= 3 positive increasing sizes, got {m.tolist()}")
    pos = se[np.isfinite(se) & (se > 0)]
    se[~(np.isfinite(se) & (se > 0))] = pos.min() if pos.size else 1.0
    spec = FORMS[form]
    m_min, m_max = float(m.min()), float(m.max())
    lo, hi = np.array(spec.lower), np.array(spec.upper)
    best = None
    for x0 in _starts(form, y):
        x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)
        res = least_squares(
            lambda p: (y - spec.func(m, p, m_min, m_max)) / se,
            x0,
            bounds=(lo, hi),
            method="trf",
            x_scale="jac",
            xtol=1e-12,
            ftol=1e-12,
            gtol=1e-12,
        )
        chi2 = float(np.sum(res.fun**2))
        if best is None or chi2 < best[0] - 1e-12:
            best = (chi2, res)
    chi2, res = best
    return CurveFit(
        form=form,
        params={
            k: float(v) for k, v in zip(spec.names, spec.unscale(res.x, m_min, m_max), strict=True)
        },
        scaled=tuple(float(v) for v in res.x),
        m_min=m_min,
        m_max=m_max,
        chi2=chi2,
        aicc=_aicc(chi2, len(spec.names), m.size),
        n_points=int(m.size),
        success=bool(res.success),
    )


@dataclass(frozen=True)
class CurveSummary:
    """The power-law fit of one curve, the AICc comparison and the flattening decision.

    Attributes
    ----------
    power : CurveFit
        The a + b m^(-c) fit.
    best_form : str
        Form with the smallest AICc among the compared forms.
    delta_aicc : dict[str, float]
        AICc of each form minus the smallest AICc.
    flattened : bool
        The flattening rule holds (module docstring).
    asymptote : float | None
        ``a`` of the power fit when flattened, else None.
    remaining_drop, observed_drop : float
        f(m_max) - a and f(m_min) - f(m_max) of the power fit.
    """

    power: CurveFit
    best_form: str
    delta_aicc: dict[str, float]
    flattened: bool
    asymptote: float | None
    remaining_drop: float
    observed_drop: float


def summarize_curve(
    m: np.ndarray,
    y: np.ndarray,
    se: np.ndarray,
    flat_fraction: float = 0.1,
    forms: tuple[str, ...] = ("power", "inverse", "exponential", "pure_power"),
) -> CurveSummary:
    """Fit the power form and the alternatives; decide whether the curve has flattened.

    Parameters
    ----------
    m, y, se : numpy.ndarray
        As in :func:`fit_curve`.
    flat_fraction : float
        Threshold of the flattening rule, in (0, 1).
    forms : tuple[str, ...]
        Forms compared by AICc; must include ``"power"``.

    Returns
    -------
    CurveSummary
    """
    if not 0 < flat_fraction < 1:
        raise ValueError(f"flat_fraction must be in (0, 1), got {flat_fraction!r}")
    if "power" not in forms:
        raise ValueError(f"forms must include 'power', got {forms!r}")
    fits = {f: fit_curve(m, y, se, f) for f in forms}
    best_aicc = min(f.aicc for f in fits.values())
    best_form = min(fits, key=lambda f: (fits[f].aicc, forms.index(f)))
    p = fits["power"]
    m = np.asarray(m, dtype=float)
    f_lo, f_hi = p.predict(np.array([m.min(), m.max()]))
    remaining = float(f_hi - p.params["a"])
    observed = float(f_lo - f_hi)
    flattened = remaining <= flat_fraction * observed if observed > 0 else remaining < 1e-12
    return CurveSummary(
        power=p,
        best_form=best_form,
        delta_aicc={k: float(v.aicc - best_aicc) for k, v in fits.items()},
        flattened=bool(flattened),
        asymptote=p.params["a"] if flattened else None,
        remaining_drop=remaining,
        observed_drop=observed,
    )


def curve_points(errors: pd.DataFrame) -> pd.DataFrame:
    """Mean learning curve of every model: one row per (study, dataset, pair, model, role, m).

    Returns
    -------
    pandas.DataFrame
        Columns of the key plus ``R, mean_err, sd_err, se_err``.
    """
    key = ["study", "dataset", "pair", "model", "role", "m"]
    g = errors.groupby(key, sort=True, observed=True)["test_error"]
    out = g.agg(R="size", mean_err="mean", sd_err="std").reset_index()
    out["se_err"] = out["sd_err"] / np.sqrt(out["R"])
    return out


def fit_curves(points: pd.DataFrame, flat_fraction: float = 0.1) -> pd.DataFrame:
    """Summarize every curve of a :func:`curve_points` table.

    Returns
    -------
    pandas.DataFrame
        One row per (study, dataset, pair, model, role): ``a, b, c, chi2, aicc, best_form,
        delta_aicc_<form>..., flattened, asymptote`` (NaN when not flattened),
        ``remaining_drop, observed_drop``.
    """
    rows = []
    key = ["study", "dataset", "pair", "model", "role"]
    for k, g in points.groupby(key, sort=True, observed=True):
        s = summarize_curve(g["m"], g["mean_err"], g["se_err"], flat_fraction)
        row = dict(zip(key, k, strict=True)) | dict(s.power.params)
        row |= {"chi2": s.power.chi2, "aicc": s.power.aicc, "best_form": s.best_form}
        row |= {f"delta_aicc_{f}": v for f, v in s.delta_aicc.items()}
        row |= {
            "flattened": s.flattened,
            "asymptote": np.nan if s.asymptote is None else s.asymptote,
            "remaining_drop": s.remaining_drop,
            "observed_drop": s.observed_drop,
        }
        rows.append(row)
    return pd.DataFrame(rows)


__all__ = [
    "FORMS",
    "CurveFit",
    "CurveSummary",
    "FormSpec",
    "curve_points",
    "fit_curve",
    "fit_curves",
    "summarize_curve",
]
