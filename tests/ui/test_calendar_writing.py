"""A calendar entry keeps every word typed: keys read with ctrl+s, and a practice that ends
while the form is open over it (Ctrl+P during the player)."""

from __future__ import annotations

from textual.widgets import TextArea

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.calendar_form import CalendarFormScreen
from mbsr_tui.ui.screens.checkin import CheckInScreen
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.editor_dialogs import ChoiceScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from tests.support.menu import open_timer_dialog
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
        await pilot.press("ctrl+c")  # words written: asked first, as the editor asks
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("s")  # save and quit
        await settle(pilot)
        assert not app.is_running
    (practised,) = app.journal.entries
    assert practised.completed
    (entry,) = app.journal.calendar
    assert entry.answer("experience") == "Half"


async def test_quitting_from_an_empty_calendar_form_asks_nothing(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("pleasant")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


# -- the other forms that act on a key keep the keys read with it ---------------------------


async def test_settings_saved_with_a_name_typed_in_the_same_read(make_app):
    app = make_app(settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        name = app.screen.query_one("#share_name")
        name.focus()
        await pilot.pause()
        read_at_once(app, *"Ana", Pasted(" from the club"), "ctrl+s")
        await settle(pilot)
        assert app.settings.share_name == "Ana from the club"


async def test_the_timer_starts_with_the_minutes_typed_in_the_same_read(make_app):
    app = make_app(Launch(checkins=False), settings=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)
        dialog.query_one("#timer-minutes").value = ""
        read_at_once(app, "1", "7", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.timeline.length == 17 * 60


async def test_a_form_opened_while_the_practice_is_logged_is_not_swept_away(make_app, clock):
    # The journal is slow (another process holds it): the person opens a calendar form
    # before the practice's end is logged; the closing screen waits for the form.
    app = make_app(Launch(checkins=False), settings=QUIET, course=companion())
    held = []
    app.journal.record = lambda entry, done: held.append((entry, done))
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_practice(app, pilot)
        clock.advance(player.timeline.total + 1)
        player.tick()
        await settle(pilot)
        assert len(held) == 1
        app.write_calendar("pleasant")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Rain")
        _entry, done = held.pop()
        done("Saved to your journal.")  # the write lands under the form
        await settle(pilot)
        assert app.screen is form and form.query_one("#answer-experience").text == "Rain"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
    assert app.journal.calendar[0].answer("experience") == "Rain"


async def test_the_closing_check_in_keeps_a_note_typed_in_the_same_read(make_app, clock):
    app = make_app(Launch(checkins=True), settings=Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start_practice(app, pilot)
        clock.advance(player.timeline.total + 1)
        player.tick()
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        read_at_once(app, "3", "enter", "s", *"felt ok", Pasted(", warm hands"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
    (practised,) = app.journal.entries
    assert (practised.pain_after, practised.note) == (3, "felt ok, warm hands")
