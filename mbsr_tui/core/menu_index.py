"""What the menu shows of a practice, and an index of the built-ins to draw it from.

The menu's first frame is drawn from `builtin_index.py`, generated from sessions/*.toml:
start-up then reads no TOML and imports neither the loader nor the timeline (about a
sixth of the first frame's time). The full catalogue (every file validated, the
person's own sessions) is read right after the first frame and replaces the index.

Regenerate the index after changing a built-in session:
    python -m mbsr_tui.core.index_writer
(tests/unit/test_menu_index.py fails while it is out of date.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

# How the menu groups practices, by kind.
GROUPS: dict[str, tuple[str, ...]] = {
    "Meditation": ("sitting", "body-scan", "routine"),
    "Breathing": ("breathing",),
    "Movement": ("walking", "movement"),
}


class Listed(Protocol):
    """What the menu needs of a practice: a `Session` has it, and so has a `MenuEntry`."""

    id: str
    title: str
    summary: str
    kind: str
    posture: str
    caution: str
    confirm: bool

    @property
    def default_minutes(self) -> int: ...


L = TypeVar("L", bound=Listed)


class MenuEntry:
    """One practice as the menu lists it. A plain class: no dataclass to build at start-up."""

    __slots__ = ("caution", "confirm", "default_minutes", "id", "kind", "posture", "summary",
                 "title")  # fmt: skip
    FIELDS = ("id", "title", "summary", "kind", "posture", "default_minutes", "caution",
              "confirm")  # fmt: skip

    id: str
    title: str
    summary: str
    kind: str
    posture: str
    default_minutes: int
    caution: str
    confirm: bool

    def __init__(self, *values: object) -> None:
        """The values in the order of `FIELDS` (a row of the built-in index)."""
        for name, value in zip(self.FIELDS, values, strict=True):
            setattr(self, name, value)

    @classmethod
    def of(cls, practice: Listed) -> MenuEntry:
        return cls(*(getattr(practice, name) for name in cls.FIELDS))

    def row(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MenuEntry) and self.row() == other.row()

    def __hash__(self) -> int:
        return hash(self.row())

    def __repr__(self) -> str:
        return f"MenuEntry{self.row()!r}"


def group_practices(practices: Iterable[L]) -> list[tuple[str, list[L]]]:
    """The menu's groups in order, each with its practices; empty groups left out."""
    practices = list(practices)
    groups = []
    for name, kinds in GROUPS.items():
        members = [p for p in practices if p.kind in kinds]
        if members:
            groups.append((name, members))
    return groups


def builtin_entries() -> list[MenuEntry]:
    """The built-in practices, in menu order, from the generated index (no TOML read)."""
    from mbsr_tui.core.builtin_index import ENTRIES

    return [MenuEntry(*row) for row in ENTRIES]


def entries_of(practices: Iterable[Listed]) -> list[MenuEntry]:
    return [MenuEntry.of(p) for p in practices]
