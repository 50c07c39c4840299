"""Build the report: every registered section's content, its figures drawn, the page rendered.

:func:`build` asks each section of :data:`gendisc.report.sections.SECTIONS` for its content
(figures still to draw, tables, text), draws all figures at once in one or more processes
(:func:`gendisc.report.rendering.render_figures`), and renders the page from the templates
(:func:`gendisc.report.page.render_page`). The page, the figures and the tables' CSV files are
the same bytes for any number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import Figure, SectionContent
from gendisc.report.page import PageSection, render_page
from gendisc.report.rendering import check_workers, render_figures
from gendisc.report.sections import SECTIONS, template

TITLE = "gendisc: generative vs discriminative classifiers"
SUBTITLE = (
    "When does naive Bayes beat logistic regression? A reproduction and extension of Ng & "
    "Jordan (2001)."
)


@dataclass(frozen=True)
class Report:
    """The built report: the page, its figures, and the files written beside it.

    Attributes
    ----------
    page : str
        The HTML document (figures inlined).
    figures : list[Figure]
        Every figure, rendered (PNG and SVG), in page order.
    files : dict[str, bytes]
        Path relative to the page -> bytes: the CSV of every table the page shows (the copied
        result tables are not included).
    """

    page: str
    figures: list[Figure]
    files: dict[str, bytes]


def _with_figures(content: SectionContent, rendered: list[Figure]) -> SectionContent:
    n = len(content.figures)
    return replace(content, figures=tuple(rendered[:n]), more_figures=tuple(rendered[n:]))


def build(inputs: ReportInputs, workers: int = 1) -> Report:
    """Build the report page, its figures and its tables' CSV files.

    Parameters
    ----------
    inputs : ReportInputs
        The tables and the run's facts.
    workers : int
        Number of processes drawing the figures at once (1: all in this process).

    Returns
    -------
    Report
    """
    check_workers(workers)
    contents = {sid: spec.build(inputs) for sid, spec in SECTIONS.items()}
    pending = [f for c in contents.values() for f in c.all_figures]
    stems = [f.stem for f in pending]
    if len(set(stems)) != len(stems):
        raise ValueError(f"duplicate figure stems in {stems}")
    rendered = iter(render_figures(pending, workers))
    for sid, c in contents.items():
        contents[sid] = _with_figures(c, [next(rendered) for _ in c.all_figures])
    files: dict[str, bytes] = {}
    for c in contents.values():
        for t in c.tables:
            if t.data is not None:
                if t.csv in files:
                    raise ValueError(f"two tables write {t.csv!r}")
                files[t.csv] = t.data
    sections = [
        PageSection(sid, SECTIONS[sid].title, template(sid), c) for sid, c in contents.items()
    ]
    page = render_page(TITLE, SUBTITLE, sections)
    figures = [f for c in contents.values() for f in c.all_figures]
    return Report(page, figures, files)


__all__ = ["SUBTITLE", "TITLE", "Report", "build"]
