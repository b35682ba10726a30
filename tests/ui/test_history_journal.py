"""The history screen on the real journal: one handle opened once, its messages told,
entries waiting in pending.toml shown, stored text drawn safely (issues 14.9, 13.5, 13)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from textual.widgets import DataTable, Static

from mbsr_tui.core import paths
from mbsr_tui.core.journal import safekeeping
from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.journal.io import append_pending
from mbsr_tui.core.journal.storage import Journal
from mbsr_tui.ui.journal_keeper import JournalKeeper
from mbsr_tui.ui.screens.history import HistoryScreen
from mbsr_tui.ui.screens.session_detail import SessionDetailScreen

NOW = datetime.now(UTC).replace(microsecond=0)
RAW = ("\x1b", "\x07", "\u202e")


def make_entry(days_ago: int = 1, **changes) -> Entry:
    start = NOW - timedelta(days=days_ago, hours=2)
    values = dict(
        session_id="body-scan", title="Body scan", kind="body-scan", started_at=start,
        utc_offset_minutes=0, ended_at=start + timedelta(minutes=20), planned_seconds=1200,
        practised_seconds=1200, completed=True, pain_before=6, pain_after=4,
    )  # fmt: skip
    values.update(changes)
    return Entry(**values)


def counting_opens(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = safekeeping.open_journal

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(safekeeping, "open_journal", counted)
    return calls


def spy_notes(app) -> list[str]:
    notes: list[str] = []
    real = app.notify

    def notify(message, **kwargs):
        notes.append(message)
        return real(message, **kwargs)

    app.notify = notify
    return notes


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("h")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen


async def test_the_journal_is_opened_once_for_every_history_read(make_app, monkeypatch):
    with Journal.open() as journal:
        journal.add_many([make_entry(2), make_entry(1)])
    calls = counting_opens(monkeypatch)
    app = make_app()
    app.journal = JournalKeeper(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(3):
            screen = await open_history(pilot)
            assert screen.query_one("#history-recent", DataTable).row_count == 2
            await pilot.press("escape")
        assert app.journal.get(app.journal.entries()[0].row_id) == make_entry(2)
    assert len(calls) == 1


def test_threads_reading_at_once_share_one_opening(monkeypatch):
    with Journal.open() as journal:
        journal.add(make_entry())
    calls = counting_opens(monkeypatch)

    class QuietApp:
        is_running = False

        def call_from_thread(self, *_args, **_kwargs):
            raise RuntimeError("not running")

    keeper = JournalKeeper(QuietApp())
    found: list[list[Entry]] = []
    threads = [threading.Thread(target=lambda: found.append(keeper.entries())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and found == [[make_entry()]] * 8
    keeper.close()


async def test_what_the_opening_says_is_told_once(make_app):
    path = paths.journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    app = make_app()
    app.journal = JournalKeeper(app)
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await open_history(pilot)
        await pilot.press("escape")
        await open_history(pilot)
    moved = [note for note in notes if "moved aside" in note]
    assert len(moved) == 1
    assert len(list(path.parent.glob("journal.sqlite3.corrupt-*"))) == 1


async def test_a_row_that_cannot_be_read_is_told_and_the_rest_shown(make_app):
    with Journal.open() as journal:
        journal.add_many([make_entry(2), make_entry(1, session_id="odd")])
        with journal._lock:
            journal._connection.execute(
                "UPDATE sessions SET started_at = '225-01-01T08:00:00.000000+00:00' "
                "WHERE session_id = 'odd'"
            )
    app = make_app()
    app.journal = JournalKeeper(app)
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.query_one("#history-recent", DataTable).row_count == 1
        assert screen.query_one("#history-body").display
    assert any("could not be read and was skipped" in note for note in notes)


async def test_an_entry_waiting_in_pending_toml_is_shown_not_the_first_session_text(make_app):
    app = make_app()
    app.journal = JournalKeeper(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the journal opens after the first frame
        await app.workers.wait_for_complete()
        assert app.journal._opened is not None  # open, and empty
        # Then a practice is saved while another program holds the journal.
        append_pending(make_entry(), paths.data_dir())
        screen = await open_history(pilot)
        assert not screen.query_one("#history-message").display
        assert screen.query_one("#history-recent", DataTable).row_count == 1
        summary = str(screen.query_one("#history-summary", Static).render())
        assert "1 waiting to be saved" in summary


async def test_stored_text_is_drawn_with_its_control_characters_shown(make_app):
    from tests.ui.test_history import SeededJournal

    # A row as an older version stored it: text is cleaned on the way in now (21.14).
    hostile = make_entry()
    object.__setattr__(hostile, "title", "\x1b]2;owned\x07Body \x1b[31mscan\u202e")
    object.__setattr__(hostile, "note", "one\x1b[2J\r\ntwo \u202etxt.exe")
    app = make_app()
    app.journal = SeededJournal([hostile])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        row = screen.query_one("#history-recent", DataTable).get_row_at(0)
        cells = " ".join(str(cell) for cell in row)
        assert not any(char in cells for char in RAW)
        assert "^[]2;owned^GBody" in cells
        await pilot.press("enter")
        assert isinstance(app.screen, SessionDetailScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert not any(char in shown for char in RAW)
        assert "^[[31mscan<U+202E>" in shown and "one^[[2J\ntwo <U+202E>txt.exe" in shown
