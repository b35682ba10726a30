"""paths: folders made private, folders that exist left exactly as they are."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mbsr_tui.core import paths


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_folder_and_its_missing_parents_are_private(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "a" / "b" / "mbsr-tui"
    assert paths.ensure_private_dir(target) == target
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert folder.is_dir()
        assert mode_of(folder) == 0o700


def test_a_new_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        paths.ensure_private_dir(tmp_path / "open-umask")
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "open-umask") == 0o700


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o770, 0o711])
def test_an_existing_folder_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, mode)
    assert paths.ensure_private_dir(folder) == folder
    assert mode_of(folder) == mode


def test_existing_parents_keep_their_mode(tmp_path: Path, umask_022) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o775)
    paths.ensure_private_dir(shared / "mine" / "mbsr-tui")
    assert mode_of(shared) == 0o775
    assert mode_of(shared / "mine") == 0o700
    assert mode_of(shared / "mine" / "mbsr-tui") == 0o700


def test_a_symlinked_folder_is_used_and_its_target_left_alone(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    os.chmod(real, 0o755)
    link = tmp_path / "data"
    link.symlink_to(real)
    assert paths.ensure_private_dir(link) == link
    assert mode_of(real) == 0o755


def test_a_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        paths.ensure_private_dir(blocker)
    with pytest.raises(OSError):
        paths.ensure_private_dir(blocker / "mbsr-tui")


def test_the_built_in_folders_are_found() -> None:
    assert (paths.builtin_sessions_dir() / "sitting.toml").is_file()
    assert (paths.sounds_dir() / "bowl.wav").is_file()
