"""Read a session TOML file into a `Session`, or say exactly what is wrong with it."""

from __future__ import annotations

import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from mbsr_tui.core import limits
from mbsr_tui.core.limits import MAX_SESSION_MINUTES, MAX_SESSION_SECONDS
from mbsr_tui.core.paths import sounds_dir
from mbsr_tui.core.problem import SessionError
from mbsr_tui.core.session import (
    FOCUSES,
    KINDS,
    NOSTRILS,
    POSTURES,
    STYLES,
    BellPlan,
    Pattern,
    Session,
    Step,
)
from mbsr_tui.core.toml_lines import KeyPath, LineFinder
from mbsr_tui.core.toml_reader import (
    Problems,
    Reader,
    is_number,
    key_name,
    printable,
    read_toml,
    shown_value,
)
from mbsr_tui.core.words import plural

# Every bound on a value (lengths, phases, bells, counts, texts) is in `limits`.
TOP_KEYS = {
    "title", "summary", "kind", "posture", "minutes", "min_minutes", "max_minutes",
    "prepare_seconds", "caution", "confirm", "bells", "pattern", "steps", "audio",
}  # fmt: skip
BELL_KEYS = {
    "start",
    "end",
    "interval_seconds",
    "at_seconds",
    "sound",
    "interval_sound",
    "cue_sound",
}
PATTERN_KEYS = {
    "inhale", "hold_in", "exhale", "hold_out", "nostrils", "count_to", "style",
    "rounds", "rest_seconds", "phase_cues", "focus",
}  # fmt: skip
STEP_KEYS = {"title", "prompt", "seconds", "bell", "pattern"}


def _is_time(value: Any) -> bool:
    return is_number(value) and limits.is_finite(value)


def _read_pattern(table: dict[str, Any], key: KeyPath, p: Problems) -> Pattern:
    r = Reader(table, key, PATTERN_KEYS, p)
    pattern = Pattern(
        inhale=r.bounded("inhale", 4.0, limits.PHASE_SECONDS),
        hold_in=r.bounded("hold_in", 0.0, limits.PHASE_SECONDS),
        exhale=r.bounded("exhale", 4.0, limits.PHASE_SECONDS),
        hold_out=r.bounded("hold_out", 0.0, limits.PHASE_SECONDS),
        nostrils=r.choice("nostrils", NOSTRILS, "both"),
        count_to=r.bounded("count_to", 0, limits.COUNT_TO),
        style=r.choice("style", STYLES, "smooth"),
        rounds=r.bounded("rounds", 0, limits.ROUNDS),
        rest_seconds=r.bounded("rest_seconds", 0.0, limits.REST_SECONDS),
        phase_cues=r.flag("phase_cues", False),
        focus=r.choice("focus", FOCUSES, "breath"),
    )
    if pattern.inhale <= 0 or pattern.exhale <= 0:
        p.add(
            key,
            f"[{key_name(key)}] needs breathing time: 'inhale' and 'exhale' must be more than 0",
        )
    if pattern.is_pulse and pattern.rounds < 1:
        p.add(
            (*key, "rounds"),
            f"'{key_name(key)}' with style = \"pulse\" needs 'rounds' of 1 or more",
        )
    elif pattern.cycle_seconds > MAX_SESSION_SECONDS:
        p.add(key, f"one cycle of [{key_name(key)}] lasts "
                   f"{plural(round(pattern.cycle_seconds / 60), 'minute')}; "
                   f"a session lasts at most {MAX_SESSION_MINUTES}")  # fmt: skip
    return pattern


def _read_steps(raw: Any, p: Problems) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        p.add(("steps",), "'steps' must be written as [[steps]] tables")
        return ()
    steps = []
    for index, table in enumerate(raw):
        key: KeyPath = ("steps", index)
        r = Reader(table, key, STEP_KEYS, p)
        title = r.text("title", most=limits.MAX_TITLE_CHARS)
        if not title.strip():
            p.add(key, f"step {index + 1} needs a 'title'")
        if "seconds" not in table:
            p.add(key, f"step {index + 1} needs 'seconds'")
        # A step too short would be played longer than written (or not be seen at all).
        seconds = r.bounded("seconds", 60.0, limits.STEP_SECONDS, invalid=limits.MIN_STEP_SECONDS)
        step_pattern = r.table_of("pattern")
        steps.append(
            Step(
                title=title,
                prompt=r.text("prompt"),
                seconds=seconds,
                bell=r.flag("bell", False),
                pattern=_read_pattern(step_pattern, (*key, "pattern"), p) if step_pattern else None,
            )
        )
    too_many = limits.count_problem(len(steps), "'steps'", limits.MAX_STEPS)
    if too_many:
        p.add(("steps",), too_many)
    return tuple(steps)


