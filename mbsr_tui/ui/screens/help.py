"""Every key, and the note about medical care, always one key away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mbsr_tui import __version__
from mbsr_tui.ui.guidance import CARE_NOTE
from mbsr_tui.ui.widgets.fitted_text import FittedText

KEYS = """\
In the menu
  ↑ ↓, mouse    choose a practice
  Enter         choose its length and begin
  b             quick timer: a silent sit with bells (also at the list's end)
  o             open-ended sit: no set end, q finishes
  g             sit together: join or start a group sitting
  h             your practice history
  p             the 8-week course: its progress, week by week
  w             write in a calendar (pleasant, unpleasant, communication)
  s             settings
  e             edit the practice (a copy of a built-in)
  +             a new practice of your own
  Delete        delete your own practice (kept as .deleted)
  i             about the practice, when the screen is too narrow to show it
  ctrl+p        command palette (the course, calendars, timers and more)
  ?             these keys
  q             quit

The Today card (the 8-week course, at the top of the menu)
  Enter         start today's practice
  w             write in this week's calendar
  t             the week's plan and teaching
  p             the course's progress
  ↓             down to the practices

During a practice
  space         pause, and resume
  n             skip to the next part
  m             mute or unmute the bells (and the voice)
  i             all the guidance for this part (… i: there is more)
  q, Escape     end early (asks first)
  ctrl+c        quit at once

Timers (b in the menu, or mbsr-tui timer MINUTES)
  Tab           next field: minutes, a bell every … minutes
  Enter         begin
  q             an open-ended sit ends when you press q

Sitting together (g in the menu, or mbsr-tui group)
  ↑ ↓, Enter    join a room that is open or about to start
  r             look again for rooms
  q, Escape     leave the waiting room (the host is asked first)

History (h)
  ↑ ↓, Enter    open a recent session or calendar entry
  c             the course's progress
  r             write a report to show your teacher
  w             write in a calendar
  Escape, h     back to the menu

The editor
  Tab           next field
  ctrl+s        save (checked first)
  Escape        back (asks if there are unsaved changes)

Check-ins
  0–9           rate from 0 (none) to 9; 1 then 0 gives 10
  Enter         keep the answer
  s             skip the question
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="dialog-question")
            yield FittedText(KEYS, id="help-keys")
            yield Static("About", classes="dialog-question")
            yield Static(
                f"mbsr-tui {__version__}: a companion for Mindfulness-Based Stress Reduction "
                "practice at home.\n\n" + CARE_NOTE,
                id="help-about",
                markup=False,
            )
            yield Static("Escape to close", classes="dialog-detail")
