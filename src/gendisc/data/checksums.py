"""SHA-256 checks of the raw data files: the pin of each file, or the checksum the config accepts.

Every reader of a raw file (:func:`gendisc.data.download.fetch` when it stores a file,
:func:`gendisc.data.prepare.prepare` when it parses one) calls :func:`verify_file` first, so a
file changed after its download is never used silently.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from gendisc.data.uci_files import SourceFile

#: bytes read at once while hashing
CHUNK = 1 << 16
#: the config key of the reviewed checksums accepted instead of the pins
ACCEPT_KEY = "accept_checksums"


class ChecksumMismatch(ValueError):
    """A file's SHA-256 is not the pinned (or an accepted) one."""


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the hex SHA-256 of a file, read in chunks.

    Parameters
    ----------
    path : str or os.PathLike
        File to hash.

    Returns
    -------
    str
        64 lowercase hex digits.
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def allowed_sums(file: SourceFile, accept: Mapping[str, str] | None = None) -> set[str]:
    """The checksums ``file`` may have: its pin, and the config's accepted one if any."""
    allowed = {file.sha256.lower()}
    if accept and file.name in accept:
        allowed.add(str(accept[file.name]).lower())
    return allowed


def expected_text(file: SourceFile, accept: Mapping[str, str] | None = None) -> str:
    """The expected checksum(s) of ``file`` as the error messages print them."""
    text = f"{file.sha256} (pinned, status {file.status})"
    if accept and file.name in accept and str(accept[file.name]).lower() != file.sha256:
        text += f" or {str(accept[file.name]).lower()} (accepted in {ACCEPT_KEY})"
    return text


def accept_hint(file: SourceFile, actual: str) -> str:
    """How to accept a reviewed file's checksum explicitly in the config."""
    return f"  {ACCEPT_KEY}:\n    {file.name}: {actual}"


def verify_file(
    file: SourceFile, path: str | os.PathLike[str], accept: Mapping[str, str] | None = None
) -> str:
    """Check a local copy of ``file`` against its pin (or accepted checksum); return its sum.

    Parameters
    ----------
    file : SourceFile
        The registered file (name, pinned sha256).
    path : str or os.PathLike
        The local copy to check.
    accept : Mapping[str, str] or None
        The config's ``accept_checksums`` (file name -> reviewed sha256).

    Returns
    -------
    str
        The verified SHA-256 of the bytes at ``path``.

    Raises
    ------
    ChecksumMismatch
        The bytes differ from every allowed checksum; the message names the file, both sums
        and how to download it again.
    """
    actual = sha256_file(path)
    if actual not in allowed_sums(file, accept):
        raise ChecksumMismatch(
            f"raw data file {os.fspath(path)!r} ({file.name}) changed after download:\n"
            f"  expected sha256 {expected_text(file, accept)}\n"
            f"  actual   sha256 {actual}\n"
            f"It was not used. To download it again, delete {os.fspath(path)!r} and re-run the "
            "workflow (its download job fetches and checks it again, and every result built "
            "from it is rebuilt). If you changed it on purpose and reviewed it, accept its "
            f"checksum explicitly in the config:\n{accept_hint(file, actual)}"
        )
    return actual
