"""Assemble the self-contained HTML report (figures inlined, every string escaped).

The page loads nothing: styles are inline, figures are PNG data URIs, and the only absolute
URLs are the citation links of :data:`CITATIONS` (anchors a reader may follow, never resources).
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from gendisc.report import figures

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1150px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
h3{margin-top:1.4em}
table{border-collapse:collapse;font-size:.82em;margin:.8em 0}
caption{caption-side:top;text-align:left;font-size:.9em;color:#444;padding:.2em 0}
th,td{border:1px solid #ccc;padding:.2em .45em;text-align:right;vertical-align:top}
th{background:#f3f3f3}td.l,th.l{text-align:left}
figure{margin:1.2em 0;break-inside:avoid}figure img{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#444}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.78em}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.4em .8em}
.answer{font-size:1.05em;background:#eef5fb;border-left:4px solid #0072b2;padding:.5em 1em}
.scroll{max-height:32em;overflow:auto}.tw{max-width:100%;overflow-x:auto}
.v-supported{color:#006d43;font-weight:600}.v-not-supported{color:#a33a00;font-weight:600}
.v-inconclusive{color:#555}
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}
nav{display:none}.scroll,.tw{max-height:none;overflow:visible}a{color:inherit}
table{break-inside:auto}tr{break-inside:avoid}}
"""


@dataclass(frozen=True)
class Citation:
    """A reference the report may link to (the only absolute URLs allowed in the page)."""

    key: str
    text: str
    url: str


#: the references of the report, by key; their URLs are the page's only absolute links
CITATIONS: dict[str, Citation] = {
    "ng_jordan": Citation(
        "ng_jordan",
        "Ng, A. Y. and Jordan, M. I. (2001). On discriminative vs. generative classifiers: a "
        "comparison of logistic regression and naive Bayes. NIPS 14.",
        "https://papers.nips.cc/paper/2020-on-discriminative-vs-generative-classifiers-a-"
        "comparison-of-logistic-regression-and-naive-bayes",
    ),
    "efron": Citation(
        "efron",
        "Efron, B. (1975). The efficiency of logistic regression compared to normal "
        "discriminant analysis. JASA 70(352), 892–898.",
        "https://doi.org/10.1080/01621459.1975.10480319",
    ),
    "nadeau_bengio": Citation(
        "nadeau_bengio",
        "Nadeau, C. and Bengio, Y. (2003). Inference for the generalization error. Machine "
        "Learning 52, 239–281.",
        "https://doi.org/10.1023/A:1024068626366",
    ),
    "demsar": Citation(
        "demsar",
        "Demšar, J. (2006). Statistical comparisons of classifiers over multiple data sets. "
        "JMLR 7, 1–30.",
        "https://jmlr.org/papers/v7/demsar06a.html",
    ),
    "uci": Citation(
        "uci",
        "Dua, D. and Graff, C. (2019). UCI Machine Learning Repository. University of "
        "California, Irvine.",
        "https://archive.ics.uci.edu",
    ),
}

