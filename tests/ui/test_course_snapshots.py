"""How the 8-week course looks at 80x24 and 40x12: the menu with Today, a new week's
review, a calendar form, the course's progress. "Today" is Tuesday 11 March 2025, week 3
day 2 of a course begun on 24 February.

Review `snapshot_report.html` before running with `--snapshot-update`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from textual.widgets import Input, TextArea

from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import save_state
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.course_companion import CourseCompanion

NOW = datetime(2025, 3, 11, 10, 0, tzinfo=UTC)
QUIET = Settings(seen_care_note=True, checkins=False)
SIZES = [(80, 24), (40, 12)]
SIZE_IDS = ["80x24", "40x12"]


def practised(day: int, pain: tuple[int, int] = (5, 4)) -> Entry:
    start = datetime(2025, 3, day, 9, 0, tzinfo=UTC)
    return Entry("body-scan", "Body scan", "body-scan", start, 0, start + timedelta(minutes=25),
                 1500, 1500, True, *pain, 6, 3)  # fmt: skip


def course_app(make_app, reviewed: int):
    save_state(CourseState(date(2025, 2, 24), reviewed=reviewed))
    app = make_app(settings=QUIET, course=CourseCompanion(now=lambda: NOW, tz=UTC))
    app.journal.entries += [practised(d) for d in (3, 4, 6, 8, 10)]
    return app


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_menu_with_today(snap_compare, make_app, size):
    assert snap_compare(course_app(make_app, 2), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_week_review(snap_compare, make_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"Gentler with my back")

    assert snap_compare(course_app(make_app, 1), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_calendar_form(snap_compare, make_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("w")
        await pilot.press(*"A flare-up when I stood up [bold]fast[/bold]")
        await settle(pilot)

    assert snap_compare(course_app(make_app, 2), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_course_progress(snap_compare, make_app, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(course_app(make_app, 2), terminal_size=size, run_before=run_before)
