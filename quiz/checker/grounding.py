"""Grounding: is a question's answer in the words it cites? (`quiz check --strict` makes a gap
an error.) Apart from `quiz.checker.check` so that `quiz draft` can use it without that
module's imports (PyYAML, the bank loader)."""

from __future__ import annotations

import re

from quiz.bank.model import MONTHS, DateValue, Question
from quiz.folding import answer_key
from quiz.reading import find_numbers
from quiz.textsafe import strip_format

__all__ = ["grounding_gap", "numbers_in"]

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number a reader would see in `text`: as the grader reads them ("two", "2,600",
    "14.5 million" -> 14500000) and as the digits stand ("14.5 million" -> 14.5 too)."""
    return _digit_numbers(text) | set(find_numbers(text))


def _digit_numbers(text: str) -> set[float]:
    found: set[float] = set()
    for m in _DIGITS.finditer(text):
        try:
            found.add(float(m.group().rstrip(",").replace(",", "")))
        except ValueError:
            continue
    return found


def grounding_gap(q: Question, cited_text: str) -> str | None:
    """None when the answer is in the cited words; else what is missing, for a warning."""
    # Format characters (zero-width spaces) in the article are not part of the words.
    cited_text = strip_format(cited_text)
    haystack = answer_key(cited_text, drop_article=False)
    fix = "cite the words that state it"
    match q.kind:
        case "number":
            assert isinstance(q.answer, float)
            # Digits first: cheap, and most cites state the number in digits.
            if q.answer not in _digit_numbers(cited_text) and q.answer not in numbers_in(
                cited_text
            ):
                return f"the answer {q.expected} is not in the cited text; {fix}"
        case "date":
            assert isinstance(q.answer, DateValue)
            missing = _date_gap(q.answer, cited_text)
            if missing:
                return f"the answer's {missing} is not in the cited text; {fix}"
        case "text" | "choice":
            options = tuple(strip_format(o) for o in (str(q.answer), *q.accept))
            keys = (answer_key(o, drop_article=False) for o in options)
            if not any(key and key in haystack for key in keys):
                return (
                    f"the answer {str(q.answer)!r} (or an `accept` alternative) is not in the "
                    f"cited text; {fix}"
                )
        case "multi":
            missing = [
                m
                for m in q.answer
                if answer_key(strip_format(str(m)), drop_article=False) not in haystack
            ]
            if missing:
                names = ", ".join(repr(m) for m in missing)
                return f"answer member(s) {names} not in the cited text; {fix}"
        case _:  # claim verdicts and order are judged by the author, not by a word search
            return None
    return None


def _date_gap(answer: DateValue, text: str) -> str | None:
    if str(answer.year) not in text:
        return f"year {answer.year}"
    if answer.month is not None:
        name = MONTHS[answer.month - 1]
        if name.lower() not in text.lower() and name[:3].lower() not in text.lower():
            return f"month {name}"
    if answer.day is not None and not re.search(rf"\b0?{answer.day}(?:st|nd|rd|th)?\b", text):
        return f"day {answer.day}"
    return None
