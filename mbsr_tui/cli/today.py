"""`mbsr-tui today [--quiet-if-done]`: today's practice in at most three plain lines.

Made for a login shell's profile, so it must be quick (bench/today_bench.py): it imports
neither Textual nor Rich, reads the course file and the state file, and reads from the
journal only the sessions of this week, without taking a write lock. A reminder never
changes anything: a damaged journal, a fallback file or a damaged journal set aside
earlier is said on stderr, one line each, and left for `log` or the app to put right.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from mbsr_tui.core.journal.entry import Entry

FIRST_READ = 64  # sessions read at first; more only while they are all from this week


def add_today_parser(subparsers: argparse._SubParsersAction) -> None:
    today = subparsers.add_parser(
        "today",
        help="today's practice in three plain lines (for a login profile)",
        description="Today's practice in the 8-week course, in at most three plain lines.",
    )
    today.add_argument(
        "--quiet-if-done",
        action="store_true",
        help="print nothing once a completed practice is logged today",
    )


def _recent_since(journal, since: date) -> list[Entry]:
    """The journal's sessions from the practice day `since` on (a day more, for time
    zones), read newest first in growing batches: ten years of journal cost no more."""
    from mbsr_tui.core.progress import practice_day

    limit = FIRST_READ
    while True:
        found = journal.recent(limit)
        if len(found) < limit or practice_day(found[-1], 0) < since - timedelta(days=1):
            return found
        limit *= 4


def _quick_read(since: date) -> list[Entry] | None:
    """This week's sessions, read straight from the journal file when nothing waits in a
    fallback file; None when the careful opening is needed (a waiting entry, an old or
    damaged file): the login's common case loads neither the salvage nor the TOML code."""
    from mbsr_tui.core import paths

    folder = paths.data_dir()
    if any(os.path.lexists(place / "pending.toml") for place in (folder, paths.state_dir())):
        return None
    journal_file = paths.journal_path()
    from mbsr_tui.core.journal.damaged import files_set_aside, set_aside_journals

    if set_aside_journals(journal_file) or any(
        files_set_aside(place, "pending.toml.") for place in (folder, paths.state_dir())
    ):
        return None  # something set aside: told of, every time, until the person acts
    if not os.path.lexists(journal_file):
        return []
    from mbsr_tui.core.journal.storage import Journal

    try:
        with Journal.open_read_only(journal_file) as journal:
            return _recent_since(journal, since)
    except Exception:
        return None


def run_today(
    args: argparse.Namespace, *, now: datetime | None = None, out: TextIO | None = None
) -> int:
    """Run `mbsr-tui today`; the exit code (0, or 1 when a file cannot be used)."""
    from mbsr_tui.core.course import CourseError
    from mbsr_tui.core.course_file import load_course
    from mbsr_tui.core.course_plan import entries_needed_since, today_plan
    from mbsr_tui.core.course_state import CourseStateError, load_state
    from mbsr_tui.core.safe_text import visible
    from mbsr_tui.core.settings import load_settings

    out = out or sys.stdout
    quiet = args.quiet_if_done
    now = now or datetime.now().astimezone()
    loaded = load_settings()
    if loaded.problem:  # the day's start hour may be the default, not the person's
        print(f"mbsr-tui: {visible(loaded.problem)}", file=sys.stderr)
    hour = loaded.settings.day_starts_hour
    try:
        state = load_state()
        course = load_course()
    except (CourseError, CourseStateError) as err:
        print(f"mbsr-tui: {visible(err)}", file=sys.stderr)
        return 1
    since = entries_needed_since(state, now, hour)
    entries = _quick_read(since)
    if entries is None:  # anything unusual: the careful look, which changes nothing
        from mbsr_tui.core.journal.look import look_at_journal

        with look_at_journal() as opened:
            for message in opened.messages:
                print(f"mbsr-tui: {visible(message)}", file=sys.stderr)
            try:
                kept = _recent_since(opened.journal, since) if opened.journal else []
            except Exception as err:  # a page found damaged only now: say so, go on
                print(f"mbsr-tui: {visible(err)}", file=sys.stderr)
                kept = []
            entries = kept + list(opened.waiting)
    plan = today_plan(state, course, now, hour, entries)
    if quiet and plan.practised_today:
        return 0
    lines = [visible(line) for line in plan.lines()]
    _write(lines, out)
    return 0


def _write(lines: list[str], out: TextIO) -> None:
    colour = out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    for number, line in enumerate(lines):
        if colour and number == 0:
            line = f"\x1b[1m{line}\x1b[0m"  # the week and its title, in bold: nothing more
        print(line, file=out)
