"""The plotting kit of the report: one colour-blind-safe style, panel grids, saving figures.

The report's figures are drawn by the section modules (:mod:`gendisc.report.sections`); every
drawing function calls :func:`use_style` first and lays its panels out with :func:`panel_grid`
(at most :data:`MAX_COLUMNS` panels per row), so that at the page's width (about
:data:`DISPLAY_PX` pixels at a 1400 px window) no figure is scaled down and its smallest text is
at least :data:`MIN_TEXT_PX` pixels high (:func:`smallest_text_px` measures it).
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

#: seaborn's colour-blind-safe palette; generative = first colour, discriminative = second
PALETTE = sns.color_palette("colorblind")
ROLE_STYLE = {
    "generative": {"color": PALETTE[0], "linestyle": "-", "label": "generative (NB)"},
    "discriminative": {"color": PALETTE[1], "linestyle": "--", "label": "discriminative (LR)"},
}
Z95 = 1.959963984540054
#: resolution of the saved PNG (pixels per inch)
DPI = 110
#: width in CSS pixels a figure is shown at, unscaled, in a 1400 px window (the page's column)
DISPLAY_PX = 1100
#: widest figure (inches) shown unscaled at :data:`DISPLAY_PX`
MAX_WIDTH_IN = DISPLAY_PX / DPI
#: at most this many panels side by side
MAX_COLUMNS = 3
#: smallest text height (pixels at display size) a figure may have
MIN_TEXT_PX = 10.0
#: font sizes (points) of the style; the smallest, 7.5 pt, is 11.5 px at :data:`DPI`
FONT_RC = {
    "font.size": 9.5,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "legend.title_fontsize": 8.0,
    "figure.titlesize": 10.5,
}


def use_style() -> None:
    """Apply the study's plotting style (call before drawing)."""
    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE, font_scale=1.0)
    plt.rcParams.update(
        {"svg.hashsalt": "gendisc", "figure.dpi": 100, "savefig.dpi": DPI, **FONT_RC}
    )


def panel_grid(
    n_panels: int,
    panel_in: tuple[float, float] = (3.2, 2.5),
    columns: int = MAX_COLUMNS,
    **kwargs: object,
) -> tuple[plt.Figure, np.ndarray]:
    """A figure with ``n_panels`` axes, at most ``columns`` (<= :data:`MAX_COLUMNS`) per row.

    Parameters
    ----------
    n_panels : int
        Number of panels, >= 1; unused axes of the last row are hidden.
    panel_in : tuple[float, float]
        Width and height of one panel, inches; the width shrinks so the figure stays within
        :data:`MAX_WIDTH_IN`.
    columns : int
        Panels per row, 1..:data:`MAX_COLUMNS`.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (``sharex``, ``layout``, ...).

    Returns
    -------
    tuple[matplotlib.figure.Figure, numpy.ndarray]
        The figure and the flat array of its first ``n_panels`` axes, in reading order.
    """
    if n_panels < 1:
        raise ValueError(f"n_panels must be >= 1, got {n_panels!r}")
    if not 1 <= columns <= MAX_COLUMNS:
        raise ValueError(f"columns must be in 1..{MAX_COLUMNS}, got {columns!r}")
    ncols = min(columns, n_panels)
    nrows = math.ceil(n_panels / ncols)
    width = min(panel_in[0] * ncols + 0.4, MAX_WIDTH_IN - 0.2)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, panel_in[1] * nrows + 0.5), squeeze=False, **kwargs
    )
    flat = axes.ravel()
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]


def smallest_text_px(fig: plt.Figure, display_px: float = DISPLAY_PX) -> float:
    """Height in pixels of the figure's smallest visible text when shown at ``display_px``.

    The figure is saved at :data:`DPI` with a tight crop (:func:`tight_bbox`); a saved image
    wider than ``display_px`` is shown scaled down, and its text with it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A drawn figure (laid out by this call if it has a layout engine).
    display_px : float
        Width of the page's column, CSS pixels.

    Returns
    -------
    float
        ``min(font size) * DPI / 72 * min(1, display_px / saved width)``; ``inf`` with no text.
    """
    bbox = tight_bbox(fig)
    scale = min(1.0, display_px / (bbox.width * DPI))
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and _shown(t)
    ]
    return min(sizes) * DPI / 72 * scale if sizes else math.inf


