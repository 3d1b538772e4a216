"""The bank model: frozen values produced by `quiz.bank.load`, shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

Kind = Literal["choice", "multi", "number", "date", "text", "claim", "order"]
KINDS: tuple[str, ...] = get_args(Kind)

Verdict = Literal["supported", "refuted", "not-in-source"]
VERDICTS: tuple[str, ...] = get_args(Verdict)

# Banks are written in English: not calendar.month_name, which follows the locale.
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


@dataclass(frozen=True, slots=True, order=True)
class DateValue:
    """A date at the precision the bank states: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None and self.month is not None:
            last = days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} does not exist in {MONTHS[self.month - 1]} {self.year}"
                )

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        """Human form: "2004", "January 2017", "15 January 2017"."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"


def format_number(value: float) -> str:
    """478.0 -> "478", 14.5 -> "14.5", 2600 -> "2,600"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10f}".rstrip("0").rstrip(".")


Answer = str | float | DateValue | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """The article a bank is written from. `path` is resolved against the bank file."""

    path: Path
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """One question. `answer` is typed by kind:

    - choice: str (one of `choices`)       - multi: tuple[str, ...] (a subset of `choices`)
    - number: float                        - date: DateValue
    - text: str (alternatives in `accept`) - claim: a Verdict string
    - order: tuple[str, ...] (== `items`, the right order)
    """

    id: str
    kind: Kind
    prompt: str
    answer: Answer
    cite: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str | None = None
    explain: str | None = None
    hint: str | None = None
    tags: tuple[str, ...] = ()
    points: float = 1.0
    line: int = 0  # where the question starts in its bank file, for messages
    col: int = 0

    @property
    def expected(self) -> str:
        """The answer as a learner should read it."""
        match self.answer:
            case DateValue():
                return str(self.answer)
            case float() | int():
                text = format_number(self.answer)
                if self.tolerance:
                    text += f" (± {format_number(self.tolerance)})"
                return f"{text} {self.unit}" if self.unit else text
            case tuple():
                if self.kind == "order":
                    return " → ".join(self.answer)
                return ", ".join(self.answer)
            case _:
                return str(self.answer)

    @property
    def content_hash(self) -> str:
        """Changes when anything that decides the right answer changes; progress keys on it."""
        # Imported here: only answers being recorded need it, not the first question's frame.
        import hashlib
        import json

        payload = {
            "kind": self.kind,
            "prompt": self.prompt,
            "answer": self.answer.iso() if isinstance(self.answer, DateValue) else self.answer,
            "choices": self.choices,
            "items": self.items,
            "accept": self.accept,
            "tolerance": self.tolerance,
            "unit": self.unit,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Bank:
    slug: str
    title: str
    path: Path
    source: Source
    questions: tuple[Question, ...]
    description: str | None = None
    by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            object.__setattr__(self, "by_id", {q.id: q for q in self.questions})

    @property
    def content_hash(self) -> str:
        """The bank's version: changes when a question is added, removed, moved, re-pointed or
        its content (`Question.content_hash`) changes. Results of different versions are not
        comparable question by question, so `quiz report` keeps them apart."""
        import hashlib
        import json

        payload = [[q.id, q.content_hash, q.points] for q in self.questions]
        blob = json.dumps([self.slug, payload], ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def tags(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for q in self.questions:
            for t in q.tags:
                seen.setdefault(t, None)
        return tuple(seen)
