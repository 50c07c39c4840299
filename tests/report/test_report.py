"""Unit tests of the report: escaping, no external resources, section order, computed content."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from gendisc.report import build, htmlkit
from gendisc.report.common import (
    REGIMES,
    TABLE_FILES,
    Tables,
    read_tables,
    regime,
    verdict_counts,
)
from gendisc.report.methods import wall_time, warnings_tables
from gendisc.report.rendering import render_figures
from gendisc.stats import analysis, registry, sample_complexity
from gendisc.study import columns, summary

from conftest import REPO

HOSTILE = "<script>alert('x')</script>\"'&<img src=x onerror=alert(1)>"


# --------------------------------------------------------------------------- a planted study


def _rows(study, dataset, family, level, n, sep, prior, pair, models, ms, err, rng, bayes):
    """Errors rows of one (study, dataset, pair): err(role, m) + noise, 8 replicates."""
    out = []
    for m in ms:
        for r in range(8):
            for role, model in zip(columns.ROLES, models, strict=True):
                e = float(np.clip(err(role, m) + rng.normal(0, 0.01), 0, 1))
                out.append(
                    dict(study=study, dataset=dataset, family=family, level=level,
                         n_features=n, separation=sep, prior=prior, pair=pair, model=model,
                         role=role, m=m, replicate=r, seed=1000 * m + r,
                         n_test=2000 if study != "uci" else 768 - m, test_error=e,
                         separable=m <= 8, n_warnings=int(m == 4 and role == "discriminative"),
                         bayes_error=bayes)
                )  # fmt: skip
    return out


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
    errors = columns.sort_rows(columns.conform(pd.DataFrame(rows)))
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
    mis, trends = analysis.misspecification_tables(asym, errors, cross, 0.05)
    inputs = {"cells": cells, "crossovers": cross, "complexity": complexity, "efron": efron,
              "misspecification": mis}  # fmt: skip
    reg = registry.load_registry(REPO / "config" / "claims.yaml")
    claims, across, _ = analysis.claims_tables(inputs, reg, cfg)
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
        across_datasets=across,
        calibration=pd.DataFrame(
            {"pool_size": [200, 200], "nominal": [0.95, 0.95],
             "m": [10, 10], "estimator": ["naive_paired_t", "corrected_resampled_t"],
             "n_cells": [40, 40], "n_covered": [20, 38], "coverage": [0.5, 0.95],
             "cov_ci_low": [0.34, 0.83], "cov_ci_high": [0.66, 0.99]}
        ),
    )  # fmt: skip


PROVENANCE = {"config_hash": "abc", "git_commit": HOSTILE, "packages": {"numpy": "2"}, "seed": 3}
RUN = {"jobs": 3, "wall seconds": 12.0, "machine cores": 2}


@pytest.fixture(scope="module")
def built() -> tuple[str, list[htmlkit.Figure], Tables]:
    tables = planted_tables()
    page, figs = build.build(tables, CONFIG, PROVENANCE, RUN, {"boston": HOSTILE}, seeds=7)
    return page, figs, tables


class _Outline(HTMLParser):
    """Collects h2 texts, script/link/iframe tags, every src/href, and each table's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.rows: dict[str, int] = {}
        self._h2 = False
        self._table: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        self._h2 = self._h2 or tag == "h2"
        if tag == "h2":
            self.h2.append("")
        if tag == "table":
            self._table.append(a.get("id") or f"#{len(self.rows)}")
            self.rows[self._table[-1]] = 0
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows[self._table[-1]] += 1

    def handle_endtag(self, tag):
        if tag == "h2":
            self._h2 = False
        if tag == "tbody":
            self._in_body = False
        if tag == "table":
            self._table.pop()

    def handle_data(self, data):
        if self._h2:
            self.h2[-1] += data


def outline(page: str) -> _Outline:
    p = _Outline()
    p.feed(page)
    return p


# --------------------------------------------------------------------------- escaping


