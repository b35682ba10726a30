"""Every key, and the note about medical care, always one key away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mbsr_tui import __version__
from mbsr_tui.ui.guidance import CARE_NOTE

KEYS = """\
In the menu
  ↑ ↓, mouse    choose a practice
  Enter         choose its length and begin
  e             edit the practice (a copy of a built-in)
  +             a new practice of your own
  Delete        delete your own practice (kept as .deleted)
  h             your practice history
  s             settings
  ctrl+p        command palette
  q             quit

In the editor
  Tab           next field
  ctrl+s        save (checked first)
  Escape        back (asks if there are unsaved changes)

During a practice
  space         pause and resume
  n             skip to the next part
  m             mute or unmute the bells (and the voice)
  i             all the guidance for this part
  q, Escape     end early (asks first)
  ctrl+c        quit at once

History (h)
  ↑ ↓, Enter    open a recent session
  r             write a report to show your teacher
  Escape, h     back to the menu

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
            yield Static(KEYS, id="help-keys", markup=False)
            yield Static("About", classes="dialog-question")
            yield Static(
                f"mbsr-tui {__version__}: a companion for Mindfulness-Based Stress Reduction "
                "practice at home.\n\n" + CARE_NOTE,
                id="help-about",
                markup=False,
            )
            yield Static("Escape to close", classes="dialog-detail")
