"""What a screen asks of the app, as messages: the screen posts one, it bubbles up to the
app, and the app (or the flow that owns the job) handles it. Screens never call the app's
own methods. Messages that only one screen posts live in that screen (`MenuScreen.Chosen`,
`PlayerScreen.Ended`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from mbsr_tui.core.events import Event
    from mbsr_tui.core.group.plan import GroupPlan


@dataclass
class WriteCalendar(Message):
    """A calendar form: pleasant, unpleasant, communication (None: choose first)."""

    kind: str | None = None


class ShowCourseProgress(Message):
    """The 8-week course's progress, week by week."""


class BackToMenu(Message):
    """Every screen over the menu closed."""


@dataclass
class SitTogether(Message):
    """Host or join a group sitting, as planned on the rooms screen."""

    plan: GroupPlan


@dataclass
class RingBells(Message):
    """Ring these moments as a practice would (the editor's Play buttons)."""

    events: list[Event]
