"""Growth of m_eps in n (issue 14 §5): planted growth exponents and forms are recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from gendisc.stats import claim_rules, claims, growth, sample_complexity, theory
from gendisc.stats.verdicts import VerdictRule
from gendisc.study.seeding import rng

NS = (2, 4, 8, 16, 32, 64, 128)
M_GRID = np.unique(np.round(2 ** np.arange(1, 16.01, 0.5))).astype(int)


def test_m_epsilon_rows_matches_theory() -> None:
    gen = rng(0, "meps")
    m = np.array([2, 4, 8, 16, 32, 64, 128], dtype=float)
    err = 0.1 + 0.5 / m[None, :] + gen.normal(0, 0.01, size=(300, m.size))
    got = growth.m_epsilon_rows(m, err, 0.1, 0.01)
    for row, value in zip(err, got, strict=True):
        want = theory.m_epsilon(m, row, 0.1, 0.01)
        if want is None:
            assert np.isnan(value)
        else:
            assert value == pytest.approx(want, rel=1e-12)
    assert np.isnan(got).any() and np.isfinite(got).any()


def test_ols_aic_matches_statsmodels() -> None:
    gen = rng(1, "aic")
    x = gen.uniform(1, 10, 12)
    y = 3 + 2 * x + gen.normal(0, 1, 12)
    res = sm.OLS(y, sm.add_constant(x)).fit()
    a, b, aic = growth.ols_aic(x, y)
    assert (a, b) == pytest.approx(tuple(res.params), rel=1e-10)
    assert aic == pytest.approx(res.aic, rel=1e-10)
    w = growth.akaike_weights([aic, aic + 2])
    assert w == pytest.approx([1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1))])


def planted_errors(
    m_of_n, reps: int = 30, noise: float = 0.01, seed: int = 0, study: str = "dimension"
):
    """Per-replicate errors whose mean curve is ``a + eps * m_eps(n) / m`` (so the band
    ``a + eps`` is crossed exactly at ``m_eps(n)``), for a generative and a discriminative
    model with planted m_eps functions."""
    eps, a = 0.01, 0.1
    gen = rng(seed, "planted")
    rows, asym = [], []
    for n in NS:
        sep = 0.375 * np.sqrt(n) if study == "dimension_theorem" else 2.0
        dataset = f"correlated_gaussian-n{n}-l0-s{sep:.12g}-p0.5"
        for role, model in (("generative", "nb"), ("discriminative", "lr")):
            target = m_of_n[role](n)
            for m in M_GRID:
                err = a + eps * target / m + gen.normal(0, noise, reps)
                rows.append(pd.DataFrame({
                    "study": study, "dataset": dataset, "family": "correlated_gaussian",
                    "level": 0.0, "n_features": n, "separation": sep, "prior": 0.5,
                    "pair": "nb_lr", "model": model, "role": role, "m": int(m),
                    "replicate": np.arange(reps), "test_error": err,
                }))  # fmt: skip
            asym.append({"study": study, "dataset": dataset, "pair": "nb_lr",
                         "model": model, "role": role, "asymptotic_error": a})  # fmt: skip
    return pd.concat(rows, ignore_index=True), pd.DataFrame(asym)


def growth_rows(errors: pd.DataFrame, asym: pd.DataFrame, n_boot: int = 200) -> pd.DataFrame:
    m_eps = sample_complexity.m_epsilon_table(errors, asym, 0.01)
    return sample_complexity.growth_table(
        errors, asym, m_eps, eps=0.01, alpha=0.05, min_delta_aic=2.0, seed=3, n_boot=n_boot
    ).set_index("role")


def test_planted_exponents_recovered_within_ci() -> None:
    b_gen, b_dis = 0.3, 1.0
    errors, asym = planted_errors(
        {"generative": lambda n: 40 * n**b_gen, "discriminative": lambda n: 30 * n**b_dis}
    )
    g = growth_rows(errors, asym)
    for role, b in (("generative", b_gen), ("discriminative", b_dis)):
        r = g.loc[role]
        assert r.n_points == len(NS)
        assert r.exponent_ci_low <= b <= r.exponent_ci_high
        assert abs(r.exponent - b) < 0.1
        assert r.exponent_ci_high - r.exponent_ci_low < 0.4
    gen_row = g.loc["generative"]
    assert gen_row.exponent_gap_ci_low <= b_dis - b_gen <= gen_row.exponent_gap_ci_high
    assert gen_row.exponent_gap_p < 0.05
    # linear growth: the AIC prefers m_eps = a + b n, and most bootstrap samples agree
    dis = g.loc["discriminative"]
    assert dis.delta_aic < -2 and dis.weight_log_n < 0.05 and dis.boot_n > 0.7
    assert dis.boot_log_n + dis.boot_n + dis.boot_undecided == pytest.approx(1.0)


def test_planted_log_growth_prefers_log_form() -> None:
    errors, asym = planted_errors(
        {"generative": lambda n: 50 + 60 * np.log(n), "discriminative": lambda n: 20 * n},
        noise=0.01,
    )
    g = growth_rows(errors, asym)
    gen_row = g.loc["generative"]
    assert gen_row.delta_aic > 2 and gen_row.weight_log_n > 0.9
    # the bootstrap frequency of a decisive choice is the honest uncertainty (the Akaike weight
    # treats the m_eps as exact): it favours log n, less sharply
    assert gen_row.boot_log_n > 0.5 and gen_row.boot_n < 0.1
    assert gen_row.exponent < 0.7  # sub-linear


def test_bootstrap_is_deterministic_and_flags_missing_m_eps() -> None:
    # n = 128's curve never reaches the band: its m_eps is NaN, the fit uses 6 dimensions
    errors, asym = planted_errors(
        {
            "generative": lambda n: 40 * n**0.5 if n < 128 else 1e9,
            "discriminative": lambda n: 30 * n,
        }
    )
    a, b = growth_rows(errors, asym, 50), growth_rows(errors, asym, 50)
    pd.testing.assert_frame_equal(a, b)
    assert a.loc["generative"].n_points == len(NS) - 1
    assert np.isfinite(a.loc["generative"].exponent)


def test_theorem_regime_rules_on_planted_sweeps() -> None:
    """Claim 4's secondary rules read only the per-feature sweep: planted log growth of the
    generative model and linear growth of the discriminative one are supported; the same
    curves in the fixed-separation sweep give no secondary rows."""
    m_of_n = {"generative": lambda n: 50 + 60 * np.log(n), "discriminative": lambda n: 20 * n}
    parts = [
        planted_errors(m_of_n, noise=0.004, study=s) for s in ("dimension", "dimension_theorem")
    ]
    errors = pd.concat([p[0] for p in parts], ignore_index=True)
    asym = pd.concat([p[1] for p in parts], ignore_index=True)
    m_eps = sample_complexity.m_epsilon_table(errors, asym, 0.01)
    assert set(m_eps["design"]) == {"fixed_separation", "per_feature_separation"}
    theorem_scopes = set(m_eps.loc[m_eps["study"] == "dimension_theorem", "scope"])
    assert theorem_scopes == {"dimension_theorem/correlated_gaussian-l0-f0.375-p0.5/nb_lr"}
    grow = sample_complexity.growth_table(
        errors, asym, m_eps, eps=0.01, alpha=0.05, min_delta_aic=2.0, seed=1, n_boot=200
    )
    tables = {"growth": grow}
    rule = VerdictRule()
    rows = []
    for cid, rid in (
        ("m_eps_log_n", "theorem_regime_aic_bootstrap"),
        ("m_eps_linear_n", "theorem_regime_aic_bootstrap"),
        ("m_eps_slope_gap", "theorem_regime_exponent_gap"),
    ):
        rows += [r | {"rule": rid} for r in claim_rules.RULES[cid][rid](tables, rule)]
    table = claims.finalize_claims(rows, rule).set_index("claim")
    assert len(table) == 3
    assert all(s.startswith("dimension_theorem/") for s in table["scope"])
    assert table.loc["m_eps_linear_n", "verdict"] == "supported"
    assert table.loc["m_eps_slope_gap", "verdict"] == "supported"
    assert table.loc["m_eps_log_n", "verdict"] in ("supported", "inconclusive")
    assert table.loc["m_eps_log_n", "estimate"] > 2
    assert "growth exponent" in table.loc["m_eps_log_n", "detail"]
