"""Start the plain player from the command line: bells, the journal, the terminal."""

from __future__ import annotations

from dataclasses import dataclass

from mbsr_tui.core.practice import PracticeLife
from mbsr_tui.core.practice_choices import practice_choices
from mbsr_tui.core.session import Session
from mbsr_tui.core.settings import load_settings
from mbsr_tui.plain import wants_plain as wants_plain  # where the command line asks
from mbsr_tui.plain.player import PlainOptions, PlainPlayer
from mbsr_tui.plain.terminal import PlainTerminal


def record_entry(life: PracticeLife) -> str:
    """Keep the practice in the journal (or wherever it can go) and say where."""
    from mbsr_tui.core.journal.safekeeping import record

    result = record(life.entry())
    if result.text:
        # Nowhere on disk would take it: printed, so it is not lost.
        return f"{result.message}\n{result.text}"
    return result.message


@dataclass(frozen=True)
class Played:
    code: int  # the exit code the practice asks for (128 + a signal after a hang-up)
    interrupted: bool  # Ctrl+C: the person wants to leave, not only this practice


def run_plain(
    session: Session,
    minutes: float | None = None,
    bell_mode: str | None = None,
    checkins: bool = True,
    voice: str | None = None,
    speak_command: str | None = None,
) -> int:
    """One practice in lines, on a terminal of its own; the exit code."""
    with PlainTerminal() as term:
        return play_plain(term, session, minutes, bell_mode, checkins, voice, speak_command).code


def play_plain(
    term: PlainTerminal,
    session: Session,
    minutes: float | None = None,
    bell_mode: str | None = None,
    checkins: bool = True,
    voice: str | None = None,
    speak_command: str | None = None,
) -> Played:
    """One practice on `term`: bells, voice, the player, the journal."""
    from mbsr_tui.audio.modes import make_bell_player
    from mbsr_tui.audio.voice import VoiceControl

    loaded = load_settings()
    settings = loaded.settings
    if loaded.problem:
        term.say(loaded.problem)
    # The full-screen app's rule for what a practice asks and how it sounds.
    chosen = practice_choices(settings, checkins=checkins, bell_mode=bell_mode,
                              voice=voice, speak_command=speak_command)  # fmt: skip
    bells = make_bell_player(chosen.bell_mode, term.bell, volume=chosen.volume)
    # The bells are ready before the clock starts, so the opening bell is heard.
    bells.start()
    if bells.notice:
        term.say(bells.notice)
    options = PlainOptions(minutes, chosen.checkins, chosen.phase_cues)
    speaking = VoiceControl(chosen.voice, chosen.speak_command)
    if speaking.notice:
        term.say(speaking.notice)
    player = PlainPlayer(session, term, bells, record_entry, options, voice=speaking)
    code = 1
    try:
        code = player.run()
    finally:
        if code == 0:
            bells.wait_until_quiet(8.0)  # the end bell finishes before the shell returns
        bells.close()
        speaking.close()
    return Played(code, player.interrupted)
