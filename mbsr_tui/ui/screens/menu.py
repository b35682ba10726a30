"""The practice menu: grouped practices, the one under the cursor described beside them.

The first frame is drawn from the built-ins' index (core/menu_index.py): no TOML is read
before the person sees the menu. The app hands over the full catalogue right after that
frame (`show_catalogue`); the person's own sessions then join the list.

The first frame itself is the menu's frame: its title, its body's place and its key
hints. The list and the description join the body right after it (`_fill_body`): styling,
laying out and drawing them was most of what the menu's first frame cost beside a minimal
Textual app's (issue 22), and the person sees the menu begin that much sooner.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
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
SHORT_HEIGHT = 20  # below it the screen is short (the app's -short size class)
CARE_NOTE_SHORT = "MBSR complements medical care; it does not replace it. More under ?"
# A key that acts on the list waits at most this long for it (it comes a frame after the
# first): never for good, should the screen be leaving meanwhile.
FILL_PATIENCE_SECONDS = 2.0
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
        self._filled = asyncio.Event()  # the list and the description are mounted
        self._filling = False
        self._drawn = False
        self._after_drawn: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield Static(TITLE, id="menu-title")
        # Filled right after the first frame (`_fill_body`).
        yield Horizontal(id="menu-body")
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
        practices = self._practices()
        if practices is None:  # not mounted yet: `_fill_body` will list the new entries
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
        self._fit_care_note()

    def _fit_care_note(self) -> None:
        """The first run's note about medical care, whole where there is room; on a short
        screen (a phone) one line that says where the whole is, so the list keeps its room."""
        for note in self.query("#care-note").results(Static):
            from mbsr_tui.ui.guidance import CARE_NOTE

            note.update(CARE_NOTE if self.size.height >= SHORT_HEIGHT else CARE_NOTE_SHORT)

    def _show_title(self) -> None:
        title = TITLE
        if self.size.width < NARROW_WIDTH:
            title = DETAILS_TITLE if self.has_class("-details") else NARROW_TITLE
        self.query_one("#menu-title", Static).update(title)

    def on_mount(self) -> None:
        # Should the menu not be shown first (`mbsr-tui run`), after the first frame of
        # whatever is.
        self.call_after_refresh(self._fill_body)

    async def _fill_body(self) -> None:
        """The list and the description, right after the first frame."""
        if self._filling:
            return
        self._filling = True
        practices = OptionList(*self._options(), id="practices")
        try:
            # One widget for the whole description: every widget costs a few
            # milliseconds of composing, styling and layout.
            await self.query_one("#menu-body", Horizontal).mount(
                practices, Static(id="practice-details")
            )
            if self.focused is None:  # the Today card may have come first and taken it
                practices.focus()
            self._highlight_first()
        finally:
            self._filled.set()
            self.call_after_refresh(self._list_drawn)

    def _list_drawn(self) -> None:
        self._drawn = True
        waiting, self._after_drawn = self._after_drawn, []
        for callback in waiting:
            callback()

    def after_list_drawn(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the list is on the screen: work that would slow it down
        (reading files in a thread holds the GIL much of the time) waits for it."""
        if self._drawn:
            callback()
        else:
            self._after_drawn.append(callback)

    def _practices(self) -> OptionList | None:
        """The list, once `_fill_body` has mounted it."""
        return next(self.query("#practices").results(OptionList), None)

    async def _filled_practices(self) -> OptionList | None:
        """The list, waiting for it if a key came before it: the key is acted on, in its
        turn (keys after it wait in the app's queue), never lost."""
        if not self._filled.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._filled.wait(), FILL_PATIENCE_SECONDS)
        return self._practices()

    def _highlight_first(self) -> None:
        practices = self._practices()
        if practices is None:
            return
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

    async def action_choose(self) -> None:
        practices = await self._filled_practices()
        if practices is not None and practices.highlighted is not None:
            practices.action_select()

    async def _highlighted_id(self) -> str:
        practices = await self._filled_practices()
        option = practices.highlighted_option if practices is not None else None
        return option.id or "" if option is not None else ""

    async def action_edit(self) -> None:
        # The editor is imported only now: the menu's first frame never pays for it.
        if chosen := await self._highlighted_id():
            self.post_message(self.Chosen("edit", chosen))

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
        practices = self._practices()
        if practices is not None and not self.has_class("-details"):
            practices.focus()  # back to the list, where the arrows work

    def action_new_practice(self) -> None:
        self.post_message(self.Chosen("new"))

    async def action_delete_practice(self) -> None:
        if chosen := await self._highlighted_id():
            self.post_message(self.Chosen("delete", chosen))

    # -- the 8-week course's Today card (issue 8; widgets/today_card.py) --------------

    def on_screen_resume(self) -> None:
        # Textual draws the first frame while handling this event (after this handler):
        # the list comes as the next message, not a frame later.
        self.call_later(self._fill_body)
        # The first time, once the list is on the screen: the Today card is worked out in
        # a thread that would slow the list down.
        self.after_list_drawn(lambda: self.post_message(self.Shown()))

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
