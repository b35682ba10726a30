"""Every screen at 80x24, 60x20 and 40x12 (issue 20): what each size shows, on purpose.

Frozen clocks, days, rooms and time zone: the pictures never drift. Review
`snapshot_report.html` before running with `--snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.widgets import Input, TextArea

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.caution import CautionScreen
from tests.ui.conftest import T0
from tests.ui.test_course_snapshots import course_app

SIZES = [(80, 24), (60, 20), (40, 12)]
SIZE_IDS = ["80x24", "60x20", "40x12"]
QUIET = Settings(seen_care_note=True, checkins=False)
ASKING = Settings(seen_care_note=True, checkins=True)

RunBefore = Callable[..., Awaitable[None]]


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False
    await pilot.pause()


def pressing(*keys: str) -> RunBefore:
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def practising(session_id: str, minutes: float, seconds_in: float, *keys: str, clock):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.begin(app.catalogue.get(session_id), minutes=minutes)
        await pilot.pause()
        if isinstance(app.screen, CautionScreen):
            await pilot.press("y")
        clock.advance(seconds_in)
        player = app.screen
        player.tick()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            player.tick()
            await pilot.pause()

    return run_before


PLAYERS = {
    "counted": ("counted-breathing", 3, 10 + 9 * 5 + 2, ()),
    "nostril": ("alternate-nostril", 3, 15 + 2, ()),
    "kapalabhati": ("kapalabhati", 3, 15 + 5.2, ()),
    "body-scan": ("body-scan", 20, 20 + 200, ()),
    "getting-ready": ("counted-breathing", 3, 2, ()),
    "paused": ("diaphragmatic-breathing", 5, 40, ("space",)),
    "all-guidance": ("counted-breathing", 3, 30, ("i",)),
    "end-question": ("counted-breathing", 3, 30, ("q",)),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("kind", list(PLAYERS))
def test_player(snap_compare, make_app, clock, kind, size):
    session_id, minutes, seconds_in, keys = PLAYERS[kind]
    run_before = practising(session_id, minutes, seconds_in, *keys, clock=clock)
    assert snap_compare(make_app(settings=QUIET), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_player_reduced_motion(snap_compare, make_app, clock, size):
    """The steady bar in place of the moving shape (Settings: movement on screen none)."""
    still = Settings(seen_care_note=True, checkins=False, animation="none")
    run_before = practising("counted-breathing", 3, 10 + 9 * 5 + 2, clock=clock)
    assert snap_compare(make_app(settings=still), terminal_size=size, run_before=run_before)


SCREENS = {
    "menu": ((), QUIET),
    "menu-details": (("i",), QUIET),
    "help": (("question_mark",), QUIET),
    "settings": (("s",), QUIET),
    "timer-dialog": (("b",), QUIET),
    "open-sit": (("o", "enter"), QUIET),
    "quick-timer": (("b", "enter"), QUIET),
    "editor": (("e",), QUIET),
    "check-in": (("enter", "enter"), ASKING),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, make_app, screen, size):
    keys, settings = SCREENS[screen]
    app = make_app(settings=settings)
    assert snap_compare(app, terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_caution(snap_compare, make_app, size):
    async def run_before(pilot) -> None:
        pilot.app.begin(pilot.app.catalogue.get("kapalabhati"), minutes=3)
        await pilot.pause()

    assert snap_compare(make_app(settings=QUIET), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_closing(snap_compare, make_app, clock, size):
    async def run_before(pilot) -> None:
        await practising("counted-breathing", 3, 400, clock=clock)(pilot)
        await settle(pilot)

    assert snap_compare(make_app(settings=QUIET), terminal_size=size, run_before=run_before)


COURSE = {
    "today": (2, ()),
    "week-review": (1, ()),
    "week-plan": (2, ("t",)),
    "calendar-form": (2, ("w",)),
    "progress": (2, ("p",)),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("screen", list(COURSE))
def test_course(snap_compare, make_app, screen, size):
    reviewed, keys = COURSE[screen]
    app = course_app(make_app, reviewed)
    assert snap_compare(app, terminal_size=size, run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_history(snap_compare, make_app, size):
    from tests.ui.test_history import history, seeded_entries

    async def run_before(pilot) -> None:
        pilot.app.push_screen(history(seeded_entries()))
        await settle(pilot)

    assert snap_compare(make_app(settings=QUIET), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_rooms(snap_compare, make_app, fixed_room, size):
    from mbsr_tui.core.group.listing import look
    from mbsr_tui.core.group.rooms import Seat
    from mbsr_tui.ui.screens.rooms import RoomsScreen
    from tests.ui.test_group_snapshots import practice

    folder = fixed_room
    Seat.open_room(folder, practice("body-scan"), 1200.0, starts_at=T0 - 300, now=T0 - 400,
                   name="Anna").heartbeat(T0)  # fmt: skip
    Seat(folder, look(folder, now=T0).rooms[0].room, host=False, name="Bo", now=T0)

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(RoomsScreen(folder, wall=lambda: T0))
        await pilot.pause(0.7)

    assert snap_compare(make_app(settings=QUIET), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_waiting(snap_compare, make_app, fixed_room, size):
    from mbsr_tui.core.group.plan import GroupPlan
    from tests.ui.test_group_snapshots import practice

    plan = GroupPlan(fixed_room, practice("sitting"), 900.0, starts_at=T0 + 272,
                     title="Evening sit", name="Anna")  # fmt: skip

    async def run_before(pilot) -> None:
        await pilot.pause(0.7)

    app = make_app(Launch(checkins=False, group=plan), QUIET)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
