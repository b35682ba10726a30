"""`mbsr-tui log`: the practice summary and recent sessions; `log export` and `log import`.

The main CLI calls `add_log_parser(subparsers)` while building its parser and
`run_log(args)` when the command is `log`.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, tzinfo
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mbsr_tui.cli.log_args import DEFAULT_RECENT, add_log_parser
from mbsr_tui.core import paths
from mbsr_tui.core.journal.entry import FORMATS, Entry, JournalError
from mbsr_tui.core.journal.io import export_text, read_export, write_through
from mbsr_tui.core.journal.safekeeping import OpenOutcome, open_journal
from mbsr_tui.core.log_lines import RECENT_COLUMNS, recent_cells, summary_lines
from mbsr_tui.core.progress import summarise
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.settings import load_settings

__all__ = ["DEFAULT_RECENT", "add_log_parser", "run_log"]

STDOUT = Path("-")


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
    action = getattr(args, "log_action", None)
    # Only an import writes: the summary and the export read without a write lock, so a
    # practice being saved elsewhere never makes them wait.
    with open_journal(write=action == "import") as opened:
        for message in opened.messages:
            errors.print(Text(visible(message)))
        # A journal never created reads as empty; one that exists but cannot be opened,
        # or cannot take an import, is a problem (already told above).
        if opened.journal is None and (action == "import" or _may_exist(paths.journal_path())):
            return 1
        if action == "export":
            return _export(opened, args.export_format, args.output, errors)
        if action == "import":
            return _import(opened, args.file, console)
        return _summary(opened, args, console, errors, now, tz)


def _may_exist(path: Path) -> bool:
    """False only when the journal is surely not there (a folder that cannot be entered
    hides it: that is a problem, not an empty journal)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _fail(message: str) -> int:
    print(f"mbsr-tui: {visible(message)}", file=sys.stderr)
    return 1


def _read(opened: OpenOutcome, errors: Console) -> list[Entry]:
    """Everything readable; rows that cannot be read are told of and skipped."""
    entries = opened.entries()
    told = opened.journal.unreadable_message() if opened.journal is not None else None
    if told:
        errors.print(Text(visible(told)))
    return entries


def _export(opened: OpenOutcome, fmt: str | None, output: Path | None, errors: Console) -> int:
    to_stdout = output is None or output == STDOUT
    if fmt is None:
        suffix = "" if to_stdout else output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "toml"
    try:
        calendar = opened.journal.calendar() if opened.journal is not None else []
        text = export_text(_read(opened, errors), fmt, calendar)
        if to_stdout:
            sys.stdout.write(text)
        else:
            write_through(output, text)
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
        entries, calendar = read_export(file)
        unique, duplicates = _without_duplicates(entries)
        added = opened.journal.add_many(unique)
        written = opened.journal.add_calendar(calendar)
    except JournalError as err:
        return _fail(str(err))
    for number, first in duplicates:
        print(
            f"mbsr-tui: {visible(file)}: record {number}: duplicate in this file "
            f"(the same practice and start as record {first}); skipped",
            file=sys.stderr,
        )
    report = f"imported {added}, skipped {len(unique) - added} already present"
    if duplicates:
        report += f", {len(duplicates)} duplicate in this file"
    if calendar:
        report += (f"; calendar entries: imported {written}, "
                   f"skipped {len(calendar) - written} already present")  # fmt: skip
    console.print(Text(report))
    return 0


def _without_duplicates(entries: list[Entry]) -> tuple[list[Entry], list[tuple[int, int]]]:
    """The entries with repeats of one practice (same session id and start) left out,
    and (record number, the record it repeats) for each repeat."""
    first_seen: dict[tuple[str, datetime], int] = {}
    unique: list[Entry] = []
    duplicates: list[tuple[int, int]] = []
    for number, entry in enumerate(entries, start=1):
        key = (entry.session_id, entry.started_at)
        if key in first_seen:
            duplicates.append((number, first_seen[key]))
        else:
            first_seen[key] = number
            unique.append(entry)
    return unique, duplicates


def _summary(
    opened: OpenOutcome,
    args: argparse.Namespace,
    console: Console,
    errors: Console,
    now: datetime | None,
    tz: tzinfo | None,
) -> int:
    try:
        entries = _read(opened, errors)
    except JournalError as err:
        return _fail(str(err))
    if not entries:
        console.print("Your journal is empty: each practice appears here once you finish it.")
        return 0
    limit = getattr(args, "limit", DEFAULT_RECENT)
    loaded = load_settings()
    if loaded.problem:  # the days are counted from the default hour, not the person's
        errors.print(Text(visible(loaded.problem)))
    day_start_hour = loaded.settings.day_starts_hour
    progress = summarise(entries, now=now, tz=tz, day_start_hour=day_start_hour)
    for line in summary_lines(progress):
        console.print(Text(line))
    console.print()
    console.print(recent_table(entries[-limit:][::-1]))
    return 0


def recent_table(entries: list[Entry]) -> Table:
    """Recent sessions, newest first; stored text shown literally (never as markup, its
    control characters as visible marks)."""
    table = Table(title="Recent sessions", title_justify="left", expand=False)
    for column in RECENT_COLUMNS:
        table.add_column(column, justify="right" if column == "Min" else "left")
    for entry in entries:
        table.add_row(*(Text(cell) for cell in recent_cells(entry)))
    return table
