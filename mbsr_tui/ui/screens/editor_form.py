"""The editor's form: which rows it has and where the loader's problems belong.

Every row edits one field of the `SessionDraft`; control ids say which (`f-` the practice,
`b-` its bells, `p-` its pattern, `s-`/`sp-` the chosen step and its pattern).
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from mbsr_tui.core.limits import (
    MAX_PREPARE_SECONDS,
    MAX_SESSION_MINUTES,
    MAX_SESSION_SECONDS,
    MIN_INTERVAL_SECONDS,
)
from mbsr_tui.core.loader import SessionError, available_sounds
from mbsr_tui.core.paths import sounds_dir
from mbsr_tui.core.safe_text import visible_lines
from mbsr_tui.core.session import KINDS, POSTURES
from mbsr_tui.core.session_draft import PatternDraft, SessionDraft
from mbsr_tui.core.session_files import Origin
from mbsr_tui.ui.widgets.editor_fields import (
    Row,
    TimesValidator,
    seconds_input,
    text_input,
    times_text,
)
from mbsr_tui.ui.widgets.pattern_fields import PatternFields
from mbsr_tui.ui.widgets.steps_editor import StepsEditor

KIND_WORDS = {
    "sitting": "sitting meditation",
    "body-scan": "body scan",
    "walking": "walking",
    "movement": "mindful movement",
    "breathing": "breathing",
    "routine": "daily routine",
}


def compose_form(draft: SessionDraft, origin: Origin) -> ComposeResult:
    d = draft
    yield Static("", id="form-problems", classes="row-error", markup=False)
    yield Static("About this practice", classes="section")
    yield Row("Title", text_input(d.title, id="f-title", required="A practice needs a title."))
    yield Row("Summary", text_input(d.summary, id="f-summary"))
    yield Row("Kind", _select(KINDS, KIND_WORDS, d.kind, "f-kind"))
    yield Row("Posture", _select(POSTURES, {}, d.posture, "f-posture"))
    yield Row(
        "Minutes",
        seconds_input(
            d.minutes, id="f-minutes", least=0.5, most=MAX_SESSION_MINUTES, optional=True
        ),
        hint="Empty: the steps give the length.",
    )
    yield Row(
        "Shortest (min)",
        seconds_input(
            d.min_minutes, id="f-min_minutes", least=0.5, most=MAX_SESSION_MINUTES, optional=True
        ),
    )
    yield Row(
        "Longest (min)",
        seconds_input(
            d.max_minutes, id="f-max_minutes", least=0.5, most=MAX_SESSION_MINUTES, optional=True
        ),
    )
    yield Row(
        "Get ready (s)",
        seconds_input(d.prepare_seconds, id="f-prepare_seconds", most=MAX_PREPARE_SECONDS),
    )
    # The person's own recording (issue 12): a file beside the practice, or a full path.
    yield Row(
        "Recording",
        text_input(d.audio or "", id="f-audio"),
        hint="Your own recording (WAV, OGG or MP3), from the start bell; empty: none.",
    )
    if origin is Origin.BUILTIN:
        yield Row(
            "Save as",
            Checkbox("replace the built-in", False, id="f-replace", compact=True),
            hint="Off: a new practice beside the built-in.",
        )

    yield Static("Care", classes="section")
    yield Static("", id="care-notes")
    yield Row(
        "Ask first",
        Checkbox("ask before it starts", d.confirm, id="f-confirm", compact=True),
    )
    yield Row(
        "Caution",
        TextArea(d.caution, id="f-caution", soft_wrap=True, compact=True),
        hint="Shown before the practice starts.",
        block=True,
    )

    yield Static("Bells", classes="section")
    yield Row("Start", Checkbox("a bell to begin", d.bells.start, id="b-start", compact=True))
    yield Row("End", Checkbox("a bell to end", d.bells.end, id="b-end", compact=True))
    sounds = sorted(available_sounds(sounds_dir()))
    for name, label in (("sound", "Sound"), ("interval_sound", "Interval sound")):
        yield Row(
            label,
            Horizontal(
                _select(sounds, {}, getattr(d.bells, name), f"b-{name}"),
                Button("Play", id=f"play-{name}", compact=True, classes="play"),
                classes="with-button",
            ),
        )
    yield Row(
        "Every (s)",
        seconds_input(d.bells.interval_seconds, id="b-interval_seconds", most=MAX_SESSION_SECONDS),
        hint=f"Interval bells; 0 for none, else at least {MIN_INTERVAL_SECONDS:g}.",
    )
    yield Row(
        "Also at (s)",
        Input(
            times_text(d.bells.at_seconds),
            id="b-at_seconds",
            validators=[TimesValidator(MAX_SESSION_SECONDS)],
            compact=True,
        ),
        hint="Extra bells, in seconds from the start: 120, 300",
    )

    yield Static("Breathing", classes="section")
    yield Row(
        "Pace the breath",
        Checkbox("breathe with the pacer", d.pattern is not None, id="p-on", compact=True),
    )
    yield PatternFields(d.pattern or PatternDraft(), prefix="p", id="session-pattern")

    yield Static("Steps", classes="section")
    yield StepsEditor(d.steps, id="steps")


def _select(values, words: dict[str, str], value: str, widget_id: str) -> Select:
    options = [(words.get(v, v), v) for v in values]
    if value not in values:
        options.append((value, value))
    return Select(options, value=value, allow_blank=False, id=widget_id, compact=True)


# -- where a problem belongs ------------------------------------------------------------

_STEP = re.compile(r"steps\[(\d+)\]|step (\d+) ")
_BELL = re.compile(r"bells\.(\w+)")
_QUOTED = re.compile(r"'([\w.]+)'")
_PATTERN_FIELDS = {"inhale", "hold_in", "exhale", "hold_out", "nostrils", "count_to", "style",
                   "rounds", "rest_seconds", "phase_cues", "focus"}  # fmt: skip
_TOP_FIELDS = {"title", "summary", "kind", "posture", "minutes", "min_minutes", "max_minutes",
               "prepare_seconds", "caution", "audio"}  # fmt: skip


def place_of(message: str) -> tuple[str, int | None]:
    """Where a loader message belongs: a control id, or ("steps", n), or ("", None)."""
    step = _STEP.search(message)
    if step:
        return "steps", int(step.group(1) or step.group(2)) - 1
    bell = _BELL.search(message)
    if bell:
        return f"b-{bell.group(1)}", None
    quoted = [q.removeprefix("pattern.") for q in _QUOTED.findall(message)]
    if "[pattern]" in message or any(q.startswith("pattern") for q in _QUOTED.findall(message)):
        named = next((q for q in quoted if q in _PATTERN_FIELDS), "inhale")
        return f"p-{named}", None
    for name in quoted:
        if name in _TOP_FIELDS:
            return f"f-{name}", None
    return "", None


def show_problems(screen: Screen, problems: list[SessionError]) -> None:
    """Each problem in the row of the field it is about (typing errors stay first)."""
    placed: dict[str, list[str]] = {}
    for problem in problems:
        place, step = place_of(problem.message)
        if place == "steps":
            placed.setdefault("steps", []).append(f"Step {step + 1}: {problem.message}")
        else:
            placed.setdefault(place, []).append(problem.message)
    for row in screen.query(Row):
        control = row.control
        if isinstance(control, Input) and row.has_class("-invalid") and control.id:
            result = control.validate(control.value)
            if result is not None and not result.is_valid:
                continue  # what is wrong with the typing comes first
        ids = {control.id} | {child.id for child in control.query("*")}
        messages = [m for i in ids if i for m in placed.pop(i, [])]
        row.show_error("\n".join(messages))
    screen.query_one(StepsEditor).show_error("\n".join(placed.pop("steps", [])))
    general = [m for messages in placed.values() for m in messages]
    form_problems = screen.query_one("#form-problems", Static)
    form_problems.update(visible_lines("\n".join(general)))
    form_problems.set_class(bool(general), "-shown")


def first_invalid(screen: Screen) -> Input | None:
    """The first shown field whose value its own checks refuse."""
    for field in screen.query(Input):
        if not all(node.display for node in (field, *field.ancestors)):
            continue
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            return field
    return None
