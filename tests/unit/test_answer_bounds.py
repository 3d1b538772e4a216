"""Bounded work per answer: over MAX_ANSWER_CHARS is not an answer, undecodable input is not an
answer, and grade() never raises on any string (its time bounded by hypothesis' deadline)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.load import load_bank
from quiz.bank.model import Question
from quiz.grading import MAX_ANSWER_CHARS, grade
from quiz.session import NotAnAnswer, Session, SessionConfig, present_options

SHIPPED = Path(__file__).resolve().parents[2] / "questions" / "kuwait-nato.yaml"
QUESTIONS = load_bank(SHIPPED).questions
ONE_PER_KIND: dict[str, Question] = {}
for _q in QUESTIONS:
    ONE_PER_KIND.setdefault(_q.kind, _q)


@pytest.mark.parametrize("kind", sorted(ONE_PER_KIND))
def test_an_answer_over_the_cap_is_not_an_answer(kind: str) -> None:
    q = ONE_PER_KIND[kind]
    over = ("1," * MAX_ANSWER_CHARS)[: MAX_ANSWER_CHARS + 1]
    result = grade(q, over, present_options(q, 1) or None)
    assert not result.valid
    assert result.reason == f"too long (at most {MAX_ANSWER_CHARS} characters)"


def test_an_answer_at_the_cap_is_graded() -> None:
    q = ONE_PER_KIND["date"]
    answer = (str(q.answer) + " ").ljust(MAX_ANSWER_CHARS)
    assert len(answer) == MAX_ANSWER_CHARS
    assert grade(q, answer).valid


def test_the_session_refuses_a_too_long_answer_and_stays_put() -> None:
    session = Session(QUESTIONS, SessionConfig(seed=1))
    with pytest.raises(NotAnAnswer, match="too long"):
        session.answer("x" * (MAX_ANSWER_CHARS + 1), 1.0)
    assert session.position == 0


def test_undecodable_input_is_not_an_answer() -> None:
    q = ONE_PER_KIND["date"]
    result = grade(q, f"{q.answer}\ufffd")
    assert not result.valid
    assert "not UTF-8" in result.reason


@pytest.mark.parametrize(
    ("response", "picked"),
    [
        ("Washington, D.C., Ottawa", "Washington, D.C., Ottawa"),
        ("1, 1, 1, Washington, D.C.", "Washington, D.C."),
        ("Ottawa and 1,1", "Washington, D.C., Ottawa"),
        ("the 1 1, 2", "Ottawa, the 1 1"),
    ],
)
def test_options_named_by_joined_parts_are_still_read(response: str, picked: str) -> None:
    # resolve_list only normalises runs of parts an option could be; these must still join.
    choices = ("Washington, D.C.", "Ottawa", "the 1 1", "Paris")
    q = Question(id="m", kind="multi", prompt="Which?", answer=choices[:2], choices=choices)
    result = grade(q, response, list(choices))
    assert result.valid, result.reason
    assert result.normalized == picked


@pytest.mark.parametrize("kind", sorted(ONE_PER_KIND))
@settings(
    max_examples=60,
    deadline=timedelta(milliseconds=250),  # far above the bench's ~5 ms: only runaway work fails
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.sampled_from("0123456789,.;/-&+> and\n\tJanuary2017abcé\x1b\x9b\ufffd"),
        max_size=MAX_ANSWER_CHARS + 50,
    )
)
def test_grade_never_raises(kind: str, text: str) -> None:
    q = ONE_PER_KIND[kind]
    result = grade(q, text, present_options(q, 3) or None)
    assert 0.0 <= result.credit <= 1.0


@settings(max_examples=200, deadline=timedelta(milliseconds=250))
@given(text=st.text(max_size=300), index=st.integers(0, len(QUESTIONS) - 1))
def test_grade_never_raises_on_any_unicode(text: str, index: int) -> None:
    q = QUESTIONS[index]
    result = grade(q, text, present_options(q, index) or None)
    assert 0.0 <= result.credit <= 1.0
