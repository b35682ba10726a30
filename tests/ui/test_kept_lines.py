"""Lines handed back whole (ui/widgets/kept_lines.py, Pacer.render_lines) are exactly
what Textual's own styling pass draws, before and after every kind of change."""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.widget import Widget

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.player import PlayerScreen
from mbsr_tui.ui.widgets.kept_lines import KeptLines
from mbsr_tui.ui.widgets.pacer import Pacer

NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


def textual_lines(widget: Widget, crop: Region) -> list:
    """What Textual draws for `widget`, from a fresh cache: nothing kept."""
    return [list(strip) for strip in StylesCache().render_widget(widget, crop)]


def lines(widget: Widget, crop: Region) -> list:
    return [list(strip) for strip in widget.render_lines(crop)]


async def start(app, pilot, clock) -> PlayerScreen:
    app.begin(app.catalogue.get("diaphragmatic-breathing"), minutes=3)
    await pilot.pause()
    player = app.screen
    assert isinstance(player, PlayerScreen)
    clock.advance(player.timeline.prepare + 0.5)
    player.tick()
    await pilot.pause()
    return player


async def test_the_pacer_draws_what_textual_would_for_every_picture_and_crop(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(app, pilot, clock)
        pacer = player.query_one(Pacer)
        size = pacer.size
        crops = [size.region, Region(0, 2, size.width, 3), Region(3, 0, 9, size.height)]
        pictures = set()
        for _ in range(40):  # through a whole breath
            clock.advance(0.25)
            player.tick()
            await pilot.pause()
            pictures.add(pacer._drawn)
            for crop in crops:
                assert lines(pacer, crop) == textual_lines(pacer, crop)
        assert len(pictures) >= 12
        # A new look (the theme) draws in the new colours, as Textual would.
        before = lines(pacer, size.region)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert lines(pacer, size.region) == textual_lines(pacer, size.region)
        assert lines(pacer, size.region) != before


async def test_a_styled_pacer_goes_textuals_way(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(app, pilot, clock)
        pacer = player.query_one(Pacer)
        pacer.styles.padding = (1, 2)
        await pilot.pause()
        assert not pacer._plain()
        region = pacer.size.region
        assert lines(pacer, region) == textual_lines(pacer, region)


async def test_kept_lines_are_dropped_at_every_change(make_app, clock):
    app = make_app(settings=NO_CHECKINS)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(app, pilot, clock)
        phase, progress = player.query_one("#phase"), player.query_one("#progress")
        assert isinstance(phase._styles_cache, KeptLines)
        region = phase.size.region
        first = lines(phase, region)
        bar = lines(progress, progress.size.region)  # repainted by region, not whole
        hits = phase._styles_cache.hits
        assert lines(phase, region) == first  # nothing changed: handed back whole
        assert phase._styles_cache.hits == hits + 1
        clock.advance(1.0)  # the phase's countdown turns
        player.tick()
        await pilot.pause()
        assert lines(phase, region) == textual_lines(phase, region) != first
        region = progress.size.region
        assert lines(progress, region) == textual_lines(progress, region) != bar
        player.action_toggle_pause()  # the header changes colour through the screen's class
        await pilot.pause()
        header = player.query_one("#player-header")
        assert lines(header, header.size.region) == textual_lines(header, header.size.region)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        for widget in (phase, header, player):
            region = widget.size.region
            assert lines(widget, region) == textual_lines(widget, region)
