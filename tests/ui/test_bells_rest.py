"""The sound opens on the way into a practice and rests at an idle menu.

An open mixer keeps the sound device mixing silence (0.4 % CPU at the idle menu,
measured with `bench/ui_cost.py`), and a person may leave the menu open all day.
"""

from __future__ import annotations

import asyncio

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui import sound as sound_module
from mbsr_tui.ui.screens.closing import ClosingScreen
from mbsr_tui.ui.screens.length import LengthScreen
from mbsr_tui.ui.screens.menu import MenuScreen
from mbsr_tui.ui.screens.player import PlayerScreen
from tests.ui.conftest import FakeBells

NO_CHECKINS = Settings(seen_care_note=True, checkins=False)


class RestingBells(FakeBells):
    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def start(self) -> None:
        self.log.append("start")

    def rest(self) -> None:
        # As BellControl.rest: nothing to close unless the sound was opened since.
        if self.log and self.log[-1] == "start":
            self.log.append("rest")


async def settle(pilot, seconds: float) -> None:
    await asyncio.sleep(seconds)
    await pilot.pause()


async def test_the_menu_opens_no_sound_and_choosing_a_practice_opens_it(make_app, monkeypatch):
    monkeypatch.setattr(sound_module, "BELLS_REST_SECONDS", 0.05)
    app = make_app(settings=NO_CHECKINS)
    app.bells = bells = RestingBells()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert "start" not in bells.log  # nothing opened for the menu alone
        await pilot.press("enter")  # the first practice: its length is asked
        assert isinstance(app.screen, LengthScreen)
        assert bells.log.count("start") == 1  # opening while the length is chosen
        await settle(pilot, 0.2)
        assert "rest" not in bells.log  # not while the person is on the way in
        await pilot.press("escape")  # back to the menu without a practice
        await settle(pilot, 0.2)
        assert isinstance(app.screen, MenuScreen)
        assert bells.log[-1] == "rest"


async def test_no_rest_during_a_practice_and_rest_after_it(make_app, clock, monkeypatch):
    monkeypatch.setattr(sound_module, "BELLS_REST_SECONDS", 0.05)
    app = make_app(settings=NO_CHECKINS)
    app.bells = bells = RestingBells()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, PlayerScreen)
        await settle(pilot, 0.2)
        assert "rest" not in bells.log
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        await settle(pilot, 0.2)
        assert "rest" not in bells.log  # the closing words may still have a bell fading
        await pilot.press("enter")  # back to the menu
        await settle(pilot, 0.2)
        assert isinstance(app.screen, MenuScreen)
        assert bells.log == ["start", "rest"]
        await pilot.press("enter")  # again: the sound opens again
        assert bells.log == ["start", "rest", "start"]
