"""The one place a failed worker is handled. Every worker of the app and its screens runs
with `exit_on_error=False` and posts its result as a message; what it did not foresee
arrives here as the worker's ERROR state and is said in one plain sentence (and logged),
never as a traceback that ends the app.

Textual posts a worker's `StateChanged` to the node that started it, without bubbling: the
app and each screen that starts workers take this mixin."""

from __future__ import annotations

from textual.worker import Worker, WorkerState

FAILED = "Something could not be done just now"


def reason(err: BaseException) -> str:
    """One plain sentence for an exception: its own words, or its name."""
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    text = " ".join(str(err).split())
    return text[:300] or type(err).__name__


class WorkerErrors:
    """For the app and the screens that start workers: a worker's error is told, and the
    app carries on."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        from mbsr_tui.core.safe_text import visible

        worker, app = event.worker, self.app
        error = worker.error
        app.log.error(f"worker {worker.name!r} ({worker.group}) failed: {error!r}")
        why = visible(reason(error)) if error is not None else "an unknown error"
        if app.is_running:
            app.notify(f"{FAILED}: {why}", severity="error", markup=False, timeout=12)
