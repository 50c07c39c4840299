"""Per-cell tests of the paired error difference.

A *cell* is one (study, dataset, pair, m). Within a cell the paired difference of replicate r is
``d_r = err_generative - err_discriminative`` (negative: the generative model is better).

Two designs (see :data:`DESIGNS`):

* ``"independent"`` (studies ``synthetic`` and ``dimension``): every replicate draws a fresh
  training and test set, so the d_r are i.i.d. and the paired t interval (df R - 1) is valid.
  A Wilcoxon signed-rank p-value is reported as a distribution-free check.
* ``"resampled"`` (studies ``uci`` and ``calibration``): replicates are subsamples of one finite
  pool, training sets overlap and the d_r are positively correlated, so the paired t interval is
  too narrow for the population difference. The anchor is the Nadeau & Bengio (2003) corrected
  resampled t-test, ``t = mean(d) / sqrt((1/R + n_test/n_train) s^2)`` with df R - 1. The naive
  paired t interval is kept as ``cond_*``: it describes the mean over subsamples *of this pool*
  ("conditional on the dataset") and ignores the overlap.

The ``anchor_*`` columns of :func:`cell_tests` hold the interval a verdict should use: the paired t
for independent designs, the corrected t for resampled designs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gendisc.study.columns import ROLES

#: study -> design of its replicates
DESIGNS: Mapping[str, str] = {
    "synthetic": "independent",
    "dimension": "independent",
    "dimension_theorem": "independent",
    "asymmetric": "independent",
    "uci": "resampled",
    "uci_max_margin": "resampled",  # the UCI replicates, LR at its max-margin limit
    "calibration": "resampled",
}

#: zero handling of the Wilcoxon signed-rank test: "zsplit" splits the ranks of zero differences
#: evenly between the signs, as Demšar (2006) recommends. scipy's method "auto" is kept: exact
#: for n <= 50 without ties/zeros, exhaustive permutations for n <= 13 with ties or zeros,
#: normal approximation otherwise (always deterministic).
WILCOXON_ZERO_METHOD = "zsplit"

#: columns that identify a cell
CELL_KEY: tuple[str, ...] = ("study", "dataset", "pair", "m")

#: descriptive columns carried from the errors table to the paired table
_CARRIED: tuple[str, ...] = ("family", "level", "n_features", "separation", "prior", "bayes_error")


@dataclass(frozen=True)
class TTest:
    """A t-based interval and two-sided test of a mean difference.

    Attributes
    ----------
    estimate, se : float
        Mean difference and the standard error used.
    t, df, p_value : float
        Statistic, degrees of freedom and two-sided p-value of H0: mean = 0.
    ci_low, ci_high : float
        Two-sided ``1 - alpha`` confidence interval.
    """

    estimate: float
    se: float
    t: float
    df: float
    p_value: float
    ci_low: float
    ci_high: float


def check_alpha(alpha: float) -> None:
    """Raise ValueError unless 0 < alpha < 1."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")


def _t_from_se(estimate: float, se: float, df: float, alpha: float) -> TTest:
    """Build a :class:`TTest` from an estimate, a standard error and df."""
    if se > 0:
        t = estimate / se
        p = float(2.0 * stats.t.sf(abs(t), df))
    else:  # every difference equal: the interval degenerates to a point
        t = 0.0 if estimate == 0 else float(np.sign(estimate) * np.inf)
        p = 1.0 if estimate == 0 else 0.0
    half = float(stats.t.ppf(1.0 - alpha / 2.0, df)) * se
    return TTest(
        float(estimate), float(se), float(t), float(df), p, estimate - half, estimate + half
    )


