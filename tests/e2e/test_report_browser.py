"""The smoke run's report as a reader sees it: headless Chromium (Debian's), driven by Playwright.

Chromium is Debian's package (installed with apt-get when missing; CI runs as root); Playwright's
own browser download is never used. At a desktop width (1400 px) and a phone's (390 px) the page
must load with no console error, no failed request and no request leaving the machine, scroll
sideways only inside a table's box, hold every image inside its container, keep its sections in
registry order with the verdict map on the first screen, and stay under 5 MB. Screenshots of
both widths (top of the page and whole page, every <details> open) are saved as test artefacts
in the test's temporary folder (its path is printed).
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

from gendisc.report.sections import SECTIONS

from conftest import copy_run, run_snakemake, smoke_args

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
#: the widths a reader opens the page at: a desktop window and a phone
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
MAX_PAGE_BYTES = 5_000_000
MAX_INLINE_CHARS = 20_000

#: text outside every <details> (what a reader meets without opening anything)
INLINE_TEXT_JS = """() => { const c = document.body.cloneNode(true);
  c.querySelectorAll('details').forEach(d => d.remove());
  return c.textContent.replace(/\\s+/g, ' ').trim().length; }"""
#: elements that scroll sideways (content wider than their box) and are not a table's box
SIDEWAYS_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
          && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
          && !e.classList.contains('tw'))
  .map(e => e.tagName + '#' + e.id + '.' + e.className)"""
#: elements whose right edge lies beyond the window (they would make the page scroll)
OVERFLOW_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.tw') && e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => e.tagName + '#' + e.id)"""
#: images shown wider than the box that holds them, or not decoded
IMAGES_JS = """() => [...document.images].map(i => ({
  id: i.closest('figure') ? i.closest('figure').id : '',
  ok: i.complete && i.naturalWidth > 0,
  width: i.getBoundingClientRect().width,
  box: i.parentElement.clientWidth}))"""


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


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-screenshots")
    print(f"report screenshots: {folder}")
    return folder


def test_report_file_is_small(smoke_run: Path) -> None:
    size = (smoke_run / "reports" / "report.html").stat().st_size
    print(f"report size: {size} bytes")
    assert 0 < size < MAX_PAGE_BYTES


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_report_in_chromium(name: str, smoke_run: Path, browser, artefacts: Path) -> None:
    page_file = smoke_run / "reports" / "report.html"
    width, height = VIEWPORTS[name]
    console_errors: list[str] = []
    failed: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(f"{r.url[:80]} {r.failure}"))
    page.on("request", lambda r: requests.append(r.url))

    start = time.perf_counter()
    page.goto(page_file.as_uri(), wait_until="load")
    print(f"{name}: report load time in headless Chromium: {time.perf_counter() - start:.2f} s")
    page.screenshot(path=str(artefacts / f"{name}-top.png"))

    # one screen to the verdict: the question, the answer and the verdict map's top
    top = page.eval_on_selector("#fig-verdict-map img", "e => e.getBoundingClientRect().top")
    if name == "desktop":
        assert top < height, "the verdict map starts below the first screen"
    inline = page.evaluate(INLINE_TEXT_JS)
    print(f"{name}: text outside <details>: {inline} characters")
    assert inline < MAX_INLINE_CHARS

    # every table sits in a collapsed <details>; then open them all for the layout checks
    loose = page.eval_on_selector_all("table", "ts => ts.filter(t => !t.closest('details'))")
    assert loose == []
    closed = page.eval_on_selector_all("details", "ds => ds.filter(d => !d.open).length")
    assert closed > 0
    for opened in (False, True):
        if opened:
            page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
            page.wait_for_timeout(200)
        state = "open" if opened else "closed"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, state
        assert page.evaluate(OVERFLOW_JS) == [], state
        assert page.evaluate(SIDEWAYS_JS) == [], state
        images = page.evaluate(IMAGES_JS)
        assert images, "the report has no figure"
        assert all(i["ok"] for i in images), images
        shown = [i for i in images if i["box"] > 0]
        assert shown, state
        wide = [i for i in shown if i["width"] > i["box"] + 0.5 or i["width"] > width]
        assert wide == [], (state, wide)
    page.screenshot(path=str(artefacts / f"{name}-full.png"), full_page=True)

    assert console_errors == []
    assert failed == []
    assert [u[:80] for u in requests if not u.startswith(("file://", "data:"))] == []

    headings = page.eval_on_selector_all("section > h2", "els => els.map(e => e.textContent)")
    assert headings == [f"{i}. {s.title}" for i, s in enumerate(SECTIONS.values(), start=1)]
    claims = pd.read_csv(smoke_run / "reports" / "claims.csv")
    rows = page.eval_on_selector_all("#claims-table tbody tr", "els => els.length")
    assert rows == len(claims) > 0
    # every table's CSV link names a file written beside the page
    links = page.eval_on_selector_all("p.csv a", "els => els.map(e => e.getAttribute('href'))")
    assert links and all((page_file.parent / href).is_file() for href in links), links
    for f in ("errors.parquet", "summary.csv", "claims.csv"):
        assert page.get_attribute(f'#data-files a[href="{f}"]', "href") == f
    assert (artefacts / f"{name}-top.png").stat().st_size > 0
    page.close()


def test_snakemake_report_has_captioned_figures(smoke_run: Path, tmp_path: Path) -> None:
    """`snakemake --report` builds, with every report figure and its rst caption."""
    target = "reports/snakemake-report.zip"
    work = copy_run(smoke_run, tmp_path / "report")  # the shared run stays read-only
    run_snakemake(work, *smoke_args(1), "--report", target)
    with zipfile.ZipFile(work / target) as z:
        names = z.namelist()
        page = z.read(next(n for n in names if n.endswith("report.html"))).decode("utf-8")
    figures = sorted(p.name for p in (work / "reports" / "figures").glob("*.png"))
    assert figures and "figure1-uci.png" in figures and "verdict-map.png" in figures
    packed = sorted(Path(n).name for n in names if n.endswith(".png"))
    assert packed == figures
    for name in ("report.html", "claims.csv"):
        assert any(n.endswith(name) for n in names), name
    # the rst captions are rendered into the report (Jinja evaluated, not shown raw)
    assert "Replica of Ng" in page and "Efron" in page
    assert "snakemake.wildcards" not in page and "snakemake.config" not in page
