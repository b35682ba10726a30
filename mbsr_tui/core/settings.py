"""The person's preferences: read with tomllib, written atomically with tomli-w.

The file is the person's: loading never changes it, and saving changes only the lines
of the settings that changed (comments, unknown keys and the rest stay as written). A
file with problems is never rewritten for bookkeeping (the care note having been seen);
it is rewritten only to record a choice made in the settings screen, after a copy of it
is kept beside it as `settings.toml.bak`.
"""

from __future__ import annotations

import contextlib
import math
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from mbsr_tui.core import files, paths
from mbsr_tui.core.limits import INTERVAL_MINUTES, PRACTICE_MINUTES, is_finite
from mbsr_tui.core.safe_read import read_bytes
from mbsr_tui.core.safe_text import visible

BELL_MODES = ("auto", "sound", "terminal", "both", "off")
ANIMATION_LEVELS = ("full", "reduced", "none")
VOICE_MODES = ("off", "on", "force")  # spoken guidance; "force" speaks even over SSH
# A settings file is a few hundred bytes; anything far larger is not one.
MAX_SETTINGS_BYTES = 64 * 1024
SHAPE_CHECK_BYTES = 1024  # below this, tomllib's worst cases take no time at all
# Settings the app records by itself: a change to these alone never rewrites a file
# that has problems (the person's own file stays exactly as they wrote it).
BOOKKEEPING = frozenset({"seen_care_note", "timer_minutes", "timer_interval_minutes"})


@dataclass(frozen=True)
class Settings:
    bell_mode: str = "auto"
    volume: int = 70  # 0..100
    phase_cues: bool = True  # soft sounds at breathing phase changes, where a session has them
    animation: str = "full"  # full | reduced | none
    checkins: bool = True  # ask about pain and stress before and after
    day_starts_hour: int = 4  # a practice day starts at this local hour (late nights count)
    seen_care_note: bool = False  # the note that MBSR complements medical care, shown once
    voice: str = "off"  # speak the guidance (steps; breath phases in breathing practices)
    speak_command: str = ""  # a command that speaks its last argument; "" finds the system's
    timer_minutes: float = 20.0  # the quick timer's last length
    timer_interval_minutes: float = 0.0  # its last interval bell spacing (0: none)
    share_name: str = ""  # a name others see in group sittings ("": none; plain, <= 32)


@dataclass(frozen=True)
class SettingsLoad:
    settings: Settings
    problem: str | None = None  # said to the person when the file could not be used


def _validated(data: dict) -> tuple[Settings, list[str]]:
    problems: list[str] = []
    values = {}
    defaults = Settings()
    for f in fields(Settings):
        if f.name not in data:
            continue
        value, default = data[f.name], getattr(defaults, f.name)
        if type(value) is int and type(default) is float:
            # `timer_minutes = 20` means 20.0; a 400-digit int would overflow float().
            value = float(value) if is_finite(value) else math.inf
        if type(value) is not type(default):
            problems.append(f"'{f.name}' should be {type(default).__name__}")
            continue
        values[f.name] = value
    unknown = sorted(set(data) - {f.name for f in fields(Settings)})
    # A key is the person's text: shown literally, its control characters made visible.
    problems.extend(f"unknown key '{_shown(name)}'" for name in unknown)
    settings = replace(defaults, **values)
    for name in _unusable(settings):
        problems.append(f"'{name}' has an unusable value")
        settings = replace(settings, **{name: getattr(defaults, name)})
    return settings, problems


def _unusable(settings: Settings) -> list[str]:
    """The settings whose values cannot be used (the timer's, by `limits`: no nan, no
    interval bells a hundredth of a second apart)."""
    checks = {
        "bell_mode": settings.bell_mode in BELL_MODES,
        "volume": 0 <= settings.volume <= 100,
        "animation": settings.animation in ANIMATION_LEVELS,
        "day_starts_hour": 0 <= settings.day_starts_hour <= 23,
        "timer_minutes": PRACTICE_MINUTES.holds(settings.timer_minutes),
        "timer_interval_minutes": INTERVAL_MINUTES.holds(settings.timer_interval_minutes),
        "voice": settings.voice in VOICE_MODES,
        "share_name": len(settings.share_name) <= 32 and settings.share_name.isprintable(),
    }
    return [name for name, ok in checks.items() if not ok]


def _shown(text: object, limit: int = 60) -> str:
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return visible(text).replace("\u2028", "<U+2028>").replace("\u2029", "<U+2029>")


class _Unreadable(Exception):
    """The settings file cannot be read as TOML; the message says why, in plain words."""