def _shown(text: Text) -> bool:
    """Whether a text's axes (if any) is visible."""
    ax = text.axes
    return ax is None or ax.get_visible()


def panels_per_row(fig: plt.Figure) -> int:
    """Largest number of visible panels (axes other than colour bars) sharing a row."""
    rows: dict[float, int] = {}
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        y = round(ax.get_position().y0, 2)
        rows[y] = rows.get(y, 0) + 1
    return max(rows.values(), default=0)


def palette_png(png: bytes, colors: int = 256) -> bytes:
    """Re-encode a PNG with a palette of at most ``colors`` colours (no dithering).

    Line plots use few colours, so this keeps them visually unchanged at about a quarter of
    the size (the report inlines every figure). Deterministic for given input bytes.

    Parameters
    ----------
    png : bytes
        A PNG image.
    colors : int
        Palette size, 2..256.

    Returns
    -------
    bytes
        The palette PNG.
    """
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be in [2, 256], got {colors!r}")
    with Image.open(io.BytesIO(png)) as image:
        quantized = image.convert("RGB").quantize(
            colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    buf = io.BytesIO()
    quantized.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def tight_bbox(fig: plt.Figure) -> Bbox:
    """The bounding box (inches) that ``bbox_inches="tight"`` would save, computed once.

    The figure is measured at :rc:`savefig.dpi` with the Agg renderer, as matplotlib does for a
    tight PNG, and padded by :rc:`savefig.pad_inches`. A figure with an active layout engine
    (e.g. ``layout="constrained"``) is laid out first, once; afterwards its layout is frozen (the
    engine removed) so that saving it in several formats does not lay it out again. A figure
    already laid out (e.g. by :meth:`~matplotlib.figure.Figure.tight_layout`) is measured
    without a draw: the measurement places its titles and axis labels itself (the tests check
    that the crop is matplotlib's own).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (its dpi is set to :rc:`savefig.dpi`).

    Returns
    -------
    matplotlib.transforms.Bbox
        The padded tight bounding box, in inches.
    """
    fig.set_dpi(plt.rcParams["savefig.dpi"])
    engine = fig.get_layout_engine()
    if engine is not None and not isinstance(engine, PlaceHolderLayoutEngine):
        fig.draw_without_rendering()  # runs the layout engine at the saved dpi
    bbox = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    if engine is not None:
        # Freeze the layout: with no engine, savefig neither lays out nor pre-draws again.
        with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    return bbox


def savefig(fig: plt.Figure, stem: str = "") -> dict[str, bytes]:
    """Render ``fig`` to PNG (palette, see :func:`palette_png`) and SVG bytes, then close it.

    Both formats are cropped to the same tight bounding box (:func:`tight_bbox`, what
    ``bbox_inches="tight"`` gives the PNG), measured once rather than once per format.
    Metadata that would change between runs (dates, software versions) is left out.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    stem : str
        Unused; kept for call compatibility (the caller names the files).

    Returns
    -------
    dict[str, bytes]
        ``{"png": ..., "svg": ...}``.
    """
    del stem
    try:
        bbox = tight_bbox(fig)
        out = {}
        for fmt in ("png", "svg"):
            buf = io.BytesIO()
            meta = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(buf, format=fmt, bbox_inches=bbox, metadata=meta)
            out[fmt] = buf.getvalue()
    finally:
        plt.close(fig)
    out["png"] = palette_png(out["png"])
    return out


__all__ = [
    "DISPLAY_PX",
    "DPI",
    "MAX_COLUMNS",
    "MIN_TEXT_PX",
    "PALETTE",
    "ROLE_STYLE",
    "Z95",
    "palette_png",
    "panel_grid",
    "panels_per_row",
    "savefig",
    "smallest_text_px",
    "tight_bbox",
    "use_style",
]
