"""The 'beyond the learning curves' section, built from small runs of the four studies."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from gendisc.report.common import ReportInputs
from gendisc.report.rendering import render_figures
from gendisc.report.sections import beyond as section
from gendisc.stats import beyond as beyond_stats
from gendisc.stats import claims as claims_mod
from gendisc.stats.verdicts import VerdictRule
from gendisc.study import beyond
from gendisc.study.options import RunOptions

from factories.report import CONFIG, planted_inputs

BASE = {"enabled": True, "families": ["correlated_gaussian"], "levels": [0.0, 1.0],
        "n_features": 2, "replicates": 3}  # fmt: skip
SECTIONS = {
    "missing": BASE | {"m": [12], "rates": [0.0, 0.3], "mechanisms": ["mcar"], "where": ["test"],
                       "methods": ["nb", "lda", "lr_mean", "lr_reduced"], "n_test": 100},
    "hybrid": BASE | {"m": [8, 40], "lambdas": [0.0, 0.5, 1.0], "models": ["nb", "lda"],
                      "n_test": 100},
    "semisupervised": BASE | {"m": [8], "unlabelled": [0, 50], "methods": ["nb_em", "lda_em"],
                              "weight": 0.1, "n_test": 100, "textbook_replicates": 3},
    "novelty": BASE | {"m": [10], "shifts": ["near", "far"], "digits": [0, 1], "digits_m": [20],
                       "scores": ["nb_density", "lr_confidence", "mahalanobis"], "n_test": 100},
}  # fmt: skip


@pytest.fixture(scope="module")
def inputs() -> ReportInputs:
    config = {"beyond": SECTIONS}
    frames, rows = {}, []
    for name, sec in SECTIONS.items():
        table = beyond.combine(
            name,
            [
                beyond.run_cell(name, sec, c, RunOptions(seed=1, lr_C=1e4))
                for c in beyond.cells(config, name)
            ],
        )
        paired, claim_rows = beyond_stats.analyse(name, table, 0.05)
        frames[f"beyond_{name}"] = paired
        rows += [r | {"primary": True} for r in claim_rows]
    claims = claims_mod.finalize_claims(rows, VerdictRule())
    base = planted_inputs()
    tables = dataclasses.replace(base.tables, claims=claims, **frames)
    return ReportInputs(tables, CONFIG)


def test_one_figure_per_study_and_what_held(inputs):
    content = section.build(inputs)
    assert [f.stem for f in content.figures] == [f"beyond-{n}" for n in SECTIONS]
    assert {t.id for t in content.tables} >= {f"beyond-{n}-paired" for n in SECTIONS}
    (note,) = [n for n in content.notes if n.startswith("What held")]
    for claim in ("missing_generative_degrades_slower", "generative_score_separates_better"):
        assert claim in note
    drawn = render_figures(list(content.figures), 1)
    assert all(f.images["png"].startswith(b"\x89PNG") for f in drawn)


def test_held_counts_verdicts_per_rule_primary_first():
    claims = pd.DataFrame({"claim": ["c"] * 3, "primary": [True, True, False],
                           "rule": ["a", "a", "b"],
                           "verdict": ["supported", "contradicted", "negligible"]})  # fmt: skip
    assert section.held(claims, ("c",)) == (
        "c: 1 of 2 scopes supported (1 contradicted); "
        "c [secondary rule b]: 0 of 1 scopes supported (1 negligible)"
    )


def test_crossover_text_names_level_and_interval():
    paired = pd.DataFrame({
        "family": ["f", "f", "f"], "m": [10, 10, 10], "method": ["lda_em", "lda_em", "lr_self_training"],
        "unlabelled": [1000, 1000, 1000], "level": [0.0, 1.0, 0.0],
        "crossover_level": [0.4, 0.4, 0.1], "crossover_low": [0.3, 0.3, 0.0],
        "crossover_high": [0.55, 0.55, 0.2], "crossover_defined": [1.0, 1.0, 1.0],
    })  # fmt: skip
    text = section.crossover_text(paired)
    assert text.count("lda_em") == 1 and "lr_self_training" not in text
    assert "level 0.40 (95 % bootstrap interval 0.30–0.55)" in text and "U = 1000" in text
    assert section.crossover_text(paired.drop(columns="crossover_level")) == ""
