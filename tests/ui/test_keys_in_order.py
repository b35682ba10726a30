"""Fast typing in forms (issue 20, part 7): each key lands in the field that was focused
when it was typed, also after Tab, Shift+Tab or Enter moved the focus within the burst
(to the next field, or into the dialog the Enter opened).

Keys are posted all at once (tests/support/one_read.py), as a fast terminal, a paste
tool or an SSH link delivers them: none is handled before the next is queued.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from mbsr_tui.core.journal.calendar_entry import QUESTIONS
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.calendar_form import CalendarFormScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from tests.support.one_read import read_at_once
from tests.ui.test_course import QUIET, companion

NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


async def settled(pilot, rounds: int = 12) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def test_a_burst_with_tabs_fills_each_calendar_question_in_turn(make_app):
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("pleasant")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CalendarFormScreen)
        read_at_once(app, *"Morning sun.", "tab", *"Yes, halfway.", "tab", *"Warm shoulders",
                     "shift+tab", *" through")  # fmt: skip
        await settled(pilot)
        answers = list(form.answers().values())
    assert answers[:3] == ["Morning sun.", "Yes, halfway. through", "Warm shoulders"]


@pytest.mark.parametrize("kind", ["pleasant", "unpleasant", "communication"])
async def test_every_calendar_takes_a_burst_question_by_question(make_app, kind):
    app = make_app(settings=QUIET, course=companion())
    names = [name for name, _ in QUESTIONS[kind]]
    typed = [f"answer {n}" for n in range(len(names))]
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar(kind)
        await pilot.pause()
        form = app.screen
        burst: list[str] = []
        for words in typed:
            burst += [*words, "tab"]
        read_at_once(app, *burst[:-1], "enter", *"more")  # Enter: a new line, same field
        await settled(pilot)
        answers = form.answers()
    assert [answers[name] for name in names[:-1]] == typed[:-1]
    assert answers[names[-1]] == typed[-1] + "\nmore"


async def test_the_timer_dialog_takes_a_burst_field_by_field(make_app, clock):
    from tests.support.menu import open_timer_dialog

    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)  # 20 and 0, remembered
        read_at_once(app, "backspace", "backspace", "7", "tab", "backspace", "3", "enter")
        await settled(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen), dialog.query_one("#timer-problem").render()
        assert player.timeline.length == 7 * 60
        assert player.session.bells.interval_seconds == 3 * 60


async def test_the_settings_take_a_burst_after_tab(make_app, clock):
    from textual.widgets import Switch

    from mbsr_tui.ui.screens.settings import SettingsScreen

    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        app.action_settings()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#checkins", Switch).focus()
        await pilot.pause()
        read_at_once(app, "space", "tab", "tab", *"Ann", "shift+tab", "shift+tab", "space")
        await settled(pilot)
        assert screen.query_one("#share_name", Input).value == "Ann"
        assert screen.query_one("#checkins", Switch).value is False  # on, then off again


async def test_the_group_start_form_takes_a_burst_field_by_field(make_app, tmp_path):
    from mbsr_tui.ui.screens.group_start import GroupStartScreen

    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        screen = GroupStartScreen(app.catalogue, tmp_path)
        app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#group-minutes", Input).focus()
        await pilot.pause()
        read_at_once(
            app,
            *"12",
            "tab",
            "backspace",
            "5",
            "tab",
            *"Friday friends",
            "shift+tab",
            "shift+tab",
            *"15",
        )  # fmt: skip (focus selects: replaced)
        await settled(pilot)
        values = [screen.query_one(f"#{i}", Input).value
                  for i in ("group-minutes", "group-in", "group-title")]  # fmt: skip
    assert values == ["15", "5", "Friday friends"]


async def test_the_editor_takes_a_burst_field_by_field(make_app):
    from mbsr_tui.ui.screens.editor import EditorScreen

    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_editor(None)
        for _ in range(4):
            await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one("#f-title", Input).focus()
        await pilot.pause()
        read_at_once(app, *"Evening", "tab", *"A short rest", "shift+tab", *" sit")
        await settled(pilot)
        title = editor.query_one("#f-title", Input).value
        summary = editor.query_one("#f-summary", Input).value
    assert (title, summary) == ("Evening sit", "A short rest")


async def test_a_paste_read_after_tab_lands_in_the_next_field(make_app):
    from tests.support.one_read import Pasted

    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        app.write_calendar("pleasant")
        await pilot.pause()
        form = app.screen
        read_at_once(app, *"Tea", "tab", Pasted("pasted, whole"), *" then typed")
        await settled(pilot)
        answers = list(form.answers().values())
    assert answers[:2] == ["Tea", "pasted, whole then typed"]


async def test_keys_after_enter_in_the_timer_dialog_reach_the_check_in(make_app, clock):
    """Enter starts the timer; the digits read with it answer the check-in it opens."""
    from mbsr_tui.ui.screens.checkin import CheckInScreen
    from tests.support.menu import open_timer_dialog

    checkins = Settings(seen_care_note=True, checkins=True)
    app = make_app(Launch(checkins=True), settings=checkins)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timer_dialog(app, pilot)
        read_at_once(app, "backspace", "backspace", "9", "enter", "6", "enter", "2", "enter")
        await settled(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen), app.screen_stack
        assert player.timeline.length == 9 * 60
        assert not any(isinstance(s, CheckInScreen) for s in app.screen_stack)
        before = app.practice.before
    assert (before.pain, before.stress) == (6, 2)


async def test_keys_read_with_the_menus_enter_reach_the_timer_dialog_it_opens(make_app, clock):
    from mbsr_tui.ui.screens.menu import QUICK_TIMER

    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        practices = app.screen.query_one("#practices")
        practices.highlighted = practices.get_option_index(QUICK_TIMER)
        read_at_once(app, "enter", "backspace", "backspace", "8", "tab", "backspace", "2",
                     "enter")  # fmt: skip
        await settled(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen), app.screen_stack
        assert player.timeline.length == 8 * 60
        assert player.session.bells.interval_seconds == 2 * 60


async def test_keys_read_with_a_letter_that_opens_a_form_reach_that_form(make_app, clock):
    """`b` in the menu opens the timer dialog: a printable key that moves the focus. The
    keys read with it belong to the dialog, not to the menu's other letters (h, g, p)."""
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        read_at_once(app, "b", "backspace", "backspace", "6", "tab", "backspace", "2",
                     "enter")  # fmt: skip
        await settled(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen), app.screen_stack
        assert player.timeline.length == 6 * 60
        assert player.session.bells.interval_seconds == 2 * 60


async def test_text_read_with_the_letter_that_opens_the_calendars_lands_in_the_form(make_app):
    """`w` (a letter, posted on as a request) opens the calendars' choice: the Enter and the
    words read with it choose the first calendar and fill its first question, never reach the
    menu's own letters (`h` history, `p` course, `g` together)."""
    app = make_app(settings=QUIET, course=companion())
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.screen.query_one("#practices").focus()
        await pilot.pause()
        read_at_once(app, "w", "enter", *"happy gap", "tab", *"yes")
        await settled(pilot, 20)
        form = app.screen
        assert isinstance(form, CalendarFormScreen), app.screen_stack
        answers = list(form.answers().values())
    assert answers[:2] == ["happy gap", "yes"]
