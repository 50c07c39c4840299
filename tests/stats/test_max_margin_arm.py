"""Claims 1 and 3 under both LR rules: the UCI panels' max-margin arm (issue 13 §5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import analysis, claim_rules, claims, registry
from gendisc.study import columns

from conftest import REPO
from factories import cell_rows

ALPHA = 0.05
M_GRID = (4, 8, 16, 32, 64, 128, 256)
POOLS = {"toy_a": 600, "toy_b": 900}


def _rows(rng, study, dataset, m, eg, ed, reps=40, n_test=400) -> pd.DataFrame:
    """One UCI panel's rows at ``m`` (:func:`factories.cell_rows`)."""
    return cell_rows(rng, m, (eg, ed), 0.002, reps, ("nb", "lr"), study=study, dataset=dataset,
                     family="", level=np.nan, n_features=5, separation=np.nan, prior=0.5,
                     pair="nb_lr", n_test=n_test, bayes_error=np.nan)  # fmt: skip


@pytest.fixture(scope="module")
def claim_table() -> pd.DataFrame:
    """Planted truth: under the random separator NB wins at small m and the curves cross at
    m* = 36; in the max-margin arm (same panels) LR is better at every m."""
    rng = np.random.default_rng(11)
    frames = []
    for name in POOLS:
        for m in M_GRID:
            eg = 0.2 + 0.3 * m**-0.5
            frames.append(_rows(rng, "uci", name, m, eg, 0.15 + 0.6 * m**-0.5))
            frames.append(_rows(rng, "uci_max_margin", name, m, eg, 0.15 + 0.2 * m**-0.5))
    errors = columns.sort_rows(columns.conform(pd.concat(frames, ignore_index=True)))
    tables = {
        "cells": analysis.cell_table(errors, ALPHA),
        "crossovers": analysis.crossover_table(errors, seed=3, n_boot=200, alpha=ALPHA),
    }
    reg = registry.load_registry(REPO / "config" / "claims.yaml")
    verdict = claims.VerdictRule(alpha=ALPHA)
    rows: list[dict] = []
    for cid in ("generative_better_small_m", "curves_cross"):  # as build_claims does
        for r in reg.claims[cid].rules:
            built = claim_rules.RULES[cid][r.id](tables, verdict)
            rows += [row | {"rule": r.id, "primary": r.primary} for row in built]
    return claims.finalize_claims(rows, verdict, holm_by=("claim",))


@pytest.mark.parametrize("claim", ["generative_better_small_m", "curves_cross"])
def test_both_lr_rules_give_rows_on_the_same_uci_scopes(claim_table, claim):
    rows = claim_table[claim_table["claim"] == claim]
    scopes = {f"uci/{d}/nb_lr" for d in POOLS}
    arm = ("max_margin_lr_smallest_m", "max_margin_lr_lower_half_best_bonferroni")
    for rule in ("smallest_m", *arm):
        got = rows[rows["rule"] == rule]
        assert set(got["scope"]) == scopes, rule
    primary = rows[rows["primary"]]
    assert set(primary["rule"]) == {"smallest_m"}


def test_verdicts_follow_the_planted_truth_under_each_rule(claim_table):
    v = claim_table.set_index(["claim", "rule", "scope"])["verdict"]
    for d in POOLS:
        scope = f"uci/{d}/nb_lr"
        assert v[("generative_better_small_m", "smallest_m", scope)] == "supported"
        assert v[("curves_cross", "smallest_m", scope)] == "supported"
        assert v[("generative_better_small_m", "max_margin_lr_smallest_m", scope)] == (
            "contradicted"
        )
        assert v[("curves_cross", "max_margin_lr_smallest_m", scope)] == "contradicted"


def test_the_arm_is_not_a_claim_study_of_its_own(claim_table):
    assert not claim_table["scope"].str.startswith("uci_max_margin").any()
    assert claim_rules.MAX_MARGIN_ARM == "uci_max_margin"
    assert claim_rules.MAX_MARGIN_ARM not in claim_rules.CLAIM_STUDIES
