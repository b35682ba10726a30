"""The session player: guidance, the breathing pacer, time, and the keys to steer it.

Everything drawn comes from `Timeline.state_at(elapsed)` and every bell from
`Timeline.events_between(previous, elapsed)`; the wake timer only asks "what now?", at
the next moment something shown would change or a bell is due.
"""

from __future__ import annotations

import asyncio
import math
import time
from bisect import bisect_left
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from mbsr_tui.core import breathing
from mbsr_tui.core.clock import SessionClock
from mbsr_tui.core.events import BreathState, Event, EventKind, Side
from mbsr_tui.core.group.shared import state_before_start
from mbsr_tui.core.practice import Outcome
from mbsr_tui.core.safe_text import visible_lines
from mbsr_tui.core.session import Pattern, Session
from mbsr_tui.core.timeline import SessionState, Timeline
from mbsr_tui.ui.frame_plan import next_wake, shown_changes
from mbsr_tui.ui.guidance import header_text, moment_texts, steady_bar
from mbsr_tui.ui.player_layout import Shown, fit_guidance, is_small
from mbsr_tui.ui.screens.confirm import ConfirmScreen
from mbsr_tui.ui.widgets.fitted_text import FittedText
from mbsr_tui.ui.widgets.kept_lines import keep_lines
from mbsr_tui.ui.widgets.key_line import KeyLine
from mbsr_tui.ui.widgets.nostrils import Nostrils
from mbsr_tui.ui.widgets.pacer import Pacer
from mbsr_tui.ui.widgets.pacer_geometry import Glyphs
from mbsr_tui.ui.widgets.session_progress import SessionProgress

# The player wakes when something shown changes, at most 15 times a second: changes
# closer together than a frame are drawn in one (a 4 s in-breath still shows every one
# of its pictures). Bells are never held back by a frame.
FRAME_SECONDS = 1 / 15
# The longest sleep: while paused, and should the clock we are given jump (benches skip
# quiet minutes), the player looks again at least this often.
LONGEST_WAIT = 0.5
# Woken a hair late rather than early: early would find the change still ahead.
WAKE_LATE = 0.001
# A group sitting's bell rings at one moment for a crowd of processes: each draws its
# frame this much later, so no one's bell waits behind the others' frames (issue 22).
BELL_FIRST = 0.03
# One-line texts never change size: a new text needs no layout of the screen.
_FIXED_SIZE = frozenset({"player-header", "phase", "count", "steady-bar"})


class PracticeSound(Protocol):
    """The bells and voice a player rings and steers (ui/sound.py's `Sound`, handed in by
    the practice flow). Called, not messaged: a bell rings in the frame its moment comes
    (issue 11), a skip waits for the answer, and the header shows the bells' state."""

    def ring_events(self, events: list[Event]) -> None: ...
    def practice_paused(self, paused: bool) -> None: ...
    def may_skip_step(self) -> bool: ...
    def toggle_mute(self) -> None: ...
    def bell_status(self) -> str: ...


