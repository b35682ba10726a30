"""The words of `mbsr-tui log`: its summary lines and a recent session's cells.

The log command draws them as a table; the plain mode says each session as one line.
Both take them from here, so the two never drift apart.
"""

from __future__ import annotations

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.format import (
    dated_cell,
    ending_text,
    format_duration,
    minutes_text,
    one_line,
    rating_change,
    title_text,
)
from mbsr_tui.core.progress import Progress
from mbsr_tui.core.words import plural

NOTE_WIDTH = 40  # characters of a note shown for a recent session
RECENT_COLUMNS = ("Date", "Practice", "Min", "Ended", "Pain", "Stress", "Note")


def summary_lines(progress: Progress) -> list[str]:
    """The summary in a few plain lines."""
    totals, streaks = progress.totals, progress.streaks
    lines = [
        f"In all: {plural(totals.sessions, 'session')}, {format_duration(totals.seconds)}",
        f"This week: {plural(totals.sessions_this_week, 'session')}, "
        f"{format_duration(totals.seconds_this_week)}; {progress.rhythm}",
        f"Streak: {plural(streaks.current, 'day')} now, longest {plural(streaks.longest, 'day')}",
    ]
    if progress.pain_before_after is not None:
        before, after = progress.pain_before_after
        lines.append(f"Pain before and after practice, on average: {before:.1f} → {after:.1f}")
    lines.append(progress.pain_sentence)
    return lines


def recent_cells(entry: Entry) -> tuple[str, ...]:
    """One recent session, a cell for each of RECENT_COLUMNS; stored text made safe to
    print (control characters as visible marks)."""
    return (
        dated_cell(entry),
        title_text(entry),
        minutes_text(entry),
        ending_text(entry),
        rating_change(entry.pain_before, entry.pain_after),
        rating_change(entry.stress_before, entry.stress_after),
        one_line(entry.note, NOTE_WIDTH),
    )
