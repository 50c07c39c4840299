"""Tests of the verdict rule and the five verdict kinds (gendisc.stats.verdicts)."""

from __future__ import annotations

import numpy as np
import pytest

from gendisc.stats import verdicts

RULE = verdicts.VerdictRule(alpha=0.05, min_effect=0.005)

#: both regimes of a crossing clearly beyond the minimum effect
BOTH = {"small_est": 0.02, "small_lo": 0.01, "small_hi": 0.03,
        "large_est": 0.02, "large_lo": 0.01, "large_hi": 0.03}  # fmt: skip


def test_verdict_rule_config_and_description():
    rule = verdicts.VerdictRule.from_config({"alpha": 0.01, "min_effect": 0.01})
    assert rule.alpha == 0.01 and rule.min_delta_aic == 2.0
    text = rule.describe()
    assert "alpha = 0.01" in text and "Holm" in text and "claim × rule" in text
    for kind in verdicts.VERDICT_KINDS:
        assert kind in text or (kind == "degenerate" and "degenerate" in text)
    with pytest.raises(ValueError, match="unknown"):
        verdicts.VerdictRule.from_config({"alhpa": 0.05})
    with pytest.raises(ValueError, match="alpha"):
        verdicts.VerdictRule(alpha=0.0)
    with pytest.raises(ValueError, match="efron_relative_tolerance"):
        verdicts.VerdictRule(efron_relative_tolerance=-0.1)


@pytest.mark.parametrize(
    ("test", "est", "lo", "hi", "p", "extra", "expected"),
    [
        ("directional", 0.02, 0.01, 0.03, 0.001, {}, "supported"),
        ("directional", 0.004, 0.001, 0.007, 0.001, {}, "inconclusive"),  # below min_effect
        ("directional", 0.0, -0.002, 0.003, 0.9, {}, "negligible"),  # inside +-0.005
        ("directional", 0.001, -0.002, 0.003, 0.001, {}, "negligible"),  # significant, tiny
        ("directional", -0.02, -0.03, -0.01, 0.001, {}, "contradicted"),
        ("directional", -0.02, -0.03, -0.01, 0.2, {}, "inconclusive"),  # not after Holm
        ("directional", 0.01, -0.01, 0.03, 0.3, {}, "inconclusive"),
        ("directional", 0.02, 0.01, 0.03, 0.001, {"degenerate": True}, "degenerate"),
        ("noninferiority", 0.0, -0.002, 0.002, 0.001, {}, "supported"),
        ("noninferiority", -0.03, -0.04, -0.02, 1.0, {}, "contradicted"),
        ("noninferiority", -0.004, -0.01, 0.002, 0.3, {}, "inconclusive"),
        ("iut", 100.0, 50.0, 200.0, 0.01, {"p_cross": 1.0, "reversed": False} | BOTH, "supported"),
        (
            "iut",
            100.0,
            50.0,
            200.0,
            0.01,
            {"p_cross": 1.0, "reversed": False} | BOTH | {"small_est": 0.004},
            "inconclusive",
        ),  # small regime below min_effect
        (
            "iut",
            100.0,
            50.0,
            200.0,
            0.01,
            {"p_cross": 1.0, "reversed": False} | BOTH | {"large_lo": -0.001, "large_hi": 0.004},
            "negligible",
        ),
        (
            "iut",
            100.0,
            50.0,
            200.0,
            0.2,
            {"p_cross": 0.9, "reversed": False} | BOTH,
            "inconclusive",
        ),
        (
            "iut",
            np.nan,
            np.nan,
            np.nan,
            0.9,
            {"p_cross": 0.01, "reversed": False} | BOTH,
            "contradicted",
        ),
        ("iut", 100.0, 50.0, 200.0, 0.9, {"p_cross": 0.5, "reversed": True} | BOTH, "contradicted"),
        ("aic", 5.0, np.nan, np.nan, np.nan, {}, "supported"),
        ("aic", -5.0, np.nan, np.nan, np.nan, {}, "contradicted"),
        ("aic", 1.0, np.nan, np.nan, np.nan, {}, "inconclusive"),
        ("equivalence", 0.01, -0.05, 0.05, np.nan, {}, "supported"),
        ("equivalence", 0.3, 0.2, 0.4, np.nan, {}, "contradicted"),
        ("equivalence", 0.1, -0.05, 0.2, np.nan, {}, "inconclusive"),
        ("equivalence", 0.01, -0.05, 0.05, np.nan, {"tolerance": 0.03}, "inconclusive"),
        ("equivalence", 0.01, 0.04, 0.05, np.nan, {"tolerance": 0.03}, "contradicted"),
        ("sign", 0.6, np.nan, np.nan, 0.01, {}, "supported"),
        ("sign", -0.6, np.nan, np.nan, 0.01, {}, "contradicted"),
        ("sign", 0.6, np.nan, np.nan, 0.2, {}, "inconclusive"),
        ("positive", 3.0, 1.0, 5.0, 0.01, {}, "supported"),
        ("positive", -3.0, -5.0, -1.0, 0.01, {}, "contradicted"),
    ],
)
def test_verdict_cases(test, est, lo, hi, p, extra, expected):
    row = {"test": test, "estimate": est, "ci_low": lo, "ci_high": hi, "p_adjusted": p} | extra
    assert verdicts.verdict(row, RULE) == expected


def test_unknown_test_is_rejected():
    with pytest.raises(ValueError, match="unknown claim test 'bogus'"):
        verdicts.verdict({"test": "bogus", "estimate": 0.0, "ci_low": 0, "ci_high": 0}, RULE)


def test_absent_extras_fall_back_to_the_rule():
    """Rows of several rules share one table: a NaN tolerance (a row of the absolute rule)
    means the rule's absolute tolerance, not 'no tolerance'."""
    row = {"test": "equivalence", "estimate": 0.01, "ci_low": -0.05, "ci_high": 0.05,
           "p_adjusted": np.nan, "tolerance": np.nan}  # fmt: skip
    assert verdicts.verdict(row, RULE) == "supported"