_URL = re.compile(r"https?://[^\s\"'<>)]+")
_RELATIVE = re.compile(r"[A-Za-z0-9_.-]+(#[A-Za-z0-9_.-]*)?|#[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Drawing:
    """A figure to draw: ``draw(*args)`` returns a matplotlib figure.

    With ``workers > 1`` the drawing is pickled to a helper process, so ``draw`` must be a
    module-level function and ``args`` picklable.
    """

    draw: Callable[..., plt.Figure]
    args: tuple[Any, ...] = ()

    def render(self) -> dict[str, bytes]:
        """Draw the figure and save it (:func:`gendisc.report.figures.savefig`).

        Returns
        -------
        dict[str, bytes]
            ``{"png": ..., "svg": ...}``.
        """
        return figures.savefig(self.draw(*self.args))


@dataclass(frozen=True)
class Figure:
    """A report figure: its file stem, caption and PNG/SVG bytes.

    A figure still to be drawn has no images and a ``drawing``
    (:func:`gendisc.report.rendering.render_figures` renders it).
    """

    stem: str
    caption: str
    images: Mapping[str, bytes] = field(default_factory=dict)
    drawing: Drawing | None = None


@dataclass(frozen=True)
class Section:
    """A report section: an id (anchor), a title, its HTML body, figures, then more HTML."""

    id: str
    title: str
    body: str
    figures: Sequence[Figure] = field(default_factory=tuple)
    after: str = ""


def esc(value: Any) -> str:
    """HTML-escape ``str(value)`` (quotes included).

    Parameters
    ----------
    value : Any
        Anything; ``None`` renders as the empty string.

    Returns
    -------
    str
        Text safe inside element content and quoted attribute values.
    """
    return "" if value is None else html.escape(str(value), quote=True)


def cite(key: str) -> str:
    """An anchor to a registered citation.

    Parameters
    ----------
    key : str
        A key of :data:`CITATIONS`.

    Returns
    -------
    str
        ``<a href="URL">text</a>``.
    """
    if key not in CITATIONS:
        raise ValueError(f"unknown citation {key!r}; known: {sorted(CITATIONS)}")
    c = CITATIONS[key]
    return f'<a href="{esc(c.url)}">{esc(c.text)}</a>'


def local_link(href: str, text: str) -> str:
    """An anchor to a file beside the report or an in-page anchor (never an absolute URL).

    Parameters
    ----------
    href : str
        A bare file name (``claims.csv``) or ``#anchor``.
    text : str
        Link text (escaped).
    """
    if not _RELATIVE.fullmatch(href):
        raise ValueError(f"local link must be a bare file name or #anchor, got {href!r}")
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def absolute_urls(page: str) -> list[str]:
    """Every ``http(s)://`` URL in ``page``, in order of appearance (for checks)."""
    return [html.unescape(u) for u in _URL.findall(page)]


def figure_html(fig: Figure) -> str:
    """An inline ``<figure>`` with the PNG as a data URI and an escaped caption."""
    if "png" not in fig.images:
        raise ValueError(f"figure {fig.stem!r} has no PNG: render it first")
    data = base64.b64encode(fig.images["png"]).decode("ascii")
    return (
        f'<figure id="fig-{esc(fig.stem)}"><img alt="{esc(fig.caption)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{esc(fig.caption)}</figcaption></figure>'
    )


def fmt_value(value: Any, floatfmt: str = "{:.4g}") -> str:
    """Text of one table cell: floats formatted, NaN/None as an en dash, the rest ``str``."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "–" if math.isnan(value) else floatfmt.format(value + 0.0)  # no "-0"
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)


def table_html(
    frame: pd.DataFrame,
    *,
    floatfmt: str = "{:.4g}",
    left: Sequence[str] = (),
    table_id: str = "",
    caption: str = "",
    row_class: Sequence[str] | None = None,
    cell_class: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """An escaped HTML table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show (index ignored).
    floatfmt : str
        Format of float cells.
    left : Sequence[str]
        Columns to left-align besides the text columns.
    table_id : str
        Optional ``id`` attribute.
    caption : str
        Optional caption (escaped).
    row_class : Sequence[str], optional
        One CSS class per row.
    cell_class : Mapping[str, Sequence[str]], optional
        Per column, one CSS class per row (e.g. verdict colours).

    Returns
    -------
    str
        ``<div class="tw"><table>...</table></div>`` (the div scrolls a wide table sideways).
    """
    if row_class is not None and len(row_class) != len(frame):
        raise ValueError(f"row_class has {len(row_class)} entries for {len(frame)} rows")
    cell_class = cell_class or {}
    text_cols = {
        c
        for c in frame.columns
        if c in left or not pd.api.types.is_numeric_dtype(frame[c]) or frame[c].dtype == bool
    }
    head = "".join(
        f'<th class="l">{esc(c)}</th>' if c in text_cols else f"<th>{esc(c)}</th>"
        for c in frame.columns
    )
    rows = []
    for i, rec in enumerate(frame.itertuples(index=False)):
        cells = []
        for col, val in zip(frame.columns, rec, strict=True):
            classes = ["l"] if col in text_cols else []
            if col in cell_class:
                classes.append(cell_class[col][i])
            cls = f' class="{esc(" ".join(classes))}"' if classes else ""
            text = esc(fmt_value(val, floatfmt))
            if col in text_cols and len(text) > 20:  # long identifiers may wrap at "/" "_"
                text = text.replace("/", "/<wbr>").replace("_", "_<wbr>")
            cells.append(f"<td{cls}>{text}</td>")
        rcls = f' class="{esc(row_class[i])}"' if row_class is not None else ""
        rows.append(f"<tr{rcls}>" + "".join(cells) + "</tr>")
    tid = f' id="{esc(table_id)}"' if table_id else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<div class="tw"><table{tid}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render(title: str, sections: Sequence[Section], subtitle: str = "") -> str:
    """The whole page: escaped title, a numbered table of contents, then each section in order.

    Parameters
    ----------
    title, subtitle : str
        Page title and an optional line under it (both escaped).
    sections : Sequence[Section]
        The sections, in reading order; their ids must be unique.

    Returns
    -------
    str
        A complete HTML5 document.
    """
    ids = [s.id for s in sections]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate section ids in {ids}")
    toc = "".join(f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{esc(title)}</h1>",
        f"<p>{esc(subtitle)}</p>" if subtitle else "",
        f"<nav><ol>{toc}</ol></nav></header>",
    ]
    for number, s in enumerate(sections, start=1):
        figs = "".join(figure_html(f) for f in s.figures)
        parts.append(
            f'<section id="{esc(s.id)}"><h2>{number}. {esc(s.title)}</h2>{s.body}{figs}{s.after}'
            "</section>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


__all__ = [
    "CITATIONS",
    "CSS",
    "Citation",
    "Figure",
    "Section",
    "absolute_urls",
    "cite",
    "esc",
    "figure_html",
    "fmt_value",
    "local_link",
    "render",
    "table_html",
]
