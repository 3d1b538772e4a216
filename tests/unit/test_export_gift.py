"""GIFT export, read back by a real GIFT parser (pygiftparser) and by a strict reader."""

from __future__ import annotations

import io
import itertools
import logging

import pytest
from pygiftparser import parser as giftparser

from quiz.bank.load import load_bank, load_bank_text
from quiz.bank.model import DateValue, Question
from quiz.export import render
from quiz.export.common import VERDICT_LABELS, date_spellings, load_checked, text_forms
from quiz.export.gift import MULTI_WEIGHTS, gift_escape
from quiz.grading import grade
from tests.exporting import MARKUP, SHIPPED, gift_unescape, literal, plain_form, read_gift

PARSER_TYPES = {
    "choice": "SelectSet",
    "claim": "SelectSet",
    "multi": "MultipleChoicesSet",
    "text": "ShortSet",
    "number": "NumericAnswerSet",
}


def _gift(path):
    export = load_checked(path)
    return export, render(export, "gift")


def _parse(text: str) -> dict[str, giftparser.Question]:
    logging.disable(logging.WARNING)  # pygiftparser logs (in French) for every untitled item
    try:
        return {q.title: q for q in giftparser.parseFile(io.StringIO(text))}
    finally:
        logging.disable(logging.NOTSET)


def _parser_type(q: Question) -> str:
    if q.kind == "date":
        return "NumericAnswerSet" if q.answer.month is None else "ShortSet"
    return PARSER_TYPES[q.kind]


def _parser_cannot_read(q: Question) -> bool:
    """pygiftparser 1.1's limits (docs/export.md): an escaped } inside an answer ends the
    answers early, a numerical answer cannot be negative, and multi weights must sum to at most
    100 (six right picks of 16.66667 sum to 100.00002, which Moodle accepts)."""
    texts = [*q.choices, *q.accept, str(q.answer)]
    return (
        any("}" in t for t in texts)
        or (q.kind == "number" and float(q.answer) < 0)
        or (q.kind == "multi" and len(q.answer) == 6)
    )


def _expected_text(q: Question) -> str:
    if q.kind == "claim":
        return "Is this claim supported by the article, refuted by it, or not in it?\n" + q.prompt
    if q.kind == "number" and q.unit:
        return f"{q.prompt}\nAnswer in {q.unit}."
    return q.prompt


def _expected_answers(q: Question) -> list[tuple[float, str]]:
    """(weight in percent, text) per answer line, as Moodle should read them."""
    if q.kind == "choice":
        return [(100.0 if c == q.answer else 0.0, c) for c in q.choices]
    if q.kind == "claim":
        return [(100.0 if v == q.answer else 0.0, label) for v, label in VERDICT_LABELS.items()]
    if q.kind == "multi":
        w = float(MULTI_WEIGHTS[len(q.answer)])
        return [(w if c in q.answer else -w, c) for c in q.choices]
    if q.kind == "text":
        return [(100.0, " ".join(f.split())) for f in text_forms(q)]
    return [(100.0, f) for f in date_spellings(q)]


def _check_parsed(q: Question, parsed: giftparser.Question, own_reader: bool) -> None:
    assert parsed.valid or own_reader, q.id
    assert type(parsed.answers).__name__ == _parser_type(q), q.id
    assert parsed.markup == "html"
    assert literal(gift_unescape(parsed.text)) == _expected_text(q)
    if own_reader:
        return
    answers = parsed.answers.answers
    if _parser_type(q) == "NumericAnswerSet":
        (a,) = answers
        expected = q.answer.year if q.kind == "date" else q.answer
        assert (a.value, a.tolerance, a.fraction) == (expected, q.tolerance, 100), q.id
        return
    got = [(float(a.fraction), a.answer) for a in answers]
    html_field = q.kind in ("choice", "multi", "claim")
    read = [(w, literal(gift_unescape(t)) if html_field else plain_form(t)) for w, t in got]
    assert read == _expected_answers(q), q.id


def _check_own(q: Question, own) -> None:
    assert literal(gift_unescape(own.text)) == _expected_text(q)
    if q.kind == "number" or (q.kind == "date" and q.answer.month is None):
        value = q.answer.year if q.kind == "date" else q.answer
        ((sign, _, text),) = own.answers
        number, tolerance = text.split(":")
        assert (sign, float(number), float(tolerance)) == ("#", value, q.tolerance)
        return
    html_field = q.kind in ("choice", "multi", "claim")
    read = []
    for sign, weight, text in own.answers:
        value = float(weight) if weight is not None else (100.0 if sign == "=" else 0.0)
        read.append((value, literal(gift_unescape(text)) if html_field else plain_form(text)))
    assert read == _expected_answers(q), q.id


