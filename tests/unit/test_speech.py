"""Spoken guidance: finding the system's voice, one utterance at a time, what is said when
(a fake clock through the same timeline), pause and mute silencing it, SSH keeping it off."""

from __future__ import annotations

import shutil
import threading
import time
import wave
from pathlib import Path

import pytest

from mbsr_tui.audio.speech import (
    NO_SPEECH_NOTICE,
    SSH_NOTICE,
    Speaker,
    find_speech_command,
    voice_plan,
)
from mbsr_tui.audio.speech_call import TEXT_VARIABLE, speech_call
from mbsr_tui.audio.voice import VoiceControl
from mbsr_tui.core.loader import load_session
from mbsr_tui.core.narration import spoken_between
from mbsr_tui.core.paths import builtin_sessions_dir
from mbsr_tui.core.timeline import Timeline


def which_of(*present: str):
    return lambda name: f"/usr/bin/{name}" if name in present else None


@pytest.mark.parametrize(
    ("platform", "present", "expected"),
    [
        ("darwin", ("say", "espeak-ng"), ["say"]),
        ("linux", ("espeak-ng", "espeak", "spd-say"), ["/usr/bin/espeak-ng"]),
        ("linux", ("espeak", "spd-say"), ["/usr/bin/espeak"]),
        ("linux", ("spd-say",), ["/usr/bin/spd-say", "--wait"]),
        ("linux", (), None),
        ("darwin", (), None),
    ],
)
def test_the_system_voice_is_found_at_run_time(platform, present, expected):
    assert find_speech_command(platform=platform, which=which_of(*present)) == expected


def test_windows_speaks_through_powershell_reading_the_text_from_the_environment():
    command = find_speech_command(platform="win32", which=which_of("powershell"))
    assert command[0] == "/usr/bin/powershell" and "System.Speech" in command[-1]
    assert f"$env:{TEXT_VARIABLE}" in command[-1]
    call = speech_call(command, "--help; Remove-Item -Recurse ~")
    assert call.argv == command  # nothing after the script, where it would be code
    assert call.environ == {TEXT_VARIABLE: "--help; Remove-Item -Recurse ~"}


def test_a_named_command_is_split_like_a_shell_would_and_must_exist():
    found = find_speech_command('mysay --rate 140 --voice "en gb"', which=which_of("mysay"))
    assert found == ["mysay", "--rate", "140", "--voice", "en gb"]
    assert find_speech_command("nosuchspeaker --x", which=which_of()) is None
    assert find_speech_command('broken "quote', which=which_of("broken")) is None


