"""The practice editor: a form over one `SessionDraft`, a live preview, and saving.

The form edits the draft; the file is written from the draft (tomli-w), validated by the
loader before it replaces anything, and only ever in the person's sessions folder. A
built-in is edited as a copy (or, if the person asks, replaced by a file of their own);
a file written by hand is not rewritten without saying that its comments would go, and
no save overwrites a file that changed since the editor last read or wrote it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from mbsr_tui.core.events import Event, EventKind
from mbsr_tui.core.loader import SessionError, validate
from mbsr_tui.core.paths import user_sessions_dir
from mbsr_tui.core.safe_text import visible
from mbsr_tui.core.session import Session
from mbsr_tui.core.session_draft import PatternDraft, SessionDraft, care_text
from mbsr_tui.core.session_files import (
    ChangedOnDisk,
    Origin,
    origin_of,
    read_current,
)
from mbsr_tui.ui.screens.editor_dialogs import (
    ChoiceScreen,
    leave_question,
)
from mbsr_tui.ui.screens.editor_form import compose_form, show_problems
from mbsr_tui.ui.screens.editor_saving import EditorSaving
from mbsr_tui.ui.widgets.editor_fields import read_number, read_times
from mbsr_tui.ui.widgets.editor_preview import BellStrip, BreathPreview, bell_events
from mbsr_tui.ui.widgets.pattern_fields import PatternFields
from mbsr_tui.ui.widgets.steps_editor import StepsEditor
from mbsr_tui.ui.worker_errors import WorkerErrors

# The whole practice is checked by the loader this long after the last change.
CHECK_AFTER_SECONDS = 0.4
NARROW_WIDTH, NARROW_HEIGHT = 72, 16  # below 72 columns the form needs the preview's room
KEY_HINTS = "esc back · ctrl+s save · tab next field"  # the way out first: never cut
COPY_SUFFIX = " (my copy)"


class EditorScreen(EditorSaving, WorkerErrors, Screen[None]):
    CSS_PATH = "../editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
    ]

    class PracticesChanged(Message):
        """A practice file was saved: the practices are to be read again."""

    class Checked(Message):
        """The check worker's word on the whole practice: its problems, where bells fall."""

        def __init__(self, problems: list[SessionError], bells) -> None:
            super().__init__()
            self.problems, self.bells = problems, bells

    class SaveEnded(Message):
        """The save worker's result: saved at `path`; or not, `why` (with the loader's
        `problems`); or the file was `changed` on disk since the editor last saw it."""

        def __init__(self, draft: SessionDraft, then_leave: bool, fresh: bool, *,
                     path: Path | None = None, why: str = "", problems=(),
                     changed: ChangedOnDisk | None = None) -> None:  # fmt: skip
            super().__init__()
            self.draft, self.then_leave, self.fresh = draft, then_leave, fresh
            self.path, self.why, self.problems, self.changed = path, why, list(problems), changed

    def __init__(self, session: Session | None = None, *, exit_on_leave: bool = False) -> None:
        super().__init__()
        self.origin = origin_of(session.source if session else None)
        # What the editor last read or wrote in each file it may save over: a save
        # overwrites only that (anything else was changed by hand meanwhile, and is asked
        # about). Read before the file is loaded again, so a change in between is caught.
        self._seen: dict[str, bytes | None] = {}
        if self.origin is Origin.OWN:
            self._seen[session.source.stem] = read_current(session.source)
            now, problems = validate(session.source)
            if now is not None and not problems:
                session = now  # the file as it is now, not as the menu read it earlier
        self.session = session
        self.source = session.source if session else None
        self.exit_on_leave = exit_on_leave
        self._quitting = False  # saving on the way out of the app, not only the editor
        # A recording beside the person's own file keeps its plain name; any other (a copy
        # of a file elsewhere) its full path, so the copy still finds it.
        folder = user_sessions_dir() if self.origin is Origin.OWN else None
        draft = SessionDraft.of(session, folder=folder) if session else SessionDraft()
        if self.origin is Origin.BUILTIN:
            draft.title += COPY_SUFFIX
        self.draft = draft
        self.baseline = draft.dumps()
        self.saved_id: str | None = None
        self._as_copy = False
        self._rewrite_ok = False  # the person agreed that this file is rewritten
        self._fresh_tries = 0  # new names chosen again because one was taken meanwhile
        self._confirm_chosen = bool(session and session.confirm)
        self._check_timer: Timer | None = None
        self._scratch = Path(tempfile.mkdtemp(prefix="mbsr-editor-"))
        self._saving = False

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="editor-header", markup=False)
        with Horizontal(id="editor-body"):
            with VerticalScroll(id="editor-form"):
                yield from compose_form(self.draft, self.origin)
            with Vertical(id="editor-preview"):
                yield Static("Preview", classes="section")
                yield BreathPreview(id="breath-preview")
                yield BellStrip(id="bell-strip")
        yield Static(KEY_HINTS, id="editor-keys", markup=False)

    def on_mount(self) -> None:
        # Calm, and cheap over SSH: no cursor blinks (a blink is a repaint twice a second).
        for field in self.query("Input, TextArea"):
            field.cursor_blink = False
        self.query_one("#session-pattern").display = self.draft.pattern is not None
        title = self.query_one("#f-title", Input)
        title.focus()
        if self.origin is Origin.NEW:
            title.select_all()  # typing replaces "My practice"
        else:
            title.cursor_position = 0  # a long title is read from its beginning
        self._update_care()
        self._preview_pattern()
        self._check_soon(now=True)

    def on_unmount(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH or self.size.height < NARROW_HEIGHT
        self.set_class(narrow, "-form-only")  # not -narrow: the app's size class

    def _header_text(self) -> str:
        if self.saved_id:
            where = f"Your practice, saved as {self.saved_id}.toml"
        elif self.origin is Origin.BUILTIN:
            where = f"A copy of the built-in “{self.session.title}”"
        elif self.origin is Origin.OWN:
            where = f"Your practice: {self.source.name}"
        elif self.origin is Origin.ELSEWHERE:
            where = f"A copy of {self.source.name}, to save among your practices"
        else:
            where = "A new practice"
        return visible(where) + (" · not saved" if self.dirty else "")

    @property
    def dirty(self) -> bool:
        return self.draft.dumps() != self.baseline

    # -- the form changes the draft ----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        result = event.validation_result
        if result is not None and not result.is_valid:
            return  # the row says why; the draft keeps its last good value
        d, value = self.draft, event.value
        if name in ("f-title", "f-summary"):
            setattr(d, name[2:], value)
        elif name == "f-audio":
            d.audio = value.strip() or None
        elif name in ("f-minutes", "f-min_minutes", "f-max_minutes"):
            setattr(d, name[2:], read_number(value))
        elif name == "f-prepare_seconds":
            d.prepare_seconds = read_number(value) or 0.0
        elif name == "b-interval_seconds":
            d.bells.interval_seconds = read_number(value) or 0.0
        elif name == "b-at_seconds":
            d.bells.at_seconds = read_times(value)
        else:
            return
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        name = event.select.id or ""
        if event.value is Select.BLANK:
            return
        if name in ("f-kind", "f-posture"):
            setattr(self.draft, name[2:], event.value)
        elif name in ("b-sound", "b-interval_sound"):
            setattr(self.draft.bells, name[2:], event.value)
        else:
            return
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        name, value = event.checkbox.id or "", event.value
        if name == "f-confirm":
            self.draft.confirm = value
            self._confirm_chosen = True
        elif name in ("b-start", "b-end"):
            setattr(self.draft.bells, name[2:], value)
        elif name == "p-on":
            fields = self.query_one("#session-pattern", PatternFields)
            self.draft.pattern = fields.pattern if value else None
            fields.display = value
            self._update_care()
            self._preview_pattern()
        elif name == "f-replace":
            pass  # read when saving
        else:
            return
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "f-caution":
            self.draft.caution = event.text_area.text
            self._changed()

    def on_pattern_fields_changed(self, event: PatternFields.Changed) -> None:
        self._update_care()
        self._preview_pattern()
        self._changed()

    def on_steps_editor_changed(self, event: StepsEditor.Changed) -> None:
        self._update_care()
        self._preview_pattern()
        self._changed()

    def on_descendant_focus(self, event) -> None:
        # The preview breathes the pattern of the part of the form being edited.
        self._preview_pattern()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name.startswith("play-"):
            self.play(getattr(self.draft.bells, name.removeprefix("play-")))

    def play(self, sound: str) -> None:
        """Ring `sound` as a practice would (the app's bells; the terminal bell without a
        mixer; nothing when the bells are off)."""
        from mbsr_tui.ui.screens.requests import RingBells

        self.post_message(RingBells([Event(0.0, EventKind.AT, sound)]))

    def _changed(self) -> None:
        self.query_one("#editor-header", Static).update(self._header_text())
        self._check_soon()

    # -- care, not refusal --------------------------------------------------------------------

    def _update_care(self) -> None:
        notes = self.draft.care_notes()
        care = self.query_one("#care-notes", Static)
        care.update("\n\n".join(notes))
        care.display = bool(notes)
        if notes and not self._confirm_chosen and not self.draft.confirm:
            # Asked before it starts, unless the person turns it off.
            self.draft.confirm = True
            with self.prevent(Checkbox.Changed):
                self.query_one("#f-confirm", Checkbox).value = True

    def _apply_care(self) -> None:
        notes = self.draft.care_notes()
        if notes and self.draft.confirm and not self.draft.caution.strip():
            self.draft.caution = care_text(notes)
            with self.prevent(TextArea.Changed):
                self.query_one("#f-caution", TextArea).text = self.draft.caution

    # -- the preview ------------------------------------------------------------------------

    def _preview_pattern(self) -> None:
        pattern = self._pattern_in_view()
        preview = self.query_one(BreathPreview)
        preview.show(pattern.to_pattern() if pattern else None)

    def _pattern_in_view(self) -> PatternDraft | None:
        steps = self.query_one(StepsEditor)
        focused = self.focused
        in_steps = focused is not None and steps in focused.ancestors
        step = steps.step
        if in_steps and step is not None and step.pattern is not None:
            return step.pattern
        if self.draft.pattern is not None:
            return self.draft.pattern
        return next((s.pattern for s in self.draft.steps if s.pattern), None)

    def _check_soon(self, *, now: bool = False) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        delay = 0.0 if now else CHECK_AFTER_SECONDS
        self._check_timer = self.set_timer(delay, self._check)

    def _check(self) -> None:
        self._check_timer = None
        self._check_whole(self.draft.dumps())

    @work(thread=True, exclusive=True, group="editor-check", exit_on_error=False)
    def _check_whole(self, text: str) -> None:
        """The loader's word on the whole practice, and where its bells fall."""
        path = self._scratch / "practice.toml"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError:
            return  # the editor has closed (its scratch folder with it), or /tmp is full
        session, problems = validate(path)
        bells = bell_events(session) if session is not None else None
        self.post_message(self.Checked(problems, bells))  # dropped if the editor has closed

    def on_editor_screen_checked(self, message: Checked) -> None:
        if not self.is_mounted:
            return
        self.show_problems(message.problems)
        self.query_one(BellStrip).show_bells(message.bells)

    def show_problems(self, problems: list[SessionError]) -> None:
        show_problems(self, problems)

    # -- leaving ----------------------------------------------------------------------------

    def action_leave(self) -> None:
        if not self.dirty:
            self._leave()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then_leave=True)
            elif choice == "discard":
                self._leave()

        self.app.push_screen(leave_question(), answered)

    def ask_before_quitting(self) -> ChoiceScreen | None:
        """Ctrl+Q, Ctrl+C or the palette's Quit while changes are not saved: the question
        asked first (None when there is nothing to lose)."""
        if not self.dirty:
            return None

        def answered(choice: str | None) -> None:
            if choice == "save":
                self._quitting = True
                self.action_save(then_leave=True)
            elif choice == "discard":
                self.app.exit(0)

        question = leave_question(quitting=True)
        self.app.push_screen(question, answered)
        return question

    def _leave(self) -> None:
        if self.exit_on_leave or self._quitting:
            self.app.exit(0)
        else:
            self.dismiss()
