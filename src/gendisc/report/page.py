"""The page from its Jinja2 templates: one base, one partial per section, the CSS beside them.

The templates are package data (``gendisc/report/templates``), so an installed gendisc finds
them. Autoescaping is on: every value a section computes is text, escaped where it is shown;
the only markup the Python side makes is the ``<wbr>`` break hint of :func:`breakable` (after
escaping). Undefined names are errors, not empty strings.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from gendisc.report.htmlkit import CITATIONS, VERDICT_CLASS, Figure, SectionContent, local_href

#: the templates' package and folder
TEMPLATES = ("gendisc.report", "templates")
BASE = "base.html.j2"
CSS = "report.css"
_BREAK = re.compile(r"([/_])")


@dataclass(frozen=True)
class PageSection:
    """A section as the base template places it: id (anchor), title, template, content."""

    id: str
    title: str
    template: str
    content: SectionContent


def datauri(fig: Figure) -> str:
    """The figure's PNG as a ``data:`` URI (ValueError when the figure is not rendered)."""
    if "png" not in fig.images:
        raise ValueError(f"figure {fig.stem!r} has no PNG: render it first")
    return "data:image/png;base64," + base64.b64encode(fig.images["png"]).decode("ascii")


def breakable(text: object) -> Markup:
    """Escaped text with a ``<wbr>`` break hint after ``/`` and ``_`` when longer than 20."""
    out = str(escape(text))
    if len(out) > 20:
        out = _BREAK.sub(r"\1<wbr>", out)
    return Markup(out)


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report (package loader, autoescape, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(*TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(datauri=datauri, breakable=breakable, local_href=local_href)
    env.globals.update(CITATIONS=CITATIONS, VERDICT_CLASS=VERDICT_CLASS)
    return env


def css() -> str:
    """The page's style sheet (inlined in the page)."""
    return resources.files(TEMPLATES[0]).joinpath(TEMPLATES[1], CSS).read_text("utf-8")


def template_names() -> list[str]:
    """Every template file shipped with the package (for checks)."""
    return sorted(environment().list_templates(extensions=["j2"]))


def render_page(title: str, subtitle: str, sections: Sequence[PageSection]) -> str:
    """The whole page: title, the table of contents, then each section's partial in order.

    Parameters
    ----------
    title, subtitle : str
        Page title and the line under it.
    sections : Sequence[PageSection]
        The sections in reading order; ids must be unique.

    Returns
    -------
    str
        A complete HTML5 document.
    """
    ids = [s.id for s in sections]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate section ids in {ids}")
    template = environment().get_template(BASE)
    return template.render(title=title, subtitle=subtitle, sections=sections, css=Markup(css()))


__all__ = [
    "BASE",
    "CSS",
    "TEMPLATES",
    "PageSection",
    "breakable",
    "css",
    "datauri",
    "environment",
    "render_page",
    "template_names",
]
