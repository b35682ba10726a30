"""Where mbsr-tui keeps its files: XDG config and data dirs, and the shipped resources."""

from __future__ import annotations

import contextlib
import os
from importlib.resources import files
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
    # editable install) they sit at the repository's top level.
    packed = Path(str(files("mbsr_tui"))) / "_data" / name
    if packed.is_dir():
        return packed
    return Path(__file__).resolve().parents[2] / name


def builtin_sessions_dir() -> Path:
    return _resource_dir("sessions")


def sounds_dir() -> Path:
    return _resource_dir("sounds")


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable only by the user: journals are personal."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Not ours to change on, say, a shared mount; the file itself stays 0600.
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path
