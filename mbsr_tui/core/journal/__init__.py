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

Import each name from the module that defines it. This file stays empty so that
importing the package costs nothing: the menu's first frame never pays for SQLite.
"""
