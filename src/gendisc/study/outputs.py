"""The registry of the study's output tables: name -> path, description, columns.

The workflow's rules take their output paths from here (``workflow/rules/common.smk``), the
report reads the tables listed here and describes them with these words, and the end-to-end
test checks every produced table against its columns. Adding a table is one entry here (plus
the rule that writes it); its contract is ``tests/study/test_outputs.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from gendisc.study import columns

#: kinds of output tables: the results of the compute jobs, and the statistics on them
KINDS: tuple[str, ...] = ("results", "stats")


@dataclass(frozen=True)
class OutputTable:
    """One output table of the workflow.

    Attributes
    ----------
    name : str
        Registry key (also the report's field name for it).
    path : str
        Path relative to the working directory (``results/...``).
    description : str
        One line for people (the report's Data section, the README).
    columns : tuple[str, ...]
        Columns every reader may rely on, in order (a table may carry more after them).
    kind : str
        ``"results"`` (written by the compute and aggregate rules) or ``"stats"``.
    in_report : bool
        The report reads it and copies it beside itself.
    """

    name: str
    path: str
    description: str
    columns: tuple[str, ...]
    kind: str = "stats"
    in_report: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}, got {self.kind!r}")
        if not self.path.startswith("results/") or PurePosixPath(self.path).suffix not in (
            ".csv",
            ".parquet",
        ):
            raise ValueError(f"path must be results/NAME.csv or .parquet, got {self.path!r}")
        if len(set(self.columns)) != len(self.columns) or not self.columns:
            raise ValueError(f"columns of {self.name!r} must be non-empty without repeats")

    @property
    def file(self) -> str:
        """The file name (how the report's copy beside the page is called)."""
        return PurePosixPath(self.path).name


_CELL = ("family", "level", "n_features", "separation", "prior")

_ENTRIES: tuple[OutputTable, ...] = (
    OutputTable(
        "errors",
        "results/errors.parquet",
        "one row per (study, setting or dataset, pair, model, m, replicate); provenance in the "
        "Parquet metadata",
        tuple(columns.ERRORS),
        kind="results",
    ),
    OutputTable(
        "summary",
        "results/summary.csv",
        "one row per cell: mean errors, mean paired difference, SE, R, warnings",
        (
            "study",
            "dataset",
            *_CELL,
            "pair",
            "m",
            "R",
            "err_generative",
            "err_discriminative",
            "mean_d",
            "sd_d",
            "se_d",
            "se_generative",
            "se_discriminative",
            "bayes_error",
            "separable_rate",
            "n_warnings",
        ),
        kind="results",
    ),
    OutputTable(
        "calibration_errors",
        "results/calibration_errors.parquet",
        "the calibration study's rows (UCI protocol on synthetic pools), same columns as errors",
        tuple(columns.ERRORS),
        kind="results",
        in_report=False,
    ),
    OutputTable(
        "asymptotic",
        "results/asymptotic.parquet",
        "one row per (study, setting, pair, model): the model's error fitted on a very large sample",
        (
            "study",
            "dataset",
            "pair",
            "model",
            "role",
            "asymptotic_error",
            "n_train",
            "n_test",
            "n_only_wrong",
        ),
        kind="results",
        in_report=False,
    ),
    OutputTable(
        "claims",
        "results/claims.csv",
        "one row per claim and scope with estimate, interval, p-values and verdict",
        ("claim", "scope", "estimate", "ci_low", "ci_high", "p_value", "verdict"),
    ),
    OutputTable(
        "claims_sensitivity",
        "results/claims_sensitivity.csv",
        "verdict counts of every claim under each of its rules",
        ("claim", "rule", "primary", "n"),
        in_report=False,
    ),
    OutputTable(
        "cells",
        "results/cells.csv",
        "per-cell tests (paired t / corrected resampled t, Wilcoxon, BH)",
        ("study", "dataset", "pair", "m", "design", "R", "n_test", "mean_d", "se_d", "p_bh"),
    ),
    OutputTable(
        "curves",
        "results/curves.csv",
        "learning-curve fits a + b·m^(−c) and alternatives (AICc)",
        ("study", "dataset", "pair", "model", "role", "a", "b", "c", "best_form"),
    ),
    OutputTable(
        "crossovers",
        "results/crossovers.csv",
        "crossover m* with bootstrap interval and P(cross)",
        ("study", "dataset", "pair", "m_star", "ci_low", "ci_high", "p_cross"),
    ),
    OutputTable(
        "sample_complexity",
        "results/sample_complexity.csv",
        "m_ε fits on log n and on n",
        ("scope", "pair", "role", "model", "regressor", "slope", "slope_ci_low", "slope_ci_high"),
    ),
    OutputTable(
        "growth",
        "results/growth.csv",
        "growth exponent of m_ε in n and the AIC choice of log n vs n, with bootstrap uncertainty",
        ("scope", "design", "role", "exponent", "exponent_ci_low", "exponent_ci_high", "delta_aic"),
    ),
    OutputTable(
        "parameter_convergence",
        "results/parameter_convergence.csv",
        "naive Bayes' largest parameter deviation |θ̂ − θ| per dimension and m (Ng & Jordan's lemma)",
        ("study", "n_features", "m", "max_abs", "max_abs_q10", "max_abs_q90"),
    ),
    OutputTable(
        "efron",
        "results/efron.csv",
        "measured LR/LDA efficiency vs Efron's ARE (pooled rows have m = -1)",
        ("study", "dataset", "pair", "m", "efficiency", "ci_low", "ci_high", "delta", "theory"),
    ),
    OutputTable(
        "calibration",
        "results/calibration.csv",
        "coverage of the variance estimators",
        ("pair", "pool_size", "m", "estimator", "coverage", "cov_ci_low", "cov_ci_high"),
    ),
    OutputTable(
        "m_epsilon",
        "results/m_epsilon.csv",
        "m_ε per model and dimension",
        ("study", "dataset", "pair", "role", "model", "m_eps"),
    ),
    OutputTable(
        "misspecification",
        "results/misspecification.csv",
        "per synthetic setting: asymptotic gap and m* with intervals",
        ("study", "dataset", "pair", *_CELL, "gap", "m_star"),
    ),
    OutputTable(
        "level_trends",
        "results/level_trends.csv",
        "regressions of the gap and of log m* on the misspecification level",
        ("y", "family", "pair", "slope", "ci_low", "ci_high", "p_value"),
    ),
    OutputTable(
        "c_sweep",
        "results/c_sweep.csv",
        "logistic regression's error over a grid of C, per setting, m and separability stratum",
        ("dataset", "m", "C", "stratum", "n_sets", "lr_error", "lr_error_se", "nb_error"),
    ),
    OutputTable(
        "across_datasets",
        "results/across_datasets.csv",
        "win/tie/loss and Wilcoxon over datasets (Demšar 2006)",
        ("study", "pair", "n_datasets", "wins", "ties", "losses", "wilcoxon_p"),
    ),
)

#: every output table, by name, in the order the report lists them
TABLES: Mapping[str, OutputTable] = {t.name: t for t in _ENTRIES}


def paths(kind: str | None = None) -> dict[str, str]:
    """Name -> path of the tables (of one ``kind`` when given), in registry order.

    Raises
    ------
    ValueError
        If ``kind`` is not one of :data:`KINDS`.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {list(KINDS)}, got {kind!r}")
    return {n: t.path for n, t in TABLES.items() if kind is None or t.kind == kind}


def report_tables() -> dict[str, OutputTable]:
    """The tables the report reads and copies beside itself, in registry order."""
    return {n: t for n, t in TABLES.items() if t.in_report}


__all__ = ["KINDS", "TABLES", "OutputTable", "paths", "report_tables"]