@pytest.mark.parametrize("path", [SHIPPED, MARKUP], ids=["shipped", "markup"])
def test_every_exported_question_reads_back_with_its_type_answers_and_weights(path) -> None:
    export, text = _gift(path)
    bank = export.bank
    parsed = _parse(text)
    own = {q.title: q for q in read_gift(text)}
    kept = [q for q in bank.questions if q.kind != "order"]
    assert list(parsed) == [q.id for q in kept] == list(own)
    for q in kept:
        _check_parsed(q, parsed[q.id], own_reader=_parser_cannot_read(q))
        _check_own(q, own[q.id])
        feedback = literal(gift_unescape(own[q.id].feedback))
        for c in export.cited[q.id]:
            assert c.sentence in feedback
        if q.explain:
            assert q.explain in feedback


def test_the_shipped_bank_is_read_by_the_real_parser_throughout() -> None:
    export, text = _gift(SHIPPED)
    assert not any(_parser_cannot_read(q) for q in export.questions)
    parsed = _parse(text)
    assert len(parsed) == len(export.questions) - len(export.left_out) >= 40 and all(
        q.valid for q in parsed.values()
    )


def test_order_questions_are_left_out_with_a_warning() -> None:
    export, text = _gift(SHIPPED)
    orders = [q.id for q in export.questions if q.kind == "order"]
    assert orders and export.left_out == orders
    assert all("moodle-xml" in w.message for w in export.warnings)
    assert not any(f"::{qid}::" in text for qid in orders)


def test_markup_text_comes_back_literally_in_the_real_parser() -> None:
    _, text = _gift(MARKUP)
    parsed = _parse(text)["bridge-name"]
    assert literal(gift_unescape(parsed.text)).startswith("[bold]Which[/bold] name")
    assert parsed.text.startswith("&\\#91;")  # a leading [x] would read as a text format
    assert "<b>" not in gift_unescape(parsed.text)  # markup is never live
    claim = _parse(text)["cost-claim"]
    feedback = literal(gift_unescape(claim.generalFeedback))
    assert feedback.endswith(
        "[i]Nothing[/i] about <money>.\nSource: Council names <i>bridge</i> "
        "[bold]x[/bold] & co: ~{#=}\\"
    )
    assert "<money>" not in claim.generalFeedback


def test_escape_covers_gifts_special_characters() -> None:
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_unescape(gift_escape("~=#{}:\\ \\n")) == "~=#{}:\\ \\n"


def _multi(choices: int, right: int) -> Question:
    names = [f"c{i}" for i in range(choices)]
    return Question("m", "multi", "?", tuple(names[:right]), choices=tuple(names))


@pytest.mark.parametrize(
    ("choices", "right"), [(c, r) for c in range(2, 9) for r in range(1, c + 1)]
)
def test_multi_weights_give_moodle_our_marking(choices: int, right: int) -> None:
    """Moodle's multiple-answer marking is the sum of the picked weights, clamped to [0, 1]."""
    q = _multi(choices, right)
    weight = float(MULTI_WEIGHTS[right])
    assert abs(weight * right - 100) < 0.0001
    for size in range(1, choices + 1):
        for picks in itertools.combinations(q.choices, size):
            moodle = sum(weight if p in q.answer else -weight for p in picks) / 100
            moodle = min(1.0, max(0.0, moodle))
            ours = grade(q, ", ".join(picks)).credit
            assert abs(moodle - ours) < 1e-6, picks


DATES = [
    DateValue(2004), DateValue(2017, 1), DateValue(2017, 9), DateValue(1999, 12),
    DateValue(2017, 1, 15), DateValue(2017, 2, 1), DateValue(2020, 2, 29), DateValue(2001, 11, 3),
]  # fmt: skip


@pytest.mark.parametrize("value", DATES, ids=str)
def test_every_exported_date_spelling_is_right_by_our_grader(value: DateValue) -> None:
    q = Question("d", "date", "When?", value)
    spellings = date_spellings(q)
    assert spellings
    assert str(value) in spellings or value.month is None
    for spelling in spellings:
        g = grade(q, spelling)
        assert g.correct and g.normalized == value.iso(), spelling
    if value.month is not None:
        assert value.iso() in spellings and len(spellings) >= 5


def test_date_questions_of_a_bank_export_only_right_spellings() -> None:
    bank = load_bank(MARKUP)
    own = {q.title: q for q in read_gift(_gift(MARKUP)[1])}
    for q in bank.questions:
        if q.kind == "date" and q.answer.month is not None:
            for _, _, text in own[q.id].answers:
                assert grade(q, plain_form(text)).correct


def test_a_leading_percent_in_a_short_answer_is_left_out_with_a_warning(tmp_path) -> None:
    text = MARKUP.read_text(encoding="utf-8").replace('"seven*"', '"%7 seven"')
    (tmp_path / "markup-export.txt").write_text(
        (MARKUP.parent / "markup-export.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    load_bank_text(text, path)
    export = load_checked(path)
    gift = render(export, "gift")
    assert "%7 seven" not in gift
    assert any("'%7 seven'" in w.message for w in export.warnings)
