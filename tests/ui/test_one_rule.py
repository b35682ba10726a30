"""One logging rule and a true account of skipping, whatever the way out (issue 20, part 2).

Under a minute practised is not logged unless the practice was stayed through
(core/practice.py `worth_logging`): keys, signals, a hang-up, Ctrl+Q, a group sitting.
Pressing `n` through parts is not practice: the closing words and the journal say so.
"""

from __future__ import annotations

import signal
from dataclasses import replace

import pytest

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.group.plan import GroupPlan
from mbsr_tui.core.settings import Settings
from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from tests.ui.test_group import SETTLE  # folder and wall: fixtures of tests/ui/conftest.py

NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()


async def started_timer(app, pilot, clock, minutes: float) -> PlayerScreen:
    """`mbsr-tui timer MINUTES`: straight into the player, no length to pick."""
    session = timer_session(TimerShape(minutes))
    app.launch.session = session
    app.begin(session)
    await pilot.pause()
    player = app.screen
    assert isinstance(player, PlayerScreen)
    player.tick()
    return player


async def practise(pilot, clock, player: PlayerScreen, seconds: float) -> None:
    clock.advance(seconds)
    player.tick()
    await pilot.pause()


# (A terminal that hung up is handled as SIGHUP: `terminal_hung_up` only arms the exit
# watchdog, which would end the test process, before `_on_signal(SIGHUP)`.)
@pytest.mark.parametrize("way_out", ["SIGTERM", "SIGHUP", "SIGINT", "ctrl+q", "ctrl+c", "q y"])
@pytest.mark.parametrize(("seconds", "logged"), [(3, False), (59, False), (61, True)])
async def test_every_way_out_follows_the_one_minute_rule(make_app, clock, way_out, seconds,
                                                         logged):  # fmt: skip
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await started_timer(app, pilot, clock, 2)
        await practise(pilot, clock, player, seconds)
        if way_out in ("ctrl+q", "ctrl+c"):
            await pilot.press(way_out)
        elif way_out == "q y":  # the practice's own way out: ended early
            await pilot.press("q", "y")
            await settle(pilot)
        else:
            app._on_signal(getattr(signal, way_out))
        await pilot.pause()
    entries = app.journal.entries
    assert len(entries) == (1 if logged else 0)
    if logged:
        assert not entries[0].completed and entries[0].practised_seconds == seconds


async def test_a_thirty_second_practice_that_reached_its_end_is_logged(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await started_timer(app, pilot, clock, 0.5)
        await practise(pilot, clock, player, 30)
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
    (entry,) = app.journal.entries
    assert entry.completed and entry.practised_seconds == 30


async def test_a_signal_after_the_end_of_a_short_practice_still_logs_it(make_app, clock):
    """Stayed through, then SIGTERM during the closing check-in: logged, completed."""
    from mbsr_tui.ui.screens.checkin import CheckInScreen

    checkins = Settings(seen_care_note=True, checkins=True)
    app = make_app(Launch(checkins=True), settings=checkins)
    async with app.run_test(size=(80, 24)) as pilot:
        session = timer_session(TimerShape(0.5))
        app.launch.session = session
        app.begin(session)
        await pilot.pause()
        await pilot.press("s", "s")
        player = app.screen
        player.tick()
        await practise(pilot, clock, player, 30)
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        app._on_signal(signal.SIGTERM)
        await pilot.pause()
    (entry,) = app.journal.entries
    assert entry.completed and entry.practised_seconds == 30


async def test_pressing_n_through_a_body_scan_is_told_truthfully(make_app, clock):
    """Issue 20: `n` through 13 of 15 parts of a 20-minute body scan: the practised time
    is the time spent, the journal says it was not stayed through, the words stay kind."""
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("body-scan"), minutes=20)
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        steps = len(player.timeline.steps)
        await pilot.press("n")  # past "getting ready"
        for _ in range(steps - 2):
            await practise(pilot, clock, player, 15)
            await pilot.press("n")
        left = player.timeline.total - player.clock.elapsed()
        await practise(pilot, clock, player, left)
        await settle(pilot)
        closing = app.screen
        assert isinstance(closing, ClosingScreen)
        text = str(closing.query_one("#closing-text").render())
    (entry,) = app.journal.entries
    assert not entry.completed
    assert entry.practised_seconds == round(15 * (steps - 2) + left)
    assert entry.practised_seconds < entry.planned_seconds / 2
    assert "You skipped ahead through some parts; that's fine." in text
    assert "stayed to the end" not in text


async def test_skipping_one_short_part_still_stays_through(make_app, clock):
    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("body-scan"), minutes=20)
        await pilot.pause()
        player = app.screen
        await pilot.press("n")  # the countdown is not the practice: skipping it is fine
        await practise(pilot, clock, player, player.timeline.length)
        await settle(pilot)
        assert "You stayed to the end." in str(app.screen.query_one("#closing-text").render())
    (entry,) = app.journal.entries
    assert entry.completed


@pytest.mark.parametrize(("seconds", "logged"), [(44, False), (70, True)])
async def test_a_group_sitting_dropped_follows_the_same_rule(make_app, folder, wall, seconds,
                                                             logged):  # fmt: skip
    body_scan = replace(load_catalogue().get("body-scan"), source=None)
    plan = GroupPlan(folder, body_scan, 600.0)
    app = make_app(Launch(checkins=False, group=plan), NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wall.advance(3)
        await pilot.pause(SETTLE)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        wall.advance(body_scan.prepare_seconds + seconds)
        player.tick()
        await pilot.pause()
        app._on_signal(signal.SIGHUP)  # the SSH connection dropped
        await pilot.pause()
    assert len(app.journal.entries) == (1 if logged else 0)


async def test_the_timer_dialog_leaves_out_a_remembered_interval_that_does_not_fit(make_app, clock):
    """The dialog shows last time's interval; a length chosen now that it does not fit
    starts the timer without it (said in a toast), rather than refusing to start."""
    from tests.support.menu import open_timer_dialog

    remembered = replace(NO_CHECKINS, timer_minutes=20.0, timer_interval_minutes=1.0)
    app = make_app(Launch(checkins=False), settings=remembered)
    told: list[str] = []
    app.notify = lambda message, **_: told.append(message)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)
        dialog.query_one("#timer-minutes").value = "1"
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.length == 60 and player.session.bells.interval_seconds == 0
        await app.workers.wait_for_complete()
    assert told == ["A bell every 1 minute does not fit a timer of 1 minute: it is left out "
                    "this time."]  # fmt: skip
    assert app.settings.timer_interval_minutes == 0


async def test_the_timer_dialog_still_refuses_an_interval_typed_now_that_does_not_fit(
    make_app, clock
):
    from tests.support.menu import open_timer_dialog

    app = make_app(Launch(checkins=False), settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)
        dialog.query_one("#timer-minutes").value = "3"
        dialog.query_one("#timer-interval").value = "5"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "shorter than the timer" in str(dialog.query_one("#timer-problem").render())
