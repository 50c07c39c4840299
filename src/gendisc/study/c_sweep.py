"""Logistic regression's inverse regularisation strength C, swept on a few synthetic settings and
stratified by the separability of the training set (issue 14, point 8).

The study fits LR at every C of a grid (and naive Bayes, which has no C) on the same training
sets, scores them on one large test set per setting, and splits the training sets into those
that are linearly separable (exact: :func:`gendisc.models.separability.separability`) and those
that are not. On a separable set the unregularised LR has no finite optimum: its fit at large C
approaches the max-margin direction, so its error depends on C there in a way it does not on
non-separable sets. The table says how much the study's choice of C matters in each stratum.

Streams: replicate r of (setting, m) draws its training set from
``seeding.keyed(seed, "c_sweep", setting id, "nb_lr", m, r)``; the test set of a setting from
``seeding.rng(seed, "c_sweep", setting id, "test")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.models.fast_predict import predict_pool
from gendisc.models.linear_batch import featurize
from gendisc.models.pairs import PAIRS
from gendisc.models.separability import margin_rows, separability
from gendisc.study import seeding

#: study label of the streams
STUDY = "c_sweep"
#: the pair whose discriminative model is swept (its generative model is the reference)
PAIR = "nb_lr"
#: training-set strata of the table
STRATA: tuple[str, ...] = ("all", "separable", "non_separable")

#: columns of :func:`c_sweep_table`
COLUMNS: tuple[str, ...] = (
    "dataset", "family", "n_features", "level", "separation", "m", "C", "stratum", "n_sets",
    "lr_error", "lr_error_se", "nb_error", "lr_minus_nb", "lr_minus_nb_se",
)  # fmt: skip


@dataclass(frozen=True)
class CSweepDesign:
    """The ``c_sweep`` config section.

    Attributes
    ----------
    settings : tuple[generators.Setting, ...]
        The synthetic settings (one per separation of the section).
    m : tuple[int, ...]
        Training-set sizes.
    C : tuple[float, ...]
        Inverse L2 strengths of logistic regression.
    replicates : int
        Training sets per (setting, m).
    n_test : int
        Test examples per setting (shared by every fit of the setting).
    """

    settings: tuple[generators.Setting, ...]
    m: tuple[int, ...]
    C: tuple[float, ...]
    replicates: int
    n_test: int

    def __post_init__(self) -> None:
        if not self.settings or not self.m or not self.C:
            raise ValueError("c_sweep needs at least one separation, one m and one C")
        if min(self.m) < 2:
            raise ValueError(f"every c_sweep m must be >= 2, got {list(self.m)}")
        if min(self.C) <= 0:
            raise ValueError(f"every c_sweep C must be > 0, got {list(self.C)}")
        if self.replicates < 2 or self.n_test < 1:
            raise ValueError(
                f"c_sweep needs replicates >= 2 and n_test >= 1, got {self.replicates}, "
                f"{self.n_test}"
            )

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> CSweepDesign:
        """Build from the (schema-validated) ``c_sweep`` section."""
        settings = tuple(
            generators.Setting(
                family=section["family"],
                n_features=int(section["n_features"]),
                level=float(section["level"]),
                separation=float(s),
                prior=float(section["prior"]),
            )
            for s in section["separations"]
        )
        return cls(
            settings=settings,
            m=tuple(sorted(int(m) for m in section["m"])),
            C=tuple(sorted(float(c) for c in section["C"])),
            replicates=int(section["replicates"]),
            n_test=int(section["n_test"]),
        )


def _errors(model: Any, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Test error of each replicate of a fitted batch (R,)."""
    feats = featurize(model.feature, X, None)
    return np.mean(predict_pool(model, X, None, features=feats) != (y > 0)[:, None], axis=0)


def _stats(x: np.ndarray) -> tuple[float, float]:
    if x.size == 0:
        return np.nan, np.nan
    se = float(np.std(x, ddof=1) / np.sqrt(x.size)) if x.size > 1 else np.nan
    return float(np.mean(x)), se


