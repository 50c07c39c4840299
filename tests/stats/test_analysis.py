"""End-to-end tests of the statistics orchestration on errors tables with planted truth."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml
from snakemake.utils import validate

from gendisc.data import splits
from gendisc.stats import (
    analysis,
    claims,
    crossovers,
    misspecification,
    multiplicity,
    pool_variance,
    registry,
    sample_complexity,
    theory,
)
from gendisc.stats import calibration as calibration_stats
from gendisc.study import calibration, columns
from gendisc.study import design as study_config
from gendisc.study.options import RunOptions

from conftest import REPO
from factories import cell_rows

ALPHA = 0.05
LEVELS = (0.0, 0.5, 1.0)
SYN_M = (4, 8, 16, 32, 64, 128, 256, 512, 1024)
DIMS = (2, 4, 8, 16, 32, 64)
DIM_M = tuple(2**k for k in range(1, 13))
DELTAS = (1.0, 2.0, 3.0)
EFRON_M = (50, 100, 200, 400)
UCI_POOLS = {"toy_a": 300, "toy_b": 500, "toy_c": 800}
UCI_M = (5, 10, 20, 50, 100, 200)
EPS = 0.01


def _gap(level: float) -> float:
    """Planted asymptotic gap err_gen - err_dis of a synthetic setting."""
    return 0.05 + 0.05 * level


def _m_star(gap: float) -> float:
    """Where a_g + 0.3 m^-1/2 meets a_d + 1.2 m^-1/2."""
    return (0.9 / gap) ** 2


def _rows(rng, *, m, eg, ed, sd, reps, n, sep, bayes=0.1, **values) -> pd.DataFrame:
    """One cell's rows at ``m`` (:func:`factories.cell_rows`), prior 0.5."""
    return cell_rows(rng, m, (eg, ed), sd, reps, n_features=n, separation=sep, prior=0.5,
                     bayes_error=bayes, **values)  # fmt: skip


def _sid(family: str, n: int, level: float, sep: float) -> str:
    return f"{family}-n{n}-l{level:g}-s{sep:g}-p0.5"


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, pd.DataFrame]:
    """An errors table and an asymptotic table whose every claim has a known answer."""
    rng = np.random.default_rng(2001)
    frames, asym = [], []
    fam = "correlated_gaussian"
    for level in LEVELS:  # curves cross at m* = (0.9 / gap)^2; the gap grows with the level
        sid, a_d = _sid(fam, 4, level, 2.0), 0.15
        a_g = a_d + _gap(level)
        for m in SYN_M:
            frames.append(_rows(rng, study="synthetic", dataset=sid, family=fam, level=level, n=4,
                                sep=2.0, pair="nb_lr", m=m, eg=a_g + 0.3 * m**-0.5,
                                ed=a_d + 1.2 * m**-0.5, sd=0.01, reps=30, n_test=5000))  # fmt: skip
        asym += [("synthetic", sid, "nb_lr", "generative", a_g + rng.normal(0, 1e-3)),
                 ("synthetic", sid, "nb_lr", "discriminative", a_d)]  # fmt: skip
    for n in DIMS:  # m_eps of NB grows like log n, of LR like n
        sid = _sid(fam, n, 0.0, 2.0)
        k_g, k_d = 4.0 * (1.0 + np.log(n)), 3.0 * n + 3.0
        for m in DIM_M:
            frames.append(_rows(rng, study="dimension", dataset=sid, family=fam, level=0.0, n=n,
                                sep=2.0, pair="nb_lr", m=m, eg=0.1 + 0.4 * np.exp(-m / k_g),
                                ed=0.1 + 0.4 * np.exp(-m / k_d), sd=0.002, reps=20,
                                n_test=5000))  # fmt: skip
        asym += [("dimension", sid, "nb_lr", role, 0.1) for role in columns.ROLES]
    for delta in DELTAS:  # excess errors k/m (LDA) and k/(ARE m) (LR)
        sid, are = _sid(fam, 2, 0.0, delta), theory.efron_are(delta, 0.5, 2)
        for m in EFRON_M:
            frames.append(_rows(rng, study="efron", dataset=sid, family=fam, level=0.0, n=2,
                                sep=delta, pair="lda_lr", m=m, eg=0.1 + 2.0 / m,
                                ed=0.1 + 2.0 / (are * m), sd=0.001, reps=100,
                                n_test=5000))  # fmt: skip
    for name, size in UCI_POOLS.items():  # resampled design: test set = rest of the pool
        for m in UCI_M:
            frames.append(_rows(rng, study="uci", dataset=name, family="", level=np.nan, n=6,
                                sep=np.nan, pair="nb_lr", m=m, eg=0.3 + 0.3 * m**-0.5,
                                ed=0.2 + 1.2 * m**-0.5, sd=0.01, reps=40, n_test=size - m,
                                bayes=np.nan))  # fmt: skip
    errors = columns.sort_rows(columns.conform(pd.concat(frames, ignore_index=True)))
    asymptotic = pd.DataFrame(
        asym, columns=["study", "dataset", "pair", "role", "asymptotic_error"]
    ).assign(model="m", n_train=200_000, n_test=200_000)
    # discordant counts on the shared test set: 1000 examples each way plus the planted gap
    wide = asymptotic.pivot_table(index=["dataset", "pair"], columns="role",
                                  values="asymptotic_error")  # fmt: skip
    gap = (wide["generative"] - wide["discriminative"]) * 200_000
    only = {"generative": 1000 + gap.clip(lower=0), "discriminative": 1000 + (-gap).clip(lower=0)}
    asymptotic["n_only_wrong"] = [
        round(only[r.role][(r.dataset, r.pair)]) for r in asymptotic.itertuples()
    ]
    return errors, asymptotic


