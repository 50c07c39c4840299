"""The report page: escaping, no external resources, section order, tables under <details>."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from markupsafe import escape

from gendisc.report import build, htmlkit, page
from gendisc.report.common import REGIMES, TABLE_FILES, read_tables, regime, verdict_counts
from gendisc.report.sections import SECTIONS, provenance

from factories.report import HOSTILE, planted_inputs, planted_report

_URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture(scope="module")
def built() -> build.Report:
    return planted_report()


class _Outline(HTMLParser):
    """Collects h2 texts, tags, every src/href, each table's rows and what sits in <details>."""

    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.rows: dict[str, int] = {}
        self.tables_outside_details: list[str] = []
        self.text_outside_details = 0
        self._h2 = False
        self._table: list[str] = []
        self._in_body = False
        self._details = 0
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        self._details += tag == "details"
        self._style = self._style or tag in ("style", "title")
        if tag == "h2":
            self._h2 = True
            self.h2.append("")
        if tag == "table":
            self._table.append(a.get("id") or f"#{len(self.rows)}")
            self.rows[self._table[-1]] = 0
            if not self._details:
                self.tables_outside_details.append(self._table[-1])
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows[self._table[-1]] += 1

    def handle_endtag(self, tag):
        self._h2 = self._h2 and tag != "h2"
        self._in_body = self._in_body and tag != "tbody"
        self._details -= tag == "details"
        self._style = self._style and tag not in ("style", "title")
        if tag == "table":
            self._table.pop()

    def handle_data(self, data):
        if self._h2:
            self.h2[-1] += data
        if not self._details and not self._style:
            self.text_outside_details += len(" ".join(data.split()))


def outline(text: str) -> _Outline:
    p = _Outline()
    p.feed(text)
    return p


# --------------------------------------------------------------------------- escaping


def test_hostile_strings_never_become_markup(built) -> None:
    tags = outline(built.page).tags
    assert "script" not in tags and tags.count("img") == len(built.figures)
    # the hostile commit, config value and skip reason are all shown, escaped
    # (table cells may carry <wbr> break hints after "/" and "_")
    shown = built.page.replace("<wbr>", "")
    assert HOSTILE not in built.page and shown.count(str(escape(HOSTILE))) >= 3


def test_a_hostile_section_renders_escaped() -> None:
    frame = pd.DataFrame({HOSTILE: [HOSTILE], "x": [1.0]})
    content = htmlkit.SectionContent(
        lead=HOSTILE, tables=(htmlkit.table("t", frame, HOSTILE),), notes=(HOSTILE,)
    )
    text = page.render_page(
        HOSTILE, HOSTILE, [page.PageSection("data", HOSTILE, "sections/data.html.j2",
                                            htmlkit.SectionContent(HOSTILE, extra={"files": []}))]
    )  # fmt: skip
    assert "<script" not in text and text.count("&lt;script&gt;") >= 4
    env = page.environment()
    macro = env.from_string('{% import "macros.html.j2" as m %}{{ m.tables(c.tables) }}'
                            "{{ m.notes(c) }}{{ m.lead(c) }}")  # fmt: skip
    out = macro.render(c=content)
    assert "<script" not in out and "<img" not in out and out.count("&lt;script&gt;") == 5


def test_breakable_escapes_before_adding_breaks() -> None:
    assert str(page.breakable("<a>/b_c" * 3)).startswith("&lt;a&gt;/<wbr>b_<wbr>c")
    assert str(page.breakable("short/x")) == "short/x"


# --------------------------------------------------------------------------- no resources


def test_only_citation_urls_and_inline_images(built) -> None:
    allowed = {c.url for c in htmlkit.CITATIONS.values()}
    urls = [html.unescape(u) for u in _URL.findall(built.page)]
    assert urls, "the page should cite Ng & Jordan"
    assert set(urls) <= allowed
    p = outline(built.page)
    assert not {"script", "link", "iframe", "object", "embed"} & set(p.tags)
    for u in p.urls:
        assert (
            u.startswith("data:image/png;base64,")
            or u in allowed
            or re.fullmatch(r"#[\w.-]+|(tables/)?[\w.-]+\.(csv|parquet)", u)
        ), u


def test_local_href_rejects_bad_targets() -> None:
    for good in ("claims.csv", "tables/x-1.csv", "#answer"):
        assert htmlkit.local_href(good) == good
    for bad in ("https://x.org/a.csv", "../etc/passwd", "javascript:alert(1)", "a b", "a/b/c"):
        with pytest.raises(ValueError, match="local link"):
            htmlkit.local_href(bad)


