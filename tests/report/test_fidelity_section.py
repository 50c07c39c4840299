"""The Fidelity section: agreement with the paper's curves computed from the summary table."""

from __future__ import annotations

import pandas as pd
import pytest

from gendisc.data import reference
from gendisc.report.common import ReportInputs, Tables
from gendisc.report.sections import fidelity, finding


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
    config = {"uci": {"lr_separable": "random_separator", "readings": {"nb_variance": "shared"}}}
    content = fidelity.build(ReportInputs(Tables(summary=_summary(0.05, 0.01)), config))
    assert "criterion" in content.lead and "0.000 for naive Bayes" in content.lead
    assert "0.010 for logistic regression" in content.lead
    adv_paper, adv_ours = fidelity.fidelity.small_m_advantage(
        fidelity.ours_curves(_summary(0.05, 0.01), "shared"), reference.curves()
    )
    assert adv_ours == pytest.approx(adv_paper + 0.01)
    assert (
        f"paper {adv_paper:.3f}, ours {adv_ours:.3f} with the random_separator rule" in content.lead
    )
    ours = fidelity.ours_curves(_summary(0.05, 0.01), "shared")
    ours_gnb = fidelity.ours_curves(_summary(0.05, 0.01), "per_class")
    assert (ours_gnb["naive_bayes"] - ours["naive_bayes"]).round(12).eq(0.05).all()
    # per_class (the schema's default) draws GaussianNB's curve: 0.05 off the paper's
    default = fidelity.build(ReportInputs(Tables(summary=_summary(0.05, 0.01)), {}))
    assert "0.050 for naive Bayes" in default.lead
    readings = fidelity.readings_table(
        config, {"nb_variance": {"shared": (0.005, 1), "per_class": (0.03, 1)}}
    ).set_index("reading")
    assert readings.loc["nb_variance", "choice by the criterion"] == "shared"
    assert readings.loc["lr_separable", "this run"] == "random_separator"
    assert readings.loc["scaling", "config key"] == "uci.readings.scaling"
    assert readings.loc["nb_variance", "this run"] == "shared"
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


def test_nb_variance_follows_the_config_and_the_criterion_is_reported():
    # GaussianNB on the paper's curve, the shared-variance NB 0.05 off: per class is chosen
    summary = _summary(0.0, 0.0)
    summary.loc[summary["pair"] == "nb_lr", "err_generative"] += 0.05
    content = fidelity.build(ReportInputs(Tables(summary=summary), {}))
    assert "(uci.readings.nb_variance): per_class (the criterion's choice" in content.lead
    assert "among the pairs run: per_class)" in content.lead
    assert "0.000 for naive Bayes" in content.lead
    shared = {"uci": {"readings": {"nb_variance": "shared"}}}
    content = fidelity.build(ReportInputs(Tables(summary=summary), shared))
    assert "0.050 for naive Bayes" in content.lead and "run: per_class)" in content.lead
    # a run without gnb_lr falls back to nb_lr on the continuous panels
    only_nb = summary[summary["pair"] == "nb_lr"]
    assert fidelity.replica_pairs(only_nb, {}) == {"pima": "nb_lr"}


