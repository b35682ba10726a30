"""Screens and widgets ask the app for things by posting messages (ui/screens/requests.py,
`MenuScreen.Chosen`, `PlayerScreen.Ended`...), never by calling the app's own methods
(issue 19, item 3). Textual's own App API (push_screen, notify...) is theirs to use."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

import mbsr_tui.ui

UI = Path(mbsr_tui.ui.__file__).parent

# Still reaching into MbsrApp, and why they are left (issue 19 lists them as not done):
# they read the app's state rather than call it. (The player rings through the
# PracticeSound it is handed.)
KNOWN = {
    ("screens/rooms.py", "settings"),
    ("screens/rooms.py", "catalogue"),
    ("screens/calendar_form.py", "journal"),
    ("widgets/editor_preview.py", "now"),
    ("widgets/editor_preview.py", "settings"),
}
TEXTUAL_INSTANCE_ATTRIBUTES = {"animation_level"}  # set in App.__init__, not on the class


def app_members_used(path: Path) -> set[str]:
    """Names read from `self.app` (also through getattr) that Textual's App does not have."""
    used = set()
    for node in ast.walk(ast.parse(path.read_text())):
        name = None
        if isinstance(node, ast.Attribute) and _is_self_app(node.value):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and node.args
            and _is_self_app(node.args[0])
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
        ):
            name = node.args[1].value
        if name and not hasattr(App, name) and name not in TEXTUAL_INSTANCE_ATTRIBUTES:
            used.add(name)
    return used


def _is_self_app(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "app"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def test_screens_and_widgets_call_no_app_method_of_ours():
    found = {
        (str(path.relative_to(UI)), name)
        for folder in ("screens", "widgets")
        for path in sorted((UI / folder).glob("*.py"))
        for name in app_members_used(path)
    }
    assert found - KNOWN == set(), "post a message (ui/screens/requests.py) instead"
    assert KNOWN - found == set(), "gone: take it off KNOWN"


def test_the_check_sees_a_call_into_the_app(tmp_path):
    sample = tmp_path / "screen.py"
    sample.write_text(
        "class S:\n"
        "    def a(self):\n"
        "        self.app.begin(1)\n"
        "        getattr(self.app, 'menu_shown')()\n"
        "        self.app.push_screen(1)\n"
    )
    assert app_members_used(sample) == {"begin", "menu_shown"}


def test_no_screen_imports_the_app_or_a_flow():
    """Screens post; the app and the flows import screens, never the other way round."""
    flows = ("mbsr_tui.ui.app", "mbsr_tui.ui.course_flow", "mbsr_tui.ui.practice_flow")
    for folder in ("screens", "widgets"):
        for path in (UI / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                    assert not any(n in flows for n in names), (path.name, node.module)
