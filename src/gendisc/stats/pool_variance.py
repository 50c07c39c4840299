"""An interval for the UCI cells that is valid at m << N: the variance of the mean difference
built from its parts.

Estimand. theta(m) = E[err_gen - err_dis] of the two models trained on m examples drawn from
the population the pool was drawn from (both classes present), scored on that population: the
population difference that Ng & Jordan's claims are about, and the truth of the calibration
study (:mod:`gendisc.study.calibration`).

Estimator. R random splits of one pool P of N points: replicate r trains on S_r (m points) and
scores the other N - m points; d_r is its error difference and d_bar their mean. Given the pool
the d_r are i.i.d., so

    Var(d_bar) = E Var(d_bar | P) + Var(mu_P),      mu_P = E[d_r | P].

* Replicate spread: E Var(d_bar | P) is estimated by s^2 / R (s^2: variance of the d_r).
* The pool: mu_P is the mean over (x, S) pairs of the pool (x not in S) of the loss difference
  l_S(x) = 1[gen wrong at x] - 1[dis wrong at x], a U-statistic of order m + 1. To first order
  (Hoeffding) Var(mu_P) = Var(g(X) + m (t(X) - theta)) / N, where g(x) = E_S l_S(x) is the
  point's expected loss difference as a test point and t(x) its effect as a training point.
  - Test points: Var(g(X)) from the per-point mean loss differences over the replicates that
    scored the point, minus their sampling noise (mean of each point's variance / count).
  - Training points: m^2 Var(t(X)) is the first-order part of m Var_S(delta(S)) (delta(S): the
    population difference of the classifiers trained on S), so it is at most m Var_S(delta);
    Var_S(delta) is s^2 minus the test-sampling noise of each d_r (the variance of its test
    points' loss differences over their number). The cross term of the two is left out.

    se^2 = s^2 / R + (Var(g) + m Var_S(delta)) / N,     interval: t quantile with df R - 1.

Per-point losses need each replicate's predictions on every pool point, which the errors table
does not keep: :func:`pool_variance_parts` recomputes them for the first ``R'`` replicates of a
cell (the same training sets: same keyed streams) with the fast engine. This replaces the
Nadeau–Bengio correction (variance factor 1/R + n_test/n_train), which is built for m close to
N and explodes at m << N.

The recomputed fits are the plain fits (LR at its max-margin limit on separable training sets),
not the random separator: the parts are exact for the max-margin arm (same training sets, same
fits; :func:`with_max_margin_arm`) and stand in for the random-separator rule's, whose
per-point losses would need the sampler's draws again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gendisc.models.fast_predict import predict_pool
from gendisc.models.linear_batch import featurize
from gendisc.models.pairs import PAIRS
from gendisc.study import seeding
from gendisc.study.replicates import max_margin_study

#: replicates of a UCI cell whose per-point losses estimate the variance parts (the first ones
#: of the cell: the same training sets as the study's); about a tenth of the default 1000
VARIANCE_REPLICATES = 100

#: rows of the pool scored at once
_BLOCK = 4096

#: columns of :func:`pool_variance_parts` (besides the cell key)
PART_COLUMNS: tuple[str, ...] = ("pool_n", "var_R", "var_point", "var_train", "var_test_noise")


@dataclass(frozen=True)
class PoolVariance:
    """The variance parts of one cell (see the module docstring).

    Attributes
    ----------
    pool_n : int
        Pool size N.
    var_R : int
        Replicates the parts were estimated from.
    var_point : float
        Var(g(X)): variance of the points' expected loss differences (noise removed, >= 0).
    var_train : float
        Var_S(delta): variance over training sets of the population difference (>= 0).
    var_test_noise : float
        Mean test-sampling variance of one replicate's d_r.
    """

    pool_n: int
    var_R: int
    var_point: float
    var_train: float
    var_test_noise: float


def point_losses(
    pair: str,
    X: np.ndarray,
    y: np.ndarray,
    train_idx: np.ndarray,
    *,
    lr_C: float,
    n_categories: tuple[int, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss differences of every replicate on every pool point, and where they were tested.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``loss`` (R, N) in {-1, 0, 1}: 1[gen wrong] - 1[dis wrong]; ``test`` (R, N) bool: the
        point is outside replicate r's training set.
    """
    spec = PAIRS[pair]
    ks = spec.check_inputs(X, "X", n_categories)
    R, N = train_idx.shape[0], X.shape[0]
    test = np.ones((R, N), dtype=bool)
    test[np.arange(R)[:, None], train_idx] = False
    gen, dis = spec.fit_fast(X[train_idx], y[train_idx], lr_C=lr_C, n_categories=ks)
    loss = np.zeros((R, N), dtype=np.int8)
    truth = y > 0
    for start in range(0, N, _BLOCK):
        rows = slice(start, start + _BLOCK)
        wrong = []
        for model in (gen, dis):
            feats = featurize(model.feature, X[rows], ks)
            wrong.append(predict_pool(model, X[rows], ks, features=feats) != truth[rows, None])
        loss[:, rows] = (wrong[0].astype(np.int8) - wrong[1].astype(np.int8)).T
    return loss, test


