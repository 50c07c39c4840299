"""A replicate's result depends only on its key, not on job granularity, grid or job order.

``tests/e2e/test_workflow.py`` already checks reruns and ``--cores 1`` vs ``--cores 2``. Here:
chunking (replicates per job, and across the engine's internal batch size), the m grid and
the levels (adding values leaves the other cells' rows unchanged), in-process and end to end,
and a different job order (``--forcerun`` of one chunk) end to end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from gendisc.data import generators, splits
from gendisc.study import chunks, columns, keys, replicates, storage
from gendisc.study import design as study_config
from gendisc.study.options import RunOptions

from conftest import REPO, copy_workflow, run_snakemake, smoke_args

GAUSS = generators.Setting(
    family="correlated_gaussian", n_features=3, level=0.5, separation=2.0, prior=0.5
)
BINARY = generators.Setting(
    family="dependent_binary", n_features=3, level=1.0, separation=2.0, prior=0.3
)


def _opts(seed=11, n_test=150):
    return RunOptions(seed=seed, n_test=n_test)


def _synthetic(setting, pair, m_grid, reps, seed=11):
    return replicates.synthetic_chunk(setting, pair, m_grid, reps, _opts(seed), bayes_error=0.1)


def _chunked(fn, n, size):
    parts = [fn(c.replicates) for c in chunks.chunks(n, size)]
    return columns.sort_rows(pd.concat(parts, ignore_index=True))


@pytest.mark.parametrize(("setting", "pair"), [(GAUSS, "nb_lr"), (BINARY, "bnb_lr")])
def test_synthetic_chunk_size_does_not_change_rows(setting, pair):
    def fn(reps):
        return _synthetic(setting, pair, [4, 12], reps)

    # 60 replicates in one call cross chunks.BATCH (50): batches of 50 + 10 vs chunks of 7
    assert chunks.BATCH < 60
    whole = fn(range(60))
    for size in (1, 7):
        pd.testing.assert_frame_equal(_chunked(fn, 60, size), whole, check_exact=True)
    assert whole["test_error"].nunique() > 5  # not a degenerate constant result


def test_memory_bounded_batches_do_not_change_rows(monkeypatch):
    """Large cells are fitted in smaller batches (bounded memory); the rows stay the same."""
    whole = _synthetic(GAUSS, "lda_lr", [4, 30], range(23))
    per = 8 * (30 + 150) * (2 * GAUSS.n_features + 1)
    monkeypatch.setattr(chunks, "BATCH_BYTES", 3 * per)  # m = 30: batches of 3; m = 4: 3 too
    assert chunks.batch_size(30, 150, GAUSS.n_features) == 3
    pd.testing.assert_frame_equal(
        _synthetic(GAUSS, "lda_lr", [4, 30], range(23)), whole, check_exact=True
    )


def test_batch_size_bounds_memory():
    assert chunks.batch_size(4, 2000, 4) == chunks.BATCH
    big = chunks.batch_size(4096, 2000, 128)
    assert 1 <= big < chunks.BATCH
    assert 8 * big * (4096 + 2000) * (2 * 128 + 1) <= chunks.BATCH_BYTES
    assert chunks.batch_size(10**7, 10**7, 10**4) == 1  # never zero
    with pytest.raises(ValueError, match="n_test must be >= 1, got 0"):
        chunks.batch_size(4, 0, 4)


def test_setting_chunk_is_every_pair_of_the_setting():
    """One job per setting: its table is the pairs' own tables, rows unchanged."""
    pairs = ["nb_lr", "lda_lr", "gnb_lr"]
    both = replicates.setting_chunk(GAUSS, pairs, [4, 9], range(5), _opts(), bayes_error=0.1)
    alone = [_synthetic(GAUSS, pair, [4, 9], range(5)) for pair in pairs]
    expect = columns.sort_rows(pd.concat(alone, ignore_index=True))
    pd.testing.assert_frame_equal(both, expect, check_exact=True)
    assert sorted(both["pair"].unique()) == sorted(pairs) and len(both) == 3 * 2 * 5 * 2
    for bad in ([], ["nb_lr", "nb_lr"]):
        with pytest.raises(ValueError, match="pairs must be a non-empty list without repeats"):
            replicates.setting_chunk(GAUSS, bad, [4], range(2), _opts(1, 10), bayes_error=0)


def test_pool_chunk_size_does_not_change_rows():
    gen = np.random.default_rng(3)
    X, y = generators.sample(GAUSS, 120, gen, both_classes=True)

    def fn(reps):
        pool = replicates.Pool(X, y, dataset="toy")
        return replicates.pool_chunk(
            pool, "gnb_lr", [3, 20], reps, _opts(5), draw_train=splits.draw_train_indices
        )

    whole = fn(range(55))
    for size in (4, 25):
        pd.testing.assert_frame_equal(_chunked(fn, 55, size), whole, check_exact=True)
    # replicate 0 of m = 3 is the same whatever else is computed with it
    alone = fn([0])
    pd.testing.assert_frame_equal(
        alone,
        whole[whole["replicate"] == 0].reset_index(drop=True),
        check_exact=True,
    )


