"""Settings: typed, read with tomllib, written atomically, a broken file never lost."""

from __future__ import annotations

import os
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.settings import (
    ANIMATION_LEVELS,
    BELL_MODES,
    Settings,
    load_settings,
    save_settings,
)


def test_defaults_when_there_is_no_file(config_dir):
    assert not paths.settings_path().exists()
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.problem is None
    defaults = Settings()
    assert defaults.day_starts_hour == 4
    assert defaults.bell_mode in BELL_MODES and defaults.animation in ANIMATION_LEVELS
    assert 0 <= defaults.volume <= 100
    assert defaults.checkins is True


def test_the_settings_file_lives_in_xdg_config_home(config_dir):
    assert paths.settings_path() == config_dir / "settings.toml"
    assert paths.journal_path().parent.name == "mbsr-tui"
    assert str(paths.journal_path()).startswith(os.environ["XDG_DATA_HOME"])


def test_relative_xdg_paths_are_ignored(monkeypatch, isolated_home):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert paths.config_dir().is_absolute()
    assert "relative" not in str(paths.config_dir())


def test_save_and_load_round_trip(config_dir):
    chosen = Settings(
        bell_mode="terminal",
        volume=35,
        phase_cues=False,
        animation="reduced",
        checkins=False,
        day_starts_hour=6,
        seen_care_note=True,
    )
    save_settings(chosen)
    assert paths.settings_path().exists()
    loaded = load_settings()
    assert loaded.settings == chosen
    assert loaded.problem is None
    # The file is plain TOML a person can read and edit.
    data = tomllib.loads(paths.settings_path().read_text())
    assert data["bell_mode"] == "terminal" and data["day_starts_hour"] == 6
    assert set(data) == {f.name for f in fields(Settings)}


def test_save_to_an_explicit_path_creates_its_folder(tmp_path):
    target = tmp_path / "deep" / "er" / "settings.toml"
    save_settings(Settings(volume=10), target)
    assert load_settings(target).settings.volume == 10


def test_atomic_write_leaves_no_temporary_files_and_replaces_the_old_file(config_dir):
    save_settings(Settings(volume=1))
    first_inode = paths.settings_path().stat().st_ino
    save_settings(Settings(volume=2))
    assert sorted(p.name for p in config_dir.iterdir()) == ["settings.toml"]
    assert load_settings().settings.volume == 2
    # A new file was renamed into place rather than the old one rewritten in place.
    assert paths.settings_path().stat().st_ino != first_inode


def test_a_failed_write_leaves_the_old_file_and_no_temporary(config_dir, monkeypatch):
    save_settings(Settings(volume=40))

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("mbsr_tui.core.files.os.fsync", fail)
    with pytest.raises(OSError):
        save_settings(Settings(volume=90))
    assert sorted(p.name for p in config_dir.iterdir()) == ["settings.toml"]
    assert load_settings().settings.volume == 40


@pytest.mark.parametrize(
    "broken",
    [b'bell_mode = "sound\nvolume = 3\n', b"volume = = 3\n", b"\xff\xfe garbage\n"],
    ids=["unclosed-string", "syntax", "not-utf8"],
)
def test_a_broken_file_gives_defaults_a_message_and_a_backup(config_dir, broken):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_bytes(broken)
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.problem and str(path) in loaded.problem
    assert "defaults" in loaded.problem
    assert "a copy is kept in settings.toml.bak" in loaded.problem
    backup = path.with_name("settings.toml.bak")
    assert backup.read_bytes() == broken
    # Loading never rewrites the person's file.
    assert path.read_bytes() == broken


def test_saving_after_a_broken_file_keeps_the_backup(config_dir):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_text("volume = = 3\n")
    load_settings()
    save_settings(Settings(volume=55))
    assert path.with_name("settings.toml.bak").read_text() == "volume = = 3\n"
    assert load_settings().settings.volume == 55


@pytest.mark.parametrize(
    ("text", "key", "kept"),
    [
        ('volume = "loud"', "volume", {}),
        ("volume = 70.5", "volume", {}),
        ("checkins = 1", "checkins", {}),
        ("day_starts_hour = true", "day_starts_hour", {}),
        ('bell_mode = "gong"', "bell_mode", {}),
        ('animation = "wild"', "animation", {}),
        ("volume = 101", "volume", {}),
        ("day_starts_hour = 24", "day_starts_hour", {}),
        ('colour = "blue"\nvolume = 20', "colour", {"volume": 20}),
    ],
)
def test_wrong_types_values_and_unknown_keys_are_reported(config_dir, text, key, kept):
    config_dir.mkdir(parents=True)
    path = paths.settings_path()
    path.write_text(text + "\n")
    loaded = load_settings()
    assert loaded.problem and f"'{key}'" in loaded.problem
    assert loaded.settings == Settings(**kept)  # the rest falls back to defaults
    # What could not be used is kept, so a later save cannot silently drop it.
    assert "settings.toml.bak" in loaded.problem
    assert path.with_name("settings.toml.bak").read_text() == text + "\n"
    assert path.read_text() == text + "\n"


def test_good_values_next_to_a_bad_one_are_kept(config_dir):
    config_dir.mkdir(parents=True)
    paths.settings_path().write_text('volume = 15\nanimation = "none"\nbell_mode = 3\n')
    loaded = load_settings()
    assert loaded.settings == Settings(volume=15, animation="none")
    assert "'bell_mode'" in loaded.problem


def test_when_no_backup_can_be_written_the_message_does_not_claim_one(config_dir, monkeypatch):
    config_dir.mkdir(parents=True)
    paths.settings_path().write_text("volume = = 3\n")

    def refuse(self, data):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert "using defaults" in loaded.problem
    assert ".bak" not in loaded.problem