@pytest.fixture(scope="module")
def tables(planted) -> dict[str, pd.DataFrame]:
    errors, asymptotic = planted
    cfg = analysis.StatsConfig(rule=claims.VerdictRule(alpha=ALPHA), n_boot=300, seed=5)
    out = {"cells": analysis.cell_table(errors, ALPHA)}
    out["crossovers"] = analysis.crossover_table(errors, seed=5, n_boot=300, alpha=ALPHA)
    out["m_eps"], out["complexity"] = sample_complexity.sample_complexity_tables(
        errors, asymptotic, eps=EPS, alpha=ALPHA
    )
    out["efron"] = sample_complexity.efron_table(errors, seed=5, n_boot=300, alpha=ALPHA)
    out["settings"], out["trends"] = misspecification.misspecification_tables(
        asymptotic, errors, out["crossovers"], ALPHA
    )
    names = {"cells": "cells", "crossovers": "crossovers", "complexity": "complexity",
             "efron": "efron", "misspecification": "settings"}  # fmt: skip
    inputs = {k: out[v] for k, v in names.items()}
    reg = registry.load_registry(REPO / "config" / "claims.yaml")
    out["claims"], out["across"], out["sensitivity"] = analysis.claims_tables(inputs, reg, cfg)
    return out


def _verdicts(table: pd.DataFrame, claim: str) -> pd.Series:
    return table.loc[table["claim"] == claim].set_index("scope")["verdict"]


def test_claims_table_has_every_claim_and_scope(tables):
    everything = tables["claims"]
    assert list(everything.columns) == list(claims.CLAIM_COLUMNS)
    assert set(everything["verdict"]) <= set(claims.VERDICTS)
    assert not everything.duplicated(["claim", "scope", "rule"]).any()
    # every claim once under its primary rule; the secondary rules repeat claims 1, 2, 3, 5, 6
    table = everything[everything["primary"]]
    assert (everything["claim"].value_counts() - table["claim"].value_counts()).to_dict() == {
        c: 0 for c in table["claim"].unique()
    } | {
        "generative_better_small_m": len(LEVELS) + len(UCI_POOLS),
        "curves_cross": len(LEVELS) + len(UCI_POOLS),
        "misspecification_widens_gap": 2,  # dimension intercepts; level x n interaction
        "discriminative_not_worse_asymptotically": 2 * len(LEVELS),  # synthetic settings only
        "efron_efficiency": 2 * len(DELTAS),  # largest m; smallest m below the separable rate
    }
    sens = tables["sensitivity"].set_index(["claim", "rule"])
    assert sens[list(claims.VERDICTS)].sum(axis=1).equals(sens["n"])
    counts = table["claim"].value_counts().to_dict()
    n_cells = len(LEVELS) + len(UCI_POOLS)
    assert counts == {
        "generative_better_small_m": n_cells,
        "discriminative_not_worse_asymptotically": n_cells,
        "curves_cross": n_cells,
        "generative_better_small_m_across_datasets": 2,
        "discriminative_better_large_m_across_datasets": 2,
        "m_eps_log_n": 1,
        "m_eps_linear_n": 1,
        "m_eps_slope_gap": 1,
        "misspecification_widens_gap": 1,
        "efron_efficiency": len(DELTAS),
    }
    # Holm within each claim: adjusted p >= raw p, and equal when a claim has one p-value
    ok = table["p_value"].notna()
    assert (table.loc[ok, "p_adjusted"] >= table.loc[ok, "p_value"] - 1e-12).all()


