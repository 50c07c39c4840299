"""Trends over the misspecification level: the per-setting asymptotic gap and its regression.

:func:`asymptotic_gap` joins each setting's asymptotic errors with its family and level;
:func:`level_regression` fits ``y`` on the level per (family, pair) by OLS (statsmodels), with one
intercept per dimension when the group spans several.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm


def level_regression(
    table: pd.DataFrame, y: str, alpha: float = 0.05, dimension_intercepts: bool = True
) -> pd.DataFrame:
    """OLS of ``y`` on ``level`` per (family, pair) (statsmodels), e.g. the asymptotic gap or m*.

    With ``dimension_intercepts`` (the default) and a group that spans several dimensions
    (column ``n_features``), each dimension gets its own intercept and the level slope is shared
    (a fixed-effects regression); without it, one OLS pools the dimensions (the first declared
    rule of claim 5).

    Returns
    -------
    pandas.DataFrame
        Columns ``family, pair, n, slope, slope_se, ci_low, ci_high, p_value, r2`` (groups with
        fewer than 3 finite points or one level are skipped).
    """
    if not {"family", "pair", "level", y} <= set(table.columns):
        raise ValueError(f"table needs family, pair, level and {y!r}")
    rows = []
    for (fam, pair), g in table.groupby(["family", "pair"], sort=True, observed=True):
        g = g[np.isfinite(g[y].astype(float)) & np.isfinite(g["level"].astype(float))]
        if len(g) < 3 or g["level"].nunique() < 2:
            continue
        design = sm.add_constant(g["level"].to_numpy(float))
        if dimension_intercepts and "n_features" in g and g["n_features"].nunique() > 1:
            # one intercept per dimension, common slope: the gap's size depends strongly on n
            dims = pd.get_dummies(g["n_features"], drop_first=True, dtype=float).to_numpy()
            design = np.column_stack([design, dims])
        if len(g) <= design.shape[1]:
            continue
        res = sm.OLS(g[y].to_numpy(float), design).fit()
        ci = res.conf_int(alpha=alpha)
        rows.append({"family": fam, "pair": pair, "n": len(g), "slope": float(res.params[1]),
                     "slope_se": float(res.bse[1]), "ci_low": float(ci[1, 0]),
                     "ci_high": float(ci[1, 1]), "p_value": float(res.pvalues[1]),
                     "r2": float(res.rsquared)})  # fmt: skip
    return pd.DataFrame(rows)


def asymptotic_gap(asymptotic: pd.DataFrame, errors: pd.DataFrame) -> pd.DataFrame:
    """Per-setting asymptotic gap err_gen - err_dis with the setting's family and level.

    Parameters
    ----------
    asymptotic : pandas.DataFrame
        Columns ``study, dataset, pair, role, asymptotic_error`` (one row per model).
    errors : pandas.DataFrame
        The errors table (source of ``family, level, n_features`` per study and dataset).

    Returns
    -------
    pandas.DataFrame
        Columns ``study, dataset, pair, family, level, n_features, gap``; input for
        :func:`level_regression` with ``y="gap"``.
    """
    key = ["study", "dataset", "pair"]
    wide = asymptotic.pivot_table(index=key, columns="role", values="asymptotic_error",
                                  aggfunc="first", observed=True)  # fmt: skip
    missing = {"generative", "discriminative"} - set(wide.columns)
    if missing:
        raise ValueError(f"asymptotic table lacks role(s) {sorted(missing)}")
    wide = wide.reset_index()
    wide["gap"] = wide["generative"] - wide["discriminative"]
    settings = errors.loc[:, ["study", "dataset", "family", "level", "n_features"]]
    settings = settings.drop_duplicates(["study", "dataset"])
    out = wide.loc[:, [*key, "gap"]].merge(settings, on=["study", "dataset"], how="left")
    return out.loc[:, [*key, "family", "level", "n_features", "gap"]]


#: columns of :func:`level_interaction_regression`
INTERACTION_COLUMNS: tuple[str, ...] = (
    "family", "pair", "n", "n_dims", "slope", "slope_se", "ci_low", "ci_high", "p_value",
    "interaction_p", "slopes_by_n",
)  # fmt: skip


def level_interaction_regression(table: pd.DataFrame, y: str, alpha: float = 0.05) -> pd.DataFrame:
    """OLS of ``y`` on the level with the dimension interaction, per (family, pair).

    ``y ~ level * C(n_features)`` with sum-to-zero coding of the dimension, so the level
    coefficient is the mean of the per-dimension level slopes (statsmodels formula API). A
    group with one dimension is a plain OLS on the level.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`INTERACTION_COLUMNS`: the mean level slope with its interval and p,
        ``interaction_p`` (F-test that the slope is the same at every dimension; NaN with one
        dimension) and ``slopes_by_n`` (each dimension's own slope, as text ``n=4: 0.012; ...``).
        Groups with fewer points than parameters + 1 or one level are skipped.
    """
    import statsmodels.formula.api as smf

    if not {"family", "pair", "level", "n_features", y} <= set(table.columns):
        raise ValueError(f"table needs family, pair, level, n_features and {y!r}")
    rows = []
    for (fam, pair), g in table.groupby(["family", "pair"], sort=True, observed=True):
        g = g[np.isfinite(g[y].astype(float)) & np.isfinite(g["level"].astype(float))]
        g = pd.DataFrame({"y": g[y].astype(float), "level": g["level"].astype(float),
                          "n": g["n_features"].astype(int)})  # fmt: skip
        n_dims = g["n"].nunique()
        if g["level"].nunique() < 2 or len(g) <= 2 * n_dims:
            continue
        formula = "y ~ level * C(n, Sum)" if n_dims > 1 else "y ~ level"
        res = smf.ols(formula, data=g).fit()
        ci = res.conf_int(alpha=alpha).loc["level"]
        inter = [c for c in res.params.index if c.startswith("level:")]
        inter_p = (
            float(res.f_test(", ".join(f"{c} = 0" for c in inter)).pvalue) if inter else np.nan
        )
        per_n = []
        for n, gn in g.groupby("n", sort=True):
            if gn["level"].nunique() > 1:
                per_n.append(f"n={n}: {np.polyfit(gn['level'], gn['y'], 1)[0]:.4f}")
        rows.append({"family": fam, "pair": pair, "n": len(g), "n_dims": int(n_dims),
                     "slope": float(res.params["level"]), "slope_se": float(res.bse["level"]),
                     "ci_low": float(ci.iloc[0]), "ci_high": float(ci.iloc[1]),
                     "p_value": float(res.pvalues["level"]), "interaction_p": inter_p,
                     "slopes_by_n": "; ".join(per_n)})  # fmt: skip
    return pd.DataFrame(rows, columns=list(INTERACTION_COLUMNS))


#: columns of :func:`level_regression`
TREND_COLUMNS: tuple[str, ...] = (
    "family", "pair", "n", "slope", "slope_se", "ci_low", "ci_high", "p_value", "r2",
)  # fmt: skip


def level_trend_table(
    table: pd.DataFrame, y: str, alpha: float = 0.05, dimension_intercepts: bool = True
) -> pd.DataFrame:
    """:func:`level_regression` with one row for every (family, pair) of ``table``: a group with
    too few settings or levels gets NaN statistics (its claim is inconclusive, not missing)."""
    groups = table.loc[:, ["family", "pair"]].drop_duplicates()
    reg = level_regression(table, y, alpha, dimension_intercepts).reindex(
        columns=list(TREND_COLUMNS)
    )
    return groups.merge(reg, on=["family", "pair"], how="left")


__all__ = [
    "INTERACTION_COLUMNS",
    "TREND_COLUMNS",
    "asymptotic_gap",
    "level_interaction_regression",
    "level_regression",
    "level_trend_table",
]
