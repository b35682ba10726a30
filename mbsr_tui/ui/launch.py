"""Start the Textual app from the command line and hand back an exit code."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mbsr_tui.core.session import Session
    from mbsr_tui.ui.app import MbsrApp


def run_app(
    session: Session | None = None,
    minutes: float | None = None,
    bell_mode: str | None = None,
    checkins: bool = True,
    exit_at_end: bool = False,
    voice: str | None = None,
    speak_command: str | None = None,
) -> int:
    from mbsr_tui.ui.start_up_gc import pause_collection

    pause_collection()  # until the first frame (start_up_gc.py)
    # Imported here so `mbsr-tui list` and `check` never pay for Textual.
    from mbsr_tui.ui.app import Launch, MbsrApp

    app = MbsrApp(Launch(session, minutes, bell_mode, checkins, exit_at_end, voice, speak_command))
    return run_to_end(app)


def run_to_end(app: MbsrApp) -> int:
    """Run the app, then print what the journal could not keep; the exit code.

    Every way of starting the app (`run`, the menu, `timer`, `group`, `edit`) ends here.
    """
    result = app.run()
    # Where a practice went when the journal could not take it: said again here, because
    # with --exit-at-end, Ctrl+C or a signal no closing screen showed it. (After SIGHUP the
    # terminal may be gone; the entry is safe on disk either way.)
    with contextlib.suppress(OSError):
        for message in app.journal.not_in_journal_messages():
            print(message, file=sys.stderr)
    with contextlib.suppress(OSError):  # EIO: the terminal hung up; nowhere to print
        for line in app.journal.unsaved_lines():
            # The journal could not be written anywhere: the entry is printed rather than lost.
            print(line, flush=True)
    return result if isinstance(result, int) else (app.return_code or 0)
