"""Claim 5's later rule and null control, and censored crossovers (issue 14 §6), on planted data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import analysis, claim_rules, claims, crossovers
from gendisc.stats.trends import level_interaction_regression
from gendisc.stats.verdicts import VerdictRule
from gendisc.study.seeding import rng

LEVELS = (0.0, 0.33, 0.67, 1.0)


def planted_settings(noise: float = 0.0005) -> pd.DataFrame:
    """Per-setting gaps: nb_lr's grows with the level, faster at n = 32 (slopes 0.02 and
    0.06, mean 0.04); lda_lr's is flat (the null control)."""
    gen = rng(0, "gaps")
    rows = []
    for family in ("duplicated_feature", "heteroscedastic_correlated"):
        for n, slope in ((4, 0.02), (32, 0.06)):
            for level in LEVELS:
                for pair, b in (("nb_lr", slope), ("lda_lr", 0.0)):
                    rows.append({"study": "asymmetric", "dataset": f"{family}-n{n}-l{level}",
                                 "pair": pair, "family": family, "level": level,
                                 "n_features": n, "separation": 2.0, "prior": 0.5,
                                 "gap": 0.01 * n / 4 + b * level + gen.normal(0, noise)})  # fmt: skip
    return pd.DataFrame(rows)


def test_interaction_regression_recovers_mean_and_per_n_slopes() -> None:
    reg = level_interaction_regression(planted_settings(), "gap").set_index(["family", "pair"])
    r = reg.loc[("duplicated_feature", "nb_lr")]
    assert r.slope == pytest.approx(0.04, abs=0.002)
    assert r.ci_low < 0.04 < r.ci_high
    assert r.interaction_p < 1e-4  # the slopes differ between dimensions
    per_n = dict(part.split(": ") for part in r.slopes_by_n.split("; "))
    assert float(per_n["n=4"]) == pytest.approx(0.02, abs=0.002)
    assert float(per_n["n=32"]) == pytest.approx(0.06, abs=0.002)
    flat = reg.loc[("duplicated_feature", "lda_lr")]
    assert abs(flat.slope) < 0.002 and flat.interaction_p > 0.001


def test_lda_is_a_null_control_outside_claim_5s_holm_family() -> None:
    rule = VerdictRule()
    tables = {"misspecification": planted_settings()}
    rows = [
        r | {"rule": "level_by_n_interaction"}
        for r in claim_rules.RULES["misspecification_widens_gap"]["level_by_n_interaction"](
            tables, rule
        )
    ]
    rows += [
        r | {"rule": "lda_shared_covariance"}
        for r in claim_rules.RULES["misspecification_null_control"]["lda_shared_covariance"](
            tables, rule
        )
    ]
    table = claims.finalize_claims(rows, rule)
    widens = table[table["claim"] == "misspecification_widens_gap"].set_index("scope")
    # lda_lr is not in claim 5's family: two rows, Holm over two p-values
    assert sorted(widens.index) == ["duplicated_feature/nb_lr", "heteroscedastic_correlated/nb_lr"]
    assert (widens["verdict"] == "supported").all()
    assert "n=32" in widens.loc["duplicated_feature/nb_lr", "detail"]
    control = table[table["claim"] == "misspecification_null_control"].set_index("scope")
    # only the shared-covariance family is a null control (LDA is misspecified on the other)
    assert list(control.index) == ["duplicated_feature/lda_lr"]
    assert control.loc["duplicated_feature/lda_lr", "verdict"] == "supported"


def test_null_control_fails_when_the_lda_gap_moves() -> None:
    settings = planted_settings()
    moving = settings["pair"] == "lda_lr"
    settings.loc[moving, "gap"] += 0.03 * settings.loc[moving, "level"]
    rows = claim_rules.RULES["misspecification_null_control"]["lda_shared_covariance"](
        {"misspecification": settings}, VerdictRule()
    )
    table = claims.finalize_claims([r | {"rule": "x"} for r in rows], VerdictRule())
    assert table["verdict"].tolist() == ["contradicted"]


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        ([-0.02, -0.01, -0.005], "right"),  # generative better at every m: m* > max m
        ([0.02, 0.01, 0.0], "left"),  # discriminative better at every m: m* < min m
        ([-0.02, 0.01, 0.02], "observed"),
        ([0.02, -0.01, -0.02], "reversed"),
        ([0.0, 0.0, 0.0], "none"),
    ],
)
def test_censoring_of_the_crossover(d, expected) -> None:
    assert crossovers.censoring(np.array([4.0, 16.0, 64.0]), np.array(d), "up") == expected


def test_crossover_table_keeps_censored_crossovers() -> None:
    """A planted curve pair whose generative model wins at every m is reported as m* > max m."""
    gen = rng(1, "censored")
    rows = []
    for dataset, shift in (("never", -0.03), ("early", 0.03), ("inside", None)):
        for m in (4, 16, 64, 256):
            d = (0.02 * np.log2(m) - 0.1) if shift is None else shift
            for r in range(20):
                e = 0.2 + gen.normal(0, 0.01)
                rows += [
                    {"study": "synthetic", "dataset": dataset, "pair": "nb_lr", "m": m,
                     "replicate": r, "role": role, "model": model, "test_error": err,
                     "family": "correlated_gaussian", "level": 0.0, "n_features": 4,
                     "separation": 2.0, "prior": 0.5, "n_test": 1000, "bayes_error": 0.1}
                    for role, model, err in (("generative", "nb", e + d),
                                             ("discriminative", "lr", e))
                ]  # fmt: skip
    errors = pd.DataFrame(rows)
    table = analysis.crossover_table(errors, seed=0, n_boot=200, alpha=0.05).set_index("dataset")
    assert table.loc["never", "censoring"] == "right"
    assert table.loc["never", "m_star_bound"] == 256 and np.isnan(table.loc["never", "m_star"])
    assert table.loc["early", "censoring"] == "left"
    assert table.loc["early", "m_star_bound"] == 4
    assert table.loc["inside", "censoring"] == "observed"
    assert 16 < table.loc["inside", "m_star"] < 64
