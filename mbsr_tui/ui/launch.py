"""Start the Textual app from the command line and hand back an exit code."""

from __future__ import annotations

from mbsr_tui.core.session import Session


def run_app(
    session: Session | None = None,
    minutes: float | None = None,
    bell_mode: str | None = None,
    checkins: bool = True,
    exit_at_end: bool = False,
) -> int:
    # Imported here so `mbsr-tui list` and `check` never pay for Textual.
    from mbsr_tui.ui.app import Launch, MbsrApp

    app = MbsrApp(Launch(session, minutes, bell_mode, checkins, exit_at_end))
    result = app.run()
    for line in app.journal.unsaved_lines():
        # The journal could not be written anywhere: the entry is printed rather than lost.
        print(line)
    return result if isinstance(result, int) else (app.return_code or 0)