def test_max_margin_arm_is_scored_drawn_and_its_claims_counted():
    from gendisc.report.sections import figure1

    rs = _summary(0.05, 0.0)  # random separator: LR on the paper's curve
    arm = _summary(0.05, 0.0).assign(study="uci_max_margin")
    arm["err_discriminative"] -= 0.02  # max-margin LR 0.02 better everywhere
    summary = pd.concat([rs, arm], ignore_index=True)
    claims = pd.DataFrame({
        "claim": ["generative_better_small_m"] * 2 + ["curves_cross"] * 2,
        "scope": ["uci/pima/gnb_lr"] * 4,
        "rule": ["smallest_m", "max_margin_lr_smallest_m"] * 2,
        "verdict": ["supported", "contradicted", "supported", "inconclusive"],
    })  # fmt: skip
    # the shared-variance pair's rows: counted under the other NB-variance choice only
    claims = pd.concat([claims, claims.assign(scope="uci/pima/nb_lr", verdict="negligible")])
    config = {"uci": {"lr_separable": "random_separator"}}
    content = fidelity.build(ReportInputs(Tables(summary=summary, claims=claims), config))
    # the arm's NB advantage is 0.02 smaller: the share from the rule is 0.02 / advantage
    _, adv_rs = fidelity.fidelity.small_m_advantage(fidelity.ours_curves(rs), reference.curves())
    adv_mm = adv_rs - 0.02
    assert f"random separator {adv_rs:.3f}, max-margin {adv_mm:.3f}" in content.lead
    adv_paper = fidelity.fidelity.small_m_advantage(fidelity.ours_curves(rs), reference.curves())[0]
    assert f"{0.02 / adv_paper:.0%} of the paper's advantage" in content.lead
    arm_panels = _table(content, "fidelity-panels-max-margin").set_index("dataset")
    assert float(arm_panels.loc["pima", "mad_logistic_regression"]) == pytest.approx(0.02, abs=1e-3)
    readings = fidelity.readings_table(config, {}).set_index("reading")
    assert readings.loc["test_set", "config key"] == "uci.readings.test_set"
    counts = _table(content, "fidelity-claims-both-rules")
    assert list(counts["claim rule"]) == ["smallest_m", "max_margin_lr_smallest_m"] * 4
    assert list(counts["NB variance"]) == (["per_class (this run)"] * 2 + ["shared"] * 2) * 2
    assert list(counts["verdicts"]) == ["supported 1", "contradicted 1", "negligible 1",
                                        "negligible 1", "supported 1", "inconclusive 1",
                                        "negligible 1", "negligible 1"]  # fmt: skip
    assert any("max-margin" in n for n in content.notes)
    # Figure 1 draws the arm's LR curve, labelled, with its own values
    replica = fidelity.replica_pairs(summary, config)
    assert replica == {"pima": "gnb_lr"}
    fig = figure1.figure1(
        summary.assign(se_generative=0.01, se_discriminative=0.01), ["pima"], {}, None, replica
    )
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    mm = arm[arm["pair"] == "gnb_lr"].sort_values("m")
    assert list(lines["LR, max-margin rule"].get_ydata()) == list(mm["err_discriminative"])
    # the replica pair's NB is the solid line, the shared-variance NB dotted beside it
    solid = rs[rs["pair"] == "gnb_lr"].sort_values("m")
    assert list(lines["generative (NB)"].get_ydata()) == list(solid["err_generative"])
    assert lines["shared-variance NB (nb_lr)"].get_linestyle() == ":"


def test_no_arm_text_under_the_max_margin_rule():
    config = {"uci": {"lr_separable": "max_margin"}}
    content = fidelity.build(ReportInputs(Tables(summary=_summary()), config))
    assert "max-margin rule on the same splits" not in content.lead
    assert content.table("fidelity-panels-max-margin") is None


def _planted_two_rules(lr_shift_mm: float) -> pd.DataFrame:
    """pima and optdigits 0 vs 1 on the paper's curves (gnb_lr, random separator); the max-margin arm's
    LR ``lr_shift_mm`` lower at every m."""
    ref = reference.curves().query("dataset in ['pima', 'optdigits_0v1']")
    rows = []
    for study, shift in (("uci", 0.0), ("uci_max_margin", lr_shift_mm)):
        for r in ref.itertuples():
            rows.append({"study": study, "dataset": r.dataset, "pair": "gnb_lr", "m": r.m,
                         "err_generative": r.naive_bayes,
                         "err_discriminative": r.logistic_regression - shift})  # fmt: skip
    return pd.DataFrame(rows)


