"""No screen's stylesheet restyles another screen.

Textual adds a screen's `CSS_PATH` to the app-wide stylesheet the first time the screen
is pushed, and never scopes it: a generic rule such as the editor's `.row` or `.section`
would then restyle every screen shown afterwards. So every rule of every sheet in the
package starts with the type of a screen that loads it (the app's own sheet: any of the
package's screens, or the dialogs' frame), and a screen that carries every class and id
those sheets name looks the same before and after they are loaded.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Static

import mbsr_tui
import mbsr_tui.ui
from mbsr_tui.ui.screens.editor import EditorScreen

PACKAGE = Path(mbsr_tui.__file__).parent


@cache
def package_classes() -> tuple[type[DOMNode], ...]:
    """Every Textual node class defined in mbsr_tui.ui (screens, widgets, the app)."""
    found = []
    for info in pkgutil.walk_packages(mbsr_tui.ui.__path__, "mbsr_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode):
                found.append(cls)
    return tuple(found)


def sheet_loaders() -> dict[Path, list[type[DOMNode]]]:
    """Each sheet, with the classes whose own CSS_PATH names it (resolved as Textual does:
    relative to the file that defines the class)."""
    loaders: dict[Path, list[type[DOMNode]]] = {}
    for cls in package_classes():
        paths = cls.__dict__.get("CSS_PATH")
        if not paths:
            continue
        for path in paths if isinstance(paths, list) else [paths]:
            sheet = (Path(inspect.getfile(cls)).parent / path).resolve()
            loaders.setdefault(sheet, []).append(cls)
    return loaders


@cache
def theme_variables() -> dict[str, str]:
    return App().get_css_variables()


def rules_of(sheet: Path):
    stylesheet = Stylesheet(variables=theme_variables())
    stylesheet.read(sheet)
    stylesheet.parse()
    return stylesheet.rules


def sheets() -> list[Path]:
    return sorted(PACKAGE.rglob("*.tcss"))


def test_every_sheet_is_loaded_by_a_screen_or_the_app():
    loaders = sheet_loaders()
    assert sheets(), "no .tcss found in the package"
    for sheet in sheets():
        assert loaders.get(sheet), f"{sheet.name} is loaded by nothing"
        for cls in loaders[sheet]:
            assert issubclass(cls, (Screen, App)), f"{cls.__name__} loads {sheet.name}"


def allowed_first_types(sheet: Path) -> set[str]:
    """The types a rule of `sheet` may start with: the screens that load it; for the
    app's own sheet, any screen of the package and ModalScreen (the dialogs' frame)."""
    loaders = sheet_loaders()[sheet]
    allowed = {cls.__name__ for cls in loaders if issubclass(cls, Screen)}
    if any(issubclass(cls, App) for cls in loaders):
        allowed |= {cls.__name__ for cls in package_classes() if issubclass(cls, Screen)}
        allowed.add(ModalScreen.__name__)
    return allowed


def test_every_rule_starts_with_the_type_of_its_own_screen():
    wrong = []
    for sheet in sheets():
        allowed = allowed_first_types(sheet)
        for rule in rules_of(sheet):
            for selectors in rule.selector_set:
                first = selectors.selectors[0]
                alone = len(selectors.selectors) == 1
                if first.type == SelectorType.TYPE and first.name in allowed:
                    continue
                # `Screen { … }` styles the screens themselves (the app's background).
                if first.name == Screen.__name__ and alone and sheet_is_the_apps(sheet):
                    continue
                wrong.append(f"{sheet.name}: {selectors.css}")
    assert not wrong, "rules that would restyle other screens:\n" + "\n".join(wrong)


def sheet_is_the_apps(sheet: Path) -> bool:
    return any(issubclass(cls, App) for cls in sheet_loaders()[sheet])


def test_no_class_of_the_package_turns_off_textuals_scoping():
    unscoped = [
        cls.__name__ for cls in package_classes() if cls.__dict__.get("SCOPED_CSS") is False
    ]
    assert not unscoped


def test_the_rule_check_catches_a_generic_rule(tmp_path):
    """The check above is not vacuous: the sheets as they were (`.row { … }`) fail it."""
    leaky = tmp_path / "leaky.tcss"
    leaky.write_text(".row { height: auto; }\nEditorScreen .row-label { width: 17; }\n")
    starts = [s.selectors[0] for rule in rules_of(leaky) for s in rule.selector_set]
    allowed = {EditorScreen.__name__}
    assert [s.type == SelectorType.TYPE and s.name in allowed for s in starts] == [False, True]


# -- a screen that carries every class and id the sheets name ----------------------------


def named_in(some_sheets: list[Path]) -> tuple[list[str], list[str]]:
    """(classes, ids) named anywhere in `some_sheets`."""
    classes, ids = set(), set()
    for sheet in some_sheets:
        for rule in rules_of(sheet):
            for selectors in rule.selector_set:
                for selector in selectors.selectors:
                    if selector.type == SelectorType.CLASS:
                        classes.add(selector.name)
                    elif selector.type == SelectorType.ID:
                        ids.add(selector.name)
    return sorted(classes), sorted(ids)


class ProbeScreen(Screen[None]):
    """Every class and id of some sheets, on a container and on the kinds of widget the
    sheets style inside it, so that descendant and child selectors can match too."""

    def __init__(self, some_sheets: list[Path]) -> None:
        super().__init__()
        self.some_sheets = some_sheets

    def compose(self) -> ComposeResult:
        classes, ids = named_in(self.some_sheets)
        everything = " ".join(classes)
        for id in [None, *ids]:
            with Vertical(id=id, classes=everything):
                yield Static("probe", classes=everything)
                yield Label("probe", classes=everything)
                yield Button("probe", classes=everything)
                yield Input("probe", classes=everything)
                yield Checkbox("probe", classes=everything)


def looks(screen: Screen) -> dict[str, tuple[str, object]]:
    """What CSS gave each node of `screen`, and where it landed."""
    return {
        f"{i}:{type(node).__name__}#{node.id}": (node.styles.css, node.region)
        for i, node in enumerate(screen.walk_children(with_self=True))
    }


async def probe_looks(app, pilot, some_sheets: list[Path]) -> dict[str, tuple[str, object]]:
    probe = ProbeScreen(some_sheets)
    await app.push_screen(probe)
    await pilot.pause()
    seen = looks(probe)
    app.pop_screen()
    await pilot.pause()
    return seen


async def test_the_editor_leaves_no_style_behind(make_app):
    """Open the editor (its sheet joins the app's), leave it, then show a screen with
    the editor's own classes (.row, .section, .with-button, ...): it looks as before,
    and so does the menu."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = looks(app.screen)
        editor_sheet = [s for s, cls in sheet_loaders().items() if EditorScreen in cls]
        before = await probe_looks(app, pilot, editor_sheet)
        app.open_editor(app.catalogue.get("body-scan"))
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        # The editor's sheet is loaded and still styles the editor itself.
        section = editor.query("#editor-form > .section")[1]
        assert section.styles.margin.top == 1 and section.styles.height.value == 1
        editor.dismiss()
        await pilot.pause()
        assert looks(app.screen) == menu
        assert await probe_looks(app, pilot, editor_sheet) == before


async def test_no_sheet_restyles_a_screen_it_does_not_belong_to(make_app):
    """Every sheet of the package loaded the way Textual loads a screen's CSS_PATH."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = await probe_looks(app, pilot, sheets())
        for sheet in sheets():
            loader = type(f"Loads{sheet.stem.title()}", (Screen,), {"CSS_PATH": str(sheet)})
            await app.push_screen(loader())
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        assert await probe_looks(app, pilot, sheets()) == before
