"""Text that wraps as a reader expects and never stops mid-sentence without a sign
(issue 20).

Wrapped to its width with a hanging indent: the wrapped lines of a bullet ("• ", "- ",
"1. ") or of a key's row in a table of keys ("  ctrl+s        save") stay under the
words, not under the bullet or the key. When the lines do not fit the height it was
given, the last line that fits says so: `…` and the key that shows the whole (`more`).
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

# A bullet or number at the start, an indented key column (a few words, then two spaces
# or more: "  ctrl+s        save"), or an indented line's own indent.
HANGING = re.compile(r"^(\s*(?:[-•*]|\d+[.)])\s+|\s+\S[^\n]{0,22}?\s{2,}(?=\S)|\s+)")


def hanging_indent(line: str, width: int) -> int:
    """Where the wrapped lines of `line` start: 0 when there is no room to hang."""
    found = HANGING.match(line)
    indent = len(found.group(0)) if found else 0
    return indent if indent <= width // 2 else 0


def wrap_hanging(text: str, width: int) -> list[Content]:
    """`text` wrapped to `width`, each line with its hanging indent."""
    width = max(1, width)
    lines: list[Content] = []
    for line in text.split("\n"):
        indent = hanging_indent(line, width)
        words = Content(line[indent:]).wrap(width - indent) if line[indent:] else [Content()]
        lead = Content(line[:indent])
        lines.append(lead + words[0])
        lines += [Content(" " * indent) + rest for rest in words[1:]]
    return lines


class FittedText(Widget):
    DEFAULT_CSS = """
    FittedText {
        height: auto;
    }
    """
    MORE_STYLE = "$text-muted italic"

    def __init__(self, text: str = "", *, more: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.more = more  # what to press for the whole, e.g. "i: all the guidance"

    def update(self, text: str, *, layout: bool = True) -> None:
        self.text = text
        self.refresh(layout=layout)

    def lines(self, width: int) -> list[Content]:
        return wrap_hanging(self.text, width) if self.text else []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        width, height = self.content_region.width, self.content_region.height
        lines = self.lines(width)
        if len(lines) <= height or height <= 0:
            return Content("\n").join(lines)
        marker = f"… {self.more}" if self.more else "…"
        style = self.MORE_STYLE
        shown = lines[: height - 1]
        last = lines[height - 1]
        # The marker on its own line, or after the last words when it fits beside them.
        if not last.plain.strip():
            shown.append(Content.styled(marker[:width], style))
        elif len(last.plain.rstrip()) + 1 + len(marker) <= width:
            shown.append(last.rstrip() + Content(" ") + Content.styled(marker, style))
        else:
            shown.append(Content.styled(marker[:width], style))
        return Content("\n").join(shown)
