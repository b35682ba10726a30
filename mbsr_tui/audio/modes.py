"""From a bell mode (`--bell`, the setting) to a player: auto, sound, terminal, both, off."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from mbsr_tui.audio.mixer import MixerBellPlayer
from mbsr_tui.audio.players import BasePlayer, BellPlayer, SilentBellPlayer, TerminalBellPlayer
from mbsr_tui.audio.pygame_backend import MixerBackend, PygameMixer
from mbsr_tui.core.events import Side
from mbsr_tui.core.settings import BELL_MODES  # the one list of modes: settings and --bell


def over_ssh(environ: Mapping[str, str]) -> bool:
    """Over SSH, pygame would ring the server's speakers; the user hears their terminal."""
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


def make_bell_player(
    mode: str,
    terminal_bell: Callable[[], None],
    environ: Mapping[str, str] = os.environ,
    volume: int = 70,
    mixer_factory: Callable[[], MixerBackend] = PygameMixer,
) -> BellPlayer:
    """The player for `mode`. Cheap: nothing is opened until the player's `start()`.

    `auto` plays through the mixer here and through the terminal over SSH (the mixer is
    then never opened); `auto` and `sound` fall back to the terminal bell when the mixer
    cannot start, and the player's `notice` says so once.
    """
    if mode == "off":
        player: BasePlayer = SilentBellPlayer()
    elif mode == "terminal":
        player = TerminalBellPlayer(terminal_bell)
    elif mode == "auto" and over_ssh(environ):
        player = TerminalBellPlayer(terminal_bell, reason="SSH")
    elif mode in ("auto", "sound"):
        player = MixerBellPlayer(TerminalBellPlayer(terminal_bell), mixer_factory)
    elif mode == "both":
        # The terminal rings anyway, so a failed mixer falls back to silence, not a 2nd BEL.
        sound = MixerBellPlayer(SilentBellPlayer(), mixer_factory)
        player = BothBellPlayer(sound, TerminalBellPlayer(terminal_bell))
    else:
        raise ValueError(f"unknown bell mode {mode!r}; expected one of {', '.join(BELL_MODES)}")
    player.set_volume(volume)
    return player


class BothBellPlayer(BasePlayer):
    """`both`: every ring goes to the speakers and to the terminal (bells only there)."""

    def __init__(self, sound: MixerBellPlayer, terminal: TerminalBellPlayer) -> None:
        super().__init__(sound.volume)
        self.sound = sound
        self.terminal = terminal

    @property
    def notice(self) -> str | None:  # type: ignore[override]
        return self.sound.notice

    def start(self) -> bool:
        return self.sound.start()

    @property
    def settled(self) -> bool:
        return self.sound.settled

    def ring(self, sound: str, side: Side = Side.BOTH) -> None:
        self.sound.ring(sound, side)
        self.terminal.ring(sound, side)

    def set_volume(self, percent: int) -> None:
        super().set_volume(percent)
        self.sound.set_volume(percent)

    def set_muted(self, muted: bool) -> None:
        super().set_muted(muted)
        self.sound.set_muted(muted)
        self.terminal.set_muted(muted)

    def busy_seconds(self) -> float:
        return self.sound.busy_seconds()

    def describe(self) -> str:
        if self._muted:
            return "bells: muted"
        if self.sound.failed:
            return "bells: terminal (no audio device)"
        return "bells: sound + terminal"

    def close(self) -> None:
        self.sound.close()
        self.terminal.close()
