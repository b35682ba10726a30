"""`mbsr-tui report`: one self-contained HTML page of the person's practice, to show a
teacher or clinician (issue 23).

    mbsr-tui report [-o FILE] [--since YYYY-MM-DD | --weeks N | --course]
                    [--with-notes] [--with-calendars] [--name]

The main CLI calls `add_report_parser(subparsers)` while building its parser and
`run_report(args)` when the command is `report`. The page itself is made in the core
(`core/report`); this module reads the journal, the course and the settings, and writes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import NoReturn, TextIO

USAGE_ERROR = 2
MAX_WEEKS = 2_000  # nearly 40 years: more is surely a typo
STDOUT = "-"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2025-03-03, not {text[:40]!r}"
        ) from None


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:  # also a number too long to convert
        value = 0
    if not 1 <= value <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of weeks from 1 to {MAX_WEEKS:,}, not {text[:40]!r}"
        )
    return value


def add_report_parser(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="a one-page progress report (HTML) to show your teacher or clinician",
        description="Write one self-contained HTML page of your practice: minutes, days, "
        "pain and stress before and after, the course week by week. Notes, calendar "
        "entries and your name are left out unless you ask for them.",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE",
        help="where to write it (default: mbsr-report-<date>.html in the current folder; "
        "a folder: that name inside it; -: standard output)",
    )  # fmt: skip
    period = report.add_mutually_exclusive_group()
    period.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="from this day on")
    period.add_argument("--weeks", type=_weeks, metavar="N", help="the last N weeks")
    period.add_argument("--course", action="store_true", help="the 8-week course")
    report.add_argument("--with-notes", action="store_true", help="add your notes")
    report.add_argument(
        "--with-calendars", action="store_true", help="add the course's calendar entries"
    )
    report.add_argument(
        "--name", action="store_true", help="put the shared name from your settings on it"
    )

    def one_line(message: str) -> NoReturn:
        # argparse's own error prints the whole usage first; one plain line says enough.
        print(f"mbsr-tui report: {message} (see mbsr-tui report --help)", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)

    report.error = one_line  # type: ignore[method-assign]


def _say(message: str) -> None:
    from mbsr_tui.core.safe_text import visible

    print(f"mbsr-tui: {visible(message)}", file=sys.stderr)


def run_report(
    args: argparse.Namespace,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    out: TextIO | None = None,
) -> int:
    """Run `mbsr-tui report`; the exit code (0 written, 1 a problem, 2 a bad option)."""
    from mbsr_tui.core.course_calendar import practice_today
    from mbsr_tui.core.group.room import shared_name
    from mbsr_tui.core.report.document import Choice, ReportError
    from mbsr_tui.core.report.html import render_page
    from mbsr_tui.core.report.model import build_report
    from mbsr_tui.core.report.output import load_course_for_report
    from mbsr_tui.core.settings import load_settings

    out = out or sys.stdout
    loaded = load_settings()
    if loaded.problem:
        _say(loaded.problem)
    settings = loaded.settings
    moment = (now or datetime.now()).astimezone(tz)
    today = practice_today(moment, tz, settings.day_starts_hour)
    if args.since is not None and args.since > today:
        print(f"mbsr-tui report: --since {args.since} is after today", file=sys.stderr)
        return USAGE_ERROR
    name = shared_name(settings.share_name) if args.name else ""
    if args.name and not name:
        _say("no shared name is set in the settings, so the report has no name")
    read = _read_journal(args.with_calendars)
    if read is None:
        return 1
    entries, calendar = read
    state, course, problems = load_course_for_report()
    for problem in problems:
        _say(problem)
    choice = Choice(since=args.since, weeks=args.weeks, course=args.course,
                    with_notes=args.with_notes, with_calendars=args.with_calendars,
                    name=name)  # fmt: skip
    try:
        if args.course and state is None and problems:
            return 1  # the course cannot be read: told above
        report = build_report(entries, choice, today, calendar=calendar, state=state,
                              course=course, day_start_hour=settings.day_starts_hour)  # fmt: skip
    except ReportError as err:
        _say(str(err))
        return 1
    page = render_page(report)
    if args.output == STDOUT:
        out.write(page)
        return 0
    return _write(args.output, page, moment.date(), out)


def _read_journal(with_calendars: bool) -> tuple[list, list] | None:
    """Every practice (and, when asked, calendar entry); None when the journal exists but
    cannot be read (already told)."""
    from mbsr_tui.core import paths
    from mbsr_tui.core.journal.entry import JournalError
    from mbsr_tui.core.journal.safekeeping import open_journal

    try:
        with open_journal(write=False) as opened:
            for message in opened.messages:
                _say(message)
            if opened.journal is None and _may_exist(paths.journal_path()):
                return None
            entries = opened.entries()
            skipped = opened.journal.unreadable_message() if opened.journal else None
            if skipped:
                _say(skipped)
            calendar = opened.journal.calendar() if with_calendars and opened.journal else []
    except JournalError as err:
        _say(str(err))
        return None
    return entries, calendar


def _may_exist(path: Path) -> bool:
    """False only when the journal is surely not there (never created: an empty report)."""
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _write(output: str | None, page: str, day: date, out: TextIO) -> int:
    from mbsr_tui.core.report.output import default_name, write_page

    target = Path(output) if output else Path.cwd() / default_name(day)
    try:
        written = write_page(target, page, day)
    except OSError as err:
        hint = "" if output else "; -o FILE writes it elsewhere"
        _say(f"{target}: could not be written ({(err.strerror or str(err)).lower()}){hint}")
        return 1
    from mbsr_tui.core.safe_text import visible

    print(f"The report is in {visible(written.absolute())}", file=out)
    return 0
