"""Every bound on a practice, in one place, with the words that say a value is out of bounds.

A practice is made from a session file, a room file, the editor, the timer's options, the
menu's timer dialog and the course's lengths: each checks its numbers here, so a value
refused one way is refused every way, in the same words. Numbers from outside are hostile:
nan, inf, negative and absurd values are refused, never compared (nan compares false with
everything, so `0 < nan` and `nan >= length` both let it through).

The timeline keeps to the same bounds as a last guard (`playable_session`, `playable_steps`):
should a value slip past a check, a practice still plays with a bounded number of events
rather than materialising millions of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from mbsr_tui.core.words import word_for

# Longer than this is almost certainly a typo (minutes given as seconds). Six hours: the
# course's day of practice is offered at 2 to 6 hours.
MAX_SESSION_MINUTES = 6 * 60
MAX_SESSION_SECONDS = MAX_SESSION_MINUTES * 60
MAX_PREPARE_SECONDS = 600
# Interval bells closer than this would be noise, not a reminder (PRACTICES.md: every few
# minutes). It also bounds them: at most 2,160 in six hours.
MIN_INTERVAL_SECONDS = 10.0
# A breathing phase shorter than this cannot be followed (or drawn); longer than this is
# no longer a breath.
MIN_PHASE_SECONDS = 0.1
MAX_PHASE_SECONDS = 120.0
MAX_REST_SECONDS = 600.0  # pulse breathing: the rest between rounds
MAX_COUNT_TO = 100  # counted breathing counts 1..N
MAX_ROUNDS = 200  # pulse breathing: pulses a round
# A guided step shorter than this cannot be read; it would only flash past.
MIN_STEP_SECONDS = 1.0
MAX_STEPS = 1000
MAX_AT_BELLS = 500  # bells at chosen moments (`at_seconds`, the timer's `--at`)
# Breathing phases in one run of a practice: six hours of quick pulses (1 s each, with
# rests) is ~40,000; a timeline this size builds in a tenth of a second.
MAX_BREATH_PHASES = 50_000
# Titles are drawn on one line (the menu, `list`, a room listing), a summary in one or
# two; prompts and cautions are bounded by the file's size (a megabyte) alone.
MAX_TITLE_CHARS = 200
MAX_SUMMARY_CHARS = 2000


def is_number(value: Any) -> bool:
    """A real number (an int or a float; never a bool, which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: int | float) -> bool:
    """Neither nan nor infinite, and within a float's range: TOML and argparse accept a
    400-digit int, which `math.isfinite` and `float()` would overflow on."""
    if isinstance(value, int):
        return -FLOAT_RANGE < value < FLOAT_RANGE
    return math.isfinite(value)


FLOAT_RANGE = 1e308


def shown_number(value: int | float) -> str:
    """A number as a message shows it: `2.5`, `1e+300`."""
    return f"{value:g}"


@dataclass(frozen=True)
class Bound:
    """The range of one kind of value; `problem` says what is wrong with a value, if anything.

    `zero`: 0 is allowed (it means "none"), below `least` otherwise. `positive`: the value
    must be more than 0 (a length). `least_words` says why in the caller's terms where the
    plain "the least allowed is" would not.
    """

    least: float
    most: float
    unit: str = "seconds"
    zero: bool = False
    positive: bool = False
    whole: bool = False
    least_words: str = ""

    def problem(self, value: Any, label: str) -> str | None:
        if not is_number(value) or (self.whole and not isinstance(value, int)):
            return f"{label} must be {'a whole number' if self.whole else 'a number'}"
        if not is_finite(value):
            return f"{label} must be a finite number"
        if value <= 0 and (self.positive or (value == 0 and not self.zero and self.least > 0)):
            return f"{label} must be more than 0"
        if value < 0:
            return f"{label} cannot be negative"
        if value == 0:
            return None
        shown = shown_number(value) + (f" {self._unit_for(value)}" if self.unit else "")
        if value < self.least:
            return f"{label} is {shown}; " + (
                self.least_words or f"the least allowed is {self.least:g} {self.unit}".rstrip()
            )
        if value > self.most:
            return f"{label} is {shown}; the most allowed is {self.most:g} {self.unit}".rstrip()
        return None

    def _unit_for(self, value: float) -> str:
        """'1 minute', '2 minutes': the unit agreeing with the value shown."""
        return word_for(value, self.unit.removesuffix("s"), self.unit)

    def holds(self, value: Any) -> bool:
        return self.problem(value, "") is None

    def range_words(self) -> str:
        """The range in words: "more than 0 and at most 360 minutes"."""
        low = "more than 0" if self.least <= 0 else f"at least {self.least:g}"
        if self.zero:
            low = f"0 (none) or at least {self.least:g}"
        return f"{low} and at most {self.most:g} {self.unit}".rstrip()


