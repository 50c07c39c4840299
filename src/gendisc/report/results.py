"""Report sections 2–4: the Figure 1 replica, misspecification, sample complexity and Efron."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gendisc.data import datasets
from gendisc.report import figures
from gendisc.report.common import (
    Tables,
    columns_present,
    extremes,
    interval,
    regime,
)
from gendisc.report.htmlkit import Drawing, Figure, cite, esc, table_html

CURVE_KEY = ["study", "dataset", "pair"]


def _missing(what: str, table: str) -> str:
    return (
        f'<p class="note">{esc(what)} is not available: this run did not produce '
        f"<code>{esc(table)}</code>.</p>"
    )


def _crossover_text(tables: Tables, key: tuple[str, str, str]) -> tuple[str, float]:
    """``"m* [lo, hi]"`` and P(cross) of one curve pair ("none" when the means do not cross)."""
    x = tables.crossovers
    if x.empty:
        return "–", np.nan
    row = x[(x["study"] == key[0]) & (x["dataset"] == key[1]) & (x["pair"] == key[2])]
    if row.empty:
        return "–", np.nan
    r = row.iloc[0]
    p = float(r.get("p_cross", np.nan))
    if not np.isfinite(float(r["m_star"])):
        return "none in range", p
    return interval(float(r["m_star"]), float(r["ci_low"]), float(r["ci_high"]), "{:.0f}"), p


def _regimes(tables: Tables, study: str) -> dict[tuple[str, str], str]:
    """Regime per (dataset, pair) from the anchor intervals of the per-cell tests."""
    c = tables.cells
    if c.empty or "anchor_ci_low" not in c.columns:
        return {}
    small, large = extremes(c[c["study"] == study], ["dataset", "pair"])
    out = {}
    for key in small.index:
        s, g = small.loc[key], large.loc[key]
        out[key] = regime(
            (float(s["anchor_ci_low"]), float(s["anchor_ci_high"])),
            (float(g["anchor_ci_low"]), float(g["anchor_ci_high"])),
        )
    return out


def per_curve_table(tables: Tables, study: str) -> pd.DataFrame:
    """One row per (dataset, pair) of a study: errors at the ends, m* with CI, regime.

    Parameters
    ----------
    tables : Tables
        The report's tables (``summary`` required; ``cells`` and ``crossovers`` optional).
    study : str
        ``"uci"`` or a synthetic study.

    Returns
    -------
    pandas.DataFrame
        Columns ``dataset, pair, n, m range, NB/LR error at the smallest and largest m,
        m* [95% CI], P(cross), regime``.
    """
    s = tables.summary[tables.summary["study"] == study]
    if s.empty:
        return pd.DataFrame()
    small, large = extremes(s, ["dataset", "pair"])
    regimes = _regimes(tables, study)
    rows = []
    for key in small.index:
        a, b = small.loc[key], large.loc[key]
        m_star, p_cross = _crossover_text(tables, (study, *key))
        rows.append(
            {
                "dataset": key[0],
                "pair": key[1],
                "n": int(a["n_features"]),
                "m range": f"{int(a['m'])}–{int(b['m'])}",
                "gen. err, smallest m": float(a["err_generative"]),
                "disc. err, smallest m": float(a["err_discriminative"]),
                "gen. err, largest m": float(b["err_generative"]),
                "disc. err, largest m": float(b["err_discriminative"]),
                "m* [95% CI]": m_star,
                "P(cross)": p_cross,
                "regime": regimes.get(key, "–"),
            }
        )
    return pd.DataFrame(rows)


def figure1_section(tables: Tables, skipped: Mapping[str, str]) -> tuple[str, list[Figure], str]:
    """Section 2: Ng & Jordan's Figure 1 replica, its per-dataset table, the datasets not run.

    Parameters
    ----------
    tables : Tables
        The report's tables.
    skipped : Mapping[str, str]
        Dataset -> why it was not run (offline, no mirror, ...).

    Returns
    -------
    tuple[str, list[Figure], str]
        The HTML before the figure, the figure (still to draw), the HTML after it (the tables).
    """
    summary = tables.summary
    uci = summary[summary["study"] == "uci"]
    panels = list(datasets.DATASETS)
    titles = {name: f"{name} ({datasets.DATASETS[name].kind})" for name in panels}
    reps = int(uci["R"].min()) if len(uci) else 0
    fig = Figure(
        stem="figure1-uci",
        caption=(
            "Replica of Ng & Jordan's Figure 1: test error (fraction misclassified) vs training-"
            "set size m (examples, log scale) on the 15 UCI experiments; naive Bayes solid, "
            "logistic regression dashed (scikit-learn's GaussianNB dotted where run). Lines: "
            f"mean over R = {reps} random train/test splits per m (test set = the rest of the "
            "pool); bands: 95 % normal intervals of that mean (±1.96 SE over the splits), "
            "conditional on the dataset."
            if reps
            else "Replica of Ng & Jordan's Figure 1: no UCI experiment was run in this study "
            "(see the list below for why)."
        ),
        drawing=Drawing(figures.figure1, (summary, panels, titles)),
    )
    body = (
        "<p>Each panel is one dataset using inputs of one type only, as in the paper. The table "
        "gives each model's mean error at the smallest and largest m of the panel, the "
        "crossover m* where the mean curves cross (percentile interval of a paired bootstrap "
        "over splits) with the fraction of bootstrap samples that cross, and the regime the "
        "panel shows: which model is significantly better at its smallest and at its largest "
        "m by the Nadeau–Bengio corrected resampled t interval (the conservative anchor; see "
        "Methods).</p>"
    )
    intro, body = body, ""
    table = per_curve_table(tables, "uci")
    if not table.empty:
        body += table_html(
            table,
            left=("dataset", "pair", "m range", "m* [95% CI]", "regime"),
            table_id="figure1-table",
            caption="Per-dataset results of the Figure 1 replica (gen. = naive Bayes, "
            "disc. = logistic regression; errors are fractions).",
        )
    across = across_table(tables, uci=True)
    if not across.empty:
        body += (
            f"<h3>Across datasets</h3><p>{cite('demsar')} A dataset is a "
            "win of the generative model when its Benjamini–Hochberg-adjusted anchor p-value is "
            "below α and d &lt; 0, a loss when d &gt; 0, else a tie; the Wilcoxon signed-rank "
            "test runs over the per-dataset mean differences, with the rank-biserial "
            "correlation of −d (positive: generative better).</p>"
        ) + table_html(across, left=("study", "pair", "which"), table_id="across-table")
    not_run = [n for n in panels if n not in set(uci["dataset"])]
    if not_run:
        items = "".join(
            f"<li><b>{esc(n)}</b>: {esc(skipped.get(n, 'not in this configuration (uci.datasets)'))}"
            "</li>"
            for n in not_run
        )
        body += f'<div class="note"><p>Not run in this study:</p><ul>{items}</ul></div>'
    return intro, [fig], body


def setting_table(tables: Tables, study: str = "synthetic") -> pd.DataFrame:
    """One row per (family, n, level, pair) of a synthetic study.

    Columns: Bayes error, each model's asymptotic error, the asymptotic gap (generative −
    discriminative, with its 95 % interval when ``misspecification`` has it), m* with its
    bootstrap interval, P(cross) and the regime.
    """
    s = tables.summary[tables.summary["study"] == study]
    if s.empty:
        return pd.DataFrame()
    small, _ = extremes(s, ["dataset", "pair"])
    regimes = _regimes(tables, study)
    mis = tables.misspecification
    gaps = {}
    if not mis.empty and "gap_ci_low" in mis.columns:
        for r in mis[mis["study"] == study].itertuples(index=False):
            gaps[(r.dataset, r.pair)] = (float(r.gap), float(r.gap_ci_low), float(r.gap_ci_high))
    rows = []
    for key in small.index:
        a = small.loc[key]
        gen = float(a.get("asymptotic_generative", np.nan))
        dis = float(a.get("asymptotic_discriminative", np.nan))
        gap = gaps.get(key, (gen - dis, np.nan, np.nan))
        m_star, p_cross = _crossover_text(tables, (study, *key))
        rows.append(
            {
                "family": a["family"],
                "n": int(a["n_features"]),
                "level": float(a["level"]),
                "pair": key[1],
                "Bayes error": float(a["bayes_error"]),
                "asympt. gen.": gen,
                "asympt. disc.": dis,
                "asympt. gap [95% CI]": interval(*gap, fmt="{:.3f}"),
                "m* [95% CI]": m_star,
                "P(cross)": p_cross,
                "regime": regimes.get(key, "–"),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["family", "pair", "n", "level"], kind="mergesort").reset_index(
        drop=True
    )


def trends_table(tables: Tables) -> pd.DataFrame:
    """OLS slopes on the misspecification level of the gap and of log m*, per family and pair."""
    t = tables.level_trends
    if t.empty:
        return t
    names = {"gap": "asymptotic gap", "log_m_star": "log m*"}
    out = pd.DataFrame(
        {
            "outcome": [names.get(str(y), str(y)) for y in t["y"]],
            "family": t["family"],
            "pair": t["pair"],
            "settings": t["n"],
            "slope per unit level [95% CI]": [
                interval(float(r.slope), float(r.ci_low), float(r.ci_high), "{:.3g}")
                for r in t.itertuples(index=False)
            ],
            "p": t["p_value"].astype(float),
            "R²": t["r2"].astype(float),
        }
    )
    return out


def _claim_rows(tables: Tables, claim_ids: tuple[str, ...]) -> pd.DataFrame:
    c = tables.claims
    if c.empty:
        return c
    rows = c[c["claim"].isin(claim_ids)]
    return rows.loc[:, columns_present(rows, ("claim", "scope", "estimate", "ci_low", "ci_high",
                                              "p_value", "p_adjusted", "verdict"))]  # fmt: skip


def misspecification_section(tables: Tables, stats_figs: list[Figure]) -> tuple[str, list[Figure]]:
    """Section 3: per family, the paired difference over (level × m) and m*/gap vs level.

    Parameters
    ----------
    tables : Tables
        The report's tables.
    stats_figs : list[Figure]
        The statistics figures of this section (heatmaps, m* and gap vs level).

    Returns
    -------
    tuple[str, list[Figure]]
        The HTML body and the figures (statistics figures first, then learning curves to draw).
    """
    summary = tables.summary
    syn = summary[summary["study"] == "synthetic"]
    curve_figs = []
    for (family, pair), cells in syn.groupby(["family", "pair"], sort=True):
        r = int(cells["R"].min())
        curve_figs.append(
            Figure(
                stem=f"curves-{family}-{pair}",
                caption=(
                    f"Learning curves, {family}, pair {pair}: test error (fraction) vs training-"
                    f"set size m (examples, log scale), one panel per dimension n and "
                    f"misspecification level. Lines: mean over R = {r} independent paired "
                    "replicates (solid: generative, dashed: discriminative); bands: 95 % normal "
                    "intervals of the mean (±1.96 SE over replicates); dotted: each model's "
                    "asymptotic error (fit on a very large sample); dash-dot: the Bayes error."
                ),
                drawing=Drawing(figures.learning_curves, (syn, family, pair)),
            )
        )
        curve_figs.append(
            Figure(
                stem=f"difference-{family}-{pair}",
                caption=(
                    f"Paired difference d = error(generative) − error(discriminative), {family}, "
                    f"pair {pair}, vs training-set size m (examples, log scale), one line per "
                    f"misspecification level. Lines: mean of d over R = {r} replicates; bands: "
                    "95 % paired-t intervals (±1.96 SE of the paired mean). Below zero the "
                    "generative model wins."
                ),
                drawing=Drawing(figures.paired_difference, (syn, family, pair)),
            )
        )
    body = (
        "<p>Each synthetic family breaks the naive Bayes assumptions more as its "
        "misspecification level grows from 0 (assumptions hold) to 1 (see Methods). For each "
        "family: the paired difference over level × m with the cells significant after "
        "Benjamini–Hochberg correction marked, then how the crossover m* and the asymptotic "
        "gap err(generative) − err(discriminative) move with the level; the learning curves "
        "follow. Claim 5 regresses the asymptotic gap on the level per family and pair.</p>"
    )
    settings = setting_table(tables)
    if settings.empty:
        body += _missing("The misspecification grid", "synthetic rows in summary.csv")
    else:
        body += (
            '<div class="scroll">'
            + table_html(
                settings,
                left=("family", "pair", "asympt. gap [95% CI]", "m* [95% CI]", "regime"),
                table_id="settings-table",
                caption="Per setting: Bayes error, asymptotic errors and gap (generative − "
                "discriminative; normal interval treating the two test errors as independent, "
                "conservative), crossover m* (bootstrap 95 % interval) and regime (paired-t "
                "intervals at the smallest and largest m).",
            )
            + "</div>"
        )
    trends = trends_table(tables)
    if not trends.empty:
        body += table_html(
            trends,
            left=("outcome", "family", "pair", "slope per unit level [95% CI]"),
            table_id="trends-table",
            caption="How the asymptotic gap and log m* move with the misspecification level "
            "(OLS over the settings of a family and pair; – where too few settings).",
        )
    across = across_table(tables, uci=False)
    if not across.empty:
        body += table_html(
            across,
            left=("study", "pair", "which"),
            table_id="across-settings-table",
            caption="Across the settings of each family (Demšar's procedure as for the UCI "
            "datasets): wins, ties and losses of the generative model at the smallest and "
            "largest m, Wilcoxon signed-rank p and rank-biserial correlation.",
        )
    claim5 = _claim_rows(tables, ("misspecification_widens_gap",))
    if not claim5.empty:
        body += table_html(
            claim5,
            left=("claim", "scope", "verdict"),
            caption="Claim 5: OLS slope of the asymptotic gap on the level (per unit level).",
        )
    return body, [*stats_figs, *curve_figs]


def m_epsilon_wide(tables: Tables) -> pd.DataFrame:
    """m_epsilon per dimension n (rows) and model (columns); '> m_max' where not reached."""
    me = tables.m_epsilon
    if me.empty:
        return me
    rows = {}
    for r in me.sort_values(["n_features", "role"]).itertuples(index=False):
        value = f"{r.m_eps:.0f}" if np.isfinite(float(r.m_eps)) else f"> {int(r.m_max)}"
        rows.setdefault((r.pair, int(r.n_features)), {})[f"m_ε {r.model}"] = value
    return pd.DataFrame([{"pair": k[0], "n": k[1], **v} for k, v in sorted(rows.items())])


def complexity_fits(tables: Tables) -> pd.DataFrame:
    """Slope, interval, R² and AIC of each model's m_epsilon fit on log n and on n."""
    sc = tables.sample_complexity
    if sc.empty:
        return sc
    return pd.DataFrame(
        {
            "model": sc["model"],
            "regressor": sc["regressor"].map({"log_n": "log n", "n": "n"}).fillna(sc["regressor"]),
            "dimensions": sc["n_points"],
            "slope [95% CI]": [
                interval(float(r.slope), float(r.slope_ci_low), float(r.slope_ci_high), "{:.3g}")
                for r in sc.itertuples(index=False)
            ],
            "R²": sc["r2"].astype(float),
            "AIC": sc["aic"].astype(float),
        }
    )


