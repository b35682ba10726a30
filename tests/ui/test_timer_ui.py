"""An open-ended sit in the app: q ends it at once, completed, with the end bell."""

from __future__ import annotations

from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.closing import ClosingScreen
from tests.support.menu import open_timer_dialog


async def test_an_open_sit_ended_with_q_is_completed_with_its_time(make_app, clock):
    app = make_app(Launch(checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        sit = timer_session(TimerShape(None, interval_minutes=1))
        app.launch.session = sit  # as `mbsr-tui timer --open` starts it: no length to pick
        app.begin(sit)
        await pilot.pause()
        player = app.screen
        player.tick()
        clock.advance(70)
        player.tick()
        await pilot.pause()
        assert "1:10 so far" in str(player.query_one("#progress").render_line(0).text)
        await pilot.press("q")  # no "are you sure": there is no end to miss
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
    (entry,) = app.journal.entries
    assert entry.completed and entry.practised_seconds == 70 and entry.planned_seconds == 0
    kinds = [kind for kind, _ in app.bells.rung]
    assert kinds == ["start", "interval", "end"]


async def test_the_quick_timer_from_the_menu_remembers_its_length(make_app, clock):
    from mbsr_tui.core.settings import Settings
    from mbsr_tui.ui.screens.player import PlayerScreen

    app = make_app(Launch(checkins=False), settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)
        minutes = dialog.query_one("#timer-minutes")
        minutes.value = "0"
        await pilot.press("enter")
        assert "more than 0" in str(app.screen.query_one("#timer-problem").render())
        minutes.value = "7"
        app.screen.query_one("#timer-interval").value = "2"
        minutes.focus()
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.length == 7 * 60
        intervals = [e.at for e in player.timeline.events if e.kind.value == "interval"]
        assert intervals == [120, 240, 360]
        await app.workers.wait_for_complete()
    assert (app.settings.timer_minutes, app.settings.timer_interval_minutes) == (7, 2)


async def test_the_timer_dialog_refuses_interval_bells_closer_than_ten_seconds(make_app, clock):
    from mbsr_tui.core.settings import Settings

    app = make_app(Launch(checkins=False), settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_timer_dialog(app, pilot)
        dialog.query_one("#timer-minutes").value = "360"
        for interval, words in [("0.0001", "at least 10 seconds"), ("1e-7", "at least 10"),
                                ("-1", "cannot be negative"), ("1e400", "finite")]:  # fmt: skip
            dialog.query_one("#timer-interval").value = interval
            dialog.query_one("#timer-interval").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog  # refused: the dialog stays, saying why
            assert words in str(dialog.query_one("#timer-problem").render())
        await app.workers.wait_for_complete()
    assert app.settings.timer_interval_minutes == 0.0  # nothing refused was remembered
