"""Tests of the claims table (gendisc.stats.claims)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from stats_planted import cells_from_means
from statsmodels.stats.multitest import multipletests

from gendisc.stats import claims, crossovers, paired, theory
from gendisc.study.seeding import rng

RULE = claims.VerdictRule(alpha=0.05, min_effect=0.005)


def test_verdict_rule_config_and_description():
    rule = claims.VerdictRule.from_config({"alpha": 0.01, "min_effect": 0.01})
    assert rule.alpha == 0.01 and rule.min_delta_aic == 2.0
    text = rule.describe()
    assert "alpha = 0.01" in text and "0.01" in text and "Holm" in text
    with pytest.raises(ValueError, match="unknown"):
        claims.VerdictRule.from_config({"alhpa": 0.05})
    with pytest.raises(ValueError, match="alpha"):
        claims.VerdictRule(alpha=0.0)


@pytest.mark.parametrize(
    ("test", "est", "lo", "hi", "p", "extra", "expected"),
    [
        ("directional", 0.02, 0.01, 0.03, 0.001, {}, "supported"),
        ("directional", 0.004, 0.001, 0.007, 0.001, {}, "inconclusive"),  # below min_effect
        ("directional", 0.0, -0.002, 0.003, 0.9, {}, "not supported"),  # excludes 0.005
        ("directional", 0.01, -0.01, 0.03, 0.3, {}, "inconclusive"),
        ("noninferiority", 0.0, -0.002, 0.002, 0.001, {}, "supported"),
        ("noninferiority", -0.03, -0.04, -0.02, 1.0, {}, "not supported"),
        ("iut", 100.0, 50.0, 200.0, 0.01, {"p_cross": 1.0, "reversed": False}, "supported"),
        ("iut", 100.0, 50.0, 200.0, 0.2, {"p_cross": 0.9, "reversed": False}, "inconclusive"),
        ("iut", np.nan, np.nan, np.nan, 0.9, {"p_cross": 0.01, "reversed": False}, "not supported"),
        ("iut", 100.0, 50.0, 200.0, 0.9, {"p_cross": 0.5, "reversed": True}, "not supported"),
        ("aic", 5.0, np.nan, np.nan, np.nan, {}, "supported"),
        ("aic", -5.0, np.nan, np.nan, np.nan, {}, "not supported"),
        ("aic", 1.0, np.nan, np.nan, np.nan, {}, "inconclusive"),
        ("equivalence", 0.01, -0.05, 0.05, np.nan, {}, "supported"),
        ("equivalence", 0.3, 0.2, 0.4, np.nan, {}, "not supported"),
        ("equivalence", 0.1, -0.05, 0.2, np.nan, {}, "inconclusive"),
        ("sign", 0.6, np.nan, np.nan, 0.01, {}, "supported"),
        ("sign", -0.6, np.nan, np.nan, 0.01, {}, "not supported"),
        ("positive", 3.0, 1.0, 5.0, 0.01, {}, "supported"),
        ("positive", -3.0, -5.0, -1.0, 0.01, {}, "not supported"),
    ],
)
def test_verdict_cases(test, est, lo, hi, p, extra, expected):
    row = {"test": test, "estimate": est, "ci_low": lo, "ci_high": hi, "p_adjusted": p} | extra
    assert claims.verdict(row, RULE) == expected


def test_claims_end_to_end_planted_crossing():
    means = {"cross": [-0.05, -0.02, 0.01, 0.03], "null": [0.0, 0.0, 0.0, 0.0]}
    diffs = cells_from_means(means, 0.01, 30, "e2e")
    cells = paired.cell_tests(diffs, 0.05)
    xs = []
    for ds, g in diffs.groupby("dataset"):
        res = crossovers.bootstrap_crossover(g, rng(0, "boot", ds), n_boot=1000)
        xs.append({"study": "synthetic", "dataset": ds, "pair": "p", "m_star": res.m_star,
                   "ci_low": res.ci_low, "ci_high": res.ci_high, "p_cross": res.p_cross})  # fmt: skip
    rows = claims.claim_small_m(cells, RULE.alpha) + claims.claim_asymptotic(cells, RULE)
    rows += claims.claim_crossing(cells, pd.DataFrame(xs).fillna(np.nan), RULE.alpha)
    table = claims.finalize_claims(rows, RULE)
    assert list(table.columns) == list(claims.CLAIM_COLUMNS)
    v = table.set_index(["claim", "scope"])["verdict"]
    # small m = the lower half of the grid on a log scale: m <= sqrt(16 * 1024) = 128
    assert v[("generative_better_small_m", "synthetic/cross/p/m=16 of m<=128")] == "supported"
    null = v[v.index.get_level_values("scope").str.startswith("synthetic/null/p/m=")]
    assert null.loc["generative_better_small_m"].eq("not supported").all()
    assert v[("discriminative_not_worse_asymptotically", "synthetic/cross/p/m=1024")] == "supported"
    assert v[("curves_cross", "synthetic/cross/p")] == "supported"
    assert v[("curves_cross", "synthetic/null/p")] != "supported"
    est = table.set_index(["claim", "scope"]).loc[
        ("generative_better_small_m", "synthetic/cross/p/m=16 of m<=128")
    ]
    first = cells[(cells["dataset"] == "cross") & (cells["m"] == 16)].iloc[0]
    assert est["estimate"] == pytest.approx(-first["mean_d"])
    # Bonferroni over the two small-m cells (m = 16, 64)
    assert est["p_value"] == pytest.approx(min(1.0, 2 * first["anchor_p"]))
    ok = table["p_value"].notna()
    ref = multipletests(table.loc[ok, "p_value"], method="holm")[1]
    np.testing.assert_allclose(table.loc[ok, "p_adjusted"], ref)
    assert table["p_value"].dropna().between(0, 1).all()
    per_claim = claims.finalize_claims(rows, RULE, holm_by=["claim"])
    for _, g in per_claim.groupby("claim"):
        ok = g["p_value"].notna()
        ref = multipletests(g.loc[ok, "p_value"], method="holm")[1]
        np.testing.assert_allclose(g.loc[ok, "p_adjusted"], ref)


def test_swapping_models_flips_claim_one_estimate_keeps_p():
    """With one small-m cell (m = 16 <= sqrt(16 * 1024)) the selection is direction-free."""
    diffs = cells_from_means({"a": [-0.03, -0.01, 0.0, 0.01]}, 0.01, 12, "swap")
    diffs = diffs[diffs["m"] != 64]
    swapped = diffs.assign(
        d=-diffs["d"],
        err_generative=diffs["err_discriminative"],
        err_discriminative=diffs["err_generative"],
    )
    fwd = claims.claim_small_m(paired.cell_tests(diffs, 0.05))[0]
    bwd = claims.claim_small_m(paired.cell_tests(swapped, 0.05))[0]
    assert fwd["estimate"] == pytest.approx(-bwd["estimate"])
    assert fwd["ci_low"] == pytest.approx(-bwd["ci_high"])
    assert fwd["p_value"] == pytest.approx(bwd["p_value"])


def test_sample_complexity_claims_planted():
    n = np.array([2, 4, 8, 16, 32, 64, 128], dtype=float)
    g = rng(0, "test_claims", "sc")
    m_eps = {"generative": 20 + 15 * np.log(n) + g.normal(0, 1, n.size),
             "discriminative": 10 + 6 * n + g.normal(0, 1, n.size)}  # fmt: skip
    rows = []
    for role, y in m_eps.items():
        for reg, f in theory.fit_sample_complexity(n, y).items():
            rows.append({"scope": "gauss/nb_lr", "role": role, "regressor": reg,
                         "slope": f.slope, "slope_se": f.slope_se, "df_resid": f.df_resid,
                         "aic": f.aic})  # fmt: skip
    table = claims.finalize_claims(claims.claim_sample_complexity(pd.DataFrame(rows)), RULE)
    v = table.set_index("claim")["verdict"]
    assert v["m_eps_log_n"] == "supported"
    assert v["m_eps_linear_n"] == "supported"
    assert v["m_eps_slope_gap"] == "supported"


def test_efron_claim_equivalence():
    eff = pd.DataFrame({"scope": "gauss/lda_lr", "delta": [1.0, 3.0],
                        "efficiency": [0.99, 0.9], "ci_low": [0.95, 0.85],
                        "ci_high": [1.03, 0.95]})  # fmt: skip
    eff["theory"] = [theory.efron_are(d) for d in eff["delta"]]
    table = claims.finalize_claims(claims.claim_efron(eff), RULE)
    v = table.set_index("scope")["verdict"]
    assert v["gauss/lda_lr/delta=1"] == "supported"
    assert v["gauss/lda_lr/delta=3"] == "not supported"  # 0.85 - 0.641 > 0.1
    assert table["p_value"].isna().all() and table["p_adjusted"].isna().all()