def test_two_rule_finding_from_planted_results():
    from gendisc.report.sections import answer

    summary = _planted_two_rules(0.03)
    # at m = 2 the max-margin arm's LR equals naive Bayes (one example per class: the same
    # bisector): the claims read the next m, as the primary rule skips degenerate cells
    tie = (summary["study"] == "uci_max_margin") & (summary["m"] == 2)
    summary.loc[tie, "err_discriminative"] = summary.loc[tie, "err_generative"]
    ref = reference.curves().query("dataset in ['pima', 'optdigits_0v1']")
    adv_paper = 0.0
    small = cross = small_mm = cross_mm = 0
    for _, g in ref.groupby("dataset"):
        g = g.sort_values("m")
        low = g.iloc[: len(g) // 2]
        adv_paper += (low["logistic_regression"] - low["naive_bayes"]).mean() / 2
        nb, lr = g["naive_bayes"].to_numpy(), g["logistic_regression"].to_numpy()
        small += nb[0] < lr[0]
        cross += nb[0] < lr[0] and lr[-1] < nb[-1]
        small_mm += nb[1] < lr[1] - 0.03
        cross_mm += nb[1] < lr[1] - 0.03 and lr[-1] - 0.03 < nb[-1]
    claims = pd.DataFrame({
        "claim": ["generative_better_small_m"] * 4 + ["curves_cross"] * 4,
        "scope": ["uci/pima/gnb_lr", "uci/optdigits_0v1/gnb_lr"] * 4,
        "rule": (["smallest_m"] * 2 + ["max_margin_lr_smallest_m"] * 2) * 2,
        "verdict": ["supported", "supported", "supported", "inconclusive",
                    "supported", "contradicted", "inconclusive", "inconclusive"],
        "primary": ([True] * 2 + [False] * 2) * 2, "estimate": 0.0,
    })  # fmt: skip
    config = {"uci": {"lr_separable": "random_separator"}}
    text = finding.two_rule_finding(summary, claims, config)
    assert f"is {adv_paper:.3f} in the paper, {adv_paper:.3f} in our replica" in text
    ref_mm = reference.curves().query("dataset in ['pima', 'optdigits_0v1']").copy()
    ref_mm["logistic_regression"] -= 0.03
    ref_mm.loc[ref_mm["m"] == 2, "logistic_regression"] = ref_mm["naive_bayes"]
    adv_mm = fidelity.fidelity.small_m_advantage(ref_mm, reference.curves())[1]
    assert f"{adv_mm:.3f} with the max-margin rule" in text
    assert f"so {(adv_paper - adv_mm) / adv_paper:.0%} of the paper's advantage" in text
    assert f"differ in {small} of 2 panels in the paper, {small} with the random " in text
    assert f"separator and {small_mm} with max-margin" in text
    assert f"the curves cross in {cross}, {cross} and {cross_mm}." in text
    assert "claim 1 is supported on 2 of 2 UCI panels with the random separator and 1 of 2" in text
    assert "claim 3 is supported on 1 of 2 UCI panels with the random separator and 0 of 2" in text
    # the answer section states it, computed from the run's tables
    content = answer.build(ReportInputs(Tables(summary=summary, claims=claims), config))
    assert content.extra["finding"] == text
    # no finding without the arm, or under the max-margin rule
    rs_only = summary[summary["study"] == "uci"]
    assert finding.two_rule_finding(rs_only, claims, config) is None
    assert (
        finding.two_rule_finding(summary, claims, {"uci": {"lr_separable": "max_margin"}}) is None
    )


def test_reading_scores_table_scores_every_alternative_by_the_criterion():
    ref = reference.curves().query("dataset in ['pima', 'liver']")
    rows = []
    for alt, shift in (("minmax_pool", 0.0), ("standardise_pool", 0.03), ("none", 0.001)):
        rows.append(ref.assign(reading="scaling", alternative=alt, pair="gnb_lr", R=5,
                               logistic_regression=ref["logistic_regression"] + shift))  # fmt: skip
    curves = pd.concat(rows, ignore_index=True)
    scores, splits = fidelity.scored_readings(curves, reference.curves())
    assert scores["scaling"]["standardise_pool"][0] == pytest.approx(0.015)  # (0 + 0.03) / 2
    assert scores["scaling"]["minmax_pool"][0] == pytest.approx(0.0)
    assert splits == {"scaling": 5}
    content = fidelity.build(ReportInputs(Tables(summary=_summary(), reading_scores=curves), {}))
    shown = _table(content, "fidelity-readings").set_index("reading")
    # none is within the tie margin of minmax_pool; the tie goes to the first listed
    assert shown.loc["scaling", "choice by the criterion"] == "minmax_pool"
    assert shown.loc["scaling", "splits per m"] == "5 (reading scores)"
    assert "standardise_pool: 0.0150" in shown.loc["scaling", "score (mean MAD; regimes agreeing)"]
    assert shown.loc["test_set", "score (mean MAD; regimes agreeing)"] == "not scored in this run"
