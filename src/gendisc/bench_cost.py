"""Training cost per fit (issue 15 §5): CPU time of one fit of each model vs m and n.

Part of ``make bench`` (:mod:`gendisc.bench`); one BLAS thread, CPU time (process time), the
median of repeated timings.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from gendisc.data import generators
from gendisc.models.constants import DEFAULT_LR_C
from gendisc.study import seeding

#: the stream of the cost data: (SEED, "bench-cost", n, m)
SEED = 12345

#: training-cost grid (issue 15 §5): each model's CPU time per fit vs m (at COST_N features)
#: and vs n (at COST_M examples)
COST_M: tuple[int, ...] = (32, 128, 512, 2048, 8192)
COST_N: tuple[int, ...] = (4, 16, 64)
COST_MODELS: tuple[str, ...] = ("shared_variance_nb", "gaussian_nb", "lda", "logistic_regression")
#: a timing repeats a fit until it has used at least this much CPU time
COST_MIN_CPU = 0.05


def _cost_estimator(model: str) -> Any:
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.naive_bayes import GaussianNB

    from gendisc.models.estimators import SharedVarianceNB, make_logistic_regression

    makers = {
        "shared_variance_nb": SharedVarianceNB,
        "gaussian_nb": GaussianNB,
        "lda": lambda: LinearDiscriminantAnalysis(solver="svd"),
        "logistic_regression": lambda: make_logistic_regression(DEFAULT_LR_C),
    }
    if model not in makers:
        raise ValueError(f"model must be one of {sorted(makers)}, got {model!r}")
    return makers[model]()


def cpu_per_fit(model: str, X: np.ndarray, y: np.ndarray, repeats: int) -> float:
    """Median over ``repeats`` of the CPU seconds (process time, this thread's BLAS limit) of one
    fit of the study's ``model`` on ``(X, y)``; each timing repeats the fit until it has used
    at least ``COST_MIN_CPU`` seconds and divides."""
    times = []
    for _ in range(repeats):
        k, start = 0, time.process_time()
        while True:
            _cost_estimator(model).fit(X, y)
            k += 1
            used = time.process_time() - start
            if used >= COST_MIN_CPU:
                break
        times.append(used / k)
    return float(statistics.median(times))


def scaling_exponent(sizes: np.ndarray, seconds: np.ndarray) -> float:
    """OLS slope of log(seconds) on log(size): time ~ size ** slope."""
    x, y = np.log(np.asarray(sizes, float)), np.log(np.asarray(seconds, float))
    if x.size < 2 or np.ptp(x) == 0:
        raise ValueError("need at least two different sizes")
    return float(np.polyfit(x, y, 1)[0])


def training_cost(
    repeats: int,
    m_grid: tuple[int, ...] = COST_M,
    n_grid: tuple[int, ...] = COST_N,
    models: tuple[str, ...] = COST_MODELS,
) -> dict[str, Any]:
    """CPU time per fit of each model vs m and vs n (one BLAS thread).

    Data: ``correlated_gaussian`` at level 0.5 (the study's stream, ``(SEED, "bench-cost", n,
    m)``). Over m the dimension is 16 (or the grid's middle n); over n, m is the middle of the
    m grid. Returns, per model, the seconds at each size and the fitted exponent
    (time ~ size ** exponent), and the ratio LR / NB at each m.
    """
    n_fixed = n_grid[len(n_grid) // 2]
    m_fixed = m_grid[len(m_grid) // 2]
    out: dict[str, Any] = {"n_for_m_sweep": n_fixed, "m_for_n_sweep": m_fixed, "models": {}}
    data = {}
    for n, m in {(n_fixed, m) for m in m_grid} | {(n, m_fixed) for n in n_grid}:
        setting = generators.Setting("correlated_gaussian", n, 0.5)
        data[(n, m)] = generators.sample(setting, m, seeding.rng(SEED, "bench-cost", n, m),
                                         both_classes=True)  # fmt: skip
    with threadpool_limits(limits=1):
        for model in models:
            by_m = [cpu_per_fit(model, *data[(n_fixed, m)], repeats) for m in m_grid]
            by_n = [cpu_per_fit(model, *data[(n, m_fixed)], repeats) for n in n_grid]
            out["models"][model] = {
                "seconds_by_m": dict(zip(map(str, m_grid), by_m, strict=True)),
                "seconds_by_n": dict(zip(map(str, n_grid), by_n, strict=True)),
                "exponent_m": scaling_exponent(np.array(m_grid), np.array(by_m)),
                "exponent_n": scaling_exponent(np.array(n_grid), np.array(by_n)),
            }
    if {"logistic_regression", "shared_variance_nb"} <= set(models):
        lr, nb = (
            out["models"][k]["seconds_by_m"] for k in ("logistic_regression", "shared_variance_nb")
        )
        out["lr_over_nb_by_m"] = {m: lr[m] / nb[m] for m in lr}
    return out
