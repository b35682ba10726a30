"""Time the teacher's report on ten years of practice, and weigh the page.

    python bench/report_bench.py [--sessions 11000] [--runs 3]

Seeds a journal with about three practices a day over ten years (`ten_years` from
tests/support/report_journal.py: ratings, notes, three practices) and a finished 8-week
course, in a temporary XDG_DATA_HOME (the person's own is never touched). Then:

- in this process: building the model and writing the page (`build_report` +
  `render_page`), the journal already read;
- `mbsr-tui report --with-notes --with-calendars -o FILE` as a fresh process: Python's
  start, reading the journal, building, writing (what a person waits for).

Prints the median of `--runs` of each and the page's size. Targets (issue 23): under 1 s,
and a page under 1 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_SECONDS = 1.0
TARGET_BYTES = 1_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=11_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mbsr-report-bench-") as temp:
        os.environ["XDG_DATA_HOME"] = str(Path(temp) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(temp) / "config")
        return bench(Path(temp), args.sessions, args.runs)


def bench(temp: Path, sessions: int, runs: int) -> int:
    from mbsr_tui.core.course_calendar import CourseState
    from mbsr_tui.core.course_state import save_state
    from mbsr_tui.core.journal.storage import Journal
    from mbsr_tui.core.report.document import Choice
    from mbsr_tui.core.report.html import render_page
    from mbsr_tui.core.report.model import build_report
    from tests.support.report_journal import ten_years

    entries = ten_years(sessions=sessions)
    with Journal.open() as journal:
        journal.add_many(entries)
    save_state(CourseState(date(2024, 9, 2)))
    today = date(2025, 1, 10)
    print(
        f"{len(entries):,} sessions from {entries[0].started_at:%Y-%m-%d} "
        f"to {entries[-1].started_at:%Y-%m-%d}; load average {os.getloadavg()[0]:.2f}"
    )

    in_process = []
    for _ in range(runs):
        began = time.perf_counter()
        page = render_page(build_report(entries, Choice(with_notes=True), today))
        in_process.append(time.perf_counter() - began)
    size = len(page.encode("utf-8"))

    command = [str(Path(sys.executable).parent / "mbsr-tui"), "report", "--with-notes",
               "--with-calendars", "-o", str(temp / "r.html")]  # fmt: skip
    whole = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        whole.append(time.perf_counter() - began)
    written = (temp / "r.html").stat().st_size

    print(f"build + render (journal read): {statistics.median(in_process) * 1000:7.1f} ms")
    print(f"mbsr-tui report (a process):   {statistics.median(whole) * 1000:7.1f} ms")
    print(f"page: {size / 1000:,.1f} kB in process, {written / 1000:,.1f} kB written")
    ok = max(statistics.median(whole), statistics.median(in_process)) < TARGET_SECONDS
    ok = ok and max(size, written) < TARGET_BYTES
    print("within the targets (1 s, 1 MB)" if ok else "OVER the targets (1 s, 1 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
