"""Download raw data files once, verify their SHA-256, never leave unverified files behind.

:func:`fetch` reads a :class:`~gendisc.data.uci_files.SourceFile` from its public URL, from a
local mirror folder or from a mirror base URL, streams it into a temporary file in the
cache folder, checks the pinned SHA-256 and only then renames it to its final name.
Network failures (after retries with backoff, never for HTTP 4xx) and a download that does not
finish within its overall deadline (config key ``download_deadline``) raise
:class:`DownloadError`; a file whose checksum differs raises
:class:`~gendisc.data.checksums.ChecksumMismatch`, a hard failure that explains how to review the
file and accept another checksum explicitly (config key ``accept_checksums``). No partial
(``.part``) file is left behind, not even by a killed earlier attempt.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from gendisc.data.checksums import (
    ACCEPT_KEY,
    CHUNK,
    ChecksumMismatch,
    accept_hint,
    allowed_sums,
    expected_text,
    sha256_file,
)
from gendisc.data.uci_files import SourceFile

USER_AGENT = "gendisc-data-fetch"
#: the config key of the overall deadline of one file's download
DEADLINE_KEY = "download_deadline"
#: default overall deadline of one file's download, in seconds (all attempts together)
DEFAULT_DEADLINE = 300.0
#: the config key of the mirror
MIRROR_KEY = "data_mirror"
#: HTTP statuses worth retrying besides 5xx: request timeout, too many requests
RETRY_STATUSES = (408, 429)
#: suffix of the temporary file a download streams into
PART_SUFFIX = ".part"

__all__ = [
    "ACCEPT_KEY",
    "DEADLINE_KEY",
    "DEFAULT_DEADLINE",
    "ChecksumMismatch",
    "DeadlineExceeded",
    "DownloadError",
    "fetch",
    "is_url",
    "sha256_file",
    "source_of",
]


class DownloadError(RuntimeError):
    """A file could not be obtained: offline, unreachable, missing, or an HTTP error."""


class DeadlineExceeded(DownloadError):
    """A download did not finish within its overall deadline (a stalled or trickling source)."""


def is_url(location: str) -> bool:
    """Return True when ``location`` is an http(s) or file URL rather than a folder path."""
    return urllib.parse.urlsplit(location).scheme in ("http", "https", "file")


def source_of(file: SourceFile, mirror: str | None) -> str:
    """Where ``file`` is read from: its public URL, or the mirror (folder or base URL) + name.

    Parameters
    ----------
    file : SourceFile
        The file to locate.
    mirror : str or None
        None for the public URL; else a local folder or a base URL.

    Returns
    -------
    str
        A URL, or a local path.
    """
    if mirror is None:
        return file.url
    if is_url(mirror):
        base = mirror if mirror.endswith("/") else mirror + "/"
        return urllib.parse.urljoin(base, urllib.parse.quote(file.name))
    return str(Path(mirror) / file.name)


def _mismatch_message(
    file: SourceFile, actual: str, source: str, accept: Mapping[str, str] | None
) -> str:
    return (
        f"checksum mismatch for {file.name!r} read from {source}:\n"
        f"  expected sha256 {expected_text(file, accept)}\n"
        f"  actual   sha256 {actual}\n"
        "The file was deleted from the cache; nothing downstream used it. To review it, "
        f"download {source} yourself and compare it with the documentation of the data set. "
        "If you trust it, accept its checksum explicitly in the config:\n"
        f"{accept_hint(file, actual)}"
    )


def _copy_from(source: str, out: BinaryIO, timeout: float, deadline: float) -> None:
    """Stream ``source`` (URL or local path) into ``out`` until ``deadline`` (a
    :func:`time.monotonic` value); raise OSError-like errors, or TimeoutError at the deadline.

    Each read waits at most ``timeout`` seconds (and never past the deadline by more than
    that); reads return whatever bytes have arrived, so a source that trickles bytes is
    stopped at the deadline.
    """
    if not is_url(source):
        with Path(source).open("rb") as handle:
            shutil.copyfileobj(handle, out, CHUNK)
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("deadline passed before connecting")
    request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=min(timeout, remaining)) as response:
        expected = response.headers.get("Content-Length")
        written = 0
        while block := response.read1(CHUNK):
            out.write(block)
            written += len(block)
            if time.monotonic() > deadline:
                total = f" of {expected}" if expected is not None else ""
                raise TimeoutError(f"{written}{total} bytes received")
        if expected is not None and written != int(expected):
            raise http.client.IncompleteRead(b"", int(expected) - written)


def _transient(error: Exception) -> bool:
    """Network errors worth retrying: everything but HTTP 4xx and missing local files."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code >= 500 or error.code in RETRY_STATUSES
    return not isinstance(error, FileNotFoundError | IsADirectoryError)


