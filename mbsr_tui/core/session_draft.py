"""The editor's model of a practice: one mutable object behind the form, written as TOML.

The form changes a `SessionDraft`; the file is written from the draft with tomli-w, never
from what the widgets hold. `from_session` and `to_toml` are exact inverses through the
loader: every field the loader reads is written, so a practice saved unchanged loads as
the same `Session` (tests/unit/test_session_draft.py proves it for every built-in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, make_dataclass
from pathlib import Path
from typing import Any

import tomli_w

from mbsr_tui.core.session import BellPlan, Pattern, Session, Step

# A breath shorter than this is fast breathing: not for everyone (see `care_notes`).
FAST_BREATH_SECONDS = 3.0
# A hold longer than this asks more of the body than a pause at the turn of the breath.
LONG_HOLD_SECONDS = 10.0


# `Pattern`'s fields, names, types and defaults, taken from it: a field added there is
# one the form edits and the file keeps, with no second list to forget.
_PatternFields = make_dataclass(
    "_PatternFields", [(f.name, f.type, field(default=f.default)) for f in fields(Pattern)]
)


@dataclass
class PatternDraft(_PatternFields):
    """A breathing rhythm as the form edits it: the fields of `Pattern`, changeable."""

    @classmethod
    def of(cls, pattern: Pattern) -> PatternDraft:
        return cls(**{f.name: getattr(pattern, f.name) for f in fields(cls)})

    def to_pattern(self) -> Pattern:
        return Pattern(**{f.name: getattr(self, f.name) for f in fields(self)})

    def to_toml(self) -> dict[str, Any]:
        return {
            "inhale": _number(self.inhale),
            "hold_in": _number(self.hold_in),
            "exhale": _number(self.exhale),
            "hold_out": _number(self.hold_out),
            "nostrils": self.nostrils,
            "count_to": int(self.count_to),
            "style": self.style,
            "rounds": int(self.rounds),
            "rest_seconds": _number(self.rest_seconds),
            "phase_cues": self.phase_cues,
            "focus": self.focus,
        }


@dataclass
class StepDraft:
    title: str = "A new step"
    prompt: str = ""
    seconds: float = 60.0
    bell: bool = False
    pattern: PatternDraft | None = None

    @classmethod
    def of(cls, step: Step) -> StepDraft:
        pattern = PatternDraft.of(step.pattern) if step.pattern else None
        return cls(step.title, step.prompt, step.seconds, step.bell, pattern)

    def to_toml(self) -> dict[str, Any]:
        table: dict[str, Any] = {
            "title": self.title.strip(),
            "seconds": _number(self.seconds),
            "bell": self.bell,
            "prompt": self.prompt,
        }
        if self.pattern is not None:
            table["pattern"] = self.pattern.to_toml()
        return table


@dataclass
class BellsDraft:
    start: bool = True
    end: bool = True
    sound: str = "bowl"
    interval_sound: str = "bell"
    cue_sound: str = "cue"
    interval_seconds: float = 0.0
    at_seconds: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, bells: BellPlan) -> BellsDraft:
        return cls(bells.start, bells.end, bells.sound, bells.interval_sound, bells.cue_sound,
                   bells.interval_seconds, list(bells.at_seconds))  # fmt: skip

    def to_toml(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "sound": self.sound,
            "interval_sound": self.interval_sound,
            "cue_sound": self.cue_sound,
            "interval_seconds": _number(self.interval_seconds),
            "at_seconds": [_number(t) for t in sorted(self.at_seconds)],
        }


@dataclass
class SessionDraft:
    """Every field of a session file a person would reasonably change."""

    title: str = "My practice"
    summary: str = ""
    kind: str = "sitting"
    posture: str = "sitting"
    minutes: float | None = 10.0
    min_minutes: float | None = None
    max_minutes: float | None = None
    prepare_seconds: float = 5.0
    caution: str = ""
    confirm: bool = False
    bells: BellsDraft = field(default_factory=BellsDraft)
    pattern: PatternDraft | None = None
    steps: list[StepDraft] = field(default_factory=list)
    audio: str | None = None  # the person's own recording, as written in the file

    @classmethod
    def of(cls, session: Session, *, folder: Path | None = None) -> SessionDraft:
        """The draft of `session`; a recording in `folder` (where the draft will be saved)
        is written by its name, any other by its full path."""
        return cls(
            title=session.title,
            summary=session.summary,
            kind=session.kind,
            posture=session.posture,
            minutes=session.minutes,
            min_minutes=session.min_minutes,
            max_minutes=session.max_minutes,
            prepare_seconds=session.prepare_seconds,
            caution=session.caution,
            confirm=session.confirm,
            bells=BellsDraft.of(session.bells),
            pattern=PatternDraft.of(session.pattern) if session.pattern else None,
            steps=[StepDraft.of(step) for step in session.steps],
            audio=_audio_text(getattr(session, "audio", None), folder),
        )

    def to_toml(self) -> dict[str, Any]:
        """The file's tables, in the order the editor writes them."""
        data: dict[str, Any] = {"title": self.title.strip()}
        if self.summary.strip():
            data["summary"] = self.summary.strip()
        data["kind"] = self.kind
        data["posture"] = self.posture
        for name in ("minutes", "min_minutes", "max_minutes"):
            value = getattr(self, name)
            if value is not None:
                data[name] = _number(value)
        data["prepare_seconds"] = _number(self.prepare_seconds)
        if self.caution.strip():
            data["caution"] = self.caution.strip()
        data["confirm"] = self.confirm
        if self.audio and self.audio.strip():
            data["audio"] = self.audio.strip()
        data["bells"] = self.bells.to_toml()
        if self.pattern is not None:
            data["pattern"] = self.pattern.to_toml()
        if self.steps:
            data["steps"] = [step.to_toml() for step in self.steps]
        return data

    def dumps(self) -> str:
        return tomli_w.dumps(self.to_toml(), multiline_strings=True)

    def patterns(self) -> list[PatternDraft]:
        """Every breathing pattern in the practice: its own and its steps'."""
        found = [self.pattern] if self.pattern else []
        return found + [step.pattern for step in self.steps if step.pattern]

    def care_notes(self) -> list[str]:
        """What the person should know about the breathing this practice asks for."""
        notes: list[str] = []
        for pattern in self.patterns():
            for note in care_notes(pattern):
                if note not in notes:
                    notes.append(note)
        return notes

    def default_seconds(self) -> float:
        if self.minutes is not None:
            return self.minutes * 60.0
        return sum(step.seconds for step in self.steps)


