"""What the plain player says, as lines of text: pure functions of the timeline.

One short line per moment that matters, so a screen reader reads each as it comes and a
dumb terminal shows it as it is: a step's title and guidance when it begins, the breath's
phase ("in", "hold", "out", with the count, the nostril or the round), the time left once
a minute, the bells, the end. Every line is plain text: control characters from a
session file are shown as visible marks, never sent.
"""

from __future__ import annotations

import math

from mbsr_tui.core.events import Event, EventKind, Phase, Side
from mbsr_tui.core.safe_text import speakable, visible, visible_lines
from mbsr_tui.core.session import Pattern, Session
from mbsr_tui.core.timeline import SessionState, Timeline
from mbsr_tui.core.words import plural

POSTURE_HINTS = {
    "lying": "Find a comfortable place to lie down. A cushion under the knees can ease the back.",
    "sitting": "Find a comfortable, upright seat. A chair is fine.",
    "standing": "Stand easily, feet about hip-width apart.",
    "walking": "Find a quiet lane of ten to twenty steps where you can walk slowly.",
}

KEYS_LINE = "Keys: space pauses and resumes, n goes to the next part, q ends early, Ctrl+C quits."
ONE_PART_KEYS_LINE = "Keys: space pauses and resumes, q ends early, Ctrl+C quits."
OPEN_KEYS_LINE = "Keys: space pauses and resumes, q finishes when you are ready, Ctrl+C quits."


def keys_line(session: Session) -> str:
    """The keys that mean something for this practice: no `n` with one part, and for a
    sit with no set end, q is its end, not an early one."""
    if session.open_ended:
        return OPEN_KEYS_LINE
    return KEYS_LINE if len(session.steps) > 1 else ONE_PART_KEYS_LINE


def minutes_words(seconds: float) -> str:
    """'1 minute', '12 minutes', '45 seconds': how a length is said aloud."""
    whole = round(seconds)
    if whole < 60:
        return plural(whole, "second")
    minutes, rest = divmod(whole, 60)
    text = plural(minutes, "minute")
    if rest:
        text += f" {plural(rest, 'second')}"
    return text


def opening_lines(session: Session, timeline: Timeline) -> list[str]:
    length = "no set end" if session.open_ended else minutes_words(timeline.length)
    lines = [f"{visible(session.title)}, {length}."]
    hint = POSTURE_HINTS.get(session.posture, "")
    if hint:
        lines.append(hint)
    if session.caution:
        lines.append(visible_lines(session.caution))
    lines.append(keys_line(session))
    if timeline.prepare > 0:
        lines.append(f"Getting ready: the practice begins in {minutes_words(timeline.prepare)}.")
    return lines


def _side(side: Side) -> str:
    return {Side.LEFT: "left", Side.RIGHT: "right"}.get(side, "")


def phase_line(pattern: Pattern, state: SessionState) -> str | None:
    """'in, count 3', 'out, left', 'hold', 'round 2 of 3: quick pulses out', 'rest'."""
    breath = state.breath
    if breath is None:
        return None
    if pattern.is_pulse:
        # A pulse lasts under a second: one line a round, not one a pulse.
        if breath.phase is Phase.REST:
            return f"rest, breathe normally (after round {breath.round} of {breath.rounds})"
        if breath.pulse == 1 and breath.phase is Phase.OUT:
            return (
                f"round {breath.round} of {breath.rounds}: {pattern.rounds} quick pulses out "
                "through the nose"
            )
        return None
    if breath.phase in (Phase.HOLD_IN, Phase.HOLD_OUT):
        words = "hold"
    else:
        words = "in" if breath.phase is Phase.IN else "out"
        side = _side(breath.side) if pattern.nostrils != "both" else ""
        if side:
            words += f", {side}"
        if pattern.count_to and breath.phase is Phase.IN:
            words += f", count {breath.count}"
        if pattern.focus == "belly":
            words += ", belly rises" if breath.phase is Phase.IN else ", belly falls"
    return words