def paired_t(err_generative: np.ndarray, err_discriminative: np.ndarray, alpha: float) -> TTest:
    """Paired t-test (``scipy.stats.ttest_rel``) and interval of the mean of ``gen - dis``.

    Parameters
    ----------
    err_generative, err_discriminative : numpy.ndarray
        Test errors of the two models, paired by replicate (length R >= 2).
    alpha : float
        One minus the confidence level.

    Returns
    -------
    TTest
        df = R - 1; se = sd(d) / sqrt(R).
    """
    check_alpha(alpha)
    a = np.asarray(err_generative, dtype=float)
    b = np.asarray(err_discriminative, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or a.size < 2:
        raise ValueError(f"need two paired 1-d samples of length >= 2, got {a.shape}, {b.shape}")
    d = a - b
    r = d.size
    se = float(np.std(d, ddof=1) / np.sqrt(r))
    if se == 0:
        return _t_from_se(float(d.mean()), 0.0, r - 1, alpha)
    res = stats.ttest_rel(a, b)
    ci = res.confidence_interval(confidence_level=1.0 - alpha)
    return TTest(
        float(d.mean()), se, float(res.statistic), float(res.df), float(res.pvalue),
        float(ci.low), float(ci.high),
    )  # fmt: skip


def corrected_resampled_t(d: np.ndarray, n_train: float, n_test: float, alpha: float) -> TTest:
    """Nadeau–Bengio corrected resampled t-test of the mean of ``d``.

    Parameters
    ----------
    d : numpy.ndarray
        Paired differences over R >= 2 random train/test splits of one pool.
    n_train, n_test : float
        Sizes of the training and test sets of each split.
    alpha : float
        One minus the confidence level.

    Returns
    -------
    TTest
        ``se = sqrt((1/R + n_test/n_train) * s^2)`` with ``s^2`` the sample variance (ddof 1),
        ``t = mean(d) / se`` and df = R - 1.

    Notes
    -----
    Nadeau, C. & Bengio, Y. (2003), Inference for the generalization error, Machine Learning 52.
    """
    check_alpha(alpha)
    d = np.asarray(d, dtype=float)
    if d.ndim != 1 or d.size < 2:
        raise ValueError(f"need a 1-d sample of length >= 2, got shape {d.shape}")
    if not n_train > 0 or not n_test > 0:
        raise ValueError(f"n_train and n_test must be positive, got {n_train!r}, {n_test!r}")
    r = d.size
    se = float(np.sqrt((1.0 / r + n_test / n_train) * np.var(d, ddof=1)))
    return _t_from_se(float(d.mean()), se, r - 1, alpha)


def paired_proportion_gap(
    only_gen_wrong: int, only_dis_wrong: int, n_test: int, alpha: float
) -> tuple[float, float, float, float]:
    """Difference of two error rates measured on ONE shared test set, with its paired interval.

    With ``b`` examples that only the generative model misclassifies and ``c`` that only the
    discriminative one does, the per-example loss difference takes the values +1 (b times),
    -1 (c times) and 0, so ``gap = (b - c) / n`` and its variance is that of a mean of n i.i.d.
    differences, ``((b + c) / n - gap**2) / n`` (the Wald form of McNemar's comparison; the
    examples on which both models agree cancel, unlike in two independent binomials).

    Parameters
    ----------
    only_gen_wrong, only_dis_wrong : int
        The discordant counts ``b`` and ``c``.
    n_test : int
        Test examples (``b + c <= n_test``).
    alpha : float
        One minus the level of the normal interval.

    Returns
    -------
    (gap, se, ci_low, ci_high)
    """
    check_alpha(alpha)
    b, c, n = int(only_gen_wrong), int(only_dis_wrong), int(n_test)
    if min(b, c) < 0 or n < 1 or b + c > n:
        raise ValueError(f"need 0 <= b, c and b + c <= n_test >= 1, got b={b}, c={c}, n={n}")
    gap = (b - c) / n
    se = float(np.sqrt(max((b + c) / n - gap * gap, 0.0) / n))
    half = float(stats.norm.ppf(1 - alpha / 2)) * se
    return gap, se, gap - half, gap + half


def wilcoxon_p(d: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank p-value of ``d`` (zero_method :data:`WILCOXON_ZERO_METHOD`).

    Returns 1.0 when every difference is zero.
    """
    d = np.asarray(d, dtype=float)
    if d.ndim != 1 or d.size < 1:
        raise ValueError(f"need a non-empty 1-d sample, got shape {d.shape}")
    if np.all(d == 0):
        return 1.0
    return float(stats.wilcoxon(d, zero_method=WILCOXON_ZERO_METHOD).pvalue)


def paired_differences(errors: pd.DataFrame) -> pd.DataFrame:
    """Pair the two models of every (study, dataset, pair, m, replicate).

    Parameters
    ----------
    errors : pandas.DataFrame
        The tidy errors table (``gendisc.study.columns.ERRORS``).

    Returns
    -------
    pandas.DataFrame
        One row per (study, dataset, pair, m, replicate) with the descriptive columns, ``n_test``
        (of the generative row; both models share the test set), ``err_generative``,
        ``err_discriminative`` and ``d = err_generative - err_discriminative``.

    Raises
    ------
    ValueError
        If a key does not have exactly one generative and one discriminative row.
    """
    key = [*CELL_KEY, "replicate"]
    bad_roles = set(errors["role"].unique()) - set(ROLES)
    if bad_roles:
        raise ValueError(f"unknown role(s) {sorted(bad_roles)}; expected {ROLES}")
    counts = errors.groupby([*key, "role"], observed=True).size()
    if (counts != 1).any():
        raise ValueError(f"duplicate rows for key(s) {list(counts[counts != 1].index[:3])}")
    carried = [c for c in _CARRIED if c in errors.columns]
    gen = errors.loc[errors["role"] == "generative", [*key, *carried, "n_test", "test_error"]]
    dis = errors.loc[errors["role"] == "discriminative", [*key, "test_error"]]
    out = gen.merge(dis, on=key, how="outer", suffixes=("_generative", "_discriminative"))
    out = out.rename(
        columns={
            "test_error_generative": "err_generative",
            "test_error_discriminative": "err_discriminative",
        }
    )
    unpaired = out["err_generative"].isna() | out["err_discriminative"].isna()
    if unpaired.any():
        first = out.loc[unpaired, key].iloc[0].to_dict()
        raise ValueError(f"{int(unpaired.sum())} replicate(s) lack one role, e.g. {first}")
    out["d"] = out["err_generative"] - out["err_discriminative"]
    return out.sort_values(key, kind="mergesort").reset_index(drop=True)


#: the per-cell statistics that a degenerate cell does not get
_TEST_COLUMNS: tuple[str, ...] = (
    "wilcoxon_p", "corr_se", "corr_ci_low", "corr_ci_high", "corr_p", "naive_ci_low",
    "naive_ci_high", "naive_p", "anchor_se", "anchor_ci_low", "anchor_ci_high", "anchor_p",
)  # fmt: skip


def degenerate_reason(d: np.ndarray, n_test: np.ndarray) -> str:
    """Why a cell's paired difference cannot be tested ('' if it can).

    Parameters
    ----------
    d : numpy.ndarray
        The cell's paired differences (one per replicate).
    n_test : numpy.ndarray
        Each replicate's number of test points (0: its error is exact).

    Returns
    -------
    str
        ``"one_replicate"`` (fewer than 2 replicates), ``"one_test_point"`` (a replicate scored
        on fewer than 2 test points), ``"no_variance"`` (every replicate has the same
        difference, e.g. two identical classifiers: d = 0 everywhere) or ``""``.
    """
    d = np.asarray(d, dtype=float)
    if d.size < 2:
        return "one_replicate"
    n_test = np.asarray(n_test, dtype=float)
    counted = n_test[n_test != 0]  # 0: an exact error, no test points
    if counted.size and np.min(counted) < 2:
        return "one_test_point"
    if np.all(d == d[0]):
        return "no_variance"
    return ""


def _cell_row(study: str, g: pd.DataFrame, alpha: float, designs: Mapping[str, str]) -> dict:
    if study not in designs:
        raise ValueError(f"study {study!r} has no design; known: {sorted(designs)}")
    design = designs[study]
    d = g["d"].to_numpy(dtype=float)
    m = float(g["m"].iloc[0])
    n_test = float(g["n_test"].mean())
    row: dict[str, object] = {
        "design": design,
        "R": d.size,
        "n_test": n_test,
        "mean_d": float(d.mean()),
        "sd_d": float(np.std(d, ddof=1)) if d.size > 1 else np.nan,
        "se_d": float(np.std(d, ddof=1) / np.sqrt(d.size)) if d.size > 1 else np.nan,
        "df": float(d.size - 1),
    }
    nan_t = TTest(row["mean_d"], np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)
    naive = paired_t(g["err_generative"], g["err_discriminative"], alpha) if d.size > 1 else nan_t
    row["wilcoxon_p"] = wilcoxon_p(d)
    if design == "independent":
        anchor, prefix = naive, "t"
        row["corr_se"] = row["corr_ci_low"] = row["corr_ci_high"] = row["corr_p"] = np.nan
    elif design == "resampled":
        anchor = corrected_resampled_t(d, m, n_test, alpha) if d.size > 1 else nan_t
        prefix = "cond"
        row |= {
            "corr_se": anchor.se,
            "corr_ci_low": anchor.ci_low,
            "corr_ci_high": anchor.ci_high,
            "corr_p": anchor.p_value,
        }
    else:
        raise ValueError(f"unknown design {design!r} for study {study!r}")
    # the naive paired t: valid for independent designs, "conditional on the dataset" otherwise
    row |= {
        "naive_kind": "paired_t" if prefix == "t" else "conditional_on_dataset",
        "naive_ci_low": naive.ci_low,
        "naive_ci_high": naive.ci_high,
        "naive_p": naive.p_value,
        "anchor": "paired_t" if prefix == "t" else "corrected_resampled_t",
        "anchor_se": anchor.se,
        "anchor_ci_low": anchor.ci_low,
        "anchor_ci_high": anchor.ci_high,
        "anchor_p": anchor.p_value,
    }
    reason = degenerate_reason(d, g["n_test"].to_numpy(float))
    row["degenerate"] = bool(reason)
    row["degenerate_reason"] = reason
    if reason:  # no test from a cell without variance: no p-value, no interval
        row |= dict.fromkeys(_TEST_COLUMNS, np.nan)
    return row


def cell_tests(
    diffs: pd.DataFrame, alpha: float, designs: Mapping[str, str] = DESIGNS
) -> pd.DataFrame:
    """Test every cell (study, dataset, pair, m) of a paired-differences table.

    Parameters
    ----------
    diffs : pandas.DataFrame
        Output of :func:`paired_differences`.
    alpha : float
        One minus the confidence level of every interval.
    designs : Mapping[str, str]
        Study -> ``"independent"`` or ``"resampled"``.

    Returns
    -------
    pandas.DataFrame
        One row per cell: the key, ``design, R, n_test, mean_d, sd_d, se_d, df, wilcoxon_p``;
        ``corr_se, corr_ci_low, corr_ci_high, corr_p`` (Nadeau–Bengio; NaN for independent
        designs); ``naive_kind, naive_ci_low, naive_ci_high, naive_p`` (paired t; labelled
        ``conditional_on_dataset`` for resampled designs); and ``anchor, anchor_se,
        anchor_ci_low, anchor_ci_high, anchor_p`` (the interval to base verdicts on);
        ``degenerate, degenerate_reason`` (:func:`degenerate_reason`; a degenerate cell has
        NaN p-values and intervals, so it enters no test and no multiplicity family).
    """
    check_alpha(alpha)
    rows = []
    for key, g in diffs.groupby(list(CELL_KEY), sort=True, observed=True):
        rows.append(dict(zip(CELL_KEY, key, strict=True)) | _cell_row(key[0], g, alpha, designs))
    return pd.DataFrame(rows)


__all__ = [
    "CELL_KEY",
    "DESIGNS",
    "WILCOXON_ZERO_METHOD",
    "TTest",
    "cell_tests",
    "check_alpha",
    "corrected_resampled_t",
    "degenerate_reason",
    "paired_differences",
    "paired_proportion_gap",
    "paired_t",
    "wilcoxon_p",
]
