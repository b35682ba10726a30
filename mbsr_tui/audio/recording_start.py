"""How a practice starts a person's own recording: whether it plays at all (over SSH it
would play on the host's speakers), on which mixer (the bells', or one of its own when
the bells go to the terminal or nowhere), and where the practice clock says it is.
`audio/recording.py` then keeps the music channel in step with that clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mbsr_tui.audio.recording import Cue, RecordingPlayer

if TYPE_CHECKING:
    from mbsr_tui.core.clock import SessionClock

# A recording plays through the mixer, so only where the bell mode opens it.
RECORDING_OVER_SSH = (
    "Your recording plays on this computer's speakers, not on yours: you are connected over SSH."
)
RECORDING_SILENT_OVER_SSH = (
    "Your recording would play on this computer's speakers, not on yours (you are "
    "connected over SSH), so it stays silent; bells ring in your terminal. "
    "--bell sound plays it here anyway."
)


def follow_recording(
    bells,  # the BellPlayer of the practice (mbsr_tui.audio.players)
    path: Path,
    length: float,
    clock: SessionClock,
    *,
    prepare: float,
    practice_seconds: float,
    alive: Callable[[], bool] = lambda: True,
    holding: Callable[[], bool] = lambda: False,
    tell: Callable[[str], None],
    tell_later: Callable[[str], None],
    gain: float = 1.0,
    environ=None,
    mixer_factory=None,
) -> RecordingPlayer | None:
    """Start `path` (`length` seconds) for a practice on `clock`: from its start bell
    (`prepare` seconds in) until its end (`practice_seconds` after the bell), or until
    `alive()` says it is over; not while `holding()` (its clock waits for the sound).

    Here, it plays through the speakers whatever the bells do: on the bells' mixer (auto,
    sound, both), or on a mixer of its own when the bells go to the terminal or nowhere
    (`mixer_factory` makes it; pygame's by default) — the recording is the guidance, not a
    bell. Over SSH it plays on this computer's speakers only when the person asked for
    them (sound, both), and `tell` says so; otherwise `tell` says once why it stays
    silent, and None is returned. `tell_later` is for what the recording's own thread has
    to say (a file it cannot play).
    """
    import os

    from mbsr_tui.audio.mixer import MixerBellPlayer
    from mbsr_tui.audio.modes import over_ssh
    from mbsr_tui.audio.players import SilentBellPlayer

    mixer = getattr(bells, "sound", bells)  # `both`: its mixer half
    ssh = over_ssh(os.environ if environ is None else environ)
    own_mixer = None
    if not isinstance(mixer, MixerBellPlayer):
        if ssh:
            tell(RECORDING_SILENT_OVER_SSH)
            return None
        if mixer_factory is None:
            from mbsr_tui.audio.pygame_backend import PygameMixer as mixer_factory
        own_mixer = mixer = MixerBellPlayer(SilentBellPlayer(), mixer_factory)
    elif ssh:
        tell(RECORDING_OVER_SSH)

    def where() -> Cue | None:
        if not alive():
            return None
        if holding():
            return Cue(-prepare, running=False)  # its first moment: not started yet
        position = clock.elapsed() - prepare
        if position >= practice_seconds:
            return None
        return Cue(position, running=not clock.paused)

    recording = RecordingPlayer(
        path, length, where, mixer.music, settled=lambda: mixer.settled, tell=tell_later,
        gain=gain, own_mixer=own_mixer,
    )  # fmt: skip
    recording.set_muted(bells.muted)
    recording.start()
    return recording