def test_esc_round_trips_hostile_text() -> None:
    out = htmlkit.esc(HOSTILE)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html.unescape(out) == HOSTILE


def test_hostile_strings_never_become_markup(built) -> None:
    page, figs, _ = built
    sections = [htmlkit.Section(HOSTILE, HOSTILE, "<p>x</p>")]
    small = htmlkit.render(HOSTILE, sections, subtitle=HOSTILE)
    table = htmlkit.table_html(pd.DataFrame({HOSTILE: [HOSTILE]}), caption=HOSTILE)
    for text in (small, table):
        tags = outline(text).tags
        assert "script" not in tags and "img" not in tags
        assert HOSTILE not in text and htmlkit.esc(HOSTILE) in text
    tags = outline(page).tags
    assert "script" not in tags and tags.count("img") == len(figs)
    # the hostile commit, config value and skip reason are all shown, escaped
    # (table cells may carry <wbr> break hints after "/" and "_")
    assert HOSTILE not in page and page.replace("<wbr>", "").count(htmlkit.esc(HOSTILE)) >= 3


# --------------------------------------------------------------------------- no resources


def test_only_citation_urls_and_inline_images(built) -> None:
    page, figs, _ = built
    allowed = {c.url for c in htmlkit.CITATIONS.values()}
    urls = htmlkit.absolute_urls(page)
    assert urls, "the page should cite Ng & Jordan"
    assert set(urls) <= allowed
    # every src is an inline image; every href is a citation, a file beside it or an anchor
    p = outline(page)
    assert not {"script", "link", "iframe", "object", "embed"} & set(p.tags)
    for u in p.urls:
        assert (
            u.startswith("data:image/png;base64,")
            or u in allowed
            or re.fullmatch(r"#[\w.-]+|[\w.-]+\.(csv|parquet)", u)
        ), u
    assert page.count('src="data:image/png;base64,') == len(figs)


def test_absolute_urls_finds_resources() -> None:
    page = '<img src="https://cdn.example/x.png"><a href="http://a.b/c?d=1&amp;e=2">x</a>'
    assert htmlkit.absolute_urls(page) == ["https://cdn.example/x.png", "http://a.b/c?d=1&e=2"]


def test_local_link_and_cite_reject_bad_targets() -> None:
    assert htmlkit.local_link("claims.csv", "c") == '<a href="claims.csv">c</a>'
    for bad in ("https://x.org/a.csv", "../etc/passwd", "javascript:alert(1)", "a b"):
        with pytest.raises(ValueError, match="local link"):
            htmlkit.local_link(bad, "x")
    with pytest.raises(ValueError, match="unknown citation"):
        htmlkit.cite("nobody")


def test_figures_are_png_and_svg(built) -> None:
    _, figs, _ = built
    stems = [f.stem for f in figs]
    assert len(stems) == len(set(stems)) and "figure1-uci" in stems
    for f in figs:
        assert f.images["png"].startswith(b"\x89PNG\r\n\x1a\n")
        assert b"<svg" in f.images["svg"][:2000]
        # every caption says over how many replicates (or pools) its summaries are taken
        assert re.search(r"R = \d+|over \d+ pools", f.caption), f.caption
    assert {"heatmap-correlated_gaussian", "level-correlated_gaussian", "m-epsilon", "efron",
            "calibration"} <= set(stems)  # fmt: skip


# --------------------------------------------------------------------------- structure


def test_sections_in_order(built) -> None:
    page, _, _ = built
    titles = outline(page).h2
    expected = [f"{i}. {t}" for i, t in enumerate(build.SECTIONS.values(), start=1)]
    assert titles == expected
    ids = re.findall(r'<section id="([^"]+)"', page)
    assert ids == list(build.SECTIONS)


def test_render_rejects_duplicate_sections() -> None:
    with pytest.raises(ValueError, match="duplicate section ids"):
        htmlkit.render("t", [htmlkit.Section("a", "A", ""), htmlkit.Section("a", "B", "")])


