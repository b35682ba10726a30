"""Where mbsr-tui keeps its files: XDG config and data dirs, and the shipped resources."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_state_path

APP_NAME = "mbsr-tui"
JOURNAL_NAME = "journal.sqlite3"


def _from_environment(variable: str) -> Path | None:
    # platformdirs reads the XDG variables on Linux only; the contract (and every test)
    # relies on them everywhere. The XDG spec says to ignore relative paths.
    value = os.environ.get(variable, "")
    return Path(value) / APP_NAME if os.path.isabs(value) else None


def config_dir() -> Path:
    """`$XDG_CONFIG_HOME/mbsr-tui`, else the platform's config folder."""
    return _from_environment("XDG_CONFIG_HOME") or user_config_path(
        APP_NAME, appauthor=False, roaming=False
    )


def data_dir() -> Path:
    """`$XDG_DATA_HOME/mbsr-tui`, else the platform's data folder."""
    return _from_environment("XDG_DATA_HOME") or user_data_path(
        APP_NAME, appauthor=False, roaming=False
    )


def state_dir() -> Path:
    """`$XDG_STATE_HOME/mbsr-tui`: the second place for the journal's fallback file, for
    when the data folder itself is read-only."""
    return _from_environment("XDG_STATE_HOME") or user_state_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def user_sessions_dir() -> Path:
    return config_dir() / "sessions"


def journal_path() -> Path:
    return data_dir() / JOURNAL_NAME


def _resource_dir(name: str) -> Path:
    # In a wheel the folders are packed under mbsr_tui/_data; in a checkout (or an
    # editable install) they sit at the repository's top level. The package is a plain
    # folder (never a zip), so its own path says where it is: no importlib.resources,
    # which would cost the first frame a few milliseconds of imports.
    package = Path(__file__).resolve().parents[1]
    packed = package / "_data" / name
    if packed.is_dir():
        return packed
    return package.parent / name


def builtin_sessions_dir() -> Path:
    return _resource_dir("sessions")


def sounds_dir() -> Path:
    return _resource_dir("sounds")


def ensure_private_dir(path: Path) -> Path:
    """Make sure `path` is a folder; a folder made here (parents too) is private (0700).

    A folder that already exists keeps its mode, whatever it is: the person (or their
    administrator, on a shared mount or a group folder) chose it, and it is not ours to
    change. Journals stay private anyway: their files are created 0600.
    """
    if path.is_dir():
        return path
    if path.parent != path:
        ensure_private_dir(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if path.is_dir():  # made meanwhile by someone else: theirs, left as it is
            return path
        raise
    # The umask may have taken bits from the mode asked for; this folder is our own.
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path
