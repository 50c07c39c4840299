"""Section 7, data: the result tables copied beside the report, and where the figures are."""

from __future__ import annotations

from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import SectionContent, local_href
from gendisc.study import outputs

#: files the report copies beside itself, with their description (from the registry of
#: output tables, :mod:`gendisc.study.outputs`)
DATA_FILES: dict[str, str] = {t.file: t.description for t in outputs.report_tables().values()}


def build(inputs: ReportInputs) -> SectionContent:
    """Links to the result tables present in this run (errors.parquet always)."""
    present = inputs.tables.present()
    files = [
        (local_href(name), what)
        for name, what in DATA_FILES.items()
        if name == "errors.parquet" or name.removesuffix(".csv") in present
    ]
    return SectionContent(
        lead=(
            "The tables behind this page are written beside it; every table shown on the page "
            "also has its own CSV in tables/, and every figure is saved as SVG and PNG in "
            "figures/."
        ),
        extra={"files": files},
    )


__all__ = ["DATA_FILES", "build"]
