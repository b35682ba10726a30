"""The editor's saving: what the screen shows, to which file, asking first where a file
would be rewritten or changed meanwhile; the write itself in a worker that posts
`EditorScreen.SaveEnded`. A part of `EditorScreen` (its state lives there)."""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path
from typing import Any

from textual import work
from textual.widgets import Checkbox, Static

from mbsr_tui.core.loader import SessionError
from mbsr_tui.core.session_draft import SessionDraft
from mbsr_tui.core.session_files import (
    ChangedOnDisk,
    NotSaved,
    Origin,
    file_bytes,
    free_id,
    save_draft,
    taken_ids,
    written_by_hand,
)
from mbsr_tui.ui.screens.editor_dialogs import changed_question, rewrite_question
from mbsr_tui.ui.screens.editor_form import first_invalid
from mbsr_tui.ui.typed_input import after_typing
from mbsr_tui.ui.worker_errors import WorkerErrors, reason


class EditorSaving(WorkerErrors):
    """Saving, for `EditorScreen` (which holds the draft, its origin and what was seen)."""

    def action_save(self, then_leave: bool = False) -> None:
        if self._saving:
            return
        # ctrl+s is read with whatever came in the same read (a paste, a slow link): the
        # save waits for those keys to reach the form, so it saves what the screen shows.
        self._saving = True
        after_typing(self, lambda: self._save_as_shown(then_leave))

    def _save_as_shown(self, then_leave: bool) -> None:
        self._saving = False
        invalid = first_invalid(self)
        if invalid is not None:
            self._quitting = False  # not saved: the person stays to put it right
            invalid.focus()
            self.notify("Please look at the field marked in the form first.", severity="warning")
            return
        target = self._target(then_leave)
        if target is None:
            return
        self._apply_care()
        self._saving = True
        session_id, fresh = target
        replacing = self._seen.get(session_id)  # None: a new file, where none may be yet
        self._save(copy.deepcopy(self.draft), session_id, replacing, fresh, then_leave)

    def _target(self, then_leave: bool) -> tuple[str, bool] | None:
        """The id to save as and whether it is a free id of the editor's choosing, or
        None while a question is asked first."""
        if self.origin is Origin.OWN and not self._as_copy:
            found = None if self._rewrite_ok else written_by_hand(self.source)
            if found is not None:
                question = rewrite_question(found.message(self.source.name))
                self.app.push_screen(question, partial(self._answered, then_leave, None))
                return None
            return self.source.stem, False
        replace = self.query("#f-replace").results(Checkbox)
        if self.origin is Origin.BUILTIN and any(box.value for box in replace):
            return self.session.id, False
        return free_id(self.draft.title, taken_ids()), True

    def _answered(
        self, then_leave: bool, changed: ChangedOnDisk | None, choice: str | None
    ) -> None:
        """The person's answer to "rewrite it?" or "it was changed meanwhile: overwrite?"."""
        if choice == "copy":
            self._as_copy = True
        elif choice == "rewrite":
            self._rewrite_ok = True
            if changed is not None:  # overwrite what is there now, and only that
                self._seen[changed.target.stem] = changed.found
        else:
            self._quitting = False  # kept editing: nothing was saved to quit after
            return
        self.action_save(then_leave)

    @work(thread=True, exclusive=True, group="editor-save", exit_on_error=False)
    def _save(self, draft: SessionDraft, session_id: str, replacing: bytes | None, fresh: bool,
              then_leave: bool) -> None:  # fmt: skip
        try:
            path = save_draft(draft, session_id, replacing=replacing)
        except ChangedOnDisk as err:
            ended = self.SaveEnded(draft, then_leave, fresh, changed=err)
        except NotSaved as err:
            ended = self.SaveEnded(draft, then_leave, fresh, why=str(err), problems=err.problems)
        except OSError as err:
            why = f"could not write it ({err.strerror or err})"
            ended = self.SaveEnded(draft, then_leave, fresh, why=why)
        except Exception as err:  # unforeseen: still "not saved", and the form stays usable
            ended = self.SaveEnded(
                draft, then_leave, fresh, why=f"could not write it ({reason(err)})"
            )
        else:
            ended = self.SaveEnded(draft, then_leave, fresh, path=path)
        self.post_message(ended)

    def on_editor_screen_save_ended(self, ended: Any) -> None:  # EditorScreen.SaveEnded
        if ended.changed is not None:
            self._changed_on_disk(ended.changed, ended.fresh, ended.then_leave)
        elif ended.path is None:
            self._not_saved(ended.why, ended.problems)
        else:
            self._saved(ended.draft, ended.path, ended.then_leave)

    def _changed_on_disk(self, err: ChangedOnDisk, fresh: bool, then_leave: bool) -> None:
        self._saving = False
        if fresh and self._fresh_tries < 3:  # a name free a moment ago was taken meanwhile
            self._fresh_tries += 1
            self.action_save(then_leave)
            return
        question = changed_question(err.target.name, gone=err.found is None)
        self.app.push_screen(question, partial(self._answered, then_leave, err))

    def _saved(self, draft: SessionDraft, path: Path, then_leave: bool) -> None:
        self._saving, self._fresh_tries = False, 0
        self._seen[path.stem] = file_bytes(draft)
        self.saved_id, self.source = path.stem, path
        self.origin, self._as_copy, self._rewrite_ok = Origin.OWN, False, True
        self.baseline = draft.dumps()
        self.query_one("#editor-header", Static).update(self._header_text())
        self.notify(f"Saved “{draft.title.strip()}” as {path.name} in your practices.",
                    markup=False)  # fmt: skip
        # To the app itself: this screen may be gone (saved on the way out) before its own
        # messages are handled.
        self.app.post_message(self.PracticesChanged())
        if then_leave:
            self._leave()

    def _not_saved(self, why: str, problems: list[SessionError]) -> None:
        self._saving = False
        self._quitting = False
        self.show_problems(problems)
        first = f": {problems[0].message}" if problems else ""
        self.notify(f"Not saved: {why}{first}", severity="error", markup=False, timeout=8)