PRACTICE_MINUTES = Bound(0, MAX_SESSION_MINUTES, "minutes", positive=True)
PRACTICE_SECONDS = Bound(0, MAX_SESSION_SECONDS, positive=True)
PREPARE_SECONDS = Bound(0, MAX_PREPARE_SECONDS)
INTERVAL_SECONDS = Bound(
    MIN_INTERVAL_SECONDS,
    MAX_SESSION_SECONDS,
    zero=True,
    least_words=f"interval bells need at least {MIN_INTERVAL_SECONDS:g} seconds between them "
    "(0 means none)",
)
INTERVAL_MINUTES = Bound(
    MIN_INTERVAL_SECONDS / 60,
    MAX_SESSION_MINUTES,
    "minutes",
    zero=True,
    least_words=f"interval bells need at least {MIN_INTERVAL_SECONDS:g} seconds between them "
    "(0 for none)",
)
BELL_MOMENT_SECONDS = Bound(0, MAX_SESSION_SECONDS, zero=True)
STEP_SECONDS = Bound(
    MIN_STEP_SECONDS, MAX_SESSION_SECONDS, positive=True,
    least_words=f"a step lasts at least {MIN_STEP_SECONDS:g}",
)  # fmt: skip
PHASE_SECONDS = Bound(
    MIN_PHASE_SECONDS, MAX_PHASE_SECONDS, zero=True,
    least_words=f"a phase lasts at least {MIN_PHASE_SECONDS:g}",
)  # fmt: skip
REST_SECONDS = Bound(0, MAX_REST_SECONDS)
COUNT_TO = Bound(0, MAX_COUNT_TO, "", whole=True)
ROUNDS = Bound(0, MAX_ROUNDS, "", whole=True)


def text_problem(text: str, label: str, most: int) -> str | None:
    if len(text) > most:
        return f"{label} is {len(text):,} characters long; at most {most:,}"
    return None


def count_problem(count: int, label: str, most: int) -> str | None:
    if count > most:
        return f"{label} has {count:,} items; at most {most:,}"
    return None


# -- a practice at one length ------------------------------------------------------------------


def phases_per_cycle(pattern: Any) -> int:
    """The breathing phases (timeline events) in one cycle of `pattern` (see `breathing`)."""
    if pattern.is_pulse:
        return 2 * max(1, pattern.rounds) + (1 if pattern.rest_seconds > 0 else 0)
    per_breath = sum(
        1 for p in (pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out) if p > 0
    )
    return per_breath * (2 if pattern.nostrils == "alternate" else 1)


def breath_phases(steps: Any) -> int:
    """How many breathing phases steps already sized (`session.scale_steps`) lay out."""
    total = 0
    for step in steps:
        pattern = step.pattern
        if pattern is not None and pattern.cycle_seconds > 0:
            cycles = max(1, round(step.seconds / pattern.cycle_seconds))
            total += cycles * phases_per_cycle(pattern)
    return total


def played_problem(session: Any, seconds: float | None = None) -> str | None:
    """What is out of bounds in `session` played for `seconds` (its own length by default)."""
    if seconds is not None and not PRACTICE_SECONDS.holds(seconds):
        return f"a practice lasts {PRACTICE_MINUTES.range_words()}"
    # Imported here: the menu's first frame loads these bounds, not the session model.
    from mbsr_tui.core.session import scale_steps

    phases = breath_phases(scale_steps(session, seconds))
    if phases > MAX_BREATH_PHASES:
        return (
            f"at this length its breathing has {phases:,} phases; at most "
            f"{MAX_BREATH_PHASES:,}: give the breaths more time or the practice fewer minutes"
        )
    return None


# -- the timeline's last guard ----------------------------------------------------------------


def playable_seconds(seconds: float | None, default: float) -> float:
    """The length a timeline is built for: `seconds` held within a practice's length."""
    value = default if seconds is None else seconds
    if not _real(value) or value < 0:
        value = default if _real(default) else 0.0
    return float(min(max(0.0, value), MAX_SESSION_SECONDS))


def playable_prepare(seconds: float) -> float:
    if not _real(seconds) or seconds < 0:
        return 0.0
    return float(min(seconds, MAX_PREPARE_SECONDS))


