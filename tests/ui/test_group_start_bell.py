"""The start bell on time (issue 22, item 2): the player is built during the countdown
and rings the start bell at the moment its clock plans, not when a screen change ends.

The wall clock every process shares is a FakeClock handed to GroupControl; the player's
planned wake (`next_look_in`) is what the loop's timer is set to.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.settings import Settings
from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.group_control import SWITCH_EARLY, SWITCH_SPREAD
from mbsr_tui.ui.screens.player import BELL_FIRST, FRAME_SECONDS, WAKE_LATE, PlayerScreen
from mbsr_tui.ui.screens.waiting import WaitingScreen
from tests.ui.conftest import NEAR_NOW

T0 = NEAR_NOW  # the wall fixture's moment (tests/ui/conftest.py)
SETTLE = 0.7


def starting_at_once(session_id: str):
    """A practice whose start bell is its first moment (no getting ready), as a timer's."""
    session = replace(load_catalogue().get(session_id), source=None, prepare_seconds=0.0)
    return replace(session, bells=replace(session.bells, start=True))


@pytest.mark.parametrize("session_id", ["body-scan", "sitting"])
async def test_the_player_is_ready_before_the_start_and_rings_at_the_rooms_moment(
    make_app, folder, wall, session_id
):
    plan = GroupPlan(folder, starting_at_once(session_id), 600.0, starts_at=T0 + 60)
    app = make_app(Launch(checkins=False, group=plan), Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE)
        assert isinstance(app.screen, WaitingScreen)
        # Built and mounted under the countdown, a minute before the start: held, silent.
        [ready] = [s for s in app.screen_stack if isinstance(s, PlayerScreen)]
        assert ready.is_mounted and ready.held
        assert ready.query_one("#player-header") is not None
        early = app.group.switch_early  # this person's moment to uncover it
        assert SWITCH_EARLY <= early <= SWITCH_EARLY + SWITCH_SPREAD
        wall.advance(60 - early + 0.1)  # the countdown's end, for this person
        await pilot.pause(SETTLE)
        assert app.screen is ready and not ready.held  # uncovered, not built now
        assert app.practice is not None and app._player is ready
        assert app.bells.rung == []
        assert "starting in" in str(ready.query_one("#phase").render())  # counting down
        left = -ready.clock.elapsed()  # seconds to the start, at least 0.9
        wall.advance(left - (math.floor(left - 0.3) + 0.3))  # to a whole second and 0.3
        ready.tick()
        # The countdown's next whole second is 0.3 s away, on the room's (negative) moment.
        assert ready.next_look_in == pytest.approx(0.3, abs=0.002)
        wall.advance(-ready.clock.elapsed() - 0.2)
        ready.tick()  # a look 0.2 s before the start (as its own wake would)
        # The start bell is planned for the room's moment: 0.2 s ahead on the room's clock.
        ahead = ready.timeline.events[0].at - ready.clock.elapsed()
        assert ahead == pytest.approx(0.2)
        assert ready.next_look_in == pytest.approx(ahead + WAKE_LATE)
        wall.advance(ready.next_look_in)
        ready._on_wake()  # the planned wake, at the start
        assert [kind for kind, _ in app.bells.rung] == ["start"]
        # A crowd's bell goes out first; its frame a moment later, not before the bell.
        assert ready.next_look_in == BELL_FIRST
        await pilot.pause(BELL_FIRST + 0.2)
        assert "starting in" not in str(ready.query_one("#phase").render())


async def test_a_person_who_leaves_during_the_countdown_takes_the_ready_player_away(
    make_app, folder, wall
):
    plan = GroupPlan(folder, starting_at_once("sitting"), 600.0, starts_at=T0 + 60)
    app = make_app(Launch(checkins=False, group=plan), Settings(seen_care_note=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.press("y")  # "Close this room for everyone?"
        await pilot.pause(SETTLE)
        assert not any(isinstance(s, PlayerScreen) for s in app.screen_stack)
        assert app.practice is None and app.bells.rung == []


async def test_a_solo_start_bell_at_the_first_moment_rings_at_the_next_look_not_a_frame_later(
    make_app, clock, monkeypatch
):
    plans: list[tuple[float, bool, float]] = []  # (the moment, woken by its timer, the wait)
    arm = PlayerScreen._arm_wake

    def noted(self, state, elapsed):
        arm(self, state, elapsed)
        plans.append((elapsed, self._waking, self.next_look_in))

    monkeypatch.setattr(PlayerScreen, "_arm_wake", noted)
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(timer_session(TimerShape(minutes=5, interval_minutes=1)), minutes=5)
        await pilot.pause(0.2)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.clock.elapsed() == 0
        # The first frame finds the start bell due now: the next look is planned at once.
        assert plans[0] == (0.0, False, pytest.approx(WAKE_LATE))
        # The frozen test clock is a clock held still (the bells opening): the wakes
        # that find it so look again a frame later, not at once, and ring nothing yet.
        woken = [wait for _, waking, wait in plans if waking]
        assert woken and all(wait >= FRAME_SECONDS for wait in woken)
        assert app.bells.rung == []
        clock.advance(WAKE_LATE)  # the clock runs: the next look rings it
        player.tick()
        assert [kind for kind, _ in app.bells.rung] == ["start"]
