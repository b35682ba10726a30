"""Sitting together in the app (issue 10): hosting, the waiting screen, joining, leaving.

Real room files in a private folder; the wall clock every process shares is a FakeClock
handed to GroupControl, so the room's moment moves only when a test moves it.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.accounts import account
from mbsr_tui.core.group.listing import find, look
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.group.room import decode
from mbsr_tui.core.group.rooms import Seat
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.screens.rooms import RoomsScreen
from mbsr_tui.ui.screens.waiting import WaitingScreen
from tests.ui.conftest import NEAR_NOW

T0 = NEAR_NOW  # the wall fixture's moment (tests/ui/conftest.py)
SETTLE = 0.7  # more than GroupControl.READ_EVERY: the room has been read again


async def until(pilot, condition, most_seconds: float = 15.0) -> None:
    """Let the app run until `condition()` holds (a loaded machine reads rooms and writes
    the journal later, never differently): behaviour, not timing, is what is tested."""
    for _ in range(round(most_seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)


def settings() -> Settings:
    return Settings(seen_care_note=True, checkins=False)


def room_on_disk(folder, room_id):
    return decode((folder / f"{room_id}.room").read_bytes(), now=time.time() + 3600 * 24)


async def test_hosting_waits_counts_who_is_there_then_plays_and_pauses_for_all(
    make_app, folder, wall, body_scan
):
    plan = GroupPlan(folder, body_scan, 600.0, starts_at=T0 + 60, name="Anna")
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WaitingScreen)
        room = app.group.room
        bo = Seat(folder, room, host=False, name="Bo", now=T0)
        await pilot.pause(SETTLE)
        text = str(app.screen.query_one("#waiting-count").render())
        assert "Starts in 1:00 · 2 here" in text
        me = account(os.geteuid())  # beside each chosen name, the account it comes from
        assert f"Anna ({me}), Bo ({me})" in str(app.screen.query_one("#waiting-people").render())
        wall.advance(60)
        bo.heartbeat(T0 + 60)  # Bo's own app renews it every few seconds
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, PlayerScreen)
        assert f"2 sitting together (Anna ({me}), Bo ({me}))" in app.screen._header_text()
        wall.advance(30)
        await pilot.press("space")
        paused = room_on_disk(folder, room.id)
        assert paused.paused_since == T0 + 90
        wall.advance(10)
        await pilot.press("space")
        going = room_on_disk(folder, room.id)
        assert going.paused_since is None and going.paused_seconds == 10
        assert app.screen.clock.elapsed() == 30


async def test_a_late_joiner_enters_at_the_rooms_moment_and_cannot_steer_it(
    make_app, folder, wall, body_scan
):
    host = Seat.open_room(folder, body_scan, 600.0, starts_at=T0 - 130, now=T0 - 140)
    host.heartbeat(T0)
    listing, _ = find(folder, None, now=T0)  # the room read whole (a list reads headers)
    plan = GroupPlan(folder, room=listing.room)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.clock.elapsed() == 130
        assert "2 sitting together" in player._header_text()
        assert any("You joined at 1:50" in n.message for n in app._notifications)
        await pilot.press("n")
        assert player.clock.elapsed() == 130  # nobody skips ahead
        await pilot.press("space")
        assert not player.clock.paused  # only the host pauses
        assert any("Only the host" in n.message for n in app._notifications)
        wall.advance(40)
        host.heartbeat(T0 + 40)  # the host is there (a quiet host's pause would end)
        host.pause(T0 + 40)
        await until(pilot, lambda: player.clock.paused)
        assert player.clock.paused and player.clock.elapsed() == 170
        wall.advance(20)
        host.resume(T0 + 60)
        host.heartbeat(T0 + 60)
        wall.advance(50)  # 110 s there, the 20 s pause left out: 90 s of practice
        host.end(T0 + 110)
        await until(pilot, lambda: app.journal.entries)
        [entry] = app.journal.entries
        assert not entry.completed
        assert entry.practised_seconds == 90
        assert entry.planned_seconds == 600 - (130 - 20)  # what remained when they came
        assert entry.title == "Body scan · group sitting"


async def test_a_participant_who_leaves_affects_nobody(make_app, folder, wall, body_scan):
    host = Seat.open_room(folder, body_scan, 600.0, starts_at=T0 - 10, now=T0 - 20)
    host.heartbeat(T0)
    listing, _ = find(folder, None, now=T0)  # the room read whole (a list reads headers)
    app = make_app(Launch(checkins=False, group=GroupPlan(folder, room=listing.room)), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        assert look(folder, now=T0).rooms[0].count == 2
        await pilot.press("q")
        assert app.screen.question == "Leave the group sitting? The others carry on."
        await pilot.press("y")
        await pilot.pause(SETTLE)
        assert not isinstance(app.screen, PlayerScreen)
        left = look(folder, now=T0).rooms
        assert left[0].count == 1  # the host alone, the room as it was
        assert room_on_disk(folder, host.room.id) == host.room


async def test_the_host_who_ends_early_ends_the_room_for_everyone(
    make_app, folder, wall, body_scan
):
    plan = GroupPlan(folder, body_scan, 600.0)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wall.advance(3)
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, PlayerScreen)
        room_id = app.group.room.id
        wall.advance(30)
        await pilot.press("q")
        assert app.screen.question == "End this sitting for everyone?"
        await pilot.press("y")
        await pilot.pause(SETTLE)
        assert room_on_disk(folder, room_id).ended_at == T0 + 33
        assert look(folder, now=T0 + 34).rooms == []


async def test_the_menu_lists_the_rooms_and_joins_one(
    make_app, folder, wall, body_scan, monkeypatch
):
    monkeypatch.setenv("MBSR_TUI_ROOMS", str(folder))
    host = Seat.open_room(folder, body_scan, 600.0, starts_at=T0 + 300, now=T0, title="Evening")
    app = make_app(None, settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_sit_together()
        await pilot.pause(SETTLE)
        rooms = app.screen
        assert isinstance(rooms, RoomsScreen)
        rooms._wall = wall
        rooms.action_look()
        await pilot.pause(SETTLE)
        assert list(rooms.listings) == [host.room.id]
        await pilot.press("enter")
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, WaitingScreen)
        assert look(folder, now=T0).rooms[0].count == 2
        await pilot.press("q")  # leave before it starts
        await pilot.pause()
        assert look(folder, now=T0).rooms[0].count == 1


async def test_a_rooms_folder_others_could_tamper_with_is_explained(make_app, tmp_path, wall):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    app = make_app(None, settings())
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RoomsScreen(folder))
        await pilot.pause(SETTLE)
        note = str(app.screen.query_one("#rooms-note").render())
        assert "sticky bit" in note


async def test_the_waiting_screen_gives_way_to_the_player_once(make_app, folder, wall, body_scan):
    # Its ten looks a second and the room's reads all ask "time?": only the first may
    # dismiss it (a second dismiss popped the player it had just pushed, mid-compose).
    plan = GroupPlan(folder, body_scan, 600.0, starts_at=T0 + 30)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        waiting = app.screen
        assert isinstance(waiting, WaitingScreen)
        wall.advance(30)
        waiting._show()
        waiting._show()
        app.group._read(app.group.seat.read(wall()))
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.query_one("#player-header")


# -- issue 21 -----------------------------------------------------------------------------


async def test_a_room_rewritten_with_huge_pauses_neither_moves_a_guest_back_nor_erases_it(
    make_app, folder, wall, body_scan
):
    from mbsr_tui.core.group import folder as files
    from mbsr_tui.core.group.room import encode

    host = Seat.open_room(folder, body_scan, 600.0, starts_at=T0 - 5, now=T0 - 20)
    listing, _ = find(folder, None, now=T0)
    app = make_app(Launch(checkins=False, group=GroupPlan(folder, room=listing.room)), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        wall.advance(100)
        host.heartbeat(T0 + 100)
        await pilot.pause(SETTLE)
        assert player.clock.elapsed() == 105
        lie = replace(host.room, paused_seconds=20_000.0)  # back before "getting ready"
        files.replace_file(folder, f"{host.room.id}.room", encode(lie))
        wall.advance(1)
        await pilot.pause(SETTLE)
        assert player.clock.elapsed() == 106
        assert not player.timeline.state_at(player.clock.elapsed()).preparing
        assert any("cannot be right" in n.message for n in app._notifications)
        await pilot.press("q")
        await pilot.press("y")
        await until(pilot, lambda: app.journal.entries)
        [entry] = app.journal.entries
        assert entry.practised_seconds == 106 - player.timeline.prepare


async def ask_to_close_until_past_the_start(app, pilot, wall) -> None:
    """The host, waiting for a start 30 s off, presses q; the start comes while asked."""
    from mbsr_tui.ui.screens.confirm import ConfirmScreen

    await pilot.pause()
    assert isinstance(app.screen, WaitingScreen)
    await pilot.press("q")
    assert isinstance(app.screen, ConfirmScreen)
    wall.advance(60)  # the start comes while the question is open
    await pilot.pause(SETTLE)
    assert isinstance(app.screen, ConfirmScreen)  # still asked, still on top


async def test_the_hosts_close_room_question_waits_for_an_answer_past_the_start(
    make_app, folder, wall, body_scan
):
    from mbsr_tui.ui.screens.confirm import ConfirmScreen

    plan = GroupPlan(folder, body_scan, 600.0, starts_at=T0 + 30)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_close_until_past_the_start(app, pilot, wall)
        await pilot.press("n")  # keep it open: the sitting begins, already under way
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, PlayerScreen)
        assert not any(isinstance(s, WaitingScreen | ConfirmScreen) for s in app.screen_stack)
        assert app.screen.clock.elapsed() == 30


async def test_the_host_who_closes_the_room_after_its_start_time_closes_it(
    make_app, folder, wall, body_scan
):
    plan = GroupPlan(folder, body_scan, 600.0, starts_at=T0 + 30)
    app = make_app(Launch(checkins=False, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_close_until_past_the_start(app, pilot, wall)
        room_id = app.group.room.id
        await pilot.press("y")
        await pilot.pause(SETTLE)
        assert not any(isinstance(s, WaitingScreen | PlayerScreen) for s in app.screen_stack)
        assert room_on_disk(folder, room_id).ended_at == T0 + 60
        assert look(folder, now=T0 + 61).rooms == []


async def test_a_group_sitting_goes_in_the_way_a_solo_practice_does(make_app, folder, wall):
    """One way in for every sitting (practice_flow.PracticeFlow.gate): the practice's
    caution, then the check-in, and only then the room is opened; the check-in's answers
    go with the practice."""
    from mbsr_tui.ui.screens.caution import CautionScreen
    from mbsr_tui.ui.screens.checkin import CheckInScreen

    kapalabhati = replace(load_catalogue().get("kapalabhati"), source=None)
    plan = GroupPlan(folder, kapalabhati, 180.0, starts_at=T0 + 60)
    app = make_app(Launch(checkins=True, group=plan), Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert not list(folder.iterdir())  # no room before the person has said yes
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert not list(folder.iterdir())
        await pilot.press("6", "enter", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WaitingScreen)
        assert app.group is not None and app.group.before.pain == 6


async def test_declining_a_group_sittings_caution_leaves_an_app_started_for_it(
    make_app, folder, wall
):
    kapalabhati = replace(load_catalogue().get("kapalabhati"), source=None)
    plan = GroupPlan(folder, kapalabhati, 180.0, starts_at=T0 + 60)
    app = make_app(Launch(checkins=True, exit_at_end=True, group=plan), settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "CautionScreen"
        await pilot.press("n")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert not list(folder.iterdir())
