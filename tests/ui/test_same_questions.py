"""Same settings, same questions, whichever way a practice starts (issue 20, part 2).

Check-ins on: every way in asks the check-in before the practice; off (in the settings,
or `--no-checkin` for the command's practice): none does. One function decides
(core/practice_choices.py); each path is tried here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mbsr_tui.core.course_state import CourseState, save_state
from mbsr_tui.core.practice_choices import practice_choices
from mbsr_tui.core.settings import Settings
from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.course_companion import CourseCompanion
from mbsr_tui.ui.screens.caution import CautionScreen
from mbsr_tui.ui.screens.checkin import CheckInScreen
from mbsr_tui.ui.screens.length import LengthScreen
from mbsr_tui.ui.screens.menu import OPEN_SIT, QUICK_TIMER
from mbsr_tui.ui.screens.player import PlayerScreen

ON = Settings(seen_care_note=True, checkins=True)
OFF = Settings(seen_care_note=True, checkins=False)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def from_the_menu(app, pilot, choice: str) -> None:
    await settle(pilot)
    practices = app.screen.query_one("#practices")
    practices.highlighted = practices.get_option_index(choice)
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(app.screen, LengthScreen):
        await pilot.press("enter")
    else:
        await pilot.press("enter")  # the timer dialog: its remembered shape
    await pilot.pause()


async def menu_practice(app, pilot):
    await from_the_menu(app, pilot, "sitting")


async def quick_timer(app, pilot):
    await from_the_menu(app, pilot, QUICK_TIMER)


async def open_sit(app, pilot):
    await from_the_menu(app, pilot, OPEN_SIT)


async def run_command(app, pilot):  # `mbsr-tui run sitting`: launched by the app itself
    await settle(pilot)


async def timer_command(app, pilot):  # `mbsr-tui timer 5`
    await settle(pilot)


async def today_card(app, pilot):
    await settle(pilot)
    await pilot.press("enter")  # the card has the focus: today's practice
    await pilot.pause()
    await pilot.press("enter")  # its length
    await pilot.pause()
    if isinstance(app.screen, CautionScreen):
        await pilot.press("y")
        await pilot.pause()


PATHS = {
    "menu": (menu_practice, {}),
    "quick timer": (quick_timer, {}),
    "open sit": (open_sit, {}),
    "run": (run_command, {"session": "sitting"}),
    "timer": (timer_command, {"session": timer_session(TimerShape(5))}),
    "today card": (today_card, {"course": True}),
}


def launch_for(app_options: dict, catalogue_get, no_checkin: bool) -> Launch:
    session = app_options.get("session")
    if isinstance(session, str):
        session = catalogue_get(session)
    return Launch(session=session, checkins=not no_checkin)


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize(("settings", "no_checkin", "asked"),
                         [(ON, False, True), (OFF, False, False), (ON, True, False)],
                         ids=["on", "off", "--no-checkin"])  # fmt: skip
async def test_every_way_in_asks_the_check_in_by_the_same_rule(make_app, clock, path, settings,
                                                               no_checkin, asked):  # fmt: skip
    from mbsr_tui.core.catalogue import load_catalogue

    steps, options = PATHS[path]
    course = None
    if options.get("course"):
        today = (datetime.now(UTC) - timedelta(hours=4)).date()
        save_state(CourseState(today - timedelta(days=15), reviewed=2))  # week 3, day 2
        course = CourseCompanion(tz=UTC)
    launch = launch_for(options, load_catalogue().get, no_checkin)
    app = make_app(launch, settings=settings, course=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(app, pilot)
        shown = app.screen
    assert isinstance(shown, CheckInScreen if asked else PlayerScreen), (path, app.screen_stack)


@pytest.mark.parametrize(
    ("said", "expected"),
    [({}, ("terminal", "on", "say", True)),
     ({"checkins": False, "bell_mode": "off", "voice": "off", "speak_command": ""},
      ("off", "off", "", False))],
)  # fmt: skip
def test_one_function_decides_from_the_settings_and_the_command_line(said, expected):
    settings = Settings(bell_mode="terminal", voice="on", speak_command="say", checkins=True)
    chosen = practice_choices(settings, **said)
    assert (chosen.bell_mode, chosen.voice, chosen.speak_command, chosen.checkins) == expected
    # A command line never turns on check-ins the person turned off.
    assert not practice_choices(Settings(checkins=False), checkins=True).checkins
