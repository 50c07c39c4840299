"""Every report figure is readable: <= 3 panels per row, text >= 10 px, caption and alt text."""

from __future__ import annotations

import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from gendisc.report import plotkit
from gendisc.report.sections import SECTIONS, dimension, misspecification

from factories.report import planted_inputs


def _figures():
    inputs = planted_inputs()
    return [f for spec in SECTIONS.values() for f in spec.build(inputs).all_figures]


FIGURES = _figures()


def test_the_planted_study_has_every_kind_of_figure() -> None:
    stems = {f.stem for f in FIGURES}
    assert {"verdict-map", "figure1-uci", "heatmap-correlated_gaussian",
            "level-correlated_gaussian", "curves-correlated_gaussian-nb_lr", "m-epsilon",
            "efron", "calibration", "interval-calibration", "c-sweep"} <= stems  # fmt: skip
    assert len(stems) == len(FIGURES)


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.stem)
def test_figure_is_readable_at_1400px(fig) -> None:
    drawn = fig.drawing.draw(*fig.drawing.args)
    try:
        assert 1 <= plotkit.panels_per_row(drawn) <= plotkit.MAX_COLUMNS
        assert plotkit.smallest_text_px(drawn) >= plotkit.MIN_TEXT_PX
        width_px = plotkit.tight_bbox(drawn).width * plotkit.DPI
        assert width_px <= plotkit.DISPLAY_PX  # shown unscaled in the page's column
    finally:
        plt.close(drawn)


@pytest.mark.parametrize("fig", FIGURES, ids=lambda f: f.stem)
def test_caption_says_what_n_r_and_interval(fig) -> None:
    c = fig.caption
    assert re.search(r"\bn = \d+", c), c
    assert re.search(r"\bR = \d+|\bR replicates|over \d+ pools|replicates", c), c
    assert re.search(r"interval", c), c
    assert fig.alt_text and len(fig.alt_text) < len(c)


def test_smallest_text_px_sees_small_text_and_scaling() -> None:
    plotkit.use_style()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("t", fontsize=6)  # 6 pt at 110 dpi = 9.2 px
    assert plotkit.smallest_text_px(fig) == pytest.approx(6 * plotkit.DPI / 72)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(20, 3))  # 2200 px wide, shown at half size
    ax.set_title("t", fontsize=10)
    assert plotkit.smallest_text_px(fig) < 10 * plotkit.DPI / 72 * 0.55
    plt.close(fig)


def test_panel_grid_wraps_at_three() -> None:
    fig, axes = plotkit.panel_grid(7)
    assert len(axes) == 7 and plotkit.panels_per_row(fig) == 3
    assert sum(ax.get_visible() for ax in fig.axes) == 7
    plt.close(fig)
    with pytest.raises(ValueError, match=r"columns must be in 1\.\.3"):
        plotkit.panel_grid(4, columns=4)
    with pytest.raises(ValueError, match="n_panels"):
        plotkit.panel_grid(0)


def test_drawings_reject_missing_data() -> None:
    tables = planted_inputs().tables
    with pytest.raises(ValueError, match="heavy_tailed"):
        misspecification.difference_heatmap(tables.cells, "heavy_tailed")
    with pytest.raises(ValueError, match="lacks column"):
        misspecification.misspecification_trends(tables.cells, "correlated_gaussian")
    with pytest.raises(ValueError, match="empty"):
        dimension.efron_efficiency(tables.efron.iloc[:0])


def test_palette_png_keeps_the_picture_and_shrinks_it() -> None:
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 1, 50)
    ax.plot(x, x**2, color=plotkit.PALETTE[0])
    ax.fill_between(x, x**2 - 0.1, x**2 + 0.1, color=plotkit.PALETTE[0], alpha=0.2)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    raw = buf.getvalue()
    small = plotkit.palette_png(raw)
    assert small == plotkit.palette_png(raw)  # deterministic
    assert len(small) < len(raw)
    before = np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), dtype=int)
    after_img = Image.open(io.BytesIO(small))
    assert after_img.mode == "P"
    after = np.asarray(after_img.convert("RGB"), dtype=int)
    assert before.shape == after.shape
    assert np.abs(before - after).max() <= 24 and np.abs(before - after).mean() < 2.0
    with pytest.raises(ValueError, match="colors must be"):
        plotkit.palette_png(raw, colors=1)
