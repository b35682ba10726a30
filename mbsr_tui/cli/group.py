"""`mbsr-tui group start|join|list`: sitting together with others on this host (issue 10).

Rooms live in one shared folder: `--rooms DIR`, else `$MBSR_TUI_ROOMS`, else
/var/tmp/mbsr-tui-rooms, which an administrator creates once with
`sudo install -d -m 1777 -o root -g root /var/tmp/mbsr-tui-rooms`.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from mbsr_tui.core.group.plan import GroupPlan

USAGE_ERROR = 2


def _clock_time(text: str) -> tuple[int, int]:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError("give the start as HH:MM, e.g. 18:30") from None
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise argparse.ArgumentTypeError("give the start as HH:MM, e.g. 18:30")
    return hours, minutes


def add_group_parser(commands: argparse._SubParsersAction, bell_modes: tuple[str, ...]) -> None:
    group = commands.add_parser(
        "group",
        help="sit together with others on this host: start, join or list group sittings",
        description="Sit together with others logged in to this host. Rooms live in "
        "--rooms DIR, $MBSR_TUI_ROOMS, or /var/tmp/mbsr-tui-rooms (an administrator "
        "creates it with: sudo install -d -m 1777 -o root -g root /var/tmp/mbsr-tui-rooms).",
    )
    actions = group.add_subparsers(dest="group_command", metavar="start|join|list")

    def shared(parser: argparse.ArgumentParser, sitting: bool) -> None:
        parser.add_argument("--rooms", metavar="DIR", help="the shared rooms folder")
        if not sitting:
            return
        parser.add_argument("--bell", choices=bell_modes, help="how bells reach you")
        parser.add_argument("--no-checkin", action="store_true", help="skip the check-ins")
        parser.add_argument("--exit-at-end", action="store_true",
                            help="return to the shell when done")  # fmt: skip
        name_help = "a name the others see (default: the setting, or none)"
        parser.add_argument("--name", metavar="NAME", help=name_help)

    start = actions.add_parser("start", help="host a group sitting")
    start.add_argument("session", metavar="ID|PATH", help="a practice id or a .toml file")
    start.add_argument("--minutes", type=float, help="length of the practice in minutes")
    when = start.add_mutually_exclusive_group()
    when.add_argument("--at", type=_clock_time, metavar="HH:MM", help="start at this time")
    when.add_argument("--in", dest="in_minutes", type=float, metavar="MINUTES",
                      help="start in this many minutes")  # fmt: skip
    start.add_argument("--title", metavar="TEXT", help="a title for the room")
    shared(start, True)
    join = actions.add_parser("join", help="join a group sitting (the only open one by default)")
    join.add_argument("room", nargs="?", metavar="ROOM",
                      help="the room's id (see mbsr-tui group list)")  # fmt: skip
    shared(join, True)
    listing = actions.add_parser("list", help="the open and coming group sittings")
    shared(listing, False)


def _folder(args: argparse.Namespace, *, writing: bool) -> Path | None:
    from mbsr_tui.core.group.folder import FolderProblem, check_folder, rooms_folder

    folder = rooms_folder(getattr(args, "rooms", None))
    try:
        check_folder(folder, writing=writing)
    except FolderProblem as problem:
        print(f"mbsr-tui: {problem}", file=sys.stderr)
        return None
    return folder


def _seat(args: argparse.Namespace) -> tuple[str, Path] | int:
    """The name to share and the rooms folder to sit in; else the exit code, told why."""
    name = _name(args)
    if name is None:
        return USAGE_ERROR
    folder = _folder(args, writing=True)
    return (name, folder) if folder is not None else 1


def _name(args: argparse.Namespace) -> str | None:
    """The name to share: --name, else the setting; None (and told) when unusable."""
    from mbsr_tui.core.group.room import NAME_LIMIT, shared_name

    if args.name is None:
        from mbsr_tui.core.settings import load_settings

        return shared_name(load_settings().settings.share_name)
    name = shared_name(args.name)
    if name != args.name.strip() or len(args.name.strip()) > NAME_LIMIT:
        print(f"mbsr-tui: --name must be plain text of at most {NAME_LIMIT} characters",
              file=sys.stderr)  # fmt: skip
        return None
    return name


def run_group(args: argparse.Namespace) -> int:
    command = args.group_command
    if command == "list":
        return group_list(args)
    if command in ("start", "join"):
        return group_start(args) if command == "start" else group_join(args)
    print("mbsr-tui group: give start, join or list", file=sys.stderr)
    return USAGE_ERROR


def _starts_at(args: argparse.Namespace, now: float) -> float | None:
    if args.in_minutes is not None:
        from mbsr_tui.core.group.start_time import start_moment

        return start_moment(args.in_minutes, now)
    if args.at is not None:
        hours, minutes = args.at
        today = datetime.fromtimestamp(now)
        moment = today.replace(hour=hours, minute=minutes, second=0, microsecond=0)
        if moment.timestamp() <= now:
            moment += timedelta(days=1)  # 07:00 said at 22:00 means tomorrow morning
        return moment.timestamp()
    return None


def group_start(args: argparse.Namespace) -> int:
    from mbsr_tui.cli.practice_arg import resolve_session
    from mbsr_tui.core.group.start_time import MAX_WAIT_MINUTES, wait_in_range
    from mbsr_tui.core.lengths import fit_problem, range_problem

    why = range_problem(args.minutes)
    if why:
        print(f"mbsr-tui: {why}", file=sys.stderr)
        return USAGE_ERROR
    if args.in_minutes is not None and not wait_in_range(args.in_minutes):
        print(f"mbsr-tui: --in must be from 0 to {MAX_WAIT_MINUTES} minutes", file=sys.stderr)
        return USAGE_ERROR
    seat = _seat(args)
    if isinstance(seat, int):
        return seat
    name, folder = seat
    session, message = resolve_session(args.session)
    if session is None:
        print(message, file=sys.stderr)
        return 1
    why = fit_problem(session, args.minutes)  # refused as `run --minutes` refuses it
    if why:
        print(f"mbsr-tui: {why}", file=sys.stderr)
        return USAGE_ERROR
    if session.open_ended or session.audio is not None:
        print("mbsr-tui: a group sitting needs a practice with a set length and no "
              "recording of its own", file=sys.stderr)  # fmt: skip
        return 1
    from dataclasses import replace

    from mbsr_tui.core.group.plan import GroupPlan
    from mbsr_tui.core.group.rooms import clean_own_leftovers, shareable

    seconds = args.minutes * 60 if args.minutes else session.default_seconds
    why = shareable(replace(session, source=None), seconds, title=args.title or "", name=name)
    if why:
        print(f"mbsr-tui: this practice cannot be shared: {why}", file=sys.stderr)
        return 1
    clean_own_leftovers(folder)
    plan = GroupPlan(folder, replace(session, source=None), seconds,
                     _starts_at(args, time.time()), args.title or "", name=name)  # fmt: skip
    return _run(args, plan)


def group_join(args: argparse.Namespace) -> int:
    from mbsr_tui.core.group.listing import find
    from mbsr_tui.core.group.plan import GroupPlan

    seat = _seat(args)
    if isinstance(seat, int):
        return seat
    name, folder = seat
    listing, message = find(folder, args.room)
    if listing is None:
        print(f"mbsr-tui: {message}", file=sys.stderr)
        return 1
    return _run(args, GroupPlan(folder, room=listing.room, name=name, host_uid=listing.uid))


def _run(args: argparse.Namespace, plan: GroupPlan) -> int:
    from mbsr_tui.plain import wants_plain

    if wants_plain():
        print("mbsr-tui: a group sitting needs a full-screen terminal", file=sys.stderr)
        return 1
    from mbsr_tui.ui.app import Launch, MbsrApp
    from mbsr_tui.ui.launch import run_to_end

    launch = Launch(bell_mode=args.bell, checkins=not args.no_checkin,
                    exit_at_end=args.exit_at_end, group=plan)  # fmt: skip
    return run_to_end(MbsrApp(launch))


def group_list(args: argparse.Namespace) -> int:
    from mbsr_tui.core.group.listing import look

    folder = _folder(args, writing=False)
    if folder is None:
        return 1
    now = time.time()
    looked = look(folder, now=now)
    for line in listing_lines(looked.rooms, now):
        print(line)
    if not looked.rooms:
        print(f"No group sittings are open in {folder}.")
    if not looked.complete:
        print(f"mbsr-tui: {folder} holds too many files to look through in time; some "
              "group sittings may not be listed (join one by its id)", file=sys.stderr)  # fmt: skip
    for problem in looked.problems:
        print(f"skipped {problem}", file=sys.stderr)
    return 0


def listing_lines(listings, now: float) -> list[str]:
    """One plain line a room: id, title, practice and length, start, how many sitting."""
    from mbsr_tui.core.group.listing import describe
    from mbsr_tui.core.safe_text import visible

    return [visible(f"{listing.room.id}  {describe(listing, now)}") for listing in listings]
