"""The hybrid-training study (issue 15 §4): test error vs λ of the Bouchard–Triggs objective.

For each synthetic setting, m and replicate, the Gaussian naive Bayes (``nb``: diagonal
covariance) and LDA (``lda``: full shared covariance) are fitted by
``λ log p(y|x) + (1 − λ) log p(x, y)`` for every λ of the grid, on the same training set, and
scored on the same test set (paired across λ and models). λ = 0 is the closed-form generative
fit; λ = 1 is the study's logistic regression (vanishing L2), which the hybrid reaches at λ = 1
whenever the unregularised maximum exists (tested in tests/models/test_hybrid.py) and which
stays defined on separable training sets. Stream: ``(seed, "hybrid", setting, m, replicate)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.models import gaussian, hybrid
from gendisc.study import seeding

#: Models of the hybrid study: name -> diagonal covariance?
MODELS: dict[str, bool] = {"nb": True, "lda": False}
#: L-BFGS stopping rule of the study's fits (looser than the tests': the error is read off the
#: predicted labels, which stop changing long before the gradient reaches 1e-9).
STUDY_GTOL = 1e-6
STUDY_MAX_ITER = 1000
COLUMNS: tuple[str, ...] = (
    "setting", "family", "level", "n_features", "m", "model", "well_specified", "lam",
    "replicate", "error",
)  # fmt: skip


def well_specified(setting: generators.Setting, model: str) -> bool:
    """True when the model's assumptions hold exactly: the classes of ``correlated_gaussian``
    are Gaussians with a shared covariance (LDA's model at every level), equicorrelated unless
    the level is 0 (naive Bayes' model only at level 0)."""
    if setting.family != "correlated_gaussian":
        return False
    return model == "lda" or setting.level == 0.0


@dataclass(frozen=True)
class HybridDesign:
    """The grid of the hybrid study (one config section)."""

    settings: tuple[generators.Setting, ...]
    m: tuple[int, ...]
    lambdas: tuple[float, ...]
    models: tuple[str, ...]
    replicates: int
    n_test: int

    def __post_init__(self) -> None:
        if not {0.0, 1.0} <= set(self.lambdas):
            raise ValueError(f"lambdas must include 0 and 1 (the two ends), got {self.lambdas}")
        if any(not 0.0 <= lam <= 1.0 for lam in self.lambdas):
            raise ValueError(f"lambdas must lie in [0, 1], got {self.lambdas}")
        for model in self.models:
            if model not in MODELS:
                raise ValueError(f"model must be one of {tuple(MODELS)}, got {model!r}")
        if self.replicates < 2 or min(self.m) < 4:
            raise ValueError("need replicates >= 2 and every m >= 4")


def replicate_rows(
    design: HybridDesign, setting, m: int, replicate: int, *, seed: int, lr_C: float
):
    """Rows of one replicate: every model and λ on the same training and test sets."""
    rng = seeding.rng(seed, "hybrid", setting.id, m, replicate)
    X, y = generators.sample(setting, m, rng, both_classes=True)
    Xt, yt = generators.sample(setting, design.n_test, rng)
    base = {"setting": setting.id, "family": setting.family, "level": setting.level,
            "n_features": setting.n_features, "m": m, "replicate": replicate}  # fmt: skip
    from gendisc.models.estimators import make_logistic_regression  # scikit-learn: jobs only

    lr_error = float(np.mean(make_logistic_regression(lr_C).fit(X, y).predict(Xt) != yt))
    rows = []
    for model in design.models:
        for lam in design.lambdas:
            if lam == 1.0:
                err = lr_error
            else:
                fit = hybrid.fit_hybrid(
                    X, y, lam, diagonal=MODELS[model], gtol=STUDY_GTOL, max_iter=STUDY_MAX_ITER
                )
                err = float(np.mean(gaussian.predict(fit, Xt) != yt))
            rows.append(base | {"model": model, "lam": lam, "error": err,
                                "well_specified": well_specified(setting, model)})  # fmt: skip
    return rows


def run(design: HybridDesign, *, seed: int, lr_C: float, cells=None) -> pd.DataFrame:
    """Run the study (or the given (setting, m) cells); one row per replicate, model and λ."""
    todo = list(cells) if cells is not None else [(s, m) for s in design.settings for m in design.m]
    rows = [
        row
        for setting, m in todo
        for r in range(design.replicates)
        for row in replicate_rows(design, setting, m, r, seed=seed, lr_C=lr_C)
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    keys = ["setting", "m", "model", "lam", "replicate"]
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)
