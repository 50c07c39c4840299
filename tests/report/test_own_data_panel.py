"""Figure 1 picks up user datasets (config section ``datasets``) from the results."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from gendisc.report.common import ReportInputs
from gendisc.report.sections import figure1
from gendisc.study import columns, summary

from factories.report import CONFIG, planted_errors, planted_tables


def tables_with_own_dataset():
    """The planted study plus a user dataset 'churn' run with the UCI protocol (nb_lr)."""
    errors, asym = planted_errors()
    pima = errors[errors["dataset"] == "pima"]
    churn = pima.assign(dataset="churn", test_error=np.clip(pima["test_error"] + 0.05, 0, 1))
    errors = columns.sort_rows(columns.conform(pd.concat([errors, churn], ignore_index=True)))
    tables = planted_tables()
    return dataclasses.replace(tables, summary=summary.summarise(errors, asym))


def test_own_dataset_gets_a_panel_and_a_row():
    tables = tables_with_own_dataset()
    content = figure1.build(ReportInputs(tables, CONFIG))
    fig = content.figures[0]
    _, panels, titles, *_ = fig.drawing.args
    assert panels[-1] == "churn" and len(panels) == 16  # after the 15 UCI panels
    assert titles["churn"] == "churn (your data, continuous)"
    assert "churn (your data, continuous)" in fig.caption
    assert "n = 1 datasets run" in fig.caption  # the UCI count does not include it
    assert "churn" not in [name for name, _ in content.extra["not_run"]]
    per_curve = figure1.per_curve_table(tables, "uci")
    assert set(per_curve["dataset"]) == {"pima", "churn"}
    drawn = figure1.figure1(*fig.drawing.args)  # the panel is drawn with its curves
    ax = drawn.axes[15]
    assert ax.get_title() == "churn (your data, continuous)" and len(ax.lines) == 2


def test_no_own_dataset_leaves_the_figure_as_the_paper():
    content = figure1.build(ReportInputs(planted_tables(), CONFIG))
    _, panels, *_ = content.figures[0].drawing.args
    assert len(panels) == 15 and "your data" not in content.figures[0].caption