def test_every_figure_is_an_inline_png_that_decodes(built) -> None:
    """One inline PNG per figure, each decoding to a PNG header (fails on a page without any)."""
    data = re.findall(r'src="data:image/png;base64,([^"]+)"', built.page)
    assert len(data) == len(built.figures) >= 5
    for d in data:
        assert base64.b64decode(d, validate=True)[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- structure


def test_sections_in_registry_order(built) -> None:
    expected = [f"{i}. {s.title}" for i, s in enumerate(SECTIONS.values(), start=1)]
    assert outline(built.page).h2 == expected
    assert re.findall(r'<section id="([^"]+)"', built.page) == list(SECTIONS)


def test_render_rejects_duplicate_sections() -> None:
    s = page.PageSection("a", "A", "sections/data.html.j2", htmlkit.SectionContent(""))
    with pytest.raises(ValueError, match="duplicate section ids"):
        page.render_page("t", "", [s, s])


def test_every_table_is_collapsed_with_its_csv(built) -> None:
    p = outline(built.page)
    assert p.tables_outside_details == []
    assert p.rows["claims-table"] == len(planted_inputs().tables.claims) > 0
    assert p.rows["figure1-table"] == 1  # pima / nb_lr
    assert p.rows["settings-table"] == 3  # three levels
    copied = {"claims-table": "claims.csv", "claims-sensitivity": "claims_sensitivity.csv"}
    for tid in p.rows:
        href = re.search(rf'id="{tid}-details">.*?<a href="([^"]+)"', built.page, re.S)
        assert href, tid
        assert href[1] == copied.get(tid, f"tables/{tid}.csv")
        if tid not in copied:
            back = pd.read_csv(pd.io.common.BytesIO(built.files[href[1]]))
            assert len(back) == p.rows[tid], tid
    assert "claims-sensitivity" in p.rows
    assert set(built.files) == {f"tables/{t}.csv" for t in p.rows if t not in copied}


def test_inline_text_is_short(built) -> None:
    """Outside <details> the page says little: the answer, leads, captions, deviations.

    (The browser test measures the smoke run's page the same way; the default study's page is
    measured for the issue, under the same bound.)
    """
    assert outline(built.page).text_outside_details < 20_000


def test_verdict_map_and_answer_come_first(built) -> None:
    body = built.page.split('<section id="answer">', 1)[1].split("</section>", 1)[0]
    assert body.index('id="question"') < body.index('id="answer-text"')
    assert body.index('id="answer-text"') < body.index('id="fig-verdict-map"')
    assert built.page.index('id="fig-verdict-map"') < built.page.index("<nav")
    sentences = re.search(r'id="answer-text">(.*?)</div>', body, re.S)[1].count("<p>")
    assert 1 <= sentences <= 5


def test_page_and_figures_do_not_depend_on_workers(built) -> None:
    """Figures drawn by two processes are the bytes drawn by one, and so is the page."""
    two = planted_report(workers=2)
    assert [f.stem for f in two.figures] == [f.stem for f in built.figures]
    assert len(built.figures) > 2  # so that both processes draw some
    for one, other in zip(built.figures, two.figures, strict=True):
        assert set(one.images) == set(other.images) == {"png", "svg"}
        for fmt, data in one.images.items():
            assert other.images[fmt] == data, f"{one.stem}.{fmt} differs with workers=2"
    assert two.page == built.page and two.files == built.files
    with pytest.raises(ValueError, match="workers must be a positive integer, got 0"):
        build.build(planted_inputs(), workers=0)


def test_templates_are_package_data() -> None:
    names = page.template_names()
    assert page.BASE in names and "macros.html.j2" in names
    assert {f"sections/{sid}.html.j2" for sid in SECTIONS} <= set(names)
    assert "body{" in page.css()


# --------------------------------------------------------------------------- helpers


def test_verdict_counts_old_and_new_kinds() -> None:
    claims = pd.DataFrame(
        {"claim": ["a", "a", "a", "b", "a"],
         "verdict": ["supported", "inconclusive", "contradicted", "not supported", "degenerate"]}
    )  # fmt: skip
    c = verdict_counts(claims, ("a",))
    assert c["n"] == 4 and c["supported"] == 1 and c["contradicted"] == 1 and c["against"] == 1
    assert c["negligible"] == 0 and c["degenerate"] == 1
    assert verdict_counts(claims, ("a", "b"))["against"] == 2


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
    out = provenance.wall_time([(100.0, 110.0), (105.0, 130.0)], now=160.0)
    assert out["jobs"] == 2 and out["job seconds"] == 35.0
    assert out["wall seconds"] == 60.0 and out["wall time (h:mm:ss)"] == "0:01:00"
    assert np.isnan(provenance.wall_time([], 1.0)["wall seconds"])
    with pytest.raises(ValueError, match="precedes"):
        provenance.wall_time([(100.0, 110.0)], now=50.0)


def test_table_formats_missing_and_negative_zero() -> None:
    frame = pd.DataFrame({"x": [np.nan, -0.0, 0.123456], "y": ["a", None, "c"]})
    t = htmlkit.table("t", frame)
    assert [r[0][0] for r in t.rows] == ["–", "0", "0.1235"]
    assert t.rows[1][1][0] == "–" and t.left == frozenset({"y"})
    assert t.csv == "tables/t.csv" and pd.read_csv(pd.io.common.BytesIO(t.data)).shape == (3, 2)
    with pytest.raises(ValueError, match="cell_class"):
        htmlkit.table("t", frame, cell_class={"x": ["a"]})


def test_read_tables(tmp_path) -> None:
    tables = planted_inputs().tables
    paths = {}
    for name, file in TABLE_FILES.items():
        paths[name] = tmp_path / file
        getattr(tables, name).to_csv(paths[name], index=False)
    back = read_tables(paths)
    assert set(back.present()) == {n for n in TABLE_FILES if not getattr(tables, n).empty}
    assert len(back.claims) == len(tables.claims)
    with pytest.raises(ValueError, match="unknown report table"):
        read_tables({"summary": paths["summary"], "bogus": paths["summary"]})
    with pytest.raises(ValueError, match="needs the summary"):
        read_tables({"claims": paths["claims"]})
