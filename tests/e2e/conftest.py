"""End-to-end fixtures: a private home, and terminals that are always cleaned up."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.terminal import Terminal, installed_command

pytestmark = pytest.mark.e2e


@pytest.fixture
def home(tmp_path):
    """Config and data folders of our own; check-ins off unless a test turns them on."""
    config = tmp_path / "config" / "mbsr-tui"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("seen_care_note = true\ncheckins = false\n")
    return tmp_path


@pytest.fixture
def env(home):
    return {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
    }


@pytest.fixture
def terminal(tmp_path, env):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for end-to-end tests (.ci/run installs it)")
    opened: list[Terminal] = []

    def open_terminal(args: str, *, name: str = "app", size=(80, 24), extra_env=None) -> Terminal:
        # Under pytest the tmux server hands the pane COLUMNS=80 and LINES=24, which win
        # over the pane's real size (shutil.get_terminal_size): say the size here too.
        sized = {"COLUMNS": str(size[0]), "LINES": str(size[1])}
        term = Terminal(name, f"{installed_command()} {args}",
                        {**env, **sized, **(extra_env or {})}, tmp_path, size)  # fmt: skip
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()
