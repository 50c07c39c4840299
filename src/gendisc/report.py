"""Assemble the self-contained HTML report (figures inlined, every string escaped)."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.8em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}
figure{margin:1em 0;break-inside:avoid}figure img{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#444}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.8em}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.4em .8em}
@media print{body{max-width:none}h2{break-after:avoid}}
"""


@dataclass(frozen=True)
class Figure:
    """A rendered figure: its file stem, caption and PNG/SVG bytes."""

    stem: str
    caption: str
    images: Mapping[str, bytes]


@dataclass(frozen=True)
class Section:
    """A report section: an id (anchor), a title and its HTML body."""

    id: str
    title: str
    body: str
    figures: Sequence[Figure] = field(default_factory=tuple)


def esc(value: Any) -> str:
    """HTML-escape ``str(value)``."""
    return html.escape(str(value), quote=True)


def figure_html(fig: Figure) -> str:
    """An inline ``<figure>`` with the PNG as a data URI and an escaped caption."""
    data = base64.b64encode(fig.images["png"]).decode("ascii")
    return (
        f'<figure id="fig-{esc(fig.stem)}"><img alt="{esc(fig.caption)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{esc(fig.caption)}</figcaption></figure>'
    )


def table_html(frame: pd.DataFrame, *, floatfmt: str = "{:.4g}", left: Sequence[str] = ()) -> str:
    """An escaped HTML table; text columns (and ``left``) are left-aligned."""
    head = "".join(
        f'<th class="l">{esc(c)}</th>'
        if (c in left or frame[c].dtype == object)
        else f"<th>{esc(c)}</th>"
        for c in frame.columns
    )
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for col, val in zip(frame.columns, rec, strict=True):
            text = floatfmt.format(val) if isinstance(val, float) else val
            cls = ' class="l"' if (col in left or not isinstance(val, int | float)) else ""
            cells.append(f"<td{cls}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render(title: str, sections: Sequence[Section], subtitle: str = "") -> str:
    """The whole page: escaped title, a table of contents, then each section in order."""
    toc = "".join(f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>{esc(subtitle)}</p>" if subtitle else "",
        f"<nav><ol>{toc}</ol></nav>",
    ]
    for s in sections:
        figs = "".join(figure_html(f) for f in s.figures)
        parts.append(f'<section id="{esc(s.id)}"><h2>{esc(s.title)}</h2>{s.body}{figs}</section>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