def test_claims_table_has_a_row_per_claim(built) -> None:
    page, _, tables = built
    rows = outline(page).rows
    assert rows["claims-table"] == len(tables.claims) > 0
    assert rows["claims-overview"] == tables.claims["claim"].nunique()
    assert rows["figure1-table"] == 1  # pima / nb_lr
    assert rows["settings-table"] == 3  # three levels


def test_every_planted_claim_is_named(built) -> None:
    _, _, tables = built
    assert set(tables.claims["claim"]) <= set(build.CLAIMS)
    numbers = {build.CLAIMS[c].number for c in tables.claims["claim"]}
    assert numbers == {1, 2, 3, 4, 5, 6}


# --------------------------------------------------------------------------- computed content


def _claims(verdicts: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {"claim": c, "scope": f"s{i}", "estimate": 10.0 + i, "verdict": v}
        for c, vs in verdicts.items()
        for i, v in enumerate(vs)
    ]
    return pd.DataFrame(rows)


def test_answer_sentences_follow_the_verdicts() -> None:
    rule = build.verdict_rule(CONFIG)
    claims = _claims({
        "generative_better_small_m": ["supported", "supported", "inconclusive"],
        "discriminative_not_worse_asymptotically": ["supported", "contradicted", "supported"],
        "curves_cross": ["supported", "supported", "contradicted"],
        "efron_efficiency": ["supported"],
    })  # fmt: skip
    s1, s2, s3 = build.answer_sentences(claims, rule)
    assert "better in 2 of 3" in s1 and "(0 against, 1 inconclusive)" in s1
    assert "in 2 of 3 (1 against)" in s1
    assert "with confidence in 2 of 3" in s2 and "m* = 10 examples (range 10–11)" in s2
    assert "at 1 of 1 separations" in s3 and "log n in 0 of 0 (not evaluated)" in s3
    flipped = claims.assign(verdict="contradicted")
    assert build.answer_sentences(flipped, rule)[0] != s1
    assert "no verdicts" in build.answer_sentences(claims.iloc[:0], rule)[0]


def test_verdict_counts() -> None:
    claims = _claims({"a": ["supported", "inconclusive", "supported"], "b": ["contradicted"]})
    assert verdict_counts(claims, ("a",)) == {
        "n": 3, "supported": 2, "contradicted": 0, "negligible": 0, "inconclusive": 1,
        "degenerate": 0,
    }  # fmt: skip
    assert verdict_counts(claims, ("a", "b"))["n"] == 4


@pytest.mark.parametrize(
    ("small", "large", "expected"),
    [
        ((-0.2, -0.1), (0.01, 0.05), (-1, 1)),
        ((-0.2, 0.1), (-0.1, 0.05), (0, 0)),
        ((0.1, 0.2), (-0.3, -0.1), (1, -1)),
        ((np.nan, np.nan), (0.1, 0.2), (0, 1)),
    ],
)
def test_regime(small, large, expected) -> None:
    assert regime(small, large) == REGIMES[expected]


def test_wall_time_known_values() -> None:
    out = wall_time([(100.0, 110.0), (105.0, 130.0)], now=160.0)
    assert out["jobs"] == 2 and out["job seconds"] == 35.0
    assert out["wall seconds"] == 60.0 and out["wall time (h:mm:ss)"] == "0:01:00"
    assert np.isnan(wall_time([], 1.0)["wall seconds"])
    with pytest.raises(ValueError, match="precedes"):
        wall_time([(100.0, 110.0)], now=50.0)


def test_warnings_are_counted_per_cell(built) -> None:
    page, _, tables = built
    totals, cells = warnings_tables(tables.summary)
    # planted: one warning per replicate for the discriminative model at m = 4
    assert set(cells["m"]) == {4} and (cells["n_warnings"] == cells["R"]).all()
    assert int(totals["warnings"].sum()) == 8 * 3
    assert outline(page).rows["warning-cells"] == len(cells)


