"""Start the plain player from the command line: bells, the journal, the terminal."""

from __future__ import annotations

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


def run_plain(
    session: Session,
    minutes: float | None = None,
    bell_mode: str | None = None,
    checkins: bool = True,
    voice: str | None = None,
    speak_command: str | None = None,
) -> int:
    from mbsr_tui.audio.modes import make_bell_player
    from mbsr_tui.audio.voice import VoiceControl

    loaded = load_settings()
    settings = loaded.settings
    with PlainTerminal() as term:
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
        return code


def choose_plain(catalogue) -> tuple[Session | None, int]:
    """The menu as numbered lines: a practice by its number, or q to leave."""
    from mbsr_tui.core.safe_text import visible

    sessions = list(catalogue.sessions.values())
    with PlainTerminal() as term:
        term.say("mbsr-tui: mindful practice. MBSR complements medical care; it does not "
                 "replace it.")  # fmt: skip
        for number, session in enumerate(sessions, start=1):
            term.say(f"{number}. {visible(session.title)}, {session.default_minutes} minutes")
        for problem in catalogue.problems:
            term.say(f"Skipped a session file: {visible(problem)}")
        while True:
            term.prompt("Choose a practice by its number, or q to leave: ")
            line = term.read_line()
            if line is None or line.strip().lower() in ("q", "quit", ""):
                return None, 0
            text = line.strip()
            if text.isascii() and text.isdigit() and 1 <= int(text) <= len(sessions):
                return sessions[int(text) - 1], 0
            term.say(f"Please type a number from 1 to {len(sessions)}.")