class PlayerScreen(Screen[None]):
    CSS_PATH = "../practice.tcss"
    BINDINGS = [
        # One key, two words: the footer says what space does now (check_action).
        Binding("space", "toggle_pause('pause')", "Pause"),
        Binding("space", "toggle_pause('resume')", "Resume"),
        Binding("n", "next_step", "Next step"),
        Binding("m", "toggle_mute", "Mute"),
        Binding("i", "toggle_guidance", "Guidance"),
        Binding("q,escape", "end_early", "End"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    class Ended(Message):
        """The session is over (reached its end, or ended early)."""

        def __init__(self, outcome: Outcome, ended_at: datetime) -> None:
            super().__init__()
            self.outcome = outcome
            self.ended_at = ended_at  # when the practice ended, not when anything closed

    def __init__(
        self,
        session: Session,
        seconds: float | None = None,
        *,
        sound: PracticeSound,
        now: Callable[[], float] = time.monotonic,
        animation: str = "full",
    ) -> None:
        super().__init__()
        keep_lines(self)
        self.sound = sound
        self.session = session
        self.timeline = Timeline(session, seconds)
        self.clock = SessionClock(now)
        self.animation = animation
        self._last = 0.0
        self._ended = False
        self._ending: tuple[Outcome, datetime] | None = None
        self._wake: asyncio.TimerHandle | None = None
        self.next_look_in = 0.0  # seconds from the last frame to the next: tests read it
        self._due_at: float | None = None  # the moment a bell was found due at, not yet rung
        self._waking = False  # in a tick of the wake timer's (not a key's or a resize's)
        self.held = False  # built ahead of a room's start: drawn, silent, asleep (`release`)
        self._shown: dict[str, str] = {}
        self._texts: dict[str, Static | FittedText] = {}  # the texts, once mounted
        self.full_guidance = False  # breathing steps show their first paragraph unless asked

    def compose(self) -> ComposeResult:
        # Every widget here is asked for its lines whenever any cell of the player
        # changes (they share a clip): unchanged ones hand back what they drew.
        with keep_lines(Vertical(id="player")):
            yield keep_lines(Static(id="player-header", markup=False))
            yield keep_lines(Static(id="step-title", markup=False))
            yield keep_lines(FittedText(more="i: all the guidance", id="prompt"))
            yield keep_lines(Static(id="caution", markup=False))
            with keep_lines(Center(id="pacer-box")):
                yield Pacer(id="pacer")
            yield keep_lines(Static(id="steady-bar", markup=False))
            yield Nostrils(id="nostrils")
            yield keep_lines(Static(id="phase", markup=False))
            yield keep_lines(Static(id="count", markup=False))
            yield SessionProgress(id="progress")
        yield keep_lines(KeyLine())

    def on_mount(self) -> None:
        if self.app.animation_level == "none":
            self.animation = "none"
        # Looked up once: a frame touches them all.
        self._texts = {
            name: self.query_one(f"#{name}")
            for name in ("player-header", "step-title", "prompt", "caution", "steady-bar",
                         "phase", "count")
        }  # fmt: skip
        self._pacer_box = self.query_one("#pacer-box")
        self._pacer = self.query_one(Pacer)
        self._nostrils = self.query_one(Nostrils)
        self._progress = self.query_one(SessionProgress)
        self._event_times = [event.at for event in self.timeline.events]
        self._texts["caution"].add_class("-gone")
        self.tick()
        self._fit_guidance()

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    def on_pacer_resized(self) -> None:
        # A new size moves the moments the shape changes: plan again (the first size
        # comes after the first frame, which planned for an empty pacer).
        self.tick()

    def on_session_progress_resized(self) -> None:
        self.tick()

    def on_resize(self) -> None:
        self.set_class(is_small(*self.size), "-small")
        self._fit_guidance()

    def _fit_guidance(self) -> None:
        """The guidance gets the rows the pacer, the phase and the keys leave it."""
        if self._texts:
            caution = self._texts["caution"]
            caution_text = "" if caution.has_class("-gone") else self.session.caution
            shown = Shown(self._pacer_box.display, self._texts["steady-bar"].display,
                          self._nostrils.display, caution_text, self.full_guidance)  # fmt: skip
            self.set_class(self.full_guidance, "-reading")
            fit_guidance(self._texts["prompt"], self.size, shown)

    # -- the frame ---------------------------------------------------------------

    def tick(self) -> None:
        """Ring what happened since the last frame, draw the present moment, and sleep
        until the next moment that would look or sound different."""
        elapsed = self.clock.elapsed()
        state = state_before_start(self.timeline, elapsed)  # a room's countdown: negative
        if self.held:  # built ahead of its start, under a countdown: drawn, silent, asleep
            self._draw(state)
            return
        events = self.timeline.events_between(self._last, elapsed)
        self._last = max(self._last, elapsed)
        if events:
            self.sound.ring_events(events)
            if self.together is not None:  # a crowd's bells out first, frames (and the end) after
                self._wake_in(BELL_FIRST)
                return
        self._draw(state)
        if state.finished:
            self._end(reached_end=True)
        self._arm_wake(state, elapsed)

    def _arm_wake(self, state: SessionState, elapsed: float) -> None:
        """Wake at the next visible change, or exactly at a bell's moment if sooner.

        A one-off loop timer asks the same question as any frame ("what now?") at that
        moment, so the clock stays the only source of time. The wake is planned in
        session seconds: a bell is rung at its moment, never a frame late.
        """
        if self.clock.paused:
            wait = LONGEST_WAIT  # nothing on the timeline moves; only the bells' status may
        else:
            now = min(state.elapsed, elapsed)  # negative before a room's start
            bell = self.timeline.next_sound_at(self._last)
            wake = next_wake(now, self._changes(state, now), bell=bell, frame=FRAME_SECONDS,
                             longest=LONGEST_WAIT)  # fmt: skip
            wait = max(wake - now, FRAME_SECONDS)  # at most 15 frames a second...
            if bell is not None and bell > now:
                wait = min(wait, bell - now)  # ...but a bell is never held back
            elif bell is not None and not (self._waking and self._due_at == now):
                wait = 0.0  # due now (0 s): the next look rings it; a held clock, a frame
            self._due_at = now if bell is not None and bell <= now else None
        self._wake_in(max(0.0, wait) + WAKE_LATE)

    def _wake_in(self, seconds: float) -> None:
        if self._wake is not None:
            self._wake.cancel()
        self.next_look_in = seconds
        # The frame clock, not a thread's result (issue 19, item 3): chained `set_timer`
        # calls drift ~1 ms each (DESIGN.md), a bell must fall on its moment.
        self._wake = asyncio.get_running_loop().call_later(seconds, self._on_wake)

    def _on_wake(self) -> None:
        self._wake = None
        self._waking = True
        try:
            self.tick()
        except Exception as error:  # a plain loop callback: hand it to Textual, as timers do
            from mbsr_tui.ui.textual_adapter import handle_exception

            handle_exception(self.app, error)
        finally:
            self._waking = False

    def _changes(self, state: SessionState, moment: float) -> list[float]:
        """The session moments at which what `_draw` shows next changes (frame_plan.py)."""
        upcoming = bisect_left(self._event_times, self._last)  # a new step or phase
        return shown_changes(
            state, moment, self._progress.next_changes_in(),
            self._event_times[upcoming] if upcoming < len(self._event_times) else None,
            pacer_change_in=lambda: self._pacer.next_change_in(state.step.pattern, state.breath),
            moving=self.animation == "full", full_guidance=self.full_guidance,
            open_ended=self.session.open_ended,
        )  # fmt: skip

    def _set(self, widget_id: str, text: str) -> None:
        # Only changed text is sent: an unchanged screen costs the terminal nothing.
        if self._shown.get(widget_id) != text:
            self._shown[widget_id] = text
            # Titles and guidance come from files and rooms: control characters as marks.
            shown = visible_lines(text)
            self._texts[widget_id].update(shown, layout=widget_id not in _FIXED_SIZE)

    def _draw(self, state: SessionState) -> None:
        self._set("player-header", self._header_text())
        flags = (self.clock.paused, state.preparing)
        if flags != (self.has_class("-paused"), self.has_class("-preparing")):
            self.set_class(flags[0], "-paused").set_class(flags[1], "-preparing")
            self.refresh_bindings()  # the keys' words change with these (check_action)
        pattern = state.step.pattern
        for widget_id, text in moment_texts(state, self.session, self.timeline.steps,
                                            self.full_guidance).items():  # fmt: skip
            self._set(widget_id, text)
        self._show_caution(state.preparing and bool(self.session.caution))
        self._draw_breath(pattern, state.breath)
        # An open-ended sit has no total to fill a bar towards: the time so far only.
        self._progress.show(state.elapsed, math.inf if self.session.open_ended else state.total)

    def _show_caution(self, visible: bool) -> None:
        caution = self._texts["caution"]
        if visible == caution.has_class("-gone"):
            if visible:
                caution.update(visible_lines(self.session.caution))
            caution.set_class(not visible, "-gone")
            self._fit_guidance()

    def _draw_breath(self, pattern: Pattern | None, breath: BreathState | None) -> None:
        pacer, bar, nostrils = self._pacer, self._texts["steady-bar"], self._nostrils
        breathing_now = pattern is not None and breath is not None and not self.full_guidance
        show_shape = breathing_now and self.animation != "none"
        for widget, shown in (
            (self._pacer_box, show_shape),
            (bar, breathing_now and self.animation == "none"),
            (nostrils, breathing_now and pattern.nostrils != "both"),
        ):
            if widget.display != shown:
                widget.display = shown
                self._fit_guidance()
        if not breathing_now:
            return
        fullness = breath.fullness if breath else 0.0
        if self.animation == "reduced" and breath:
            # One step a second rather than a continuous glide.
            whole = int(breath.phase_progress * breath.phase_seconds)
            fullness = breathing.fullness(pattern, breath.phase, whole / breath.phase_seconds)
        if show_shape:
            pacer.show(fullness)
        else:
            self._set("steady-bar", steady_bar(breath, ascii_only=pacer.glyphs is Glyphs.ASCII))
        nostrils.show(breath.side if breath else Side.NONE)

    # -- keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_pause" and parameters:
            return self.clock.paused == (parameters[0] == "resume")
        if action == "next_step":  # one part and under way: there is no next to go to
            return len(self.timeline.steps) > 1 or self.has_class("-preparing")
        return True

    def action_toggle_pause(self, _words: str = "") -> None:
        if self._ended:
            return
        self.sound.practice_paused(self.clock.toggle())
        self.tick()

    def action_next_step(self) -> None:
        if self.together is not None:  # a group sitting: everyone moves on together
            self.together.refuse_skip()
            return
        state = self.timeline.state_at(self.clock.elapsed())
        if self._ended or state.finished:
            return
        following = 0 if state.preparing else state.step_index + 1
        if following >= len(self.timeline.steps):
            self.notify("This is the last part. Press q to end the practice.", timeout=4)
            return
        if not self.sound.may_skip_step():  # a recording that cannot follow (issue 12)
            return
        target = self.timeline.step_starts[following]
        if state.preparing:
            target = self.timeline.prepare
        self.clock.skip_to(target)
        # Bells inside the skipped stretch stay silent; the new step's own events ring.
        self._last = target
        self.tick()

    def action_toggle_guidance(self) -> None:
        self.full_guidance = not self.full_guidance
        self._texts["prompt"].more = "" if self.full_guidance else "i: all the guidance"
        self._fit_guidance()
        self._shown.pop("prompt", None)
        self.tick()

    def action_toggle_mute(self) -> None:
        self.sound.toggle_mute()
        self._shown.pop("player-header", None)
        self.tick()

    def action_end_early(self) -> None:
        if self._ended:
            return
        if self.session.open_ended:
            # No end to miss: q is the end. The end bell rings now, as it would have.
            bells = self.session.bells
            end = Event(self.clock.elapsed(), EventKind.END, bells.sound if bells.end else None)
            self.sound.ring_events([end])
            self._end(reached_end=True)
            return

        def answered(end_now: bool | None) -> None:
            if end_now:
                self._end(reached_end=False)

        question, yes = "End this practice now?", "End practice"
        if self.together is not None:  # a group sitting: the host ends it for all
            question, yes = self.together.end_question()
        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Keep going"), answered)

    def outcome(self, reached_end: bool) -> Outcome:
        # The "getting ready" countdown is not practice: time counts from the start bell.
        # Skipped parts are not practice either: whether it was stayed through is the
        # Outcome's to say (core/practice.py), from the time actually spent.
        practised = min(self.clock.practised_since(self.timeline.prepare), self.timeline.length)
        if self.session.open_ended:
            # No planned length, so however it ends, nothing was cut short.
            return Outcome(self.session, 0.0, practised, reached_end=True)
        return Outcome(self.session, self.timeline.length, practised, reached_end)

    def _header_text(self) -> str:
        together = self.together.label() if self.together is not None else ""
        state = "ended" if self._ended else "paused" if self.clock.paused else ""
        return header_text(self.session.title, together, self.sound.bell_status(), state)

    def final_outcome(self) -> tuple[Outcome, datetime | None]:
        """How it ended if it has (a signal may come before `Ended` is handled), else an
        early end now."""
        if self._ending is not None:
            return self._ending
        return self.outcome(reached_end=False), None

    def _end(self, reached_end: bool) -> None:
        if self._ended:
            return
        self._ended = True
        self.clock.pause()
        self._ending = (self.outcome(reached_end), datetime.now(UTC))
        self.post_message(self.Ended(*self._ending))
        self._set("player-header", self._header_text())

    # -- sitting together (issue 10: ui/group_control.py) -------------------------------

    together = None  # a group sitting's GroupControl: the header's label, its rules

    def sit_together(self, together, clock) -> None:
        """Before it is shown: the room's shared clock (core/group/shared.py), from the
        room's present moment; what rang before this person joined stays silent."""
        self.together, self.clock = together, clock
        self._last = clock.joined

    def release(self) -> None:
        """Built ahead and shown now: it rings and wakes on its own."""
        self.held = False
        self.tick()

    def room_ended(self) -> None:
        """The host ended the sitting early: it ends here too."""
        self._end(reached_end=False)
