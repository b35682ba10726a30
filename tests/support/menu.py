"""Steps through the app's menu that several UI tests take."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot

from mbsr_tui.ui.screens.menu import QUICK_TIMER
from mbsr_tui.ui.screens.timer_dialog import TimerDialog


async def open_timer_dialog(app: App, pilot: Pilot) -> TimerDialog:
    """Pick the quick timer in the menu's list of practices: the dialog that asks its shape."""
    await pilot.pause()
    practices = app.screen.query_one("#practices")
    practices.highlighted = practices.get_option_index(QUICK_TIMER)
    await pilot.press("enter")
    assert isinstance(app.screen, TimerDialog)
    return app.screen
