"""Download raw data files once, verify their SHA-256, never leave unverified files behind.

:func:`fetch` reads a :class:`~gendisc.data.datasets.SourceFile` from its public URL, from a
local mirror folder or from a mirror base URL, streams it into a temporary file in the
cache folder, checks the pinned SHA-256 and only then renames it to its final name.
Network failures (after retries with backoff) raise :class:`DownloadError`; a file whose
checksum differs raises :class:`ChecksumMismatch`, a hard failure that explains how to
review the file and accept another checksum explicitly (config key ``accept_checksums``).
"""

from __future__ import annotations

import contextlib
import hashlib
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

from gendisc.data.datasets import SourceFile

CHUNK = 1 << 16
ACCEPT_KEY = "accept_checksums"
USER_AGENT = "gendisc-data-fetch"


class DownloadError(RuntimeError):
    """A file could not be obtained: offline, unreachable, missing, or an HTTP error."""


class ChecksumMismatch(ValueError):
    """A file was obtained but its SHA-256 is not the pinned (or an accepted) one."""


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


def _mismatch_message(file: SourceFile, actual: str, source: str) -> str:
    return (
        f"checksum mismatch for {file.name!r} read from {source}:\n"
        f"  expected sha256 {file.sha256} (pinned, status {file.status})\n"
        f"  actual   sha256 {actual}\n"
        "The file was deleted from the cache; nothing downstream used it. To review it, "
        f"download {source} yourself and compare it with the documentation of the data set. "
        "If you trust it, accept its checksum explicitly in the config:\n"
        f"  {ACCEPT_KEY}:\n    {file.name}: {actual}"
    )


def _copy_from(source: str, out: BinaryIO, timeout: float) -> None:
    """Stream ``source`` (URL or local path) into ``out``; raise OSError-like errors."""
    if not is_url(source):
        with Path(source).open("rb") as handle:
            shutil.copyfileobj(handle, out, CHUNK)
        return
    request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        expected = response.headers.get("Content-Length")
        written = 0
        for block in iter(lambda: response.read(CHUNK), b""):
            out.write(block)
            written += len(block)
        if expected is not None and written != int(expected):
            raise http.client.IncompleteRead(b"", int(expected) - written)


def _transient(error: Exception) -> bool:
    """Network errors worth retrying: everything but HTTP 4xx and missing local files."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code >= 500 or error.code in (408, 429)
    return not isinstance(error, FileNotFoundError | IsADirectoryError)


def fetch(
    file: SourceFile,
    cache_dir: Path,
    *,
    mirror: str | None = None,
    timeout: float = 30,
    retries: int = 3,
    accept: Mapping[str, str] | None = None,
    backoff: float = 1.0,
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

    Returns
    -------
    pathlib.Path
        ``cache_dir / file.name``, whose sha256 is the pinned or the accepted one.

    Raises
    ------
    DownloadError
        The file could not be read (offline, closed port, HTTP error, missing in the mirror).
    ChecksumMismatch
        The bytes read have another checksum; nothing is left in the cache.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be > 0, got {timeout!r}")
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries!r}")
    allowed = {file.sha256.lower()}
    if accept and file.name in accept:
        allowed.add(str(accept[file.name]).lower())
    cache = Path(cache_dir)
    target = cache / file.name
    if target.is_file():
        if sha256_file(target) in allowed:
            return target
        target.unlink()  # stale or foreign bytes under the final name: never keep them
    cache.mkdir(parents=True, exist_ok=True)
    source = source_of(file, mirror)
    last: Exception | None = None
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        handle, temp_name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".part", dir=cache)
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                _copy_from(source, out, timeout)
            actual = sha256_file(temp)
            if actual not in allowed:
                raise ChecksumMismatch(_mismatch_message(file, actual, source))
            os.replace(temp, target)
            return target
        except (OSError, http.client.HTTPException) as error:
            last = error
            if not _transient(error):
                break
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    raise DownloadError(
        f"could not download {file.name!r} from {source} "
        f"({retries + 1} attempt(s), timeout {timeout:g} s): {last}. "
        "Offline? Set the config key data_mirror to a folder or base URL holding the file."
    ) from last
