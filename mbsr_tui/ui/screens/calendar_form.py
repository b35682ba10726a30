"""The course's calendars: a short form for a pleasant event, an unpleasant event or a
difficult communication, and the choice between them.

Each question has its own small text area; any may stay empty, but not all. Answers are
plain text: what is typed or pasted is kept as it is, apart from control characters,
which are taken out on the way in (`calendar_entry.clean_answer`). Saving happens off the
loop (the app's journal keeper); when it fails the form stays, words and all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mbsr_tui.core.journal.calendar_entry import (
    ANSWER_LIMIT,
    CALENDAR_KINDS,
    QUESTIONS,
    TITLES,
    CalendarEntry,
    clean_answer,
)
from mbsr_tui.core.journal.entry import JournalError
from mbsr_tui.core.safe_text import visible_lines
from mbsr_tui.ui.typed_input import after_typing
from mbsr_tui.ui.widgets.key_line import KeyLine

INTRO = {
    "pleasant": "A moment today that felt pleasant, however small. Write as much or as little "
    "as you like; any question may stay empty.",
    "unpleasant": "A moment today that felt unpleasant (a flare-up counts: the sensations, "
    "and what the mind added). Any question may stay empty.",
    "communication": "A conversation today that was hard. Any question may stay empty.",
}


class CalendarFormScreen(Screen[CalendarEntry | None]):
    """Returns the entry once it is saved, or None if the person went back."""

    CSS_PATH = "../course.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # Tab moves on as everywhere (the answers' tab_behavior); here it is also said.
        Binding("tab", "app.focus_next", "Next question"),
        Binding("escape", "back", "Back"),
    ]

    class Closed(Message):
        """The form is gone (saved or left): a practice that ended under it may close."""

    def __init__(self, kind: str, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        if kind not in CALENDAR_KINDS:
            raise ValueError(f"no calendar of kind {kind!r}")
        self.kind = kind
        self._now = now or (lambda: datetime.now().astimezone())
        self.saving = False
        self._quitting = False  # saving on the way out of the app

    def compose(self) -> ComposeResult:
        yield Static(f"mbsr-tui · {TITLES[self.kind].lower()}", id="calendar-title")
        with VerticalScroll(id="calendar-fields"):
            yield Static(INTRO[self.kind], id="calendar-intro", markup=False)
            for name, question in QUESTIONS[self.kind]:
                yield Static(question, classes="calendar-question", markup=False)
                yield TextArea(
                    id=f"answer-{name}", soft_wrap=True, tab_behavior="focus",
                    show_line_numbers=False, classes="calendar-answer-area",
                )  # fmt: skip
        yield Static("", id="calendar-message", markup=False)
        yield KeyLine(id="calendar-keys")

    def on_mount(self) -> None:
        self.query(TextArea).first().focus()

    def on_unmount(self) -> None:
        self.app.post_message(self.Closed())

    def answers(self) -> dict[str, str]:
        return {
            name: self.query_one(f"#answer-{name}", TextArea).text
            for name, _ in QUESTIONS[self.kind]
        }

    def _say(self, text: str) -> None:
        self.query_one("#calendar-message", Static).update(visible_lines(text))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        length = len(event.text_area.text)
        if length > ANSWER_LIMIT:
            self._say(f"An answer holds at most {ANSWER_LIMIT:,} characters (this one: "
                      f"{length:,}).")  # fmt: skip
        elif self.query_one("#calendar-message", Static).content:
            self._say("")

    def action_save(self) -> None:
        if self.saving:
            return
        # The keys read with ctrl+s (a pasted tail) reach the answers first.
        self.saving = True
        after_typing(self, self._save_as_shown)

    def _save_as_shown(self) -> None:
        self.saving = False
        # Quitting after the save only if it is written; a form that says why not stays.
        quitting, self._quitting = self._quitting, False
        answers = self.answers()
        for name, question in QUESTIONS[self.kind]:
            length = len(clean_answer(answers[name]))
            if length > ANSWER_LIMIT:
                self._say(f"“{question}” holds at most {ANSWER_LIMIT:,} characters; this "
                          f"answer has {length:,}.")  # fmt: skip
                return
        try:
            entry = CalendarEntry.written(self.kind, answers, self._now())
        except JournalError as err:
            why = str(err)
            if "at least one answer" in why:
                why = "Write a few words in any of the questions first."
            self._say(why)
            return
        self.saving, self._quitting = True, quitting
        self._say("Saving…")
        self.app.journal.write_calendar(entry, partial(self._saved, entry))

    def _saved(self, entry: CalendarEntry, message: str, saved: bool) -> None:
        self.saving = False
        if saved:
            self.app.notify(message, markup=False)
            self.dismiss(entry)
            if self._quitting:
                self.app.exit(0)
        else:
            self._quitting = False  # not saved: the words stay on screen
            self._say(message)

    def ask_before_quitting(self) -> ModalScreen | None:
        """Ctrl+Q, Ctrl+C or the palette's Quit with words written here: the question asked
        first (None when nothing is written)."""
        if not any(text.strip() for text in self.answers().values()):
            return None
        from mbsr_tui.ui.screens.editor_dialogs import ChoiceScreen

        def answered(choice: str | None) -> None:
            if choice == "save":
                self._quitting = True
                self.action_save()
            elif choice == "discard":
                self.app.exit(0)

        question = ChoiceScreen(
            "What you wrote here is not saved yet.",
            [("save", "Save and quit", "s"), ("discard", "Quit without saving", "q"),
             ("stay", "Keep writing", "k")],
            detail="Pressing Ctrl+C or Ctrl+Q again quits without saving.",
        )  # fmt: skip
        self.app.push_screen(question, answered)
        return question

    def action_back(self) -> None:
        if not any(text.strip() for text in self.answers().values()):
            self.dismiss(None)
            return
        from mbsr_tui.ui.screens.confirm import ConfirmScreen

        question = ConfirmScreen(
            "Leave without saving?", yes="Leave", no="Keep writing",
            detail="What you wrote here is not kept.",
        )  # fmt: skip
        self.app.push_screen(question, lambda leave: leave and self.dismiss(None))


class CalendarChoiceScreen(ModalScreen[str | None]):
    """Which calendar to write in; returns its kind, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Write in a calendar", classes="dialog-question")
            yield OptionList(
                *[Option(TITLES[kind], id=kind) for kind in CALENDAR_KINDS], id="calendar-kinds"
            )
            yield Static("Enter to write · Escape to go back", classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