def test_adding_m_values_leaves_other_m_unchanged():
    small = _synthetic(GAUSS, "nb_lr", [4, 32], range(5))
    big = _synthetic(GAUSS, "nb_lr", [2, 4, 8, 32, 64], range(5))
    kept = columns.sort_rows(big[big["m"].isin([4, 32])])
    pd.testing.assert_frame_equal(kept, small, check_exact=True)


def test_adding_a_level_leaves_other_settings_unchanged():
    base = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    wider = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    wider["synthetic"]["levels"] = [0.0, 0.5, 1.0]
    wider["synthetic"]["n_features"] = [3, 5]
    before = {c.setting.id: c for c in study_config.synthetic_cells(base)}
    after = {c.setting.id: c for c in study_config.synthetic_cells(wider)}
    # every old cell keeps its identity (which keys its random streams and its paths)
    assert set(before) < set(after)
    for sid, cell in before.items():
        assert after[sid] == cell
    # and its rows are those of the old cell
    sid = next(iter(before))
    cell = before[sid]
    pd.testing.assert_frame_equal(
        _synthetic(cell.setting, cell.pair, [4], range(3)),
        _synthetic(after[sid].setting, after[sid].pair, [4], range(3)),
        check_exact=True,
    )


def test_different_keys_give_different_rows():
    # the invariances above are not vacuous: the seed and the replicate index matter
    a = _synthetic(GAUSS, "nb_lr", [16], range(4), seed=11)
    b = _synthetic(GAUSS, "nb_lr", [16], range(4), seed=12)
    assert not np.array_equal(a["test_error"], b["test_error"])
    assert len(set(a[keys.STREAM_ID])) == 4


# --------------------------------------------------------------------------- end to end


def _with_overlay(work: Path, overlay: dict) -> list[str]:
    (work / "overlay.yaml").write_text(yaml.safe_dump(overlay))
    args = smoke_args(2)
    at = args.index("config/smoke.yaml") + 1
    return [*args[:at], "overlay.yaml", *args[at:]]


@pytest.mark.slow
def test_granularity_and_grid_extension_end_to_end(smoke_run, tmp_path):
    """Other chunk sizes, one more m and one more level: the old rows are unchanged (the run
    builds the errors table only, the one compared)."""
    smoke = yaml.safe_load((REPO / "config" / "smoke.yaml").read_text())
    pima_m = smoke["uci"]["m"]["pima"]
    overlay = {
        "synthetic": {
            "chunk_size": 2,
            "m": sorted({*smoke["synthetic"]["m"], 8}),
            "levels": sorted({*smoke["synthetic"]["levels"], 0.5}),
        },
        "dimension": {"chunk_size": 1},
        "efron": {"chunk_size": 1},
        "uci": {"chunk_size": 2, "m": {"pima": sorted({*pima_m, 5})}},
    }
    work = copy_workflow(tmp_path / "regrid")
    run_snakemake(work, "results/errors.parquet", *_with_overlay(work, overlay))
    ref = storage.read_errors(smoke_run / "results" / "errors.parquet")
    new = storage.read_errors(work / "results" / "errors.parquet")
    key = list(columns.KEY)
    merged = new.merge(ref[key], on=key, how="inner")
    assert len(merged) == len(ref)  # every old row is still there ...
    assert len(new) > len(ref)  # ... and new cells were added
    pd.testing.assert_frame_equal(
        columns.sort_rows(merged), columns.sort_rows(ref), check_exact=True
    )
    # provenance records the different config
    assert (
        storage.read_provenance(work / "results" / "errors.parquet")["config_hash"]
        != storage.read_provenance(smoke_run / "results" / "errors.parquet")["config_hash"]
    )


@pytest.mark.slow
def test_forcerun_of_one_chunk_is_byte_identical(smoke_run, tmp_path):
    """Re-running one chunk (so its job runs last, after the others) changes no byte."""
    work = tmp_path / "forced"
    shutil.copytree(smoke_run, work, symlinks=True)
    chunks = sorted((work / "results" / "chunks").rglob("[0-9]*.parquet"))
    target = chunks[len(chunks) // 2]
    os.utime(target, ns=(0, 0))  # marks the file: a rebuilt one has a fresh mtime
    tables = ("results/errors.parquet", "results/summary.csv")
    run_snakemake(work, *tables, *smoke_args(2), "--forcerun", str(target.relative_to(work)))
    assert target.stat().st_mtime_ns != 0, "the chunk was not re-run"
    for table in tables:
        assert (work / table).read_bytes() == (smoke_run / table).read_bytes(), table


def test_chunk_work_counts_examples_features_pairs():
    # 10 replicates x 3 pairs x 4 features x ((2 + 100) + (8 + 100))
    assert chunks.chunk_work(4, 3, [2, 8], 10, 100) == 10 * 3 * 4 * 210
    assert chunks.chunk_work(8, 3, [2, 8], 10, 100) == 2 * chunks.chunk_work(4, 3, [2, 8], 10, 100)
    with pytest.raises(ValueError, match="n_pairs must be >= 1, got 0"):
        chunks.chunk_work(4, 0, [2], 1, 1)
    with pytest.raises(ValueError, match="m_grid must not be empty"):
        chunks.chunk_work(4, 1, [], 1, 1)