def _read(path: Path) -> tuple[str, dict]:
    """The file's text and its TOML; FileNotFoundError when there is none."""
    # A link is followed (a dotfiles manager may make one); a FIFO is never waited on.
    raw = read_bytes(path, MAX_SETTINGS_BYTES, follow_links=True)
    if len(raw) > MAX_SETTINGS_BYTES:
        raise _Unreadable(f"it is larger than {MAX_SETTINGS_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unreadable("it is not UTF-8 text") from None
    # Checked first, in linear time: tomllib recurses once per nested bracket and takes
    # quadratic time in the parts of a dotted key. A file under 1 KB (every settings
    # file a person writes) is too small for either to matter, and skipping the check
    # keeps its module out of every start (the menu, `today` at each login). A deeper
    # file still fails plainly: the RecursionError is caught below.
    if len(text) > SHAPE_CHECK_BYTES:
        from mbsr_tui.core.toml_lines import shape_problem

        shape = shape_problem(text)
        if shape is not None:
            raise _Unreadable(f"line {shape.line}: {shape.message}")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _Unreadable(_shown(err, 200)) from None
    except RecursionError:
        raise _Unreadable("it is nested too deeply") from None
    except ValueError:  # an int of thousands of digits, which Python will not convert
        raise _Unreadable("it holds a number far too long to be a value") from None


def load_settings(path: Path | None = None) -> SettingsLoad:
    """Read settings; a file with problems is reported, copied to `.bak`, and left as it is.

    What can be used is used; the rest falls back to the defaults. The message is plain
    text (a key such as `[/x]` appears as written), safe to print or to show without markup.
    """
    path = path or paths.settings_path()
    where = _shown(path, 1000)
    try:
        _, data = _read(path)
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except (OSError, _Unreadable) as err:
        why = (err.strerror or str(err)) if isinstance(err, OSError) else str(err)
        kept = _keep_backup(path)
        return SettingsLoad(
            Settings(), f"{where}: could not be read ({_shown(why, 200)}); using defaults{kept}"
        )
    settings, problems = _validated(data)
    if problems:
        # Saving would drop what could not be used (an unknown key may be a newer
        # version's setting): keep the file as it was.
        kept = _keep_backup(path)
        return SettingsLoad(settings, f"{where}: {'; '.join(problems)}{kept}")
    return SettingsLoad(settings)


def _keep_backup(path: Path) -> str:
    """Copy the file to `.bak`; what to add to the message about it."""
    # The broken file is someone's work: keep a copy before anything can overwrite it.
    backup = path.with_suffix(path.suffix + ".bak")
    try:
        data = read_bytes(path, MAX_SETTINGS_BYTES, follow_links=True)
        if len(data) > MAX_SETTINGS_BYTES:
            return ""  # far too large to be anyone's settings: not copied
        with contextlib.suppress(FileNotFoundError):
            if read_bytes(backup, MAX_SETTINGS_BYTES, follow_links=True) == data:
                return f"; a copy is kept in {backup.name}"
        backup.write_bytes(data)
    except OSError:
        return ""
    return f"; a copy is kept in {backup.name}"


def _updated(text: str, data: dict, old: Settings, new: Settings) -> str | None:
    """`text` with the lines of the settings that changed rewritten; None if nothing did.

    Every other line (comments, unknown keys, a value left as it was) stays as written.
    """
    changed = {
        f.name: getattr(new, f.name)
        for f in fields(Settings)
        if getattr(new, f.name) != getattr(old, f.name)
        or (f.name not in data and getattr(new, f.name) != getattr(Settings(), f.name))
    }
    # (Compared with their types: in Python, true == 1.)
    changed = {
        name: value
        for name, value in changed.items()
        if not (type(data.get(name)) is type(value) and data.get(name) == value)
    }
    if not changed:
        return None
    import tomli_w

    from mbsr_tui.core.toml_lines import LineFinder

    lines = text.split("\n")
    finder = LineFinder(text)
    added: list[str] = []
    for name, value in changed.items():
        line = tomli_w.dumps({name: value}).rstrip("\n")
        number = finder.line_of((name,)) if name in data else None
        if number is None:
            added.append(line)
        else:
            lines[number - 1] = line
    # New keys go first: anything after a [table] header would belong to that table.
    result = "\n".join([*added, *lines])
    expected = {**data, **changed}
    try:
        if tomllib.loads(result) == expected:
            return result
    except tomllib.TOMLDecodeError:
        pass
    # A value written over several lines, say: write the whole file, still keeping
    # every key (unknown ones too), though not its comments.
    return tomli_w.dumps(expected)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Record `settings`; whether the file was written.

    Only the settings that changed are written, into the file as it is (see the module's
    note); nothing changed, nothing is written. Written atomically (temporary file,
    fsync, rename): a crash never leaves half a file.
    """
    import tomli_w  # only when writing: reading settings is on every start's path

    path = path or paths.settings_path()
    unusable = _unusable(settings)
    try:
        text, data = _read(path)
    except FileNotFoundError:
        settings = _without(settings, unusable, Settings())
        new_text = tomli_w.dumps(asdict(settings))
    except (_Unreadable, OSError):
        # The file cannot be read, so it cannot be updated: replacing it is the only way
        # to record a choice. Never for bookkeeping; and only with a copy kept.
        settings = _without(settings, unusable, Settings())
        if _only_bookkeeping(Settings(), settings):
            return False
        _keep_or_refuse(path)
        new_text = tomli_w.dumps(asdict(settings))
    else:
        old, problems = _validated(data)
        settings = _without(settings, unusable, old)
        if problems:
            if _only_bookkeeping(old, settings):
                return False
            _keep_or_refuse(path)
        new_text = _updated(text, data, old, settings)
        if new_text is None:
            return False
    _write_atomically(path, new_text.encode("utf-8"))
    return True


def _without(settings: Settings, unusable: list[str], kept: Settings) -> Settings:
    """`settings` with each unusable value dropped for the one in `kept`: a value that
    cannot be used (nan, say) is never written."""
    return replace(settings, **{name: getattr(kept, name) for name in unusable})


class SettingsNotSaved(OSError):
    """The settings file has problems and no copy of it could be kept: it is not replaced."""


def _keep_or_refuse(path: Path) -> None:
    if not _keep_backup(path):
        raise SettingsNotSaved(
            f"{_shown(path.name)} has problems and no copy of it could be kept, "
            "so it was left as it is"
        )


def _only_bookkeeping(old: Settings, new: Settings) -> bool:
    return all(
        getattr(old, f.name) == getattr(new, f.name)
        for f in fields(Settings)
        if f.name not in BOOKKEEPING
    )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomically(path, data)
