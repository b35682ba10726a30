"""What a practice asks and how it sounds, decided once for every way a practice starts.

The menu, the Today card, the course, the quick timer and the open sit, `run`, `timer`,
a group sitting and the plain mode all ask here: the person's settings, unless the command
that started the app said otherwise (`--no-checkin`, `--bell`, `--voice`,
`--speak-command`). So the same settings ask the same questions whichever way in.
"""

from __future__ import annotations

from dataclasses import dataclass

from mbsr_tui.core.settings import Settings


@dataclass(frozen=True)
class PracticeChoices:
    checkins: bool  # the check-in before and after
    bell_mode: str  # auto | sound | terminal | both | off
    voice: str  # off | on | force
    speak_command: str  # "": the system's
    phase_cues: bool
    volume: int


def practice_choices(
    settings: Settings,
    *,
    checkins: bool = True,
    bell_mode: str | None = None,
    voice: str | None = None,
    speak_command: str | None = None,
) -> PracticeChoices:
    """The settings, with what the command line said in their place (None: not said).
    `checkins=False` is `--no-checkin`; a command line never turns check-ins on that the
    person turned off."""
    return PracticeChoices(
        checkins=settings.checkins and checkins,
        bell_mode=bell_mode or settings.bell_mode,
        voice=voice or settings.voice,
        speak_command=settings.speak_command if speak_command is None else speak_command,
        phase_cues=settings.phase_cues,
        volume=settings.volume,
    )
