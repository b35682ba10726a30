"""The session model: what a practice is, independent of files, screens and speakers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

KINDS = ("sitting", "body-scan", "walking", "movement", "breathing", "routine")
POSTURES = ("sitting", "lying", "standing", "walking")
NOSTRILS = ("both", "alternate", "left", "right")
STYLES = ("smooth", "pulse")
FOCUSES = ("breath", "belly")


@dataclass(frozen=True)
class Pattern:
    """A breathing rhythm, in seconds per phase."""

    inhale: float = 4.0
    hold_in: float = 0.0
    exhale: float = 4.0
    hold_out: float = 0.0
    nostrils: str = "both"
    count_to: int = 0
    style: str = "smooth"
    rounds: int = 0
    rest_seconds: float = 0.0
    phase_cues: bool = False
    focus: str = "breath"  # breath | belly: what the phase words point the attention to

    @property
    def breath_seconds(self) -> float:
        """One full breath: in, hold, out, hold."""
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    @property
    def is_pulse(self) -> bool:
        return self.style == "pulse"

    @property
    def cycle_seconds(self) -> float:
        """The smallest unit a breathing step is made of whole copies of.

        Alternate-nostril breathing goes left-in/right-out, right-in/left-out: two breaths
        bring it back to the left, so it must end after an even number of breaths.
        Pulse breathing (kapalabhati) is made of rounds of pulses, each followed by a rest.
        """
        if self.is_pulse:
            return max(1, self.rounds) * self.breath_seconds + self.rest_seconds
        if self.nostrils == "alternate":
            return 2 * self.breath_seconds
        return self.breath_seconds


@dataclass(frozen=True)
class Step:
    """One guided part of a session: a body region, a movement, a stage of a sitting."""

    title: str
    prompt: str
    seconds: float
    bell: bool = False
    pattern: Pattern | None = None


@dataclass(frozen=True)
class BellPlan:
    """Which bells a session rings; sounds are stems of files in `sounds/`."""

    start: bool = True
    end: bool = True
    interval_seconds: float = 0.0
    at_seconds: tuple[float, ...] = ()
    sound: str = "bowl"
    interval_sound: str = "bell"
    cue_sound: str = "cue"


@dataclass(frozen=True)
class Session:
    """A practice as loaded from a TOML file."""

    id: str
    title: str
    summary: str = ""
    kind: str = "sitting"
    posture: str = "sitting"
    minutes: float | None = None
    min_minutes: float | None = None
    max_minutes: float | None = None
    prepare_seconds: float = 5.0
    caution: str = ""
    confirm: bool = False
    bells: BellPlan = field(default_factory=BellPlan)
    pattern: Pattern | None = None
    steps: tuple[Step, ...] = ()
    source: Path | None = None
    # The person's own recording (issue 12), played from the start bell on pygame's music
    # channel: its path (relative paths already resolved against the file) and length.
    audio: Path | None = None
    audio_seconds: float | None = None
    # No planned end (an open-ended sit): the person ends it, and that is its completion.
    # Its timeline runs to limits.MAX_SESSION_SECONDS, the longest any practice may last.
    open_ended: bool = False

    @property
    def default_seconds(self) -> float:
        """The session's own length: `minutes` if given, else the sum of its steps, else
        the length of its recording."""
        if self.minutes is not None:
            return self.minutes * 60.0
        if not self.steps and self.audio_seconds is not None:
            return self.audio_seconds
        return sum(step.seconds for step in self.steps)

    @cached_property
    def played_seconds(self) -> float:
        """How long the practice plays at its own length (`scale_steps`, as the timeline plays it).

        That is `default_seconds`, except where breathing steps are played in whole breaths.
        """
        return sum(step.seconds for step in scale_steps(self))

    @property
    def default_minutes(self) -> int:
        """The length the menu and `list` show: the length played, in whole minutes."""
        return max(1, round(self.played_seconds / 60.0))

    def guided_steps(self) -> tuple[Step, ...]:
        """The steps to play: a session without steps is one long step.

        Steps without a pattern of their own follow the session's `[pattern]`.
        """
        if not self.steps:
            return (Step(self.title, self.summary, self.default_seconds, pattern=self.pattern),)
        if self.pattern is None:
            return self.steps
        return tuple(
            step
            if step.pattern
            else Step(step.title, step.prompt, step.seconds, step.bell, self.pattern)
            for step in self.steps
        )


# The lengths a session's steps take when played: the model's own arithmetic, kept here so
# that the timing modules build on this one and never the other way round
# (events <- session <- breathing <- timeline).


def cycles_in(pattern: Pattern, seconds: float) -> int:
    """How many whole cycles come nearest to `seconds` (at least one)."""
    return max(1, round(seconds / pattern.cycle_seconds))


def whole_cycles(pattern: Pattern, seconds: float) -> float:
    """The length nearest to `seconds` that holds whole cycles (never stops mid-breath)."""
    return cycles_in(pattern, seconds) * pattern.cycle_seconds


def scale_steps(session: Session, seconds: float | None = None) -> tuple[Step, ...]:
    """The session's steps stretched to `seconds` of practice, keeping their proportions.

    Steps with a breathing pattern are rounded to whole cycles (a breath is never cut);
    the steps without one share what is left, so the total stays as asked where it can.
    """
    steps = session.guided_steps()
    target = session.default_seconds if seconds is None else float(seconds)
    weights = sum(step.seconds for step in steps)
    factor = target / weights if weights > 0 else 1.0
    if math.isfinite(factor):
        sized = [step.seconds * factor for step in steps]
    else:  # steps too short to stretch (a length of 1e-313 minutes): share the time evenly
        sized = [target / len(steps)] * len(steps)
    breathing_total = 0.0
    for index, step in enumerate(steps):
        if step.pattern:
            sized[index] = whole_cycles(step.pattern, sized[index])
            breathing_total += sized[index]
    free = [i for i, step in enumerate(steps) if not step.pattern]
    free_weight = sum(sized[i] for i in free)
    if free and free_weight > 0:
        # What the breathing steps leave; should they leave (nearly) nothing, as in a short
        # run of a long session, each step keeps a second or so, but never more than it had:
        # a step is never played longer than written, so the length listed is the length played.
        share = max(min(len(free), free_weight), target - breathing_total) / free_weight
        for i in free:
            sized[i] *= share
    return tuple(replace(step, seconds=length) for step, length in zip(steps, sized, strict=True))
