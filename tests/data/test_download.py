"""Download path tested for real: the mirror served over HTTP on 127.0.0.1 in a thread."""

from __future__ import annotations

import dataclasses
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gendisc.data.datasets import DATASETS
from gendisc.data.download import (
    ACCEPT_KEY,
    DEADLINE_KEY,
    ChecksumMismatch,
    DeadlineExceeded,
    DownloadError,
    fetch,
    sha256_file,
    source_of,
)
from gendisc.data.uci_files import SourceFile

from conftest import MIRROR, needs_mirror

LENSES: SourceFile = DATASETS["lenses"].files[0]  # 408 bytes: fast to serve
BREAST: SourceFile = DATASETS["breast_cancer"].files[0]


@dataclass
class Server:
    """A static file server with a request log and optional injected failures."""

    root: Path
    url: str = ""
    requests: list[str] = field(default_factory=list)
    fail_first: int = 0  # answer the first k requests with 503
    truncate: bool = False  # announce more bytes than sent, then close
    trickle: float = 0.0  # > 0: send one byte every `trickle` seconds (for at most `life` s)
    life: float = 5.0  # bounded life of a trickling answer, in seconds


def _handler(state: Server) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            if len(state.requests) <= state.fail_first:
                self.send_error(503, "injected failure")
                return
            if state.trickle > 0:
                self.send_response(200)
                self.send_header("Content-Length", "23279")
                self.end_headers()
                stop = time.monotonic() + state.life
                try:
                    while time.monotonic() < stop:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(state.trickle)
                except OSError:  # the client gave up: what a deadline should make it do
                    pass
                self.close_connection = True
                return
            if state.truncate:
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.write(b"partial")
                self.close_connection = True
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def serve() -> Iterator[partial[Server]]:
    servers: list[ThreadingHTTPServer] = []

    def start(root: Path, **options: object) -> Server:
        state = Server(root=root, **options)  # type: ignore[arg-type]
        handler = partial(_handler(state), directory=str(root))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        state.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        return state

    yield partial(start)
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def corrupt_mirror(tmp_path: Path) -> tuple[Path, str]:
    """A temp copy of the lenses file with one byte changed; returns (folder, its sha256)."""
    folder = tmp_path / "corrupt"
    folder.mkdir()
    data = bytearray((MIRROR / LENSES.name).read_bytes())
    data[10] = ord("9") if data[10] != ord("9") else ord("8")
    (folder / LENSES.name).write_bytes(bytes(data))
    return folder, hashlib.sha256(bytes(data)).hexdigest()


def test_sha256_file_known_value(tmp_path: Path) -> None:
    path = tmp_path / "abc"
    path.write_bytes(b"abc")
    assert sha256_file(path) == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_source_of() -> None:
    assert source_of(LENSES, None) == LENSES.url
    assert source_of(LENSES, "http://h:1/m") == "http://h:1/m/lenses.data"
    assert source_of(LENSES, "http://h:1/m/") == "http://h:1/m/lenses.data"
    assert source_of(LENSES, "some/folder") == str(Path("some/folder/lenses.data"))


@needs_mirror
def test_fetch_over_http_once(serve: partial[Server], tmp_path: Path) -> None:
    server = serve(MIRROR)
    cache = tmp_path / "cache"
    path = fetch(LENSES, cache, mirror=server.url, timeout=5)
    assert path == cache / LENSES.name
    assert path.read_bytes() == (MIRROR / LENSES.name).read_bytes()
    assert server.requests == ["/lenses.data"]
    assert fetch(LENSES, cache, mirror=server.url, timeout=5) == path
    assert len(server.requests) == 1  # verified cache hit: no second download
    assert sorted(p.name for p in cache.iterdir()) == [LENSES.name]  # no temp files left


@needs_mirror
def test_fetch_from_local_folder(tmp_path: Path) -> None:
    path = fetch(BREAST, tmp_path / "cache", mirror=str(MIRROR))
    assert sha256_file(path) == BREAST.sha256


@needs_mirror
def test_corrupted_file_is_rejected_and_not_cached(
    serve: partial[Server], corrupt_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    folder, actual = corrupt_mirror
    server = serve(folder)
    cache = tmp_path / "cache"
    with pytest.raises(ChecksumMismatch) as info:
        fetch(LENSES, cache, mirror=server.url, timeout=5, backoff=0)
    message = str(info.value)
    assert LENSES.name in message and LENSES.sha256 in message and actual in message
    assert server.url + LENSES.name in message and ACCEPT_KEY in message
    assert list(cache.iterdir()) == []
    assert len(server.requests) == 1  # a mismatch is not retried


@needs_mirror
def test_accept_override(
    serve: partial[Server], corrupt_mirror: tuple[Path, str], tmp_path: Path
) -> None:
    folder, actual = corrupt_mirror
    server = serve(folder)
    cache = tmp_path / "cache"
    wrong = {LENSES.name: "0" * 64, "other.data": actual}
    with pytest.raises(ChecksumMismatch):
        fetch(LENSES, cache, mirror=server.url, accept=wrong, backoff=0)
    path = fetch(LENSES, cache, mirror=server.url, accept={LENSES.name: actual.upper()})
    assert sha256_file(path) == actual
    # the accepted file is a cache hit, and the pin stays valid too
    fetch(LENSES, cache, mirror=server.url, accept={LENSES.name: actual})
    assert len(server.requests) == 2


@needs_mirror
def test_stale_cached_file_is_replaced(serve: partial[Server], tmp_path: Path) -> None:
    server = serve(MIRROR)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / LENSES.name).write_bytes(b"not the lenses file\n")
    path = fetch(LENSES, cache, mirror=server.url, timeout=5)
    assert sha256_file(path) == LENSES.sha256 and len(server.requests) == 1


