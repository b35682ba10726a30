"""One line of the screen's keys that fits the width there is (issue 20).

Textual's Footer cuts its keys at the right edge: on a phone's 40 columns the way out
(`q End`) was the first to go. This line chooses instead: the keys that lead out of the
screen (q, Escape) and the help (?) always stay; the others first lose words ("Next
step" -> "Next"), then step aside from the last, and `?` (the help lists every key)
stands for what is not shown. One Static-like widget rather than a dozen FooterKeys:
the player redraws nothing here while a practice runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

WAY_OUT_KEYS = frozenset({"q", "escape"})
HELP_KEY = "question_mark"
GAP = "  "


@dataclass(frozen=True)
class Key:
    """One key as shown: what to press, what it does, and whether it leads out."""

    shown: str
    words: str
    action: str
    namespace: object
    enabled: bool = True
    way_out: bool = False
    help: bool = False

    def text(self, short: bool) -> str:
        words = self.words.split()[0] if short and self.words else self.words
        return f"{self.shown} {words}" if words else self.shown


def fit_keys(keys: list[Key], width: int) -> tuple[list[Key], bool]:
    """The keys to show in `width` columns and whether their words are shortened.

    Full words if all fit; else first words only; else the others step aside from the
    last, never a way out and never `?`. The order on screen stays the screen's own."""
    for short in (False, True):
        if _width(keys, short) <= width:
            return keys, short
    kept = list(keys)
    for key in reversed(keys):
        if _width(kept, True) <= width:
            break
        if not (key.way_out or key.help):
            kept.remove(key)
    # Only ways out and help, still too wide (a very narrow terminal): ways out first.
    while len(kept) > 1 and _width(kept, True) > width:
        kept.remove(next((k for k in reversed(kept) if not k.way_out), kept[-1]))
    return kept, True


def _width(keys: list[Key], short: bool) -> int:
    return sum(len(key.text(short)) for key in keys) + len(GAP) * max(0, len(keys) - 1)


class KeyLine(Widget):
    """The screen's shown bindings on one line, fitted to the width (see the module)."""

    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Key]] = []  # columns each key takes: for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def keys(self) -> list[Key]:
        """The screen's shown bindings, one per action, in the screen's order."""
        found: dict[str, Key] = {}
        for namespace, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in found:
                continue
            found[binding.action] = Key(
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                namespace,
                enabled,
                way_out=bool(_keys_of(binding) & WAY_OUT_KEYS),
                help=HELP_KEY in _keys_of(binding),
            )
        return list(found.values())

    def render(self) -> Content:
        shown, short = fit_keys(self.keys(), self.content_region.width or self.size.width)
        parts: list[Content] = []
        self._spans = []
        column = 0
        for key in shown:
            if parts:
                parts.append(Content(GAP))
                column += len(GAP)
            words = key.text(short)[len(key.shown) :]
            style = "" if key.enabled else "dim"
            parts.append(
                Content.assemble(
                    (key.shown, f"bold $footer-key-foreground {style}"), (words, style)
                )
            )
            self._spans.append((column, column + len(key.shown) + len(words), key))
            column += len(key.shown) + len(words)
        return Content("").join(parts)

    async def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x - 1 < end and key.enabled:  # -1: the padding
                await self.app.run_action(key.action, key.namespace)
                return


def _keys_of(binding: Binding) -> set[str]:
    return {key.strip() for key in binding.key.split(",")}
