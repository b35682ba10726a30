"""The menu and the history point to a damaged journal set aside, until it is dealt with
(issue 21, item 13)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from mbsr_tui.core import paths
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.ui.journal_keeper import JournalKeeper
from tests.ui.test_history_journal import make_entry, open_history, spy_notes


def set_aside_file():
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    moved = folder / "journal.sqlite3.corrupt-20250301T090000Z"
    moved.write_bytes(b"this is not a database" * 100)
    return moved


async def test_the_history_and_the_menu_point_to_the_set_aside_journal(make_app):
    moved = set_aside_file()
    with Journal.open() as journal:
        journal.add(make_entry(1))
    app = make_app()
    app.journal = JournalKeeper(app)
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sum(str(moved) in note for note in notes) == 1  # told once, at the menu
        screen = await open_history(pilot)
        message = screen.query_one("#history-message", Static)
        assert message.display and str(moved) in str(message.render())
        assert screen.query_one("#history-recent", DataTable).row_count == 1
        await pilot.press("escape")
        await open_history(pilot)
    assert sum(str(moved) in note for note in notes) == 1  # not once per look


async def test_an_empty_history_points_there_too_and_stops_once_it_is_gone(make_app):
    moved = set_aside_file()
    app = make_app()
    app.journal = JournalKeeper(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        screen = await open_history(pilot)
        shown = str(screen.query_one("#history-message", Static).render())
        assert "after your first session" in shown and str(moved) in shown
        await pilot.press("escape")
        moved.unlink()
        screen = await open_history(pilot)
        assert str(moved) not in str(screen.query_one("#history-message", Static).render())
