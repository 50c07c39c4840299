"""Orchestration of the theory comparisons: the dimension sweep (m_epsilon) and Efron's efficiency.

Like :mod:`gendisc.stats.analysis`, each public function turns the study's tables into one result
table of ``results/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from gendisc.stats import curves, paired, theory
from gendisc.stats.analysis import SETTING_COLUMNS, with_settings
from gendisc.study import seeding

#: the pair whose generative model (LDA) Efron's comparison is about
EFRON_PAIR = "lda_lr"


def _complexity_scope(row: Mapping[str, Any]) -> str:
    return (
        f"{row['study']}/{row['family']}-l{row['level']:g}-s{row['separation']:g}"
        f"-p{row['prior']:g}/{row['pair']}"
    )


def m_epsilon_table(
    errors: pd.DataFrame, asymptotic: pd.DataFrame, eps: float, study: str = "dimension"
) -> pd.DataFrame:
    """m_epsilon of every model of the dimension study (``results/m_epsilon.csv``).

    Parameters
    ----------
    errors, asymptotic : pandas.DataFrame
        The errors table and the asymptotic-error table.
    eps : float
        Tolerance: m_epsilon is the smallest m from which the mean error stays within ``eps``
        of the model's own asymptotic error (:func:`gendisc.stats.theory.m_epsilon`).
    study : str
        The dimension sweep's study label.

    Returns
    -------
    pandas.DataFrame
        One row per (dataset, pair, role): setting columns, ``scope, model, asymptotic_error,
        m_max, m_eps`` (NaN when the band is not reached inside the observed range).
    """
    sub = errors[errors["study"] == study]
    points = curves.curve_points(sub)
    key = ["study", "dataset", "pair", "role"]
    asym = asymptotic.loc[:, [*key, "asymptotic_error"]]
    points = points.merge(asym, on=key, how="left")
    rows = []
    for k, g in points.groupby(key, sort=True, observed=True):
        a = float(g["asymptotic_error"].iloc[0])
        m_eps = None
        if np.isfinite(a):
            m_eps = theory.m_epsilon(g["m"].to_numpy(float), g["mean_err"].to_numpy(float), a, eps)
        rows.append(
            dict(zip(key, k, strict=True))
            | {
                "model": g["model"].iloc[0],
                "asymptotic_error": a,
                "m_max": int(g["m"].max()),
                "m_eps": np.nan if m_eps is None else m_eps,
            }
        )
    cols = [*key, "model", "asymptotic_error", "m_max", "m_eps"]
    table = with_settings(pd.DataFrame(rows, columns=cols), errors)
    table["scope"] = [_complexity_scope(r) for r in table.to_dict("records")]
    return table


def sample_complexity_table(m_eps: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """OLS of m_epsilon on log n and on n per model (``results/sample_complexity.csv``).

    Parameters
    ----------
    m_eps : pandas.DataFrame
        :func:`m_epsilon_table` output.
    alpha : float
        One minus the level of the slope intervals.

    Returns
    -------
    pandas.DataFrame
        One row per (scope, role, regressor): ``pair, model, n_points`` and the
        :class:`gendisc.stats.theory.LinearFit` fields; NaN fields when fewer than 3 dimensions reached
        the band (the claim is then inconclusive).
    """
    fields = ["intercept", "slope", "slope_se", "slope_ci_low", "slope_ci_high", "slope_p"]
    fields += ["r2", "aic", "df_resid"]
    rows = []
    for (scope, pair, role), g in m_eps.groupby(["scope", "pair", "role"], sort=True):
        ok = g[np.isfinite(g["m_eps"].astype(float))]
        base = {"scope": scope, "pair": pair, "role": role, "model": g["model"].iloc[0]}
        base["n_points"] = len(ok)
        if ok["n_features"].nunique() >= 3:
            fits = theory.fit_sample_complexity(ok["n_features"], ok["m_eps"], alpha)
            for name, fit in fits.items():
                rows.append(base | {"regressor": name} | {f: getattr(fit, f) for f in fields})
        else:
            for name in ("log_n", "n"):
                rows.append(base | {"regressor": name} | dict.fromkeys(fields, np.nan))
    cols = ["scope", "pair", "role", "model", "n_points", "regressor", *fields]
    return pd.DataFrame(rows, columns=cols)


def sample_complexity_tables(
    errors: pd.DataFrame, asymptotic: pd.DataFrame, *, eps: float, alpha: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`m_epsilon_table` and :func:`sample_complexity_table` of the dimension study.

    Returns
    -------
    m_eps, fits : pandas.DataFrame
        ``results/m_epsilon.csv`` and ``results/sample_complexity.csv``.
    """
    m_eps = m_epsilon_table(errors, asymptotic, eps)
    return m_eps, sample_complexity_table(m_eps, alpha)


def efron_table(
    errors: pd.DataFrame,
    *,
    seed: int,
    n_boot: int,
    alpha: float,
    m_min: int = 0,
    study: str = "efron",
) -> pd.DataFrame:
    """Measured efficiency of LR relative to LDA vs Efron's ARE (``results/efron.csv``).

    The bootstrap stream of a setting is ``seeding.rng(seed, "efron", dataset, pair)``.

    Returns
    -------
    pandas.DataFrame
        One row per (dataset, m) and a pooled row ``m = -1`` (m >= ``m_min``):
        :func:`gendisc.stats.theory.relative_efficiency` columns, the setting columns, ``delta`` (the
        separation), ``theory`` (:func:`gendisc.stats.theory.efron_are`) and ``scope``.
    """
    sub = errors[(errors["study"] == study) & (errors["pair"] == EFRON_PAIR)]
    cols = ["study", "dataset", "pair", "m", "excess_gen", "excess_dis", "efficiency"]
    cols += ["ci_low", "ci_high", *SETTING_COLUMNS, "delta", "theory", "scope"]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    diffs = paired.paired_differences(sub)
    frames = []
    for (dataset, pair), g in diffs.groupby(["dataset", "pair"], sort=True, observed=True):
        gen = seeding.rng(seed, "efron", dataset, pair)
        eff = theory.relative_efficiency(g, gen, m_min=m_min, n_boot=n_boot, alpha=alpha)
        first = g.iloc[0]
        delta, prior, n = (
            float(first["separation"]),
            float(first["prior"]),
            int(first["n_features"]),
        )
        eff.insert(0, "study", study)
        eff.insert(1, "dataset", dataset)
        eff.insert(2, "pair", pair)
        for c in SETTING_COLUMNS:
            eff[c] = first[c]
        eff["delta"] = delta
        eff["theory"] = theory.efron_are(delta, prior, n)
        eff["scope"] = f"{study}/{first['family']}-n{n}-p{prior:g}/{pair}"
        frames.append(eff)
    return pd.concat(frames, ignore_index=True).loc[:, cols]


__all__ = [
    "EFRON_PAIR",
    "efron_table",
    "m_epsilon_table",
    "sample_complexity_table",
    "sample_complexity_tables",
]
