"""The practices the menu lists (a mixin of `MbsrApp`): read off the event loop after the
first frame and again after the editor saves or a practice is deleted; the editor opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from mbsr_tui.core.safe_text import visible
from mbsr_tui.ui.screens.menu import MenuScreen

if TYPE_CHECKING:
    from mbsr_tui.core.catalogue import Catalogue
    from mbsr_tui.core.session import Session


class CatalogueRead(Message):
    """Every practice, read by a worker: after the first frame (`menu`: the menu to show
    them on), or again after one was saved or deleted."""

    def __init__(self, catalogue: Catalogue, menu: MenuScreen | None = None) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.menu = menu


class Practices:
    """Needs `_catalogue` (None until read) and the `Sound` mixin's `warm_bells`."""

    _catalogue: Catalogue | None

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from mbsr_tui.core.catalogue import load_catalogue

            self._catalogue = load_catalogue()
        return self._catalogue

    def _read_catalogue(self, menu: MenuScreen) -> None:
        if self._catalogue is not None:
            self._show_catalogue(menu, self._catalogue)
        else:
            self._load_catalogue(menu)

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def _load_catalogue(self, menu: MenuScreen) -> None:
        # Off the event loop: however many (or hostile) files the sessions folder holds,
        # keys and signals are answered while they are read. (Posted from a thread: Textual
        # hands it to the loop, and drops it if the app ended while the files were read.)
        from mbsr_tui.core.catalogue import load_catalogue

        self.post_message(CatalogueRead(load_catalogue(), menu))

    def _show_catalogue(self, menu: MenuScreen, catalogue: Catalogue) -> None:
        if self._catalogue is None:
            self._catalogue = catalogue
        menu.show_catalogue(self._catalogue)
        # Messages carry text from files: shown literally, never read as markup.
        for problem in self._catalogue.problems:
            self.notify(f"Skipped a session file: {problem}", severity="warning", timeout=10,
                        markup=False)  # fmt: skip

    # -- making your own practices (issue 9: the editor) -------------------------------------

    def open_editor(self, session: Session | None = None, *, exit_on_leave: bool = False) -> None:
        """The editor for a copy of a built-in, the person's own file, or a new practice."""
        from mbsr_tui.ui.screens.editor import EditorScreen

        self.warm_bells()  # its Play buttons ring through the speakers
        self.push_screen(EditorScreen(session, exit_on_leave=exit_on_leave))

    def action_edit(self, session_id: str = "") -> None:
        self.open_editor(self.catalogue.get(session_id) if session_id else None)

    def practices_changed(self) -> None:
        """A practice was saved or deleted: the catalogue is read again off the event loop
        (every session file: keys are answered meanwhile); the menu shows it once read."""
        self._reread_catalogue()

    def on_editor_screen_practices_changed(self, message) -> None:
        self.practices_changed()

    @work(thread=True, exclusive=True, group="catalogue-again", exit_on_error=False)
    def _reread_catalogue(self) -> None:
        from textual.worker import get_current_worker

        from mbsr_tui.core.catalogue import load_catalogue

        catalogue = load_catalogue()
        # A later save started a newer reading (this one may have missed that file).
        if not get_current_worker().is_cancelled:
            self.post_message(CatalogueRead(catalogue))

    def on_catalogue_read(self, message: CatalogueRead) -> None:
        if message.menu is not None:  # the first reading
            self._show_catalogue(message.menu, message.catalogue)
            return
        self._catalogue = message.catalogue
        for screen in self.screen_stack:
            if isinstance(screen, MenuScreen):
                screen.show_catalogue(message.catalogue)

    def delete_practice(self, session_id: str) -> None:
        """Set one of the person's own practices aside (asks first; the file is kept)."""
        from mbsr_tui.core.catalogue import BUILTIN_ORDER
        from mbsr_tui.core.session_files import Origin, delete_session, origin_of
        from mbsr_tui.ui.screens.confirm import ConfirmScreen

        session = self.catalogue.get(session_id)
        if session is None or session.source is None:
            return
        if origin_of(session.source) is not Origin.OWN:
            self.notify("Built-in practices cannot be deleted; press e to edit a copy.",
                        timeout=5)  # fmt: skip
            return
        path = session.source
        back = " The built-in practice comes back." if session_id in BUILTIN_ORDER else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept = delete_session(path)
            except OSError as err:
                self.notify(f"Not deleted: {err.strerror or err}", severity="error", markup=False)
                return
            self.notify(f"Deleted. The file is kept as {kept.name}.{back}", markup=False)
            self.practices_changed()

        question = ConfirmScreen(
            f"Delete “{visible(session.title)}”?",
            yes="Delete",
            no="Keep it",
            detail=f"The file is kept as {path.name}.deleted in {path.parent}; rename it back "
            f"to bring the practice back.{back}",
        )
        self.push_screen(question, answered)
