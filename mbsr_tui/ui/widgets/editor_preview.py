"""The editor's live preview: the pacer breathing the pattern being edited, its figures,
and a strip showing where the bells fall in the practice's length.

The pacer is the player's own widget, driven the same way: a one-cycle `Timeline` of the
pattern says the breath's fullness at each moment, and the preview sleeps until the next
moment the drawn shape (or the phase's words) would change, at most 15 times a second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Static

from mbsr_tui.core.events import Event, EventKind
from mbsr_tui.core.limits import MIN_PHASE_SECONDS
from mbsr_tui.core.session import BellPlan, Pattern, Session
from mbsr_tui.core.session_draft import breath_figures
from mbsr_tui.core.timeline import Timeline
from mbsr_tui.core.words import word_for
from mbsr_tui.ui.guidance import clock_text, phase_words
from mbsr_tui.ui.widgets.pacer import Pacer

FRAME_SECONDS = 1 / 15
WAKE_LATE = 0.001
# A cycle longer than this is not previewed (a pulse pattern with hundreds of pulses):
# the figures still say what it is.
LONGEST_PREVIEW_CYCLE = 600.0


def previewable(pattern: Pattern | None) -> bool:
    if pattern is None:
        return False
    phases = (pattern.inhale, pattern.exhale)
    if any(p < MIN_PHASE_SECONDS for p in phases):
        return False
    if any(0 < p < MIN_PHASE_SECONDS for p in (pattern.hold_in, pattern.hold_out)):
        return False
    if pattern.is_pulse and pattern.rounds < 1:
        return False
    return 0 < pattern.cycle_seconds <= LONGEST_PREVIEW_CYCLE


def one_cycle(pattern: Pattern) -> Timeline:
    """A timeline of exactly one cycle of `pattern`: what the preview repeats."""
    session = Session(
        id="preview",
        title="preview",
        minutes=pattern.cycle_seconds / 60.0,
        prepare_seconds=0.0,
        bells=BellPlan(start=False, end=False),
        pattern=pattern,
    )
    return Timeline(session)


class BreathPreview(Vertical):
    """The pacer breathing one pattern, over and over, with its figures beside it."""

    DEFAULT_CSS = """
    BreathPreview {
        height: auto;
    }
    BreathPreview #preview-pacer-box {
        height: 9;
    }
    BreathPreview #preview-pacer {
        height: 100%;
    }
    BreathPreview #preview-phase {
        height: 1;
        text-align: center;
        text-style: bold;
    }
    BreathPreview #preview-figures {
        height: auto;
        text-align: center;
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    def __init__(self, *, now: Callable[[], float] = time.monotonic, id: str | None = None):
        super().__init__(id=id)
        self.now = now
        self.pattern: Pattern | None = None
        self._timeline: Timeline | None = None
        self._start = 0.0
        self._wake: asyncio.TimerHandle | None = None
        self._words = ""

    def compose(self) -> ComposeResult:
        with Center(id="preview-pacer-box"):
            yield Pacer(id="preview-pacer")
        yield Static("", id="preview-phase", markup=False)
        yield Static("", id="preview-figures", markup=False)

    def on_mount(self) -> None:
        self.now = getattr(self.app, "now", self.now)  # the app's clock (a fake one in tests)
        self._pacer = self.query_one(Pacer)
        self._phase = self.query_one("#preview-phase", Static)
        self._figures = self.query_one("#preview-figures", Static)
        self._show_still()

    def on_unmount(self) -> None:
        self._sleep()

    def _sleep(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    @property
    def animated(self) -> bool:
        # As the player: no moving shape when the terminal or the person asks for none.
        settings = getattr(self.app, "settings", None)
        wanted = getattr(settings, "animation", "full") != "none"
        return wanted and self.app.animation_level != "none"

    def show(self, pattern: Pattern | None) -> None:
        """Breathe `pattern` from its first in-breath (None: nothing to pace)."""
        if pattern == self.pattern and self._timeline is not None:
            return
        self.pattern = pattern
        self._sleep()
        self._timeline = one_cycle(pattern) if previewable(pattern) else None
        self._start = self.now()
        if not self.is_mounted:
            return
        self._show_still()
        if self._timeline is not None:
            self.tick()

    def _show_still(self) -> None:
        pattern = self.pattern
        figures = breath_figures(pattern) if pattern is not None else ""
        self._figures.update(figures or "No breathing pattern: the breath is not paced.")
        showing = self._timeline is not None
        self.query_one("#preview-pacer-box").display = showing and self.animated
        if not showing:
            self._set_words("")

    def _set_words(self, words: str) -> None:
        if words != self._words:
            self._words = words
            # One line, always: a new text needs no layout of the whole form.
            self._phase.update(words, layout=False)

    def tick(self) -> None:
        """Draw the present moment of the cycle; sleep until the picture next changes."""
        self._wake = None
        timeline, pattern = self._timeline, self.pattern
        if timeline is None or pattern is None:
            return
        cycle = timeline.length
        into = (self.now() - self._start) % cycle
        breath = timeline.state_at(into).breath
        if breath is None:
            return
        self._set_words(phase_words(pattern, breath))
        wait = breath.phase_left  # the words change with the phase
        if self.animated:
            self._pacer.show(breath.fullness)
            shape_in = self._pacer.next_change_in(pattern, breath)
            if shape_in is not None:
                wait = min(wait, shape_in)
        wait = max(wait, FRAME_SECONDS) + WAKE_LATE
        # The frame clock, as the player's (not a thread's result; `set_timer` drifts).
        self._wake = asyncio.get_running_loop().call_later(wait, self._on_wake)

    def _on_wake(self) -> None:
        try:
            self.tick()
        except Exception as error:  # a plain loop callback: hand it to Textual
            from mbsr_tui.ui.textual_adapter import handle_exception

            handle_exception(self.app, error)

    def on_pacer_resized(self) -> None:
        # The shape's moments of change depend on its size: plan again.
        if self._timeline is not None:
            self._sleep()
            self.tick()


# -- where the bells fall -----------------------------------------------------------------

_MARKS = {
    EventKind.START: "●",
    EventKind.END: "●",
    EventKind.INTERVAL: "•",
    EventKind.AT: "•",
    EventKind.STEP: "◦",
}
_NAMES = {EventKind.INTERVAL: "interval", EventKind.AT: "extra"}


def bell_events(session: Session, seconds: float | None = None) -> tuple[float, list[Event]]:
    """The practice's length and its bells (no phase cues): what the strip draws."""
    timeline = Timeline(session, seconds)
    bells = [e for e in timeline.events if e.sound and e.kind in _MARKS]
    return timeline.length, [
        Event(e.at - timeline.prepare, e.kind, e.sound, e.side, e.step_index) for e in bells
    ]


def bell_strip(length: float, events: list[Event], width: int) -> str:
    """A rule with a mark at each bell, the length under it, and what each mark is."""
    width = max(8, width)
    cells = ["─"] * width
    for event in sorted(events, key=lambda e: -list(_MARKS).index(e.kind)):
        at = 0 if length <= 0 else round(event.at / length * (width - 1))
        cells[min(width - 1, max(0, at))] = _MARKS[event.kind]
    scale = "0:00" + clock_text(length).rjust(width - 4)
    lines = ["".join(cells), scale]
    kinds = [e.kind for e in events]
    ends = [word for word, kind in (("start", EventKind.START), ("end", EventKind.END))
            if kind in kinds]  # fmt: skip
    if ends:
        lines.append(f"● {' and '.join(ends)}")
    repeating = [f"{kinds.count(kind)} {_NAMES[kind]}" for kind in (EventKind.INTERVAL,
                 EventKind.AT) if kind in kinds]  # fmt: skip
    if repeating:
        lines.append(f"• {', '.join(repeating)}")
    if EventKind.STEP in kinds:
        steps = kinds.count(EventKind.STEP)
        lines.append(f"◦ {steps} as {word_for(steps, 'a step begins', 'steps begin')}")
    if len(lines) == 2:
        lines.append("no bells")
    return "\n".join(lines)


class BellStrip(Static):
    """Where the bells fall in the chosen length (drawn from `Timeline.events`)."""

    DEFAULT_CSS = """
    BellStrip {
        height: auto;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._bells: tuple[float, list[Event]] | None = None

    def show_bells(self, bells: tuple[float, list[Event]] | None) -> None:
        self._bells = bells
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._bells is None:
            self.update("bells: (waiting for a valid length)")
            return
        width = self.content_size.width or 24
        self.update(bell_strip(*self._bells, width))
