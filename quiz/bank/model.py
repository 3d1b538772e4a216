"""The bank model: frozen values produced by `quiz.bank.load`, shared by every layer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from quiz import lazy

if TYPE_CHECKING:
    import hashlib
else:
    # Only answers being recorded need it, not the first question's frame.
    hashlib = lazy.module("hashlib")

# Far above any real bank (a 100-question bank is ~30 KiB; 10,000 questions fit), small
# enough that a stray huge file is refused at once instead of being parsed. Here, not in the
# loader, so that the cache can read a bank with the same limit without importing PyYAML.
MAX_BANK_BYTES = 4 * 1024 * 1024

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
    """The article a bank is written from. `path` is resolved against the bank file.

    A bundle embeds the article: `text` is then the article itself and `path` the bank file."""

    path: Path
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    text: str | None = None


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
class Skip:
    """A sentence of the article the author deliberately does not ask (`skip:` in the bank)."""

    cite: str
    reason: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True, slots=True)
class Bank:
    slug: str
    title: str
    path: Path
    source: Source
    questions: tuple[Question, ...]
    description: str | None = None
    skip: tuple[Skip, ...] = ()
    by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            object.__setattr__(self, "by_id", {q.id: q for q in self.questions})

    @property
    def content_hash(self) -> str:
        """The bank's version: changes when a question is added, removed, moved, re-pointed or
        its content (`Question.content_hash`) changes. Results of different versions are not
        comparable question by question, so `quiz report` keeps them apart."""
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


# --- plain data: to and from JSON-ready dicts (the bank cache, quiz.bank.cache) ---------------
# `from_dict` trusts nothing: any key, type or value other than `to_dict` writes raises
# ValueError, so that a damaged or foreign document can never become a different bank.

_SOURCE_KEYS = frozenset(("path", "title", "publisher", "url", "date"))
_QUESTION_KEYS = frozenset(
    (
        "id", "kind", "prompt", "answer", "cite", "choices", "items", "accept", "tolerance",
        "unit", "explain", "hint", "tags", "points", "line", "col",
    )
)  # fmt: skip
_BANK_KEYS = frozenset(("slug", "title", "path", "source", "questions", "description", "skip"))
_SKIP_KEYS = frozenset(("cite", "reason", "line", "col"))


def _str(value: object) -> str:
    if type(value) is not str:
        raise ValueError("expected a string")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _strs(value: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("expected a list")
    for item in value:
        if type(item) is not str:
            raise ValueError("expected a list of strings")
    return tuple(value)


def _float(value: object) -> float:
    if type(value) is not float and type(value) is not int:
        raise ValueError("expected a number")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("expected a finite number")
    return number


def _int(value: object) -> int:
    if type(value) is not int:
        raise ValueError("expected a whole number")
    return value


def _list(value: object) -> list[object]:
    if type(value) is not list:
        raise ValueError("expected a list")
    return value


def _mapping(value: object, keys: frozenset[str]) -> dict[str, object]:
    if type(value) is not dict or value.keys() != keys:
        raise ValueError("unexpected fields")
    return value


def _date_from_iso(text: str) -> DateValue:
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError("expected an ISO date")
    year, *rest = (int(p) for p in parts)
    return DateValue(year, *rest)


def _answer_to_data(answer: Answer) -> object:
    if isinstance(answer, DateValue):
        return answer.iso()
    return list(answer) if isinstance(answer, tuple) else answer


def _answer_from_data(kind: str, value: object) -> Answer:
    if kind == "number":
        return _float(value)
    if kind == "date":
        return _date_from_iso(_str(value))
    if kind in ("multi", "order"):
        return _strs(value)
    if kind == "claim" and value not in VERDICTS:
        raise ValueError("expected a verdict")
    return _str(value)


def source_to_dict(source: Source) -> dict[str, object]:
    return {
        "path": str(source.path),
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "date": source.date,
    }


def source_from_dict(data: object) -> Source:
    d = _mapping(data, _SOURCE_KEYS)
    return Source(
        path=Path(_str(d["path"])),
        title=_opt_str(d["title"]),
        publisher=_opt_str(d["publisher"]),
        url=_opt_str(d["url"]),
        date=_opt_str(d["date"]),
    )


def question_to_dict(q: Question) -> dict[str, object]:
    return {
        "id": q.id,
        "kind": q.kind,
        "prompt": q.prompt,
        "answer": _answer_to_data(q.answer),
        "cite": list(q.cite),
        "choices": list(q.choices),
        "items": list(q.items),
        "accept": list(q.accept),
        "tolerance": q.tolerance,
        "unit": q.unit,
        "explain": q.explain,
        "hint": q.hint,
        "tags": list(q.tags),
        "points": q.points,
        "line": q.line,
        "col": q.col,
    }


def question_from_dict(data: object) -> Question:
    d = _mapping(data, _QUESTION_KEYS)
    kind = _str(d["kind"])
    if kind not in KINDS:
        raise ValueError("unknown kind")
    question = Question(
        id=_str(d["id"]),
        kind=kind,  # type: ignore[arg-type]
        prompt=_str(d["prompt"]),
        answer=_answer_from_data(kind, d["answer"]),
        cite=_strs(d["cite"]),
        choices=_strs(d["choices"]),
        items=_strs(d["items"]),
        accept=_strs(d["accept"]),
        tolerance=_float(d["tolerance"]),
        unit=_opt_str(d["unit"]),
        explain=_opt_str(d["explain"]),
        hint=_opt_str(d["hint"]),
        tags=_strs(d["tags"]),
        points=_float(d["points"]),
        line=_int(d["line"]),
        col=_int(d["col"]),
    )
    # What the loader guarantees and the grader relies on.
    if kind == "choice" and question.answer not in question.choices:
        raise ValueError("the answer is not a choice")
    if kind == "multi" and not set(question.answer) <= set(question.choices):  # type: ignore[arg-type]
        raise ValueError("the answer is not a set of choices")
    if kind == "order" and question.answer != question.items:
        raise ValueError("the answer is not the items")
    if not question.points > 0 or question.tolerance < 0:
        raise ValueError("points or tolerance out of range")
    return question


def bank_to_dict(bank: Bank) -> dict[str, object]:
    return {
        "slug": bank.slug,
        "title": bank.title,
        "path": str(bank.path),
        "source": source_to_dict(bank.source),
        "questions": [question_to_dict(q) for q in bank.questions],
        "description": bank.description,
        "skip": [
            {"cite": k.cite, "reason": k.reason, "line": k.line, "col": k.col} for k in bank.skip
        ],
    }


def _skip_from_dict(data: object) -> Skip:
    d = _mapping(data, _SKIP_KEYS)
    return Skip(_str(d["cite"]), _str(d["reason"]), _int(d["line"]), _int(d["col"]))


def bank_from_dict(data: object) -> Bank:
    """The Bank `bank_to_dict` described; ValueError for anything else."""
    d = _mapping(data, _BANK_KEYS)
    raw_questions = d["questions"]
    if type(raw_questions) is not list or not raw_questions:
        raise ValueError("expected a list of questions")
    questions = tuple(question_from_dict(q) for q in raw_questions)
    bank = Bank(
        slug=_str(d["slug"]),
        title=_str(d["title"]),
        path=Path(_str(d["path"])),
        source=source_from_dict(d["source"]),
        questions=questions,
        description=_opt_str(d["description"]),
        skip=tuple(_skip_from_dict(k) for k in _list(d["skip"])),
    )
    if len(bank.by_id) != len(questions):
        raise ValueError("duplicate question ids")
    return bank
