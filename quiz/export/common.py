"""What every export format needs: the checked bank, each question's cited sentences, and the
answer forms our grader accepts. No Textual, no front end: `quiz export` and tests use it alike."""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from quiz.bank.load import load_bank
from quiz.bank.model import MONTHS, Bank, DateValue, Question
from quiz.checker.check import check_paths
from quiz.errors import Problem, QuizError
from quiz.grading import grade
from quiz.sources import Document

__all__ = [
    "VERDICT_LABELS",
    "Cited",
    "Export",
    "answer_text",
    "cited_sentences",
    "date_spellings",
    "decimal",
    "feedback_html",
    "general_feedback_lines",
    "highlighted_html",
    "load_checked",
    "stable_id",
    "text_forms",
]

# How a verdict reads as an option in another tool (the order of VERDICTS).
VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported by the article",
    "refuted": "Refuted by the article",
    "not-in-source": "Not in the article",
}


@dataclass(frozen=True, slots=True)
class Cited:
    """One cite of a question, in the article's own words."""

    quote: str  # as the bank writes it
    sentence: str  # the full sentence(s) the quote touches
    paragraph: int  # 1-based
    start: int  # the quote's span within `sentence`
    end: int


@dataclass(slots=True)
class Export:
    """A checked bank ready to be written: questions kept by --tag, their citations."""

    bank: Bank
    questions: tuple[Question, ...]
    cited: dict[str, tuple[Cited, ...]]
    article: str  # the article's text, for the bundle
    warnings: list[Problem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # ids of questions a format cannot hold

    def warn(self, question: Question, message: str) -> None:
        self.warnings.append(
            Problem(str(self.bank.path), question.line, question.col, message, "warning")
        )

    def leave_out(self, question: Question, why: str) -> None:
        self.left_out.append(question.id)
        self.warn(question, why)

    @property
    def written(self) -> int:
        return len(self.questions) - len(self.left_out)


def load_checked(path: Path, tags: Sequence[str] = ()) -> Export:
    """Load `path` for export; a bank that fails `quiz check` is refused with its errors."""
    report = check_paths([path], jobs=1)
    errors = [p for p in report.problems if p.severity == "error"]
    if errors:
        last = errors[-1]
        advice = "; a bank must pass `quiz check` to be exported"
        errors[-1] = Problem(last.path, last.line, last.col, last.message + advice)
        raise QuizError(errors)
    bank = load_bank(path)
    document = Document.for_source(bank.source.path, bank.source.text)
    questions = bank.questions
    if tags:
        wanted = set(tags)
        questions = tuple(q for q in questions if wanted & set(q.tags))
        if not questions:
            known = ", ".join(bank.tags) or "none"
            raise QuizError(
                Problem(
                    str(bank.path), 0, 0, f"no question has tag {', '.join(tags)} (tags: {known})"
                )
            )
    return Export(bank, questions, cited_sentences(document, questions), document.text)


def cited_sentences(
    document: Document, questions: Sequence[Question]
) -> dict[str, tuple[Cited, ...]]:
    """Each question's cites placed in their sentences (the bank has passed `quiz check`)."""
    text = document.text
    out: dict[str, tuple[Cited, ...]] = {}
    for q in questions:
        found: list[Cited] = []
        for quote in q.cite:
            span = document.locate(quote)
            first, last = span.sentences[0].start, span.sentences[-1].end
            found.append(
                Cited(
                    quote=quote,
                    sentence=text[first:last],
                    paragraph=span.paragraph,
                    start=max(0, span.start - first),
                    end=min(last, span.end) - first,
                )
            )
        out[q.id] = tuple(found)
    return out


def highlighted_html(cited: Cited, open_tag: str = "<b>", close_tag: str = "</b>") -> str:
    """The sentence as HTML, every character escaped, the proving words between the tags."""
    s = cited.sentence
    return (
        html.escape(s[: cited.start], quote=False)
        + open_tag
        + html.escape(s[cited.start : cited.end], quote=False)
        + close_tag
        + html.escape(s[cited.end :], quote=False)
    ).replace("\n", "<br>")


def answer_text(q: Question) -> str:
    """The right answer as a person reads it, per kind."""
    if q.kind == "claim":
        return VERDICT_LABELS.get(str(q.answer), str(q.answer))
    if q.kind == "order":
        return "; ".join(f"{n}. {item}" for n, item in enumerate(q.items, 1))
    return q.expected


def text_forms(q: Question) -> tuple[str, ...]:
    """A text question's right answers: the answer, then every `accept`."""
    return tuple(dict.fromkeys((str(q.answer), *q.accept)))


def decimal(value: float) -> str:
    """A number in plain decimal digits, no separators, no exponent: 478, -3, 14.5, 0.000001."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def date_spellings(q: Question) -> tuple[str, ...]:
    """Spellings of a date answer at its precision that our grader marks right, most usual
    first. Each candidate is graded here, so an export never accepts what we would not."""
    d = q.answer
    assert isinstance(d, DateValue)
    y = f"{d.year:04d}"
    if d.month is None:
        candidates = [y]
    else:
        name = MONTHS[d.month - 1]
        short = name[:3]
        m, mm = str(d.month), f"{d.month:02d}"
        if d.day is None:
            candidates = [
                f"{name} {y}", f"{short} {y}", f"{short}. {y}", f"{y}-{mm}", f"{y}/{mm}",
                f"{mm}/{y}", f"{m}/{y}", f"{mm}-{y}", f"{mm}.{y}",
            ]  # fmt: skip
        else:
            dd, dn = f"{d.day:02d}", str(d.day)
            candidates = [
                f"{dn} {name} {y}", f"{name} {dn}, {y}", f"{name} {dn} {y}", f"{dn} {short} {y}",
                f"{short} {dn}, {y}", f"{y}-{mm}-{dd}", f"{y}/{mm}/{dd}", f"{dd}/{mm}/{y}",
                f"{dd}.{mm}.{y}", f"{dd}-{mm}-{y}", f"{dn}/{m}/{y}",
            ]  # fmt: skip
    forms = dict.fromkeys(c for c in candidates if grade(q, c).correct)
    return tuple(forms)


def stable_id(*parts: str, bits: int = 31) -> int:
    """A positive id that depends only on `parts` (Anki note type and deck ids)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    value = int.from_bytes(digest[:8], "big") % (1 << (bits - 1))
    return value + (1 << (bits - 1))


def general_feedback_lines(export: Export, q: Question) -> list[str]:
    """The plain lines every format's feedback carries: the cited sentences, explain, source."""
    lines = [f"The article, paragraph {c.paragraph}: “{c.sentence}”" for c in export.cited[q.id]]
    if q.kind == "claim" and not q.cite:
        lines.append("The article does not say this.")
    if q.explain:
        lines.append(q.explain)
    title = export.bank.source.title
    if title:
        lines.append(f"Source: {title}")
    return lines


def feedback_html(export: Export, q: Question) -> str:
    """`general_feedback_lines` as HTML, the proving words of each cite in bold."""
    lines = [
        f"The article, paragraph {c.paragraph}: “{highlighted_html(c)}”" for c in export.cited[q.id]
    ]
    rest = general_feedback_lines(export, q)[len(lines) :]
    lines += [html.escape(line, quote=False) for line in rest]
    return "<br>".join(lines).replace("\n", "<br>")