@pytest.mark.parametrize(
    ("mode", "environ", "speaks", "notice"),
    [
        ("off", {}, False, ""),
        ("on", {}, True, ""),
        ("on", {"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, False, SSH_NOTICE),
        ("force", {"SSH_TTY": "/dev/pts/3"}, True, ""),
    ],
)
def test_over_ssh_the_voice_stays_off_unless_forced(mode, environ, speaks, notice):
    assert voice_plan(mode, environ) == (speaks, notice)


def test_no_speech_service_is_told_once_and_nothing_speaks(monkeypatch):
    monkeypatch.setattr("mbsr_tui.audio.voice.find_speech_command", lambda command: None)
    voice = VoiceControl("on", environ={})
    assert voice.notice == NO_SPEECH_NOTICE and not voice.on


class FakeStdin:
    def __init__(self):
        self.data = b""
        self.closed = False

    def write(self, data):
        self.data += data

    def close(self):
        self.closed = True


class FakeProcess:
    def __init__(self, args, **kwargs):
        self.args = args
        self.env = kwargs.get("env")
        self.stdin = FakeStdin()
        self.pid = -1
        self.killed = False
        self.done = threading.Event()

    def poll(self):
        return 0 if self.killed else None

    def kill(self):
        self.killed = True

    def wait(self, timeout=None):
        return 0


class FakePopen:
    def __init__(self):
        self.started: list[FakeProcess] = []

    def __call__(self, args, **kwargs):
        process = FakeProcess(args, **kwargs)
        self.started.append(process)
        return process


def wait_until(condition, timeout=2.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the speech thread did not get there"
        time.sleep(0.005)


@pytest.fixture
def killed(monkeypatch):
    ended: list[int] = []

    def end(process):
        if process is not None and not process.killed:
            process.killed = True
            ended.append(id(process))

    monkeypatch.setattr("mbsr_tui.audio.speech._end", end)
    return ended


def test_each_text_goes_to_the_command_as_its_last_argument_after_the_end_of_options(killed):
    popen = FakePopen()
    speaker = Speaker(["speak", "--slow"], popen=popen)
    speaker.say("Part 1 of 2:\n  Feet.")
    wait_until(lambda: len(popen.started) == 1)
    started = popen.started[0]
    assert started.args == ["speak", "--slow", "--", "Part 1 of 2: Feet."]
    assert started.stdin.data == b"Part 1 of 2: Feet." and started.stdin.closed
    speaker.close()


OPTION_LIKE = "--phonout=/tmp/victim"


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        (["/usr/bin/espeak-ng"], ["/usr/bin/espeak-ng", "--stdin"]),
        (["espeak-ng", "-w", "out.wav"], ["espeak-ng", "-w", "out.wav", "--stdin"]),
        (["/usr/bin/espeak", "-s", "140"], ["/usr/bin/espeak", "-s", "140", "--stdin"]),
        (["say"], ["say", "-f", "-"]),
        (["/usr/bin/spd-say", "--wait"], ["/usr/bin/spd-say", "--wait", "--", OPTION_LIKE]),
        (["mysay", "--rate", "2"], ["mysay", "--rate", "2", "--", OPTION_LIKE]),
        (
            ["C:\\Windows\\PowerShell.EXE", "-Command", "x"],
            ["C:\\Windows\\PowerShell.EXE", "-Command", "x"],
        ),
        (["pwsh", "-File", "speak.ps1"], ["pwsh", "-File", "speak.ps1"]),
        (["cmd", "/c", "speak.bat"], ["cmd", "/c", "speak.bat"]),
        (["C:\\tools\\Speak.BAT"], ["C:\\tools\\Speak.BAT"]),
    ],
)
def test_no_program_can_read_the_text_as_an_option(command, argv):
    """Every program the app may choose (and a person's own command) gets the text where
    it cannot be an option: on stdin, after `--`, or in the environment."""
    call = speech_call(command, OPTION_LIKE)
    assert call.argv == argv
    assert not any(word == OPTION_LIKE for word in call.argv[: len(call.argv) - 1])
    if "--" in call.argv:
        assert call.argv.index("--") == len(call.argv) - 2
    elif OPTION_LIKE in call.argv:
        pytest.fail("the text is an argument with nothing ending the options before it")
    powershell = command[0].lower().endswith(("powershell.exe", "pwsh"))
    assert call.stdin == (b"" if powershell else OPTION_LIKE.encode())
    if call.argv == command or "--" in call.argv:  # not an argument: in the environment
        assert call.environ == {TEXT_VARIABLE: OPTION_LIKE}


def test_spoken_text_is_one_line_without_control_or_bidi_characters_and_bounded():
    call = speech_call(["espeak-ng"], "Feet\x1b]0;title\x07 \u202eevil\u2066 \x9b31m\nnext")
    text = call.stdin.decode()
    assert text == "Feet]0;title evil 31m next"
    long = speech_call(["espeak-ng"], "word " * 10_000)
    assert len(long.stdin) <= 8000 and long.stdin.endswith(b"word")


def test_a_new_utterance_ends_the_old_one_and_stop_silences(killed):
    popen = FakePopen()
    speaker = Speaker(["speak"], popen=popen)
    speaker.say("first")
    wait_until(lambda: len(popen.started) == 1)
    speaker.say("second")
    wait_until(lambda: len(popen.started) == 2)
    assert popen.started[0].killed and not popen.started[1].killed
    speaker.stop()
    assert popen.started[1].killed
    speaker.close()


def test_muted_says_nothing_until_unmuted(killed):
    popen = FakePopen()
    speaker = Speaker(["speak"], popen=popen)
    speaker.set_muted(True)
    speaker.say("quiet")
    time.sleep(0.05)
    assert popen.started == []
    speaker.set_muted(False)
    speaker.say("again")
    wait_until(lambda: len(popen.started) == 1)
    speaker.close()


def session(name: str):
    return load_session(builtin_sessions_dir() / f"{name}.toml")


def spoken_in_order(timeline: Timeline, *, phases: bool, frame: float = 0.25) -> list[tuple]:
    """What a player stepping through with irregular frames would say, and when."""
    said, last, now = [], 0.0, 0.0
    while now <= timeline.total + frame:
        events = timeline.events_between(last, now)
        text = spoken_between(timeline, events, phases=phases)
        if text:
            said.append((round(now, 2), text))
        last, now = now, now + frame
    return said


def test_each_step_is_spoken_once_at_its_start_with_its_title():
    timeline = Timeline(session("body-scan"), 10 * 60)
    said = spoken_in_order(timeline, phases=False)
    assert len(said) == len(timeline.steps)
    for (at, text), step, start in zip(said, timeline.steps, timeline.step_starts, strict=True):
        assert step.title in text
        assert 0 <= at - start < 0.25 + 1e-9


def test_breathing_practices_speak_the_breath_and_fast_phases_stay_quiet():
    counted = Timeline(session("counted-breathing"), 3 * 60)
    words = [text for _, text in spoken_in_order(counted, phases=True)]
    assert any(text.startswith("in, count 1") for text in words)
    assert "out" in words
    pulses = Timeline(session("kapalabhati"), 3 * 60)
    said = [text for _, text in spoken_in_order(pulses, phases=True, frame=0.05)]
    assert any(text.startswith("round 2 of") for text in said)
    assert not any(text.startswith(("in", "out")) for text in said)  # too quick for words


def test_the_app_speaks_steps_and_a_pause_silences(tmp_path: Path, monkeypatch):
    from mbsr_tui.audio import voice as voice_module

    class Recorder:
        def __init__(self, command):
            self.said: list[str] = []
            self.stopped = 0
            self.muted = False

        def say(self, text):
            if not self.muted:
                self.said.append(text)

        def stop(self):
            self.stopped += 1

        def set_muted(self, muted):
            self.muted = muted

        def close(self):
            pass

    monkeypatch.setattr(voice_module, "find_speech_command", lambda command: ["speak"])
    monkeypatch.setattr(voice_module, "Speaker", Recorder)
    voice = VoiceControl("on", environ={})
    timeline = Timeline(session("body-scan"), 10 * 60)
    first_two = timeline.events_between(0, timeline.step_starts[1] + 0.1)
    voice.hear(timeline, first_two, breathing=False)
    # Two steps began since the last look: only the latest is said (never fall behind).
    assert len(voice.speaker.said) == 1
    assert voice.speaker.said[0].startswith(f"Part 2 of {len(timeline.steps)}:")
    voice.pause()
    voice.set_muted(True)
    third = timeline.events_between(timeline.step_starts[1] + 0.1, timeline.step_starts[2] + 0.1)
    voice.hear(timeline, third, breathing=False)
    assert voice.speaker.stopped == 1 and len(voice.speaker.said) == 1


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize("title", ["--phonout=VICTIM", "-w", "--phonout", "-f"])
def test_a_room_step_titled_like_an_option_is_spoken_by_the_real_espeak_ng(
    tmp_path, monkeypatch, title
):
    """Another account's room names its only step `--phonout=FILE`: a guest with voice on
    hears words, and no file (the listener's own, or a new one) is created or truncated."""
    from dataclasses import replace

    from mbsr_tui.core.catalogue import load_catalogue
    from mbsr_tui.core.group.room import Room, decode, encode

    monkeypatch.chdir(tmp_path)  # where a relative name would be written
    # The heading ends with a full stop, so `--phonout=X` would write the file `X.`.
    victim = tmp_path / "victim."
    victim.write_text("the listener's own file\n")
    title = title.replace("VICTIM", str(tmp_path / "victim"))
    scan = load_catalogue().get("body-scan")
    hostile = replace(scan, steps=(replace(scan.steps[0], title=title, prompt=""),), source=None)
    now = time.time()
    room = Room(id="body-scan-1a2b", title="Evening", session=hostile, seconds=600.0,
                opened_at=now - 10, starts_at=now - 1)  # fmt: skip
    joined = decode(encode(room), now=now, file_id=room.id)
    timeline = Timeline(joined.session, 600)
    first = timeline.events_between(0, timeline.step_starts[0] + 0.1)
    text = spoken_between(timeline, first, phases=False)
    assert text == f"{title}."

    spoken = tmp_path / "spoken.wav"
    speaker = Speaker([shutil.which("espeak-ng"), "-w", str(spoken)])
    speaker.say(text)
    wait_until(lambda: speaker.spoken, timeout=5)
    process = speaker._process
    assert process is not None and process.wait(timeout=20) == 0
    speaker.close()
    assert victim.read_text() == "the listener's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spoken.wav", "victim."]
    with wave.open(str(spoken)) as sound:
        assert sound.getnframes() / sound.getframerate() > 0.2  # the words were said


def test_a_named_command_gets_the_text_after_the_end_of_options_and_on_stdin(tmp_path):
    """A person's own --speak-command (a real process): its own options first, then `--`,
    then the text; the same text on its standard input and in $MBSR_TUI_SPOKEN_TEXT."""
    script = tmp_path / "speak.sh"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > {tmp_path}/args\n'
        f"cat > {tmp_path}/stdin\n"
        f'printf "%s" "$MBSR_TUI_SPOKEN_TEXT" > {tmp_path}/environ\n'
    )
    script.chmod(0o755)
    command = find_speech_command(f"{script} --rate 2")
    speaker = Speaker(command)
    speaker.say("-f /etc/passwd\x1b[2J\u202e")
    wait_until(lambda: speaker.spoken, timeout=5)
    assert speaker._process.wait(timeout=5) == 0
    speaker.close()
    said = "-f /etc/passwd[2J"  # ESC and the override taken out
    assert (tmp_path / "args").read_text().splitlines() == ["--rate", "2", "--", said]
    assert (tmp_path / "stdin").read_text() == said
    assert (tmp_path / "environ").read_text() == said
