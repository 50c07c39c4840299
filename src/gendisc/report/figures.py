"""The report's figures (seaborn/matplotlib), one consistent colour-blind-safe style."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import Bbox
from PIL import Image

from gendisc.models.pairs import PAIRS

#: seaborn's colour-blind-safe palette; generative = first colour, discriminative = second
PALETTE = sns.color_palette("colorblind")
ROLE_STYLE = {
    "generative": {"color": PALETTE[0], "linestyle": "-", "label": "generative (NB)"},
    "discriminative": {"color": PALETTE[1], "linestyle": "--", "label": "discriminative (LR)"},
}
Z95 = 1.959963984540054


def use_style() -> None:
    """Apply the study's plotting style (call before drawing)."""
    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE, font_scale=1.0)
    plt.rcParams.update({"svg.hashsalt": "gendisc", "figure.dpi": 100, "savefig.dpi": 110})


def learning_curves(summary: pd.DataFrame, family: str, pair: str) -> plt.Figure:
    """Mean test error ± 95 % band vs m for both models, one panel per (n_features, level).

    Parameters
    ----------
    summary : pandas.DataFrame
        Per-cell summary (:func:`gendisc.study.summary.summarise`).
    family, pair : str
        The family and pair to draw.
    """
    use_style()
    data = summary[(summary["family"] == family) & (summary["pair"] == pair)]
    dims = sorted(data["n_features"].unique())
    levels = sorted(data["level"].unique())
    fig, axes = plt.subplots(
        len(dims),
        len(levels),
        figsize=(2.6 * len(levels) + 0.6, 2.3 * len(dims) + 0.6),
        sharex=True,
        squeeze=False,
    )
    for i, n in enumerate(dims):
        for j, level in enumerate(levels):
            ax = axes[i][j]
            cell = data[(data["n_features"] == n) & (data["level"] == level)].sort_values("m")
            for role, style in ROLE_STYLE.items():
                mean = cell[f"err_{role}"].to_numpy()
                half = Z95 * cell[f"se_{role}"].to_numpy()
                ax.plot(cell["m"], mean, marker="o", markersize=2.5, **style)
                ax.fill_between(
                    cell["m"], mean - half, mean + half, color=style["color"], alpha=0.2
                )
                asym = f"asymptotic_{role}"
                if asym in cell and cell[asym].notna().any():
                    ax.axhline(cell[asym].iloc[0], color=style["color"], lw=0.8, ls=":")
            if cell["bayes_error"].notna().any():
                ax.axhline(
                    cell["bayes_error"].iloc[0], color="black", lw=0.8, ls="-.", label="Bayes error"
                )
            ax.set_xscale("log", base=2)
            ax.set_title(f"n = {n}, level = {level:g}", fontsize=8)
            if j == 0:
                ax.set_ylabel("test error (fraction)")
            if i == len(dims) - 1:
                ax.set_xlabel("training-set size m (examples)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="lower center",
        ncol=len(labels),
        frameon=False,
        bbox_to_anchor=(0.5, -0.02),
    )
    fig.suptitle(f"{family} — pair {pair}", fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def paired_difference(summary: pd.DataFrame, family: str, pair: str) -> plt.Figure:
    """Mean paired difference (generative − discriminative) ± 95 % band vs m, hue = level."""
    use_style()
    data = summary[(summary["family"] == family) & (summary["pair"] == pair)]
    dims = sorted(data["n_features"].unique())
    levels = sorted(data["level"].unique())
    colours = sns.color_palette("viridis", len(levels))
    fig, axes = plt.subplots(1, len(dims), figsize=(3.4 * len(dims) + 0.8, 2.8), squeeze=False)
    for i, n in enumerate(dims):
        ax = axes[0][i]
        for colour, level in zip(colours, levels, strict=True):
            cell = data[(data["n_features"] == n) & (data["level"] == level)].sort_values("m")
            mean = cell["mean_d"].to_numpy()
            half = Z95 * cell["se_d"].to_numpy()
            ax.plot(
                cell["m"], mean, color=colour, marker="o", markersize=2.5, label=f"level {level:g}"
            )
            ax.fill_between(cell["m"], mean - half, mean + half, color=colour, alpha=0.2)
        ax.axhline(0.0, color="black", lw=0.8)
        ax.set_xscale("log", base=2)
        ax.set_title(f"n = {n}", fontsize=8)
        ax.set_xlabel("training-set size m (examples)")
        ax.set_ylabel("error(NB) − error(LR)")
    axes[0][-1].legend(fontsize=7, frameon=False)
    fig.suptitle(f"{family} — pair {pair}: paired difference", fontsize=10)
    fig.tight_layout()
    return fig


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
    "figure1",
    "learning_curves",
    "paired_difference",
    "palette_png",
    "savefig",
    "tight_bbox",
    "use_style",
]


def figure1(summary: pd.DataFrame, panels: list[str], titles: dict[str, str]) -> plt.Figure:
    """Ng & Jordan's Figure 1 replica: one panel per UCI dataset, error vs m.

    The faithful pair of each panel (``nb_lr`` or ``bnb_lr``) is drawn as in the paper: naive
    Bayes solid, logistic regression dashed; of any other pair (``gnb_lr``'s GaussianNB, where
    run) only the generative model is drawn, dotted.
    Bands are 95 % normal intervals of the mean over the random splits. Panels of datasets that
    were not run say so.
    """
    use_style()
    ncols = 5
    nrows = max(1, -(-len(panels) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.0 * ncols, 2.5 * nrows), squeeze=False)
    uci = summary[summary["study"] == "uci"]
    for ax, name in zip(axes.ravel(), panels, strict=False):
        data = uci[uci["dataset"] == name]
        ax.set_title(titles.get(name, name), fontsize=9)
        if data.empty:
            ax.text(0.5, 0.5, "not run", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        for pair, cells in data.groupby("pair", sort=True):
            cells = cells.sort_values("m")
            spec = PAIRS[pair]
            roles = ("generative", "discriminative") if spec.faithful else ("generative",)
            for role in roles:
                style = dict(ROLE_STYLE[role])
                if not spec.faithful:
                    style.update(color=PALETTE[2], linestyle=":", label=f"{spec.label} ({pair})")
                mean = cells[f"err_{role}"].to_numpy()
                half = Z95 * cells[f"se_{role}"].to_numpy()
                ax.plot(cells["m"], mean, **style)
                ax.fill_between(
                    cells["m"], mean - half, mean + half, color=style["color"], alpha=0.2
                )
        ax.set_xscale("log", base=2)
        ax.set_xlabel("m (training examples)", fontsize=8)
        ax.set_ylabel("test error", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[len(panels) :]:
        ax.set_visible(False)
    handles, labels = [], []
    for ax in axes.ravel():
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    if labels:  # no legend when no dataset was run
        fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
