"""The few private Textual names this app needs, in one place (textual 8.2). Each has a
test in tests/unit/test_textual_adapter.py that fails when Textual changes it.

- `App._handle_exception`: an exception in a plain loop callback (the player's and the
  preview's frame wake-ups use `loop.call_later` for timing a timer cannot give) ends
  the app as an exception in a handler does, with Textual's traceback.
- `App._thread_id`: whether code runs on the app's loop (the terminal bell may be rung
  from the sound thread; BEL must be written from the loop).
- `App._driver`: the terminal's state, saved for the exit watchdog.
- `CommandPalette._action_command_list`: overridden in screens/palette.py (a move key
  before the list has a layout); an override cannot live here.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver


def handle_exception(app: App, error: Exception) -> None:
    """End the app with `error`, as Textual does for an exception in a handler."""
    app._handle_exception(error)


def on_app_thread(app: App) -> bool:
    """True when called on the thread that runs the app's loop."""
    return getattr(app, "_thread_id", None) == threading.get_ident()


def driver_of(app: App) -> Driver | None:
    """The driver talking to the terminal (None before the app runs or after it ends)."""
    return app._driver