def playable_interval(seconds: float) -> float:
    """Interval bells no closer than the least allowed; nan or a negative means none."""
    if not _real(seconds) or seconds <= 0:
        return 0.0
    return float(max(seconds, MIN_INTERVAL_SECONDS))


def playable_moments(moments: Any) -> tuple[float, ...]:
    """At most MAX_AT_BELLS bell moments, each a finite number within a practice's length."""
    kept = [float(m) for m in moments if BELL_MOMENT_SECONDS.holds(m)]
    return tuple(sorted(kept)[:MAX_AT_BELLS])


def playable_session(session: Any) -> Any:
    """`session` with every number a timeline lays out held within bounds: its prepare
    time, its bells, its steps' lengths and its breathing (the same session when they all
    are, as every checked session's are)."""
    bells = session.bells
    playable_bells = replace(
        bells,
        interval_seconds=playable_interval(bells.interval_seconds),
        at_seconds=playable_moments(bells.at_seconds),
    )
    changes: dict[str, Any] = {}
    minutes = session.minutes
    if minutes is not None and not (_real(minutes) and 0 < minutes <= MAX_SESSION_MINUTES):
        changes["minutes"] = float(MAX_SESSION_MINUTES) if _real(minutes) and minutes > 0 else None
    audio = session.audio_seconds
    if audio is not None and not (_real(audio) and 0 < audio <= MAX_SESSION_SECONDS):
        changes["audio_seconds"] = None
    if playable_bells != bells:
        changes["bells"] = playable_bells
    prepare = playable_prepare(session.prepare_seconds)
    if prepare != session.prepare_seconds:
        changes["prepare_seconds"] = prepare
    if session.pattern is not None:
        pattern = playable_pattern(session.pattern)
        if pattern != session.pattern:
            changes["pattern"] = pattern
    steps = tuple(_playable_step(step) for step in session.steps)
    if steps != session.steps:
        changes["steps"] = steps
    return replace(session, **changes) if changes else session


def _playable_step(step: Any) -> Any:
    seconds = float(step.seconds) if _real(step.seconds) and step.seconds > 0 else 0.0
    pattern = playable_pattern(step.pattern) if step.pattern is not None else None
    if seconds == step.seconds and pattern == step.pattern:
        return step
    return replace(step, seconds=min(seconds, MAX_SESSION_SECONDS), pattern=pattern)


def playable_steps(steps: tuple[Any, ...]) -> tuple[Any, ...]:
    """Sized steps (of a `playable_session`) whose breathing lays out at most
    MAX_BREATH_PHASES phases: should they lay out more, each breath is slowed by the same
    whole factor (only what slipped past every check is ever played so)."""
    phases = breath_phases(steps)
    if phases <= MAX_BREATH_PHASES:
        return steps
    factor = math.ceil(phases / MAX_BREATH_PHASES)
    return tuple(
        replace(step, pattern=_slowed(step.pattern, factor)) if step.pattern else step
        for step in steps
    )


def playable_pattern(pattern: Any) -> Any:
    """`pattern` with each phase, its rounds and its rest within bounds."""

    def phase(seconds: Any, least: float) -> float:
        if not _real(seconds) or seconds <= 0:
            return least
        return float(min(max(seconds, least or MIN_PHASE_SECONDS), MAX_PHASE_SECONDS))

    def held(seconds: Any) -> float:
        return 0.0 if not is_number(seconds) or not seconds > 0 else phase(seconds, 0.0)

    rounds = pattern.rounds if isinstance(pattern.rounds, int) else 0
    rest = pattern.rest_seconds
    return replace(
        pattern,
        inhale=phase(pattern.inhale, MIN_PHASE_SECONDS),
        exhale=phase(pattern.exhale, MIN_PHASE_SECONDS),
        hold_in=held(pattern.hold_in),
        hold_out=held(pattern.hold_out),
        rounds=min(max(0, rounds), MAX_ROUNDS),
        rest_seconds=float(min(rest, MAX_REST_SECONDS)) if _real(rest) and rest > 0 else 0.0,
    )


def _slowed(pattern: Any, factor: int) -> Any:
    return replace(
        pattern,
        inhale=pattern.inhale * factor,
        hold_in=pattern.hold_in * factor,
        exhale=pattern.exhale * factor,
        hold_out=pattern.hold_out * factor,
        rest_seconds=pattern.rest_seconds * factor,
    )


def _real(value: Any) -> bool:
    return is_number(value) and is_finite(value)
