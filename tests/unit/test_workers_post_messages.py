"""A worker posts its result as a message, and its errors go to one place
(ui/worker_errors.py): no `call_from_thread` or `call_soon_threadsafe` outside the few
threads that are not workers, and every worker is started with `exit_on_error=False`
(issue 19, item 3)."""

from __future__ import annotations

import ast
from pathlib import Path

import mbsr_tui

PACKAGE = Path(mbsr_tui.__file__).parent
THREAD_HOPS = {"call_from_thread", "call_soon_threadsafe"}

# Left as they are, and why (a comment says so where each is):
KNOWN_HOPS = {
    "ui/journal_keeper.py",  # its `done` callbacks and settle() on the way out
    "ui/group_control.py",  # the room's heartbeat thread: a bell must not wait in a queue
    "ui/shutdown.py",  # a signal handler
}
# Workers whose failure is handled where they are started.
KNOWN_WORKERS = {
    "ui/journal_keeper.py",  # the journal's writes (see above)
    "ui/typed_input.py",  # a wait for typed keys, on the loop; a failure there is a bug
    "ui/practice_flow.py",  # the way out of the app: a failure there ends it anyway
}


def calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            yield node


def name_of(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path


def test_results_from_threads_are_posted_not_called_across():
    found = {
        where
        for where, path in sources()
        if any(name_of(call.func) in THREAD_HOPS for call in calls(path))
    }
    assert found <= KNOWN_HOPS, found - KNOWN_HOPS


def test_every_worker_leaves_its_errors_to_the_one_handler():
    loud = set()
    for where, path in sources():
        if where in KNOWN_WORKERS:
            continue
        for call in calls(path):
            if name_of(call.func) not in ("work", "run_worker"):
                continue
            quiet = any(
                kw.arg == "exit_on_error"
                and isinstance(kw.value, ast.Constant)
                and kw.value.value is False
                for kw in call.keywords
            )
            if not quiet:
                loud.add(f"{where}:{call.lineno}")
    assert not loud, loud


def test_whatever_starts_a_worker_hears_its_errors():
    """Textual tells a worker's end only to the node that started it (no bubbling): a
    screen with a worker takes the handler too; the app's mixins share the app's."""
    from mbsr_tui.ui.app import MbsrApp
    from mbsr_tui.ui.worker_errors import WorkerErrors

    app_parts = {part.__name__ for part in MbsrApp.__mro__}
    assert WorkerErrors in MbsrApp.__mro__
    deaf = set()
    for where, path in sources():
        if where in KNOWN_WORKERS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef) or node.name in app_parts:
                continue
            starts = any(
                isinstance(d, ast.Call) and name_of(d.func) == "work"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                for d in item.decorator_list
            )
            if starts and "WorkerErrors" not in {name_of(base) for base in node.bases}:
                deaf.add(f"{where}:{node.name}")
    assert not deaf, deaf
