"""The Fidelity section: agreement with the paper's curves computed from the summary table."""

from __future__ import annotations

import pandas as pd
import pytest

from gendisc.data import reference
from gendisc.report.common import ReportInputs, Tables
from gendisc.report.sections import fidelity


def _summary(shift_gnb: float = 0.05, shift_lr: float = 0.0) -> pd.DataFrame:
    pima = reference.curves().query("dataset == 'pima'")
    rows = []
    for pair, gen_shift in (("nb_lr", 0.0), ("gnb_lr", shift_gnb)):
        for r in pima.itertuples():
            rows.append(
                {
                    "study": "uci", "dataset": "pima", "pair": pair, "m": r.m,
                    "err_generative": r.naive_bayes + gen_shift,
                    "err_discriminative": r.logistic_regression + shift_lr,
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


def _table(content, tid):
    t = content.table(tid)
    assert t is not None
    return pd.DataFrame([[c[0] for c in row] for row in t.rows], columns=list(t.columns))


def test_agreement_and_reading_scores_from_planted_curves():
    config = {"uci": {"lr_separable": "random_separator"}}
    content = fidelity.build(ReportInputs(Tables(summary=_summary(0.05, 0.01)), config))
    assert "criterion" in content.lead and "0.000 for naive Bayes" in content.lead
    assert "0.010 for logistic regression" in content.lead
    adv_paper, adv_ours = fidelity.fidelity.small_m_advantage(
        fidelity.ours_curves(_summary(0.05, 0.01)), reference.curves()
    )
    assert adv_ours == pytest.approx(adv_paper + 0.01)
    assert (
        f"paper {adv_paper:.3f}, ours {adv_ours:.3f} with the random_separator rule" in content.lead
    )
    ours = fidelity.ours_curves(_summary(0.05, 0.01))
    ours_gnb = fidelity.ours_curves(_summary(0.05, 0.01), "gnb_lr")
    assert (ours_gnb["naive_bayes"] - ours["naive_bayes"]).round(12).eq(0.05).all()
    readings = fidelity.readings_table(
        config, {"nb_variance": {"shared": (0.005, 1), "per_class": (0.03, 1)}}
    ).set_index("reading")
    assert readings.loc["nb_variance", "choice by the criterion"] == "shared"
    assert readings.loc["lr_separable", "this run"] == "random_separator"
    assert readings.loc["scaling", "config key"] == "fixed in this study"
    assert len(readings) == 8


def test_section_builds_without_uci_rows():
    empty = _summary().iloc[:0]
    content = fidelity.build(ReportInputs(Tables(summary=empty), {}))
    assert content.table("fidelity-readings") is not None
    assert content.table("fidelity-panels") is None


@pytest.mark.parametrize("alt", list(fidelity.NB_VARIANCE_PAIRS))
def test_nb_variance_alternatives_name_registered_pairs(alt):
    from gendisc.models.pairs import PAIRS

    assert fidelity.NB_VARIANCE_PAIRS[alt] in PAIRS


def test_figure1_panels_draw_the_papers_curves():
    from gendisc.report.sections import figure1

    summary = _summary().assign(se_generative=0.01, se_discriminative=0.01)
    fig = figure1.figure1(summary, ["pima", "liver"], {}, reference.curves())
    pima_ax = fig.axes[0]
    paper = {ln.get_label(): ln for ln in pima_ax.get_lines() if ln.get_label().startswith("paper")}
    assert set(paper) == {"paper (NB)", "paper (LR)"}
    ref = reference.curves().query("dataset == 'pima'")
    assert list(paper["paper (LR)"].get_ydata()) == list(ref["logistic_regression"])
    assert paper["paper (NB)"].get_color() == "0.55"
    assert not [ln for ln in fig.axes[1].get_lines() if ln.get_label().startswith("paper")]


def test_nb_variance_follows_the_criterion():
    # GaussianNB on the paper's curve, the shared-variance NB 0.05 off: per class is chosen
    summary = _summary(0.0, 0.0)
    summary.loc[summary["pair"] == "nb_lr", "err_generative"] += 0.05
    content = fidelity.build(ReportInputs(Tables(summary=summary), {}))
    assert "continuous panels (chosen by the criterion among those run): per_class" in content.lead
    assert "0.000 for naive Bayes" in content.lead


def test_max_margin_arm_is_scored_drawn_and_its_claims_counted():
    from gendisc.report.sections import figure1

    rs = _summary(0.05, 0.0)  # random separator: LR on the paper's curve
    arm = _summary(0.05, 0.0).assign(study="uci_max_margin")
    arm["err_discriminative"] -= 0.02  # max-margin LR 0.02 better everywhere
    summary = pd.concat([rs, arm], ignore_index=True)
    claims = pd.DataFrame({
        "claim": ["generative_better_small_m"] * 2 + ["curves_cross"] * 2,
        "scope": ["uci/pima/nb_lr"] * 4,
        "rule": ["smallest_m", "max_margin_lr_smallest_m"] * 2,
        "verdict": ["supported", "contradicted", "supported", "inconclusive"],
    })  # fmt: skip
    config = {"uci": {"lr_separable": "random_separator"}}
    content = fidelity.build(ReportInputs(Tables(summary=summary, claims=claims), config))
    # the arm's NB advantage is 0.02 smaller: the share from the rule is 0.02 / advantage
    _, adv_rs = fidelity.fidelity.small_m_advantage(fidelity.ours_curves(rs), reference.curves())
    adv_mm = adv_rs - 0.02
    assert f"random separator {adv_rs:.3f}, max-margin {adv_mm:.3f}" in content.lead
    assert f"{0.02 / adv_rs:.0%} of the advantage" in content.lead
    arm_panels = _table(content, "fidelity-panels-max-margin").set_index("dataset")
    assert float(arm_panels.loc["pima", "mad_logistic_regression"]) == pytest.approx(0.02, abs=1e-3)
    readings = fidelity.readings_table(config, {}).set_index("reading")
    assert readings.loc["test_set", "config key"] == "fixed in this study"
    counts = _table(content, "fidelity-claims-both-rules")
    assert list(counts["claim rule"]) == ["smallest_m", "max_margin_lr_smallest_m"] * 2
    assert list(counts["verdicts"]) == ["supported 1", "contradicted 1", "supported 1",
                                        "inconclusive 1"]  # fmt: skip
    assert any("max-margin" in n for n in content.notes)
    # Figure 1 draws the arm's LR curve, labelled, with its own values
    fig = figure1.figure1(summary.assign(se_generative=0.01, se_discriminative=0.01), ["pima"], {})
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    mm = arm[arm["pair"] == "nb_lr"].sort_values("m")
    assert list(lines["LR, max-margin rule"].get_ydata()) == list(mm["err_discriminative"])


def test_no_arm_text_under_the_max_margin_rule():
    config = {"uci": {"lr_separable": "max_margin"}}
    content = fidelity.build(ReportInputs(Tables(summary=_summary()), config))
    assert "max-margin rule on the same splits" not in content.lead
    assert content.table("fidelity-panels-max-margin") is None
