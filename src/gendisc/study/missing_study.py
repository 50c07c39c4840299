"""The missing-features study (issue 15 §1): error vs missing rate of each method.

One *cell* is a synthetic setting, a training-set size m, a missingness mechanism (MCAR, MNAR),
where values go missing (``test``: test inputs only; ``both``: training and test inputs) and a
rate. In a replicate every method sees the same training and test sets and the same mask, and
the data do not depend on the mechanism or rate (only the mask does), so errors are paired across
methods and across rates. Streams: data ``(seed, "missing", setting, m, replicate)``, mask
``(seed, "missing", setting, m, replicate, mechanism, where, rate)``.

Methods: ``nb`` (Ng & Jordan's naive Bayes, missing terms dropped), ``lda`` (the shared-covariance
Gaussian, conditioned on the observed features), and the LR methods of
:data:`gendisc.models.missing.LR_PREDICTORS` (which do not depend on the pair).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendisc.data import datasets, generators, missingness, splits
from gendisc.models import gaussian, missing, missing_discrete
from gendisc.study import seeding

#: Where values go missing.
WHERE = ("test", "both")
#: Generative methods: name -> diagonal covariance?
GENERATIVE: dict[str, bool] = {"nb": True, "lda": False}
#: Columns of the missing-features table.
COLUMNS: tuple[str, ...] = (
    "setting", "family", "level", "n_features", "m", "mechanism", "where", "rate",
    "replicate", "method", "error",
)  # fmt: skip


@dataclass(frozen=True)
class MissingDesign:
    """The grid of the missing-features study (one config section)."""

    settings: tuple[generators.Setting, ...]
    m: tuple[int, ...]
    rates: tuple[float, ...]
    mechanisms: tuple[str, ...]
    where: tuple[str, ...]
    methods: tuple[str, ...]
    replicates: int
    n_test: int
    pools: tuple[str, ...] = ()
    pool_m: tuple[int, ...] = ()
    pool_replicates: int = 0

    def __post_init__(self) -> None:
        for pool in self.pools:
            if pool not in datasets.DATASETS:
                raise ValueError(
                    f"pools: {pool!r} is not a UCI dataset; known: {sorted(datasets.DATASETS)}"
                )
        if self.pools and (not self.pool_m or self.pool_replicates < 2 or min(self.pool_m) < 4):
            raise ValueError("pools need pool_m (every m >= 4) and pool_replicates >= 2")
        for mech in self.mechanisms:
            if mech not in missingness.MECHANISMS:
                raise ValueError(f"mechanism must be one of {missingness.MECHANISMS}, got {mech!r}")
        for w in self.where:
            if w not in WHERE:
                raise ValueError(f"where must be one of {WHERE}, got {w!r}")
        known = (*GENERATIVE, *missing.LR_PREDICTORS)
        for method in self.methods:
            if method not in known:
                raise ValueError(f"method must be one of {known}, got {method!r}")
        if 0.0 not in self.rates:
            raise ValueError(f"rates must include 0 (the reference), got {self.rates}")
        if "mnar" in self.mechanisms and max(self.rates) > 0.5:
            raise ValueError(f"the mnar mechanism allows rates <= 0.5, got {max(self.rates)}")
        if self.replicates < 2 or min(self.m) < 4:
            raise ValueError("need replicates >= 2 and every m >= 4")


def _error(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(pred != y))


def replicate_rows(
    design: MissingDesign,
    setting: generators.Setting,
    m: int,
    replicate: int,
    *,
    seed: int,
    lr_C: float,
) -> list[dict]:
    """Rows of one replicate of one (setting, m): every mechanism, where, rate and method."""
    data_rng = seeding.rng(seed, "missing", setting.id, m, replicate)
    X, y = generators.sample(setting, m, data_rng, both_classes=True)
    Xt, yt = generators.sample(setting, design.n_test, data_rng)
    base = {
        "setting": setting.id, "family": setting.family, "level": setting.level,
        "n_features": setting.n_features, "m": m, "replicate": replicate,
    }  # fmt: skip
    rows = []
    for mech in design.mechanisms:
        for where in design.where:
            for rate in design.rates:
                mask_key = (seed, "missing", setting.id, m, replicate, mech, where, rate)
                mrng = seeding.rng(*mask_key)
                Xt_m = missingness.apply_mask(Xt, missingness.make_mask(mech, Xt, rate, mrng))
                X_m = X
                if where == "both":
                    X_m = _mask_training(X, mech, rate, mrng)
                for method in design.methods:
                    pred = _predict(method, X_m, y, Xt_m, lr_C, seeding.key_seed(*mask_key))
                    rows.append(base | {"mechanism": mech, "where": where, "rate": rate,
                                        "method": method, "error": _error(pred, yt)})  # fmt: skip
    return rows


def _mask_training(X, mech, rate, rng) -> np.ndarray:
    """Mask the training inputs, keeping in every class at least one value of each feature
    (redrawn until so; the maximum-likelihood fits need it)."""
    for _ in range(1000):
        X_m = missingness.apply_mask(X, missingness.make_mask(mech, X, rate, rng))
        if not np.isnan(X_m).all(axis=0).any():
            return X_m
    raise ValueError(f"could not keep every feature observed at rate {rate}")


def _predict(method, X, y, Xt, lr_C, seed) -> np.ndarray:
    if method in GENERATIVE:
        try:
            return missing.predict_marginalised(X, y, Xt, diagonal=GENERATIVE[method])
        except ValueError:  # a feature unobserved within a class: drop it from the fit
            keep = ~np.isnan(X[y == 0]).all(axis=0) & ~np.isnan(X[y == 1]).all(axis=0)
            fit = gaussian.fit_gaussian(X[:, keep], y, diagonal=GENERATIVE[method])
            return gaussian.predict(fit, Xt[:, keep])
    return missing.LR_PREDICTORS[method](X, y, Xt, lr_C=lr_C, seed=seed % 2**32)


#: Prefix of a pool cell's id (``uci_pima``): the setting column of its rows.
POOL_PREFIX = "uci_"


def pool_cells(design: MissingDesign) -> tuple[str, ...]:
    """Job cells of the UCI pools (one per pool, all its m)."""
    return tuple(POOL_PREFIX + p for p in design.pools)


def pool_rows(
    design: MissingDesign,
    name: str,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    n_categories: tuple[int, ...] | None,
    m: int,
    replicate: int,
    *,
    seed: int,
    lr_C: float,
) -> list[dict]:
    """Rows of one random split of a UCI pool: MCAR masks at test time, every rate and method.

    The training set is m pool rows (both classes), the test set the rest (at most ``n_test``
    of them, drawn without replacement), from the stream ``(seed, "missing", "uci_<name>", m,
    replicate)``; the mask of each rate from ``(..., replicate, "mcar", "test", rate)``. On a
    discrete pool (``n_categories`` given) naive Bayes is categorical (missing terms dropped) and
    LR sees the one-hot blocks (a missing value's block NaN); ``lda`` runs on continuous pools only.
    """
    cell = POOL_PREFIX + name
    rng = seeding.rng(seed, "missing", cell, m, replicate)
    idx = splits.draw_train_indices(y_pool, m, rng)
    rest = np.setdiff1d(np.arange(len(y_pool)), idx)
    rest = np.sort(rng.choice(rest, size=min(design.n_test, rest.size), replace=False))
    X, y, Xt, yt = X_pool[idx], y_pool[idx], X_pool[rest], y_pool[rest]
    base = {"setting": cell, "family": "uci", "level": np.nan, "n_features": X.shape[1],
            "m": m, "replicate": replicate, "mechanism": "mcar", "where": "test"}  # fmt: skip
    rows = []
    for rate in design.rates:
        key = (seed, "missing", cell, m, replicate, "mcar", "test", rate)
        Xt_m = missingness.apply_mask(Xt, missingness.mcar_mask(Xt.shape, rate, seeding.rng(*key)))
        for method in design.methods:
            if n_categories is None:
                pred = _predict(method, X, y, Xt_m, lr_C, seeding.key_seed(*key))
            elif method == "nb":
                pred = missing_discrete.predict_categorical_nb(X, y, Xt_m, n_categories)
            elif method in missing.LR_PREDICTORS:
                hot, hot_t = (missing_discrete.onehot_missing(a, n_categories) for a in (X, Xt_m))
                pred = _predict(method, hot, y, hot_t, lr_C, seeding.key_seed(*key))
            else:
                continue  # lda: continuous pools only
            rows.append(base | {"rate": rate, "method": method, "error": _error(pred, yt)})
    return rows


def run_pool(
    design: MissingDesign,
    name: str,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    n_categories: tuple[int, ...] | None,
    *,
    seed: int,
    lr_C: float,
) -> pd.DataFrame:
    """Run one pool cell (every ``pool_m`` and split) and return its rows, sorted."""
    if name not in design.pools:
        raise ValueError(f"no pool {name!r} in this design; pools: {design.pools}")
    rows = [
        row
        for m in design.pool_m
        for r in range(design.pool_replicates)
        for row in pool_rows(design, name, X_pool, y_pool, n_categories, m, r, seed=seed, lr_C=lr_C)
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    keys = ["setting", "m", "mechanism", "where", "rate", "method", "replicate"]
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)


def run(
    design: MissingDesign,
    *,
    seed: int,
    lr_C: float,
    cells: Iterable[tuple[generators.Setting, int]] | None = None,
) -> pd.DataFrame:
    """Run the study (or the given (setting, m) cells of it) and return the table.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, one row per replicate, mechanism, where, rate and method,
        sorted by them (the same bytes for any job order).
    """
    todo: Sequence = list(cells) if cells is not None else [
        (s, m) for s in design.settings for m in design.m
    ]  # fmt: skip
    rows = [
        row
        for setting, m in todo
        for r in range(design.replicates)
        for row in replicate_rows(design, setting, m, r, seed=seed, lr_C=lr_C)
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    keys = ["setting", "m", "mechanism", "where", "rate", "method", "replicate"]
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)
