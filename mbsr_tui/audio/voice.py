"""Spoken guidance for a player (the app's or the plain one): what to say at each moment.

The player hands over the same events it rings; what is said comes from the core's
narration (the words the plain mode prints), so the voice, the screen and the bells can
never disagree. Speaking runs in the speaker's own thread: a frame never waits on it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from mbsr_tui.audio.speech import NO_SPEECH_NOTICE, Speaker, find_speech_command, voice_plan
from mbsr_tui.core.narration import spoken_between

if TYPE_CHECKING:
    from mbsr_tui.core.events import Event
    from mbsr_tui.core.timeline import Timeline


class VoiceControl:
    """Off, or a speaker; `notice` is what to tell the person once, if anything."""

    def __init__(
        self, mode: str, speak_command: str = "", environ: Mapping[str, str] = os.environ
    ) -> None:
        self.speaker: Speaker | None = None
        wanted, self.notice = voice_plan(mode, environ)
        if not wanted:
            return
        command = find_speech_command(speak_command)
        if command is None:
            self.notice = NO_SPEECH_NOTICE
            if speak_command.strip():
                self.notice = f"The speak command could not be found: {speak_command}"
            return
        self.speaker = Speaker(command)

    @property
    def on(self) -> bool:
        return self.speaker is not None

    def hear(self, timeline: Timeline, events: list[Event], *, breathing: bool) -> None:
        if self.speaker is None or not events:
            return
        text = spoken_between(timeline, events, phases=breathing)
        if text:
            self.speaker.say(text)

    def pause(self) -> None:
        if self.speaker is not None:
            self.speaker.stop()

    def set_muted(self, muted: bool) -> None:
        if self.speaker is not None:
            self.speaker.set_muted(muted)

    def close(self) -> None:
        if self.speaker is not None:
            self.speaker.close()
