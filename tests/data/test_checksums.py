"""Every reader of a raw data file checks it against its pin (issue 19 §2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gendisc.data.checksums import ChecksumMismatch, sha256_file, verify_file
from gendisc.data.datasets import DATASETS
from gendisc.data.prepare import prepare

from conftest import MIRROR, needs_mirror

PIMA = DATASETS["pima"].files[0]


def flipped_copy(tmp_path: Path, n_rows: int = 300) -> Path:
    """A copy of the downloaded pima file with the labels of its first ``n_rows`` rows flipped."""
    lines = (MIRROR / PIMA.name).read_text(encoding="utf-8").splitlines()
    for i in range(n_rows):
        cells = lines[i].split(",")
        cells[-1] = "0" if cells[-1].strip() == "1" else "1"
        lines[i] = ",".join(cells)
    path = tmp_path / "data" / "uci" / PIMA.name
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@needs_mirror
def test_prepare_refuses_a_raw_file_changed_after_download(tmp_path: Path) -> None:
    """Flipped labels: the reader fails naming the file, both sums and how to re-download."""
    path = flipped_copy(tmp_path)
    actual = sha256_file(path)
    assert actual != PIMA.sha256
    with pytest.raises(ChecksumMismatch) as info:
        prepare("pima", {PIMA.name: path})
    message = str(info.value)
    assert repr(str(path)) in message
    assert f"expected sha256 {PIMA.sha256}" in message
    assert f"actual   sha256 {actual}" in message
    assert re.search(r"delete .*re-run", message)
    assert f"accept_checksums:\n    {PIMA.name}: {actual}" in message


@needs_mirror
def test_prepare_uses_a_file_whose_checksum_is_accepted(tmp_path: Path) -> None:
    """The config's accepted checksum opens the door, and the pool records the verified sum."""
    path = flipped_copy(tmp_path)
    actual = sha256_file(path)
    pool = prepare("pima", {PIMA.name: path}, accept={PIMA.name: actual})
    assert dict(pool.sha256) == {PIMA.name: actual}
    clean = prepare("pima", {PIMA.name: MIRROR / PIMA.name})
    assert dict(clean.sha256) == {PIMA.name: PIMA.sha256}
    assert int(pool.y.sum()) != int(clean.y.sum())  # the flipped labels are what it read


def test_verify_file_names_the_accepted_sum_too(tmp_path: Path) -> None:
    path = tmp_path / PIMA.name
    path.write_bytes(b"not the data\n")
    other = "ab" * 32
    with pytest.raises(ChecksumMismatch, match=rf"or {other} \(accepted in accept_checksums\)"):
        verify_file(PIMA, path, {PIMA.name: other})
    assert verify_file(PIMA, path, {PIMA.name: sha256_file(path)}) == sha256_file(path)
