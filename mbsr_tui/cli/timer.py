"""`mbsr-tui timer [MINUTES] [--interval M] [--at M,M…] | --open`: a silent sit, shaped now.

The last length and interval are remembered (settings), so `mbsr-tui timer` alone sits
again as last time.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable

USAGE_ERROR = 2


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a number of minutes") from None


def _checked_minutes(text: str, problem_of: Callable[[float], str | None]) -> float:
    """A number of minutes, checked as it is parsed: a problem is a usage error (exit 2)."""
    minutes = _number(text)
    problem = problem_of(minutes)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return minutes


def _length(text: str) -> float:
    """MINUTES: nan, inf and 1e300 are usage errors."""
    from mbsr_tui.core.timer import length_problem

    return _checked_minutes(text, length_problem)


def _interval(text: str) -> float:
    from mbsr_tui.core.timer import interval_problem

    return _checked_minutes(text, interval_problem)


def _minutes_list(text: str) -> tuple[float, ...]:
    from mbsr_tui.core.limits import MAX_AT_BELLS, PRACTICE_MINUTES

    try:
        moments = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError("give minutes separated by commas, e.g. 5,12,17") from None
    if len(moments) > MAX_AT_BELLS or not all(map(PRACTICE_MINUTES.holds, moments)):
        raise argparse.ArgumentTypeError(
            f"give at most {MAX_AT_BELLS} moments, each minutes after the start, e.g. 5,12,17"
        )
    return moments


def add_timer_parser(subparsers: argparse._SubParsersAction, bell_modes: tuple[str, ...]) -> None:
    timer = subparsers.add_parser(
        "timer",
        help="a silent sit with bells: a length, or --open for no set end",
        description="A silent sit: the start bell, interval bells, the end bell. "
        "Without MINUTES, the last length used.",
    )
    timer.add_argument("minutes", nargs="?", type=_length, metavar="MINUTES")
    timer.add_argument("--open", action="store_true", help="no set end: press q to finish")
    timer.add_argument("--interval", type=_interval, metavar="MINUTES",
                       help="a bell every MINUTES (0 for none)")  # fmt: skip
    timer.add_argument("--at", type=_minutes_list, default=(), metavar="M,M,…",
                       help="bells at these minutes")  # fmt: skip
    timer.add_argument("--bell", choices=bell_modes, help="how bells reach you")
    timer.add_argument("--no-checkin", action="store_true", help="skip the check-ins")
    timer.add_argument("--exit-at-end", action="store_true", help="return to the shell when done")
    timer.add_argument("--plain", action="store_true", help="line by line (screen readers)")


def run_timer(args: argparse.Namespace, run_app, run_plain) -> int:
    from mbsr_tui.core.settings import load_settings, save_settings
    from mbsr_tui.core.timer import TimerError, fitted_shape, remembered, timer_session

    # Remembered values were checked on loading (an unusable one is the default); one that
    # does not fit this timer (an interval as long as it) is left out, never an error.
    settings = load_settings().settings
    if args.open and args.minutes is not None:
        print("mbsr-tui: an open sit has no length: give MINUTES or --open", file=sys.stderr)
        return USAGE_ERROR
    minutes = args.minutes if args.minutes is not None else settings.timer_minutes
    if args.open:
        minutes = None
    interval = args.interval if args.interval is not None else settings.timer_interval_minutes
    shape, notes = fitted_shape(minutes, interval, args.at, minutes_typed=args.minutes is not None,
                                interval_typed=args.interval is not None)  # fmt: skip
    for note in notes:
        print(f"mbsr-tui: {note}", file=sys.stderr)
    interval = shape.interval_minutes
    try:
        session = timer_session(shape)
    except TimerError as err:
        print(f"mbsr-tui: {err}", file=sys.stderr)
        return USAGE_ERROR
    kept = remembered(settings, shape)
    if kept != settings:
        with contextlib.suppress(OSError):  # remembering is a kindness, not a condition
            save_settings(kept)
    from mbsr_tui.plain.run import wants_plain

    if args.plain or wants_plain():
        return run_plain(session, None, args.bell, checkins=not args.no_checkin)
    return run_app(session=session, minutes=None, bell_mode=args.bell,
                   checkins=not args.no_checkin, exit_at_end=args.exit_at_end)  # fmt: skip
