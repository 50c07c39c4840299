"""The report's kit: what a section hands to its template (figures, tables, text), and helpers.

A section module computes a :class:`SectionContent` (its lead sentences, its figures still to
draw, its tables as display strings with their CSV, and any values its template needs); the
templates (:mod:`gendisc.report.page`) say how it looks. The page loads nothing: styles are
inline, figures are PNG data URIs, and the only absolute URLs are the citation links of
:data:`CITATIONS` (anchors a reader may follow, never resources).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from gendisc.report import plotkit


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

_RELATIVE = re.compile(r"([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+(#[A-Za-z0-9_.-]*)?|#[A-Za-z0-9_.-]+")
#: CSS class of a verdict cell (and of its key in the verdict map's legend)
VERDICT_CLASS = {
    "supported": "v-supported",
    "contradicted": "v-contradicted",
    "not supported": "v-contradicted",
    "negligible": "v-negligible",
    "inconclusive": "v-inconclusive",
    "degenerate": "v-degenerate",
}


@dataclass(frozen=True)
class Drawing:
    """A figure to draw: ``draw(*args)`` returns a matplotlib figure.

    With ``workers > 1`` the drawing is pickled to a helper process, so ``draw`` must be a
    module-level function and ``args`` picklable.
    """

    draw: Callable[..., plt.Figure]
    args: tuple[Any, ...] = ()

    def render(self) -> dict[str, bytes]:
        """Draw the figure and save it (:func:`gendisc.report.plotkit.savefig`).

        Returns
        -------
        dict[str, bytes]
            ``{"png": ..., "svg": ...}``.
        """
        return plotkit.savefig(self.draw(*self.args))


@dataclass(frozen=True)
class Figure:
    """A report figure: its file stem, caption, alt text and PNG/SVG bytes.

    The caption says what is plotted, over how many replicates (R) or items (n), and which
    interval the bands or bars show; ``alt`` is a one-sentence description for a reader who
    cannot see the image (the caption's first sentence when not given). A figure still to be
    drawn has no images and a ``drawing`` (:func:`gendisc.report.rendering.render_figures`).
    """

    stem: str
    caption: str
    images: Mapping[str, bytes] = field(default_factory=dict)
    drawing: Drawing | None = None
    alt: str = ""

    @property
    def alt_text(self) -> str:
        """``alt``, or the caption's first sentence."""
        return self.alt or self.caption.split(". ")[0].rstrip(".") + "."


@dataclass(frozen=True)
class Table:
    """A table as the page shows it: formatted cells, and its CSV beside the report.

    Attributes
    ----------
    id : str
        Anchor and CSV stem.
    caption : str
        What the rows are.
    columns : tuple[str, ...]
        Column headers.
    rows : tuple[tuple[tuple[str, str], ...], ...]
        Per row, per column: ``(text, CSS class)``.
    left : frozenset[str]
        Left-aligned (text) columns.
    csv : str
        The CSV file, relative to the report (``tables/<id>.csv`` or a copied result table).
    data : bytes or None
        The CSV bytes to write at ``csv`` (None: the file is written by someone else).
    """

    id: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str, str], ...], ...]
    left: frozenset[str]
    csv: str
    data: bytes | None = None


@dataclass(frozen=True)
class SectionContent:
    """What a section says: a lead of two or three sentences, figures, tables, notes, extras.

    ``figures`` lead the section; ``more_figures`` are shown collapsed after its tables.
    ``extra`` holds the values only this section's template reads (lists, numbers, texts).
    """

    lead: str
    figures: tuple[Figure, ...] = ()
    more_figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def all_figures(self) -> tuple[Figure, ...]:
        """``figures`` then ``more_figures``."""
        return (*self.figures, *self.more_figures)

    def table(self, table_id: str) -> Table | None:
        """The table with id ``table_id`` (None when this run has no such table)."""
        return next((t for t in self.tables if t.id == table_id), None)


def esc(value: Any) -> str:
    """HTML-escape ``str(value)`` (quotes included); ``None`` renders as the empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def local_href(href: str) -> str:
    """``href`` if it names a file beside the report (``x.csv``, ``tables/x.csv``) or ``#anchor``.

    Raises
    ------
    ValueError
        For an absolute URL, a parent path or anything else.
    """
    if not _RELATIVE.fullmatch(href) or ".." in href:
        raise ValueError(f"local link must be a file beside the report or #anchor, got {href!r}")
    return href


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


def table(
    table_id: str,
    frame: pd.DataFrame,
    caption: str = "",
    *,
    left: Sequence[str] = (),
    floatfmt: str = "{:.4g}",
    cell_class: Mapping[str, Sequence[str]] | None = None,
    csv: str | None = None,
) -> Table:
    """A :class:`Table` of ``frame``: cells formatted, text columns left-aligned, its CSV.

    Parameters
    ----------
    table_id : str
        Anchor and CSV stem (``tables/<id>.csv`` unless ``csv`` is given).
    frame : pandas.DataFrame
        The rows to show (index ignored); written as the CSV with full precision.
    caption : str
        What the rows are.
    left : Sequence[str]
        Columns to left-align besides the non-numeric ones.
    floatfmt : str
        Format of float cells.
    cell_class : Mapping[str, Sequence[str]], optional
        Per column, one CSS class per row (e.g. verdict colours).
    csv : str, optional
        An existing file beside the report holding these rows (no CSV is written then).
    """
    cell_class = cell_class or {}
    for col, classes in cell_class.items():
        if len(classes) != len(frame):
            raise ValueError(
                f"cell_class[{col!r}] has {len(classes)} entries for {len(frame)} rows"
            )
    text_cols = frozenset(
        str(c)
        for c in frame.columns
        if c in left or not pd.api.types.is_numeric_dtype(frame[c]) or frame[c].dtype == bool
    )
    rows = tuple(
        tuple(
            (fmt_value(val, floatfmt), cell_class[col][i] if col in cell_class else "")
            for col, val in zip(frame.columns, rec, strict=True)
        )
        for i, rec in enumerate(frame.itertuples(index=False))
    )
    path = local_href(csv) if csv else f"tables/{table_id}.csv"
    data = None if csv else frame.to_csv(index=False).encode("utf-8")
    return Table(
        table_id, caption, tuple(str(c) for c in frame.columns), rows, text_cols, path, data
    )


__all__ = [
    "CITATIONS",
    "VERDICT_CLASS",
    "Citation",
    "Drawing",
    "Figure",
    "SectionContent",
    "Table",
    "esc",
    "fmt_value",
    "local_href",
    "table",
]