def variance_parts(loss: np.ndarray, test: np.ndarray) -> PoolVariance:
    """The parts of Var(d_bar) from per-point loss differences (module docstring).

    Parameters
    ----------
    loss, test : numpy.ndarray
        As returned by :func:`point_losses`, shape (R, N) with R >= 2.
    """
    loss = np.asarray(loss, dtype=float)
    test = np.asarray(test, dtype=bool)
    if loss.shape != test.shape or loss.ndim != 2 or loss.shape[0] < 2:
        raise ValueError(
            f"loss and test must be (R >= 2, N) arrays, got {loss.shape}, {test.shape}"
        )
    R, N = loss.shape
    lt = np.where(test, loss, 0.0)
    # test role: each point's mean over the replicates that scored it, noise removed
    c = test.sum(axis=0)
    ok = c >= 2
    s1, s2 = lt.sum(axis=0)[ok], (lt * lt).sum(axis=0)[ok]
    g = s1 / c[ok]
    within = (s2 - c[ok] * g * g) / (c[ok] - 1)
    var_point = (
        max(float(np.var(g, ddof=1)) - float(np.mean(within / c[ok])), 0.0) if ok.sum() > 1 else 0.0
    )
    # training role: spread of the replicates' differences minus their test-sampling noise
    n = test.sum(axis=1)
    d = lt.sum(axis=1) / n
    tau2 = ((lt * lt).sum(axis=1) - n * d * d) / (n - 1) / n
    noise = float(np.mean(tau2))
    var_train = max(float(np.var(d, ddof=1)) - noise, 0.0)
    return PoolVariance(int(N), int(R), var_point, var_train, noise)


def pool_interval(
    mean_d: float, s2: float, R: int, m: int, parts: PoolVariance, alpha: float
) -> tuple[float, float, float, float]:
    """``(se, ci_low, ci_high, p)`` of theta from the mean of R replicates (module docstring)."""
    if R < 2 or not np.isfinite(s2):
        return (np.nan,) * 4
    var = s2 / R + (parts.var_point + m * parts.var_train) / parts.pool_n
    se = float(np.sqrt(var))
    df = R - 1
    half = float(stats.t.ppf(1 - alpha / 2, df)) * se
    p = float(2 * stats.t.sf(abs(mean_d) / se, df)) if se > 0 else np.nan
    return se, mean_d - half, mean_d + half, p


