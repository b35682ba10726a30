"""The person's preferences: read with tomllib, written atomically with tomli-w."""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import tomli_w

from mbsr_tui.core import paths

BELL_MODES = ("auto", "sound", "terminal", "both", "off")
ANIMATION_LEVELS = ("full", "reduced", "none")
VOICE_MODES = ("off", "on", "force")  # spoken guidance; "force" speaks even over SSH


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
        if type(value) is not type(default):
            problems.append(f"'{f.name}' should be {type(default).__name__}")
            continue
        values[f.name] = value
    unknown = sorted(set(data) - {f.name for f in fields(Settings)})
    problems.extend(f"unknown key '{name}'" for name in unknown)
    settings = replace(defaults, **values)
    checks = {
        "bell_mode": settings.bell_mode in BELL_MODES,
        "volume": 0 <= settings.volume <= 100,
        "animation": settings.animation in ANIMATION_LEVELS,
        "day_starts_hour": 0 <= settings.day_starts_hour <= 23,
        "voice": settings.voice in VOICE_MODES,
    }
    for name, ok in checks.items():
        if not ok:
            problems.append(f"'{name}' has an unusable value")
            settings = replace(settings, **{name: getattr(defaults, name)})
    return settings, problems


def load_settings(path: Path | None = None) -> SettingsLoad:
    """Read settings; a broken file is reported, kept as `.bak`, and defaults are used."""
    path = path or paths.settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        kept = _keep_backup(path)
        return SettingsLoad(Settings(), f"{path}: could not be read ({err}); using defaults{kept}")
    settings, problems = _validated(data)
    if problems:
        # Saving would drop what could not be used (an unknown key may be a newer
        # version's setting): keep the file as it was.
        kept = _keep_backup(path)
        return SettingsLoad(settings, f"{path}: {'; '.join(problems)}{kept}")
    return SettingsLoad(settings)


def _keep_backup(path: Path) -> str:
    """Copy the file to `.bak`; what to add to the message about it."""
    # The broken file is someone's work: keep a copy before anything can overwrite it.
    backup = path.with_suffix(path.suffix + ".bak")
    try:
        backup.write_bytes(path.read_bytes())
    except OSError:
        return ""
    return f"; a copy is kept in {backup.name}"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temporary file, fsync, rename): a crash never leaves half a file."""
    path = path or paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = tomli_w.dumps(asdict(settings)).encode("utf-8")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
