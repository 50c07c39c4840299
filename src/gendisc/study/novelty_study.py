"""The unusual-inputs study (issue 15 §3): AUROC of novelty scores vs m.

Each replicate fits the models on m training examples and scores ``n_test`` fresh
in-distribution test inputs and ``n_test`` shifted ones with every score of
:data:`SCORES`; the AUROC (scikit-learn) says how well a score ranks the shifted inputs above
the typical ones. Scores and shifts share the replicate's data (paired across scores).

Synthetic shifts (from in-distribution draws ``x``; ``u`` a unit vector drawn per replicate):
``near`` ``x + 1·u``, ``far`` ``x + 5·u``, ``scale`` ``3·x`` (about the class midpoint), and
``new_cluster`` ``N(6·u, I)``. Real data (``digits``): scikit-learn's bundled ``load_digits``
(no download); the models are fitted on two digit classes and the other eight digits are the
unusual inputs. Streams: ``(seed, "novelty", dataset, m, replicate)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gendisc.data import generators
from gendisc.models import novelty
from gendisc.study import seeding

#: Scores: name -> (score function of gendisc.models.novelty, diagonal covariance?).
SCORES: dict[str, tuple[str, bool]] = {
    "nb_density": ("neg_log_density", True),
    "lda_density": ("neg_log_density", False),
    "lr_confidence": ("lr_confidence", False),
    "mahalanobis": ("mahalanobis", False),
}
SHIFTS = ("near", "far", "scale", "new_cluster")
DIGITS = "digits"
COLUMNS: tuple[str, ...] = (
    "dataset", "family", "level", "n_features", "m", "shift", "score", "replicate", "auroc",
)  # fmt: skip


@dataclass(frozen=True)
class NoveltyDesign:
    """The grid of the unusual-inputs study (one config section)."""

    settings: tuple[generators.Setting, ...]
    m: tuple[int, ...]
    shifts: tuple[str, ...]
    scores: tuple[str, ...]
    digits: tuple[int, int] | None
    digits_m: tuple[int, ...]
    replicates: int
    n_test: int

    def __post_init__(self) -> None:
        for shift in self.shifts:
            if shift not in SHIFTS:
                raise ValueError(f"shift must be one of {SHIFTS}, got {shift!r}")
        for score in self.scores:
            if score not in SCORES:
                raise ValueError(f"score must be one of {tuple(SCORES)}, got {score!r}")
        if self.digits is not None and (
            len(set(self.digits)) != 2 or not set(self.digits) <= set(range(10))
        ):
            raise ValueError(f"digits must be two different digits 0-9, got {self.digits!r}")
        if self.replicates < 2 or min(self.m, default=4) < 4:
            raise ValueError("need replicates >= 2 and every m >= 4")

    def cells(self) -> tuple[str, ...]:
        """Job cells: one per setting (every m), and ``digits`` (every digits m)."""
        cells = tuple(s.id for s in self.settings)  # one job per setting, all its m
        if self.digits is not None:
            cells += (DIGITS,)
        return cells


def _scores(design, X, y, X_eval, lr_C) -> dict[str, np.ndarray]:
    out = {}
    for name in design.scores:
        func, diagonal = SCORES[name]
        out[name] = getattr(novelty, func)(X, y, X_eval, diagonal=diagonal, lr_C=lr_C)
    return out


def _shifted(shift: str, X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    u = rng.standard_normal(X.shape[1])
    u /= np.linalg.norm(u)
    if shift == "near":
        return X + u
    if shift == "far":
        return X + 5.0 * u
    if shift == "scale":
        return 3.0 * X
    return 6.0 * u + rng.standard_normal(X.shape)


def _rows(base: dict, scores_in, scores_out, shift: str) -> list[dict]:
    rows = []
    for name in scores_in:
        auc = novelty.auroc(scores_in[name], scores_out[name])
        rows.append(base | {"shift": shift, "score": name, "auroc": auc})
    return rows


def synthetic_rows(design, setting, m: int, replicate: int, *, seed: int, lr_C: float):
    """Rows of one synthetic replicate: every shift and score on the same data."""
    rng = seeding.rng(seed, "novelty", setting.id, m, replicate)
    X, y = generators.sample(setting, m, rng, both_classes=True)
    Xin, _ = generators.sample(setting, design.n_test, rng)
    outs = {}
    for shift in design.shifts:
        Xs, _ = generators.sample(setting, design.n_test, rng)
        outs[shift] = _shifted(shift, Xs, rng)
    scored = _scores(design, X, y, np.vstack([Xin, *outs.values()]), lr_C)
    n = design.n_test
    base = {"dataset": setting.id, "family": setting.family, "level": setting.level,
            "n_features": setting.n_features, "m": m, "replicate": replicate}  # fmt: skip
    rows = []
    for k, shift in enumerate(outs):
        s_in = {name: v[:n] for name, v in scored.items()}
        s_out = {name: v[n * (k + 1) : n * (k + 2)] for name, v in scored.items()}
        rows += _rows(base, s_in, s_out, shift)
    return rows


def digits_rows(design, m: int, replicate: int, *, seed: int, lr_C: float):
    """Rows of one digits replicate: train on two digits, the other eight are unusual."""
    from sklearn.datasets import load_digits

    X_all, labels = load_digits(return_X_y=True)
    a, b = design.digits
    rng = seeding.rng(seed, "novelty", DIGITS, m, replicate)
    pool = np.flatnonzero(np.isin(labels, (a, b)))
    if m > pool.size - 20:
        raise ValueError(f"digits m={m} leaves fewer than 20 test examples of digits {a}, {b}")
    while True:
        train = rng.choice(pool, m, replace=False)
        if np.unique(labels[train]).size == 2:
            break
    test_in = np.setdiff1d(pool, train)
    others = np.flatnonzero(~np.isin(labels, (a, b)))
    test_out = rng.choice(others, min(design.n_test, others.size), replace=False)
    X, y = X_all[train], (labels[train] == b).astype(np.int64)
    scored = _scores(design, X, y, np.vstack([X_all[test_in], X_all[test_out]]), lr_C)
    n_in = test_in.size
    base = {"dataset": f"{DIGITS}_{a}v{b}", "family": DIGITS, "level": np.nan, "n_features": 64,
            "m": m, "replicate": replicate}  # fmt: skip
    return _rows(base, {k: v[:n_in] for k, v in scored.items()},
                 {k: v[n_in:] for k, v in scored.items()}, "held_out_digits")  # fmt: skip


def run(design: NoveltyDesign, cell: str, *, seed: int, lr_C: float) -> pd.DataFrame:
    """Run one cell (a setting id or ``digits``), every m of its grid."""
    rows: list[dict] = []
    if cell == DIGITS and design.digits is not None:
        for m in design.digits_m:
            for r in range(design.replicates):
                rows += digits_rows(design, m, r, seed=seed, lr_C=lr_C)
    else:
        match = [s for s in design.settings if s.id == cell]
        if not match:
            raise ValueError(f"no cell {cell!r} in this design; cells: {design.cells()}")
        (setting,) = match
        for m in design.m:
            for r in range(design.replicates):
                rows += synthetic_rows(design, setting, m, r, seed=seed, lr_C=lr_C)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    keys = ["dataset", "m", "shift", "score", "replicate"]
    return table.sort_values(keys, kind="mergesort").reset_index(drop=True)
