"""From a bell mode to a player: auto, sound, terminal, both, off; SSH; no device."""

from __future__ import annotations

import pytest

from mbsr_tui.audio.mixer import NO_DEVICE_NOTICE, MixerBellPlayer
from mbsr_tui.audio.modes import BothBellPlayer, make_bell_player, over_ssh
from mbsr_tui.audio.players import BellPlayer, SilentBellPlayer, TerminalBellPlayer
from mbsr_tui.core.events import Side
from mbsr_tui.core.settings import BELL_MODES


class Recorder:
    """A fake mixer factory: counts how often the mixer was asked for, records plays."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.made = 0
        self.played: list[tuple[str, float, float]] = []

    def __call__(self):
        self.made += 1
        return self

    def open(self) -> None:
        if self.fail:
            raise RuntimeError("ALSA: Couldn't open audio device")

    def play(self, sound: str, left: float, right: float) -> float:
        self.played.append((sound, left, right))
        return 1.0

    def is_playing(self) -> bool:
        return False

    def fade_out(self, milliseconds: int) -> None:
        pass

    def close(self) -> None:
        pass


class Bells:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


LOCAL: dict[str, str] = {}
SSH = {"SSH_CONNECTION": "10.0.0.2 51000 10.0.0.1 22"}


def make(mode: str, environ=LOCAL, *, fail: bool = False, volume: int = 100):
    mixer, bells = Recorder(fail), Bells()
    player = make_bell_player(mode, bells, environ=environ, volume=volume, mixer_factory=mixer)
    player.start()
    return player, mixer, bells


@pytest.mark.parametrize("environ", [SSH, {"SSH_TTY": "/dev/pts/3"}])
def test_auto_over_ssh_rings_the_terminal_and_never_opens_the_mixer(environ):
    player, mixer, bells = make("auto", environ)
    player.ring("bowl")
    player.ring("cue", Side.LEFT)
    player.ring("bell")
    assert mixer.made == 0
    assert bells.count == 2
    assert isinstance(player, TerminalBellPlayer)
    assert player.describe() == "bells: terminal (SSH)" and player.notice is None


def test_over_ssh_reads_either_variable_and_ignores_empty_ones():
    assert over_ssh(SSH) and over_ssh({"SSH_TTY": "/dev/pts/0"})
    assert not over_ssh({}) and not over_ssh({"SSH_CONNECTION": ""})


def test_auto_here_plays_through_the_mixer():
    player, mixer, bells = make("auto")
    player.ring("cue", Side.RIGHT)
    assert isinstance(player, MixerBellPlayer)
    assert mixer.made == 1 and mixer.played == [("cue", 0.0, 1.0)] and bells.count == 0
    assert player.describe() == "bells: sound" and player.notice is None


@pytest.mark.parametrize("mode", ["auto", "sound"])
def test_a_mixer_that_fails_falls_back_to_the_terminal_with_one_notice(mode):
    player, mixer, bells = make(mode, fail=True)
    player.ring("bowl")
    player.ring("cue")
    assert mixer.made == 1 and bells.count == 1
    assert player.notice == NO_DEVICE_NOTICE
    assert player.describe() == "bells: terminal (no audio device)"


def test_sound_over_ssh_still_uses_the_mixer_when_asked_to():
    player, mixer, _ = make("sound", SSH)
    player.ring("bowl")
    assert mixer.made == 1 and mixer.played


def test_terminal_never_opens_the_mixer():
    player, mixer, bells = make("terminal")
    player.ring("bell")
    assert mixer.made == 0 and bells.count == 1 and player.describe() == "bells: terminal"


def test_off_is_silent_and_opens_nothing():
    player, mixer, bells = make("off", SSH)
    player.ring("bowl")
    assert isinstance(player, SilentBellPlayer)
    assert mixer.made == 0 and bells.count == 0 and player.describe() == "bells: off"


def test_both_rings_speakers_and_terminal_but_cues_only_on_the_speakers():
    player, mixer, bells = make("both", volume=50)
    player.ring("bowl")
    player.ring("cue", Side.LEFT)
    assert isinstance(player, BothBellPlayer)
    assert mixer.played == [("bowl", 0.25, 0.25), ("cue", 0.25, 0.0)]
    assert bells.count == 1
    assert player.describe() == "bells: sound + terminal"


def test_both_without_a_device_rings_the_terminal_once_not_twice():
    player, _, bells = make("both", fail=True)
    player.ring("bowl")
    assert bells.count == 1
    assert player.notice == NO_DEVICE_NOTICE
    assert player.describe() == "bells: terminal (no audio device)"


def test_muting_both_silences_both():
    player, mixer, bells = make("both")
    player.set_muted(True)
    player.ring("bowl")
    assert player.muted and mixer.played == [] and bells.count == 0
    assert player.describe() == "bells: muted"


def test_the_volume_reaches_the_player():
    player, mixer, _ = make("sound", volume=0)
    player.ring("bowl")
    assert mixer.played == [("bowl", 0.0, 0.0)]


def test_an_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="unknown bell mode"):
        make_bell_player("loud", lambda: None)


@pytest.mark.parametrize("mode", BELL_MODES)
def test_every_mode_gives_a_bell_player(mode):
    player, *_ = make(mode)
    assert isinstance(player, BellPlayer)
    assert player.describe().startswith("bells: ")
    player.close()
