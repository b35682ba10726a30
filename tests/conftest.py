"""Shared fixtures: every test runs in its own home, never the person's real one."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import pytest

# The sounds the built-in sessions ring.
SOUND_STEMS = ("bowl", "bell", "cue")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point HOME, the XDG folders and the rooms folder at fresh temporary directories."""
    home = tmp_path_factory.mktemp("home")
    dirs = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    # Group rooms of its own too: tests run in parallel (xdist), and the shared default
    # folder would show one test's rooms to another. Tests of other folders set their own.
    rooms = home / "rooms"
    rooms.mkdir(mode=0o700)
    monkeypatch.setenv("MBSR_TUI_ROOMS", str(rooms))
    # Should anything reach pygame, it finds the silent dummy driver, never a device,
    # and prints no greeting. Tests of other drivers run their own subprocesses.
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    return home


@pytest.fixture
def config_dir(isolated_home: Path) -> Path:
    """`$XDG_CONFIG_HOME/mbsr-tui` (not created)."""
    return isolated_home / ".config" / "mbsr-tui"


@pytest.fixture
def user_sessions(config_dir: Path) -> Path:
    """`$XDG_CONFIG_HOME/mbsr-tui/sessions`, created."""
    folder = config_dir / "sessions"
    folder.mkdir(parents=True)
    return folder


def write_wav(path: Path, seconds: float = 0.05) -> Path:
    """A short silent 16-bit stereo WAV: enough for anything that checks a sound exists."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes(b"\0\0\0\0" * int(44100 * seconds))
    return path


@pytest.fixture
def stub_sounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The loader sees a sounds/ folder holding exactly bowl, bell and cue."""
    folder = tmp_path / "stub-sounds"
    folder.mkdir()
    for stem in SOUND_STEMS:
        write_wav(folder / f"{stem}.wav")
    monkeypatch.setattr("mbsr_tui.core.loader.sounds_dir", lambda: folder)
    return folder


@pytest.fixture
def write_session(tmp_path: Path) -> Callable[..., Path]:
    """Write session TOML text (or bytes) to a file and return its path."""
    folder = tmp_path / "written"
    folder.mkdir()

    def write(content: str | bytes, name: str = "practice.toml") -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        return path

    return write


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "wheel: builds and installs the wheel (a few seconds; part of the default run)"
    )
    config.addinivalue_line(
        "markers", "long: waits half a minute or more of real time; handed out to workers first"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long waits first, so that no worker starts one when the others are nearly done."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
