"""The smoke run's report as a reader sees it: headless Chromium (Debian's), driven by Playwright.

Chromium is Debian's package (installed with apt-get when missing; CI runs as root); Playwright's
own browser download is never used. The page must load with no console error, no failed request
and no request leaving the machine, every image decoded, the sections in order, and the claims
table with one row per row of claims.csv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from gendisc.report import build

from conftest import run_snakemake, smoke_args

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: generous bound on the load time; the measured time is printed, not asserted tightly
LOAD_LIMIT_S = 30.0


def ensure_chromium() -> Path:
    """Debian's chromium, installed with apt-get if missing (needs root; skips otherwise)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("chromium is missing and cannot be installed (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends",
                                          "chromium"]):  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1200)
        if proc.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    assert CHROMIUM.exists(), "apt-get installed chromium but /usr/bin/chromium is missing"
    return CHROMIUM


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = ensure_chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(exe), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_report_in_chromium(smoke_run: Path, browser, tmp_path: Path) -> None:
    page_file = smoke_run / "reports" / "report.html"
    claims = pd.read_csv(smoke_run / "reports" / "claims.csv")
    console_errors: list[str] = []
    failed: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(f"{r.url[:80]} {r.failure}"))
    page.on("request", lambda r: requests.append(r.url))

    start = time.perf_counter()
    page.goto(page_file.as_uri(), wait_until="load")
    load_s = time.perf_counter() - start
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    print(f"report load time in headless Chromium: {load_s:.2f} s")

    assert console_errors == []
    assert failed == []
    leaving = [u[:80] for u in requests if not u.startswith(("file://", "data:"))]
    assert leaving == []
    assert load_s < LOAD_LIMIT_S

    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])"
    )
    assert images, "the report has no figure"
    assert all(ok and w > 0 and h > 0 for ok, w, h in images), images

    headings = page.eval_on_selector_all("section > h2", "els => els.map(e => e.textContent)")
    expected = [f"{i}. {t}" for i, t in enumerate(build.SECTIONS.values(), start=1)]
    assert headings == expected

    rows = page.eval_on_selector_all("#claims-table tbody tr", "els => els.length")
    assert rows == len(claims) > 0
    shown = page.eval_on_selector_all(
        "#claims-table tbody tr td:nth-child(2)", "els => els.map(e => e.textContent)"
    )
    assert sorted(shown) == sorted(claims["claim"])

    for name in ("errors.parquet", "summary.csv", "claims.csv"):
        href = page.get_attribute(f'a[href="{name}"]', "href")
        assert href == name and (page_file.parent / name).is_file()
    assert (tmp_path / "report.png").stat().st_size > 0
    page.close()


def test_snakemake_report_has_captioned_figures(smoke_run: Path) -> None:
    """`snakemake --report` builds, with every report figure and its rst caption."""
    target = "reports/snakemake-report.zip"
    run_snakemake(smoke_run, *smoke_args(1), "--report", target)
    with zipfile.ZipFile(smoke_run / target) as z:
        names = z.namelist()
        page = z.read(next(n for n in names if n.endswith("report.html"))).decode("utf-8")
    figures = sorted(p.name for p in (smoke_run / "reports" / "figures").glob("*.png"))
    assert figures and "figure1-uci.png" in figures
    packed = sorted(Path(n).name for n in names if n.endswith(".png"))
    assert packed == figures
    for name in ("report.html", "claims.csv"):
        assert any(n.endswith(name) for n in names), name
    # the rst captions are rendered into the report (Jinja evaluated, not shown raw)
    assert "Replica of Ng" in page and "Efron" in page
    assert "snakemake.wildcards" not in page and "snakemake.config" not in page
