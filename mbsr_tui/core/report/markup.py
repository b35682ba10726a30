"""Text on the page: every string from the journal, a course file or the settings goes
through `esc` (shown marks for control and bidirectional characters, then XML escapes),
so nothing a person or a file wrote can add markup, script or a broken byte to the page.
Also the page's few words for dates and numbers.
"""

from __future__ import annotations

import html
import re
from datetime import date

from mbsr_tui.core.safe_text import visible

# Characters XML 1.0 cannot hold even escaped (besides the controls `visible` marks):
# U+FFFE and U+FFFF, and lone surrogates. Shown as the replacement character.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def esc(text: object) -> str:
    """`text` as safe XHTML character data or attribute value, on one line."""
    return html.escape(_NOT_XML.sub("\ufffd", visible(text)), quote=True)


def esc_lines(text: object) -> str:
    """Like `esc`, keeping line breaks (a note's paragraphs; the page's CSS shows them)."""
    cleaned = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return html.escape(_NOT_XML.sub("\ufffd", visible(cleaned, keep_newlines=True)), quote=True)


def day_text(day: date) -> str:
    """'3 Mar 2025'."""
    return f"{day.day} {day:%b %Y}"


def span_text(first: date, last: date) -> str:
    """'3–9 Mar 2025', '28 Feb – 6 Mar 2025', '29 Dec 2024 – 4 Jan 2025', or one day."""
    if first == last:
        return day_text(first)
    if first.year != last.year:
        return f"{day_text(first)} – {day_text(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {day_text(last)}"
    return f"{first.day}–{day_text(last)}"


def minutes_text(minutes: float) -> str:
    """'25 min', '3 h 05 min', '1,204 h 10 min'."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60:,} h {whole % 60:02d} min"


def rating_text(value: float | None) -> str:
    """A median rating: '4', '4.5', or a dash where there is none."""
    if value is None:
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
