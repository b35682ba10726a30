"""The history's `r`: the teacher's report written to a file, off the event loop.

`write_report_file` runs in the history screen's worker thread; the screen says where the
page went (or why it could not be written) in a toast. The page is the one `mbsr-tui
report` writes with no options: the whole journal, without notes, calendar entries or a
name. It goes to the current folder, or to the data folder when the current folder cannot
be written (the toast says which).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from mbsr_tui.core.journal.entry import Entry


@dataclass(frozen=True)
class ReportFile:
    path: Path
    in_data_folder: bool  # the current folder could not be written
    problems: tuple[str, ...] = ()  # what was left out and why (a course not readable)

    def message(self) -> str:
        from mbsr_tui.core.safe_text import visible

        where = ("The current folder cannot be written, so the report is in your data "
                 "folder: " if self.in_data_folder else "The report is in ")  # fmt: skip
        told = "".join(f"\n{visible(p)}" for p in self.problems)
        return f"{where}{visible(self.path)}{told}"


def write_report_file(
    entries: Callable[[], list[Entry]],
    day_start_hour: int,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    folder: Path | None = None,
) -> ReportFile:
    """Read, build and write the report; raises OSError (or a JournalError) when it cannot."""
    from mbsr_tui.core import paths
    from mbsr_tui.core.course_calendar import practice_today
    from mbsr_tui.core.report.document import Choice
    from mbsr_tui.core.report.html import render_page
    from mbsr_tui.core.report.model import build_report
    from mbsr_tui.core.report.output import load_course_for_report, write_in_first

    moment = (now or datetime.now()).astimezone(tz)
    today = practice_today(moment, tz, day_start_hour)
    state, course, problems = load_course_for_report()
    report = build_report(entries(), Choice(), today, state=state, course=course,
                          day_start_hour=day_start_hour)  # fmt: skip
    page = render_page(report)
    data = paths.data_dir()
    with contextlib.suppress(OSError):  # the current folder may still take it
        paths.ensure_private_dir(data)
    path, index = write_in_first([folder or Path.cwd(), data], page, moment.date())
    return ReportFile(path.absolute(), index == 1, tuple(problems))