def _read_bells(table: dict[str, Any], p: Problems) -> BellPlan:
    r = Reader(table, ("bells",), BELL_KEYS, p)
    at = r._get("at_seconds", lambda v: isinstance(v, list) and all(map(_is_time, v)),
                "a list of numbers", [])  # fmt: skip
    if any(t < 0 for t in at):
        p.add(("bells", "at_seconds"), "'bells.at_seconds' cannot hold negative times")
        at = [t for t in at if t >= 0]
    if any(t > limits.MAX_SESSION_SECONDS for t in at):
        p.add(("bells", "at_seconds"), "'bells.at_seconds' holds a time after the longest "
                                       f"practice ({MAX_SESSION_SECONDS} seconds)")  # fmt: skip
        at = [t for t in at if t <= limits.MAX_SESSION_SECONDS]
    too_many = limits.count_problem(len(at), "'bells.at_seconds'", limits.MAX_AT_BELLS)
    if too_many:
        p.add(("bells", "at_seconds"), too_many)
        at = at[: limits.MAX_AT_BELLS]
    plan = BellPlan(
        start=r.flag("start", True),
        end=r.flag("end", True),
        interval_seconds=r.bounded("interval_seconds", 0.0, limits.INTERVAL_SECONDS),
        at_seconds=tuple(sorted(float(t) for t in at)),
        sound=r.text("sound", "bowl"),
        interval_sound=r.text("interval_sound", "bell"),
        cue_sound=r.text("cue_sound", "cue"),
    )
    available = available_sounds(sounds_dir())
    for name in ("sound", "interval_sound", "cue_sound"):
        stem = getattr(plan, name)
        if stem not in available:
            known = ", ".join(sorted(available)) or "none"
            p.add(("bells", name), f"'bells.{name}' is '{shown_value(stem)}', but sounds/ has "
                                   f"no such file (available: {known})")  # fmt: skip
    return plan


@lru_cache(maxsize=4)
def available_sounds(folder: Path) -> frozenset[str]:
    """The sound stems in `folder`, read once per folder (a catalogue names them often)."""
    return frozenset(f.stem for f in folder.glob("*.wav"))


def _read_audio(path: Path, r: Reader, p: Problems) -> tuple[Path | None, float | None]:
    """`audio = "my-body-scan.ogg"`: the person's own recording (issue 12), relative to the
    session file or absolute. It must exist and be a recording whose length can be read."""
    if "audio" not in r.table:
        return None, None
    text = r.text("audio")
    if not text.strip():
        p.add(("audio",), "'audio' is empty; name a recording (WAV, OGG or MP3) or leave it out")
        return None, None
    from mbsr_tui.core.recording_file import RecordingProblem, read_recording

    named = Path(text.strip()).expanduser()
    audio = named if named.is_absolute() else path.absolute().parent / named
    shown = shown_value(text.strip(), 60)
    try:
        found = audio.stat()
    except (FileNotFoundError, NotADirectoryError):
        p.add(("audio",), f"'audio' names '{shown}', which does not exist "
                          f"(looked for {printable(audio)})")  # fmt: skip
        return None, None
    except OSError as err:  # a folder that cannot be entered: this file only is refused
        why = (err.strerror or str(err)).lower()
        p.add(("audio",), f"'audio' names '{shown}', which cannot be looked at ({why})")
        return None, None
    if not stat.S_ISREG(found.st_mode):
        p.add(("audio",), f"'audio' names '{shown}', which is not a file")
        return None, None
    try:
        info = read_recording(audio)
    except RecordingProblem as problem:
        p.add(("audio",), f"'audio': '{shown}' cannot be played: {problem}")
        return None, None
    return audio, info.seconds


def _check_lengths(session: Session, p: Problems) -> None:
    total = session.default_seconds
    if total <= 0:
        # A 'minutes' or step already rejected has said why; once is enough.
        if not p.about("minutes", "steps", "audio"):
            p.add(
                ("minutes",),
                "the session has no length: give 'minutes', [[steps]] with 'seconds' "
                "or an 'audio' recording",
            )
    elif total > MAX_SESSION_SECONDS:
        p.add(
            ("minutes",),
            f"the session lasts {plural(round(total / 60), 'minute')}; the longest allowed is "
            f"{MAX_SESSION_MINUTES}",
        )
    elif not p.found:
        # Breathing steps are played in whole breaths, which can lengthen a step.
        played = session.played_seconds
        if played > MAX_SESSION_SECONDS:
            lasts = plural(round(played / 60), "minute")
            p.add(("minutes",), f"in whole breaths the session lasts {lasts}; "
                                f"the longest allowed is {MAX_SESSION_MINUTES}")  # fmt: skip
        else:
            _check_squeeze(session, p)
            _check_breaths(session, p)
    low, high = session.min_minutes, session.max_minutes
    if low is not None and high is not None and low > high:
        p.add(("min_minutes",), "'min_minutes' is larger than 'max_minutes'")
    elif 0 < total <= MAX_SESSION_SECONDS:
        # The menu offers lengths from min_minutes to max_minutes, starting at the default.
        minutes = total / 60
        length = plural(minutes, "minute")
        if low is not None and minutes < low - 1e-9:
            p.add(("min_minutes",), f"the default length ({length}) is less than "
                                    f"'min_minutes' ({low:g})")  # fmt: skip
        if high is not None and minutes > high + 1e-9:
            p.add(("max_minutes",), f"the default length ({length}) is more than "
                                    f"'max_minutes' ({high:g})")  # fmt: skip


