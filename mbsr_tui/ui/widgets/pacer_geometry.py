"""The breathing shape as lines of text: pure geometry, no Textual.

The shape is a filled disc whose radius follows the breath's fullness. Radii are
quantised to whole dots, so the picture changes only when it would look different;
the widget repaints on a change of `ShapeKey` and at no other time.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from mbsr_tui.core import breathing
from mbsr_tui.core.events import Phase
from mbsr_tui.core.session import Pattern

# The smallest shape is this share of the largest: an empty breath is still visible.
MIN_SCALE = 0.22
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][col]


class Glyphs(StrEnum):
    BRAILLE = "braille"  # 2x4 dots a cell: smooth edges
    BLOCK = "block"  # half blocks, 1x2 a cell
    ASCII = "ascii"  # for terminals that cannot show Unicode (LANG=C)


# Sub-cell resolution of each glyph set: (dots across, dots down) in one cell.
_GRID = {Glyphs.BRAILLE: (2, 4), Glyphs.BLOCK: (1, 2), Glyphs.ASCII: (1, 2)}


@dataclass(frozen=True)
class ShapeKey:
    """Everything the picture depends on; equal keys draw equal pictures."""

    width: int
    height: int
    glyphs: Glyphs
    radius_dots: int


def terminal_glyphs(environ: os._Environ[str] | dict[str, str] = os.environ) -> Glyphs:
    """Braille unless the locale says the terminal cannot show Unicode (LANG=C, say).

    With no locale at all we assume a modern terminal: Textual draws its own borders in
    Unicode anyway, and an SSH login without LANG is common on UTF-8 terminals.
    """
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name, "")
        if value:
            upper = value.upper().replace("-", "")
            return Glyphs.BRAILLE if "UTF8" in upper else Glyphs.ASCII
    return Glyphs.BRAILLE


def max_radius(width: int, height: int, glyphs: Glyphs) -> float:
    """The largest radius (in dots) that fits the region, with a dot to spare."""
    across, down = _GRID[glyphs]
    # Terminal cells are about twice as tall as wide; dots are square when
    # across/down matches that, which it does for braille and half blocks.
    return max(0.5, min(width * across, height * down) / 2 - 0.5)


def radius_dots(width: int, height: int, fullness: float, glyphs: Glyphs) -> int:
    """The disc's radius in whole dots for a breath this full (0..1)."""
    fullness = min(1.0, max(0.0, fullness))
    largest = max_radius(width, height, glyphs)
    return round(largest * (MIN_SCALE + (1 - MIN_SCALE) * fullness))


def shape_key(width: int, height: int, fullness: float, glyphs: Glyphs) -> ShapeKey:
    return ShapeKey(width, height, glyphs, radius_dots(width, height, fullness, glyphs))


# Bisection stops when a turn of the radius is known this closely (a share of the phase:
# a tenth of a millisecond in a ten-second out-breath).
_TURN_PRECISION = 1e-5


def next_radius_change(
    pattern: Pattern,
    phase: Phase,
    progress: float,
    phase_seconds: float,
    size: tuple[int, int],
    glyphs: Glyphs,
) -> float | None:
    """Seconds until the drawn radius next changes within this phase, or None if it holds.

    Never early: at that moment the new radius is already showing. A phase boundary
    is a timeline event, which the player wakes for anyway.
    """
    if phase_seconds <= 0:
        return None
    turns = radius_turns(pattern, phase, max(1, size[0]), max(1, size[1]), glyphs)
    # A turn a rounding error ahead has been reached already: the one after is next.
    index = bisect_right(turns, progress + 1e-9)
    return (turns[index] - progress) * phase_seconds if index < len(turns) else None


@lru_cache(maxsize=64)
def radius_turns(
    pattern: Pattern, phase: Phase, width: int, height: int, glyphs: Glyphs
) -> tuple[float, ...]:
    """Where in a phase (0..1) the radius takes a new value: worked out once a phase shape.

    Within one phase the breath's fullness only rises or only falls, so the radius (a
    rounding of it) keeps each value over one stretch: a bisection finds where each
    stretch ends. Each turn is at or just after the true change, never before it.
    """

    def radius(at: float) -> int:
        return radius_dots(width, height, breathing.fullness(pattern, phase, at), glyphs)

    turns: list[float] = []
    start, end = 0.0, radius(1.0)
    while radius(start) != end:
        now, low, high = radius(start), start, 1.0
        while high - low > _TURN_PRECISION:
            middle = (low + high) / 2
            if radius(middle) == now:
                low = middle
            else:
                high = middle
        turns.append(high)
        start = high
    return tuple(turns)


@lru_cache(maxsize=256)
def draw(key: ShapeKey) -> tuple[str, ...]:
    """The picture for `key`: one string per row, each exactly `width` cells."""
    across, down = _GRID[key.glyphs]
    dots_w, dots_h = key.width * across, key.height * down
    cx, cy = dots_w / 2, dots_h / 2
    r2 = key.radius_dots**2

    def lit(x: int, y: int) -> bool:
        return (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r2

    rows = []
    for row in range(key.height):
        cells = []
        for col in range(key.width):
            x0, y0 = col * across, row * down
            if key.glyphs is Glyphs.BRAILLE:
                bits = sum(
                    _BRAILLE_BITS[dy][dx]
                    for dy in range(4)
                    for dx in range(2)
                    if lit(x0 + dx, y0 + dy)
                )
                cells.append(chr(0x2800 + bits) if bits else " ")
            else:
                top, bottom = lit(x0, y0), lit(x0, y0 + 1)
                cells.append(_halves(key.glyphs, top, bottom))
        rows.append("".join(cells))
    return tuple(rows)


def _halves(glyphs: Glyphs, top: bool, bottom: bool) -> str:
    if glyphs is Glyphs.BLOCK:
        return {(True, True): "█", (True, False): "▀", (False, True): "▄"}.get((top, bottom), " ")
    return {(True, True): "#", (True, False): "'", (False, True): "."}.get((top, bottom), " ")


def changed_spans(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """Where two pictures of one size differ: (column, row, width) per row that changed,
    from its first to its last differing cell. Only these cells need sending."""
    spans = []
    for row, (before, after) in enumerate(zip(old, new, strict=True)):
        if before == after:
            continue
        first = next(i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b)
        last = max(i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b)
        spans.append((first, row, last - first + 1))
    return spans
