"""The arguments of `mbsr-tui log`, apart from the command itself.

Kept light on purpose: the main parser is built on every start, including the app's,
and the journal and its statistics should load only when `log` actually runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

# core.journal.entry is light (dataclasses and datetime): the formats are written only there.
from mbsr_tui.core.journal.entry import FORMATS

DEFAULT_RECENT = 20
MAX_RECENT = 1_000_000  # more than a lifetime of daily practice; larger asks mean "all"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:  # also a number too long to convert (Python's 4,300-digit limit)
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {text[:40]!r}")
    return min(value, MAX_RECENT)


def add_log_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `log` (with its `export` and `import` actions) to the main parser."""
    log = subparsers.add_parser(
        "log",
        help="practice summary and recent sessions; export or import the journal",
        description="Your practice summary and recent sessions.",
    )
    log.add_argument(
        "-n", "--limit", type=_positive, default=DEFAULT_RECENT, metavar="N",
        help=f"how many recent sessions to list (default {DEFAULT_RECENT})",
    )  # fmt: skip
    actions = log.add_subparsers(dest="log_action", metavar="ACTION")
    export = actions.add_parser("export", help="write the whole journal as TOML, CSV or JSON")
    export.add_argument(
        "--format", choices=FORMATS, dest="export_format",
        help="default: from the -o file's extension, else toml",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE",
        help="default (or -): standard output; a symbolic link is written through",
    )  # fmt: skip
    imported = actions.add_parser(
        "import", help="add sessions from an export, skipping those already in the journal"
    )
    imported.add_argument("file", type=Path, metavar="FILE", help="a TOML, CSV or JSON export")