def efron_pooled(tables: Tables) -> pd.DataFrame:
    """Per Δ: measured efficiency (pooled over m) with its interval, and Efron's ARE."""
    ef = tables.efron
    if ef.empty:
        return ef
    pooled = ef[ef["m"] == -1].sort_values("delta")
    return pd.DataFrame(
        {
            "Δ": pooled["delta"].astype(float),
            "n": pooled["n_features"],
            "measured efficiency [95% CI]": [
                interval(float(r.efficiency), float(r.ci_low), float(r.ci_high), "{:.3f}")
                for r in pooled.itertuples(index=False)
            ],
            "Efron's ARE": pooled["theory"].astype(float),
        }
    )


def dimension_section(tables: Tables, config: Mapping[str, object]) -> str:
    """Section 4 body: m_epsilon vs dimension with its fits, and Efron's comparison.

    Parameters
    ----------
    tables : Tables
        The report's tables.
    config : Mapping
        The config as run (for epsilon).

    Returns
    -------
    str
        The HTML body (the caller appends the section's figures).
    """
    eps = config.get("epsilon", "ε")
    body = (
        "<p>Ng &amp; Jordan's theory: naive Bayes approaches its asymptotic error after "
        "O(log n) examples, logistic regression needs Ω(n). On a well-specified family "
        f"(level 0) over dimensions n, m_ε is the smallest m from which a model's mean error "
        f"stays within ε = {esc(eps)} of its own asymptotic error (interpolated in log m); it "
        "is fitted by OLS against log n and against n for each model, and the AIC picks the "
        "form (claim 4).</p>"
    )
    wide = m_epsilon_wide(tables)
    if wide.empty:
        body += _missing("m_ε", "m_epsilon.csv")
    else:
        body += table_html(wide, left=tuple(c for c in wide.columns if c != "n"),
                           table_id="m-epsilon-table",
                           caption="m_ε (examples) per dimension and model; '> m' where the "
                           "band was not reached inside the m grid.")  # fmt: skip
    fits = complexity_fits(tables)
    if fits.empty:
        body += _missing("The sample-complexity fit", "sample_complexity.csv")
    else:
        body += table_html(fits, left=("model", "regressor", "slope [95% CI]"),
                           table_id="sample-complexity-table",
                           caption="OLS of m_ε on log n and on n per model (– where fewer than "
                           "3 dimensions reached the band).")  # fmt: skip
    claim4 = _claim_rows(tables, ("m_eps_log_n", "m_eps_linear_n", "m_eps_slope_gap"))
    if not claim4.empty:
        body += table_html(claim4, left=("claim", "scope", "verdict"), caption="Claim 4 rows.")
    body += (
        f"<h3>Efron (1975)</h3><p>{cite('efron')} On Gaussian classes with a shared covariance "
        "(level 0), logistic regression is less efficient than LDA: Efron's asymptotic "
        "relative efficiency (ARE) is the ratio of LDA's to LR's expected excess error over "
        "the Bayes error, computed here from his formula as a function of the Mahalanobis "
        "distance Δ. The measured efficiency is the ratio of the mean excess errors, pooled "
        "over m with weights m, with a percentile interval from a bootstrap over replicates "
        "(claim 6).</p>"
    )
    pooled = efron_pooled(tables)
    if pooled.empty:
        body += _missing("The Efron comparison", "efron.csv")
    else:
        body += table_html(pooled, left=("measured efficiency [95% CI]",),
                           table_id="efron-table",
                           caption="Efficiency of LR relative to LDA: measured (pooled over m) "
                           "and Efron's ARE.")  # fmt: skip
    claim6 = _claim_rows(tables, ("efron_efficiency",))
    if not claim6.empty:
        body += table_html(claim6, left=("claim", "scope", "verdict"), caption="Claim 6 rows.")
    return body


def across_table(tables: Tables, uci: bool = True) -> pd.DataFrame:
    """Win/tie/loss of the generative model and Demšar's Wilcoxon test over datasets.

    Rows of the UCI datasets (``uci=True``) or of the synthetic settings per family.
    """
    a = tables.across_datasets
    if a.empty:
        return a
    a = a[(a["study"] == "uci") == uci]
    return a.loc[:, columns_present(a, ("study", "pair", "which", "n_datasets", "wins", "ties",
                                        "losses", "wilcoxon_p", "rank_biserial"))]  # fmt: skip


__all__ = [
    "across_table",
    "complexity_fits",
    "dimension_section",
    "efron_pooled",
    "figure1_section",
    "m_epsilon_wide",
    "misspecification_section",
    "per_curve_table",
    "setting_table",
    "trends_table",
]
