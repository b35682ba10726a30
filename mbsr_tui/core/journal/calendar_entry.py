"""One calendar entry of the 8-week course, as the journal keeps it.

The course's informal practice asks for a written entry a day: a pleasant event (week
2), an unpleasant event (week 3), a difficult communication (weeks 5 and 6). The week's
review keeps one line of reflection the same way. Each kind has its own questions
(`QUESTIONS`); an answer is plain text of up to `ANSWER_LIMIT` characters, with control
characters (other than newline and tab) taken out on the way in. Shown text still goes
through `safe_text` on the way out: an import may have been edited by hand.

Pure Python, like `entry` (which it builds on): no Textual, no SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mbsr_tui.core.journal.entry import MAX_OFFSET_MINUTES as _MAX_OFFSET
from mbsr_tui.core.journal.entry import JournalError, _offset_zone, _utc
from mbsr_tui.core.safe_text import clean_text

__all__ = [
    "ANSWER_LIMIT", "CALENDAR_KINDS", "KINDS", "QUESTIONS", "REFLECTION", "TITLES",
    "CalendarEntry", "clean_answer", "practice_day_of",
]  # fmt: skip

ANSWER_LIMIT = 4000  # characters of one answer, as for a session's note
PLEASANT, UNPLEASANT, COMMUNICATION, REFLECTION = (
    "pleasant", "unpleasant", "communication", "reflection"
)  # fmt: skip
CALENDAR_KINDS = (PLEASANT, UNPLEASANT, COMMUNICATION)  # the course's three calendars
KINDS = (*CALENDAR_KINDS, REFLECTION)

TITLES = {
    PLEASANT: "Pleasant event",
    UNPLEASANT: "Unpleasant event",
    COMMUNICATION: "Difficult communication",
    REFLECTION: "A week's reflection",
}


def _event_questions(feeling: str) -> tuple[tuple[str, str], ...]:
    return (
        ("experience", "What was the experience?"),
        ("aware", f"Were you aware of the {feeling} feeling while it was happening?"),
        ("body", "How did your body feel, in detail?"),
        ("feelings", "What moods, feelings and thoughts came with it?"),
        ("thoughts_now", "What thoughts are here now, as you write this?"),
    )


# Each kind's questions: (field name, the question as the form asks it), in order.
QUESTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    PLEASANT: _event_questions("pleasant"),
    UNPLEASANT: _event_questions("unpleasant"),
    COMMUNICATION: (
        ("happened", "What happened, and with whom?"),
        ("wanted", "What did you want from them, and what did you get?"),
        ("they_wanted", "What did they want from you, and what did they get?"),
        ("felt", "How did you feel during it, and afterwards?"),
        ("resolved", "Is it resolved?"),
    ),
    REFLECTION: (
        ("week", "Which week"),
        ("reflection", "One line about the week that ended"),
    ),
}
ANSWER_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(name for questions in QUESTIONS.values() for name, _ in questions)
)


def clean_answer(text: str) -> str:
    """`text` without control characters (newline and tab stay; CRLF becomes a newline)
    or bidirectional controls, and without space at either end."""
    return clean_text(text, multiline=True).strip()


@dataclass(frozen=True)
class CalendarEntry:
    """One written entry. `answers` holds (field, text) in the kind's order; a question
    left blank is left out. The time is normalised to UTC, as for sessions."""

    kind: str
    written_at: datetime
    utc_offset_minutes: int
    answers: tuple[tuple[str, str], ...]
    row_id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.kind not in KINDS:
            raise JournalError(f"'kind' must be one of {', '.join(KINDS)}, not {self.kind!r:.40}")
        set_(self, "written_at", _utc(self.written_at, "written_at"))
        offset = self.utc_offset_minutes
        if type(offset) is not int or abs(offset) >= _MAX_OFFSET:
            raise JournalError("'utc_offset_minutes' must be a whole number within 18 hours")
        given = dict(self.answers) if isinstance(self.answers, tuple | list) else None
        if given is None or len(given) != len(self.answers):
            raise JournalError("'answers' must be pairs of a question and its answer")
        cleaned = []
        for name, _question in QUESTIONS[self.kind]:
            value = given.pop(name, "")
            if not isinstance(value, str):
                raise JournalError(f"'{name}' must be text")
            value = clean_answer(value)
            if len(value) > ANSWER_LIMIT:
                raise JournalError(f"'{name}' must be at most {ANSWER_LIMIT:,} characters")
            if value:
                cleaned.append((name, value))
        if given:
            wrong = sorted(given)[0]
            raise JournalError(f"'{wrong:.40}' is not a question of a {self.kind} entry")
        if not any(name != "week" for name, _ in cleaned):
            raise JournalError("an entry needs at least one answer")
        set_(self, "answers", tuple(cleaned))

    @classmethod
    def written(cls, kind: str, answers: dict[str, str], now: datetime) -> CalendarEntry:
        """A new entry written at `now` (aware, on the person's clock)."""
        offset = now.utcoffset() or timedelta()
        return cls(kind, now, round(offset.total_seconds() / 60), tuple(answers.items()))

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def answer(self, name: str) -> str:
        return dict(self.answers).get(name, "")

    @property
    def first_answer(self) -> str:
        """The entry in a few words: its first answer (for lists)."""
        for name, text in self.answers:
            if name != "week":
                return text
        return ""

    @property
    def local_written_at(self) -> datetime:
        return self.written_at.astimezone(_offset_zone(self.utc_offset_minutes))

    def to_record(self, *, text_times: bool = True) -> dict[str, Any]:
        """A flat mapping for exports: kind, written_at, utc_offset_minutes, the answers."""
        when = self.written_at.isoformat() if text_times else self.written_at
        record: dict[str, Any] = {
            "kind": self.kind, "written_at": when, "utc_offset_minutes": self.utc_offset_minutes
        }  # fmt: skip
        record.update(self.answers)
        return record


def practice_day_of(entry: CalendarEntry, day_start_hour: int) -> Any:
    """The practice day an entry belongs to (as `progress.practice_day` for sessions)."""
    shift = timedelta(minutes=entry.utc_offset_minutes - 60 * day_start_hour)
    return (entry.written_at + shift).date()
