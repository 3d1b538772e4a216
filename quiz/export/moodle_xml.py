"""Moodle XML: what GIFT cannot say (docs/export.md). Order questions become Moodle's
`ordering` questions graded RELATIVE_ALL_PREVIOUS_AND_NEXT, which is our marking (the share of
pairs in the right relative order); options carry their own feedback; a hint is a Moodle hint
with a penalty of one half.

Texts are HTML fields (`format="html"`) holding escaped text, so a bank's `<b>` is shown as
`<b>`; ElementTree then escapes that for XML. Short answers are plain text, `*` escaped."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from quiz.bank.model import VERDICTS, DateValue, Question
from quiz.export.common import (
    VERDICT_LABELS,
    Export,
    answer_text,
    date_spellings,
    decimal,
    feedback_html,
    text_forms,
)

__all__ = ["HINT_PENALTY", "export_moodle_xml"]

HINT_PENALTY = 0.5  # our hint halves the credit
_MULTI_FRACTIONS = {
    1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571", 8: "12.5",
}  # fmt: skip


def _escaped(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _text(parent: ET.Element, tag: str, html_text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = html_text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(
    parent: ET.Element, fraction: str, text: str, feedback: str, fmt: str | None = "html"
) -> ET.Element:
    answer = ET.SubElement(
        parent, "answer", {"fraction": fraction, **({"format": fmt} if fmt else {})}
    )
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback)
    return answer


def export_moodle_xml(export: Export) -> str:
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {export.bank.slug}: exported by factquiz (quiz export) "))
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category", f"$course$/top/factquiz/{export.bank.slug}", fmt=None)
    for q in export.questions:
        quiz.append(_question(export, q))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


_TYPES = {
    "choice": "multichoice", "multi": "multichoice", "claim": "multichoice",
    "number": "numerical", "text": "shortanswer", "order": "ordering",
}  # fmt: skip


def moodle_type(q: Question) -> str:
    if q.kind == "date":
        return (
            "numerical"
            if isinstance(q.answer, DateValue) and q.answer.month is None
            else "shortanswer"
        )
    return _TYPES[q.kind]


def _question(export: Export, q: Question) -> ET.Element:
    qtype = moodle_type(q)
    element = ET.Element("question", {"type": qtype})
    _text(element, "name", q.id, fmt=None)
    prompt = _escaped(q.prompt)
    if q.kind == "claim":
        prompt = "Is this claim supported by the article, refuted by it, or not in it?<br>" + prompt
    _text(element, "questiontext", prompt)
    _text(element, "generalfeedback", feedback_html(export, q))
    _value(element, "defaultgrade", decimal(q.points))
    _value(element, "penalty", str(HINT_PENALTY))
    _value(element, "hidden", "0")
    _value(element, "idnumber", q.id)
    right = f"Right: the article says {_escaped(answer_text(q))}."
    wrong = f"Not what the article says: it says {_escaped(answer_text(q))}."

    if q.kind in ("choice", "claim"):
        _value(element, "single", "true")
        _value(element, "shuffleanswers", "true")
        _value(element, "answernumbering", "abc")
        options = q.choices if q.kind == "choice" else VERDICTS
        for option in options:
            label = option if q.kind == "choice" else VERDICT_LABELS[option]
            ok = option == q.answer
            _answer(element, "100" if ok else "0", _escaped(label), right if ok else wrong)
    elif q.kind == "multi":
        _value(element, "single", "false")
        _value(element, "shuffleanswers", "true")
        _value(element, "answernumbering", "abc")
        members = set(q.answer)  # type: ignore[arg-type]
        weight = _MULTI_FRACTIONS[len(members)]
        for choice in q.choices:
            ok = choice in members
            feedback = (
                f"Right: the article names {_escaped(choice)}."
                if ok
                else f"Wrong: the article does not name {_escaped(choice)} here."
            )
            _answer(element, weight if ok else "-" + weight, _escaped(choice), feedback)
    elif qtype == "numerical":
        if q.kind == "number":
            value, tolerance = decimal(float(q.answer)), decimal(q.tolerance)  # type: ignore[arg-type]
        else:
            value, tolerance = str(q.answer.year), "0"  # type: ignore[union-attr]
        answer = _answer(element, "100", value, right, fmt=None)
        _value(answer, "tolerance", tolerance)
        _value(element, "unitgradingtype", "0")
        _value(element, "unitpenalty", "0")
        _value(element, "showunits", "3")  # no unit field: the number alone is marked
        _value(element, "unitsleft", "0")
    elif qtype == "shortanswer":
        _value(element, "usecase", "0")
        forms = date_spellings(q) if q.kind == "date" else text_forms(q)
        for form in forms:
            _answer(
                element,
                "100",
                " ".join(form.split()).replace("*", "\\*"),
                right,
                fmt="moodle_auto_format",
            )
    else:  # ordering
        _value(element, "layouttype", "VERTICAL")
        _value(element, "selecttype", "ALL")
        _value(element, "selectcount", str(len(q.items)))
        _value(element, "gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT")
        _value(element, "showgrading", "SHOW")
        _value(element, "numberingstyle", "123")
        for position, item in enumerate(q.items, 1):
            _answer(element, str(position), _escaped(item), "")
    if q.hint:
        _text(element, "hint", _escaped(q.hint))
    if q.tags:
        tags = ET.SubElement(element, "tags")
        for tag in q.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element
