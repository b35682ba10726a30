"""The private Textual names ui/textual_adapter.py relies on are still there and still
mean what it takes them to mean: a Textual upgrade that changes one fails here first."""

from __future__ import annotations

import inspect
import threading

import pytest
from textual.app import App
from textual.command import CommandPalette

from mbsr_tui.ui import textual_adapter
from mbsr_tui.ui.screens.palette import CalmCommandPalette


class Bare(App[None]):
    pass


async def test_handle_exception_ends_the_app_with_the_error():
    app = Bare()
    with pytest.raises(ValueError, match="boom"):  # run_test raises what ended the app
        async with app.run_test() as pilot:
            try:
                raise ValueError("boom")
            except ValueError as error:  # as the frame wake-ups call it
                textual_adapter.handle_exception(app, error)
            await pilot.pause()
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]


async def test_the_app_knows_its_own_thread():
    app = Bare()
    async with app.run_test():
        assert textual_adapter.on_app_thread(app)
        seen = []
        thread = threading.Thread(target=lambda: seen.append(textual_adapter.on_app_thread(app)))
        thread.start()
        thread.join()
        assert seen == [False]


async def test_the_driver_is_there_while_the_app_runs():
    app = Bare()
    assert textual_adapter.driver_of(app) is None
    async with app.run_test():
        driver = textual_adapter.driver_of(app)
        assert driver is not None and hasattr(driver, "write")


def test_the_palette_override_still_overrides_a_method_of_textuals():
    original = CommandPalette.__dict__.get("_action_command_list")
    assert callable(original)
    assert list(inspect.signature(original).parameters) == ["self", "action"]
    assert CalmCommandPalette._action_command_list is not original
