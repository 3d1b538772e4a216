"""Moodle XML export: parsed, and checked question by question against the bank."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from quiz.bank.model import Question
from quiz.export import render
from quiz.export.common import VERDICT_LABELS, date_spellings, load_checked, text_forms
from quiz.export.moodle_xml import HINT_PENALTY, moodle_type
from tests.exporting import MARKUP, SHIPPED, literal


def _xml(path):
    export = load_checked(path)
    text = render(export, "moodle-xml")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return export, root


def _field(element: ET.Element, tag: str) -> str:
    return element.findtext(f"{tag}/text") or ""


def _answers(element: ET.Element, html: bool = True) -> list[tuple[str, str]]:
    out = []
    for a in element.findall("answer"):
        text = a.findtext("text") or ""
        out.append((a.get("fraction") or "", literal(text) if html else text))
    return out


def _check(export, q: Question, element: ET.Element) -> None:
    qtype = element.get("type")
    assert qtype == moodle_type(q)
    assert _field(element, "name") == q.id
    assert element.findtext("idnumber") == q.id
    assert element.find("questiontext").get("format") == "html"
    shown = literal(_field(element, "questiontext"))
    assert shown.endswith(q.prompt)
    assert float(element.findtext("defaultgrade")) == q.points
    assert float(element.findtext("penalty")) == HINT_PENALTY
    feedback = literal(_field(element, "generalfeedback"))
    for c in export.cited[q.id]:
        assert c.sentence in feedback
    if q.explain:
        assert q.explain in feedback
    hints = [literal(h.findtext("text")) for h in element.findall("hint")]
    assert hints == ([q.hint] if q.hint else [])
    assert [t.findtext("text") for t in element.findall("tags/tag")] == list(q.tags)

    if q.kind == "choice":
        assert element.findtext("single") == "true"
        assert _answers(element) == [("100" if c == q.answer else "0", c) for c in q.choices]
    elif q.kind == "claim":
        assert _answers(element) == [
            ("100" if v == q.answer else "0", label) for v, label in VERDICT_LABELS.items()
        ]
    elif q.kind == "multi":
        assert element.findtext("single") == "false"
        answers = _answers(element)
        assert [t for _, t in answers] == list(q.choices)
        right = sum(float(f) for f, t in answers if t in q.answer)
        assert abs(right - 100) < 0.001
        assert all(float(f) < 0 for f, t in answers if t not in q.answer)
        for a in element.findall("answer"):  # every option has its own feedback
            assert literal(a.findtext("feedback/text")).strip()
    elif qtype == "numerical":
        (a,) = element.findall("answer")
        value = q.answer.year if q.kind == "date" else q.answer
        assert float(a.findtext("text")) == value and a.get("fraction") == "100"
        assert float(a.findtext("tolerance")) == q.tolerance
    elif qtype == "shortanswer":
        forms = date_spellings(q) if q.kind == "date" else text_forms(q)
        got = [(f, t.replace("\\*", "*")) for f, t in _answers(element, html=False)]
        assert got == [("100", " ".join(f.split())) for f in forms]
        assert element.findtext("usecase") == "0"
    else:  # ordering
        assert element.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
        assert element.findtext("selecttype") == "ALL"
        assert element.findtext("selectcount") == str(len(q.items))
        answers = _answers(element)
        assert answers == [(str(i), item) for i, item in enumerate(q.items, 1)]


@pytest.mark.parametrize("path", [SHIPPED, MARKUP], ids=["shipped", "markup"])
def test_every_question_is_exported_with_its_structure(path) -> None:
    export, root = _xml(path)
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert _field(category, "category") == f"$course$/top/factquiz/{export.bank.slug}"
    assert [_field(e, "name") for e in questions] == [q.id for q in export.questions]
    for q, element in zip(export.questions, questions, strict=True):
        _check(export, q, element)
    assert not export.warnings  # Moodle XML holds every kind


def test_order_becomes_ordering_with_our_marking() -> None:
    export, root = _xml(SHIPPED)
    types = {_field(e, "name"): e.get("type") for e in root.findall("question")}
    assert {types[q.id] for q in export.questions if q.kind == "order"} == {"ordering"}


def test_markup_is_text_not_html() -> None:
    _, root = _xml(MARKUP)
    first = root.findall("question")[1]
    raw = _field(first, "questiontext")
    assert raw.startswith("[bold]Which[/bold] name did the council give: &lt;b&gt;this&lt;/b&gt;")
    assert "<b>" not in raw and "&amp;amp;" in raw
    explain = literal(_field(root.findall("question")[2], "generalfeedback"))
    assert "<script>alert(1)</script> [link=x]" in explain
