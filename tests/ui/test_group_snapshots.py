"""How sitting together looks (issue 10): the room list, the waiting screen, the player
with presence. Fixed wall clock, time zone and room ids: the pictures never drift."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group import rooms as rooms_module
from mbsr_tui.core.group.listing import look
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.group.rooms import Seat
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.group_control import GroupControl
from mbsr_tui.ui.screens.rooms import RoomsScreen
from tests.support.clock import FakeClock

T0 = 1_795_771_800.0  # 2026-11-27 09:30 UTC
SETTLE = 0.7


@pytest.fixture(autouse=True)
def fixed(monkeypatch, tmp_path):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    wall = FakeClock(T0)
    monkeypatch.setattr(GroupControl, "wall", staticmethod(wall))
    names = iter(f"{n:04x}" for n in range(1, 100))
    monkeypatch.setattr(rooms_module, "room_id_for",
                        lambda session: f"{session.id}-{next(names)}")  # fmt: skip
    folder = tmp_path / "rooms"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("MBSR_TUI_ROOMS", str(folder))
    yield folder
    monkeypatch.delenv("TZ")
    time.tzset()


def practice(session_id: str):
    return replace(load_catalogue().get(session_id), source=None)


def test_the_room_list(snap_compare, make_app, fixed):
    folder = fixed
    Seat.open_room(folder, practice("body-scan"), 1200.0, starts_at=T0 - 300, now=T0 - 400,
                   name="Anna").heartbeat(T0)  # fmt: skip
    Seat(folder, look(folder, now=T0).rooms[0].room, host=False, name="Bo", now=T0)
    Seat.open_room(folder, practice("sitting"), 900.0, starts_at=T0 + 1800, now=T0,
                   title="Evening sit, all welcome")  # fmt: skip

    async def open_rooms(pilot):
        screen = RoomsScreen(folder, wall=lambda: T0)
        await pilot.app.push_screen(screen)
        await pilot.pause(SETTLE)

    app = make_app(None, Settings(seen_care_note=True))
    assert snap_compare(app, run_before=open_rooms, terminal_size=(80, 24))


def test_the_waiting_screen(snap_compare, make_app, fixed):
    folder = fixed
    plan = GroupPlan(folder, practice("sitting"), 900.0, starts_at=T0 + 272,
                     title="Evening sit", name="Anna")  # fmt: skip

    async def others_come(pilot):
        await pilot.pause()
        room = pilot.app.group.room
        Seat(folder, room, host=False, name="Bo", now=T0)
        Seat(folder, room, host=False, now=T0)
        await pilot.pause(SETTLE)

    app = make_app(Launch(checkins=False, group=plan), Settings(seen_care_note=True))
    assert snap_compare(app, run_before=others_come, terminal_size=(80, 24))


def test_the_player_with_presence(snap_compare, make_app, fixed):
    folder = fixed
    host = Seat.open_room(folder, practice("body-scan"), 1200.0, starts_at=T0 - 432,
                          now=T0 - 500, name="Anna")  # fmt: skip
    host.heartbeat(T0)
    for name in ("Bo", "", ""):  # here before Cai (names are listed in the order people came)
        Seat(folder, host.room, host=False, name=name, now=T0 - 60).heartbeat(T0)
    [listing] = look(folder, now=T0).rooms
    plan = GroupPlan(folder, room=listing.room, name="Cai")

    async def settle(pilot):
        await pilot.pause(SETTLE)

    app = make_app(Launch(checkins=False, group=plan), Settings(seen_care_note=True))
    assert snap_compare(app, run_before=settle, terminal_size=(80, 24))
