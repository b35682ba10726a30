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
from collections.abc import Callable

from textual.dom import DOMNode
from textual.screen import Screen

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
