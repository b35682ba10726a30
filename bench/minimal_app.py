"""The smallest Textual app: the yardstick for the menu's first frame."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App):
    def compose(self) -> ComposeResult:
        yield Static("MINIMAL-READY")


if __name__ == "__main__":
    MinimalApp().run()
