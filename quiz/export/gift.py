"""GIFT, Moodle's text format for questions (docs/export.md says what it keeps and loses).

Every text is data: question text, options and feedback are written as HTML (`[html]`) with
every character escaped, then escaped by GIFT's rules, so nothing in a bank becomes markup in
Moodle. Short answers are plain text in Moodle, where `*` is a wildcard: it is escaped too.
"""

from __future__ import annotations

import html
import re

from quiz.bank.model import VERDICTS, Question
from quiz.export.common import (
    VERDICT_LABELS,
    Export,
    date_spellings,
    decimal,
    feedback_html,
    text_forms,
)

__all__ = ["MULTI_WEIGHTS", "export_gift", "gift_escape"]

_SPECIAL = re.compile(r"([~=#{}:\\])")

# Moodle's allowed grades (question_bank::fraction_options_full) include 1/n for n = 1..8, so
# right picks of 100/n each and wrong picks of -100/n each give Moodle our marking.
MULTI_WEIGHTS = {
    1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571", 8: "12.5",
}  # fmt: skip


def gift_escape(text: str) -> str:
    """GIFT's escapes: a backslash before each of ~ = # { } : and before a backslash."""
    return _SPECIAL.sub(r"\\\1", text)


def _html(text: str) -> str:
    """An HTML field: every character shown as written, newlines as <br>, GIFT-escaped."""
    body = html.escape(text, quote=False).replace("\n", "<br>")
    # Moodle reads a leading [name] as a text format and a leading %n% as a weight.
    if body[:1] in ("[", "%"):
        body = f"&#{ord(body[0])};{body[1:]}"
    return gift_escape(body)


def _plain(text: str) -> str:
    """A short-answer form: plain text in Moodle, where an unescaped * matches anything."""
    return gift_escape(" ".join(text.split()).replace("*", "\\*"))


def _comment(text: str) -> str:
    return " ".join(text.split())


def export_gift(export: Export) -> str:
    bank = export.bank
    parts = [
        f"// {_comment(bank.title)} ({bank.slug}): exported by factquiz (quiz export).",
        "// Import in Moodle: Question bank > Import > GIFT format.",
    ]
    if bank.source.title:
        parts.append(f"// Source: {_comment(bank.source.title)}")
    blocks = ["\n".join(parts)]
    for q in export.questions:
        body = _answers(export, q)
        if body is None:
            continue
        feedback = gift_escape(feedback_html(export, q))
        blocks.append(f"::{q.id}::[html]{_question_text(q)}\n{{\n{body}\n####[html]{feedback}\n}}")
    return "\n\n".join(blocks) + "\n"


def _question_text(q: Question) -> str:
    text = _html(q.prompt)
    if q.kind == "claim":
        text = "Is this claim supported by the article, refuted by it, or not in it?<br>" + text
    elif q.kind == "number" and q.unit:
        text += "<br>" + _html(f"Answer in {q.unit}.")
    return text


def _answers(export: Export, q: Question) -> str | None:
    """The lines between the braces; None (with a warning) when GIFT cannot be faithful."""
    match q.kind:
        case "choice":
            return "\n".join(("=" if c == q.answer else "~") + _html(c) for c in q.choices)
        case "claim":
            return "\n".join(
                ("=" if v == q.answer else "~") + _html(VERDICT_LABELS[v]) for v in VERDICTS
            )
        case "multi":
            right = set(q.answer)
            weight = MULTI_WEIGHTS[len(right)]
            return "\n".join(
                f"~%{weight if c in right else '-' + weight}%{_html(c)}" for c in q.choices
            )
        case "number":
            return f"#{decimal(float(q.answer))}:{decimal(q.tolerance)}"  # type: ignore[arg-type]
        case "date" if q.answer.month is None:  # type: ignore[union-attr]
            return f"#{q.answer.year}:0"  # type: ignore[union-attr]
        case "date" | "text":
            forms = date_spellings(q) if q.kind == "date" else text_forms(q)
            kept = [f for f in forms if not f.lstrip().startswith("%")]
            for form in forms:
                if form not in kept:
                    export.warn(q, f"GIFT: answer form {form!r} left out (a leading % is a weight)")
            return "\n".join("=" + _plain(f) for f in kept)
        case _:  # order
            export.leave_out(
                q,
                f"GIFT: order question {q.id!r} left out: GIFT's matching marks each item's "
                "position, not the relative order we mark; --format moodle-xml keeps it as "
                "an ordering question",
            )
            return None