def _remove_partial(cache: Path, file: SourceFile) -> None:
    """Delete temporary files of earlier attempts at ``file`` (e.g. of a killed job)."""
    for stale in cache.glob(f".{file.name}.*{PART_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def fetch(
    file: SourceFile,
    cache_dir: Path,
    *,
    mirror: str | None = None,
    timeout: float = 30,
    retries: int = 3,
    accept: Mapping[str, str] | None = None,
    backoff: float = 1.0,
    deadline: float = DEFAULT_DEADLINE,
) -> Path:
    """Download ``file`` into ``cache_dir`` once and verify its SHA-256.

    Parameters
    ----------
    file : SourceFile
        The file to obtain (name, public URL, pinned sha256).
    cache_dir : pathlib.Path
        Folder of verified files; created if absent.
    mirror : str or None
        None: the public URL. A local folder or a base URL (``http://host:port/``): the file
        name is appended.
    timeout : float
        Seconds for connecting and for each read.
    retries : int
        Further attempts after a failed one, on network errors only (not HTTP 4xx).
    accept : Mapping[str, str] or None
        File name -> sha256 accepted in addition to the pin (the config's
        ``accept_checksums``), for a reviewed file whose bytes differ from the pin.
    backoff : float
        Wait ``backoff * 2**k`` seconds before retry ``k + 1``.
    deadline : float
        Overall seconds for the whole download, all attempts and waits included (the config's
        ``download_deadline``). When it passes, the download stops (no further attempt).

    Returns
    -------
    pathlib.Path
        ``cache_dir / file.name``, whose sha256 is the pinned or the accepted one.

    Raises
    ------
    DownloadError
        The file could not be read (offline, closed port, HTTP error, missing in the mirror).
    DeadlineExceeded
        The download did not finish within ``deadline`` seconds.
    ChecksumMismatch
        The bytes read have another checksum; nothing is left in the cache.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be > 0, got {timeout!r}")
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries!r}")
    if not deadline > 0:
        raise ValueError(f"deadline must be > 0 seconds, got {deadline!r}")
    allowed = allowed_sums(file, accept)
    cache = Path(cache_dir)
    target = cache / file.name
    if target.is_file():
        if sha256_file(target) in allowed:
            return target
        target.unlink()  # stale or foreign bytes under the final name: never keep them
    cache.mkdir(parents=True, exist_ok=True)
    _remove_partial(cache, file)
    source = source_of(file, mirror)
    until = time.monotonic() + deadline
    last: Exception | None = None
    attempts = 0
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(backoff * 2 ** (attempt - 1), max(0.0, until - time.monotonic())))
        attempts += 1
        handle, temp_name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=PART_SUFFIX, dir=cache)
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                _copy_from(source, out, timeout, until)
            actual = sha256_file(temp)
            if actual not in allowed:
                raise ChecksumMismatch(_mismatch_message(file, actual, source, accept))
            os.replace(temp, target)
            return target
        except (OSError, http.client.HTTPException) as error:
            last = error
            if time.monotonic() >= until:
                raise DeadlineExceeded(
                    f"could not download {file.name!r} from {source} within the deadline of "
                    f"{deadline:g} s (config key {DEADLINE_KEY}; {attempts} attempt(s)): {error}. "
                    "The source is stalled or too slow; nothing was kept. Raise "
                    f"{DEADLINE_KEY}, or set {MIRROR_KEY} to a faster folder or base URL."
                ) from error
            if not _transient(error):
                break
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    hint = (
        f" Offline? Set the config key {MIRROR_KEY} to a folder or base URL holding the file."
        if mirror is None
        else f" Check that the mirror ({MIRROR_KEY}) holds {file.name!r}."
    )
    raise DownloadError(
        f"could not download {file.name!r} from {source} "
        f"({attempts} attempt(s), timeout {timeout:g} s): {last}.{hint}"
    ) from last
