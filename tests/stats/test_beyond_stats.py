"""Paired intervals and claim rows of the studies beyond the learning curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gendisc.stats import beyond, claims, registry
from gendisc.stats.verdicts import VerdictRule

from conftest import REPO
from factories.beyond import planted_hybrid, planted_missing, planted_novelty, planted_semi

REGISTRY = registry.load_registry(REPO / "config" / "claims.yaml")
RULE = VerdictRule(alpha=0.05, min_effect=0.005)


def finalize(rows: list[dict]) -> pd.DataFrame:
    """What the claims rule does with the rows: the registered builders, then the verdicts."""
    built = []
    for claim, rules in beyond.claim_builders().items():
        for rule_id, build in rules.items():
            primary = REGISTRY.claims[claim].primary.id == rule_id
            picked = build({"beyond": pd.DataFrame(rows)}, RULE)
            built += [r | {"rule": rule_id, "primary": primary} for r in picked]
    return claims.finalize_claims(built, RULE)


def test_paired_table_is_the_paired_t_interval():
    table = planted_missing(0.15)
    paired = beyond.paired_table(table, ["setting", "m", "mechanism", "where", "rate"], "nb")
    row = paired[(paired.rate == 0.5) & (paired.method == "lr_mean")].iloc[0]
    w = table[table.rate == 0.5].pivot(index="replicate", columns="method", values="error")
    ref = stats.ttest_rel(w["lr_mean"], w["nb"])
    assert row.estimate == pytest.approx((w["lr_mean"] - w["nb"]).mean())
    assert row.p_value == pytest.approx(ref.pvalue)
    assert row.ci_low == pytest.approx(ref.confidence_interval().low)


@pytest.mark.parametrize(("lr_growth", "expected"), [(0.15, "supported"), (-0.05, "contradicted")])
def test_missing_claim_verdicts_follow_the_planted_truth(lr_growth, expected):
    _, rows = beyond.analyse("missing", planted_missing(lr_growth), 0.05)
    table = finalize(rows)
    assert set(table["verdict"]) == {expected}
    assert table["estimate"].to_numpy() == pytest.approx(lr_growth - 0.05, abs=0.01)
    primary = table[table["primary"]]
    assert set(primary["rule"]) == {"mcar_test_vs_reduced"}
    assert primary["scope"].str.endswith("nb vs lr_reduced").all() and len(primary) == 1
    assert len(table) == 1 + 2  # the secondary rule: naive Bayes against both LR methods


def test_hybrid_best_lambda_and_claims():
    best, rows = beyond.hybrid_analysis(planted_hybrid(), 0.05)
    assert best.set_index("m")["best_lambda"].to_dict() == {10: 0.0, 1000: 1.0}
    again, _ = beyond.hybrid_analysis(planted_hybrid(), 0.05)
    pd.testing.assert_frame_equal(best, again)  # keyed bootstrap: same bytes
    table = finalize(rows).set_index("scope")
    assert table.loc["s/nb", "verdict"] == "supported"
    assert table.loc["s/nb", "estimate"] == 1.0
    assert table.loc["s/nb/m10", "verdict"] == "supported"  # generative end wins at m = 10
    assert table.loc["s/nb/m1000", "verdict"] == "contradicted"  # and loses at m = 1000


def test_semisupervised_claims_follow_the_planted_truth():
    paired, rows = beyond.analyse("semisupervised", planted_semi(), 0.05)
    table = finalize(rows).set_index("claim")
    assert table.loc[beyond.SEMI_HELPS, "verdict"] == "supported"
    assert table.loc[beyond.SEMI_HURTS, "verdict"] == "supported"
    assert table.loc[beyond.SEMI_TEXTBOOK, "verdict"] == "supported"
    assert table.loc[beyond.SEMI_HELPS, "estimate"] == pytest.approx(0.05, abs=0.005)
    assert len(paired) == 3


def test_novelty_claims_follow_the_planted_truth():
    _paired, rows = beyond.analyse("novelty", planted_novelty(), 0.05)
    table = finalize(rows).set_index("scope")
    assert table.loc["s/m10/far/nb_density vs lr_confidence", "verdict"] == "supported"
    assert table.loc["s/m10/near/nb_density vs lr_confidence", "verdict"] == "contradicted"
    assert table.loc["s/m10/far/nb_density vs lr_confidence", "primary"]
    assert not table.loc["s/m10/far/nb_density vs mahalanobis", "primary"]
    # real data have no misspecification level: their rows are kept (NaN is not a group key)
    digits = table.loc["digits_0v1/m10/held_out_digits/nb_density vs lr_confidence"]
    assert digits["verdict"] == "supported"


def test_a_difference_without_variance_is_degenerate():
    table = planted_missing(0.15)
    table.loc[table.method != "nb", "error"] = 0.3  # LR's growth is 0 in every replicate
    table.loc[table.method == "nb", "error"] = 0.2
    _, rows = beyond.analyse("missing", table, 0.05)
    assert all(r["degenerate"] for r in rows)
    assert set(finalize(rows)["verdict"]) == {"degenerate"}


def test_missing_analysis_skips_methods_absent_from_a_condition():
    # a discrete pool has no lda: its condition compares nb with the LR methods only
    rng = np.random.default_rng(0)
    rows = []
    for setting, methods in (("s", ["nb", "lda", "lr_reduced"]), ("uci_x", ["nb", "lr_reduced"])):
        for rate in (0.0, 0.5):
            for r in range(4):
                for method in methods:
                    rows.append({"setting": setting, "m": 20, "mechanism": "mcar", "where": "test",
                                 "rate": rate, "replicate": r, "method": method,
                                 "error": 0.2 + rate * 0.1 + 0.01 * rng.standard_normal()})  # fmt: skip
    paired, claim_rows = beyond.missing_analysis(pd.DataFrame(rows), 0.05)
    pool = paired[paired["setting"] == "uci_x"]
    assert set(pool["reference"]) == {"nb"} and set(pool["method"]) == {"lr_reduced"}
    assert not any("uci_x" in r["scope"] and "lda" in r["scope"] for r in claim_rows)
    assert any(r["scope"].startswith("uci_x/m20/mcar/test/nb vs lr_reduced") for r in claim_rows)
