"""Statistics of the studies beyond the learning curves (issue 15): paired intervals and claims.

Every study stores one row per replicate, method and condition; the methods of a replicate
share its data, so comparisons are paired t intervals over replicates
(:func:`gendisc.stats.paired.paired_t`). Claim rows have the columns of the Ng–Jordan claims
(:func:`gendisc.stats.claim_rows.claim_row` layout) with ``test = "directional"`` (estimate oriented so
that positive supports the claim) and go through the same :func:`gendisc.stats.claims.finalize_claims`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gendisc.stats import crossover
from gendisc.stats.paired import paired_t

#: Columns of a paired-comparison table (besides the grouping keys).
PAIRED_COLUMNS: tuple[str, ...] = (
    "method", "reference", "mean_method", "mean_reference", "estimate", "ci_low", "ci_high",
    "p_value", "replicates",
)  # fmt: skip


def _wide(table: pd.DataFrame, keys: Sequence[str], value: str) -> pd.DataFrame:
    """One row per (keys, replicate), one column per method."""
    return table.pivot_table(
        index=[*keys, "replicate"], columns="method", values=value, aggfunc="first", sort=True
    )


def paired_table(
    table: pd.DataFrame,
    keys: Sequence[str],
    reference: str,
    *,
    value: str = "error",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Paired t interval of ``value(method) − value(reference)`` over replicates, per group.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with the ``keys``, ``replicate``, ``method`` and ``value`` columns.
    keys : sequence of str
        The columns of a condition (replicates are paired within it).
    reference : str
        The method every other method is compared with.
    value : str, default "error"
    alpha : float, default 0.05

    Returns
    -------
    pandas.DataFrame
        The keys and :data:`PAIRED_COLUMNS`, one row per condition and method ≠ reference.
    """
    wide = _wide(table, keys, value)
    if reference not in wide.columns:
        raise ValueError(f"reference method {reference!r} not in {sorted(wide.columns)}")
    rows = []
    for group, g in wide.groupby(level=list(range(len(keys))), sort=True):
        group = group if isinstance(group, tuple) else (group,)
        for method in wide.columns:
            if method == reference:
                continue
            a, b = g[method].to_numpy(float), g[reference].to_numpy(float)
            ok = ~(np.isnan(a) | np.isnan(b))
            if not ok.any():  # a method absent from this condition (lda on a discrete pool)
                continue
            t = paired_t(a[ok], b[ok], alpha)
            rows.append(dict(zip(keys, group, strict=True)) | {
                "method": method, "reference": reference, "mean_method": float(a[ok].mean()),
                "mean_reference": float(b[ok].mean()), "estimate": t.estimate,
                "ci_low": t.ci_low, "ci_high": t.ci_high, "p_value": t.p_value,
                "replicates": int(ok.sum()),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=[*keys, *PAIRED_COLUMNS])


def _claim_row(claim: str, scope: str, t, **extra) -> dict:
    """A directional claim row from a paired t; degenerate when the differences have no variance."""
    return {"claim": claim, "scope": scope, "test": "directional", "estimate": t.estimate,
            "ci_low": t.ci_low, "ci_high": t.ci_high, "p_value": t.p_value,
            "degenerate": not t.se > 0} | extra  # fmt: skip


# ------------------------------------------------------------------------------ missing features

#: Claim id of the missing-features study.
MISSING_CLAIM = "missing_generative_degrades_slower"
#: Generative methods of the missing-features table.
MISSING_GENERATIVE = ("nb", "lda")
_MISSING_KEYS = ("setting", "m", "mechanism", "where")


def missing_growth(table: pd.DataFrame) -> pd.DataFrame:
    """Per replicate: each method's error at the largest rate minus its error at rate 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``setting, m, mechanism, where, replicate, method, growth, rate``.
    """
    rows = []
    for keys, g in table.groupby([*_MISSING_KEYS], sort=True):
        top = g["rate"].max()
        w = g.pivot_table(
            index=["replicate", "method"], columns="rate", values="error", aggfunc="first"
        )
        growth = (w[top] - w[0.0]).rename("growth").reset_index()
        growth[list(_MISSING_KEYS)] = list(keys)
        growth["rate"] = top
        rows.append(growth)
    return pd.concat(rows, ignore_index=True)


def missing_claims(table: pd.DataFrame, alpha: float = 0.05) -> list[dict]:
    """Claim rows: the generative model's error grows more slowly with the missing rate than LR's.

    One row per (setting, m, mechanism, where, generative method, LR method): the estimate is
    the mean over replicates of ``growth(LR) − growth(generative)`` (growth = error at the
    largest rate − error at rate 0), positive in the claimed direction, with its paired t
    interval. ``primary`` marks the comparison registered first: MCAR test-time masks against
    the reduced model (the strongest LR method in Saar-Tsechansky & Provost, 2007).
    """
    growth = missing_growth(table)
    keys = [*_MISSING_KEYS]
    wide = growth.pivot_table(index=[*keys, "replicate"], columns="method", values="growth")
    rows = []
    for group, g in wide.groupby(level=list(range(len(keys))), sort=True):
        setting, m, mech, where = group
        for gen in (c for c in MISSING_GENERATIVE if c in wide.columns):
            for lr in (c for c in wide.columns if c.startswith("lr_")):
                if g[gen].isna().all() or g[lr].isna().all():  # absent here (lda, discrete pool)
                    continue
                t = paired_t(g[lr].to_numpy(float), g[gen].to_numpy(float), alpha)
                scope = f"{setting}/m{m}/{mech}/{where}/{gen} vs {lr}"
                rows.append(_claim_row(MISSING_CLAIM, scope, t, rule="every_mechanism_and_method"))
                if mech == "mcar" and where == "test" and lr == "lr_reduced":
                    rows.append(_claim_row(MISSING_CLAIM, scope, t, rule="mcar_test_vs_reduced"))
    return rows


def missing_analysis(table: pd.DataFrame, alpha: float) -> tuple[pd.DataFrame, list[dict]]:
    """Paired intervals of every method against each generative method, per rate; claim rows."""
    keys = [*_MISSING_KEYS, "rate"]
    refs = [g for g in MISSING_GENERATIVE if g in set(table["method"])]
    paired = pd.concat(
        [paired_table(table, keys, ref, alpha=alpha) for ref in refs], ignore_index=True
    )
    return paired, missing_claims(table, alpha)


# ------------------------------------------------------------------------------ hybrid training

HYBRID_RISES = "hybrid_best_lambda_rises_with_m"
HYBRID_GENERATIVE_END = "hybrid_generative_end_wins_well_specified"
#: Bootstrap samples of the best λ (resampling replicates within each m).
HYBRID_N_BOOT = 500


def _best_lambda(errors: np.ndarray, lambdas: np.ndarray) -> np.ndarray:
    """Best λ (lowest mean error; ties to the smaller λ) of ``errors[..., replicate, λ]``."""
    return lambdas[np.argmin(errors.mean(axis=-2), axis=-1)]


def hybrid_best(table: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Per (setting, model, m): the best λ, a percentile bootstrap interval over replicates, and
    the mean errors at λ = 0 and λ = 1.

    The bootstrap draws from a generator keyed by the scope (the same table gives the same bytes).
    """
    rows = []
    keys = ["setting", "family", "level", "model", "well_specified", "m"]
    for group, g in table.groupby(keys, sort=True):
        w = g.pivot(index="replicate", columns="lam", values="error")
        lambdas = w.columns.to_numpy(float)
        errs = w.to_numpy(float)
        rng = np.random.default_rng(seeding_words("hybrid", *group))
        idx = rng.integers(0, errs.shape[0], (HYBRID_N_BOOT, errs.shape[0]))
        boot = _best_lambda(errs[idx], lambdas)
        rows.append(dict(zip(keys, group, strict=True)) | {
            "best_lambda": float(_best_lambda(errs, lambdas)),
            "ci_low": float(np.quantile(boot, alpha / 2)),
            "ci_high": float(np.quantile(boot, 1 - alpha / 2)),
            "error_generative": float(w[0.0].mean()), "error_discriminative": float(w[1.0].mean()),
            "error_best": float(errs.mean(axis=0).min()), "replicates": int(errs.shape[0]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def seeding_words(*labels: object) -> list[int]:
    """Entropy words of a bootstrap generator keyed by labels (stable BLAKE2b hashes)."""
    from gendisc.study.seeding import stable_word

    return [stable_word(lab) for lab in labels]


def hybrid_analysis(table: pd.DataFrame, alpha: float) -> tuple[pd.DataFrame, list[dict]]:
    """Best λ per m (with bootstrap intervals) and the two hybrid claims.

    Claims
    ------
    ``hybrid_best_lambda_rises_with_m``: per (setting, model), best λ at the largest m minus best
    λ at the smallest m (bootstrap interval; p = twice the smaller bootstrap tail at 0).
    ``hybrid_generative_end_wins_well_specified``: where the model is well specified, per m,
    error(λ = 1) − error(λ = 0), paired t over replicates (positive: the generative end wins).
    """
    best = hybrid_best(table, alpha)
    rows = []
    for (setting, model), g in table.groupby(["setting", "model"], sort=True):
        ms = sorted(g["m"].unique())
        if len(ms) < 2:
            continue
        boots = []
        for m in (ms[0], ms[-1]):
            w = g[g.m == m].pivot(index="replicate", columns="lam", values="error")
            rng = np.random.default_rng(seeding_words("hybrid-rise", setting, model, m))
            idx = rng.integers(0, len(w), (HYBRID_N_BOOT, len(w)))
            boots.append(_best_lambda(w.to_numpy(float)[idx], w.columns.to_numpy(float)))
        diff = boots[1] - boots[0]
        b = best[(best.setting == setting) & (best.model == model)].set_index("m")["best_lambda"]
        p = float(min(1.0, 2 * min(np.mean(diff <= 0), np.mean(diff >= 0))))
        rows.append({"claim": HYBRID_RISES, "scope": f"{setting}/{model}", "test": "directional",
                     "estimate": float(b[ms[-1]] - b[ms[0]]),
                     "ci_low": float(np.quantile(diff, alpha / 2)),
                     "ci_high": float(np.quantile(diff, 1 - alpha / 2)),
                     "p_value": p, "rule": "largest_vs_smallest_m_bootstrap"})  # fmt: skip
    good = table[table["well_specified"]]
    for (setting, model, m), g in good.groupby(["setting", "model", "m"], sort=True):
        w = g.pivot(index="replicate", columns="lam", values="error")
        t = paired_t(w[1.0].to_numpy(float), w[0.0].to_numpy(float), alpha)
        rows.append(
            _claim_row(HYBRID_GENERATIVE_END, f"{setting}/{model}/m{m}", t, rule="paired_t_per_m")
        )
    return best, rows


# ------------------------------------------------------------------------------ scarce labels

SEMI_HELPS = "unlabelled_helps_well_specified"
SEMI_HURTS = "unlabelled_hurts_misspecified"
SEMI_TEXTBOOK = "mixture_beats_lr_three_clusters"


def semisupervised_paired(table: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Per (setting, m, method) and U > 0: error(U) − error(U = 0), paired over replicates."""
    rows = []
    synthetic = table[table["setting"] != "three_clusters"]
    keys = ["setting", "family", "level", "m", "method", "model", "well_specified"]
    for group, g in synthetic.groupby(keys, sort=True):
        w = g.pivot(index="replicate", columns="unlabelled", values="error")
        for u in w.columns[w.columns > 0]:
            t = paired_t(w[u].to_numpy(float), w[0].to_numpy(float), alpha)
            rows.append(dict(zip(keys, group, strict=True)) | {
                "unlabelled": int(u), "error_supervised": float(w[0].mean()),
                "error": float(w[u].mean()), "estimate": t.estimate, "ci_low": t.ci_low,
                "ci_high": t.ci_high, "p_value": t.p_value, "replicates": len(w),
            })  # fmt: skip
    textbook = table[table["setting"] == "three_clusters"]
    if len(textbook):
        w = textbook.pivot(index="replicate", columns="method", values="error")
        t = paired_t(w["gmm"].to_numpy(float), w["lr"].to_numpy(float), alpha)
        rows.append({"setting": "three_clusters", "family": "three_clusters", "level": np.nan,
                     "m": 30, "method": "gmm", "model": "gmm", "well_specified": True,
                     "unlabelled": 1000, "error_supervised": float(w["lr"].mean()),
                     "error": float(w["gmm"].mean()), "estimate": t.estimate,
                     "ci_low": t.ci_low, "ci_high": t.ci_high, "p_value": t.p_value,
                     "replicates": len(w)})  # fmt: skip
    return pd.DataFrame(rows)


def semisupervised_analysis(table: pd.DataFrame, alpha: float) -> tuple[pd.DataFrame, list[dict]]:
    """Paired effects of the unlabelled data and the three claims.

    Claims (EM with the full unlabelled likelihood, at the largest U, per setting and m):
    ``unlabelled_helps_well_specified``: error(0) − error(U) where the model is well specified;
    ``unlabelled_hurts_misspecified``: error(U) − error(0) where it is not (Cozman & Cohen);
    ``mixture_beats_lr_three_clusters``: error(LR) − error(mixture) in the textbook cell.
    """
    paired = semisupervised_paired(table, alpha)
    synthetic = table[table["setting"] != "three_clusters"]
    cross = crossover.semisupervised_crossover(synthetic, alpha, seeding_words)
    if len(paired):
        paired = paired.merge(cross, on=["family", "m", "method", "unlabelled"], how="left")
    rows = []
    em = paired[paired["method"].isin(["nb_em", "lda_em"])]
    for _, r in em[em["unlabelled"] == em["unlabelled"].max()].iterrows():
        scope = f"{r.setting}/m{r.m}/{r.method}/U{r.unlabelled}"
        if r.well_specified:
            rows.append({"claim": SEMI_HELPS, "scope": scope, "test": "directional",
                         "estimate": -r.estimate, "ci_low": -r.ci_high, "ci_high": -r.ci_low,
                         "p_value": r.p_value, "rule": "em_largest_u"})  # fmt: skip
        else:
            rows.append({"claim": SEMI_HURTS, "scope": scope, "test": "directional",
                         "estimate": r.estimate, "ci_low": r.ci_low, "ci_high": r.ci_high,
                         "p_value": r.p_value, "rule": "em_largest_u"})  # fmt: skip
    book = paired[paired["setting"] == "three_clusters"]
    for _, r in book.iterrows():
        rows.append({"claim": SEMI_TEXTBOOK, "scope": "three_clusters/m30/U1000",
                     "test": "directional", "estimate": -r.estimate, "ci_low": -r.ci_high,
                     "ci_high": -r.ci_low, "p_value": r.p_value, "rule": "paired_t"})  # fmt: skip
    return paired, rows


# ------------------------------------------------------------------------------ unusual inputs

NOVELTY_CLAIM = "generative_score_separates_better"
NOVELTY_GENERATIVE = ("nb_density", "lda_density")
#: keys of a novelty condition (``level`` is NaN for real data, so it is carried, not grouped by)
NOVELTY_KEYS = ["dataset", "family", "m", "shift"]


def novelty_analysis(table: pd.DataFrame, alpha: float) -> tuple[pd.DataFrame, list[dict]]:
    """AUROC differences (paired over replicates) and the claim rows.

    ``generative_score_separates_better``: per (dataset, m, shift) and generative score,
    AUROC(−log p̂(x)) − AUROC(other), positive in the claimed direction; primary against LR's
    confidence, secondary against the Mahalanobis distance.
    """
    refs = [r for r in ("lr_confidence", "mahalanobis") if r in set(table["score"])]
    long = table.rename(columns={"score": "method"})
    paired = pd.concat(
        [paired_table(long, NOVELTY_KEYS, ref, value="auroc", alpha=alpha) for ref in refs],
        ignore_index=True,
    )
    paired.insert(2, "level", paired["dataset"].map(table.groupby("dataset")["level"].first()))
    rows = []
    gen = paired[paired["method"].isin(NOVELTY_GENERATIVE)]
    for _, r in gen.iterrows():
        rows.append({"claim": NOVELTY_CLAIM, "scope": f"{r['dataset']}/m{r['m']}/{r['shift']}/{r['method']} vs {r['reference']}",
                     "test": "directional", "estimate": r.estimate, "ci_low": r.ci_low,
                     "ci_high": r.ci_high, "p_value": r.p_value,
                     "rule": f"vs_{r['reference']}"})  # fmt: skip
    return paired, rows


# ------------------------------------------------------------------------------- the registry

#: Analysis of each study: table -> (paired-comparison table, claim rows).
ANALYSES = {
    "missing": missing_analysis,
    "hybrid": hybrid_analysis,
    "semisupervised": semisupervised_analysis,
    "novelty": novelty_analysis,
}


def analyse(name: str, table: pd.DataFrame, alpha: float) -> tuple[pd.DataFrame, list[dict]]:
    """Run the analysis of study ``name`` (a key of :data:`ANALYSES`).

    Returns
    -------
    tuple[pandas.DataFrame, list[dict]]
        The study's paired-comparison table and its claim rows (each with ``rule`` and
        ``degenerate``), which the claims rule reads as the table ``beyond``.
    """
    if name not in ANALYSES:
        raise ValueError(f"unknown study {name!r}; known: {sorted(ANALYSES)}")
    paired, rows = ANALYSES[name](table, alpha)
    for row in rows:  # a paired t without variance of the differences cannot test anything
        if "degenerate" not in row:
            row["degenerate"] = row["claim"] != HYBRID_RISES and row["ci_low"] == row["ci_high"]
    return paired, rows


#: The registered rules of each claim (config/claims.yaml), in the order declared.
CLAIM_RULES: dict[str, tuple[str, ...]] = {
    MISSING_CLAIM: ("mcar_test_vs_reduced", "every_mechanism_and_method"),
    HYBRID_RISES: ("largest_vs_smallest_m_bootstrap",),
    HYBRID_GENERATIVE_END: ("paired_t_per_m",),
    SEMI_HELPS: ("em_largest_u",),
    SEMI_HURTS: ("em_largest_u",),
    SEMI_TEXTBOOK: ("paired_t",),
    NOVELTY_CLAIM: ("vs_lr_confidence", "vs_mahalanobis"),
}


def _builder(claim: str, rule_id: str):
    def build(tables, rule) -> list[dict]:
        rows = tables.get("beyond")
        if rows is None or rows.empty:
            return []
        picked = rows[(rows["claim"] == claim) & (rows["rule"] == rule_id)]
        return picked.drop(columns=["rule"]).to_dict("records")

    return build


def claim_builders() -> dict[str, dict[str, object]]:
    """Builders of :data:`CLAIM_RULES` for :data:`gendisc.stats.claim_rules.RULES`: each picks its
    rows from the table ``beyond`` (the claim rows of every study, :func:`analyse`)."""
    return {c: {r: _builder(c, r) for r in rules} for c, rules in CLAIM_RULES.items()}
