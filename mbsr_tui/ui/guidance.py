"""The words the player shows for a moment of a session: pure functions, no Textual."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mbsr_tui.core.events import BreathState, Phase, Side
from mbsr_tui.core.session import Pattern, Session

if TYPE_CHECKING:  # the menu's first run imports this module for CARE_NOTE alone
    from collections.abc import Sequence

    from mbsr_tui.core.session import Step
    from mbsr_tui.core.timeline import SessionState

CARE_NOTE = (
    "MBSR complements medical care; it does not replace it. Please speak with a health "
    "professional about your back, and stop any exercise that brings sharp pain, "
    "dizziness or breathlessness."
)


def clock_text(seconds: float) -> str:
    """`4:05` or `1:04:05`: whole seconds, rounded up so 0:00 means it is over."""
    whole = max(0, int(seconds + 0.999))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock_change_in(seconds: float, *, counting_down: bool = False) -> float:
    """Seconds until `clock_text(seconds)` reads differently, as `seconds` rises (or falls,
    `counting_down`) at the clock's pace. A countdown at 0:00 never changes: infinity.

    The text shows whole seconds rounded up, so a count up turns 1 ms past a whole
    second and a countdown just below 1 ms past one. Never early: at `seconds`
    plus the answer the new text is due (a countdown's exact boundary still reads the
    old text; the player wakes a hair late).
    """
    whole = max(0, int(seconds + 0.999))
    if counting_down:
        return math.inf if whole == 0 else max(0.0, seconds - (whole - 0.999))
    return max(0.0, whole + 0.001 - seconds)


def whole_second_in(seconds: float) -> float:
    """Seconds until `seconds` reaches its next whole second (what one-mark-a-second
    displays step on)."""
    return math.floor(seconds) + 1 - seconds


def _side_word(side: Side) -> str:
    return {Side.LEFT: "left", Side.RIGHT: "right"}.get(side, "")


def phase_words(pattern: Pattern, breath: BreathState) -> str:
    """'breathe in — left', 'hold', 'breathe out', 'rest'; the belly for diaphragmatic."""
    phase = breath.phase
    if pattern.is_pulse:
        return {
            Phase.OUT: "out — a quick push from the belly",
            Phase.IN: "let the breath come in",
        }.get(phase, "rest — breathe normally")
    if phase in (Phase.HOLD_IN, Phase.HOLD_OUT):
        return "hold — both nostrils closed" if pattern.nostrils == "alternate" else "hold"
    words = "breathe in" if phase is Phase.IN else "breathe out"
    if pattern.nostrils == "alternate":
        words = ("in" if phase is Phase.IN else "out") + " — " + _side_word(breath.side)
    if pattern.focus == "belly":
        words += " — belly rises" if phase is Phase.IN else " — belly falls"
    return words


def count_words(pattern: Pattern, breath: BreathState) -> str:
    """The count for counted breathing, pulses and rounds for kapalabhati, else nothing."""
    if pattern.is_pulse:
        if breath.phase is Phase.REST:
            return f"rest after round {breath.round} of {breath.rounds}"
        return f"pulse {breath.pulse} of {pattern.rounds} · round {breath.round} of {breath.rounds}"
    if pattern.count_to:
        return f"count {breath.count}"
    return ""


def posture_hint(session: Session) -> str:
    hints = {
        "lying": "Find a comfortable place to lie down. "
        "A cushion under the knees can ease the back.",
        "sitting": "Find a comfortable, upright seat. A chair is fine.",
        "standing": "Stand easily, feet about hip-width apart.",
        "walking": "Find a quiet lane of ten to twenty steps where you can walk slowly.",
    }
    return hints.get(session.posture, "")


def steady_bar(breath: BreathState | None, *, ascii_only: bool) -> str:
    """Reduced motion: one mark a second through the phase, no gliding shape."""
    if breath is None:
        return ""
    seconds = max(1, round(breath.phase_seconds))
    done = min(seconds, int(breath.phase_progress * breath.phase_seconds) + 1)
    full, empty = ("#", "-") if ascii_only else ("●", "○")
    label = {Phase.IN: "in", Phase.OUT: "out", Phase.REST: "rest"}.get(breath.phase, "hold")
    return f"{label:>4}  " + " ".join([full] * done + [empty] * (seconds - done))


def paced_guidance(prompt: str, full: bool) -> str:
    """Beside the pacer there is room for one paragraph; `i` (full) shows the rest."""
    if full:
        return prompt
    first, _, rest = prompt.partition("\n\n")
    return f"{first}\n(i: all the guidance)" if rest.strip() else first


def header_text(title: str, together: str, bell_status: str, state: str) -> str:
    """The player's top line; `state` is "", "paused" or "ended". The state comes first:
    on a narrow screen the end of the line is what is cut (with `…`)."""
    status = {
        "ended": "the practice has ended — saving it to your journal · ",
        "paused": "paused — press space to go on · ",
    }.get(state, "")
    together = f" · {together}" if together else ""
    return f"{status}{title}{together} · {bell_status}"


def moment_texts(
    state: SessionState, session: Session, steps: Sequence[Step], full_guidance: bool
) -> dict[str, str]:
    """The player's words for this moment, by the id of the text that shows them (a text
    left out keeps what it showed)."""
    pattern = state.step.pattern
    if state.preparing:
        # Instructions for a breathing practice are read before it starts, while the
        # pacer is not yet needed.
        first = steps[0]
        hint = posture_hint(session)
        guidance = paced_guidance(first.prompt, full_guidance) if first.pattern else ""
        return {
            "step-title": "Getting ready",
            "prompt": f"{hint}\n\n{guidance}" if guidance else hint,
            "phase": f"starting in {clock_text(state.prepare_left)}",
            "count": "",
        }
    numbering = f"  ({state.step_index + 1} of {len(steps)})" if len(steps) > 1 else ""
    prompt = state.step.prompt
    if pattern is not None:
        prompt = paced_guidance(prompt, full_guidance)
    texts = {"step-title": f"{state.step.title}{numbering}", "prompt": prompt}
    if pattern and state.breath:
        words = phase_words(pattern, state.breath)
        if not pattern.is_pulse or state.breath.phase is Phase.REST:
            # A pulse lasts under a second: a countdown would only flicker.
            words += f" · {clock_text(state.breath.phase_left)}"
        texts |= {"phase": words, "count": count_words(pattern, state.breath)}
    elif state.finished:
        texts["phase"] = "The practice has ended."
    elif session.open_ended:
        texts |= {"phase": "No set end: press q when you are ready to finish.", "count": ""}
    else:
        texts |= {"phase": f"{clock_text(state.step_left)} left in this part", "count": ""}
    return texts
