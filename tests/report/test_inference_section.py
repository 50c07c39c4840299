"""The inference section: rule sensitivity sentences, degenerate cells, interval coverage."""

from __future__ import annotations

import pandas as pd

from gendisc.report.common import Tables
from gendisc.report.sections import inference


def _sens(rows: list[tuple[str, str, bool, dict[str, int]]]) -> pd.DataFrame:
    kinds = ("supported", "contradicted", "negligible", "inconclusive", "degenerate")
    return pd.DataFrame([{"claim": c, "rule": r, "primary": p} | {k: v.get(k, 0) for k in kinds}
                         for c, r, p, v in rows])  # fmt: skip


def test_rule_sentences_say_what_holds_under_every_rule():
    sens = _sens([
        ("c1", "first", True, {"supported": 6, "contradicted": 88, "inconclusive": 10}),
        ("c1", "later", False, {"supported": 57, "contradicted": 35, "inconclusive": 12}),
        ("c5", "a", True, {"supported": 3}),
        ("c5", "b", False, {"supported": 3}),
        ("c6", "only", True, {"supported": 1}),
    ])  # fmt: skip
    s = inference.rule_sentences(sens)
    assert len(s) == 2  # a claim with one rule has nothing to compare
    assert s[0].startswith("c1: the verdicts depend on the rule")
    assert "first (primary): 6 supported, 88 contradicted, 10 inconclusive" in s[0]
    assert s[1].startswith("c5: the same verdict counts under all 2 rules")


def test_degenerate_counts_and_coverage_table():
    cells = pd.DataFrame({"study": ["uci", "uci", "synthetic"], "m": [2, 2, 4],
                          "degenerate": [True, False, False],
                          "degenerate_reason": ["no_variance", "", ""]})  # fmt: skip
    deg = inference.degenerate_counts(Tables(summary=pd.DataFrame(), cells=cells))
    assert deg.to_dict("records") == [{"study": "uci", "degenerate_reason": "no_variance",
                                       "cells": 1, "smallest_m": 2, "largest_m": 2}]  # fmt: skip
    cal = pd.DataFrame({"pool_size": 200, "m": [10, 10], "estimator": ["pool_t", "naive_paired_t"],
                        "coverage": [0.95, 0.8], "mean_half_width": [0.04, 0.02]})  # fmt: skip
    wide = inference.pool_coverage(cal).iloc[0]
    assert wide["coverage pool_t"] == 0.95 and wide["mean_half_width naive_paired_t"] == 0.02


def test_coverage_note_says_whether_the_band_is_met():
    cal = pd.DataFrame({"pool_size": [200, 200, 770], "m": [10, 60, 10],
                        "estimator": ["pool_t"] * 3, "coverage": [0.95, 0.99, 0.96],
                        "coverage_se": [0.007, 0.003, 0.006]})  # fmt: skip
    note = inference.coverage_note(cal)
    assert note.startswith("Not calibrated") and "1 cells (1 above, 0 below)" in note
    ok = inference.coverage_note(cal.assign(coverage=[0.95, 0.94, 0.96]))
    assert ok.startswith("The pool interval's coverage lies within 0.93-0.97 in every")
    assert inference.coverage_note(cal.assign(estimator="naive_paired_t")) == ""


def test_rule_table_prints_every_rule_of_claims_1_to_6_with_its_date():
    rules = inference.rule_table()
    assert set(rules["number"]) == {1, 2, 3, 4, 5, 6}
    assert (rules.groupby("claim")["primary"].sum() == 1).all()
    assert {"asymptotic_errors_paired", "relative_tolerance_separable_threshold"} <= set(
        rules["rule"]
    )
    assert rules["declared"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