def _check_squeeze(session: Session, p: Problems) -> None:
    """Refuse a length at which the breathing steps, in whole breaths, would leave the
    other steps less than half their time: the session's own, and `min_minutes` (the
    shortest the menu offers). See `timeline.squeezes`."""
    from mbsr_tui.core.timeline import squeezes  # the timeline loads only when needed

    if squeezes(session):
        key = ("minutes",) if session.minutes is not None else ("steps",)
        p.add(key, "in whole breaths the breathing steps take nearly all of the session's "
                   "length, leaving the other steps next to no time: give it more minutes "
                   "or shorter breathing steps")  # fmt: skip
    elif session.min_minutes is not None and squeezes(session, session.min_minutes * 60):
        p.add(("min_minutes",), f"at 'min_minutes' ({session.min_minutes:g}) the breathing "
                                "steps, in whole breaths, leave the other steps less than "
                                "half their time: raise it")  # fmt: skip


def _check_breaths(session: Session, p: Problems) -> None:
    """Refuse breathing that, at the longest length the menu offers, lays out more phases
    than a timeline may hold (`limits.MAX_BREATH_PHASES`)."""
    longest = session.default_seconds
    if session.max_minutes is not None:
        longest = max(longest, session.max_minutes * 60)
    problem = limits.played_problem(session, longest)
    if problem:
        p.add(("pattern",) if session.pattern else ("steps",), problem)


def file_name_problem(name: str) -> str | None:
    """Why a file called `name` cannot hold a practice, if it cannot: the one rule for the
    files the loader reads and the names the editor saves under.

    The id (the file's stem) goes into the journal and onto the screen: bytes that are
    not UTF-8 could never be saved ("surrogates not allowed"), and control characters
    would drive the terminal wherever the id is printed. Capitals, spaces and `_` are fine.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename the file to use it"
    if printable(name) != name:
        return "the file name holds control characters; rename the file to use it"
    if "/" in name:  # never so in a folder's listing; an id that would leave the folder
        return "a file name cannot hold '/'"
    return None


def validate(path: Path) -> tuple[Session | None, list[SessionError]]:
    """Load `path`, returning the session (if usable) and every problem found.

    Never raises for anything in the file or its name: every problem is a `SessionError`
    whose text is plain, one line, and shows the file's own text literally.
    """
    path = Path(path)
    named = file_name_problem(path.name)
    if named is not None:
        return None, [SessionError(path, None, named)]
    try:
        text, data = read_toml(path)
    except SessionError as err:
        return None, [err]

    # Lines are looked up only when a problem is reported (LineFinder indexes lazily).
    p = Problems(path, LineFinder(text))
    r = Reader(data, (), TOP_KEYS, p)
    title = r.text("title", most=limits.MAX_TITLE_CHARS)
    if "title" not in data:
        p.add((), "the session needs a 'title'")
    elif not title.strip():
        p.add(("title",), "'title' is empty")
    pattern_table = r.table_of("pattern")
    pattern = _read_pattern(pattern_table, ("pattern",), p) if pattern_table is not None else None
    bells_table = r.table_of("bells")
    audio, audio_seconds = _read_audio(path, r, p)
    session = Session(
        id=path.stem,
        title=title.strip(),
        summary=r.text("summary", most=limits.MAX_SUMMARY_CHARS).strip(),
        kind=r.choice("kind", KINDS, "sitting"),
        posture=r.choice("posture", POSTURES, "sitting"),
        minutes=r.bounded("minutes", None, limits.PRACTICE_MINUTES),
        min_minutes=r.bounded("min_minutes", None, limits.PRACTICE_MINUTES),
        max_minutes=r.bounded("max_minutes", None, limits.PRACTICE_MINUTES),
        prepare_seconds=r.bounded("prepare_seconds", 5.0, limits.PREPARE_SECONDS),
        caution=r.text("caution").strip(),
        confirm=r.flag("confirm", False),
        bells=_read_bells(bells_table if bells_table is not None else {}, p),
        pattern=pattern,
        steps=_read_steps(data["steps"], p) if "steps" in data else (),
        source=path,
        audio=audio,
        audio_seconds=audio_seconds,
    )
    _check_lengths(session, p)
    if p.found:
        return None, p.report()
    return session, []


def load_session(path: Path) -> Session:
    """Load one file; raise the first `SessionError` if it has any problem."""
    session, problems = validate(path)
    if problems or session is None:
        raise problems[0]
    return session
