"""`after_typing`: a form's action waits for the messages already on their way up its
screen, and never for ever."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from mbsr_tui.ui import typed_input
from mbsr_tui.ui.typed_input import after_typing


class Climb(Message):
    """Posted at the bottom of a deep tree; each level passes it on (bubbling)."""


class Stuck(Message):
    pass


class Leaf(Static):
    async def on_stuck(self, message: Stuck) -> None:
        await self.app.released.wait()  # a handler that does not return until released


class Deep(App):
    def __init__(self) -> None:
        super().__init__()
        self.arrived = 0
        self.released = asyncio.Event()

    def compose(self) -> ComposeResult:
        with Vertical(), Vertical(), Vertical(), Vertical(), Vertical():
            yield Leaf(id="leaf")

    def on_climb(self, message: Climb) -> None:
        self.arrived += 1


async def test_the_action_runs_after_messages_climbing_the_tree_arrive():
    app = Deep()
    async with app.run_test() as pilot:
        leaf = app.query_one("#leaf")
        seen = []
        for _ in range(3):
            leaf.post_message(Climb())
        after_typing(app.screen, lambda: seen.append(app.arrived))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert seen == [3]


async def test_a_stuck_handler_delays_the_action_only_so_long(monkeypatch):
    monkeypatch.setattr(typed_input, "LONGEST_WAIT_SECONDS", 0.2)
    app = Deep()
    async with app.run_test() as pilot:
        app.query_one("#leaf").post_message(Stuck())
        seen = []
        after_typing(app.screen, lambda: seen.append(True))
        await app.workers.wait_for_complete()
        assert seen == [True]  # called while the handler is still stuck
        app.released.set()
        await pilot.pause()
