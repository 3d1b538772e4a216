"""Right and wrong responses for any question, as a student would type them."""

from __future__ import annotations

from quiz.bank.model import VERDICTS, DateValue, Question, format_number


def right(q: Question, options: tuple[str, ...]) -> str:
    match q.kind:
        case "number":
            assert isinstance(q.answer, float)
            return format_number(q.answer)
        case "date":
            assert isinstance(q.answer, DateValue)
            return str(q.answer)
        case "multi":
            return ", ".join(q.answer)
        case "order":
            return " ".join(str(options.index(item) + 1) for item in q.items)
        case _:
            return str(q.answer)


def wrong(q: Question, options: tuple[str, ...]) -> str:
    match q.kind:
        case "number":
            assert isinstance(q.answer, float)
            return format_number(q.answer + 1000)
        case "date":  # at the precision asked: a bare year is no answer to a month question
            assert isinstance(q.answer, DateValue)
            return str(DateValue(q.answer.year + 3, q.answer.month, q.answer.day))
        case "text":
            return "Nobody at all"
        case "choice":
            return next(o for o in options if o != q.answer)
        case "claim":
            return next(v for v in VERDICTS if v != q.answer)
        case "multi":  # one right pick and one wrong one: partial credit 0
            other = next(o for o in options if o not in q.answer)
            return f"{q.answer[0]}, {other}"
        case "order":  # reversed: every pair out of order
            return " ".join(str(options.index(item) + 1) for item in reversed(q.items))
    raise AssertionError(q.kind)