def step_lines(timeline: Timeline, index: int, *, spoken: bool = False) -> list[str]:
    """A step's heading and guidance; control characters shown as marks on screen, and
    dropped when `spoken` (a voice would read a mark out letter by letter)."""
    step = timeline.steps[index]
    total = len(timeline.steps)
    title = speakable(step.title) if spoken else visible(step.title)
    heading = f"Part {index + 1} of {total}: {title}." if total > 1 else f"{title}."
    lines = [heading]
    if step.prompt.strip():
        prompt = step.prompt.strip()
        lines.append(speakable(prompt) if spoken else visible_lines(prompt))
    return lines


def minute_marks_between(timeline: Timeline, t0: float, t1: float) -> list[float]:
    """Whole minutes left that the time left passed in (t0, t1]: said once a minute."""
    start = max(t0, timeline.prepare)
    if t1 <= start or timeline.session.open_ended:  # no end, so no time left to tell
        return []
    left_before = timeline.total - start
    left_after = max(0.0, timeline.total - t1)
    marks = []
    minute = math.floor((left_before - 1e-9) / 60) * 60
    while minute >= 60 and minute >= left_after - 1e-9:
        # Not at the practice's first moment (its length was just said) nor at its end.
        if timeline.total - minute > timeline.prepare + 1e-9:
            marks.append(minute)
        minute -= 60
    return marks


def next_minute_mark(timeline: Timeline, elapsed: float) -> float | None:
    """When (in elapsed time) the time left next reaches a whole minute."""
    left = timeline.total - max(elapsed, timeline.prepare)
    minute = math.floor((left - 1e-9) / 60) * 60
    if minute < 60:
        return None
    return timeline.total - minute


def lines_between(timeline: Timeline, t0: float, t1: float, events: list[Event]) -> list[str]:
    """Everything to say for what happened in [t0, t1), events and minute marks in order."""
    said: list[tuple[float, int, list[str]]] = []
    for order, event in enumerate(events):
        lines = _event_lines(timeline, event)
        if lines:
            said.append((event.at, order, lines))
    for mark in minute_marks_between(timeline, t0, t1):
        text = f"{minutes_words(mark)} left."
        said.append((timeline.total - mark, len(events), [text]))
    said.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, lines in said for line in lines]


def _event_lines(timeline: Timeline, event: Event) -> list[str]:
    kind = event.kind
    if kind is EventKind.START:
        return ["The practice begins."]
    if kind is EventKind.STEP and event.step_index is not None:
        return step_lines(timeline, event.step_index)
    if kind is EventKind.PHASE and event.step_index is not None:
        step = timeline.steps[event.step_index]
        if step.pattern is None:
            return []
        line = phase_line(step.pattern, timeline.state_at(event.at + 1e-6))
        return [line] if line else []
    if kind in (EventKind.INTERVAL, EventKind.AT) and event.sound:
        return ["(bell)"]
    if kind is EventKind.FINISHED:
        return ["The practice has ended."]
    return []


# A phase shorter than this has no room for a spoken word: it is left to the pacer.
SHORTEST_SPOKEN_PHASE = 1.5


def spoken_between(timeline: Timeline, events: list[Event], *, phases: bool) -> str | None:
    """What the voice says for these events: a step's title and guidance when it begins
    and, with `phases` (breathing practices), the breath's words where they fit. Only the
    latest moment is spoken: the voice never falls behind the practice."""
    said: str | None = None
    for event in events:
        if event.kind is EventKind.STEP and event.step_index is not None:
            said = " ".join(step_lines(timeline, event.step_index, spoken=True))
        elif phases and event.kind is EventKind.PHASE and event.step_index is not None:
            step = timeline.steps[event.step_index]
            if step.pattern is None:
                continue
            state = timeline.state_at(event.at + 1e-6)
            line = phase_line(step.pattern, state)
            short = state.breath is not None and state.breath.phase_seconds < SHORTEST_SPOKEN_PHASE
            fits = line and (not short or step.pattern.is_pulse)
            # Right at a step's start its title is still being said: keep it.
            at_start = said is not None and event.at <= timeline.step_starts[event.step_index]
            if fits and not at_start:
                said = line
    return said
