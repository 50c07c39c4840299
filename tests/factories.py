"""Planted-data factories of the tests (one module): rows of the errors table, errors tables
with known paired differences, and paired-difference tables with known means."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gendisc.study import columns
from gendisc.study.seeding import rng

#: a valid value of every column of the errors table (:data:`gendisc.study.columns.ERRORS`)
ROW_DEFAULTS: dict[str, object] = {
    "study": "synthetic",
    "dataset": "ds",
    "family": "f",
    "level": 0.0,
    "n_features": 2,
    "separation": 1.0,
    "prior": 0.5,
    "pair": "p",
    "model": "g",
    "role": "generative",
    "m": 4,
    "replicate": 0,
    "stream_id": 0,
    "n_test": 100,
    "test_error": 0.2,
    "separable": False,
    "n_warnings": 0,
    "bayes_error": 0.1,
}
assert set(ROW_DEFAULTS) == set(columns.ERRORS), "ROW_DEFAULTS must follow the schema"


def error_row(**values: object) -> dict[str, object]:
    """One row of the errors table: :data:`ROW_DEFAULTS` with ``values`` set (names checked)."""
    unknown = set(values) - set(ROW_DEFAULTS)
    if unknown:
        raise ValueError(f"not columns of the errors table: {sorted(unknown)}")
    return ROW_DEFAULTS | values


def errors_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows from :func:`error_row` as an errors table with the schema's order and dtypes."""
    return columns.conform(pd.DataFrame(rows))


#: the m grid of :func:`cells_from_means`
M = (16, 64, 256, 1024)


def errors_frame(study: str, d_by_m: dict[int, np.ndarray], n_test: int, base: float = 0.2):
    """A minimal errors table whose paired differences are exactly ``d_by_m``."""
    rows = []
    for m, d in d_by_m.items():
        for r, dr in enumerate(d):
            common = {"study": study, "m": m, "replicate": r, "stream_id": r, "n_test": n_test}
            rows.append(error_row(**common, model="g", role="generative", test_error=base + dr))
            rows.append(error_row(**common, model="l", role="discriminative", test_error=base))
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
