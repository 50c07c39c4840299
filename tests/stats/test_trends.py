"""Tests of the misspecification trends (gendisc.stats.trends) and claim 5."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.stats import claims, trends
from gendisc.study.seeding import rng

RULE = claims.VerdictRule(alpha=0.05, min_effect=0.005)


def test_misspecification_regression_and_claim():
    g = rng(0, "test_claims", "missp")
    levels = np.repeat([0.0, 0.25, 0.5, 0.75, 1.0], 3)
    widen = pd.DataFrame({"family": "f", "pair": "p", "level": levels,
                          "gap": 0.01 + 0.05 * levels + g.normal(0, 0.003, levels.size)})  # fmt: skip
    flat = widen.assign(family="g", gap=0.01 + g.normal(0, 0.003, levels.size))
    reg = trends.level_regression(pd.concat([widen, flat]), "gap").set_index("family")
    assert reg.loc["f", "ci_low"] < 0.05 < reg.loc["f", "ci_high"]
    assert reg.loc["f", "n"] == 15
    table = claims.finalize_claims(claims.claim_misspecification(reg.reset_index()), RULE)
    v = table.set_index("scope")["verdict"]
    assert v["f/p"] == "supported" and v["g/p"] != "supported"


def test_asymptotic_gap_joins_settings():
    asym = pd.DataFrame({"study": "synthetic", "dataset": ["s0", "s0", "s1", "s1"], "pair": "p",
                         "model": ["nb", "lr"] * 2, "role": ["generative", "discriminative"] * 2,
                         "asymptotic_error": [0.20, 0.15, 0.30, 0.10]})  # fmt: skip
    errors = pd.DataFrame({"study": "synthetic", "dataset": ["s0", "s0", "s1"],
                           "family": "f", "level": [0.0, 0.0, 1.0], "n_features": 4})  # fmt: skip
    gap = trends.asymptotic_gap(asym, errors).set_index("dataset")
    assert gap.loc["s0", "gap"] == pytest.approx(0.05)
    assert gap.loc["s1", "gap"] == pytest.approx(0.20)
    assert gap.loc["s1", "level"] == 1.0
    with pytest.raises(ValueError, match="role"):
        trends.asymptotic_gap(asym[asym.role == "generative"], errors)


def test_level_regression_shares_the_slope_across_dimensions():
    """Gap = 0.01 + 0.2 level (n = 4) and 0.10 + 0.2 level (n = 32), small noise: the
    fixed-effects fit recovers the common slope with a tight interval (a pooled fit would
    leave the dimension offset in the residuals)."""
    g = rng(0, "test_claims", "fe")
    rows = []
    for n, base in ((4, 0.01), (32, 0.10)):
        for level in (0.0, 0.33, 0.67, 1.0):
            rows.append({"family": "f", "pair": "p", "n_features": n, "level": level,
                         "gap": base + 0.2 * level + g.normal(0, 0.002)})  # fmt: skip
    table = pd.DataFrame(rows)
    fit = trends.level_regression(table, "gap").iloc[0]
    assert fit["slope"] == pytest.approx(0.2, abs=0.01)
    assert fit["ci_high"] - fit["ci_low"] < 0.03
    pooled = trends.level_regression(table.drop(columns="n_features"), "gap").iloc[0]
    assert pooled["ci_high"] - pooled["ci_low"] > 3 * (fit["ci_high"] - fit["ci_low"])
