"""A real terminal for end-to-end tests: the installed command running inside tmux."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Textual's start-up sends OSC sequences ending in BEL (ESC ] ... BEL): not bells.
_OSC = re.compile(rb"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
_SERVERS = itertools.count()


def installed_command() -> str:
    """The `mbsr-tui` the README installs; tests run what a person would run."""
    beside_python = Path(sys.executable).parent / "mbsr-tui"
    found = str(beside_python) if beside_python.exists() else shutil.which("mbsr-tui")
    if found is None:
        raise RuntimeError("mbsr-tui is not installed: run the README's test command")
    return found


class Terminal:
    """One tmux server with one pane at a fixed size, running `command`."""

    def __init__(self, name: str, command: str, env: dict[str, str], workdir: Path,
                 size: tuple[int, int] = (80, 24)) -> None:  # fmt: skip
        # A tmux server of its own: tests run in parallel, and a name may come back.
        socket = f"mbsr-e2e-{name}-{os.getpid()}-{next(_SERVERS)}"
        self.socket = ["tmux", "-L", socket, "-f", "/dev/null"]
        self.log = workdir / f"{name}.pty.log"
        self.status_file = workdir / f"{name}.status"
        self.log.write_bytes(b"")
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        width, height = size
        inner = f"env {exports} {command}; echo $? > {shlex.quote(str(self.status_file))}"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height),
                   f"sh -c {shlex.quote(inner)}", check=True)  # fmt: skip
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self._tmux("pipe-pane", "-o", f"cat >> {shlex.quote(str(self.log))}")

    def _tmux(self, *args: str, check: bool = False) -> str:
        done = subprocess.run([*self.socket, *args], capture_output=True, text=True, check=check)
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)  # each look starts a tmux client: CPU the apps under test need
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen:\n{screen}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", key)
            time.sleep(0.15)

    def burst(self, *keys: str) -> None:
        """Keys in one write, as a fast typist, a paste or a slow SSH link delivers them."""
        self._tmux("send-keys", *keys)

    def pid(self) -> int:
        """The app's own process (the pane runs a shell that waits for it)."""
        shell = self._tmux("display", "-p", "#{pane_pid}").strip()
        found = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout
        return int(found.split()[0])

    def exited(self) -> bool:
        return self.status_file.exists() and self.status_file.read_text().strip() != ""

    def wait_exit(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                return
            time.sleep(0.1)
        raise AssertionError(f"the app did not exit within {timeout}s:\n{self.screen()}")

    def exit_status(self) -> int:
        return int(self.status_file.read_text().strip())

    def written(self) -> bytes:
        return self.log.read_bytes()

    def bells(self) -> int:
        """BEL characters the app wrote, OSC sequences left out."""
        return _OSC.sub(b"", self.written()).count(b"\x07")

    def close(self) -> None:
        self._tmux("kill-server")
