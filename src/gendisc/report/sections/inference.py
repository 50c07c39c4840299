"""Section: how the verdicts were reached - the claim registry's rules and their sensitivity,
the degenerate cells, and the calibrated UCI interval (issue 14)."""

from __future__ import annotations

import pandas as pd

from gendisc.report.common import ReportInputs, Tables
from gendisc.report.htmlkit import SectionContent, Table, table
from gendisc.stats.verdicts import VERDICT_KINDS

#: the estimator label of the pool interval in the calibration table
POOL_ESTIMATOR = "pool_t"


def rule_sentences(sensitivity: pd.DataFrame) -> list[str]:
    """Per claim with several rules: what holds under all of them, or how it depends on the rule."""
    if sensitivity.empty:
        return []
    out = []
    for claim, g in sensitivity.groupby("claim", sort=False):
        if len(g) < 2:
            continue
        counts = g.set_index("rule")[list(VERDICT_KINDS)]
        primary = str(g.loc[g["primary"].astype(bool), "rule"].iloc[0])
        text = "; ".join(
            f"{rule}{' (primary)' if rule == primary else ''}: "
            + ", ".join(f"{int(row[k])} {k}" for k in VERDICT_KINDS if int(row[k]))
            for rule, row in counts.iterrows()
        )
        if (counts.nunique() == 1).all():
            out.append(f"{claim}: the same verdict counts under all {len(g)} rules ({text}).")
        else:
            out.append(f"{claim}: the verdicts depend on the rule ({text}).")
    return out


def degenerate_counts(tables: Tables) -> pd.DataFrame:
    """Degenerate cells (no variance of the difference) per study and reason."""
    cells = tables.cells
    if cells.empty or "degenerate" not in cells.columns:
        return pd.DataFrame()
    deg = cells[cells["degenerate"].astype(str).str.lower().isin(("true", "1"))]
    if deg.empty:
        return pd.DataFrame()
    grouped = deg.groupby(["study", "degenerate_reason"], sort=True)
    out = grouped.agg(cells=("m", "size"), smallest_m=("m", "min"), largest_m=("m", "max"))
    return out.reset_index()


def pool_coverage(calibration: pd.DataFrame) -> pd.DataFrame:
    """Coverage and mean half-width of every interval per pool size and m (wide)."""
    need = {"pool_size", "m", "estimator", "coverage", "mean_half_width"}
    if calibration.empty or not need <= set(calibration.columns):
        return pd.DataFrame()
    wide = calibration.pivot_table(
        index=["pool_size", "m"], columns="estimator", values=["coverage", "mean_half_width"]
    )
    wide.columns = [f"{stat} {est}" for stat, est in wide.columns]
    return wide.reset_index()


def build(inputs: ReportInputs) -> SectionContent:
    """The rules' sensitivity, the degenerate cells and the UCI interval's calibration."""
    tables = inputs.tables
    out: list[Table] = []
    notes = []
    sens = tables.claims_sensitivity
    if len(sens):
        out.append(table("claims-sensitivity", sens, "Verdict counts of each claim under every "
                         "registered rule (primary: the rule first declared; same_as_primary: "
                         "scopes whose verdict equals the primary rule's)",
                         left=("claim", "rule"), csv="claims_sensitivity.csv"))  # fmt: skip
    else:
        notes.append("Not available: this run did not produce claims_sensitivity.csv.")
    deg = degenerate_counts(tables)
    if len(deg):
        out.append(table("degenerate-cells", deg, "Degenerate cells, excluded from every test",
                         left=("study", "degenerate_reason")))  # fmt: skip
    cov = pool_coverage(tables.calibration)
    if len(cov):
        out.append(table("interval-coverage", cov, "Calibration: coverage of the true difference "
                         "and mean half-width of each nominal 95 % interval per pool size N and "
                         "m", left=("pool_size", "m")))  # fmt: skip
    has_pool = not tables.calibration.empty and POOL_ESTIMATOR in set(
        tables.calibration.get("estimator", pd.Series(dtype=str))
    )
    return SectionContent(
        lead=(
            "Every claim and its verdict rules are registered in config/claims.yaml, with the "
            "date of each change; the rule first declared is primary and later rules are "
            "reported beside it, so a verdict can be read under each. Cells whose difference "
            "has no variance are degenerate and enter no test. The UCI cells use an interval "
            "built from the spread over training sets and the pool's finite test and training "
            "points (pool_t)"
            + (", whose coverage the calibration study measures." if has_pool else ".")
        ),
        tables=tuple(out),
        notes=tuple(notes),
        extra={"sentences": rule_sentences(sens)},
    )


__all__ = ["POOL_ESTIMATOR", "build", "degenerate_counts", "pool_coverage", "rule_sentences"]
