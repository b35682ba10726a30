"""Spoken guidance through the system's own voice, one utterance at a time.

The speech service is found at run time: macOS `say`; on Linux `espeak-ng`/`espeak` or
speech-dispatcher's `spd-say`; on Windows the built-in voice through PowerShell. Or any
command the person names (`--speak-command "CMD …"`). The text always reaches the program
as text, never as an option (`speech_call`: on standard input, after `--`, or in an
environment variable). Processes are started without a shell and never waited on by the
caller: a small thread starts each utterance, and a new one (or a pause, or mute) ends
the old one by killing its process.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping

from mbsr_tui.audio.speech_call import TEXT_VARIABLE, environment_for, speech_call, spoken_text
from mbsr_tui.core.settings import VOICE_MODES

__all__ = ["NO_SPEECH_NOTICE", "SSH_NOTICE", "VOICE_MODES", "Speaker", "find_speech_command",
           "voice_plan"]  # fmt: skip

NO_SPEECH_NOTICE = (
    "No speech service was found (say, espeak-ng, espeak or spd-say), so the guidance is "
    "shown but not spoken. --speak-command can name one."
)
SSH_NOTICE = (
    "Spoken guidance would play on the computer mbsr-tui runs on, not on yours, so it stays "
    "off over SSH (--voice force speaks there anyway)."
)

# The text is read from the environment: anything placed after -Command is code.
_WINDOWS_SPEAK = (
    "Add-Type -AssemblyName System.Speech; "
    f"(New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak($env:{TEXT_VARIABLE})"
)


def find_speech_command(
    speak_command: str = "",
    *,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str] | None:
    """The command (without the text) that speaks, or None when there is none."""
    if speak_command.strip():
        try:
            words = shlex.split(speak_command)
        except ValueError:
            return None
        if words and (which(words[0]) or os.path.isfile(words[0])):
            return words
        return None
    if platform == "darwin" and which("say"):
        return ["say"]
    if platform.startswith("win"):
        shell = which("powershell") or which("pwsh")
        return (
            [shell, "-NoProfile", "-NonInteractive", "-Command", _WINDOWS_SPEAK] if shell else None
        )
    for name, args in (("espeak-ng", []), ("espeak", []), ("spd-say", ["--wait"])):
        found = which(name)
        if found:
            return [found, *args]
    return None


def voice_plan(mode: str, environ: Mapping[str, str]) -> tuple[bool, str]:
    """Whether to speak, and what to tell the person once ("" for nothing)."""
    from mbsr_tui.audio.modes import over_ssh

    if mode == "off":
        return False, ""
    if mode == "on" and over_ssh(environ):
        return False, SSH_NOTICE
    return True, ""


class Speaker:
    """Speaks one text at a time; `say` replaces what is being said."""

    def __init__(
        self,
        command: list[str],
        *,
        popen: Callable[..., subprocess.Popen] = subprocess.Popen,
    ) -> None:
        self.command = command
        self._popen = popen
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._pending: str | None = None
        self._wake = threading.Event()
        self._closed = False
        self.muted = False
        self.spoken: list[str] = []  # what was handed to the service, for the record
        self._thread = threading.Thread(target=self._run, name="mbsr-speech", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        """Speak `text` now, ending whatever is being said (never blocks the caller)."""
        text = spoken_text(text)
        if not text or self._closed or self.muted:
            return
        with self._lock:
            self._pending = text
        self._wake.set()

    def stop(self) -> None:
        """Silence at once (a pause, mute); nothing queued is said later."""
        with self._lock:
            self._pending = None
            process, self._process = self._process, None
        _end(process)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.stop()

    def close(self) -> None:
        self._closed = True
        self.stop()
        self._wake.set()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                text, self._pending = self._pending, None
                previous, self._process = self._process, None
            _end(previous)
            if text is None or self._closed:
                continue
            call = speech_call(self.command, text)
            try:
                process = self._popen(
                    call.argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=environment_for(call),
                    start_new_session=os.name == "posix",  # its own group: killed whole
                )
            except OSError:
                continue
            _hand_over(process, call.stdin)
            with self._lock:
                if self._pending is None and not self._closed:
                    self._process = process
                    self.spoken.append(text)
                    continue
            _end(process)  # stopped (or replaced) while it was starting


def _hand_over(process: subprocess.Popen, data: bytes) -> None:
    """Write the text to the program's standard input and close it. The text fits in a
    pipe's buffer (`MOST_SPOKEN_BYTES`), so this never waits on the program."""
    pipe = process.stdin
    if pipe is None:
        return
    with contextlib.suppress(OSError, ValueError):  # it ended already: nothing to tell
        pipe.write(data)
    with contextlib.suppress(OSError, ValueError):
        pipe.close()


def _end(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(process.pid, 9)
        else:
            process.kill()
    with contextlib.suppress(Exception):
        process.wait(timeout=1)
