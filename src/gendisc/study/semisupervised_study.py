"""The scarce-label study (issue 15 §2): m labelled and U unlabelled examples.

Per synthetic setting, m and replicate: m labelled examples (both classes), a pool of
``max(U)`` unlabelled ones (the first U of the pool are used, so the U are nested and paired)
and a test set, from the stream ``(seed, "semisupervised", setting, m, replicate)``. Methods:
EM for naive Bayes (``nb_em``) and for the shared-covariance Gaussian (``lda_em``) from the
labelled fit, each also with the unlabelled likelihood down-weighted (``*_em_weighted``), and
self-training logistic regression (``lr_self_training``). At U = 0 each is its supervised fit.

The textbook cell (``three_clusters``): three Gaussian clusters in 2-D, centres (−3, −3),
(0, 3), (3, −1), sd 0.8, equal priors, 30 labels (each class present) and 1000 unlabelled
examples; a Gaussian mixture (scikit-learn) vs multinomial LR on the labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.models import semisupervised
from gendisc.study import seeding

#: Methods: name -> (model family, EM weight or None for self-training LR).
METHODS: dict[str, tuple[str, float | None]] = {
    "nb_em": ("nb", 1.0),
    "nb_em_weighted": ("nb", None),
    "lda_em": ("lda", 1.0),
    "lda_em_weighted": ("lda", None),
    "lr_self_training": ("lr", None),
}
COLUMNS: tuple[str, ...] = (
    "setting", "family", "level", "n_features", "m", "unlabelled", "method", "model",
    "well_specified", "replicate", "error",
)  # fmt: skip
THREE_CLUSTERS = "three_clusters"
CENTRES = np.array([[-3.0, -3.0], [0.0, 3.0], [3.0, -1.0]])
CLUSTER_SD = 0.8


@dataclass(frozen=True)
class SemiDesign:
    """The grid of the scarce-label study (one config section)."""

    settings: tuple[generators.Setting, ...]
    m: tuple[int, ...]
    unlabelled: tuple[int, ...]
    methods: tuple[str, ...]
    weight: float
    replicates: int
    n_test: int
    textbook_replicates: int

    def __post_init__(self) -> None:
        if 0 not in self.unlabelled:
            raise ValueError(
                f"unlabelled must include 0 (the supervised fit), got {self.unlabelled}"
            )
        for method in self.methods:
            if method not in METHODS:
                raise ValueError(f"method must be one of {tuple(METHODS)}, got {method!r}")
        if not 0.0 < self.weight < 1.0:
            raise ValueError(f"weight must be in (0, 1), got {self.weight!r}")
        if self.replicates < 2 or min(self.m) < 4:
            raise ValueError("need replicates >= 2 and every m >= 4")

    def cells(self) -> tuple[str, ...]:
        """Job cells: one per setting, and the textbook cell if it has replicates."""
        cells = tuple(s.id for s in self.settings)  # one job per setting, all its m
        return cells + ((THREE_CLUSTERS,) if self.textbook_replicates else ())


def well_specified(setting: generators.Setting, model: str) -> bool:
    """The model's assumptions hold: LDA on ``correlated_gaussian``; NB there at level 0."""
    if model == "lr" or setting.family != "correlated_gaussian":
        return False
    return model == "lda" or setting.level == 0.0


def _predict(method: str, X, y, Xu, Xt, weight: float, lr_C: float) -> np.ndarray:
    model, w = METHODS[method]
    if model == "lr":
        return semisupervised.predict_self_training(X, y, Xu, Xt, lr_C=lr_C)
    return semisupervised.predict_em(
        X, y, Xu, Xt, diagonal=model == "nb", weight=weight if w is None else w
    )


def replicate_rows(design: SemiDesign, setting, m: int, replicate: int, *, seed: int, lr_C: float):
    """Rows of one replicate: every U and method on the same labelled, unlabelled and test sets."""
    rng = seeding.rng(seed, "semisupervised", setting.id, m, replicate)
    X, y = generators.sample(setting, m, rng, both_classes=True)
    pool, _ = generators.sample(setting, max(design.unlabelled), rng)
    Xt, yt = generators.sample(setting, design.n_test, rng)
    base = {"setting": setting.id, "family": setting.family, "level": setting.level,
            "n_features": setting.n_features, "m": m, "replicate": replicate}  # fmt: skip
    rows = []
    for u in design.unlabelled:
        for method in design.methods:
            pred = _predict(method, X, y, pool[:u], Xt, design.weight, lr_C)
            model = METHODS[method][0]
            rows.append(base | {"unlabelled": u, "method": method, "model": model,
                                "well_specified": well_specified(setting, model),
                                "error": float(np.mean(pred != yt))})  # fmt: skip
    return rows


def _clusters(size: int, rng: np.random.Generator, *, both: bool = False):
    while True:
        y = rng.integers(0, 3, size)
        if not both or np.unique(y).size == 3:
            return CENTRES[y] + CLUSTER_SD * rng.standard_normal((size, 2)), y


def textbook_rows(design: SemiDesign, *, seed: int, lr_C: float) -> list[dict]:
    """The three-cluster cell: 30 labels + 1000 unlabelled, Gaussian mixture vs LR."""
    from gendisc.models.estimators import make_logistic_regression  # scikit-learn: jobs only

    rows = []
    for r in range(design.textbook_replicates):
        key = (seed, "semisupervised", THREE_CLUSTERS, 30, r)
        rng = seeding.rng(*key)
        X, y = _clusters(30, rng, both=True)
        Xu, _ = _clusters(1000, rng)
        Xt, yt = _clusters(design.n_test, rng)
        preds = {
            "gmm": semisupervised.predict_mixture(
                X, y, Xu, Xt, seed=seeding.key_seed(*key) % 2**32
            ),
            "lr": make_logistic_regression(lr_C).fit(X, y).predict(Xt),
        }
        for method, pred in preds.items():
            rows.append({"setting": THREE_CLUSTERS, "family": THREE_CLUSTERS, "level": np.nan,
                         "n_features": 2, "m": 30, "unlabelled": 1000, "method": method,
                         "model": method, "well_specified": method == "gmm", "replicate": r,
                         "error": float(np.mean(pred != yt))})  # fmt: skip
    return rows


def run(design: SemiDesign, cell: str, *, seed: int, lr_C: float) -> pd.DataFrame:
    """Run one cell (a setting id: every m of the grid; or ``three_clusters``)."""
    if cell == THREE_CLUSTERS:
        rows = textbook_rows(design, seed=seed, lr_C=lr_C)
    else:
        match = [s for s in design.settings if s.id == cell]
        if not match:
            raise ValueError(f"no cell {cell!r} in this design; cells: {design.cells()}")
        (setting,) = match
        rows = [
            row
            for m in design.m
            for r in range(design.replicates)
            for row in replicate_rows(design, setting, m, r, seed=seed, lr_C=lr_C)
        ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    keys = ["setting", "m", "unlabelled", "method", "replicate"]
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)
