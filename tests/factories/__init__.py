"""Planted-data factories of the tests, in one place.

Here: rows of the errors table, a cell's rows with planted error curves, errors tables with
known paired differences, and paired-difference tables with known means. Beside:
:mod:`factories.report` (a planted study with every report table) and :mod:`factories.beyond`
(tables of the studies beyond the learning curves with planted effects).
"""

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


def cell_rows(
    rng: np.random.Generator,
    m: int,
    errors: tuple[float, float],
    sd: float,
    reps: int,
    models: tuple[str, str] = ("gen", "dis"),
    **values: object,
) -> pd.DataFrame:
    """Rows of one cell at one training-set size ``m``: ``reps`` replicates, each a generative
    and a discriminative row with test error ``errors[role] + N(0, sd)`` clipped to [0, 1]
    (noise drawn replicate by replicate, generative first).

    Other columns are :data:`ROW_DEFAULTS` with ``values`` set (a scalar, or an array of one
    value per row).
    """
    unknown = set(values) - set(ROW_DEFAULTS)
    if unknown:
        raise ValueError(f"not columns of the errors table: {sorted(unknown)}")
    err = np.clip(np.asarray(errors) + rng.normal(0.0, sd, size=(reps, 2)), 0.0, 1.0)
    drawn = {
        "model": np.tile(models, reps),
        "role": np.tile(columns.ROLES, reps),
        "m": m,
        "replicate": np.repeat(np.arange(reps), 2),
        "test_error": err.ravel(),
    }
    return pd.DataFrame(ROW_DEFAULTS | values | drawn, index=range(2 * reps))


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
