"""The person's settings (a mixin of `MbsrApp`): changed on the settings screen, applied
at once and saved by a worker, with one message after the write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from mbsr_tui.core.settings import Settings, save_settings

if TYPE_CHECKING:
    from mbsr_tui.ui.bell_control import BellControl
    from mbsr_tui.ui.launch_options import Launch


class SettingsWritten(Message):
    """The settings worker's result: `problem` is None when the file was written."""

    def __init__(self, problem: str | None, confirm: bool) -> None:
        super().__init__()
        self.problem = problem
        self.confirm = confirm


class SettingsKeeper:
    """Needs `settings`, `launch` and `bells`."""

    settings: Settings
    launch: Launch
    bells: BellControl

    def action_settings(self) -> None:
        from mbsr_tui.ui.screens.settings import SettingsScreen

        def saved(new: Settings | None) -> None:
            if new is not None:
                self.remember(new, confirm=True)
                self.bells.configure(new.bell_mode if not self.launch.bell_mode else None,
                                     new.volume)  # fmt: skip

        self.push_screen(SettingsScreen(self.settings), saved)

    def remember(self, settings: Settings, *, confirm: bool = False) -> None:
        """Apply `settings` now and save them for next time (off the event loop)."""
        self.settings = settings
        self._save_settings(settings, confirm)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _save_settings(self, settings: Settings, confirm: bool) -> None:
        # One message, after the write: "saved" only when it was.
        try:
            save_settings(settings)
        except OSError as err:
            problem = (
                "Your settings apply now but could not be saved for next time: "
                f"{err.strerror or err}"
            )
            self.post_message(SettingsWritten(problem, confirm))
        else:
            self.post_message(SettingsWritten(None, confirm))

    def on_settings_written(self, message: SettingsWritten) -> None:
        if message.problem is not None:
            self.notify(message.problem, severity="error", markup=False)
        elif message.confirm:
            self.notify("Settings saved.")
