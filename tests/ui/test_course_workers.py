"""No worker of the course ends the app (issue 21, item 20): starting the course, or
answering a week's review, with a journal that cannot be read or a state that cannot be
written says so plainly and the app stays up, whatever the exception."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_state import load_state, save_state
from mbsr_tui.core.journal.entry import JournalError
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui import course_flow
from mbsr_tui.ui.app import MbsrApp
from mbsr_tui.ui.course_companion import CourseCompanion
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.week_review import WeekReviewScreen
from mbsr_tui.ui.widgets.today_card import TodayCard

NOW = datetime(2025, 3, 11, 10, 0, tzinfo=UTC)  # a Tuesday
QUIET = Settings(seen_care_note=True, checkins=False)
FAILURES = {
    "journal": JournalError("journal.sqlite3: could not be read (disk I/O error)"),
    "sqlite": sqlite3.DatabaseError("database disk image is malformed"),
    "permission": PermissionError(13, "Permission denied", "/data/mbsr-tui/journal.sqlite3"),
    "anything": RuntimeError("something unforeseen"),
}


def real_app() -> MbsrApp:
    """The app with its real journal keeper (the journal on disk) and a frozen day."""
    app = MbsrApp(None, settings=QUIET)
    app.course = CourseCompanion(now=lambda: NOW, tz=UTC)
    return app


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def reads_fail(monkeypatch, error: Exception) -> None:
    """From now on every read of the journal (already opened and healthy) raises."""

    def broken(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(Journal, "since", broken)
    monkeypatch.setattr(Journal, "calendar", broken)


async def start_from_the_card(pilot) -> None:
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(pilot)


@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_start_with_a_journal_that_cannot_be_read_keeps_the_app(monkeypatch, failure):
    Journal.open().close()
    app = real_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads_fail(monkeypatch, FAILURES[failure])
        await start_from_the_card(pilot)
        assert app.is_running and isinstance(app.screen, MenuScreen)
        assert "The course has begun today; your journal could not be read" in notes(app)
        assert load_state() == CourseState(date(2025, 3, 11))  # the start itself is kept
        assert not app.course.busy
        card = str(app.screen.query_one(TodayCard).render())
        assert "Traceback" not in card


@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_start_whose_state_cannot_be_written_keeps_the_app(monkeypatch, failure):
    def cannot(self, hour):
        raise FAILURES[failure]

    monkeypatch.setattr(CourseCompanion, "start", cannot)
    app = real_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_from_the_card(pilot)
        assert app.is_running and isinstance(app.screen, MenuScreen)
        assert "The course could not be started" in notes(app)
        assert load_state() is None


async def test_start_where_the_data_folder_is_a_file_keeps_the_app():
    folder = paths.data_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n")
    app = real_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the Today card says the course cannot be read; the palette:
        course_flow.start_course(app)
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running and "The course could not be started" in notes(app)


@pytest.mark.parametrize("how", ["directory", "damaged", "mode 000"])
async def test_start_with_a_journal_unreadable_from_the_outset_keeps_the_app(how):
    journal = paths.journal_path()
    journal.parent.mkdir(parents=True, exist_ok=True)
    if how == "directory":
        journal.mkdir()
    elif how == "damaged":
        journal.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    else:
        journal.write_bytes(b"")
        journal.chmod(0)
    app = real_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_from_the_card(pilot)
        assert app.is_running
        assert load_state() == CourseState(date(2025, 3, 11))


@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_a_review_answered_with_a_journal_that_cannot_be_read_keeps_the_app(
    monkeypatch, failure
):
    Journal.open().close()
    save_state(CourseState(date(2025, 2, 24), reviewed=1))  # week 2's review is due
    app = real_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WeekReviewScreen)
        reads_fail(monkeypatch, FAILURES[failure])
        await pilot.click("#repeat")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MenuScreen)
        assert "Your choice for the new week could not be kept" in notes(app)
        assert not app.course.busy
        assert load_state().repeats == (2,)  # the choice itself was saved first
