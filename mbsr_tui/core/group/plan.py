"""What a person asked for when they chose a group sitting: a practice to host or a room to
join. Plain data, made by the CLI or a screen and carried out by the UI's group control."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mbsr_tui.core.group.room import Room
    from mbsr_tui.core.session import Session


@dataclass
class GroupPlan:
    """A group sitting to host (`session`) or to join (`room`)."""

    folder: Path
    session: Session | None = None
    seconds: float | None = None
    starts_at: float | None = None  # None: now (a breath ahead: rooms.START_LEAD)
    title: str = ""
    room: Room | None = None  # read whole (`listing.open_listed`), never a list's header
    name: str = ""  # a name the person chose to share ("" shares none)
    host_uid: int = -1  # the room file's owner (who is shown as hosting it)

    @property
    def hosting(self) -> bool:
        return self.room is None
