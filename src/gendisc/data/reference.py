"""The paper's Figure 1, digitized: m grids of all 15 panels, curves of 10 (package data).

See ``ng_jordan_figure1/README.md`` beside this module for the citation and how the values were
read (from the figure's vector paths, about +-0.001 in error).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

#: citation printed wherever the digitized values are used
CITATION = (
    "A. Y. Ng and M. I. Jordan, On discriminative vs. generative classifiers: a comparison of "
    "logistic regression and naive Bayes, NIPS 14 (2001), Figure 1; values digitized from the "
    "figure's vector paths (about +-0.001 in error)."
)
#: folder (package data) and files of the reference data
FOLDER = "ng_jordan_figure1"
FILES: tuple[str, ...] = ("panels.csv", "curves.csv")
PANEL_COLUMNS = ("panel", "dataset", "kind", "title", "m_first", "m_last", "m_step", "curves_given")
CURVE_COLUMNS = ("dataset", "kind", "m", "naive_bayes", "logistic_regression")


@dataclass(frozen=True)
class Panel:
    """One panel of Figure 1: its dataset, title and m grid."""

    number: int
    dataset: str
    kind: str
    title: str
    m_grid: tuple[int, ...]
    curves_given: bool


def _read(name: str) -> pd.DataFrame:
    if name not in FILES:
        raise ValueError(f"unknown reference file {name!r}; known: {FILES}")
    with resources.files("gendisc.data").joinpath(FOLDER, name).open("rb") as fh:
        return pd.read_csv(fh)


def panels() -> dict[str, Panel]:
    """The 15 panels keyed by dataset, in the paper's order.

    Raises
    ------
    ValueError
        When the table lacks a column or a grid is not ``m_first, m_first + step, .. m_last``.
    """
    table = _read("panels.csv")
    missing = set(PANEL_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"panels.csv lacks columns {sorted(missing)}")
    out: dict[str, Panel] = {}
    for row in table.itertuples(index=False):
        grid = tuple(range(int(row.m_first), int(row.m_last) + 1, int(row.m_step)))
        if grid[-1] != int(row.m_last):
            raise ValueError(f"panel {row.dataset!r}: m_last {row.m_last} is not on its grid")
        if row.curves_given not in ("yes", "no"):
            raise ValueError(f"panel {row.dataset!r}: curves_given {row.curves_given!r}")
        out[str(row.dataset)] = Panel(
            int(row.panel), str(row.dataset), str(row.kind), str(row.title), grid,
            row.curves_given == "yes",
        )  # fmt: skip
    return out


def curves() -> pd.DataFrame:
    """The digitized curves: columns ``dataset, kind, m, naive_bayes, logistic_regression``.

    Every dataset is a panel with ``curves_given`` and its m values are that panel's grid.
    """
    table = _read("curves.csv")
    missing = set(CURVE_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"curves.csv lacks columns {sorted(missing)}")
    known = panels()
    for name, rows in table.groupby("dataset", sort=False):
        panel = known.get(str(name))
        if panel is None or not panel.curves_given:
            raise ValueError(f"curves.csv has values for {name!r}, not a panel with curves")
        if tuple(int(m) for m in rows["m"]) != panel.m_grid:
            raise ValueError(f"curves.csv: m of {name!r} differ from the panel's grid")
    errors = table[["naive_bayes", "logistic_regression"]].to_numpy()
    if not np.all((errors >= 0) & (errors <= 1)):
        raise ValueError("curves.csv: errors must lie in [0, 1]")
    return table.loc[:, list(CURVE_COLUMNS)]
