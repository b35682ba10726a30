"""How a journal entry reads: one set of words for `mbsr-tui log` and the history screens.

Every piece of text that came from a file or an import (a title, a note) passes through
`core.safe_text` here, so no caller can print it raw.
"""

from __future__ import annotations

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.safe_text import visible, visible_lines

DASH = "–"  # a question that was skipped


def format_duration(seconds: float) -> str:
    """'1 h 05 min', '25 min', 'under 1 min'; rounded to the nearest minute."""
    if 0 < seconds < 30:
        return "under 1 min"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def minutes_text(entry: Entry) -> str:
    """The minutes practised, as a bare number for a table's column."""
    return str(round(entry.practised_seconds / 60))


def ending_text(entry: Entry) -> str:
    return "completed" if entry.completed else "ended early"


def rating_change(before: int | None, after: int | None, *, unrated: str = "") -> str:
    """'6 → 4'; a skipped question shows as a dash; `unrated` when neither was given."""
    if before is None and after is None:
        return unrated
    return f"{DASH if before is None else before} → {DASH if after is None else after}"


def one_line(text: str, width: int) -> str:
    """Stored text on one line, safe to print, cut to `width` with an ellipsis."""
    flat = " ".join(visible_lines(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def title_text(entry: Entry) -> str:
    """The practice's title, safe to print (control characters shown, not sent)."""
    return visible(entry.title)


def note_text(entry: Entry) -> str:
    """The whole note, its line breaks kept, safe to print."""
    return visible_lines(entry.note)


def when_text(entry: Entry) -> str:
    """'Monday 3 March 2025, 18:05' on the person's clock when they began."""
    local = entry.local_started_at
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


def date_cell(entry: Entry) -> str:
    """'Mon 3 Mar 18:05': a short date for a table of recent sessions."""
    local = entry.local_started_at
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def dated_cell(entry: Entry) -> str:
    """'Mon 2025-03-03 18:05': the short date with its year, for a printed log."""
    return entry.local_started_at.strftime("%a %Y-%m-%d %H:%M")


def length_text(entry: Entry) -> str:
    practised = format_duration(entry.practised_seconds)
    if entry.planned_seconds == 0:  # an open-ended sit: no length was planned
        return f"{practised} practised · open-ended · {ending_text(entry)}"
    planned = format_duration(entry.planned_seconds)
    return f"{practised} practised of {planned} planned · {ending_text(entry)}"