def pool_variance_parts(
    X: np.ndarray,
    y: np.ndarray,
    *,
    dataset: str,
    pair: str,
    m_grid: Sequence[int],
    replicates: Sequence[int],
    seed: int,
    draw_train: Callable[[np.ndarray, int, np.random.Generator], np.ndarray],
    study: str = "uci",
    lr_C: float = 1e4,
    n_categories: tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """Variance parts of every (dataset, pair, m) cell of one pool.

    The training sets are those of :func:`gendisc.study.experiment.pool_chunk` for the same
    ``replicates`` (streams keyed by seed, study, dataset, pair, m and replicate).

    Returns
    -------
    pandas.DataFrame
        Columns ``study, dataset, pair, m`` and :data:`PART_COLUMNS`.
    """
    rows = []
    for m in m_grid:
        idx = []
        for r in replicates:
            _, gen = seeding.keyed(seed, study, dataset, pair, int(m), int(r))
            idx.append(draw_train(y, int(m), gen))
        loss, test = point_losses(pair, X, y, np.stack(idx), lr_C=lr_C, n_categories=n_categories)
        parts = variance_parts(loss, test)
        rows.append({"study": study, "dataset": dataset, "pair": pair, "m": int(m),
                     **{k: getattr(parts, k) for k in PART_COLUMNS}})  # fmt: skip
    return pd.DataFrame(rows)


def with_max_margin_arm(parts: pd.DataFrame) -> pd.DataFrame:
    """Add the max-margin arm's rows to :func:`pool_variance_parts` rows.

    The parts are computed from the plain fits on the study's training sets, which are exactly
    the max-margin arm's (study :func:`gendisc.study.replicates.max_margin_study`, same keyed
    streams), so the arm's cells get the same parts under their own study name.

    Parameters
    ----------
    parts : pandas.DataFrame
        :func:`pool_variance_parts` rows (column ``study``).
    """
    arm = parts.assign(study=[max_margin_study(s) for s in parts["study"]])
    return pd.concat([parts, arm], ignore_index=True)


#: anchor label of the cells whose interval is :func:`pool_interval`
POOL_ANCHOR = "pool_t"


def with_pool_anchor(cells: pd.DataFrame, parts: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Give the resampled cells that have variance parts the interval of :func:`pool_interval`.

    Adds ``pool_se, pool_ci_low, pool_ci_high, pool_p`` and the parts' columns; where a
    non-degenerate resampled cell has parts, the ``anchor_*`` columns take the pool interval
    and ``anchor`` reads :data:`POOL_ANCHOR` (the Nadeau–Bengio interval stays in ``corr_*``).

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`gendisc.stats.paired.cell_tests` rows.
    parts : pandas.DataFrame
        :func:`pool_variance_parts` rows (key ``study, dataset, pair, m``).
    alpha : float
        One minus the interval's level.
    """
    key = ["study", "dataset", "pair", "m"]
    out = cells.merge(parts.loc[:, [*key, *PART_COLUMNS]], on=key, how="left", validate="1:1")
    new = {
        c: np.full(len(out), np.nan) for c in ("pool_se", "pool_ci_low", "pool_ci_high", "pool_p")
    }
    for i, row in enumerate(out.itertuples(index=False)):
        if row.design != "resampled" or not np.isfinite(row.pool_n) or bool(row.degenerate):
            continue
        part = PoolVariance(*(getattr(row, c) for c in PART_COLUMNS))
        se, lo, hi, p = pool_interval(row.mean_d, row.sd_d**2, int(row.R), int(row.m), part, alpha)
        for col, v in zip(new, (se, lo, hi, p), strict=True):
            new[col][i] = v
    for col, v in new.items():
        out[col] = v
    use = np.isfinite(out["pool_se"].to_numpy(float))
    for a, b in (("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high"), ("p", "p")):
        out.loc[use, f"anchor_{a}"] = out.loc[use, f"pool_{b}"]
    out.loc[use, "anchor"] = POOL_ANCHOR
    return out


__all__ = [
    "PART_COLUMNS",
    "POOL_ANCHOR",
    "VARIANCE_REPLICATES",
    "PoolVariance",
    "point_losses",
    "pool_interval",
    "pool_variance_parts",
    "variance_parts",
    "with_max_margin_arm",
    "with_pool_anchor",
]
