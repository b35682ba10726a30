"""Tables that use the room there is (issue 20): one rule for every table of the app.

A flexible column (a theme, a title, a note) takes the room the others leave, up to
what its longest cell needs; when even its least width does not fit, the columns that
matter least step aside first (the pain average before the week's practice days).
Pure arithmetic: the screens rebuild their tables with it whenever the size changes.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL_PADDING = 1  # DataTable's default: one column each side of a cell
TABLE_CHROME = 4  # a round border (2) and room for a vertical scrollbar (2)


@dataclass(frozen=True)
class Column:
    key: str
    width: int  # a fixed column's width; a flexible column's most useful width
    flexible: bool = False
    least: int = 0  # a flexible column's least useful width
    keep: int = 0  # which stays longest when the room runs out: higher stays


def fit_columns(columns: list[Column], room: int) -> dict[str, int]:
    """Each shown column's width, in the columns' own order."""
    shown = list(columns)

    def least(column: Column) -> int:
        return (column.least if column.flexible else column.width) + 2 * CELL_PADDING

    while len(shown) > 1 and sum(least(c) for c in shown) > room:
        lowest = min(c.keep for c in shown)
        shown.remove([c for c in shown if c.keep == lowest][-1])
    fixed = sum(c.width + 2 * CELL_PADDING for c in shown if not c.flexible)
    left = room - fixed
    widths: dict[str, int] = {}
    for index, column in enumerate(shown):
        if column.flexible:  # the room left, less the least of the flexible ones after it
            later = sum(least(c) for c in shown[index + 1 :] if c.flexible)
            width = max(column.least, min(column.width, left - 2 * CELL_PADDING - later))
            widths[column.key] = max(1, width)
            left -= width + 2 * CELL_PADDING
        else:
            widths[column.key] = column.width
    return widths


def table_room(screen_width: int) -> int:
    """The columns' room in a table as wide as the screen."""
    return max(1, screen_width - TABLE_CHROME)
