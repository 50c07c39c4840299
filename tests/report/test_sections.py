"""The section registry's contract, and what each section computes from the planted study."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from gendisc.report import htmlkit, page
from gendisc.report.common import VERDICTS, ReportInputs, Tables
from gendisc.report.rendering import render_figures
from gendisc.report.sections import SECTIONS, answer, methods, misspecification, template
from gendisc.study import summary

from factories.report import CONFIG, planted_errors, planted_inputs


@pytest.fixture(scope="module")
def inputs() -> ReportInputs:
    return planted_inputs()


# --------------------------------------------------------------------------- registry contract


@pytest.mark.parametrize("sid", list(SECTIONS))
def test_every_section_has_a_module_a_template_and_content(sid, inputs) -> None:
    spec = SECTIONS[sid]
    assert spec.title and inspect.getmodule(spec.build).__name__.endswith(f".sections.{sid}")
    assert template(sid) in page.template_names()
    content = spec.build(inputs)
    assert isinstance(content, htmlkit.SectionContent)
    for fig in content.all_figures:  # every figure: drawn later, captioned, with alt text
        assert fig.drawing is not None and not fig.images
        assert fig.caption and fig.alt_text and fig.alt_text != fig.caption
    for t in content.tables:
        assert t.rows and t.caption and t.csv.endswith(".csv")
    # a section with no tables at all still builds (empty frames for every optional table)
    empty = ReportInputs(Tables(summary=inputs.tables.summary.iloc[:0]), CONFIG)
    assert isinstance(spec.build(empty), htmlkit.SectionContent)


def test_section_ids_are_anchors() -> None:
    for sid in SECTIONS:
        assert htmlkit.local_href(f"#{sid}") == f"#{sid}"


# --------------------------------------------------------------------------- answer


def _claims(verdicts: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {"claim": c, "scope": f"s{i}", "estimate": 10.0 + i, "verdict": v}
        for c, vs in verdicts.items()
        for i, v in enumerate(vs)
    ]
    return pd.DataFrame(rows)


def test_answer_sentences_follow_the_verdicts() -> None:
    rule = answer.verdict_rule(CONFIG)
    claims = _claims({
        "generative_better_small_m": ["supported", "supported", "inconclusive"],
        "discriminative_not_worse_asymptotically": ["supported", "not supported", "supported"],
        "curves_cross": ["supported", "supported", "contradicted"],
        "efron_efficiency": ["supported"],
    })  # fmt: skip
    s = answer.answer_sentences(claims, rule)
    assert len(s) <= 5
    assert "lower error in 2 of 3" in s[0] and "0 went the other way" in s[0]
    assert "in 2 of 3; 1 went the other way" in s[1]
    assert "crossed in 2 of 3 cases, typically at m ≈ 10 examples" in s[2]
    assert "Efron's efficiency curve in 1 of 1" in s[3]
    assert "Of all 10 verdicts, 1 were undecided" in s[4]
    flipped = claims.assign(verdict="contradicted")
    assert answer.answer_sentences(flipped, rule)[0] != s[0]
    assert "no verdicts" in answer.answer_sentences(claims.iloc[:0], rule)[0]


def test_every_planted_claim_is_named(inputs) -> None:
    claims = inputs.tables.claims
    assert set(claims["claim"]) <= set(answer.CLAIMS)
    assert {answer.CLAIMS[c].number for c in claims["claim"]} == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize(
    ("scope", "group"),
    [("uci/pima/nb_lr", "uci"), ("synthetic/x-n3/nb_lr/m=4", "synthetic"),
     ("correlated_gaussian/nb_lr", "synthetic"), ("efron/x/lda_lr/delta=1", "efron"),
     ("scarce/pima/nb_lr", "newer"), ("correlated_gaussian-n2-s2/nb_lr", "synthetic")],
)  # fmt: skip
def test_scope_groups(scope, group) -> None:
    assert answer.scope_group(scope) == group
    assert answer.scope_group(scope, "curves_cross") == group
    assert answer.scope_group(scope, "a_newer_studys_claim") == "newer"


def test_newer_claims_are_named_from_the_registry() -> None:
    text = answer.claim_text("missing_generative_degrades_slower")
    assert (
        text.number >= 7
        and len(text.statement) <= 60
        and text.statement != "missing_generative_degrades_slower"
    )


def test_verdict_grid_counts_every_row_in_order() -> None:
    claims = pd.DataFrame({
        "claim": ["curves_cross"] * 4 + ["efron_efficiency", "new_claim"],
        "scope": ["uci/a/p", "synthetic/b/p", "uci/c/p", "newstudy/d", "efron/x", "zzz/y"],
        "verdict": ["degenerate", "negligible", "supported", "contradicted", "supported", "odd"],
    })  # fmt: skip
    grid = answer.verdict_grid(claims)
    assert grid["count"].sum() == len(claims)
    cross = grid[grid["claim"] == "curves_cross"]
    assert list(cross["group"]) == ["synthetic", "uci", "uci", "newer"]
    assert list(cross["verdict"]) == ["negligible", "supported", "degenerate", "contradicted"]
    assert list(grid["#"]) == sorted(grid["#"])  # unknown claims (0) first, then by number
    fig = answer.verdict_map(grid)  # every kind, known or not, gets a colour and a legend entry
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == [*[v for v in VERDICTS if v in set(claims["verdict"])], "odd"]


def test_old_verdict_kinds_still_draw(inputs) -> None:
    old = inputs.tables.claims.assign(
        verdict=lambda d: d["verdict"].map(lambda v: "not supported" if v == "contradicted" else v)
    )
    fig = answer.verdict_map(answer.verdict_grid(old))
    assert {t.get_text() for t in fig.legends[0].get_texts()} <= set(VERDICTS)


# --------------------------------------------------------------------------- other sections


def test_warnings_are_counted_per_cell(inputs) -> None:
    totals, cells = methods.warnings_tables(inputs.tables.summary)
    # planted: one warning per replicate for the discriminative model at m = 4
    assert set(cells["m"]) == {4} and (cells["n_warnings"] == cells["R"]).all()
    assert int(totals["warnings"].sum()) == 8 * 3
    content = methods.build(inputs)
    assert len(content.table("warning-cells").rows) == len(cells)


def test_learning_curves_draw_only_the_misspecification_grid(monkeypatch) -> None:
    """The dimension and Efron studies share the family; they must not leak into its curves."""
    seen: list[set[str]] = []
    real = misspecification.learning_curves

    def spy(data, family, pair):
        seen.append(set(data.loc[data["family"] == family, "study"]))
        return real(data, family, pair)

    monkeypatch.setattr(misspecification, "learning_curves", spy)
    tables = Tables(summary=summary.summarise(*planted_errors()))
    lead, more = misspecification.figures(tables)
    assert lead == []  # no cells table: no heatmap
    render_figures(more)  # the sections only describe their figures; rendering draws them
    assert seen == [{"synthetic"}]
    assert [f.stem for f in more] == [
        "curves-correlated_gaussian-nb_lr",
        "difference-correlated_gaussian-nb_lr",
    ]


def test_the_report_knows_every_verdict_kind_of_the_stats_layer() -> None:
    from gendisc.stats.verdicts import VERDICT_KINDS

    assert set(VERDICT_KINDS) <= set(VERDICTS)
    assert set(VERDICTS) <= set(answer.VERDICT_COLOURS) and set(VERDICTS) <= set(
        htmlkit.VERDICT_CLASS
    )
