"""A session compiled for one length: the single source of truth for what happens when.

The UI draws `state_at(elapsed)` and rings `events_between(previous, elapsed)`; both come
from the same layout, so what is shown and what is heard can never disagree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from mbsr_tui.core import breathing, limits
from mbsr_tui.core.events import BreathState, Event, EventKind
from mbsr_tui.core.session import Session, Step, scale_steps

# Interval bells are not rung this close to the end: the end bell is coming.
QUIET_BEFORE_END = 30.0
# Bells closer together than this are one bell; the more important one rings.
COINCIDE_SECONDS = 0.5
_PRIORITY = {
    EventKind.END: 0,
    EventKind.START: 1,
    EventKind.AT: 2,
    EventKind.INTERVAL: 3,
    EventKind.STEP: 4,
    EventKind.PHASE: 5,
    EventKind.FINISHED: 6,
}


# The least of their share the steps without a pattern must keep at a length. Breathing
# steps round to whole breaths (or pulse rounds); made short enough, a routine's breathing
# would take nearly all of it and the other steps would flash by in a second or two.
KEPT_SHARE = 0.5


def squeezes(session: Session, seconds: float | None = None) -> bool:
    """Whether at `seconds` of practice the breathing steps, in whole breaths, leave the
    other steps less than half the time they would have in proportion.

    Such a length is refused (the length picker does not offer it, `check` reports a
    file whose own length or `min_minutes` does) rather than played squeezed.
    """
    steps = session.guided_steps()
    weights = sum(step.seconds for step in steps)
    free_weight = sum(step.seconds for step in steps if not step.pattern)
    if weights <= 0 or free_weight <= 0 or free_weight >= weights:
        return False  # no breathing steps, or nothing but breathing: nothing to squeeze
    target = session.default_seconds if seconds is None else float(seconds)
    kept = sum(step.seconds for step in scale_steps(session, target) if not step.pattern)
    return kept < KEPT_SHARE * target * free_weight / weights


@dataclass(frozen=True)
class SessionState:
    elapsed: float  # seconds since launch, preparation included
    total: float  # preparation + practice
    preparing: bool
    prepare_left: float
    step_index: int
    step: Step
    step_left: float
    breath: BreathState | None
    finished: bool

    @property
    def remaining(self) -> float:
        return max(0.0, self.total - self.elapsed)

    @property
    def progress(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, max(0.0, self.elapsed / self.total))


class Timeline:
    """Everything that happens in one run of a session, by seconds since launch."""

    def __init__(self, session: Session, seconds: float | None = None) -> None:
        # Every way a practice is made checks `limits`; held to them here again, so that a
        # value slipping past a check never lays out millions of events (issue 21).
        session = limits.playable_session(session)
        self.session = session
        seconds = limits.playable_seconds(seconds, session.default_seconds)
        self.steps = limits.playable_steps(scale_steps(session, seconds))
        self.prepare = session.prepare_seconds
        self.step_starts: list[float] = []
        at = self.prepare
        for step in self.steps:
            self.step_starts.append(at)
            at += step.seconds
        self.total = at
        self.length = at - self.prepare
        self._segments = [
            breathing.layout(step.pattern, step.seconds) if step.pattern else []
            for step in self.steps
        ]
        self._segment_starts = [[s.start for s in segs] for segs in self._segments]
        self.events = self._schedule()
        self._event_times = [event.at for event in self.events]
        self._sound_times = [event.at for event in self.events if event.sound]

    # -- events -----------------------------------------------------------------

    def _schedule(self) -> list[Event]:
        bells = self.session.bells
        events: list[Event] = [
            Event(self.prepare, EventKind.START, bells.sound if bells.start else None)
        ]
        for index, (step, start) in enumerate(zip(self.steps, self.step_starts, strict=True)):
            sound = bells.interval_sound if step.bell else None
            events.append(Event(start, EventKind.STEP, sound, step_index=index))
            for seg in self._segments[index]:
                cue = bells.cue_sound if step.pattern and step.pattern.phase_cues else None
                events.append(
                    Event(start + seg.start, EventKind.PHASE, cue, seg.side, index, seg.phase)
                )
        interval_sound = bells.interval_sound
        if bells.interval_seconds > 0:
            offset = bells.interval_seconds
            count = 1
            # An open-ended sit has no end bell coming: its interval bells go on.
            quiet = 0.0 if self.session.open_ended else QUIET_BEFORE_END
            while offset <= self.length - quiet:
                events.append(Event(self.prepare + offset, EventKind.INTERVAL, interval_sound))
                count += 1
                # Multiplied, not summed: the hundredth bell is as exact as the first.
                offset = count * bells.interval_seconds
        for offset in bells.at_seconds:
            if 0 < offset < self.length:
                events.append(Event(self.prepare + offset, EventKind.AT, bells.interval_sound))
        events.append(Event(self.total, EventKind.END, bells.sound if bells.end else None))
        events.append(Event(self.total, EventKind.FINISHED))
        events.sort(key=lambda e: (e.at, _PRIORITY[e.kind]))
        return _one_sound_per_moment(events)

    def events_between(self, t0: float, t1: float) -> list[Event]:
        """Events at `t0 <= at < t1`: consecutive calls never miss or repeat one.

        The end is the exception: a call that reaches `total` gets the end bell and
        `finished`, because `state_at(total)` already says the session is over and a
        player that stops there must still ring the end bell.
        """
        if t1 <= t0:
            return []
        return self.events[self._happened(t0) : self._happened(t1)]

    def _happened(self, elapsed: float) -> int:
        """How many events have happened by `elapsed` (rising with `elapsed`)."""
        if elapsed >= self.total:
            return bisect_right(self._event_times, elapsed)
        return bisect_left(self._event_times, elapsed)

    def next_sound_at(self, elapsed: float) -> float | None:
        """When the next event with a sound happens, at or after `elapsed`."""
        index = bisect_left(self._sound_times, elapsed)
        return self._sound_times[index] if index < len(self._sound_times) else None

    # -- state ------------------------------------------------------------------

    def step_index_at(self, elapsed: float) -> int:
        return max(0, bisect_right(self.step_starts, elapsed) - 1)

    def state_at(self, elapsed: float) -> SessionState:
        elapsed = max(0.0, elapsed)
        if elapsed >= self.total:
            last = len(self.steps) - 1
            return SessionState(self.total if elapsed > self.total else elapsed, self.total,
                                False, 0.0, last, self.steps[last], 0.0, None, True)  # fmt: skip
        if elapsed < self.prepare:
            return SessionState(elapsed, self.total, True, self.prepare - elapsed, 0,
                                self.steps[0], self.steps[0].seconds, None, False)  # fmt: skip
        index = self.step_index_at(elapsed)
        local = elapsed - self.step_starts[index]
        step = self.steps[index]
        return SessionState(
            elapsed=elapsed,
            total=self.total,
            preparing=False,
            prepare_left=0.0,
            step_index=index,
            step=step,
            step_left=max(0.0, step.seconds - local),
            breath=self._breath_at(index, local),
            finished=False,
        )

    def _breath_at(self, index: int, local: float) -> BreathState | None:
        pattern = self.steps[index].pattern
        segments = self._segments[index]
        if pattern is None or not segments:
            return None
        seg = segments[max(0, bisect_right(self._segment_starts[index], local) - 1)]
        progress = min(1.0, max(0.0, (local - seg.start) / seg.duration))
        count = seg.breath % pattern.count_to + 1 if pattern.count_to else seg.breath + 1
        rounds = segments[-1].round
        return BreathState(
            phase=seg.phase,
            phase_progress=progress,
            phase_left=max(0.0, seg.duration - (local - seg.start)),
            fullness=breathing.fullness(pattern, seg.phase, progress),
            breath=seg.breath + 1,
            count=count,
            side=seg.side,
            pulse=seg.pulse,
            round=seg.round,
            rounds=rounds,
            phase_seconds=seg.duration,
        )


def _one_sound_per_moment(events: list[Event]) -> list[Event]:
    """Silence every sound but the most important among those that coincide."""
    result: list[Event] = []
    sounding: int | None = None  # index in `result` of the last event that still rings
    for event in events:
        close = sounding is not None and event.at - result[sounding].at < COINCIDE_SECONDS
        if event.sound and close:
            if _PRIORITY[event.kind] < _PRIORITY[result[sounding].kind]:
                # The more important bell wins; the earlier one goes quiet.
                result[sounding] = replace(result[sounding], sound=None)
                sounding = len(result)
            else:
                event = replace(event, sound=None)
        elif event.sound:
            sounding = len(result)
        result.append(event)
    return result
