"""The player sleeps between visible changes: nothing is missed, nothing shown late, bells
on time. Time is a frozen clock moved wake by wake, as the real wake timer would move it."""

from __future__ import annotations

import pytest

from mbsr_tui.core.breathing import fullness
from mbsr_tui.core.events import Phase
from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.player import FRAME_SECONDS, WAKE_LATE, PlayerScreen
from mbsr_tui.ui.widgets.pacer import Pacer
from mbsr_tui.ui.widgets.pacer_geometry import shape_key


def screen_text(player: PlayerScreen) -> tuple:
    """What the player shows, as text: every line that a frame can change."""
    statics = tuple(
        (name, str(widget.render()), widget.display) for name, widget in player._texts.items()
    )
    pacer = tuple(player._pacer.render_line(y).text for y in range(player._pacer.size.height))
    panels = tuple(panel.has_class("-open") for panel in player._nostrils.children)
    return (
        statics,
        pacer,
        player._progress.render_line(0).text,
        panels,
        player._pacer_box.display,
        player._nostrils.display,
    )


@pytest.mark.parametrize(
    ("session_id", "animation"),
    [
        ("diaphragmatic-breathing", "full"),
        ("alternate-nostril", "full"),
        ("kapalabhati", "full"),
        ("counted-breathing", "reduced"),
        ("counted-breathing", "none"),
        ("body-scan", "full"),
    ],
)
async def test_nothing_shown_changes_more_than_a_frame_before_the_player_wakes(
    make_app, clock, session_id, animation
):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False, animation=animation))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get(session_id), minutes=3)
        await pilot.pause()
        if not isinstance(app.screen, PlayerScreen):
            await pilot.press("y")  # the caution gate
            await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        t, horizon = 0.0, player.timeline.prepare + 12  # the countdown, a breath and more
        while t < horizon:
            player.tick()
            await pilot.pause()  # layout: what is shown may change size
            shown, wait = screen_text(player), player.next_look_in
            assert wait >= WAKE_LATE
            # Changes may wait for the frame (at most 15 a second), never longer.
            quiet_until = t + wait - FRAME_SECONDS - WAKE_LATE
            for i in range(1, 4):
                moment = t + (quiet_until - t) * i / 4
                if moment > t:
                    clock.advance(moment - (player.clock.elapsed()))
                    player.tick()
                    assert screen_text(player) == shown, f"changed at {moment:.4f} s"
            clock.advance(t + wait - player.clock.elapsed())
            t = player.clock.elapsed()


async def test_bells_ring_at_their_moment_and_every_picture_is_shown(make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("diaphragmatic-breathing"), minutes=3)
        await pilot.pause()
        player = app.screen
        timeline = player.timeline
        rung: list[tuple[float, list]] = []
        ring = app.ring_events

        def noted(events, _ring=ring):
            rung.append((player.clock.elapsed(), events))
            return _ring(events)

        app.ring_events = noted
        pattern = timeline.steps[0].pattern
        first_in = timeline.prepare  # the practice opens on an in-breath
        pictures = set()
        while player.clock.elapsed() < timeline.prepare + 30:
            player.tick()
            await pilot.pause()  # layout: the pacer is shown, and sized, when breathing starts
            if first_in <= player.clock.elapsed() < first_in + pattern.inhale:
                pictures.add(player._pacer._drawn)
            clock.advance(player.next_look_in)
        size = (player._pacer.content_size.width, player._pacer.content_size.height)
        every = {
            shape_key(*size, fullness(pattern, Phase.IN, i / 4000), player._pacer.glyphs)
            for i in range(4000)
        }
        assert pictures == every
        assert len(pictures) >= 12
        sounding = [e for e in timeline.events if e.sound and e.at < timeline.prepare + 30]
        assert sounding
        for event in sounding:
            when = next(at for at, events in rung if event in events)
            assert event.at <= when <= event.at + 2 * WAKE_LATE, event


async def test_the_player_plans_again_when_the_pacer_gets_a_size(make_app, clock):
    """The pacer is laid out only after the frame that first shows it: a plan made for
    an empty pacer would sleep through pictures of the first in-breath."""
    seen = []
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        app.begin(app.catalogue.get("diaphragmatic-breathing"), minutes=3)
        await pilot.pause()
        player = app.screen
        assert player._pacer.content_size.area == 0  # hidden while getting ready
        frames = []
        tick = player.tick
        player.tick = lambda: (frames.append(player._pacer.content_size), tick())
        clock.advance(player.timeline.prepare + 0.3)
        tick()  # the in-breath begins: the pacer is shown, not yet sized
        await pilot.pause()
        assert any(isinstance(message, Pacer.Resized) for message in seen)
        assert frames and frames[-1] == player._pacer.content_size
        assert frames[-1].area > 0
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert frames[-1] == player._pacer.content_size != (20, 9)


async def test_only_the_cells_that_change_are_repainted(make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False))
    async with app.run_test(size=(80, 24)) as pilot:
        app.begin(app.catalogue.get("diaphragmatic-breathing"), minutes=3)
        await pilot.pause()
        player = app.screen
        clock.advance(player.timeline.prepare + 1.0)
        player.tick()
        await pilot.pause()
        pacer, progress = player._pacer, player._progress
        asked: dict[str, list] = {"pacer": [], "progress": []}
        pacer.refresh = lambda *regions, **kw: asked["pacer"].append(regions)
        progress.refresh = lambda *regions, **kw: asked["progress"].append(regions)
        before_rows = [pacer.render_line(y).text for y in range(pacer.size.height)]
        before_bar = progress.render_line(0).text
        clock.advance(1.0)  # a second on: a bigger shape, both clocks turned
        player.tick()
        after_rows = [pacer.render_line(y).text for y in range(pacer.size.height)]
        after_bar = progress.render_line(0).text
        (regions,) = asked["pacer"]
        assert regions  # never the whole widget
        changed = {
            (x, y)
            for y, (old, new) in enumerate(zip(before_rows, after_rows, strict=True))
            for x, (a, b) in enumerate(zip(old, new, strict=True))
            if a != b
        }
        covered = {(x, r.y) for r in regions for x in range(r.x, r.right)}
        assert changed <= covered
        assert len(covered) < pacer.size.width * pacer.size.height / 2
        ((region,),) = asked["progress"]
        assert region.width < progress.size.width / 3
        differing = [
            i for i, (a, b) in enumerate(zip(before_bar, after_bar, strict=True)) if a != b
        ]
        assert region.x <= min(differing) and max(differing) < region.right
