"""`mbsr-tui log` run in-process at a fixed moment, as the journal tests run it."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from mbsr_tui.cli.log import add_log_parser, run_log

NOW = datetime(2024, 3, 14, 19, 0, tzinfo=UTC)  # a Thursday


def parse(*argv: str) -> argparse.Namespace:
    """`mbsr-tui log ARGV…` as the command line parses it."""
    parser = argparse.ArgumentParser(prog="mbsr-tui")
    add_log_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["log", *argv])


def log(*argv: str) -> int:
    """`mbsr-tui log ARGV…` as if run at NOW in UTC: its exit status."""
    return run_log(parse(*argv), now=NOW, tz=UTC)
