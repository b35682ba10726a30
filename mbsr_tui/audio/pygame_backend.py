"""The pygame side of the bells: open the mixer quietly, load the WAVs, play on a channel.

pygame is imported only in `PygameMixer.open()`: the import costs ~230 ms and prints a
greeting on stdout unless PYGAME_HIDE_SUPPORT_PROMPT is set first. The mixer is opened
with fd 2 pointed at /dev/null, because ALSA writes there from C and Textual draws there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from mbsr_tui.audio.stderr_guard import fd2_silenced
from mbsr_tui.core.paths import sounds_dir

RATE = 44100
BUFFER_FRAMES = 512  # 11.6 ms: a bell starts at most one buffer after it is rung
CHANNELS = 16  # overlapping bowls, bells and cues never steal each other's channel


class MixerBackend(Protocol):
    """The device side, separate so that tests can stand in for pygame."""

    def open(self) -> None:
        """Open the device and load the sounds; raise if that cannot be done."""

    def play(self, sound: str, left: float, right: float) -> float:
        """Start `sound` with these channel gains; return how many seconds it lasts."""

    def is_playing(self) -> bool: ...

    def fade_out(self, milliseconds: int) -> None: ...

    def close(self) -> None: ...


class PygameMixer:
    """The real backend. Sounds are the WAV files in `folder`, cached by stem."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or sounds_dir()
        self._pygame = None
        self._sounds: dict = {}

    def open(self) -> None:
        # The greeting goes to stdout, which Textual owns; the variable must be set first.
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        import pygame  # lazy: see the module docstring

        # Only the init is guarded: `import pygame` writes nothing to fd 2 (measured), and
        # every millisecond fd 2 points at /dev/null also swallows Textual's frames.
        with fd2_silenced():
            # allowedchanges=0: SDL converts if the device differs, so the format is known.
            pygame.mixer.init(
                frequency=RATE, size=-16, channels=2, buffer=BUFFER_FRAMES, allowedchanges=0
            )
        self._pygame = pygame
        pygame.mixer.set_num_channels(CHANNELS)
        for path in sorted(self.folder.glob("*.wav")):
            self._sounds[path.stem] = pygame.mixer.Sound(str(path))

    def _sound(self, stem: str):
        if stem not in self._sounds:  # a stem added after start: load once, keep it
            path = self.folder / f"{stem}.wav"
            if not path.is_file():
                raise FileNotFoundError(path)
            self._sounds[stem] = self._pygame.mixer.Sound(str(path))
        return self._sounds[stem]

    def play(self, sound: str, left: float, right: float) -> float:
        sound_ = self._sound(sound)
        # force=True: if all channels are busy, take the one that has played longest.
        channel = self._pygame.mixer.find_channel(True)
        # Pan before playing, so not even the first buffer sounds on the wrong side.
        channel.set_volume(left, right)
        channel.play(sound_)
        return sound_.get_length()

    def is_playing(self) -> bool:
        return bool(self._pygame.mixer.get_busy())

    def music(self) -> PygameMusic:
        """The mixer's one music channel: a person's own recording (issue 12)."""
        return PygameMusic(self._pygame)

    def fade_out(self, milliseconds: int) -> None:
        self._pygame.mixer.fadeout(milliseconds)

    def close(self) -> None:
        if self._pygame is None:
            return
        self._sounds.clear()
        with fd2_silenced():  # ALSA may speak on the way out too
            self._pygame.mixer.quit()
        self._pygame = None


class PygameMusic:
    """pygame.mixer.music, streamed from the file (not loaded whole, as Sounds are).

    Measured (pygame 2.6.1, SDL_mixer 2.6.3): `play(start=S)` and `set_pos(S)` seek WAV,
    OGG and MP3; `pause()`/`unpause()` hold the position; `get_pos()` counts milliseconds
    of sound mixed since `play()` (not the position in the file), pauses left out.
    """

    def __init__(self, pygame) -> None:
        self._music = pygame.mixer.music

    def load(self, path: str) -> None:
        self._music.load(path)

    def play(self, start: float) -> None:
        self._music.play(start=start)

    def pause(self) -> None:
        self._music.pause()

    def unpause(self) -> None:
        self._music.unpause()

    def set_pos(self, seconds: float) -> None:
        self._music.set_pos(seconds)

    def get_pos(self) -> int:
        return self._music.get_pos()

    def set_volume(self, gain: float) -> None:
        self._music.set_volume(gain)

    def fade_out(self, milliseconds: int) -> None:
        self._music.fadeout(milliseconds)

    def stop(self) -> None:
        self._music.stop()

    def unload(self) -> None:
        self._music.unload()
