"""The practice menu: grouped practices, the one under the cursor described beside them.

The first frame is drawn from the built-ins' index (core/menu_index.py): no TOML is read
before the person sees the menu. The app hands over the full catalogue right after that
frame (`show_catalogue`); the person's own sessions then join the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mbsr_tui.core.menu_index import Listed, MenuEntry, builtin_entries, group_practices
from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.ui.widgets.key_line import KeyLine

if TYPE_CHECKING:
    from mbsr_tui.core.catalogue import Catalogue

QUICK_TIMER, OPEN_SIT = "@quick-timer", "@open-sit"  # "@": never a session file's id
TIMERS = {QUICK_TIMER: "Quick timer", OPEN_SIT: "Open-ended sit"}
TIMER_DETAILS = {
    QUICK_TIMER: "Silent sitting with a start bell, interval bells if you like, and an end "
    "bell. You choose the length; the last one is remembered.",
    OPEN_SIT: "Silent sitting with no set end: the time so far counts up, interval bells "
    "keep you company, and q finishes when you are ready.",
}
SIT_TOGETHER = "@sit-together"
SIT_TOGETHER_DETAILS = (
    "Sit with others logged in to this computer: join a group sitting that is open or "
    "about to start, or start one. Everyone hears the same bells at the same moment."
)
TITLE = "mbsr-tui · mindful practice"
# Below 60 columns the description has no room beside the list (mbsr.tcss): say where it is.
NARROW_TITLE = "mbsr-tui · i: about a practice"
DETAILS_TITLE = "mbsr-tui · i: back to the list"
NARROW_WIDTH = 60
POSTURE_WORDS = {
    "sitting": "seated",
    "lying": "lying down",
    "standing": "standing",
    "walking": "walking",
}


def describe(practice: Listed) -> str:
    return (
        f"{practice.default_minutes} min · {POSTURE_WORDS.get(practice.posture, practice.posture)}"
    )


class MenuScreen(Screen[None]):
    @dataclass
    class Chosen(Message):
        """The person chose on the menu: `action` is practice | timer | sit-together |
        edit | new | delete; `choice` the option's id (a practice's, or a timer's)."""

        action: str
        choice: str = ""

    class Shown(Message):
        """The menu is on top again: the Today card can be looked at, the sound rest."""

    # Every feature one key from here (issue 20), in the order the key line keeps them
    # when the width runs short; `w` and `p` mean what they mean on the Today card.
    BINDINGS = [
        Binding("enter", "choose", "Start", show=True),
        Binding("b", "timer", "Timer"),
        Binding("o", "timer(True)", "Open sit", show=False),
        Binding("g", "sit_together", "Together"),
        Binding("h", "app.history", "History"),
        Binding("p", "course", "Course"),
        Binding("w", "calendars", "Calendars"),
        Binding("s", "app.settings", "Settings"),
        Binding("e", "edit", "Edit"),
        Binding("plus", "new_practice", "New", key_display="+"),
        Binding("delete", "delete_practice", "Delete", show=False),
        Binding("i", "details", "About", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, catalogue: Catalogue | None = None, *, show_care_note: bool) -> None:
        """`catalogue` None: start from the built-ins' index until `show_catalogue`."""
        super().__init__()
        self.show_care_note = show_care_note
        self.entries = entries_by_id(
            builtin_entries() if catalogue is None else catalogue.sessions.values()
        )

    def compose(self) -> ComposeResult:
        yield Static(TITLE, id="menu-title")
        with Horizontal(id="menu-body"):
            yield OptionList(*self._options(), id="practices")
            # One widget for the whole description: every widget before the first frame
            # costs a few milliseconds of composing, styling and layout.
            yield Static(id="practice-details")
        if self.show_care_note:
            # Imported only for the first run: guidance brings the timeline's event types.
            from mbsr_tui.ui.guidance import CARE_NOTE

            yield Static(CARE_NOTE, id="care-note", markup=False)
        # One widget of keys rather than a Footer: the Footer's dozen widgets cost ~30 ms
        # before the first frame; every key is also on the help screen (?).
        yield KeyLine(id="menu-keys")

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for group, entries in group_practices(self.entries.values()):
            if options:
                options.append(None)
            options.append(Option(Content.styled(group.upper(), "bold"), disabled=True))
            for entry in entries:
                # The length only: the posture is beside the list, and the longest title
                # with both would wrap at 80 columns.
                label = Content.assemble(
                    (visible(entry.title), "bold"), (f"  {entry.default_minutes} min", "dim")
                )
                options.append(Option(label, id=entry.id))
        # Sits shaped on the spot (issue 9): ids that no session file can have.
        options += [None, Option(Content.styled("TIMER", "bold"), disabled=True)]
        for timer_id, title in TIMERS.items():
            options.append(Option(Content.styled(title, "bold"), id=timer_id))
        # Sitting with others on this host (issue 10): the rooms, or a new one.
        options += [None, Option(Content.styled("TOGETHER", "bold"), disabled=True),
                    Option(Content.styled("Sit together", "bold"), id=SIT_TOGETHER)]  # fmt: skip
        return options

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """The full catalogue, read after the first frame: redraw only if it differs."""
        entries = entries_by_id(catalogue.sessions.values())
        if list(entries.values()) == list(self.entries.values()):
            return
        self.entries = entries
        found = self.query("#practices").results(OptionList)
        practices = next(found, None)
        if practices is None:  # not composed yet: compose will list the new entries
            return
        highlighted = practices.highlighted_option
        practices.set_options(self._options())
        kept = highlighted.id if highlighted is not None else None
        if kept in entries:
            practices.highlighted = practices.get_option_index(kept)
        else:
            self._highlight_first()

    def on_resize(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        title = TITLE
        if self.size.width < NARROW_WIDTH:
            title = DETAILS_TITLE if self.has_class("-details") else NARROW_TITLE
        self.query_one("#menu-title", Static).update(title)

    def on_mount(self) -> None:
        self.query_one("#practices", OptionList).focus()
        self._highlight_first()

    def _highlight_first(self) -> None:
        practices = self.query_one("#practices", OptionList)
        # The first selectable line: group headings are not choices.
        for index in range(practices.option_count):
            if not practices.get_option_at_index(index).disabled:
                practices.highlighted = index
                break

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id in TIMERS:
            self.query_one("#practice-details", Static).update(TIMER_DETAILS[event.option.id])
            return
        if event.option.id == SIT_TOGETHER:
            self.query_one("#practice-details", Static).update(SIT_TOGETHER_DETAILS)
            return
        entry = self.entries.get(event.option.id or "")
        if entry is None:
            return
        self.query_one("#practice-details", Static).update(details(entry))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice in TIMERS:
            self.post_message(self.Chosen("timer", choice))
        elif choice == SIT_TOGETHER:
            self.post_message(self.Chosen("sit-together"))
        else:
            self.post_message(self.Chosen("practice", choice))

    def action_choose(self) -> None:
        practices = self.query_one("#practices", OptionList)
        if practices.highlighted is not None:
            practices.action_select()

    def _highlighted_id(self) -> str:
        option = self.query_one("#practices", OptionList).highlighted_option
        return option.id or "" if option is not None else ""

    def action_edit(self) -> None:
        # The editor is imported only now: the menu's first frame never pays for it.
        if self._highlighted_id():
            self.post_message(self.Chosen("edit", self._highlighted_id()))

    def action_timer(self, open_ended: bool = False) -> None:
        self.post_message(self.Chosen("timer", OPEN_SIT if open_ended else QUICK_TIMER))

    def action_sit_together(self) -> None:
        self.post_message(self.Chosen("sit-together"))

    def action_course(self) -> None:
        from mbsr_tui.ui.screens.requests import ShowCourseProgress

        self.post_message(ShowCourseProgress())

    def action_calendars(self) -> None:
        from mbsr_tui.ui.screens.requests import WriteCalendar

        self.post_message(WriteCalendar(None))

    def action_details(self) -> None:
        """Below 60 columns the description has no room beside the list: in its place."""
        self.toggle_class("-details")
        self._show_title()
        if not self.has_class("-details"):  # back to the list, where the arrows work
            self.query_one("#practices", OptionList).focus()

    def action_new_practice(self) -> None:
        self.post_message(self.Chosen("new"))

    def action_delete_practice(self) -> None:
        if self._highlighted_id():
            self.post_message(self.Chosen("delete", self._highlighted_id()))

    # -- the 8-week course's Today card (issue 8; widgets/today_card.py) --------------

    def on_screen_resume(self) -> None:
        self.post_message(self.Shown())

    def show_today(self, view) -> None:
        from mbsr_tui.ui.widgets.today_card import place_today_card

        place_today_card(self, view)


def details(entry: Listed) -> Content:
    """Title, length and posture, summary and caution: text from files, never markup."""
    parts: list[tuple[str, str] | str] = [
        (visible(entry.title), "bold $accent"),
        "\n",
        (visible(describe(entry)), "dim"),
        "\n\n",
        visible_lines(entry.summary),
    ]
    if entry.caution:
        lead = "Please read first: " if entry.confirm else "Note: "
        parts += ["\n\n", (lead + visible_lines(entry.caution), "$warning")]
    return Content.assemble(*parts)


def entries_by_id(practices: Iterable[Listed]) -> dict[str, MenuEntry]:
    return {p.id: p if isinstance(p, MenuEntry) else MenuEntry.of(p) for p in practices}
