"""`quiz check --coverage`: the article's facts no question asks.

A sentence is flagged when it states a fact (a number, a date, a list, a proper name) and no
question cites it; a number or date is flagged even inside a cited sentence when no question
asks it. A bank's `skip:` entries mark sentences deliberately not asked. Each finding points at
the article's line and column. See docs/bank-format.md ("Coverage").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.model import MONTHS, Bank, DateValue, Question
from quiz.errors import Problem
from quiz.facts import Fact, analyse
from quiz.reading import find_dates, find_numbers
from quiz.sources import Document, LocateError

__all__ = [
    "Asked",
    "asked_by",
    "coverage_findings",
    "fact_kind",
    "line_col",
    "skipped_sentences",
]

_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")


@dataclass(slots=True)
class Asked:
    """The numbers and dates some question of an article asks."""

    numbers: set[float] = field(default_factory=set)
    dates: set[DateValue] = field(default_factory=set)

    def update(self, other: Asked) -> None:
        self.numbers |= other.numbers
        self.dates |= other.dates

    def add_text(self, text: str) -> None:
        self.numbers |= set(find_numbers(text))
        self.numbers |= {float(m.group().replace(",", "")) for m in _DIGITS.finditer(text)}
        self.dates |= set(find_dates(text))

    def asks(self, fact: Fact) -> bool:
        if fact.kind == "number":
            return fact.value in self.numbers
        if fact.kind == "date":
            assert isinstance(fact.value, DateValue)
            return any(
                d.year == fact.value.year and (d.month is None or d.month == fact.value.month)
                for d in self.dates
            )
        return True


def asked_by(questions: Iterable[Question]) -> Asked:
    """What the questions ask: their answers, and what their claims and orders state (a
    refuted claim asks what its cite says in place of its prompt's words)."""
    asked = Asked()
    for q in questions:
        match q.kind:
            case "number":
                assert isinstance(q.answer, float)
                asked.numbers.add(q.answer)
            case "date":
                assert isinstance(q.answer, DateValue)
                asked.dates.add(q.answer)
            case "choice" | "text":
                asked.add_text(str(q.answer))
            case "multi" | "order":
                for item in q.answer:
                    asked.add_text(str(item))
                if q.kind == "order":
                    for quote in q.cite:  # an order of dated events asks their dates
                        asked.add_text(quote)
            case "claim":
                asked.add_text(q.prompt)
                if q.answer == "refuted":
                    stated = Asked()
                    stated.add_text(q.prompt)
                    for quote in q.cite:
                        cited = Asked()
                        cited.add_text(quote)
                        asked.numbers |= cited.numbers - stated.numbers
                        asked.dates |= cited.dates - stated.dates
    return asked


def skipped_sentences(bank: Bank, document: Document) -> tuple[set[int], list[Problem]]:
    """Sentences the bank's `skip:` entries mark, and a problem for each cite not found."""
    out: set[int] = set()
    problems: list[Problem] = []
    for i, skip in enumerate(bank.skip):
        try:
            span = document.locate(skip.cite)
        except LocateError as exc:
            problems.append(
                Problem(str(bank.path), skip.line, skip.col, f"skip[{i}].cite {skip.cite!r}: {exc}")
            )
            continue
        out.update(s.index for s in span.sentences)
    return out, problems


def line_col(document: Document, offset: int) -> tuple[int, int]:
    text = document.text
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _what(facts: list[Fact], legacy: str | None) -> str | None:
    kinds = [f.kind for f in facts]
    if "list" in kinds:
        return "a list" if facts[kinds.index("list")].lowercase else "a list of names"
    if "date" in kinds:
        return "a date"
    if "number" in kinds:
        return "a number"
    if "person" in kinds:
        return "a named person"
    if legacy in ("a list of names", "a date", "a number"):
        return legacy
    if legacy or "place" in kinds:
        return "a proper name"  # two capitalised words: a person or an institution
    return None


# The older word heuristic, kept as a safety net under quiz.facts' analysis.
_NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|first|second|third|dozen)\b",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_NAME = r"(?:[A-Z][\w’'-]*)"
# Two or more capitalised words in a row ("Jens Stoltenberg", "Khalid Al Jarallah").
_PERSON = re.compile(rf"(?<![.!?]\s)\b{_NAME}(?:\s+{_NAME})+")
# "Bahrain, Kuwait, Qatar and the UAE": capitalised names joined by commas and a final "and".
_LIST = re.compile(rf"{_NAME}(?:,\s+(?:the\s+)?{_NAME})+,?\s+and\s+(?:the\s+)?{_NAME}")


def fact_kind(sentence: str) -> str | None:
    """What kind of checkable fact a sentence states, if any (a heuristic for authors)."""
    if _LIST.search(sentence):
        return "a list of names"
    if _MONTH.search(sentence) or re.search(r"\b(1[5-9]|20)\d\d\b", sentence):
        return "a date"
    if re.search(r"\d", sentence) or _NUMBER_WORDS.search(sentence):
        return "a number"
    # Skip the sentence's first word: it is capitalised anyway.
    body = sentence.lstrip("“”\"'‘’ ")
    first = re.match(r"\S+\s*", body)
    if _PERSON.search(body[first.end() if first else 0 :]):
        return "a named person"
    return None


@dataclass(frozen=True, slots=True)
class CoverageFinding:
    source: Path
    paragraph: int
    sentence: str
    why: str
    line: int
    col: int
    message: str


def coverage_findings(
    document: Document, cited: set[int], asked: Asked, skipped: set[int]
) -> Iterator[CoverageFinding]:
    analysis = analyse(document)
    for sentence in document.sentences:
        if sentence.index in skipped:
            continue
        text = document.sentence_text(sentence)
        facts = analysis.facts_in(sentence)
        clipped = _clip(text)
        if sentence.index not in cited:
            why = _what(facts, fact_kind(text))
            if why:
                line, col = line_col(document, sentence.start)
                yield CoverageFinding(
                    document.path,
                    sentence.paragraph,
                    text,
                    why,
                    line,
                    col,
                    f"sentence {sentence.index + 1} (paragraph {sentence.paragraph}) states "
                    f"{why} that no question cites: {clipped!r}; add a question that cites "
                    "it, or list it under `skip:` with a reason",
                )
            continue
        for fact in facts:
            if fact.kind in ("number", "date") and not asked.asks(fact):
                line, col = line_col(document, fact.start)
                what = "number" if fact.kind == "number" else "date"
                yield CoverageFinding(
                    document.path,
                    sentence.paragraph,
                    text,
                    f"a {what}",
                    line,
                    col,
                    f"the {what} {fact.text!r} in sentence {sentence.index + 1} (paragraph "
                    f"{sentence.paragraph}) is quoted but no question asks it; ask it, or list "
                    "the sentence under `skip:` with a reason",
                )


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
