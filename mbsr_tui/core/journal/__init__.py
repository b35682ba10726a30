"""The practice journal: every practice and the course's calendar entries, in SQLite.

Its modules import one way, each only from those before it:

    entry            one practice as kept, its checks and limits, JournalError
    calendar_entry   one calendar entry of the 8-week course (builds on entry)
    rows             stored rows back into entries
    calendar_rows    the calendar table, and its rows back into entries
    storage          the Journal (SQLite: migrations, reads, writes)
    damaged          salvage(): what can still be read from a damaged journal file, and
                     the files set aside beside it
    io               exports, imports and the fallback file `pending.toml`
    safekeeping      the two safe ways in: open_journal() and record()
    look             look_at_journal(): for a login reminder, reading and nothing else
    format           how an entry reads, for `mbsr-tui log` and the history

The old module names (`mbsr_tui.core.journal_entry`, `journal_io`, `safekeeping`, ...)
still import: each is this package's module under its old name. Importing the package
costs nothing: what `mbsr_tui.core.journal` offers (Journal, Entry, open_journal, ...)
is looked up on first use, so the menu's first frame never pays for SQLite.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_SAFEKEEPING = frozenset({"open_journal", "record", "OpenOutcome", "RecordOutcome"})
_MODULES = frozenset(
    {"entry", "calendar_entry", "rows", "calendar_rows", "storage", "damaged", "io",
     "safekeeping", "look", "format"}
)  # fmt: skip


def __getattr__(name: str) -> Any:
    # The storage's names (Journal, Entry, JournalError, MIGRATIONS, ...) and the safe
    # entry points, as `mbsr_tui.core.journal` offered them when it was one module.
    # import_module, never `from . import`: that asks this function about the submodule.
    if name.startswith("__") or name in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name in _SAFEKEEPING:
        return getattr(import_module(f"{__name__}.safekeeping"), name)
    if name == "salvage":
        return import_module(f"{__name__}.damaged").salvage
    try:
        return getattr(import_module(f"{__name__}.storage"), name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
