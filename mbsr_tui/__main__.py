"""The command line: `mbsr-tui [--plain] [COMMAND]`, COMMAND one of run, list, check, log,
course, today, timer, edit, group or report."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbsr_tui import __version__

# Bare `mbsr-tui` (the menu) builds no parser: argparse and the sub-commands' parsers are
# imported with `_build_parser`, about 10 ms the menu's first frame does not wait for. The
# session loader (TOML, validation, the timeline) is imported where a command needs it:
# the menu draws its first frame without it (see core/menu_index.py).
if TYPE_CHECKING:
    import argparse

    from mbsr_tui.core.catalogue import Catalogue

USAGE_ERROR = 2


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, just that subcommand (see `main`)."""
    import argparse

    if only == "today":
        # `today` runs at every login (a shell profile): its parser alone, without the
        # modules behind the other subcommands' options.
        from mbsr_tui.cli.today import add_today_parser

        parser = argparse.ArgumentParser(prog="mbsr-tui")
        add_today_parser(parser.add_subparsers(dest="command", metavar="COMMAND"))
        return parser

    from mbsr_tui.cli.course import add_course_parser
    from mbsr_tui.cli.edit import add_edit_parser
    from mbsr_tui.cli.log_args import add_log_parser
    from mbsr_tui.cli.today import add_today_parser
    from mbsr_tui.core.settings import BELL_MODES, VOICE_MODES

    parser = argparse.ArgumentParser(
        prog="mbsr-tui",
        description="A calm terminal companion for MBSR practice. "
        "MBSR complements, and does not replace, medical care.",
    )
    parser.add_argument("--version", action="version", version=f"mbsr-tui {__version__}")
    parser.add_argument(
        "--plain",
        dest="plain_menu",
        action="store_true",
        help="the menu line by line, for screen readers and simple terminals "
        "(also when TERM=dumb or the output is not a terminal)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="go straight into a practice")
    run.add_argument(
        "session", metavar="ID|PATH", help="a practice id (see mbsr-tui list) or a .toml file"
    )
    run.add_argument("--minutes", type=float, help="length of the practice in minutes")
    run.add_argument("--bell", choices=BELL_MODES, help="how bells reach you (default: settings)")
    run.add_argument("--no-checkin", action="store_true", help="skip the pain and stress check-ins")
    run.add_argument("--exit-at-end", action="store_true", help="return to the shell when done")
    run.add_argument(
        "--voice",
        choices=VOICE_MODES,
        help="speak the guidance: on (not over SSH), force (even over SSH), off",
    )
    run.add_argument(
        "--speak-command",
        metavar='"CMD ..."',
        help="a command that speaks; it gets the text as its last argument, after --, "
        "and on stdin (espeak-ng, espeak and say read it there; PowerShell only from "
        "$MBSR_TUI_SPOKEN_TEXT): never as an option",
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="line by line, for screen readers and simple terminals "
        "(also when TERM=dumb or the output is not a terminal)",
    )

    commands.add_parser("list", help="list the practices: id, default length, title")

    check = commands.add_parser("check", help="validate session files")
    check.add_argument("paths", nargs="+", metavar="PATH", type=Path)

    add_log_parser(commands)
    add_course_parser(commands)
    add_today_parser(commands)
    from mbsr_tui.cli.timer import add_timer_parser

    add_timer_parser(commands, BELL_MODES)
    add_edit_parser(commands)
    from mbsr_tui.cli.group import add_group_parser

    add_group_parser(commands, BELL_MODES)
    from mbsr_tui.cli.report import add_report_parser

    add_report_parser(commands)
    return parser


def _run_app(**options: Any) -> int:
    # Imported here so `list`, `check` and `log` never pay for Textual.
    from mbsr_tui.ui.launch import run_app

    return run_app(**options)


# Everything `list`, `check` and `run` print from a file (a name, a title, a key) goes
# through `printable`: control characters, line separators and undecodable bytes are
# shown as visible marks, so a file can neither drive the terminal nor break a line.


def _print_problems(catalogue: Catalogue) -> None:
    from mbsr_tui.core.toml_reader import printable

    for problem in catalogue.problems:
        print(f"skipped {printable(problem)}", file=sys.stderr)


def cmd_list() -> int:
    from mbsr_tui.core.catalogue import load_catalogue
    from mbsr_tui.core.toml_reader import printable

    catalogue = load_catalogue()
    rows = [
        (printable(s.id), s.default_minutes, printable(s.title))
        for s in catalogue.sessions.values()
    ]
    width = max((len(sid) for sid, _, _ in rows), default=0)
    for sid, minutes, title in rows:
        print(f"{sid:<{width}}  {minutes:>3} min  {title}")
    _print_problems(catalogue)
    return 0


def cmd_check(paths: list[Path]) -> int:
    from mbsr_tui.core.course import is_course_file  # the 8 weeks
    from mbsr_tui.core.course_file import validate_course
    from mbsr_tui.core.loader import validate
    from mbsr_tui.core.toml_reader import printable

    failed = False
    for path in paths:
        _, problems = (validate_course if is_course_file(path) else validate)(path)
        for problem in problems:
            print(printable(problem))  # `PATH:LINE: message`, one line each
        failed = failed or bool(problems)
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    from mbsr_tui.cli.practice_arg import resolve_session

    session, message = resolve_session(args.session)
    if session is None:
        print(message, file=sys.stderr)
        return 1
    from mbsr_tui.core.lengths import length_problem

    why = length_problem(session, args.minutes)
    if why:
        print(f"mbsr-tui: {why}", file=sys.stderr)
        return USAGE_ERROR
    from mbsr_tui.plain import wants_plain

    if args.plain or wants_plain():
        from mbsr_tui.plain.run import run_plain

        return run_plain(session, args.minutes, args.bell, checkins=not args.no_checkin,
                         voice=args.voice, speak_command=args.speak_command)  # fmt: skip
    return _run_app(
        session=session,
        minutes=args.minutes,
        bell_mode=args.bell,
        checkins=not args.no_checkin,
        exit_at_end=args.exit_at_end,
        voice=args.voice,
        speak_command=args.speak_command,
    )


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if not words:
        return _menu()  # no arguments: nothing to parse
    parser = _build_parser(only="today" if words[0] == "today" else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return _dispatch(args)
    except BrokenPipeError:
        # `mbsr-tui course | head`: the reader has gone. No traceback; and stdout points
        # at /dev/null so the interpreter's last flush cannot fail again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as err:
        # The last word on a folder or file that cannot be used (a config folder made
        # unreadable, say), wherever a command meets it first: one plain line, never a
        # traceback. Each command handles what it can itself and goes on.
        from mbsr_tui.core.toml_reader import printable

        where = f"{printable(err.filename)}: " if err.filename else ""
        print(f"mbsr-tui: {where}{(err.strerror or str(err)).lower()}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "list":
        return cmd_list()
    if args.command == "check":
        return cmd_check(args.paths)
    if args.command == "run":
        return cmd_run(args)
    if args.command == "course":
        from mbsr_tui.cli.course import run_course

        return run_course(args)
    if args.command == "timer":
        from mbsr_tui.cli.timer import run_timer
        from mbsr_tui.plain.run import run_plain

        return run_timer(args, _run_app, run_plain)
    if args.command == "today":
        from mbsr_tui.cli.today import run_today  # no Textual, no Rich: it runs at login

        return run_today(args)
    if args.command == "edit":
        from mbsr_tui.cli.edit import run_edit

        return run_edit(args)
    if args.command == "group":
        from mbsr_tui.cli.group import run_group

        return run_group(args)
    if args.command == "report":
        from mbsr_tui.cli.report import run_report

        return run_report(args)
    if args.command == "log":
        from mbsr_tui.cli.log import run_log  # the journal loads only when asked for

        return run_log(args)
    return _menu(plain=getattr(args, "plain_menu", False))


def _menu(*, plain: bool = False) -> int:
    from mbsr_tui.plain import wants_plain  # not plain.run: that loads the player

    if plain or wants_plain():
        return _plain_menu()
    return _run_app()


def _plain_menu() -> int:
    from mbsr_tui.core.catalogue import load_catalogue
    from mbsr_tui.plain.menu import run_menu

    return run_menu(load_catalogue())


if __name__ == "__main__":
    sys.exit(main())
