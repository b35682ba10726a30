"""Textual's command palette, made safe against keys that arrive before its list is drawn."""

from __future__ import annotations

import contextlib

from textual.command import CommandPalette


class CalmCommandPalette(CommandPalette):
    """Ctrl+P then PageUp in one burst reached Textual's option list before it had any
    layout (`KeyError: 0` inside `OptionList._move_page`) and ended the app. A move that
    comes too early is dropped; the next one works."""

    def _action_command_list(self, action: str) -> None:
        with contextlib.suppress(KeyError, IndexError):
            super()._action_command_list(action)
