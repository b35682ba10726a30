"""Acting on a form only once what was typed before the key has landed.

A priority binding (the forms' `ctrl+s`) runs as soon as the app reads the key, but the
keys read with it (a paste, a burst over a slow SSH link) were only passed on to the
focused widget's queue, and the `Changed` messages they cause still climb the tree one
queue at a time. A save that runs at once saves the form as it was a few keys ago. So a
form's save first waits until every queue on its screen (and the app's) is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable

from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input, TextArea

# A message climbs one queue a round; a form is a dozen levels deep. The bounds only
# matter if something keeps posting forever or a handler waits on something slow: then
# the save goes ahead anyway (a save a moment early beats no save).
MOST_ROUNDS = 64
LONGEST_WAIT_SECONDS = 2.0


async def _round(nodes: list[DOMNode]) -> None:
    """Wait until each of `nodes` has handled every message queued before this call."""
    left = 0
    done = asyncio.Event()

    def handled() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    for node in nodes:
        # On the loop, not from a thread: Textual's "after the messages already queued".
        if node.call_later(handled):
            left += 1
    if left:
        await done.wait()


async def typing_landed(screen: Screen) -> None:
    """Return once the keys and messages already on their way within `screen` are handled."""
    app = screen.app
    await _round([app, *screen.walk_children(with_self=True)])
    for _ in range(MOST_ROUNDS):
        busy = [node for node in (app, *screen.walk_children(with_self=True))
                if node.message_queue_size]  # fmt: skip
        if not busy:
            return
        await _round(busy)


def after_typing(screen: Screen, then: Callable[[], object], *, always: bool = False) -> None:
    """Call `then` (on the loop) once what was typed before now is on `screen`'s form;
    only while `screen` is still there, unless `always` (quitting the app).

    Must not wait in the caller's own task: a key bound with priority runs in the app's
    task, and the app's queue is one of those that has to empty.
    """

    async def wait_then() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(typing_landed(screen), LONGEST_WAIT_SECONDS)
        if always or screen.is_attached:
            then()

    screen.app.run_worker(wait_then(), group="after-typing", exit_on_error=True)


class KeysInOrder:
    """A mixin of the app: each key lands in the field focused when it was typed.

    The app passes every key to the widget focused *when the app reads it*, but a key that
    moves the focus (Tab, Shift+Tab, Enter submitting a field or opening a dialog, Escape,
    an arrow) moves it only once that widget has handled it and it has climbed back to the
    app's bindings. A burst read at once (`…morning sun<Tab>Yes, halfway…`) would all go
    to the first field. So after any key that is not text typed into a field, the keys (and pastes)
    read after it wait until it has landed (`typing_landed`), then go on one by one in the
    order they came, each to the widget focused then (in the next field, or the dialog the
    key opened). Text typed into a field is never held back: typing fast costs nothing.
    """

    _held_input: deque[events.Key | events.Paste] | None = None
    _input_in_flight = False  # a key is landing, or held input is on its way back
    _released: events.Key | events.Paste | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        if event is self._released:
            self._released = None
        elif self._input_in_flight:
            self._hold(event)
            return
        # Text typed into a field never moves the focus; any other key may (a letter that
        # opens a form or a dialog, such as the menu's w or b, as much as Tab or Enter).
        typing = (
            isinstance(event, events.Key)
            and event.is_printable
            and isinstance(self.focused, Input | TextArea)
        )  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]
        leaving = self.return_code is not None  # type: ignore[attr-defined]
        if isinstance(event, events.Key) and not typing and not leaving:
            self._input_in_flight = True
            after_typing(self.screen, self._release_next, always=True)  # type: ignore[attr-defined]
        else:
            self._release_next()

    def _hold(self, event: events.Key | events.Paste) -> None:
        if self._held_input is None:
            self._held_input = deque()
        self._held_input.append(event)

    def _release_next(self) -> None:
        """The next held key or paste back into the app's queue (it keeps its turn:
        nothing read meanwhile overtakes it), or nothing in flight any more."""
        if self._held_input:
            self._input_in_flight = True
            self._released = self._held_input.popleft()
            self.post_message(self._released)  # type: ignore[attr-defined]
        else:
            self._input_in_flight = False
