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

from gendisc.data import generators, missingness
from gendisc.models import gaussian, missing
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

    def __post_init__(self) -> None:
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
