"""The report's sections, in reading order: one module, one registry entry and one template each.

To add a section: write ``sections/<id>.py`` with ``build(inputs: ReportInputs) ->
SectionContent`` (its figures, tables and text), add one entry to :data:`SECTIONS`, and add
the template ``templates/sections/<id>.html.j2`` (it receives ``content``; the shared pieces
are in ``templates/macros.html.j2``). ``tests/report/test_sections.py`` checks every entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import SectionContent
from gendisc.report.sections import (
    answer,
    beyond,
    data,
    dimension,
    fidelity,
    figure1,
    inference,
    methods,
    misspecification,
    provenance,
)


@dataclass(frozen=True)
class SectionSpec:
    """A registered section: its title and the function that computes its content."""

    title: str
    build: Callable[[ReportInputs], SectionContent]


#: section id (anchor, template name) -> its spec, in reading order
SECTIONS: dict[str, SectionSpec] = {
    "answer": SectionSpec("Answer", answer.build),
    "figure1": SectionSpec("Figure 1 replica: the 15 UCI experiments", figure1.build),
    "fidelity": SectionSpec(
        "Fidelity to Ng & Jordan: the paper's curves beside ours", fidelity.build
    ),
    "misspecification": SectionSpec("Misspecification", misspecification.build),
    "dimension": SectionSpec("Sample complexity vs dimension, and Efron", dimension.build),
    "beyond": SectionSpec(
        "Beyond the learning curves: missing features, hybrids, scarce labels, unusual inputs",
        beyond.build,
    ),
    "inference": SectionSpec("How the verdicts were reached: rules and intervals", inference.build),
    "methods": SectionSpec("Methods", methods.build),
    "provenance": SectionSpec("Provenance", provenance.build),
    "data": SectionSpec("Data", data.build),
}


def template(section_id: str) -> str:
    """The template of a section (``sections/<id>.html.j2``)."""
    return f"sections/{section_id}.html.j2"


__all__ = ["SECTIONS", "SectionSpec", "template"]
