"""File I/O: atomic writes, byte-stable Parquet with provenance, corrupt-file detection."""

import numpy as np
import pandas as pd
import pytest

from gendisc.study import storage


def test_parquet_roundtrip_is_byte_stable_and_keeps_provenance(tmp_path):
    frame = pd.DataFrame({"a": np.arange(5), "b": np.linspace(0, 1, 5)})
    storage.write_parquet(tmp_path / "x.parquet", frame, provenance={"k": 1})
    storage.write_parquet(tmp_path / "y.parquet", frame, provenance={"k": 1})
    assert (tmp_path / "x.parquet").read_bytes() == (tmp_path / "y.parquet").read_bytes()
    pd.testing.assert_frame_equal(storage.read_parquet(tmp_path / "x.parquet"), frame)
    assert storage.read_provenance(tmp_path / "x.parquet") == {"k": 1}
    assert storage.is_complete_parquet(tmp_path / "x.parquet")


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), storage.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cut", [1, 5, 100, -1])
def test_truncated_parquet_is_detected_and_removed(tmp_path, cut):
    path = tmp_path / "sub" / "c.parquet"
    storage.write_parquet(path, pd.DataFrame({"a": np.arange(1000)}))
    good = tmp_path / "good.parquet"
    storage.write_parquet(good, pd.DataFrame({"a": [1]}))
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut > 0 else data[:-20])
    assert not storage.is_complete_parquet(path)
    with pytest.raises(ValueError, match="not a readable Parquet file"):
        storage.read_parquet(path)
    assert storage.remove_corrupt_parquet(tmp_path) == [path]
    assert not path.exists() and good.exists()


def test_config_hash_is_order_independent():
    assert storage.config_hash({"a": 1, "b": [1, 2]}) == storage.config_hash({"b": [1, 2], "a": 1})
    assert storage.config_hash({"a": 1}) != storage.config_hash({"a": 2})


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    storage.write_text(tmp_path / "a.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_distinct_count_reads_one_column(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"seed": [3, 1, 3, 2, 1], "x": [0.1] * 5}).to_parquet(path)
    assert storage.distinct_count(path, "seed") == 3
    assert storage.distinct_count(path, "x") == 1
    with pytest.raises(ValueError, match="no column 'nope'"):
        storage.distinct_count(path, "nope")


def test_allocator_env_adds_settings_without_overriding():
    env = storage.allocator_env({"PATH": "/bin", "MALLOC_TOP_PAD_": "7"})
    assert env["PATH"] == "/bin" and env["MALLOC_TOP_PAD_"] == "7"  # the user's value wins
    assert env["MALLOC_MMAP_THRESHOLD_"] == storage.ALLOCATOR_ENV["MALLOC_MMAP_THRESHOLD_"]
    assert set(storage.ALLOCATOR_ENV) <= set(env)
