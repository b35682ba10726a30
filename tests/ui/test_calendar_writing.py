"""A calendar entry keeps every word typed: keys read with ctrl+s, and a practice that ends
while the form is open over it (Ctrl+P during the player)."""

from __future__ import annotations

from textual.widgets import TextArea

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.calendar_form import CalendarFormScreen
from mbsr_tui.ui.screens.checkin import CheckInScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from tests.support.one_read import Pasted, read_at_once
from tests.ui.test_course import QUIET, companion, settle


async def test_a_pasted_tail_read_with_ctrl_s_is_in_the_entry(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("pleasant")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CalendarFormScreen)
        read_at_once(app, *"Tea", Pasted(" in the garden, warm cup"), "ctrl+s")
        await settle(pilot)
        assert form not in app.screen_stack
    (entry,) = app.journal.calendar
    assert entry.answer("experience") == "Tea in the garden, warm cup"


async def start_practice(app, pilot) -> PlayerScreen:
    app.begin(app.catalogue.get("counted-breathing"), minutes=3)
    await pilot.pause()
    if isinstance(app.screen, CheckInScreen):
        await pilot.press("6", "enter", "4", "enter")
        await pilot.pause()
    assert isinstance(app.screen, PlayerScreen)
    return app.screen


async def test_a_practice_ending_under_a_half_written_entry_keeps_it(make_app, clock):
    app = make_app(Launch(checkins=True), settings=Settings(seen_care_note=True),
                   course=companion())  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_practice(app, pilot)
        app.write_calendar("pleasant")  # what Ctrl+P's "Write a pleasant event" calls
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Sun on the")
        clock.advance(player.timeline.total + 1)
        player.tick()  # the practice reaches its end under the form
        await settle(pilot)
        assert app.screen is form  # not dropped, not covered by the closing check-in
        assert form.query_one("#answer-experience", TextArea).text == "Sun on the"
        assert app.journal.entries == []  # the practice's end waits for the form
        await pilot.press(*" floor", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)  # then the practice closes as ever
        await pilot.press("3", "enter", "2", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
    (entry,) = app.journal.calendar
    assert entry.answer("experience") == "Sun on the floor"
    (practised,) = app.journal.entries
    assert practised.completed and practised.pain_after == 3


async def test_a_practice_ended_under_the_form_is_logged_if_the_app_quits(make_app, clock):
    app = make_app(Launch(checkins=False), settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_practice(app, pilot)
        app.write_calendar("pleasant")
        await pilot.pause()
        await pilot.press(*"Half")
        clock.advance(player.timeline.total + 1)
        player.tick()
        await settle(pilot)
        assert isinstance(app.screen, CalendarFormScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
    (practised,) = app.journal.entries
    assert practised.completed
