"""The journal for a login reminder (`mbsr-tui today`): looked at, never changed.

`today --quiet-if-done` once moved a damaged journal aside without a word. A reminder
only reads: nothing merged, moved, created, migrated or waited for, whatever state the
journal is in; what is wrong is said, and put right by `mbsr-tui log` or the app.
"""

from __future__ import annotations

import os
from pathlib import Path

from mbsr_tui.core import paths
from mbsr_tui.core.journal.entry import JournalError
from mbsr_tui.core.journal.safekeeping import (
    JOURNAL_NAME,
    OpenOutcome,
    _why,
    read_waiting,
    with_set_aside_notes,
)
from mbsr_tui.core.journal.storage import Journal

__all__ = ["look_at_journal"]


def look_at_journal(*, data_dir: Path | None = None) -> OpenOutcome:
    """The journal for `today` (a login reminder): read only, and nothing else, whatever
    the journal's state: nothing merged, moved, created, migrated or waited for. What is
    wrong is in `messages`, for the reminder to say in a line; the person's next `log` or
    start of the app puts it right. Never raises."""
    folder = data_dir or paths.data_dir()
    journal_file = folder / JOURNAL_NAME
    messages: list[str] = []
    waiting = tuple(read_waiting(folder, messages))
    journal: Journal | None = None
    try:
        if os.path.lexists(journal_file):
            journal = Journal.open_read_only(journal_file)
            if not journal.healthy():
                journal.close()
                journal = None
                raise JournalError(f"{journal_file}: is damaged", damaged=True)
    except JournalError as err:
        if err.damaged:
            messages.append(
                f"Your journal {journal_file} is damaged. Nothing was changed; open mbsr-tui "
                "or run mbsr-tui log to set it aside and keep what can still be read."
            )
        else:
            messages.append(f"Your journal could not be read ({err}).")
    except Exception as err:  # whatever is in the folder, a reminder must not fail
        messages.append(f"Your journal could not be read ({_why(err)}).")
    opened = OpenOutcome(journal, tuple(messages), read_only=True, waiting=waiting)
    return with_set_aside_notes(opened, folder)
