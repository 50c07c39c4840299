"""The report's figures (seaborn/matplotlib), one consistent colour-blind-safe style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

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
        Per-cell summary (:func:`gendisc.summary.summarise`).
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


def savefig(fig: plt.Figure, stem: str) -> dict[str, bytes]:
    """Render ``fig`` to PNG and SVG bytes (deterministic metadata) and close it."""
    import io as _io

    out = {}
    for fmt in ("png", "svg"):
        buf = _io.BytesIO()
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, bbox_inches="tight", metadata=meta)
        out[fmt] = buf.getvalue()
    plt.close(fig)
    return out


__all__ = ["learning_curves", "paired_difference", "savefig", "use_style"]
