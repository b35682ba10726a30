"""What the command line asked the app for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mbsr_tui.core.group.plan import GroupPlan
    from mbsr_tui.core.session import Session


@dataclass
class Launch:
    """What the command line asked for."""

    session: Session | None = None
    minutes: float | None = None
    bell_mode: str | None = None
    checkins: bool = True
    exit_at_end: bool = False
    voice: str | None = None  # off | on | force; None: the setting
    speak_command: str | None = None  # None: the setting
    group: GroupPlan | None = None  # a group sitting to host or join (issue 10)