def setting_rows(
    setting: generators.Setting, design: CSweepDesign, seed: int
) -> list[dict[str, Any]]:
    """The rows of one setting: per m, C and stratum (see :data:`COLUMNS`)."""
    spec = PAIRS[PAIR]
    X_te, y_te = generators.sample(setting, design.n_test, seeding.rng(seed, STUDY, setting.id,
                                                                          "test"))  # fmt: skip
    rows = []
    for m in design.m:
        draws = [
            generators.sample(setting, m, seeding.keyed(seed, STUDY, setting.id, PAIR, m, r)[1],
                              both_classes=True)
            for r in range(design.replicates)
        ]  # fmt: skip
        X = np.stack([d[0] for d in draws])
        y = np.stack([d[1] for d in draws])
        separable, _ = separability(margin_rows(X, y))
        nb_err = None
        for C in design.C:
            gen, dis = spec.fit_fast(X, y, lr_C=C)
            if nb_err is None:
                nb_err = _errors(gen, X_te, y_te)
            lr_err = _errors(dis, X_te, y_te)
            for stratum in STRATA:
                sel = {"all": np.ones_like(separable), "separable": separable,
                       "non_separable": ~separable}[stratum]  # fmt: skip
                lr, lr_se = _stats(lr_err[sel])
                diff, diff_se = _stats(lr_err[sel] - nb_err[sel])
                rows.append({
                    "dataset": setting.id, "family": setting.family,
                    "n_features": setting.n_features, "level": setting.level,
                    "separation": setting.separation, "m": int(m), "C": float(C),
                    "stratum": stratum, "n_sets": int(sel.sum()), "lr_error": lr,
                    "lr_error_se": lr_se, "nb_error": _stats(nb_err[sel])[0],
                    "lr_minus_nb": diff, "lr_minus_nb_se": diff_se,
                })  # fmt: skip
    return rows


def c_sweep_table(design: CSweepDesign, seed: int) -> pd.DataFrame:
    """The C sweep of every setting (``results/c_sweep.csv``), one row per setting, m, C and
    stratum; a stratum without training sets has ``n_sets = 0`` and NaN statistics.

    Parameters
    ----------
    design : CSweepDesign
        Settings, m, C grid, replicates and test size.
    seed : int
        The run's base seed.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`.
    """
    rows = [row for s in design.settings for row in setting_rows(s, design, seed)]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def run(section: Mapping[str, Any], seed: int) -> pd.DataFrame:
    """The ``results/c_sweep.csv`` table of a run: :func:`c_sweep_table` when the config
    section is enabled, else an empty table with :data:`COLUMNS`."""
    if not section.get("enabled", False):
        return pd.DataFrame(columns=list(COLUMNS))
    return c_sweep_table(CSweepDesign.from_config(section), seed)


def sensitivity(table: pd.DataFrame, reference_C: float) -> pd.DataFrame:
    """Per (dataset, m, stratum): LR's error at ``reference_C`` (the study's C) and the range
    of its mean error over the C grid (largest minus smallest), the summary the report shows.

    Returns
    -------
    pandas.DataFrame
        ``dataset, separation, m, stratum, n_sets, lr_error_at_C, best_C, lr_error_best,
        error_range, excess_at_C`` (the error at ``reference_C`` minus the best of the grid).
    """
    out = []
    for (ds, m, stratum), g in table.groupby(["dataset", "m", "stratum"], sort=True):
        g = g.dropna(subset=["lr_error"])
        if g.empty:
            continue
        at = g.loc[np.isclose(g["C"], reference_C), "lr_error"]
        best = g.loc[g["lr_error"].idxmin()]
        out.append({
            "dataset": ds, "separation": float(g["separation"].iloc[0]), "m": int(m),
            "stratum": stratum, "n_sets": int(g["n_sets"].iloc[0]),
            "lr_error_at_C": float(at.iloc[0]) if len(at) else np.nan,
            "best_C": float(best["C"]), "lr_error_best": float(best["lr_error"]),
            "error_range": float(g["lr_error"].max() - g["lr_error"].min()),
        })  # fmt: skip
        out[-1]["excess_at_C"] = out[-1]["lr_error_at_C"] - out[-1]["lr_error_best"]
    return pd.DataFrame(out)


__all__ = [
    "COLUMNS",
    "PAIR",
    "STRATA",
    "STUDY",
    "CSweepDesign",
    "c_sweep_table",
    "run",
    "sensitivity",
    "setting_rows",
]
