"""An open-ended sit in the app: q ends it at once, completed, with the end bell."""

from __future__ import annotations

from mbsr_tui.core.timer import TimerShape, timer_session
from mbsr_tui.ui.app import Launch
from mbsr_tui.ui.screens.closing import ClosingScreen


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