def _audio_text(audio: Path | None, folder: Path | None) -> str | None:
    if audio is None:
        return None
    if folder is not None and audio.parent == Path(folder).absolute():
        return audio.name
    return str(audio)


def _number(value: float) -> int | float:
    """Whole numbers written as 5, not 5.0: what a person would write (the loader reads
    either as the same float)."""
    whole = isinstance(value, float) and math.isfinite(value) and value.is_integer()
    return int(value) if whole and abs(value) < 2**53 else value


# -- care, not refusal ---------------------------------------------------------------

HOLD_NOTE = (
    "This pattern holds the breath. Holding is not for everyone: if you have high blood "
    "pressure, a heart or lung condition, or you are pregnant, leave the holds out or ask "
    "your doctor first. Hold gently, never to the point of strain."
)
LONG_HOLD_NOTE = (
    f"Some holds last longer than {LONG_HOLD_SECONDS:g} seconds. Long holds can make you "
    "dizzy or anxious; build up to them slowly over weeks, and shorten them whenever you "
    "need to."
)
FAST_NOTE = (
    "This pattern breathes fast (a breath shorter than about "
    f"{FAST_BREATH_SECONDS:g} seconds). Fast breathing can make you light-headed. Please "
    "leave it out if you have high blood pressure, heart disease, a hernia, back pain from "
    "a slipped disc, recent surgery on your abdomen, epilepsy or vertigo, or if you are "
    "pregnant."
)
STOP_NOTE = "Stop at once and breathe normally if you feel pain, dizziness or short of breath."


def care_notes(pattern: PatternDraft | Pattern) -> list[str]:
    """Plain notes on holds, long holds and fast breathing; empty for gentle breathing."""
    notes = []
    holds = (pattern.hold_in, pattern.hold_out)
    if any(hold > 0 for hold in holds):
        notes.append(HOLD_NOTE)
    if any(hold > LONG_HOLD_SECONDS for hold in holds):
        notes.append(LONG_HOLD_NOTE)
    breath = pattern.inhale + pattern.hold_in + pattern.exhale + pattern.hold_out
    if 0 < breath < FAST_BREATH_SECONDS:
        notes.append(FAST_NOTE)
    if notes:
        notes.append(STOP_NOTE)
    return notes


def care_text(notes: list[str]) -> str:
    """The notes as one caution, for a practice that has none of its own."""
    body = [note for note in notes if note != STOP_NOTE]
    return "\n\n".join([*body, STOP_NOTE]) if body else ""


# -- the preview's figures -------------------------------------------------------------


def breath_figures(pattern: PatternDraft | Pattern) -> str:
    """Breaths a minute and the in:out ratio, as the preview shows them."""
    breath = pattern.inhale + pattern.hold_in + pattern.exhale + pattern.hold_out
    if breath <= 0 or pattern.inhale <= 0:
        return ""
    per_minute = 60.0 / breath
    parts = [f"{per_minute:.1f} breaths/min"]
    ratio = [pattern.inhale, pattern.hold_in, pattern.exhale, pattern.hold_out]
    shown = [_ratio(ratio[0] / pattern.inhale)]
    if pattern.hold_in > 0 or pattern.hold_out > 0:
        shown.append(_ratio(pattern.hold_in / pattern.inhale))
    shown.append(_ratio(pattern.exhale / pattern.inhale))
    if pattern.hold_out > 0:
        shown.append(_ratio(pattern.hold_out / pattern.inhale))
    label = "in:hold:out" if len(shown) == 3 else "in:out"
    if len(shown) == 4:
        label = "in:hold:out:hold"
    parts.append(f"{label} {':'.join(shown)}")
    return "\n".join(parts)


def _ratio(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
