"""MbsrApp: the composition root. It makes the settings, the bells and the journal, shows
the menu, and takes each job from a module named for it: the way into and out of a
practice (practice_flow.py), bells and voice (sound.py), the practices the menu lists and
the editor (practices.py), the settings (settings_keeper.py), the course (course_flow.py)
and every way out (shutdown.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from mbsr_tui.core.safe_text import visible, visible_lines
from mbsr_tui.core.settings import Settings, load_settings
from mbsr_tui.ui.course_flow import CourseFlow
from mbsr_tui.ui.drawn_text import DRAWN_TEXT_FILTER
from mbsr_tui.ui.launch_options import Launch
from mbsr_tui.ui.practice_flow import PracticeFlow
from mbsr_tui.ui.practices import Practices
from mbsr_tui.ui.screens.menu import OPEN_SIT, MenuScreen
from mbsr_tui.ui.settings_keeper import SettingsKeeper
from mbsr_tui.ui.shutdown import Shutdown
from mbsr_tui.ui.sound import Sound
from mbsr_tui.ui.start_up_gc import resume_collection
from mbsr_tui.ui.typed_input import KeysInOrder
from mbsr_tui.ui.worker_errors import WorkerErrors

# Only the menu is needed for the first frame. The other screens, the journal and the
# bells are imported where they are first used: every module loaded before the first
# frame is start-up time the person waits through (see bench/ui_cost.py).
if TYPE_CHECKING:
    from textual.filter import LineFilter

    from mbsr_tui.core.catalogue import Catalogue
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.journal_keeper import JournalKeeper

__all__ = ["Launch", "MbsrApp"]


class MbsrApp(
    KeysInOrder, PracticeFlow, Sound, Practices, SettingsKeeper, CourseFlow, Shutdown,
    WorkerErrors, App[int]
):  # fmt: skip
    CSS_PATH = "mbsr.tcss"
    # Size classes on every screen, for its sheet to choose what a phone's terminal shows
    # (issue 20): -narrow below 60 columns, -short below 20 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-medium"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    TITLE = "mbsr-tui"
    BINDINGS = [
        # Ctrl+C ends at once, as people expect of a terminal program (Textual binds it to copy).
        Binding("ctrl+c", "quit_now", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        launch: Launch | None = None,
        *,
        catalogue: Catalogue | None = None,
        settings: Settings | None = None,
        now: Callable[[], float] = time.monotonic,
        bells: BellControl | None = None,
        journal: JournalKeeper | None = None,
    ) -> None:
        super().__init__()
        self.launch = launch or Launch()
        self._catalogue = catalogue
        self.settings_problem: str | None = None
        if settings is None:
            loaded = load_settings()
            settings, self.settings_problem = loaded.settings, loaded.problem
        self.settings = settings
        self.now = now
        if bells is None:
            from mbsr_tui.ui.bell_control import BellControl

            bells = BellControl(self.choices().bell_mode, self, settings.volume)
        if journal is None:
            from mbsr_tui.ui.journal_keeper import JournalKeeper

            journal = JournalKeeper(self)
        self.bells = bells
        self.journal = journal

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Every drawn line passes here last: no control or bidirectional character from a
        # file, a room or the journal reaches the terminal, whichever widget drew it.
        return [*super().get_line_filters(), DRAWN_TEXT_FILTER]

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        # A toast often quotes a file name, a room or an error: control characters as marks.
        super().notify(visible_lines(message), title=visible(title), **options)

    # -- start-up ------------------------------------------------------------------

    def get_default_screen(self) -> MenuScreen:
        """The menu is the bottom of the screen stack (MENU_DEPTH): no blank default screen
        composed, laid out and covered before the first frame (~8 ms)."""
        self._menu = MenuScreen(self._catalogue, show_care_note=not self.settings.seen_care_note)
        return self._menu

    def on_mount(self) -> None:
        self.call_after_refresh(resume_collection)  # paused by run_app (start_up_gc.py)
        self._watch_signals()
        # The menu's first frame comes from the built-ins' index; the session files are
        # read (and validated) once its list is drawn, and the person's own sessions
        # join then.
        self._menu.after_list_drawn(partial(self._read_catalogue, self._menu))
        if self.settings_problem:
            self.notify(self.settings_problem, severity="warning", timeout=10, markup=False)
        if not self.settings.seen_care_note:
            self.remember(replace(self.settings, seen_care_note=True))
        # The journal opens after the menu's list is drawn: opening SQLite must not delay
        # what the person sees. The sound opens on the way into a practice (`warm_bells`).
        self._menu.after_list_drawn(self.journal.open)
        if self.launch.session is not None:
            self.begin(self.launch.session, minutes=self.launch.minutes)
        elif self.launch.group is not None:
            self.sit_together(self.launch.group)

    # -- the menu's choices, each to the job that takes it ------------------------------

    def on_menu_screen_chosen(self, message: MenuScreen.Chosen) -> None:
        action, choice = message.action, message.choice
        if action == "timer":
            self.action_timer(open_ended=choice == OPEN_SIT)
        elif action == "sit-together":
            self.action_sit_together()
        elif action == "practice":
            # From the catalogue (read now if the person was quicker than its worker).
            session = self.catalogue.get(choice)
            if session is not None:
                self.begin(session)
        elif action == "edit":
            self.action_edit(choice)
        elif action == "new":
            self.open_editor(None)
        elif action == "delete":
            self.delete_practice(choice)

    def on_menu_screen_shown(self, message: MenuScreen.Shown) -> None:
        # After the frame: the card is worked out in a worker, never before the menu shows.
        self.call_after_refresh(self.refresh_today)
        self.menu_shown()

    # -- other screens --------------------------------------------------------------------

    def action_command_palette(self) -> None:
        from mbsr_tui.ui.screens.palette import CalmCommandPalette

        if self.use_command_palette and not CalmCommandPalette.is_open(self):
            self.push_screen(CalmCommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        from mbsr_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from mbsr_tui.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.journal, self.settings))
