"""The fast engine and the scikit-learn reference give the same study: same verdicts, and
test errors that agree replicate by replicate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gendisc.study import storage

from conftest import copy_workflow, run_snakemake, smoke_args

pytestmark = pytest.mark.slow


def test_sklearn_engine_gives_the_same_verdicts(smoke_run, tmp_path):
    work = copy_workflow(tmp_path / "sklearn")
    run_snakemake(work, *smoke_args(2, "engine=sklearn"))
    fast = pd.read_csv(smoke_run / "results" / "claims.csv")
    ref = pd.read_csv(work / "results" / "claims.csv")
    key = ["claim", "scope", "rule"]  # claims.csv: one row per claim, scope and rule
    merged = fast.merge(ref, on=key, suffixes=("_fast", "_sklearn"), validate="1:1")
    assert len(merged) == len(fast) == len(ref)
    differ = merged[merged["verdict_fast"] != merged["verdict_sklearn"]]
    assert differ.empty, differ[[*key, "verdict_fast", "verdict_sklearn"]].to_string()

    e_fast = storage.read_errors(smoke_run / "results" / "errors.parquet")
    e_ref = storage.read_errors(work / "results" / "errors.parquet")
    assert len(e_fast) == len(e_ref)
    # both engines apply the same tie rule: identical errors in every replicate
    np.testing.assert_array_equal(e_fast["test_error"].to_numpy(), e_ref["test_error"].to_numpy())
