"""Orchestration of the theory comparisons: the dimension sweep (m_epsilon) and Efron's efficiency.

Like :mod:`gendisc.stats.analysis`, each public function turns the study's tables into one result
table of ``results/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gendisc.stats import curves, growth, paired, theory
from gendisc.stats.settings import SETTING_COLUMNS, with_settings
from gendisc.study import seeding
from gendisc.study.design import PER_FEATURE_STUDIES

#: the pair whose generative model (LDA) Efron's comparison is about
EFRON_PAIR = "lda_lr"

#: the dimension sweeps and their designs: the separation Δ held fixed as n grows (classical
#: regime, where m_eps ∝ n is expected for both models), or fixed per feature (Δ = s sqrt(n):
#: Ng & Jordan's regime, the Bayes error falls with n)
DIMENSION_DESIGNS: Mapping[str, str] = {
    "dimension": "fixed_separation",
    "dimension_theorem": "per_feature_separation",
}


def _complexity_scope(row: Mapping[str, Any]) -> str:
    sep = float(row["separation"])
    if row["study"] in PER_FEATURE_STUDIES:  # the per-feature separation names the sweep
        part = f"f{sep / np.sqrt(float(row['n_features'])):.6g}"
    else:
        part = f"s{sep:g}"
    return (
        f"{row['study']}/{row['family']}-l{row['level']:g}-{part}-p{row['prior']:g}/{row['pair']}"
    )


def m_epsilon_table(
    errors: pd.DataFrame,
    asymptotic: pd.DataFrame,
    eps: float,
    studies: Sequence[str] = tuple(DIMENSION_DESIGNS),
) -> pd.DataFrame:
    """m_epsilon of every model of the dimension studies (``results/m_epsilon.csv``).

    Parameters
    ----------
    errors, asymptotic : pandas.DataFrame
        The errors table and the asymptotic-error table.
    eps : float
        Tolerance: m_epsilon is the smallest m from which the mean error stays within ``eps``
        of the model's own asymptotic error (:func:`gendisc.stats.theory.m_epsilon`).
    studies : Sequence[str]
        The dimension sweeps' study labels (keys of :data:`DIMENSION_DESIGNS`).

    Returns
    -------
    pandas.DataFrame
        One row per (study, dataset, pair, role): setting columns, ``scope, design, model,
        asymptotic_error, m_max, m_eps`` (NaN when the band is not reached inside the observed
        range).
    """
    sub = errors[errors["study"].isin(list(studies))]
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
    table["design"] = table["study"].map(DIMENSION_DESIGNS)
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


#: columns of :func:`growth_table`
GROWTH_COLUMNS: tuple[str, ...] = (
    "scope", "study", "design", "pair", "role", "model", "n_dims", "n_points", "exponent",
    "exponent_ci_low", "exponent_ci_high", "aic_log_n", "aic_n", "delta_aic", "delta_aic_ci_low",
    "delta_aic_ci_high", "weight_log_n", "boot_log_n", "boot_n", "boot_undecided", "n_boot",
    "exponent_gap", "exponent_gap_ci_low", "exponent_gap_ci_high", "exponent_gap_p",
)  # fmt: skip


def _sweep_curves(g: pd.DataFrame, asym: Mapping[tuple[str, str], float]) -> dict:
    """Role -> :class:`gendisc.stats.growth.Curves` of one (study, pair) sweep."""
    out = {}
    for role, gr in g.groupby("role", sort=True, observed=True):
        ns, ms, errs, asy = [], [], [], []
        for (dataset, n), gn in gr.groupby(["dataset", "n_features"], sort=False, observed=True):
            wide = gn.pivot_table(index="m", columns="replicate", values="test_error",
                                  aggfunc="first", observed=True).sort_index()  # fmt: skip
            ns.append(int(n))
            ms.append(wide.index.to_numpy(float))
            errs.append(wide.to_numpy(float))
            asy.append(asym.get((str(dataset), str(role)), np.nan))
        order = np.argsort(ns)
        out[str(role)] = growth.Curves(
            n=np.asarray(ns, dtype=float)[order],
            m=tuple(ms[i] for i in order),
            errors=tuple(errs[i] for i in order),
            asymptote=np.asarray(asy, dtype=float)[order],
        )
    return out


def growth_table(
    errors: pd.DataFrame,
    asymptotic: pd.DataFrame,
    m_eps: pd.DataFrame,
    *,
    eps: float,
    alpha: float,
    min_delta_aic: float,
    seed: int,
    n_boot: int,
) -> pd.DataFrame:
    """Growth exponent of m_eps in n and the AIC choice, with their bootstrap uncertainty
    (``results/growth.csv``; :mod:`gendisc.stats.growth`).

    The bootstrap stream of a sweep is ``seeding.rng(seed, "growth", study, pair)``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GROWTH_COLUMNS`, one row per (study, pair, role): the point estimates
        from the observed curves (``m_eps`` rows), percentile intervals, the Akaike weight of
        the log n form, the fractions of bootstrap samples whose AIC prefers log n or n by at
        least ``min_delta_aic`` (``boot_undecided``: neither, or fewer than 3 dimensions); on
        the generative row, the exponent of the discriminative minus the generative model
        (paired bootstrap interval and p).
    """
    rows = []
    sub = errors[errors["study"].isin(list(DIMENSION_DESIGNS))]
    asym = {
        (str(r.dataset), str(r.role)): float(r.asymptotic_error)
        for r in asymptotic[asymptotic["study"].isin(list(DIMENSION_DESIGNS))].itertuples()
    }
    for (study, pair), g in sub.groupby(["study", "pair"], sort=True, observed=True):
        sweep = _sweep_curves(g, asym)
        boot = growth.bootstrap_m_eps(sweep, eps, seeding.rng(seed, "growth", study, pair), n_boot)
        point_rows = m_eps[(m_eps["study"] == study) & (m_eps["pair"] == pair)]
        exps = {}
        for role, cur in sweep.items():
            pr = point_rows[point_rows["role"] == role].set_index("n_features")
            fit = growth.growth_fit(cur.n, pr["m_eps"].reindex(cur.n.astype(int)).to_numpy(float))
            fits = growth.bootstrap_growth(cur.n, boot[role])
            exps[role] = np.array([f.exponent for f in fits])
            d_aic = np.array([f.delta_aic for f in fits])
            lo, hi = growth.percentile_interval(exps[role], alpha)
            dlo, dhi = growth.percentile_interval(d_aic, alpha)
            weights = (
                growth.akaike_weights([fit.aic_log_n, fit.aic_n])
                if np.isfinite(fit.delta_aic)
                else np.array([np.nan, np.nan])
            )
            with np.errstate(invalid="ignore"):
                log_n = float(np.mean(d_aic >= min_delta_aic))
                lin = float(np.mean(d_aic <= -min_delta_aic))
            rows.append({
                "scope": pr["scope"].iloc[0] if len(pr) else "", "study": study,
                "design": DIMENSION_DESIGNS[study], "pair": pair, "role": role,
                "model": pr["model"].iloc[0] if len(pr) else "", "n_dims": int(cur.n.size),
                "n_points": fit.n_points, "exponent": fit.exponent, "exponent_ci_low": lo,
                "exponent_ci_high": hi, "aic_log_n": fit.aic_log_n, "aic_n": fit.aic_n,
                "delta_aic": fit.delta_aic, "delta_aic_ci_low": dlo, "delta_aic_ci_high": dhi,
                "weight_log_n": float(weights[0]), "boot_log_n": log_n, "boot_n": lin,
                "boot_undecided": 1.0 - log_n - lin, "n_boot": int(n_boot),
            })  # fmt: skip
        if {"generative", "discriminative"} <= set(exps):
            gen_row = next(r for r in rows[-len(sweep) :] if r["role"] == "generative")
            dis_row = next(r for r in rows[-len(sweep) :] if r["role"] == "discriminative")
            diff = exps["discriminative"] - exps["generative"]
            lo, hi = growth.percentile_interval(diff, alpha)
            gen_row |= {"exponent_gap": dis_row["exponent"] - gen_row["exponent"],
                        "exponent_gap_ci_low": lo, "exponent_gap_ci_high": hi,
                        "exponent_gap_p": growth.bootstrap_p(diff)}  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=list(GROWTH_COLUMNS))


def sample_complexity_tables(
    errors: pd.DataFrame, asymptotic: pd.DataFrame, *, eps: float, alpha: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`m_epsilon_table` and :func:`sample_complexity_table` of the dimension studies.

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
    "DIMENSION_DESIGNS",
    "EFRON_PAIR",
    "GROWTH_COLUMNS",
    "efron_table",
    "growth_table",
    "m_epsilon_table",
    "sample_complexity_table",
    "sample_complexity_tables",
]
