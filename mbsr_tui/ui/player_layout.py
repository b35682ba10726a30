"""How the player shares out a small screen (issue 20): what matters most stays whole.

At every size the way out (the keys' line), the time left, the phase and the count keep
their rows; the pacer keeps room to be seen; the guidance takes what is left and, cut,
says so (widgets/fitted_text.py). Below 60 columns or 20 rows the header steps aside,
and so do the words beside a moving pacer: the pacer is then the guidance.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

SMALL_WIDTH, SMALL_HEIGHT = 60, 20
PACER_ROWS = 5  # the fewest rows in which the breathing shape still reads as a shape
NOSTRIL_ROWS = 3


@dataclass(frozen=True)
class Shown:
    """What the player shows besides the guidance at this moment."""

    shape: bool = False  # the breathing pacer
    steady_bar: bool = False  # the reduced-motion bar instead of the shape
    nostrils: bool = False
    caution: str = ""  # the caution shown while getting ready
    reading: bool = False  # `i`: all the guidance, and on a small screen room to read it


def is_small(width: int, height: int) -> bool:
    return width < SMALL_WIDTH or height < SMALL_HEIGHT


def guidance_rows(width: int, height: int, shown: Shown) -> int:
    """The most rows the guidance may take; 0 hides it."""
    small = is_small(width, height)
    if small and shown.shape:
        return 0
    # keys, time left, step title, phase, count; the header and a blank when there is room
    fixed = 5 + (0 if small else 2)
    if small and shown.reading:
        fixed -= 2  # phase and count step aside (practice.tcss): the bar keeps the time
    if shown.caution and not small:  # the caution, wrapped, and a blank line
        fixed += 1 + len(Content(shown.caution).wrap(max(1, width - 4)))
    fixed += PACER_ROWS if shown.shape else 0
    fixed += 1 if shown.steady_bar else 0
    fixed += NOSTRIL_ROWS if shown.nostrils else 0
    return max(0, height - fixed)


def fit_guidance(prompt: Widget, size: Size, shown: Shown) -> None:
    rows = guidance_rows(size.width, size.height, shown)
    prompt.styles.max_height = rows
    prompt.display = rows > 0