def test_planted_truths_get_supported(tables):
    table = tables["claims"]
    table = table[table["primary"]]
    for claim in ("m_eps_log_n", "m_eps_linear_n", "m_eps_slope_gap",
                  "misspecification_widens_gap", "efron_efficiency"):  # fmt: skip
        assert (_verdicts(table, claim) == "supported").all(), claim
    for claim in ("generative_better_small_m", "curves_cross",
                  "discriminative_not_worse_asymptotically"):  # fmt: skip
        v = _verdicts(table, claim)
        assert (v[v.index.str.startswith("synthetic/")] == "supported").all(), claim
    # claim 2 on the asymptotic errors: paired on the shared test set, the planted gaps
    # (>= 0.05) are noninferior with an interval narrower than the independent binomials'
    mis = tables["settings"]
    assert (mis["gap_paired_ci_high"] - mis["gap_paired_ci_low"]
            < mis["gap_ci_high"] - mis["gap_ci_low"]).all()  # fmt: skip
    paired_rows = tables["claims"][tables["claims"]["rule"] == "asymptotic_errors_paired"]
    assert len(paired_rows) and (paired_rows["verdict"] == "supported").all()
    # UCI: the conservative corrected t may leave a true effect inconclusive, never reversed
    small = _verdicts(table, "generative_better_small_m")
    assert (small[small.index.str.startswith("uci/")] != "contradicted").all()
    assert (small[small.index.str.startswith("uci/")] == "supported").any()


def test_crossovers_recover_the_planted_m_star(tables):
    x = tables["crossovers"].set_index(["study", "dataset"])
    m = np.array(SYN_M, dtype=float)
    for level in LEVELS:
        row = x.loc[("synthetic", _sid("correlated_gaussian", 4, level, 2.0))]
        assert row["m_star"] == pytest.approx(_m_star(_gap(level)), rel=0.3)
        # the finder interpolates in log m between grid points: the interpolated true curve's
        # root is what the bootstrap interval must cover
        on_grid = crossovers.crossover(m, _gap(level) - 0.9 * m**-0.5)
        assert row["ci_low"] <= on_grid <= row["ci_high"]
        assert row["p_cross"] > 0.95
    # LDA's excess error stays below LR's at every m: no crossing at Delta = 3
    no_cross = x.loc[("efron", _sid("correlated_gaussian", 2, 0.0, 3.0))]
    assert np.isnan(no_cross["m_star"]) and no_cross["p_cross"] < 0.05


def test_cells_designs_and_bh(tables):
    cells = tables["cells"]
    assert (cells.loc[cells["study"] == "uci", "anchor"] == "corrected_resampled_t").all()
    assert (cells.loc[cells["study"] != "uci", "anchor"] == "paired_t").all()
    # the conservative anchor is wider than the interval conditional on the dataset
    uci = cells[cells["study"] == "uci"]
    assert ((uci["anchor_ci_high"] - uci["anchor_ci_low"])
            > (uci["naive_ci_high"] - uci["naive_ci_low"])).all()  # fmt: skip
    assert (cells["p_bh"] >= cells["anchor_p"] - 1e-12).all()
    assert (cells["bh_significant"] == (cells["p_bh"] < ALPHA)).all()
    # BH families are (study, family): each family's p_bh is BH over that family alone
    for study in ("synthetic", "uci", "efron"):
        fam = cells[cells["study"] == study]
        bh = multiplicity.adjust_pvalues(fam["anchor_p"].to_numpy(float), "fdr_bh")
        assert np.allclose(fam["p_bh"], bh, equal_nan=True), study


def test_m_epsilon_and_fits_match_the_planted_curves(tables):
    m_eps = tables["m_eps"]
    assert len(m_eps) == 2 * len(DIMS) and m_eps["m_eps"].notna().all()
    gen = m_eps[m_eps["role"] == "generative"].sort_values("n_features")
    # planted m_eps = k log(0.4 / eps), up to the log-m interpolation on a doubling grid
    expect = 4.0 * (1.0 + np.log(gen["n_features"])) * np.log(0.4 / EPS)
    assert np.allclose(gen["m_eps"], expect, rtol=0.35)
    fits = tables["complexity"].set_index(["role", "regressor"])
    assert fits.loc[("generative", "log_n"), "aic"] < fits.loc[("generative", "n"), "aic"]
    assert fits.loc[("discriminative", "n"), "aic"] < fits.loc[("discriminative", "log_n"), "aic"]
    slope = fits.loc[("discriminative", "n"), "slope"]
    assert slope == pytest.approx(3.0 * np.log(0.4 / EPS), rel=0.3)


def test_efron_table_pools_match_theory(tables):
    pooled = tables["efron"][tables["efron"]["m"] == -1]
    assert len(pooled) == len(DELTAS)
    assert np.allclose(pooled["efficiency"], pooled["theory"], atol=0.05)
    assert (pooled["ci_low"] <= pooled["theory"]).all() and (
        pooled["theory"] <= pooled["ci_high"]
    ).all()


