"""The teacher's report in a real browser: Debian's headless `chromium` opens the page that
the installed `mbsr-tui report --course` wrote, with no console errors, takes a screenshot,
and prints it to a PDF of one or two pages whose text holds every chart's title (issue 23).

Skipped only when chromium is missing outside CI; in CI (.ci/run installs chromium and
poppler-utils) it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import save_state
from mbsr_tui.core.journal.storage import Journal
from tests.e2e.terminal import installed_command
from tests.support.report_journal import COURSE_START, course_journal

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = bool(os.environ.get("CI"))
CHART_TITLES = (
    "Practice minutes per week",
    "Pain before and after practice",
    "Stress before and after practice",
    "Days practised",
    "Practices and their minutes",
)
# What Chromium logs (--enable-logging=stderr) when a page writes to the console or
# throws: `INFO:CONSOLE(12)] "Uncaught ReferenceError: …"` (the form varies by version).
CONSOLE_LINE = re.compile(r"CONSOLE|Uncaught", re.IGNORECASE)


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("chromium is needed for the report's browser test (.ci/run installs it)")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return CHROMIUM


def run_chromium(browser: str, profile: Path, url: str, *flags: str) -> subprocess.CompletedProcess:
    """Headless Chromium on `url`, with its own profile and nothing reaching the network."""
    args = [
        browser, "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *flags, url,
    ]  # fmt: skip
    if os.geteuid() == 0:
        args.insert(2, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    return subprocess.run(args, capture_output=True, text=True, timeout=90, check=False)


def console_lines(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if CONSOLE_LINE.search(line)]


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF: poppler's `pdfinfo` when there, else its page objects counted."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def pdf_text(pdf: Path) -> str:
    """The PDF's text (its streams are compressed and its glyphs subset: poppler reads it)."""
    if shutil.which("pdftotext") is None:
        if IN_CI:
            pytest.fail("pdftotext is needed (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout


@pytest.fixture
def course_report(tmp_path) -> Path:
    """`mbsr-tui report --course -o r.html`, run as a person would, on an 8-week course."""
    with Journal.open() as journal:
        journal.add_many(course_journal())
    save_state(CourseState(COURSE_START))
    page = tmp_path / "r.html"
    done = subprocess.run(
        [installed_command(), "report", "--course", "-o", str(page)],
        capture_output=True, text=True, timeout=60, env=os.environ.copy(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"The report is in {page}\n"
    return page


def test_the_report_renders_prints_and_shows_its_charts(chromium, course_report, tmp_path):
    url = course_report.as_uri()
    dom = run_chromium(chromium, tmp_path / "p1", url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_lines(dom) == []
    assert dom.stdout.count("<svg") == len(CHART_TITLES)
    for title in CHART_TITLES:
        assert f"<h3>{title}</h3>" in dom.stdout

    shot = tmp_path / "report.png"
    taken = run_chromium(chromium, tmp_path / "p2", url, f"--screenshot={shot}",
                         "--window-size=1200,1600", "--hide-scrollbars")  # fmt: skip
    assert taken.returncode == 0 and console_lines(taken) == []
    assert drawn_colours(shot) > 8  # text, bars and the heat-map's shades: not a blank page

    pdf = tmp_path / "report.pdf"
    printed = run_chromium(chromium, tmp_path / "p3", url, f"--print-to-pdf={pdf}",
                           "--no-pdf-header-footer")  # fmt: skip
    assert printed.returncode == 0 and console_lines(printed) == []
    assert 1 <= pdf_pages(pdf) <= 2
    text = " ".join(pdf_text(pdf).split())
    for title in CHART_TITLES:
        assert title in text
    assert "MBSR complements, and does not replace, medical care" in text
    assert "The 8-week course, week by week" in text

    # Chromium prints on US Letter; the same page on A4 (narrower, taller) fits too.
    a4 = tmp_path / "a4.html"
    a4.write_text(course_report.read_text().replace("@page {", "@page { size: A4;", 1))
    a4_pdf = tmp_path / "a4.pdf"
    printed = run_chromium(chromium, tmp_path / "p4", a4.as_uri(), f"--print-to-pdf={a4_pdf}",
                           "--no-pdf-header-footer")  # fmt: skip
    assert printed.returncode == 0
    assert 1 <= pdf_pages(a4_pdf) <= 2
    if shutil.which("pdfinfo"):
        assert "(A4)" in subprocess.run(["pdfinfo", str(a4_pdf)], capture_output=True,
                                        text=True, check=True).stdout  # fmt: skip


def test_the_console_check_sees_a_page_that_fails(chromium, tmp_path):
    """The check above can fail: a page that throws is seen."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>notDefined();</script></body></html>")
    run = run_chromium(chromium, tmp_path / "p", page.as_uri(), "--dump-dom")
    assert any("Uncaught" in line for line in console_lines(run))


def drawn_colours(png: Path) -> int:
    """How many distinct colours a coarse sample of the screenshot holds."""
    import pygame  # a dependency already; it reads PNG

    image = pygame.image.load(str(png))
    width, height = image.get_size()
    return len(
        {tuple(image.get_at((x, y))) for x in range(0, width, 7) for y in range(0, height, 7)}
    )
