"""Tests of the claims table (gendisc.stats.claims)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from gendisc.stats import claim_rules, claims, crossovers, paired, theory
from gendisc.study.seeding import rng

from factories import cells_from_means

RULE = claims.VerdictRule(alpha=0.05, min_effect=0.005)


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
    detail = table.set_index(["claim", "scope"])["detail"]
    # small m = the lower half of the grid on a log scale: m <= sqrt(16 * 1024) = 128
    assert v[("generative_better_small_m", "synthetic/cross/p")] == "supported"
    assert detail[("generative_better_small_m", "synthetic/cross/p")] == "m=16 of m<=128"
    # a true difference of 0 everywhere: the interval lies inside +-min_effect
    assert v[("generative_better_small_m", "synthetic/null/p")] == "negligible"
    assert v[("discriminative_not_worse_asymptotically", "synthetic/cross/p")] == "supported"
    assert detail[("discriminative_not_worse_asymptotically", "synthetic/cross/p")] == "m=1024"
    assert v[("curves_cross", "synthetic/cross/p")] == "supported"
    assert v[("curves_cross", "synthetic/null/p")] == "negligible"
    assert not table["degenerate"].any()
    est = table.set_index(["claim", "scope"]).loc[
        ("generative_better_small_m", "synthetic/cross/p")
    ]
    first = cells[(cells["dataset"] == "cross") & (cells["m"] == 16)].iloc[0]
    assert est["estimate"] == pytest.approx(-first["mean_d"])
    # Bonferroni over the two small-m cells (m = 16, 64)
    assert est["p_value"] == pytest.approx(min(1.0, 2 * first["anchor_p"]))
    assert table["p_value"].dropna().between(0, 1).all()
    # Holm within each claim (and rule): the families never mix claims
    for _, g in table.groupby("claim"):
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
    assert v["gauss/lda_lr/delta=3"] == "contradicted"  # 0.85 - 0.641 > 0.1
    assert table["p_value"].isna().all() and table["p_adjusted"].isna().all()


def _with_identical_classifiers_at(diffs: pd.DataFrame, m: int, dataset: str) -> pd.DataFrame:
    """Plant d = 0 in every replicate of one cell (the two models give the same classifier)."""
    out = diffs.copy()
    sel = (out["m"] == m) & (out["dataset"] == dataset)
    out.loc[sel, "d"] = 0.0
    out.loc[sel, "err_generative"] = out.loc[sel, "err_discriminative"]
    return out


def test_degenerate_cells_are_excluded_from_claims():
    """A cell with d = 0 in every replicate gives no evidence: the rule that tests the smallest
    m moves to the next non-degenerate m; a scope with no testable cell is 'degenerate'."""
    diffs = cells_from_means({"a": [0.0, -0.03, -0.01, 0.02]}, 0.01, 20, "degen")
    cells = paired.cell_tests(_with_identical_classifiers_at(diffs, 16, "a"), 0.05)
    first = cells[cells["m"] == 16].iloc[0]
    assert first["degenerate"] and first["degenerate_reason"] == "no_variance"
    assert np.isnan(first["anchor_p"]) and np.isnan(first["anchor_ci_low"])
    row = claims.claim_small_m(cells, RULE.alpha, "smallest")[0]
    assert row["detail"] == "m=64" and not row["degenerate"]
    assert row["estimate"] == pytest.approx(-cells.loc[cells["m"] == 64, "mean_d"].iloc[0])
    best = claims.claim_small_m(cells, RULE.alpha, "lower_half_best")[0]
    assert best["detail"] == "m=64 of m<=128"  # one candidate left: no Bonferroni factor
    assert best["p_value"] == pytest.approx(cells.loc[cells["m"] == 64, "anchor_p"].iloc[0])
    only = cells[cells["m"] == 16]
    table = claims.finalize_claims(claims.claim_small_m(only, RULE.alpha, "smallest"), RULE)
    assert table["verdict"].tolist() == ["degenerate"] and table["degenerate"].all()
    assert table["p_value"].isna().all() and table["p_adjusted"].isna().all()


def test_rules_choose_different_small_m_cells():
    """NB loses at the smallest m and wins later: the rule first declared (smallest m) and the
    best-of-lower-half rule disagree, as in the audit of claim 1."""
    diffs = cells_from_means({"a": [0.02, -0.03, -0.01, 0.02]}, 0.005, 30, "rules")
    cells = paired.cell_tests(diffs, 0.05)
    rows = [r | {"rule": "smallest_m"} for r in claims.claim_small_m(cells, 0.05, "smallest")]
    rows += [
        r | {"rule": "lower_half", "primary": False}
        for r in claims.claim_small_m(cells, 0.05, "lower_half_best")
    ]
    v = claims.finalize_claims(rows, RULE).set_index("rule")["verdict"]
    assert v["smallest_m"] == "contradicted" and v["lower_half"] == "supported"
    with pytest.raises(ValueError, match="how must be"):
        claims.small_m_cells(cells, 0.05, how="largest")


def test_claim_two_on_the_asymptotic_errors():
    """Planted asymptotic gaps: LR better by 0.02 (supported), NB better by 0.03 with a tight
    interval (contradicted: LR worse beyond the margin), a wide interval (inconclusive)."""
    settings = pd.DataFrame({
        "study": "synthetic", "dataset": ["a", "b", "c"], "pair": "p",
        "gap": [0.02, -0.03, 0.0], "gap_ci_low": [0.015, -0.035, -0.02],
        "gap_ci_high": [0.025, -0.025, 0.02],
    })  # fmt: skip
    rows = claims.claim_asymptotic_errors(settings, RULE)
    se = 0.005 / sps.norm.ppf(0.975)
    assert rows[0]["p_value"] == pytest.approx(sps.norm.sf((0.02 + 0.005) / se))
    v = claims.finalize_claims(rows, RULE).set_index("scope")["verdict"]
    assert v["synthetic/a/p"] == "supported"
    assert v["synthetic/b/p"] == "contradicted"
    assert v["synthetic/c/p"] == "inconclusive"


def test_efron_relative_tolerance_at_the_largest_m():
    """The audit's Delta = 4: measured 0.286 against Efron's 0.343 (-17 %). Within +-0.1
    (absolute) it is supported; within 10 % of the theory it is not."""
    are = theory.efron_are(4.0)
    eff = pd.DataFrame({"study": "efron", "dataset": "d4", "pair": "lda_lr",
                        "scope": "gauss/lda_lr", "delta": 4.0, "m": [200, 400],
                        "efficiency": [0.25, 0.286], "ci_low": [0.2, 0.27],
                        "ci_high": [0.3, 0.30], "theory": are})  # fmt: skip
    absolute = claims.finalize_claims(claims.claim_efron(eff.iloc[[1]]), RULE)
    assert absolute["verdict"].tolist() == ["supported"]
    summary = pd.DataFrame({"study": "efron", "dataset": "d4", "pair": "lda_lr",
                            "m": [200, 400], "separable_rate": [0.05, 0.0025]})  # fmt: skip
    rows = claim_rules.RULES["efron_efficiency"]["relative_tolerance_largest_m"](
        {"efron": eff, "summary": summary}, RULE
    )
    table = claims.finalize_claims(rows, RULE)
    assert table["detail"].tolist() == ["m=400, separable 0.2%"]
    assert table["verdict"].tolist() == ["contradicted"]  # 0.30 - 0.343 < -0.0343


def test_efron_measured_where_separable_sets_are_rare():
    """The registered threshold picks the smallest m below it; a grid that never gets there is
    censored (no interval, inconclusive) instead of silently measured at its largest m."""
    are = theory.efron_are(4.0)
    eff = pd.DataFrame({"study": "efron", "dataset": ["d4"] * 3 + ["d2"] * 3, "pair": "lda_lr",
                        "scope": "gauss/lda_lr", "delta": 4.0, "m": [100, 200, 400] * 2,
                        "efficiency": 0.95 * are, "ci_low": 0.92 * are, "ci_high": 0.98 * are,
                        "theory": are})  # fmt: skip
    summary = pd.DataFrame({"study": "efron", "dataset": ["d4"] * 3 + ["d2"] * 3,
                            "pair": "lda_lr", "m": [100, 200, 400] * 2,
                            "separable_rate": [0.3, 0.005, 0.0, 0.5, 0.2, 0.02]})  # fmt: skip
    build = claim_rules.RULES["efron_efficiency"]["relative_tolerance_separable_threshold"]
    rule = claims.VerdictRule(efron_max_separable_rate=0.01)
    table = claims.finalize_claims(build({"efron": eff, "summary": summary}, rule), rule)
    by = table.set_index("detail")["verdict"]
    assert by["m=200, separable 0.5% < 1%"] == "supported"  # 5 % below, interval inside 10 %
    censored = "censored: separable rate >= 1% at every m of the grid (m=400: separable 2.0%)"
    assert by[censored] == "inconclusive"
    # a looser threshold moves the measuring m of the second setting into the grid
    loose = claims.VerdictRule(efron_max_separable_rate=0.05)
    details = [r["detail"] for r in build({"efron": eff, "summary": summary}, loose)]
    assert sorted(details) == ["m=200, separable 0.5% < 5%", "m=400, separable 2.0% < 5%"]
