"""A planted study for the report's tests: every report table computed by the pipeline's own
functions from an errors table whose curves cross (naive Bayes better at small m)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendisc.report import build
from gendisc.report.common import ReportInputs, Tables
from gendisc.stats import analysis, misspecification, registry, sample_complexity
from gendisc.study import c_sweep, columns, summary

from conftest import REPO
from factories import cell_rows

HOSTILE = "<script>alert('x')</script>\"'&<img src=x onerror=alert(1)>"


def _rows(study, dataset, family, level, n, sep, prior, pair, models, ms, err, rng, bayes):
    """Errors rows of one (study, dataset, pair): err(role, m) + noise, 8 replicates."""
    reps = 8
    return [
        cell_rows(rng, m, tuple(err(role, m) for role in columns.ROLES), 0.01, reps, models,
                  study=study, dataset=dataset, family=family, level=level, n_features=n,
                  separation=sep, prior=prior, pair=pair,
                  stream_id=np.repeat(1000 * m + np.arange(reps), 2),
                  n_test=2000 if study != "uci" else 768 - m, separable=m <= 8,
                  n_warnings=np.tile([0, int(m == 4)], reps), bayes_error=bayes)
        for m in ms
    ]  # fmt: skip


def planted_errors() -> tuple[pd.DataFrame, pd.DataFrame]:
    """An errors table whose curves cross (NB better at small m), and its asymptotic table."""
    rng = np.random.default_rng(5)
    nb = ("shared_variance_nb", "logistic_regression")
    ms = [4, 16, 64, 256]
    rows, asym = [], []

    def curve(gen_a, dis_a):
        return lambda role, m: (gen_a + 0.3 / np.sqrt(m)) if role == "generative" else (
            dis_a + 1.2 / np.sqrt(m))  # fmt: skip

    for level in (0.0, 0.5, 1.0):
        ds = f"correlated_gaussian-n4-l{level:g}"
        gen_a, dis_a = 0.16 + 0.1 * level, 0.16
        rows += _rows("synthetic", ds, "correlated_gaussian", level, 4, 2.0, 0.5, "nb_lr", nb,
                      ms, curve(gen_a, dis_a), rng, 0.159)  # fmt: skip
        asym += [("synthetic", ds, "nb_lr", nb[0], "generative", gen_a),
                 ("synthetic", ds, "nb_lr", nb[1], "discriminative", dis_a)]  # fmt: skip
    for n in (2, 4, 8, 16):
        ds = f"correlated_gaussian-n{n}-l0"
        rows += _rows("dimension", ds, "correlated_gaussian", 0.0, n, 2.0, 0.5, "nb_lr", nb,
                      [2, 8, 32, 128, 512], lambda role, m, n=n: 0.16 + (
                          0.5 * np.log(n + 1) if role == "generative" else 2.0 * n) / m,
                      rng, 0.159)  # fmt: skip
        asym += [("dimension", ds, "nb_lr", nb[0], "generative", 0.16),
                 ("dimension", ds, "nb_lr", nb[1], "discriminative", 0.16)]  # fmt: skip
    for delta in (1.0, 2.0, 3.0):
        bayes = float(__import__("scipy").stats.norm.cdf(-delta / 2))
        rows += _rows("efron", f"correlated_gaussian-n2-s{delta:g}", "correlated_gaussian", 0.0,
                      2, delta, 0.5, "lda_lr", ("lda", "logistic_regression"), [50, 100, 200],
                      lambda role, m, b=bayes: b + (0.5 if role == "generative" else 0.7) / m,
                      rng, bayes)  # fmt: skip
    rows += _rows("uci", "pima", "", np.nan, 8, np.nan, 0.35, "nb_lr", nb, [2, 10, 40],
                  curve(0.26, 0.22), rng, np.nan)  # fmt: skip
    errors = columns.sort_rows(columns.conform(pd.concat(rows, ignore_index=True)))
    asymptotic = pd.DataFrame(
        asym, columns=["study", "dataset", "pair", "model", "role", "asymptotic_error"]
    ).assign(n_train=200_000, n_test=200_000)
    return errors, asymptotic


CONFIG = {
    "seed": 3,
    "engine": "fast",
    "lr_C": 1e4,
    "n_test": 2000,
    "epsilon": 0.01,
    "synthetic": {"replicates": 8},
    "uci": {"replicates": 8, "datasets": ["pima"]},
    "stats": {"alpha": 0.05, "min_effect": 0.005, "min_delta_aic": 2.0,
              "efron_tolerance": 0.1, "holm_by": ["claim"], "n_boot": 200,
              "flat_fraction": 0.1, "efron_m_min": 0},
    "note": HOSTILE,
}  # fmt: skip


def planted_tables() -> Tables:
    """Every report table computed from :func:`planted_errors` by the pipeline's functions."""
    errors, asym = planted_errors()
    cfg = analysis.StatsConfig.from_config(CONFIG)
    cells = analysis.cell_table(errors, 0.05)
    cross = analysis.crossover_table(errors, seed=1, n_boot=200, alpha=0.05)
    m_eps = sample_complexity.m_epsilon_table(errors, asym, 0.01)
    complexity = sample_complexity.sample_complexity_table(m_eps, 0.05)
    efron = sample_complexity.efron_table(errors, seed=1, n_boot=200, alpha=0.05)
    mis, trends = misspecification.misspecification_tables(asym, errors, cross, 0.05)
    inputs = {"cells": cells, "crossovers": cross, "complexity": complexity, "efron": efron,
              "misspecification": mis}  # fmt: skip
    reg = registry.load_registry(REPO / "config" / "claims.yaml")
    claims, across, sensitivity = analysis.claims_tables(inputs, reg, cfg)
    return Tables(
        summary=summary.summarise(errors, asym),
        cells=cells,
        crossovers=cross,
        m_epsilon=m_eps,
        sample_complexity=complexity,
        efron=efron,
        misspecification=mis,
        level_trends=trends,
        claims=claims,
        claims_sensitivity=sensitivity,
        across_datasets=across,
        calibration=pd.DataFrame(
            {"pool_size": [200, 200], "nominal": [0.95, 0.95],
             "m": [10, 10], "estimator": ["naive_paired_t", "corrected_resampled_t"],
             "n_cells": [40, 40], "n_covered": [20, 38], "coverage": [0.5, 0.95],
             "cov_ci_low": [0.34, 0.83], "cov_ci_high": [0.66, 0.99], "R": [50, 50],
             "mean_half_width": [0.02, 0.05]}
        ),
        c_sweep=c_sweep.run({"enabled": True, "family": "correlated_gaussian", "n_features": 2,
                             "level": 0.5, "separations": [1.0, 4.0], "prior": 0.5, "m": [8, 40],
                             "C": [0.1, 1.0, 100.0], "replicates": 6, "n_test": 500}, seed=3),
    )  # fmt: skip


PROVENANCE = {"config_hash": "abc", "git_commit": HOSTILE, "packages": {"numpy": "2"}, "seed": 3}
RUN = {"jobs": 3, "wall seconds": 12.0, "machine cores": 2}


def planted_inputs(tables: Tables | None = None) -> ReportInputs:
    """The report's inputs: the planted tables, hostile strings in every free-text field."""
    return ReportInputs(
        tables if tables is not None else planted_tables(),
        CONFIG,
        PROVENANCE,
        RUN,
        skipped={"boston": HOSTILE},
        seeds=7,
    )


def planted_report(workers: int = 1) -> build.Report:
    """The report of the planted study."""
    return build.build(planted_inputs(), workers=workers)
