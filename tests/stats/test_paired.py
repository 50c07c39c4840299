"""Tests of the per-cell statistics (gendisc.stats.paired)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from gendisc.stats import paired
from gendisc.study.seeding import rng

ALPHA = 0.05


def errors_frame(study: str, d_by_m: dict[int, np.ndarray], n_test: int, base: float = 0.2):
    """A minimal errors table whose paired differences are exactly ``d_by_m``."""
    rows = []
    for m, d in d_by_m.items():
        for r, dr in enumerate(d):
            common = {"study": study, "dataset": "ds", "family": "f", "level": 0.0,
                      "n_features": 2, "separation": 1.0, "prior": 0.5, "pair": "p", "m": m,
                      "replicate": r, "seed": r, "n_test": n_test, "separable": False,
                      "n_warnings": 0, "bayes_error": 0.1}  # fmt: skip
            rows.append(common | {"model": "g", "role": "generative", "test_error": base + dr})
            rows.append(common | {"model": "l", "role": "discriminative", "test_error": base})
    return pd.DataFrame(rows)


def test_corrected_t_hand_values():
    d = np.array([0.01, 0.03, -0.02, 0.04, 0.02])
    # mean 0.016; squared deviations sum to 2.12e-3, s^2 = 5.3e-4; factor 1/5 + 50/100 = 0.7
    res = paired.corrected_resampled_t(d, n_train=100, n_test=50, alpha=ALPHA)
    se = np.sqrt(0.7 * 5.3e-4)
    assert res.estimate == pytest.approx(0.016)
    assert res.se == pytest.approx(se)
    assert res.t == pytest.approx(0.016 / se)
    assert res.df == 4
    assert res.p_value == pytest.approx(2 * sps.t.sf(0.016 / se, 4))
    q = 2.7764451051977987  # t_{0.975, 4}
    assert res.ci_low == pytest.approx(0.016 - q * se)
    assert res.ci_high == pytest.approx(0.016 + q * se)


def test_paired_t_hand_values_and_limit_of_correction():
    a = np.array([0.30, 0.25, 0.28, 0.35])
    b = np.array([0.27, 0.26, 0.24, 0.30])
    # d = 0.03, -0.01, 0.04, 0.05: mean 0.0275, s^2 = 6.9167e-4 (sum sq dev 2.075e-3 / 3)
    res = paired.paired_t(a, b, ALPHA)
    se = np.sqrt(2.075e-3 / 3 / 4)
    assert res.estimate == pytest.approx(0.0275)
    assert res.se == pytest.approx(se)
    assert res.t == pytest.approx(0.0275 / se)
    assert res.ci_high - res.ci_low == pytest.approx(2 * sps.t.ppf(0.975, 3) * se)
    # with a vanishing test fraction the corrected test reduces to the paired t
    lim = paired.corrected_resampled_t(a - b, n_train=1e12, n_test=1e-6, alpha=ALPHA)
    assert lim.p_value == pytest.approx(res.p_value, rel=1e-6)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="n_train"):
        paired.corrected_resampled_t(np.array([0.1, 0.2]), 0, 5, ALPHA)
    with pytest.raises(ValueError, match="alpha"):
        paired.paired_t(np.ones(3), np.ones(3), 1.5)
    with pytest.raises(ValueError, match="length"):
        paired.paired_t(np.ones(1), np.ones(1), ALPHA)


def test_constant_differences_degenerate_cleanly():
    res = paired.corrected_resampled_t(np.zeros(5), 10, 10, ALPHA)
    assert res.p_value == 1.0 and res.ci_low == res.ci_high == 0.0
    assert paired.wilcoxon_p(np.zeros(6)) == 1.0


def test_null_rejection_rate_independent_design():
    """Both models identical: d symmetric around 0; rejection rate within the binomial band."""
    cells, r = 600, 10
    g = rng(0, "test_stats", "null_independent")
    d = g.normal(0.0, 0.02, size=(cells, r))
    p_t = np.array([paired.paired_t(0.2 + x, np.full(r, 0.2), ALPHA).p_value for x in d])
    p_w = np.array([paired.wilcoxon_p(x) for x in d])
    lo, hi = sps.binom.interval(0.999, cells, ALPHA)
    assert lo <= np.sum(p_t < ALPHA) <= hi
    assert lo <= np.sum(p_w < ALPHA) <= hi


def test_null_rejection_rate_resampled_design():
    """Subsamples of finite pools whose population difference is 0: the corrected t keeps the
    level (within the band), the naive paired t is badly anti-conservative."""
    cells, r, n_pool, m = 600, 15, 300, 150
    g = rng(0, "test_stats", "null_resampled")
    rej_c = rej_n = 0
    for _ in range(cells):
        z, w = g.normal(size=n_pool), g.normal(size=n_pool)  # per-example test / train effects
        d = np.empty(r)
        for k in range(r):
            perm = g.permutation(n_pool)
            d[k] = z[perm[m:]].mean() + 0.5 * w[perm[:m]].mean()
        rej_c += paired.corrected_resampled_t(d, m, n_pool - m, ALPHA).p_value < ALPHA
        rej_n += paired.paired_t(d, np.zeros(r), ALPHA).p_value < ALPHA
    _, hi = sps.binom.interval(0.999, cells, ALPHA)
    assert rej_c <= hi
    assert rej_n > 3 * hi


def test_paired_differences_and_cell_tests():
    g = rng(0, "test_stats", "cells")
    d = {16: g.normal(-0.05, 0.02, 8), 64: g.normal(0.01, 0.02, 8)}
    for study, design in (("synthetic", "independent"), ("uci", "resampled")):
        diffs = paired.paired_differences(errors_frame(study, d, n_test=100))
        assert len(diffs) == 16
        np.testing.assert_allclose(diffs.loc[diffs.m == 16, "d"], d[16])
        cells = paired.cell_tests(diffs, ALPHA)
        assert list(cells["m"]) == [16, 64] and set(cells["design"]) == {design}
        assert cells["mean_d"].to_numpy() == pytest.approx([d[16].mean(), d[64].mean()])
        naive = paired.paired_t(0.2 + d[16], np.full(8, 0.2), ALPHA)
        c16 = cells.iloc[0]
        assert c16["naive_p"] == pytest.approx(naive.p_value)
        assert c16["wilcoxon_p"] == pytest.approx(paired.wilcoxon_p(d[16]))
        if design == "independent":
            assert c16["anchor_p"] == c16["naive_p"] and np.isnan(c16["corr_p"])
        else:
            corr = paired.corrected_resampled_t(d[16], 16, 100, ALPHA)
            assert c16["anchor_p"] == pytest.approx(corr.p_value)
            assert c16["naive_kind"] == "conditional_on_dataset"
            assert c16["anchor_ci_high"] - c16["anchor_ci_low"] > (
                c16["naive_ci_high"] - c16["naive_ci_low"]
            )


def test_paired_differences_rejects_unpaired_and_duplicates():
    frame = errors_frame("synthetic", {8: np.zeros(3)}, n_test=10)
    with pytest.raises(ValueError, match="lack one role"):
        paired.paired_differences(frame.iloc[:-1])
    with pytest.raises(ValueError, match="duplicate"):
        paired.paired_differences(pd.concat([frame, frame.iloc[:1]]))
    with pytest.raises(ValueError, match="design"):
        diffs = paired.paired_differences(errors_frame("other", {8: np.ones(3)}, 10))
        paired.cell_tests(diffs, ALPHA)


def test_bh_and_holm_hand_values_and_multipletests():
    p = np.array([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(paired.adjust_pvalues(p, "fdr_bh"), [0.02, 0.04, 0.04, 0.02])
    np.testing.assert_allclose(paired.holm(p), [0.03, 0.06, 0.06, 0.02])
    g = rng(0, "test_stats", "bh")
    p = g.uniform(size=40) ** 2
    for method in ("fdr_bh", "holm"):
        ref = multipletests(p, alpha=ALPHA, method=method)[1]
        np.testing.assert_allclose(paired.adjust_pvalues(p, method), ref)
    with_nan = np.array([0.01, np.nan, 0.04])
    out = paired.adjust_pvalues(with_nan, "holm")
    assert np.isnan(out[1]) and out[[0, 2]] == pytest.approx([0.02, 0.04])
    with pytest.raises(ValueError, match="p-values"):
        paired.adjust_pvalues(np.array([1.2]), "holm")


def test_bh_by_group_adjusts_each_figure_separately():
    table = pd.DataFrame({"fig": ["a"] * 3 + ["b"] * 2, "anchor_p": [0.01, 0.02, 0.5, 0.01, 0.9]})
    out = paired.bh_by_group(table, ["fig"])
    for _, g in table.groupby("fig"):
        ref = multipletests(g["anchor_p"], method="fdr_bh")[1]
        np.testing.assert_allclose(out.loc[g.index, "p_bh"], ref)
    whole = paired.bh_by_group(table, [])
    np.testing.assert_allclose(whole["p_bh"], multipletests(table["anchor_p"], method="fdr_bh")[1])


def test_coverage_counts_and_binomial_interval():
    cells = pd.DataFrame({
        "dataset": ["a", "b", "c", "d"] * 2, "pair": "p", "m": [8] * 4 + [16] * 4,
        "naive_ci_low": [-1, -1, 0.5, 0.5, -1, -1, -1, -1],
        "naive_ci_high": [1, 1, 1, 1, 1, 1, 1, 1],
        "corr_ci_low": [-1.0] * 8, "corr_ci_high": [1.0] * 8,
    })  # fmt: skip
    truth = pd.DataFrame({"dataset": list("abcd") * 2, "pair": "p", "m": [8] * 4 + [16] * 4,
                          "true_d": 0.0})  # fmt: skip
    cov = paired.coverage(cells, truth, ALPHA).set_index(["m", "estimator"])
    assert cov.loc[(8, "naive_paired_t"), "n_covered"] == 2
    assert cov.loc[(8, "naive_paired_t"), "coverage"] == 0.5
    assert cov.loc[(16, "naive_paired_t"), "coverage"] == 1.0
    assert cov.loc[(8, "corrected_resampled_t"), "coverage"] == 1.0
    # Clopper-Pearson for 2 of 4
    assert cov.loc[(8, "naive_paired_t"), "cov_ci_low"] == pytest.approx(sps.beta.ppf(0.025, 2, 3))
    with pytest.raises(ValueError, match="no true difference"):
        paired.coverage(cells, truth.iloc[:3], ALPHA)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=3, max_size=20),
    st.lists(st.floats(0.0, 1.0), min_size=3, max_size=20),
    st.integers(1, 500),
    st.integers(1, 500),
)
def test_swapping_models_flips_sign_keeps_p(a, b, n_train, n_test):
    k = min(len(a), len(b))
    a, b = np.array(a[:k]), np.array(b[:k])
    fwd, bwd = paired.paired_t(a, b, ALPHA), paired.paired_t(b, a, ALPHA)
    assert fwd.estimate == pytest.approx(-bwd.estimate, abs=1e-12)
    assert fwd.ci_low == pytest.approx(-bwd.ci_high, abs=1e-12)
    assert fwd.p_value == pytest.approx(bwd.p_value, abs=1e-9)
    cf = paired.corrected_resampled_t(a - b, n_train, n_test, ALPHA)
    cb = paired.corrected_resampled_t(b - a, n_train, n_test, ALPHA)
    assert cf.estimate == pytest.approx(-cb.estimate, abs=1e-12)
    assert cf.p_value == pytest.approx(cb.p_value, abs=1e-9)
    assert paired.wilcoxon_p(a - b) == pytest.approx(paired.wilcoxon_p(b - a), abs=1e-9)
    for p in (fwd.p_value, cf.p_value, paired.wilcoxon_p(a - b)):
        assert 0.0 <= p <= 1.0
