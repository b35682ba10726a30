"""`mbsr-tui log`: the practice summary and recent sessions; `log export` and `log import`.

The main CLI calls `add_log_parser(subparsers)` while building its parser and
`run_log(args)` when the command is `log`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mbsr_tui.core.journal import Entry, Journal, JournalError
from mbsr_tui.core.journal_io import FORMATS, export_text, read_entries, write_atomically
from mbsr_tui.core.progress import Progress, format_duration, summarise
from mbsr_tui.core.safekeeping import OpenOutcome, open_journal
from mbsr_tui.core.settings import load_settings
from mbsr_tui.log_args import DEFAULT_RECENT, add_log_parser

__all__ = ["DEFAULT_RECENT", "add_log_parser", "run_log"]

NOTE_WIDTH = 40  # characters of a note shown in the table


def run_log(
    args: argparse.Namespace,
    *,
    console: Console | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> int:
    """Run `mbsr-tui log [export|import]`; the exit code (0 fine, 1 a problem)."""
    console = console or Console(highlight=False)
    errors = Console(stderr=True, highlight=False)
    with open_journal() as opened:
        for message in opened.messages:
            errors.print(Text(message))
        if opened.journal is None:
            return 1
        action = getattr(args, "log_action", None)
        if action == "export":
            return _export(opened.journal, args.export_format, args.output)
        if action == "import":
            return _import(opened, args.file, console)
        return _summary(opened.journal, args, console, now, tz)


def _fail(message: str) -> int:
    print(f"mbsr-tui: {message}", file=sys.stderr)
    return 1


def _export(journal: Journal, fmt: str | None, output: Path | None) -> int:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMATS else "toml"
    try:
        text = export_text(journal.all(), fmt)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomically(output, text)
    except JournalError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"{output}: could not be written ({(err.strerror or str(err)).lower()})")
    return 0


def _import(opened: OpenOutcome, file: Path, console: Console) -> int:
    assert opened.journal is not None
    if opened.read_only:
        return _fail("the journal cannot be written just now, so nothing was imported")
    try:
        entries = read_entries(file)
        added = opened.journal.add_many(entries)
    except JournalError as err:
        return _fail(str(err))
    console.print(f"imported {added}, skipped {len(entries) - added} already present")
    return 0


def _summary(
    journal: Journal,
    args: argparse.Namespace,
    console: Console,
    now: datetime | None,
    tz: tzinfo | None,
) -> int:
    try:
        entries = journal.all()
        recent = journal.recent(getattr(args, "limit", DEFAULT_RECENT))
    except JournalError as err:
        return _fail(str(err))
    if not entries:
        console.print("Your journal is empty: each practice appears here once you finish it.")
        return 0
    day_start_hour = load_settings().settings.day_starts_hour
    progress = summarise(entries, now=now, tz=tz, day_start_hour=day_start_hour)
    for line in summary_lines(progress):
        console.print(Text(line))
    console.print()
    console.print(recent_table(recent))
    return 0


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _sessions(count: int) -> str:
    return f"{count:,} session" if count == 1 else f"{count:,} sessions"


def summary_lines(progress: Progress) -> list[str]:
    """The summary in a few plain lines."""
    totals, streaks = progress.totals, progress.streaks
    lines = [
        f"In all: {_sessions(totals.sessions)}, {format_duration(totals.seconds)}",
        f"This week: {_sessions(totals.sessions_this_week)}, "
        f"{format_duration(totals.seconds_this_week)}; {progress.rhythm}",
        f"Streak: {_days(streaks.current)} now, longest {_days(streaks.longest)}",
    ]
    if progress.pain_before_after is not None:
        before, after = progress.pain_before_after
        lines.append(f"Pain before and after practice, on average: {before:.1f} → {after:.1f}")
    lines.append(progress.pain_sentence)
    return lines


def _rating_pair(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before}→{'–' if after is None else after}"


def _short(note: str) -> str:
    flat = " ".join(note.split())
    return flat if len(flat) <= NOTE_WIDTH else flat[: NOTE_WIDTH - 1] + "…"


def recent_table(entries: list[Entry]) -> Table:
    """Recent sessions, newest first; user text shown literally (never as markup)."""
    table = Table(title="Recent sessions", title_justify="left", expand=False)
    table.add_column("Date")
    table.add_column("Practice")
    table.add_column("Min", justify="right")
    table.add_column("Ended")
    table.add_column("Pain")
    table.add_column("Stress")
    table.add_column("Note")
    for entry in entries:
        table.add_row(
            entry.local_started_at.strftime("%a %Y-%m-%d %H:%M"),
            Text(entry.title),
            str(round(entry.practised_seconds / 60)),
            "completed" if entry.completed else "ended early",
            _rating_pair(entry.pain_before, entry.pain_after),
            _rating_pair(entry.stress_before, entry.stress_after),
            Text(_short(entry.note)),
        )
    return table
