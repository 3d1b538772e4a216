"""How many of the facts a teacher would list does a bank ask? The measure behind the
figures in docs/authoring.md and the draft tests.

A fact is asked when a question's answer is it (a number, a date, a name; a multi whose
answer holds every member of a list), or when a claim states it: a supported claim's prompt
says it, or a refuted claim's cite says it while its prompt says something else instead.
Order questions are not counted: putting dates in order does not ask what they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quiz.bank.model import DateValue, Question
from quiz.checker.grounding import numbers_in
from quiz.folding import answer_key
from quiz.reading import find_dates, parse_date

__all__ = ["FactSpec", "Recall", "recall"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    kind: str  # number, date, person, place, name, members
    value: object
    about: str = ""

    @classmethod
    def from_mapping(cls, m: Mapping[str, object]) -> FactSpec:
        return cls(str(m["kind"]), m["value"], str(m.get("about", "")))


@dataclass(frozen=True, slots=True)
class Recall:
    asked: tuple[FactSpec, ...]
    missed: tuple[FactSpec, ...]

    @property
    def ratio(self) -> float:
        total = len(self.asked) + len(self.missed)
        return len(self.asked) / total if total else 1.0


def _says(text: str, fact: FactSpec) -> bool:
    if fact.kind == "number":
        return float(fact.value) in numbers_in(text)  # type: ignore[arg-type]
    if fact.kind == "date":
        want = parse_date(str(fact.value).replace("-", "-"))
        return want is not None and any(_same_date(d, want) for d in find_dates(text))
    if fact.kind == "members":
        return all(_has(text, str(m)) for m in fact.value)  # type: ignore[attr-defined]
    return _has(text, str(fact.value))


def _has(text: str, name: str) -> bool:
    name, text = answer_key(name, drop_article=False), answer_key(text, drop_article=False)
    return f" {name} " in f" {text} "


def _same_date(found: DateValue, want: DateValue) -> bool:
    return (
        found.year == want.year
        and (want.month is None or found.month == want.month)
        and (want.day is None or found.day == want.day)
    )


def _answers(q: Question, fact: FactSpec) -> bool:
    match q.kind:
        case "number":
            return fact.kind == "number" and q.answer == float(fact.value)  # type: ignore[arg-type]
        case "date":
            want = parse_date(str(fact.value))
            return fact.kind == "date" and isinstance(q.answer, DateValue) and want == q.answer
        case "text" | "choice":
            forms = [str(q.answer), *q.accept]
            return any(_says(f, fact) for f in forms) if fact.kind != "members" else False
        case "multi":
            if fact.kind == "members":
                wanted = {answer_key(str(m), drop_article=False) for m in fact.value}  # type: ignore[attr-defined]
                return wanted <= {answer_key(a, drop_article=False) for a in q.answer}
            return False
        case "claim":
            if q.answer == "supported":
                return _says(q.prompt, fact)
            if q.answer == "refuted":
                cited = " ".join(q.cite)
                return _says(cited, fact) and not _says(q.prompt, fact)
            return False
    return False


def recall(questions: Iterable[Question], facts: Iterable[FactSpec]) -> Recall:
    qs = list(questions)
    asked: list[FactSpec] = []
    missed: list[FactSpec] = []
    for fact in facts:
        (asked if any(_answers(q, fact) for q in qs) else missed).append(fact)
    return Recall(tuple(asked), tuple(missed))
