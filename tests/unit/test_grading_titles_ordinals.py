"""Marking gaps a real news article showed: titles before a name, and ordinals.

The tables are those of docs/grading.md."""

from __future__ import annotations

import pytest

from quiz.bank.model import Question
from quiz.grading import grade
from quiz.reading import find_numbers

YANG = Question(id="yang", kind="text", prompt="Who?", answer="Yang Jiechi", accept=("Yang",))
BUDIAWI = Question(
    id="budiawi",
    kind="text",
    prompt="Who will head the mission?",
    answer="Jassim Al Budiawi",
    accept=("Al Budiawi", "Ambassador Al Budiawi"),
)
ALVAR = Question(
    id="alvar",
    kind="text",
    prompt="Who?",
    answer="Alejandro Alvargonzález",
    accept=("Alvargonzález",),
)
FOURTEEN = Question(id="n", kind="number", prompt="How many?", answer=14.0)


@pytest.mark.parametrize(
    ("question", "response", "credit"),
    [
        (YANG, "Mr Yang", 1),
        (YANG, "Mr. Yang Jiechi", 1),
        (YANG, "Dr Yang", 1),
        (YANG, "Prof. Yang", 1),
        (YANG, "Sir Yang Jiechi", 1),
        (YANG, "Mrs Yang", 1),
        (YANG, "Ms Yang", 1),
        (YANG, "Miss Yang", 1),
        (YANG, "Dame Yang", 1),
        (YANG, "the Mr Yang", 1),
        (YANG, "Mr", 0),  # a title alone is not a name
        (YANG, "Mr Wang", 0),
        (YANG, "Mr Jiechi", 0),  # still no partial names the bank did not list
        (BUDIAWI, "Ambassador Jassim Al Budiawi", 1),  # the bank's own role word
        (BUDIAWI, "ambassador al-budiawi", 1),
        (BUDIAWI, "Mr Al Budiawi", 1),
        (BUDIAWI, "Ambassador", 0),
        (BUDIAWI, "President Al Budiawi", 0),  # not a role word this bank uses
        (ALVAR, "Alejandro Alvargonzalez", 1),  # a first name is not a role word
        (ALVAR, "Alejandro", 0),
    ],
)
def test_titles_and_role_words_are_set_aside(
    question: Question, response: str, credit: int
) -> None:
    assert grade(question, response).credit == credit, grade(question, response).reason


@pytest.mark.parametrize(
    ("response", "credit"),
    [
        ("14th", 1),
        ("the 14th", 1),
        ("fourteenth", 1),
        ("the fourteenth", 1),
        ("Fourteenth.", 1),
        ("the 15th", 0),
        ("fifteenth", 0),
        ("fourth", 0),
    ],
)
def test_ordinals_read_as_numbers(response: str, credit: int) -> None:
    g = grade(FOURTEEN, response)
    assert g.valid and g.credit == credit, g.reason


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty-first", 21),
        ("the hundredth", 100),
        ("one hundred and fifth", 105),
        ("third", 3),
        ("ninetieth", 90),
    ],
)
def test_ordinal_words(text: str, value: float) -> None:
    assert find_numbers(text, ordinals=True) == [value]


def test_the_checker_keeps_to_cardinals() -> None:
    # "the first GCC member" states no number for `quiz check`'s grounding and coverage.
    assert find_numbers("the first GCC member") == []
