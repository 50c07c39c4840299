"""The beyond studies' work in ``make bench``: gendisc's code vs a straightforward reference.

Each item times, in one run and on the same data, the implementation the study runs and the
loop a user would write, and checks that both give the same answer:

* **em** (scarce labels): :func:`gendisc.models.semisupervised.em_gaussian` (E-step on all
  unlabelled rows at once) vs the textbook loop whose E-step scores each class with
  ``scipy.stats.multivariate_normal.logpdf``; one replicate, m = 10 labels, U = 10,000.
* **imputation** (missing features, the reduced model): every test pattern's LR in one batched
  Newton fit vs one scikit-learn fit per pattern (:func:`gendisc.models.missing._reduced_loop`).
* **hybrid**: :func:`gendisc.models.hybrid.fit_hybrid` (analytic gradient) vs the same L-BFGS
  on finite-difference gradients.

Every figure is the median of ``repeats`` timings (CPU seconds per fit, one BLAS thread is the
caller's business), with min and max, and the ratio reference / gendisc.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from gendisc.data import generators, missingness
from gendisc.models import gaussian, hybrid, missing, semisupervised
from gendisc.models.constants import DEFAULT_LR_C
from gendisc.study import seeding

SEED = 12345
SETTING = generators.Setting("correlated_gaussian", 4, 0.67)


def _median(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _cpu(func: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeats):
        start = time.process_time()
        out = func()
        times.append(time.process_time() - start)
    return times, out


def _compare(fast: Callable[[], Any], ref: Callable[[], Any], repeats: int) -> dict[str, Any]:
    t_fast, out_fast = _cpu(fast, repeats)
    t_ref, out_ref = _cpu(ref, repeats)
    return {
        "gendisc_seconds": _median(t_fast),
        "reference_seconds": _median(t_ref),
        "speedup": _median([r / f for r, f in zip(t_ref, t_fast, strict=True)]),
        "outputs": (out_fast, out_ref),
    }


def em_reference(
    X_lab, y_lab, X_unl, *, diagonal: bool, max_iter: int = semisupervised.EM_MAX_ITER
):
    """The textbook EM loop (E-step by ``scipy.stats.multivariate_normal`` per class), with the
    objective, stopping rule and M-step of :func:`gendisc.models.semisupervised.em_gaussian`."""
    from scipy import stats

    fit = gaussian.fit_gaussian(X_lab, y_lab, diagonal=diagonal)
    X = np.vstack([X_lab, X_unl])
    lab_resp = np.eye(2)[y_lab]
    scale = float(np.mean(fit.cov if diagonal else np.diag(fit.cov)))
    previous = -np.inf
    for _ in range(max_iter):
        cov = np.diag(fit.cov) if diagonal else fit.cov

        def jll(Z, fit=fit, cov=cov):
            return np.stack(
                [np.log(p) + stats.multivariate_normal.logpdf(Z, mu, cov, allow_singular=True)
                 for p, mu in zip(fit.priors, fit.means, strict=True)], axis=1,
            )  # fmt: skip

        j = jll(X_unl)
        lse = np.logaddexp(j[:, 0], j[:, 1])
        objective = (jll(X_lab)[np.arange(len(y_lab)), y_lab].sum() + lse.sum()) / X.shape[0]
        if objective - previous < semisupervised.EM_TOL:
            break
        previous = objective
        resp = np.vstack([lab_resp, np.exp(j - lse[:, None])])
        fit = semisupervised._m_step(X, resp, diagonal, semisupervised.EM_VAR_FLOOR * scale)
    return fit


def _em(repeats: int) -> dict[str, Any]:
    rng = seeding.rng(SEED, "bench-em")
    X, y = generators.sample(SETTING, 10, rng, both_classes=True)
    Xu, _ = generators.sample(SETTING, 10_000, rng)
    out = {}
    for name, diagonal in (("nb", True), ("lda", False)):
        res = _compare(
            lambda d=diagonal: semisupervised.em_gaussian(X, y, Xu, diagonal=d),
            lambda d=diagonal: em_reference(X, y, Xu, diagonal=d),
            repeats,
        )
        fast, ref = res.pop("outputs")
        res["max_abs_mean_difference"] = float(np.abs(fast.means - ref.means).max())
        out[name] = res
    return out


def _imputation(repeats: int) -> dict[str, Any]:
    rng = seeding.rng(SEED, "bench-imputation")
    X, y = generators.sample(SETTING, 400, rng, both_classes=True)
    Xt, _ = generators.sample(SETTING, 2000, rng)
    Xt = np.where(missingness.mcar_mask(Xt.shape, 0.25, rng), np.nan, Xt)
    res = _compare(
        lambda: missing._reduced_batch(X, y, Xt, DEFAULT_LR_C),
        lambda: missing._reduced_loop(X, y, Xt, DEFAULT_LR_C),
        repeats,
    )
    fast, ref = res.pop("outputs")
    res["same_predictions"] = float(np.mean(fast == ref))
    return res


def _hybrid(repeats: int) -> dict[str, Any]:
    from scipy.optimize import minimize

    rng = seeding.rng(SEED, "bench-hybrid")
    X, y = generators.sample(SETTING, 100, rng, both_classes=True)
    Xt, _ = generators.sample(SETTING, 2000, rng)
    lam = 0.5

    def reference():
        start = hybrid._definite(gaussian.fit_gaussian(X, y, diagonal=False))
        layout = hybrid._Layout(2, X.shape[1], False)
        onehot = np.eye(2)[y]
        res = minimize(
            lambda t: hybrid._objective(t, layout, X, onehot, lam)[0],
            layout.pack(start),
            method="L-BFGS-B",
            options={"gtol": hybrid.HYBRID_GTOL, "ftol": 1e-15, "maxiter": hybrid.HYBRID_MAX_ITER},
        )
        a, means, chol = layout.unpack(res.x)
        return gaussian.GaussianFit(
            np.exp(a) / np.exp(a).sum(), means, np.linalg.inv(chol @ chol.T)
        )

    res = _compare(lambda: hybrid.fit_hybrid(X, y, lam, diagonal=False), reference, repeats)
    fast, ref = res.pop("outputs")
    res["same_predictions"] = float(
        np.mean(gaussian.predict(fast, Xt) == gaussian.predict(ref, Xt))
    )
    return res


def beyond_cost(repeats: int = 3) -> dict[str, Any]:
    """The em, imputation and hybrid figures (see the module docstring)."""
    return {"em": _em(repeats), "imputation": _imputation(repeats), "hybrid": _hybrid(repeats)}


__all__ = ["beyond_cost", "em_reference"]
