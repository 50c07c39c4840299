"""The fast engine and the scikit-learn reference give the same study: same verdicts, and
test errors that agree replicate by replicate.

The scikit-learn run covers every cell of the smoke study (same grids, same replicates) but
builds only what the engine reaches and the claims: each setting in one chunk (rows do not
depend on the chunking: test_granularity_and_grid_extension_end_to_end), the studies beyond the
learning curves off (they never use the engine: their claim rows are the fast run's), no report.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from gendisc.study import columns, storage

from conftest import REPO, copy_workflow, run_snakemake, smoke_args

pytestmark = pytest.mark.slow

#: what the run builds: every table the engine reaches, and the claims
TARGETS = (
    "results/errors.parquet",
    "results/asymptotic.parquet",
    "results/claims.csv",
    "results/calibration.csv",
)


def one_chunk_no_beyond(smoke: dict) -> dict:
    """Overlay on the smoke config: one chunk per setting or cell, every beyond study off."""
    overlay = {
        study: {"chunk_size": smoke[study]["replicates"]}
        for study in ("synthetic", "dimension", "efron", "uci")
    }
    overlay["beyond"] = {name: {"enabled": False} for name in smoke.get("beyond", {})}
    return overlay


def test_sklearn_engine_gives_the_same_verdicts(smoke_run, tmp_path):
    work = copy_workflow(tmp_path / "sklearn")
    smoke = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    (work / "overlay.yaml").write_text(yaml.safe_dump(one_chunk_no_beyond(smoke)))
    args = smoke_args(2, "engine=sklearn")
    at = args.index("config/smoke.yaml") + 1
    run_snakemake(work, *TARGETS, *args[:at], "overlay.yaml", *args[at:])

    # both engines apply the same tie rule: identical errors in every replicate
    e_fast = storage.read_errors(smoke_run / "results" / "errors.parquet")
    e_ref = storage.read_errors(work / "results" / "errors.parquet")
    key = list(columns.KEY)
    merged = e_fast.merge(e_ref, on=key, suffixes=("_fast", "_sklearn"), validate="1:1")
    assert len(merged) == len(e_fast) == len(e_ref)
    for col in ("test_error", "bayes_error", "separable", "n_warnings"):
        pd.testing.assert_series_equal(
            merged[f"{col}_fast"], merged[f"{col}_sklearn"], check_names=False
        )
    for table in ("asymptotic.parquet", "calibration.csv"):
        read = pd.read_parquet if table.endswith(".parquet") else pd.read_csv
        pd.testing.assert_frame_equal(
            read(smoke_run / "results" / table), read(work / "results" / table), obj=table
        )

    fast = pd.read_csv(smoke_run / "results" / "claims.csv")
    ref = pd.read_csv(work / "results" / "claims.csv")
    # the beyond studies' claims are only in the fast run (they are off here)
    beyond = {
        row["claim"]
        for path in (smoke_run / "results" / "beyond").glob("*_claims.json")
        for row in json.loads(path.read_text())
    }
    assert beyond and not beyond & set(ref["claim"])
    fast = fast[~fast["claim"].isin(beyond)]
    key = ["claim", "scope", "rule"]  # claims.csv: one row per claim, scope and rule
    merged = fast.merge(ref, on=key, suffixes=("_fast", "_sklearn"), validate="1:1")
    assert len(merged) == len(fast) == len(ref)
    differ = merged[merged["verdict_fast"] != merged["verdict_sklearn"]]
    assert differ.empty, differ[[*key, "verdict_fast", "verdict_sklearn"]].to_string()
