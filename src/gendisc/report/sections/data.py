"""Section 7, data: the result tables copied beside the report, and where the figures are."""

from __future__ import annotations

from gendisc.report.common import ReportInputs
from gendisc.report.htmlkit import SectionContent, local_href

#: files the report copies beside itself, with their description
DATA_FILES: dict[str, str] = {
    "errors.parquet": "one row per (study, setting or dataset, pair, model, m, replicate); "
    "provenance in the Parquet metadata",
    "summary.csv": "one row per cell: mean errors, mean paired difference, SE, R, warnings",
    "claims.csv": "one row per claim and scope with estimate, interval, p-values and verdict",
    "cells.csv": "per-cell tests (paired t / corrected resampled t, Wilcoxon, BH)",
    "curves.csv": "learning-curve fits a + b·m^(−c) and alternatives (AICc)",
    "crossovers.csv": "crossover m* with bootstrap interval and P(cross)",
    "sample_complexity.csv": "m_ε fits on log n and on n",
    "efron.csv": "measured LR/LDA efficiency vs Efron's ARE",
    "calibration.csv": "coverage of the variance estimators",
    "m_epsilon.csv": "m_ε per model and dimension",
    "misspecification.csv": "per synthetic setting: asymptotic gap and m* with intervals",
    "level_trends.csv": "regressions of the gap and of log m* on the misspecification level",
    "across_datasets.csv": "win/tie/loss and Wilcoxon over datasets (Demšar 2006)",
}


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
