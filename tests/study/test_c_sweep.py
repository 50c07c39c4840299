"""Tests of the C sweep (gendisc.study.c_sweep): scikit-learn at each C, exact separability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from sklearn.linear_model import LogisticRegression

from gendisc.data import generators
from gendisc.study import c_sweep, seeding

SECTION = {"enabled": True, "family": "correlated_gaussian", "n_features": 2, "level": 0.5,
           "separations": [1.0, 6.0], "prior": 0.5, "m": [8, 60], "C": [0.01, 1.0, 1e4],
           "replicates": 12, "n_test": 3000}  # fmt: skip


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return c_sweep.run(SECTION, seed=11)


def _lp_separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Reference: max t s.t. s_i (w.x_i + b) >= t, |w|, |b| <= 1 (scipy linprog)."""
    A = (2.0 * y - 1)[:, None] * np.c_[X, np.ones(len(y))]
    res = linprog(np.r_[np.zeros(A.shape[1]), -1.0], A_ub=np.c_[-A, np.ones(len(y))],
                  b_ub=np.zeros(len(y)), bounds=[(-1, 1)] * A.shape[1] + [(None, 1)])  # fmt: skip
    return bool(-res.fun > 1e-9)


def test_strata_follow_exact_separability_and_errors_match_sklearn(table):
    design = c_sweep.CSweepDesign.from_config(SECTION)
    for setting in design.settings:
        X_te, y_te = generators.sample(
            setting, 3000, seeding.rng(11, "c_sweep", setting.id, "test")
        )
        for m in design.m:
            sets = [generators.sample(setting, m, seeding.keyed(11, "c_sweep", setting.id, "nb_lr",
                                                                 m, r)[1], both_classes=True)
                    for r in range(12)]  # fmt: skip
            sep = np.array([_lp_separable(X, y) for X, y in sets])
            rows = table[(table["dataset"] == setting.id) & (table["m"] == m)]
            n = rows.groupby("stratum")["n_sets"].first()
            assert (n["separable"], n["non_separable"], n["all"]) == (sep.sum(), (~sep).sum(), 12)
            for C in (c for c in design.C if c <= 1.0):  # C = 1e4: the engine tests' lr_C
                errs = np.array([
                    np.mean(LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(X, y)
                            .predict(X_te) != y_te) for X, y in sets
                ])  # fmt: skip
                got = rows[(rows["C"] == C) & (rows["stratum"] == "all")]
                # the fast fit predicts as scikit-learn up to test points on the boundary
                assert got["lr_error"].iloc[0] == pytest.approx(errs.mean(), abs=2e-3)
                for stratum, sel in (("separable", sep), ("non_separable", ~sep)):
                    r = rows[(rows["C"] == C) & (rows["stratum"] == stratum)].iloc[0]
                    if sel.any():
                        assert r["lr_error"] == pytest.approx(errs[sel].mean(), abs=2e-3)
                    else:
                        assert np.isnan(r["lr_error"])


def test_the_planted_extremes_fall_in_one_stratum(table):
    """Delta = 6 with m = 8 points in 2-d: every training set is separable; Delta = 1 with
    m = 60: none is. The strongest regularisation (C = 0.01) shrinks LR towards the prior, so
    its error on the well-separated classes is far above its error at C = 1."""
    far = table[(table["separation"] == 6.0) & (table["m"] == 8)]
    assert (far.loc[far["stratum"] == "separable", "n_sets"] == 12).all()
    near = table[(table["separation"] == 1.0) & (table["m"] == 60)]
    assert (near.loc[near["stratum"] == "non_separable", "n_sets"] == 12).all()
    allf = far[far["stratum"] == "all"].set_index("C")["lr_error"]
    assert allf[0.01] > allf[1.0] + 0.05
    summary = c_sweep.sensitivity(table, 1e4)
    assert set(summary["stratum"]) == set(c_sweep.STRATA)
    assert (summary["error_range"] >= 0).all()
    assert (summary["excess_at_C"] >= 0).all() and (
        summary["excess_at_C"] <= summary["error_range"]
    ).all()


def test_disabled_section_gives_an_empty_table_and_bad_values_are_refused():
    empty = c_sweep.run({"enabled": False}, seed=1)
    assert empty.empty and list(empty.columns) == list(c_sweep.COLUMNS)
    with pytest.raises(ValueError, match="C must be > 0"):
        c_sweep.CSweepDesign.from_config(SECTION | {"C": [0.0, 1.0]})
