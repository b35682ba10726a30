"""A folder of one's own that cannot be entered: one plain message, and the rest works
(issue 21, item 17).

Root passes any chmod, so each command runs as the user nobody (65534) over folders it
owns, with the system's Python 3.11 (the test's own Python may live under /root, which
nobody cannot enter) and this checkout on its path.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import mbsr_tui

CHECKOUT = Path(mbsr_tui.__file__).resolve().parents[1]
SITE = next(p for p in sys.path if p.endswith("site-packages"))
SYSTEM_PYTHON = "/usr/bin/python3"
NOBODY = 65534

SAME_PYTHON = f"import sys; assert sys.version_info[:2] == {sys.version_info[:2]!r}"
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    or not shutil.which("setpriv")
    or not os.path.exists(SYSTEM_PYTHON)
    or subprocess.run([SYSTEM_PYTHON, "-c", SAME_PYTHON]).returncode != 0,
    reason="another user needs root, setpriv and a system Python like this one",
)
COMMANDS = (("list",), ("course",), ("today",), ("log",), ("run", "no-such-practice"),
            ("log", "export", "--format", "csv"))  # fmt: skip


@pytest.fixture
def home():
    with tempfile.TemporaryDirectory(prefix="mbsr-unreadable-") as top:
        root = Path(top)
        root.chmod(0o755)  # nobody passes through; pytest's own folders it cannot
        for part in ("config/mbsr-tui/sessions", "data/mbsr-tui", "state/mbsr-tui", "cache"):
            (root / part).mkdir(parents=True)
        own = root / "config" / "mbsr-tui" / "sessions" / "my-evening.toml"
        own.write_text('title = "My evening"\nminutes = 5\n')
        for path in [root, *root.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
        yield root


def environment(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"), "TERM": "dumb", "LANG": "C.UTF-8",
        "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        "PYTHONPATH": f"{CHECKOUT}:{SITE}", "PATH": "/usr/bin:/bin",
    }  # fmt: skip


def as_nobody(home: Path, *argv: str) -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "env", "-i", *(f"{k}={v}" for k, v in environment(home).items()),
            SYSTEM_PYTHON, "-m", "mbsr_tui", *argv]  # fmt: skip


def run(home: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(as_nobody(home, *argv), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)  # fmt: skip


def starts(home: Path, *argv: str, until: str) -> str:
    """Run a practice until `until` is printed, then end it; what it printed."""
    process = subprocess.Popen(as_nobody(home, *argv), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        while until.encode() not in seen and time.monotonic() < deadline:
            if selector.select(timeout=0.5):
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                seen += chunk
    process.kill()
    process.wait()
    return seen.decode(errors="replace")


PLACES = {
    "config": "config/mbsr-tui",
    "sessions": "config/mbsr-tui/sessions",
    "data": "data/mbsr-tui",
    "state": "state/mbsr-tui",
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_folder_that_cannot_be_entered_gives_a_plain_line_never_a_traceback(home, place):
    folder = home / PLACES[place]
    folder.chmod(0o000)
    for argv in (*COMMANDS, ("check", str(folder / "x.toml"))):
        done = run(home, *argv)
        assert "Traceback" not in done.stderr + done.stdout, (place, argv, done.stderr)
        assert "Error" not in done.stderr, (place, argv, done.stderr)

    listed = run(home, "list")
    assert listed.returncode == 0
    assert "body-scan" in listed.stdout and "Body scan" in listed.stdout  # built-ins still
    if place in ("config", "sessions"):
        [told] = [line for line in listed.stderr.splitlines() if "sessions" in line]
        assert "cannot be read (permission denied)" in told
        assert "my-evening" not in listed.stdout
        missing = run(home, "run", "my-evening", "--plain")
        assert missing.returncode == 1
        assert "cannot be read (permission denied)" in missing.stderr  # says why it is missing
    else:
        assert "my-evening" in listed.stdout

    shown = starts(home, "run", "sitting", "--plain", "--no-checkin", "--bell", "off",
                   until="Getting ready")  # fmt: skip
    assert "Getting ready" in shown and "Traceback" not in shown, shown


def test_the_data_folder_that_cannot_be_entered_is_not_an_empty_journal(home):
    (home / PLACES["data"]).chmod(0o000)
    done = run(home, "log")
    assert done.returncode == 1
    assert "permission denied" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr
    assert "journal is empty" not in done.stdout


def test_a_state_folder_that_cannot_be_entered_never_keeps_the_journal_shut(home):
    from mbsr_tui.core.journal.io import export_text
    from tests.unit.test_journal_safekeeping import make_entry

    exported = home / "old.toml"
    exported.write_text(export_text([make_entry(0), make_entry(1)], "toml"))
    os.chown(exported, NOBODY, NOBODY)
    (home / PLACES["state"]).chmod(0o000)
    done = run(home, "log", "import", str(exported))
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "could not be looked into" in said and "permission denied" in said
    assert "2 sessions" in run(home, "log").stdout


def test_a_recordings_folder_that_cannot_be_entered_costs_only_that_practice(home):
    sessions = home / PLACES["sessions"]
    recordings = home / "recordings"
    recordings.mkdir()
    (sessions / "with-my-voice.toml").write_text(
        f'title = "With my voice"\nminutes = 5\naudio = "{recordings}/voice.wav"\n'
    )
    for path in (recordings, sessions / "with-my-voice.toml"):
        os.chown(path, NOBODY, NOBODY)
    recordings.chmod(0o000)
    listed = run(home, "list")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert "my-evening" in listed.stdout and "body-scan" in listed.stdout
    [told] = [line for line in listed.stderr.splitlines() if "with-my-voice" in line]
    assert "cannot be looked at (permission denied)" in told
