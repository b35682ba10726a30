"""Session time from the monotonic clock, with pause, resume and skipping ahead.

Every moment is derived from `now - start - paused`, never accumulated from timer
callbacks, so late or skipped frames cannot make a session drift.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class SessionClock:
    """Elapsed session time, frozen while paused; `practised` excludes pauses and skips."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._started = now()
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._skipped = 0.0
        # (running seconds when the skip happened, seconds skipped), oldest first.
        self._skips: list[tuple[float, float]] = []

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def _running_seconds(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._now()
        return end - self._started - self._paused_total

    def elapsed(self) -> float:
        return self._running_seconds() + self._skipped

    def practised(self) -> float:
        """Seconds actually spent in the session: pauses and skipped parts left out."""
        return self._running_seconds()

    def practised_since(self, mark: float) -> float:
        """Seconds spent since the session's time first reached `mark` (pauses and skips
        left out): the practice proper, without the "getting ready" countdown before it."""
        running = self._running_seconds()
        reached = self._running_when_elapsed_reached(mark)
        return max(0.0, running - reached) if reached is not None else 0.0

    def _running_when_elapsed_reached(self, mark: float) -> float | None:
        skipped = 0.0
        for at, amount in self._skips:
            if mark <= at + skipped:
                return max(0.0, mark - skipped)  # reached by running, before this skip
            skipped += amount
            if mark <= at + skipped:
                return at  # reached by this skip
        reached = max(0.0, mark - skipped)
        return reached if reached <= self._running_seconds() else None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._now() - self._paused_at
            self._paused_at = None

    def toggle(self) -> bool:
        """Pause if running, resume if paused; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def skip_to(self, elapsed: float) -> None:
        """Jump ahead to `elapsed` (skipping a step); never backwards."""
        amount = max(0.0, elapsed - self.elapsed())
        if amount > 0:
            self._skips.append((self._running_seconds(), amount))
            self._skipped += amount
