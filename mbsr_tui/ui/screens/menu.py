"""The practice menu: grouped practices, the one under the cursor described beside them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.catalogue import Catalogue
from mbsr_tui.core.session import Session
from mbsr_tui.ui.guidance import CARE_NOTE

KEY_HINTS = "Enter: start · h: history · s: settings · ?: help · q: quit"
POSTURE_WORDS = {
    "sitting": "seated",
    "lying": "lying down",
    "standing": "standing",
    "walking": "walking",
}


def describe(session: Session) -> str:
    return f"{session.default_minutes} min · {POSTURE_WORDS.get(session.posture, session.posture)}"


class MenuScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "choose", "Start", show=True),
        Binding("h", "app.history", "History"),
        Binding("s", "app.settings", "Settings"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, catalogue: Catalogue, *, show_care_note: bool) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.show_care_note = show_care_note

    def compose(self) -> ComposeResult:
        yield Static("mbsr-tui · mindful practice", id="menu-title")
        with Horizontal(id="menu-body"):
            yield OptionList(*self._options(), id="practices")
            with Vertical(id="practice-details"):
                yield Static(id="details-title", markup=False)
                yield Static(id="details-meta", markup=False)
                yield Static(id="details-summary", markup=False)
                yield Static(id="details-caution", markup=False)
        if self.show_care_note:
            yield Static(CARE_NOTE, id="care-note", markup=False)
        # One line of key hints rather than a Footer: the Footer's dozen widgets cost
        # ~30 ms before the first frame; every key is also on the help screen (?).
        yield Static(KEY_HINTS, id="menu-keys", markup=False)

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for group, sessions in self.catalogue.grouped():
            if options:
                options.append(None)
            options.append(Option(Content.styled(group.upper(), "bold"), disabled=True))
            for session in sessions:
                label = Content.assemble((session.title, "bold"), ("  " + describe(session), "dim"))
                options.append(Option(label, id=session.id))
        return options

    def on_mount(self) -> None:
        practices = self.query_one("#practices", OptionList)
        practices.focus()
        # The first selectable line: group headings are not choices.
        for index in range(practices.option_count):
            if not practices.get_option_at_index(index).disabled:
                practices.highlighted = index
                break

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        session = self.catalogue.get(event.option.id or "")
        if session is None:
            return
        self.query_one("#details-title", Static).update(session.title)
        self.query_one("#details-meta", Static).update(describe(session))
        self.query_one("#details-summary", Static).update(session.summary)
        caution = self.query_one("#details-caution", Static)
        caution.update(("Please read first: " if session.confirm else "Note: ") + session.caution)
        caution.display = bool(session.caution)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        session = self.catalogue.get(event.option.id or "")
        if session is not None:
            self.app.begin(session)

    def action_choose(self) -> None:
        practices = self.query_one("#practices", OptionList)
        if practices.highlighted is not None:
            practices.action_select()

    def hide_care_note(self) -> None:
        for note in self.query("#care-note"):
            note.remove()
