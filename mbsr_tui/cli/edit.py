"""`mbsr-tui edit ID|PATH` and `mbsr-tui edit --new`: straight into the practice editor.

A built-in is edited as a copy, the person's own file in place, any other file as a copy
saved among the person's practices. `ctrl+s` saves; leaving the editor ends the program.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mbsr_tui.core.session import Session

USAGE_ERROR = 2


def add_edit_parser(commands: argparse._SubParsersAction) -> None:
    edit = commands.add_parser(
        "edit",
        help="make your own practice: edit a copy of one, or start a new one (ctrl+s saves)",
    )
    edit.add_argument("session", nargs="?", metavar="ID|PATH",
                      help="a practice id (see mbsr-tui list) or a .toml file")  # fmt: skip
    edit.add_argument("--new", action="store_true", help="start a new, empty practice")


def run_edit(args: argparse.Namespace) -> int:
    if bool(args.new) == bool(args.session):
        print("mbsr-tui edit: give a practice (ID or PATH) or --new", file=sys.stderr)
        return USAGE_ERROR
    session: Session | None = None
    if args.session:
        from mbsr_tui.cli.practice_arg import resolve_session

        session, message = resolve_session(args.session)
        if session is None:
            print(message, file=sys.stderr)
            return 1
    from pathlib import Path

    from mbsr_tui.ui import app as app_module
    from mbsr_tui.ui.app import MbsrApp

    class EditorApp(MbsrApp):
        """The app with the editor open over the menu; leaving the editor leaves the app."""

        CSS_PATH = Path(app_module.__file__).with_name(MbsrApp.CSS_PATH)  # beside app.py

        def on_mount(self) -> None:
            # Textual calls MbsrApp.on_mount too (after this one): the menu goes first,
            # the editor over it once that is done (on the loop: no thread, no worker).
            self.call_later(self.open_editor, session, exit_on_leave=True)

    from mbsr_tui.ui.launch import run_to_end

    return run_to_end(EditorApp())
