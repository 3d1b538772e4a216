"""CSV export: read back with the csv module, one row per question, text as written."""

from __future__ import annotations

import csv
import io

from quiz.export import render
from quiz.export.common import load_checked
from quiz.export.csvfile import COLUMNS, SEPARATOR, unguard
from tests.exporting import MARKUP, SHIPPED


def _rows(path):
    export = load_checked(path)
    text = render(export, "csv")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return export, [{k: unguard(v) for k, v in row.items()} for row in reader]


def test_one_row_per_question_with_its_fields() -> None:
    export, rows = _rows(SHIPPED)
    assert [r["id"] for r in rows] == [q.id for q in export.questions]
    for q, row in zip(export.questions, rows, strict=True):
        assert row["kind"] == q.kind and row["prompt"] == q.prompt
        assert row["cite"] == SEPARATOR.join(q.cite)
        assert row["sentence"] == SEPARATOR.join(c.sentence for c in export.cited[q.id])
        assert row["paragraph"] == SEPARATOR.join(str(c.paragraph) for c in export.cited[q.id])
        assert row["tags"] == SEPARATOR.join(q.tags)
        assert float(row["points"]) == q.points
        listed = q.items if q.kind == "order" else q.choices
        assert row["choices_or_items"] == SEPARATOR.join(listed)
    number = next(r for r in rows if r["kind"] == "number")
    assert float(number["answer"]) == export.bank.by_id[number["id"]].answer


def test_markup_and_formulas_come_back_literally() -> None:
    export, rows = _rows(MARKUP)
    by_id = {r["id"]: r for r in rows}
    bridge = export.bank.by_id["bridge-name"]
    assert by_id["bridge-name"]["prompt"] == bridge.prompt
    assert by_id["bridge-name"]["choices_or_items"] == SEPARATOR.join(bridge.choices)
    assert by_id["temperature"]["answer"] == "-3"  # a number is not a formula


def test_formula_cells_are_guarded() -> None:
    text = render(load_checked(MARKUP), "csv")
    raw = {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert raw["debate-about"]["choices_or_items"].startswith("<b>bold</b> names |")
    assert raw["temperature"]["answer"] == "-3"
    cells = [cell for row in raw.values() for cell in row.values()]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")) and not (
            cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()
        ), cell
