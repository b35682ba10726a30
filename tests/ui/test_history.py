"""The history screen: seeded practice, the calendar, pain over the weeks, one session in full."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from textual.widgets import DataTable, Static

from mbsr_tui.core.journal.entry import Entry
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.help import HelpScreen
from mbsr_tui.ui.screens.history import HistoryScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.session_detail import SessionDetailScreen
from mbsr_tui.ui.widgets.calendar import LEVEL_CHARS, legend, level
from mbsr_tui.ui.widgets.pain_chart import bar_cells

NOW = datetime(2025, 3, 6, 20, 0, tzinfo=UTC)  # a Thursday evening
TITLES = ("Body scan", "Sitting meditation", "Mindful movement", "Walking meditation")
MINUTES = (20, 45, 12, 30, 3, 25, 40)
NOTES = {
    0: "Lower back eased after the first ten minutes. Breathing into the tight place helped.",
    2: "Restless today; came back to the breath many times.",
    9: "",
}


class SeededJournal:
    """Stands in for JournalKeeper with practice already kept."""

    def __init__(self, entries: list[Entry]) -> None:
        self._entries = entries

    def open(self) -> None:
        pass

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def get(self, row_id: int) -> Entry | None:
        return next((e for e in self._entries if e.row_id == row_id), None)

    def unsaved_lines(self) -> list[str]:
        return []

    def settle(self, seconds: float = 0.0) -> None:
        pass


def practice(days_ago: int, minutes: int, pain: int | None, note: str = "") -> Entry:
    started = NOW - timedelta(days=days_ago, hours=12)  # 08:00 UTC
    return Entry(
        session_id="body-scan",
        title=TITLES[days_ago % len(TITLES)],
        kind="guided",
        started_at=started,
        utc_offset_minutes=0,
        ended_at=started + timedelta(minutes=minutes),
        planned_seconds=max(20, minutes) * 60,
        practised_seconds=minutes * 60,
        completed=minutes >= 20,
        pain_before=pain,
        pain_after=None if pain is None else max(0, pain - 2),
        stress_before=None if pain is None else 5,
        stress_after=None if pain is None else 3,
        note=note,
        row_id=1000 - days_ago,
    )


def seeded_entries() -> list[Entry]:
    """Eight weeks of practice, oldest first: most days, some missed, pain easing 6 -> 4."""
    entries = []
    for days_ago in range(58, -1, -1):
        if days_ago % 7 == 3 or days_ago % 11 == 5:
            continue  # days without practice
        pain = 6 - (58 - days_ago) // 25 if days_ago % 3 else None
        entries.append(
            practice(days_ago, MINUTES[days_ago % 7], pain, NOTES.get(days_ago % 10, ""))
        )
    return entries


def history(entries: list[Entry]) -> HistoryScreen:
    return HistoryScreen(SeededJournal(entries), Settings(seen_care_note=True), now=NOW, tz=UTC)


async def settle(pilot) -> None:
    """Let the loading worker finish and the screen draw what it posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# -- the calendar's shading ------------------------------------------------------------


def test_calendar_levels_follow_minutes():
    assert level(None) is None  # a day still to come stays blank
    assert [level(m) for m in (0, 0.2, 1, 14.4, 14.6, 15, 29, 30, 44, 45, 120)] == [
        0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert "".join(key[0] for key, _ in legend()) == LEVEL_CHARS


def test_pain_bars_fill_in_eighths():
    assert bar_cells(10) == ["█"] * 5
    assert bar_cells(0) == [" "] * 5
    assert bar_cells(5) == [" ", " ", "▄", "█", "█"]


# -- the screen --------------------------------------------------------------------------


async def test_h_from_the_menu_opens_history_and_escape_returns(make_app):
    app = make_app()
    app.journal = SeededJournal(seeded_entries())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await settle(pilot)
        assert app.screen.query_one("#history-body").display
        await pilot.press("escape")
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("h")  # h goes back too
        assert isinstance(app.screen, MenuScreen)


async def test_history_reads_the_real_journal_through_the_keeper(make_app):
    from mbsr_tui.core.journal.safekeeping import record
    from mbsr_tui.ui.journal_keeper import JournalKeeper

    kept = seeded_entries()[-3:]
    for entry in kept:
        record(entry)  # into the journal under the test's own XDG_DATA_HOME
    app = make_app()
    app.journal = JournalKeeper(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        assert app.screen.query_one("#history-recent", DataTable).row_count == 3
        await pilot.press("enter")
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.entry == kept[-1]


async def test_summary_shows_totals_rhythm_and_recent_sessions(make_app):
    entries = seeded_entries()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history(entries))
        await settle(pilot)
        screen = app.screen
        summary = str(screen.query_one("#history-summary", Static).render())
        assert f"{len(entries)} sessions" in summary
        assert "3 of 6 practice days" in summary  # Monday to Thursday, Monday missed
        words = str(screen.query_one("#history-pain-words", Static).render())
        assert "2016 study" in words
        table = screen.query_one("#history-recent", DataTable)
        assert table.row_count == len(entries)
        assert table.has_focus
        first = table.get_row_at(0)
        assert first[0] == "Thu 6 Mar 08:00"  # the newest first


async def test_enter_opens_a_session_in_full_and_escape_closes_it(make_app):
    entries = seeded_entries()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history(entries))
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        assert detail.entry == entries[-3]
        assert str(detail.query_one("#session-note", Static).render()) == entries[-3].note
        facts = str(detail.query_one("#session-facts", Static).render())
        assert "Tuesday 4 March 2025, 08:00" in facts
        assert "12 min practised of 20 min planned · ended early" in facts
        assert "4 → 2" in facts
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_loading_is_said_and_the_app_stays_responsive_while_the_journal_is_read(make_app):
    class Slow(SeededJournal):
        release = threading.Event()

        def entries(self) -> list[Entry]:
            self.release.wait(timeout=10)
            return super().entries()

    journal = Slow(seeded_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(HistoryScreen(journal, Settings(), now=NOW, tz=UTC))
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#history-message", Static).render()) == "Loading…"
        await pilot.press("question_mark")  # keys still work while the worker waits
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        journal.release.set()
        await settle(pilot)
        assert screen.query_one("#history-body").display
        assert not screen.query_one("#history-message").display


async def test_no_sessions_yet_is_met_kindly(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(history([]))
        await settle(pilot)
        message = str(app.screen.query_one("#history-message", Static).render())
        assert message.startswith("Your practice will appear here")
        assert not app.screen.query_one("#history-body").display
        await pilot.press("enter")  # nothing to open
        assert isinstance(app.screen, HistoryScreen)


async def test_a_journal_that_cannot_be_read_is_said_plainly(make_app):
    class Broken(SeededJournal):
        def entries(self) -> list[Entry]:
            raise OSError("The journal is locked by another program.")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(HistoryScreen(Broken([]), Settings(), now=NOW, tz=UTC))
        await settle(pilot)
        message = str(app.screen.query_one("#history-message", Static).render())
        assert "could not be read" in message
        assert "locked" in message


def test_history_snapshot(snap_compare, make_app):
    async def run_before(pilot) -> None:
        pilot.app.push_screen(history(seeded_entries()))
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_session_detail_snapshot(snap_compare, make_app):
    async def run_before(pilot) -> None:
        pilot.app.push_screen(history(seeded_entries()))
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
