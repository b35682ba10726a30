"""The plain menu's pages as lines: the history (as `mbsr-tui log` words it) and the
course's week. Pure functions of what was read; the terminal fits them to its width."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mbsr_tui.core.course_calendar import RUNNING
from mbsr_tui.core.course_plan import practice_text
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.log_lines import recent_cells, summary_lines
from mbsr_tui.core.progress import summarise
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.plain.looks import JournalLook, TodayLook

RECENT_SHOWN = 10  # sessions listed; `mbsr-tui log -n N` lists more

CALENDAR_WORDS = {
    "pleasant": "Each day, write down one pleasant event.",
    "unpleasant": "Each day, write down one unpleasant event.",
    "communication": "Each day, write down one difficult communication.",
}


def session_line(entry: Entry) -> str:
    """One recent session: the `log` table's cells, said in a line."""
    when, title, minutes, ended, pain, stress, note = recent_cells(entry)
    parts = [when, title, f"{minutes} min", ended]
    if pain:
        parts.append(f"pain {pain}")
    if stress:
        parts.append(f"stress {stress}")
    if note:
        parts.append(f"note: {note}")
    return "- " + " · ".join(parts)


def history_lines(
    look: JournalLook, now: datetime | None = None, shown: int = RECENT_SHOWN
) -> list[str]:
    """The summary and the latest sessions, newest first, as `mbsr-tui log` has them."""
    lines = list(look.problems)
    entries: Sequence[Entry] = look.entries
    if not entries:
        return [*lines, "Your journal is empty: each practice appears here once you finish it."]
    progress = summarise(entries, now=now, day_start_hour=look.day_starts_hour)
    lines += summary_lines(progress)
    lines += ["", "Recent sessions, newest first:"]
    lines += [session_line(entry) for entry in list(entries)[-shown:][::-1]]
    if len(entries) > shown:
        lines.append(f"The command mbsr-tui log -n {len(entries)} lists them all.")
    return lines


def course_lines(look: TodayLook) -> list[str]:
    """This week's theme, teaching and practice; or where the course stands."""
    plan, course = look.plan, look.course
    if plan is None or course is None:
        return list(look.problems) or ["The course could not be read."]
    pos = plan.position
    if plan.status != RUNNING or pos is None:
        return [*plan.lines()[:1], "The command mbsr-tui course shows the whole plan."]
    week = course.week(pos.week)
    again = " (again)" if pos.attempt > 1 else ""
    lines = [f"Week {pos.week}{again} of 8, day {pos.day}: {visible(plan.title)}"]
    if not plan.day_of_practice and week.teaching.strip():
        lines += ["", visible_lines(week.teaching.strip())]
    lines += ["", "Today's formal practice:"]
    lines += [f"- {visible(practice_text(p))}" for p in plan.practices]
    if plan.informal:
        lines += ["", "In daily life:"] + [f"- {visible(line)}" for line in plan.informal]
    if plan.calendar in CALENDAR_WORDS:
        lines += ["", f"Calendar: {CALENDAR_WORDS[plan.calendar]}"]
    return lines
