"""The bells, behind one interface: what the session player imports.

How the app uses it:

    player = make_bell_player(mode, terminal_bell=app_bell, volume=settings.volume)
    player.start()            # in a worker thread: may import pygame and open the mixer
    if player.notice: show it once, quietly
    each frame:  for sound, side in sounds_for(timeline.events_between(t0, t1),
                                               phase_cues_enabled=settings.phase_cues):
                     player.ring(sound, side)
    header:      player.describe()           # "bells: sound", "bells: muted", ...
    `m`:         player.set_muted(not player.muted)
    leaving:     player.wait_until_quiet(8)  # or poll busy_seconds(); then player.close()

Modules: `players` (the interface, terminal and silent players), `mixer` (the mixer
player and its fallback), `pygame_backend` (pygame itself),
`modes` (auto/sound/terminal/both/off), `rings` (timeline events to rings).
"""

from __future__ import annotations

from mbsr_tui.audio.mixer import NO_DEVICE_NOTICE, NO_PYGAME_NOTICE, MixerBellPlayer
from mbsr_tui.audio.modes import BELL_MODES, BothBellPlayer, make_bell_player, over_ssh
from mbsr_tui.audio.players import (
    BellPlayer,
    SilentBellPlayer,
    TerminalBellPlayer,
    is_soft_cue,
    stereo_gains,
    volume_gain,
)
from mbsr_tui.audio.pygame_backend import MixerBackend, PygameMixer
from mbsr_tui.audio.rings import Ring, sounds_for

__all__ = [
    "BELL_MODES",
    "NO_DEVICE_NOTICE",
    "NO_PYGAME_NOTICE",
    "BellPlayer",
    "BothBellPlayer",
    "MixerBackend",
    "MixerBellPlayer",
    "PygameMixer",
    "Ring",
    "SilentBellPlayer",
    "TerminalBellPlayer",
    "is_soft_cue",
    "make_bell_player",
    "over_ssh",
    "sounds_for",
    "stereo_gains",
    "volume_gain",
]
