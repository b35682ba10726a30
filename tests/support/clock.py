"""A clock for tests: it moves only when told to, so tests step it without sleeping."""

from __future__ import annotations


class FakeClock:
    """A clock that moves only when told to: tests step it without sleeping."""

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds
