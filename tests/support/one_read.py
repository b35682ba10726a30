"""Keys and pasted text as one read from a terminal delivers them: every event is posted
to the app before the app handles any of them (a paste, a burst over a slow SSH link).

`pilot.press` waits for the app to be idle after each key, so it never shows what happens
to keys that arrive together with `ctrl+s`.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import App

_NAMED = {" ": "space", ",": "comma", ".": "full_stop", "-": "minus"}


@dataclass(frozen=True)
class Pasted:
    text: str


def read_at_once(app: App, *items: str | Pasted) -> None:
    """Post keys (a character or a key name such as "ctrl+s") and pastes in one go."""
    for item in items:
        if isinstance(item, Pasted):
            app.post_message(events.Paste(item.text))
        elif len(item) == 1:
            app.post_message(events.Key(_NAMED.get(item, item), item))
        else:
            app.post_message(events.Key(item, None))