def test_misspecification_tables(tables):
    settings, trends = tables["settings"], tables["trends"]
    assert np.allclose(settings.sort_values("level")["gap"], [_gap(v) for v in LEVELS], atol=0.005)
    assert (settings["gap_ci_low"] < settings["gap"]).all()
    gap = trends[trends["y"] == "gap"].iloc[0]
    assert gap["slope"] == pytest.approx(0.05, abs=0.01)
    m_star = trends[trends["y"] == "log_m_star"].iloc[0]
    assert m_star["slope"] < 0  # a wider gap crosses earlier


def test_across_datasets_counts(tables):
    across = tables["across"].set_index(["study", "which"])
    small = across.loc[("uci", "smallest")]
    assert small["n_datasets"] == len(UCI_POOLS)
    assert small["wins"] + small["ties"] + small["losses"] == len(UCI_POOLS)
    assert small["rank_biserial"] == pytest.approx(1.0)


# ------------------------------------------------------------------------------------ calibration


def _design(**kw) -> calibration.CalibrationDesign:
    section = {"family": "correlated_gaussian", "level": 0.67, "n_features": 3,
               "separation": 2.0, "prior": 0.5, "pair": "nb_lr", "pool_sizes": [40, 60],
               "pools": 6, "replicates": 6, "m": [5, 20], "truth_replicates": 60,
               "truth_n_test": 300} | kw  # fmt: skip
    return calibration.CalibrationDesign.from_config(section)


def test_calibration_study_end_to_end():
    design = _design()
    opts = RunOptions(seed=3, n_mc=1000)
    pools = pd.concat([calibration.pool_errors(design, n, opts) for n in (40, 60)])
    again = calibration.pool_errors(design, 40, opts)
    pd.testing.assert_frame_equal(again, pools[pools["n_test"] + pools["m"] == 40])
    assert set(pools["study"]) == {"calibration"}
    assert pools["dataset"].nunique() == 2 * design.pools
    truth = calibration.truth_errors(design, opts)
    true = calibration_stats.true_differences(truth).set_index("m")
    wide = truth.pivot_table(index=["m", "replicate"], columns="role", values="test_error")
    manual = (wide["generative"] - wide["discriminative"]).groupby("m").mean()
    assert np.allclose(true["true_d"], manual)
    parts = pd.concat([
        pool_variance.pool_variance_parts(
            *calibration.draw_pool(design, n, k, 3), dataset=calibration.pool_id(design, n, k),
            pair=design.pair, m_grid=design.m, replicates=range(design.replicates), seed=3,
            draw_train=splits.draw_train_indices, study=calibration.STUDY)
        for n in (40, 60) for k in range(design.pools)
    ])  # fmt: skip
    table = calibration_stats.coverage_table(pools, truth, ALPHA, parts)
    assert len(table) == 2 * 2 * 3  # pool sizes x m x estimators
    assert set(table["estimator"]) == {"naive_paired_t", "corrected_resampled_t", "pool_t"}
    assert table["n_cells"].eq(design.pools).all()
    assert table["coverage"].between(0, 1).all()
    width = table.pivot_table(index=["pool_size", "m"], columns="estimator",
                              values="mean_half_width")  # fmt: skip
    assert (width["corrected_resampled_t"] > width["naive_paired_t"]).all()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"m": [5, 40]}, "smallest pool size"),
        ({"pair": "bnb_lr"}, "bnb_lr"),
        ({"level": 1.5}, "level"),
    ],
)
def test_calibration_design_rejects_bad_values(change, message):
    with pytest.raises(ValueError, match=message):
        _design(**change)


def _config(overlay: dict | None = None) -> dict:
    config = copy.deepcopy(yaml.safe_load((REPO / "config" / "config.yaml").read_text()))
    for key, value in (overlay or {}).items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    validate(config, str(REPO / "config" / "config.schema.yaml"))
    return config


def test_config_sections_and_checks():
    config = _config()
    cfg = analysis.StatsConfig.from_config(config)
    assert cfg.holm_by == ("claim",) and cfg.rule.alpha == config["stats"]["alpha"]
    assert "within each claim" in cfg.describe()
    assert study_config.calibration_design(config).pool_sizes == (200, 350, 770)
    with pytest.raises(study_config.ConfigError, match="config key 'calibration'"):
        study_config.check(_config({"calibration": {"m": [10, 250]}}))
    with pytest.raises(study_config.ConfigError, match=r"stats\.efron_m_min"):
        study_config.check(_config({"stats": {"efron_m_min": 100000}}))
    # defaults fill a config without the new sections
    bare = copy.deepcopy(config)
    del bare["stats"], bare["calibration"]
    validate(bare, str(REPO / "config" / "config.schema.yaml"))
    assert bare["stats"]["holm_by"] == ["claim"] and bare["calibration"]["pools"] == 100
