"""Planted-data factories of the statistics tests: errors and paired-difference tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendisc.study.seeding import rng

#: the m grid of :func:`cells_from_means`
M = (16, 64, 256, 1024)


def errors_frame(study: str, d_by_m: dict[int, np.ndarray], n_test: int, base: float = 0.2):
    """A minimal errors table whose paired differences are exactly ``d_by_m``."""
    rows = []
    for m, d in d_by_m.items():
        for r, dr in enumerate(d):
            common = {"study": study, "dataset": "ds", "family": "f", "level": 0.0,
                      "n_features": 2, "separation": 1.0, "prior": 0.5, "pair": "p", "m": m,
                      "replicate": r, "seed": r, "n_test": n_test, "separable": False,
                      "n_warnings": 0, "bayes_error": 0.1}  # fmt: skip
            rows.append(common | {"model": "g", "role": "generative", "test_error": base + dr})
            rows.append(common | {"model": "l", "role": "discriminative", "test_error": base})
    return pd.DataFrame(rows)


def cells_from_means(means: dict[str, list[float]], sd: float, r: int, label: str) -> pd.DataFrame:
    """Paired differences of several datasets (study 'synthetic'), d ~ N(mean(m), sd)."""
    g = rng(0, "test_claims", label)
    rows = []
    for ds, mu in means.items():
        for m, mean in zip(M, mu, strict=True):
            d = mean + g.normal(0, sd, r)
            rows += [{"study": "synthetic", "dataset": ds, "pair": "p", "m": m, "replicate": k,
                      "n_test": 1000, "err_generative": 0.2 + x, "err_discriminative": 0.2,
                      "d": x} for k, x in enumerate(d)]  # fmt: skip
    return pd.DataFrame(rows)