def test_table_html_formats_missing_and_negative_zero() -> None:
    frame = pd.DataFrame({"x": [np.nan, -0.0, 0.123456], "y": ["a", None, "c"]})
    out = htmlkit.table_html(frame)
    assert out.count("<tr>") == 4
    assert "<td>–</td>" in out and "-0" not in out and "0.1235" in out


def test_read_tables(tmp_path, built) -> None:
    tables = built[2]
    paths = {}
    for name, file in TABLE_FILES.items():
        frame = getattr(tables, name)
        paths[name] = tmp_path / file
        frame.to_csv(paths[name], index=False)
    back = read_tables(paths)
    assert set(back.present()) == {n for n in TABLE_FILES if not getattr(tables, n).empty}
    assert len(back.claims) == len(tables.claims)
    with pytest.raises(ValueError, match="unknown report table"):
        read_tables({"summary": paths["summary"], "bogus": paths["summary"]})
    with pytest.raises(ValueError, match="needs the summary"):
        read_tables({"claims": paths["claims"]})


def test_page_and_figures_do_not_depend_on_workers(built) -> None:
    """Figures drawn by two processes are the bytes drawn by one, and so is the page."""
    page, figs, tables = built
    page2, figs2 = build.build(
        tables, CONFIG, PROVENANCE, RUN, {"boston": HOSTILE}, seeds=7, workers=2
    )
    assert [f.stem for f in figs2] == [f.stem for f in figs]
    assert len(figs) > 2  # so that both processes draw some
    for one, two in zip(figs, figs2, strict=True):
        assert set(one.images) == set(two.images) == {"png", "svg"}
        for fmt, data in one.images.items():
            assert two.images[fmt] == data, f"{one.stem}.{fmt} differs with workers=2"
    assert page2 == page
    with pytest.raises(ValueError, match="workers must be a positive integer, got 0"):
        build.build(tables, CONFIG, PROVENANCE, RUN, workers=0)


def test_pngs_decode(built) -> None:
    page, _, _ = built
    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page):
        raw = base64.b64decode(data, validate=True)
        assert raw[:8] == b"\x89PNG\r\n\x1a\n"


def test_learning_curves_draw_only_the_misspecification_grid(monkeypatch) -> None:
    """The dimension and Efron studies share the family; they must not leak into its curves."""
    from gendisc.report import figures

    seen: list[set[str]] = []
    real = figures.learning_curves

    def spy(data, family, pair):
        seen.append(set(data.loc[data["family"] == family, "study"]))
        return real(data, family, pair)

    monkeypatch.setattr(figures, "learning_curves", spy)
    tables = Tables(summary=summary.summarise(*planted_errors()))
    from gendisc.report.results import misspecification_section

    _, figs = misspecification_section(tables, [])
    render_figures(figs)  # the sections only describe their figures; rendering draws them
    assert seen == [{"synthetic"}]
    assert [f.stem for f in figs] == [
        "curves-correlated_gaussian-nb_lr",
        "difference-correlated_gaussian-nb_lr",
    ]


def test_palette_png_keeps_the_picture_and_shrinks_it() -> None:
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    from gendisc.report import figures

    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 1, 50)
    ax.plot(x, x**2, color=figures.PALETTE[0])
    ax.fill_between(x, x**2 - 0.1, x**2 + 0.1, color=figures.PALETTE[0], alpha=0.2)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    raw = buf.getvalue()
    small = figures.palette_png(raw)
    assert small == figures.palette_png(raw)  # deterministic
    assert len(small) < len(raw)
    before = np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), dtype=int)
    after_img = Image.open(io.BytesIO(small))
    assert after_img.mode == "P"
    after = np.asarray(after_img.convert("RGB"), dtype=int)
    assert before.shape == after.shape
    assert np.abs(before - after).max() <= 24 and np.abs(before - after).mean() < 2.0
    with pytest.raises(ValueError, match="colors must be"):
        figures.palette_png(raw, colors=1)
