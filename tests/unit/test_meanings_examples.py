"""Format help never gives an answer away: its examples are none of the bank's values.

Every shipped and fixture bank is played (each question presented as a run presents it) and
every help text both front ends show is checked: the numbers and dates in it must not be an
answer, an accepted form, a choice or an item of any question of that bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz import meanings
from quiz.bank.load import load_bank
from quiz.bank.model import Bank, DateValue
from quiz.errors import QuizError
from quiz.reading import find_dates, find_numbers
from quiz.session import Session, SessionConfig

ROOT = Path(__file__).resolve().parents[2]
BANKS = sorted(
    {
        *ROOT.glob("questions/*.yaml"),
        *ROOT.glob("tests/**/*.yaml"),
    }
)


def _loadable() -> list[Bank]:
    out = []
    for path in BANKS:
        try:
            out.append(load_bank(path))
        except QuizError:
            continue  # the deliberately broken fixtures
    return out


LOADED = _loadable()


def bank_values(bank: Bank) -> tuple[set[float], set[tuple[int, int | None]]]:
    """Every number and (year, month) an answer, accept form, choice or item states."""
    numbers: set[float] = set()
    dates: set[tuple[int, int | None]] = set()
    for q in bank.questions:
        texts = [*q.accept, *q.choices, *q.items]
        if isinstance(q.answer, DateValue):
            dates.add((q.answer.year, q.answer.month))
            numbers.add(float(q.answer.year))
        elif isinstance(q.answer, float):
            numbers.update({q.answer})
        elif isinstance(q.answer, tuple):
            texts += list(q.answer)
        else:
            texts.append(str(q.answer))
        for text in texts:
            numbers.update(find_numbers(text))
            dates.update((d.year, d.month) for d in find_dates(text))
    return numbers, dates


def examples_in(help_text: str) -> str:
    return help_text.split("e.g.", 1)[1] if "e.g." in help_text else ""


def test_the_banks_are_found() -> None:
    slugs = {b.slug for b in LOADED}
    assert {"kuwait-nato", "honest-harbour", "harbour-wall"} <= slugs


@pytest.mark.parametrize("bank", LOADED, ids=lambda b: b.slug)
def test_no_example_is_a_value_of_the_bank(bank: Bank) -> None:
    numbers, dates = bank_values(bank)
    session = Session(bank.questions, SessionConfig(seed=1))
    seen = 0
    for p in session.presented:
        q = p.question
        texts = [
            meanings.plain_instructions(q, len(p.options), bank.questions),
            meanings.app_instructions(q, len(p.options), bank.questions),
            meanings.placeholder(q, bank.questions),
        ]
        for text in texts:
            shown = examples_in(text)
            if not shown:
                continue
            seen += 1
            for n in find_numbers(shown):
                assert n not in numbers, (q.id, text)
                for other in bank.questions:  # within a tolerance is an accepted form too
                    if isinstance(other.answer, float) and other.tolerance:
                        assert abs(n - other.answer) > other.tolerance, (q.id, text)
            for d in find_dates(shown):
                assert (d.year, d.month) not in dates and (d.year, None) not in dates, text
    kinds = {q.kind for q in bank.questions}
    assert seen or not kinds & {"number", "date"}


def test_examples_step_past_values_the_bank_uses() -> None:
    bank = load_bank(ROOT / "tests/data/banks/honest.yaml")
    first = meanings.examples_for(bank.questions)
    assert first.digits == meanings.NUMBER_DIGITS[0]
    # A bank whose answers are the first candidates gets the next ones.
    from dataclasses import replace

    taken = [
        replace(bank.questions[0], answer=3600.0),
        replace(bank.questions[1], answer=DateValue(1987, 3)),
        replace(bank.questions[4], choices=("sixty-three euros", "b"), answer="b"),
    ]
    ex = meanings.examples_for(taken)
    assert ex.digits != "3,600" and "1987" not in ex.year and not ex.month.startswith("March")
    assert ex.words != "sixty-three"


@pytest.mark.parametrize(
    ("answer", "wanted"),
    [
        (DateValue(2004), "Type the year"),
        (DateValue(2017, 1), "Type the month and year"),
        (DateValue(2017, 1, 15), "Type the day, month and year"),
    ],
)
def test_date_help_says_the_precision_wanted(answer: DateValue, wanted: str) -> None:
    bank = load_bank(ROOT / "tests/data/banks/honest.yaml")
    from dataclasses import replace

    q = replace(bank.questions[1], answer=answer)
    assert meanings.typed_help(q, bank.questions).startswith(wanted)
    assert meanings.app_instructions(q, 0, bank.questions).startswith(wanted)


def test_number_help_names_the_unit_and_the_shape() -> None:
    bank = load_bank(ROOT / "tests/data/banks/honest.yaml")
    text = meanings.plain_instructions(bank.questions[0], 0, bank.questions)
    assert "digits or words" in text and "(unit: metres)" in text and "in metres" not in text
    assert "478" not in text


def test_choice_keys_follow_the_number_of_options() -> None:
    bank = load_bank(ROOT / "tests/data/banks/honest.yaml")
    cost = bank.by_id["cost"]
    assert "1-4" in meanings.app_instructions(cost, 4, bank.questions)
    assert "1-9" not in meanings.app_instructions(cost, 4, bank.questions)
    assert "(1-4), a letter (a-d)" in meanings.plain_instructions(cost, 4, bank.questions)


def test_outcomes_and_statuses_read_the_same_everywhere() -> None:
    assert meanings.outcome(0.0, skipped=True).label == "↷ Skipped"
    assert meanings.outcome(1.0).label == "✓ Right"
    assert meanings.outcome(0.5).label == "◐ Partly right"
    assert meanings.outcome(0.0).label == "✗ Wrong"
    assert meanings.status_text("stopped", 26, 58) == "stopped after 26 of 58"
    assert meanings.status_text("timed-out", 3, 20) == "timed out after 3 of 20"
    assert meanings.status_text("finished", 20, 20) == "finished"
    assert meanings.percent(1, 3) == 33.3
    assert meanings.percent(0, 0) is None
