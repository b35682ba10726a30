"""Text that never stops mid-sentence without a sign (issue 20).

Wrapped to its width; when the lines do not fit the height it was given, the last line
that fits says so: `…` and the key that shows the whole (`more`), never a silent cut.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class FittedText(Widget):
    DEFAULT_CSS = """
    FittedText {
        height: auto;
    }
    """
    MORE_STYLE = "$text-muted italic"

    def __init__(self, *, more: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.more = more  # what to press for the whole, e.g. "i: all the guidance"

    def update(self, text: str, *, layout: bool = True) -> None:
        self.text = text
        self.refresh(layout=layout)

    def lines(self, width: int) -> list[Content]:
        return Content(self.text).wrap(max(1, width)) if self.text else []

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
