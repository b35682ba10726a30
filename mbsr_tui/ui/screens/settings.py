"""Settings: how bells reach you, how much moves, check-ins, when a practice day starts,
and the name (if any) others see when sitting together."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from mbsr_tui.core.group.room import NAME_LIMIT, shared_name
from mbsr_tui.core.settings import ANIMATION_LEVELS, BELL_MODES, VOICE_MODES, Settings
from mbsr_tui.ui.widgets.key_line import KeyLine

BELL_WORDS = {
    "auto": "automatic (speakers here, terminal bell over SSH)",
    "sound": "speakers",
    "terminal": "terminal bell",
    "both": "speakers and terminal bell",
    "off": "no bells",
}
ANIMATION_WORDS = {
    "full": "full",
    "reduced": "reduced (steps, no gliding)",
    "none": "none (words only)",
}
VOLUMES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
VOICE_WORDS = {
    "off": "off (read on screen)",
    "on": "on (the system's voice; not over SSH)",
    "force": "on, even over SSH (speaks on the host)",
}


class SettingsScreen(Screen[Settings | None]):
    """Dismissed with the new settings when saved, or None when left unchanged."""

    CSS_PATH = "../settings.tcss"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with VerticalScroll(id="settings-form"):
            yield Static("Settings", classes="dialog-question")
            yield Label("Bells")
            yield Select([(BELL_WORDS[m], m) for m in BELL_MODES], value=s.bell_mode,
                         allow_blank=False, id="bell_mode")  # fmt: skip
            yield Label("Volume")
            volumes = sorted({*VOLUMES, s.volume})
            yield Select([(f"{v}%", v) for v in volumes], value=s.volume, allow_blank=False,
                         id="volume")  # fmt: skip
            with Horizontal(classes="switch-row"):
                yield Switch(value=s.phase_cues, id="phase_cues")
                yield Label("Soft cues when the breath changes (where a practice has them)")
            yield Label("Movement on screen")
            yield Select([(ANIMATION_WORDS[a], a) for a in ANIMATION_LEVELS], value=s.animation,
                         allow_blank=False, id="animation")  # fmt: skip
            yield Label("Spoken guidance, for practising with the eyes closed")
            yield Select([(VOICE_WORDS[v], v) for v in VOICE_MODES], value=s.voice,
                         allow_blank=False, id="voice")  # fmt: skip
            with Horizontal(classes="switch-row"):
                yield Switch(value=s.checkins, id="checkins")
                yield Label("Ask about pain and stress before and after")
            yield Label("A practice day starts at")
            yield Select([(f"{h:02d}:00", h) for h in range(24)], value=s.day_starts_hour,
                         allow_blank=False, id="day_starts_hour")  # fmt: skip
            yield Label("Your name in group sittings (empty: others see only how many sit)")
            yield Input(s.share_name, placeholder="not shared", max_length=NAME_LIMIT,
                        id="share_name")  # fmt: skip
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield KeyLine()

    def on_resize(self) -> None:
        # Fields without their frames on a phone's terminal: twice as many fit.
        compact = self.size.height < 24 or self.size.width < 60
        for field in self.query("Select, Input, Button").results():
            if isinstance(field, Select | Input | Button):
                field.compact = compact

    def current(self) -> Settings:
        """The settings as the form shows them now."""
        values = {}
        for name in ("bell_mode", "volume", "animation", "voice", "day_starts_hour"):
            values[name] = self.query_one(f"#{name}", Select).value
        for name in ("phase_cues", "checkins"):
            values[name] = self.query_one(f"#{name}", Switch).value
        # Plain text on one line, as others will see it (no control characters).
        values["share_name"] = shared_name(self.query_one("#share_name", Input).value)
        return replace(self.settings, **values)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self.current())
