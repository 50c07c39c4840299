"""Tests of the per-cell statistics (gendisc.stats.paired)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from gendisc.stats import paired
from gendisc.study.seeding import rng

from factories import errors_frame

ALPHA = 0.05


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


@pytest.mark.parametrize(
    ("d", "n_test", "reason"),
    [
        ([0.1], [10], "one_replicate"),
        ([0.1, -0.1], [10, 1], "one_test_point"),
        ([0.0, 0.0, 0.0], [10, 10, 10], "no_variance"),
        ([0.05, 0.05], [10, 10], "no_variance"),
        ([0.05, 0.0], [10, 10], ""),
    ],
)
def test_degenerate_reason(d, n_test, reason):
    assert paired.degenerate_reason(np.array(d), np.array(n_test)) == reason


def test_degenerate_cells_get_no_p_value_and_leave_bh_families():
    """Identical classifiers at m = 2 (d = 0 everywhere): flagged, NaN statistics, not in BH."""
    d = {2: np.zeros(6), 8: rng(0, "degen").normal(0.02, 0.01, 6)}
    cells = paired.cell_tests(paired.paired_differences(errors_frame("uci", d, 50)), ALPHA)
    cells = cells.set_index("m")
    assert cells.loc[2, "degenerate"] and cells.loc[2, "degenerate_reason"] == "no_variance"
    assert not cells.loc[8, "degenerate"] and cells.loc[8, "degenerate_reason"] == ""
    for col in ("anchor_p", "anchor_ci_low", "naive_p", "corr_p", "wilcoxon_p"):
        assert np.isnan(cells.loc[2, col]) and np.isfinite(cells.loc[8, col])
    assert cells.loc[2, "mean_d"] == 0.0  # the description stays


def test_paired_proportion_gap_matches_mcnemar_and_covers_a_planted_gap():
    """Two models scored on one shared test set: the interval of the error difference comes
    from the discordant examples only. Reference: statsmodels' McNemar statistic (the score
    form, (b - c)^2 / (b + c)) equals the Wald z^2 times (b + c - (b - c)^2 / n) / (b + c).
    Known truth: per-example outcomes drawn with P(only gen wrong) = 0.03 and P(only dis
    wrong) = 0.02, both wrong 0.10: coverage of the nominal 95 % interval in 4000 test sets of
    2000 is within 3 Monte-Carlo se of 0.95, and it is much narrower than the independent-
    binomial interval, which over-covers."""
    from statsmodels.stats.contingency_tables import mcnemar

    b, c, n = 61, 38, 2000
    gap, se, lo, hi = paired.paired_proportion_gap(b, c, n, 0.05)
    assert gap == pytest.approx((b - c) / n)
    d = np.r_[np.ones(b), -np.ones(c), np.zeros(n - b - c)]
    assert se == pytest.approx(np.std(d) / np.sqrt(n), rel=1e-12)  # mean of n paired diffs
    table = [[n - b - c - 200, b], [c, 200]]
    ref = mcnemar(table, exact=False, correction=False).statistic
    assert (gap / se) ** 2 * (b + c - (b - c) ** 2 / n) / (b + c) == pytest.approx(ref)
    assert hi - lo == pytest.approx(2 * 1.959963984540054 * se)

    gen = np.random.default_rng(20261202)
    probs = [0.03, 0.02, 0.10, 0.85]  # only gen wrong, only dis wrong, both wrong, both right
    counts = gen.multinomial(n, probs, size=4000)
    covered, narrower = 0, 0
    for bb, cc, both, _ in counts:
        _g, _, lo, hi = paired.paired_proportion_gap(int(bb), int(cc), n, 0.05)
        covered += lo <= 0.01 <= hi
        eg, ed = (bb + both) / n, (cc + both) / n
        indep = 1.959963984540054 * np.sqrt(eg * (1 - eg) / n + ed * (1 - ed) / n)
        narrower += (hi - lo) / 2 < 0.8 * indep
    cov = covered / len(counts)
    assert abs(cov - 0.95) < 3 * np.sqrt(0.95 * 0.05 / len(counts))
    assert narrower == len(counts)
    with pytest.raises(ValueError, match="b \\+ c <= n_test"):
        paired.paired_proportion_gap(10, 5, 12, 0.05)
