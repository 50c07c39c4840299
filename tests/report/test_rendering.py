"""Saving and rendering the report's figures: one tight crop for PNG and SVG, any worker count."""

from __future__ import annotations

import io
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import matplotlib.pyplot as plt
import numpy as np
import pytest

from gendisc.report import plotkit, rendering
from gendisc.report.htmlkit import Figure
from gendisc.report.page import datauri


def legend_below(panels: int = 2) -> plt.Figure:
    """Log-2 panels (tight_layout) with their legend below the figure's area, as the curves."""
    plotkit.use_style()
    fig, axes = plt.subplots(1, panels, figsize=(3.0 * panels, 2.5), squeeze=False)
    m = 2.0 ** np.arange(2, 11)
    for k, ax in enumerate(axes[0]):
        for role, style in plotkit.ROLE_STYLE.items():
            ax.plot(m, 0.2 + (k + 1) / m ** (0.4 if role == "generative" else 0.8), **style)
        ax.set_xscale("log", base=2)
        ax.set_title(f"panel {k}", fontsize=8)
        ax.set_xlabel("m")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles, labels, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, -0.1)
    )
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def constrained_heatmap() -> plt.Figure:
    """An image with a colour bar, laid out by the constrained layout engine (as the heatmaps)."""
    plotkit.use_style()
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    image = ax.imshow(np.arange(12.0).reshape(3, 4), cmap="RdBu_r")
    fig.colorbar(image, ax=ax, label="mean d")
    ax.set_title("heatmap")
    return fig


def _tight(make, fmt: str) -> bytes:
    """What matplotlib's own ``bbox_inches="tight"`` saves (metadata as in plotkit.savefig)."""
    fig = make()
    buf = io.BytesIO()
    meta = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return buf.getvalue()


def _svg_size(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    assert match, svg[:300]
    return float(match[1]), float(match[2])


@pytest.mark.parametrize("make", [legend_below, constrained_heatmap])
def test_savefig_crops_both_formats_as_tight(make) -> None:
    """The PNG is the tight crop matplotlib saves; the SVG has the same box (within 2 pt)."""
    images = plotkit.savefig(make())
    assert images["png"] == plotkit.palette_png(_tight(make, "png"))
    got, ref = _svg_size(images["svg"]), _svg_size(_tight(make, "svg"))
    assert np.allclose(got, ref, atol=2.0), (got, ref)


def test_tight_bbox_holds_the_legend_below_the_axes() -> None:
    fig = legend_below()
    bbox = plotkit.tight_bbox(fig)
    inches = fig.dpi_scale_trans.inverted()
    legend = fig.legends[0].get_window_extent().transformed(inches)
    assert legend.y0 < 0  # below the figure's own area, and still saved:
    assert bbox.x0 <= legend.x0 and legend.x1 <= bbox.x1
    assert bbox.y0 <= legend.y0 and legend.y1 <= bbox.y1
    svg = plotkit.savefig(fig)["svg"]
    assert np.allclose(_svg_size(svg), (bbox.width * 72, bbox.height * 72), atol=1e-3)


def test_render_all_same_bytes_for_any_workers() -> None:
    drawings = [rendering.Drawing(legend_below, (n,)) for n in (1, 2, 3)]
    drawings.insert(1, rendering.Drawing(constrained_heatmap))
    one = rendering.render_all(drawings, workers=1)
    assert [set(images) for images in one] == [{"png", "svg"}] * len(drawings)
    assert len({images["png"] for images in one}) == len(drawings)  # in the order given
    for workers in (2, 3, 8):
        assert rendering.render_all(drawings, workers=workers) == one
    assert rendering.render_all([], workers=2) == []


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2", None])
def test_workers_must_be_a_positive_integer(bad) -> None:
    with pytest.raises(ValueError, match=f"workers must be a positive integer, got {bad!r}"):
        rendering.render_all([rendering.Drawing(legend_below)], workers=bad)


def test_render_figures_draws_only_pending_figures() -> None:
    done = Figure("done", "already rendered", images={"png": b"\x89PNG", "svg": b"<svg/>"})
    pending = Figure("pending", "to draw", drawing=rendering.Drawing(legend_below, (1,)))
    with pytest.raises(ValueError, match="figure 'pending' has no PNG"):
        datauri(pending)
    out = rendering.render_figures([done, pending, done])
    assert out[0] is done and out[2] is done
    assert out[1].stem == "pending" and out[1].drawing is None
    assert out[1].images["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert datauri(out[1]).startswith("data:image/png;base64,iVBORw0KGgo")


def test_a_fresh_interpreter_renders_the_same_bytes() -> None:
    """A spawned process (no state shared with this one) draws the same bytes as this one."""
    drawings = [rendering.Drawing(legend_below, (1,)), rendering.Drawing(constrained_heatmap)]
    here = rendering.render_all(drawings, workers=1)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(rendering.Drawing.render, drawings)) == here
