"""The last look at every line the app draws: no control or bidirectional character
reaches the terminal.

Text from files, rooms, the journal and the person is shown with visible marks where it
is put on screen (`safe_text.visible`); this filter is the guarantee for whatever was
missed or comes from a widget's own text (an input's value, a toast). Textual counts
these characters as zero cells wide, so taking them out keeps every line's width: an
ESC can start no terminal command and a U+202E turns no line around.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from mbsr_tui.core.safe_text import UNSAFE_CHARACTERS


class ControlCharacterFilter(LineFilter):
    """Takes control and bidirectional characters out of drawn segments."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        search = UNSAFE_CHARACTERS.search
        if not search("".join([segment.text for segment in segments])):
            return segments  # the common case (one search of the whole line): nothing to do
        cleaned: list[Segment] = []
        for segment in segments:
            if segment.control or not search(segment.text):
                cleaned.append(segment)
                continue
            text = UNSAFE_CHARACTERS.sub("", segment.text)
            if text:  # an empty segment is not allowed in a strip
                cleaned.append(Segment(text, segment.style))
        return cleaned


DRAWN_TEXT_FILTER = ControlCharacterFilter()