def test_http_404_is_a_download_error_without_retry(serve: partial[Server], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    server = serve(empty)
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match="404") as info:
        fetch(LENSES, cache, mirror=server.url, timeout=5, retries=3, backoff=0)
    assert not isinstance(info.value, ChecksumMismatch)
    message = str(info.value)
    assert LENSES.name in message and "(1 attempt(s)" in message
    assert "Offline?" not in message and "Check that the mirror (data_mirror)" in message
    assert len(server.requests) == 1
    assert list(cache.iterdir()) == []


def test_http_404_without_mirror_suggests_one(serve: partial[Server], tmp_path: Path) -> None:
    """The public source (here a local server standing in for it) answers 404: one attempt,
    and the message suggests the mirror because none is set."""
    empty = tmp_path / "empty"
    empty.mkdir()
    server = serve(empty)
    public = dataclasses.replace(LENSES, url=server.url + LENSES.name)
    with pytest.raises(DownloadError, match=r"\(1 attempt\(s\).*Offline\? Set the config key "):
        fetch(public, tmp_path / "cache", timeout=5, retries=3, backoff=0)
    assert len(server.requests) == 1


def test_trickling_server_is_stopped_at_the_deadline(
    serve: partial[Server], tmp_path: Path
) -> None:
    """A server that sends a byte every 50 ms never trips the per-read timeout; the overall
    deadline stops it, says so, retries nothing and leaves no partial file."""
    server = serve(tmp_path, trickle=0.05, life=5.0)
    cache = tmp_path / "cache"
    with pytest.raises(DeadlineExceeded) as info:
        fetch(LENSES, cache, mirror=server.url, timeout=2, retries=3, backoff=0, deadline=0.5)
    message = str(info.value)
    assert LENSES.name in message and "deadline of 0.5 s" in message
    assert DEADLINE_KEY in message and "of 23279 bytes received" in message
    assert len(server.requests) == 1
    assert list(cache.iterdir()) == []


@needs_mirror
def test_partial_file_of_a_killed_download_is_removed(
    serve: partial[Server], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f".{LENSES.name}.k1ll3d.part").write_bytes(b"half a file")
    (cache / ".other.data.k1ll3d.part").write_bytes(b"not ours")
    path = fetch(LENSES, cache, mirror=serve(MIRROR).url, timeout=5)
    assert sorted(p.name for p in cache.iterdir()) == [".other.data.k1ll3d.part", path.name]


def test_closed_port_is_a_download_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DownloadError, match="2 attempt"):
        fetch(LENSES, tmp_path / "cache", mirror=f"http://127.0.0.1:{port}/", retries=1, backoff=0)
    assert list((tmp_path / "cache").iterdir()) == []


def test_silent_server_times_out(tmp_path: Path) -> None:
    with socket.socket() as sock:  # listens but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        with pytest.raises(DownloadError, match="timed out"):
            fetch(LENSES, tmp_path / "cache", mirror=url, timeout=0.3, retries=0)
    assert list((tmp_path / "cache").iterdir()) == []


@needs_mirror
def test_server_errors_are_retried(serve: partial[Server], tmp_path: Path) -> None:
    server = serve(MIRROR, fail_first=2)
    path = fetch(LENSES, tmp_path / "cache", mirror=server.url, retries=3, backoff=0)
    assert sha256_file(path) == LENSES.sha256
    assert len(server.requests) == 3


def test_truncated_download_leaves_nothing(serve: partial[Server], tmp_path: Path) -> None:
    server = serve(tmp_path, truncate=True)
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError):
        fetch(LENSES, cache, mirror=server.url, retries=1, backoff=0)
    assert len(server.requests) == 2
    assert list(cache.iterdir()) == []


def test_missing_file_in_local_mirror(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"lenses\.data"):
        fetch(LENSES, tmp_path / "cache", mirror=str(tmp_path), retries=2, backoff=0)
    assert list((tmp_path / "cache").iterdir()) == []


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timeout"):
        fetch(LENSES, tmp_path, timeout=0)
    with pytest.raises(ValueError, match="retries"):
        fetch(LENSES, tmp_path, retries=-1)
    with pytest.raises(ValueError, match="deadline"):
        fetch(LENSES, tmp_path, deadline=0)


@needs_mirror
def test_every_registered_file_fetches_from_the_mirror(tmp_path: Path) -> None:
    files = {f.name: f for d in DATASETS.values() for f in d.files}
    for file in files.values():
        assert sha256_file(fetch(file, tmp_path, mirror=str(MIRROR))) == file.sha256
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
