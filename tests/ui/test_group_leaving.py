"""Whoever ends or abandons a room removes what they wrote (issue 20, part 2), by every way
out the app has: q, the host's end, closing the room before its start, Ctrl+Q, a signal,
and the app going away. (Signals through a real terminal: tests/e2e/test_group_leaving.py.)
"""

from __future__ import annotations

import signal
import time

import pytest

from mbsr_tui.core.group.listing import find
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.group.rooms import Seat
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui import group_control
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.screens.waiting import WaitingScreen
from tests.support.clock import FakeClock
from tests.ui.conftest import NEAR_NOW

T0 = NEAR_NOW  # the wall fixture's moment (tests/ui/conftest.py)
SETTLE = 0.7
LAST_WORD = 0.2


@pytest.fixture
def wall(wall, monkeypatch) -> FakeClock:
    monkeypatch.setattr(group_control, "LAST_WORD_SECONDS", LAST_WORD)
    return wall


def names(folder) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def settings() -> Settings:
    return Settings(seen_care_note=True, checkins=False)


async def hosting(pilot, wall, *, sitting: bool):
    await pilot.pause()
    if sitting:
        wall.advance(3)  # "start now": the first moment is 2 s ahead
        await pilot.pause(SETTLE)
        assert isinstance(pilot.app.screen, PlayerScreen)
    else:
        assert isinstance(pilot.app.screen, WaitingScreen)
    room_id = pilot.app.group.room.id
    assert any(name.startswith(room_id) for name in names(pilot.app.group.seat.folder))
    return room_id


async def test_the_host_who_ends_for_everyone_leaves_the_end_a_moment_then_nothing(
    make_app, folder, wall, body_scan, monkeypatch
):
    monkeypatch.setattr(group_control, "LAST_WORD_SECONDS", 1.0)  # the real one
    app = make_app(Launch(checkins=False, group=GroupPlan(folder, body_scan, 600.0)), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        room_id = await hosting(pilot, wall, sitting=True)
        guest = Seat(folder, app.group.room, host=False, now=T0 + 3)
        wall.advance(30)
        await pilot.press("q", "y")  # "End this sitting for everyone?"
        await pilot.pause()
        assert guest.read(T0 + 33).room.ended_at == T0 + 33  # the guests read the end
        await pilot.pause(1.3)
        assert names(folder) == {guest.file}  # the room, its summary, the host's presence
        assert room_id not in {n.split("~")[0] for n in names(folder) - {guest.file}}


@pytest.mark.parametrize("way", ["ctrl+q", "sigterm", "sighup", "app-exit"])
async def test_a_host_who_goes_any_other_way_takes_the_room_along(
    make_app, folder, wall, body_scan, way
):
    app = make_app(Launch(checkins=False, group=GroupPlan(folder, body_scan, 600.0)), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await hosting(pilot, wall, sitting=True)
        wall.advance(20)
        if way == "ctrl+q":
            await pilot.press("ctrl+q")
        elif way == "app-exit":
            app.exit()
        else:
            app._on_signal(signal.SIGTERM if way == "sigterm" else signal.SIGHUP)
        await pilot.pause()
    time.sleep(LAST_WORD + 0.3)
    assert names(folder) == set()


async def test_a_host_who_closes_the_room_before_its_start_takes_it_along(
    make_app, folder, wall, body_scan
):
    plan = GroupPlan(folder, body_scan, 600.0, starts_at=T0 + 120)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await hosting(pilot, wall, sitting=False)
        await pilot.press("q", "y")  # "Close this room for everyone?"
        await pilot.pause(LAST_WORD + 0.3)
        assert names(folder) == set()


@pytest.mark.parametrize("way", ["q", "ctrl+q", "sigterm"])
async def test_a_guest_takes_only_its_own_presence(make_app, folder, wall, body_scan, way):
    host = Seat.open_room(folder, body_scan, 600.0, starts_at=T0 - 10, now=T0 - 20)
    host.heartbeat(T0)
    before = names(folder)
    listing, _ = find(folder, None, now=T0)
    app = make_app(Launch(checkins=False, group=GroupPlan(folder, room=listing.room)), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, PlayerScreen)
        assert len(names(folder)) == len(before) + 1
        if way == "q":
            await pilot.press("q", "y")
        elif way == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app._on_signal(signal.SIGTERM)
        await pilot.pause(SETTLE)
    assert names(folder) == before
