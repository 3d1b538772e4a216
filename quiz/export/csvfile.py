"""CSV: one row per question, for a spreadsheet or another tool (docs/export.md).

Lists (accept, choices or items, cite, tags) are joined with " | ". A cell that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return, and not a number)
gets a leading apostrophe, the usual guard: a reader wanting the text strips it back."""

from __future__ import annotations

import csv
import io
import re

from quiz.bank.model import DateValue, Question
from quiz.export.common import Export, decimal

__all__ = ["COLUMNS", "SEPARATOR", "export_csv", "unguard"]

COLUMNS = (
    "id", "kind", "prompt", "answer", "accept", "choices_or_items", "cite", "sentence",
    "paragraph", "tags", "points",
)  # fmt: skip
SEPARATOR = " | "
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _guard(cell: str) -> str:
    if cell.startswith(_FORMULA) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def unguard(cell: str) -> str:
    """A cell's text as the bank has it (the inverse of the formula guard)."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA) and not _NUMBER.fullmatch(cell[1:]):
        return cell[1:]
    return cell


def _answer(q: Question) -> str:
    match q.answer:
        case DateValue():
            return q.answer.iso()
        case float() | int():
            return decimal(float(q.answer))
        case tuple():
            return "" if q.kind == "order" else SEPARATOR.join(q.answer)
        case _:
            return str(q.answer)


def export_csv(export: Export) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for q in export.questions:
        cited = export.cited[q.id]
        row = [
            q.id,
            q.kind,
            q.prompt,
            _answer(q),
            SEPARATOR.join(q.accept),
            SEPARATOR.join(q.items if q.kind == "order" else q.choices),
            SEPARATOR.join(q.cite),
            SEPARATOR.join(c.sentence for c in cited),
            SEPARATOR.join(str(c.paragraph) for c in cited),
            SEPARATOR.join(q.tags),
            decimal(q.points),
        ]
        writer.writerow([_guard(cell) for cell in row])
    return buffer.getvalue()
