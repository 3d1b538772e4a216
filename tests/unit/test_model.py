"""The bank model's own rules: dates at their precision."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.model import MONTHS, DateValue, days_in_month


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12))
def test_days_in_month_agrees_with_the_calendar(year: int, month: int) -> None:
    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


@pytest.mark.parametrize(
    ("year", "month", "day", "ok"),
    [
        (2016, 2, 29, True),  # leap year
        (2017, 2, 29, False),
        (1900, 2, 29, False),  # a century is not a leap year...
        (2000, 2, 29, True),  # ...unless it is divisible by 400
        (2017, 4, 31, False),
        (2017, 12, 31, True),
    ],
)
def test_a_day_must_exist_in_its_month(year: int, month: int, day: int, ok: bool) -> None:
    if ok:
        assert DateValue(year, month, day).iso() == f"{year:04d}-{month:02d}-{day:02d}"
    else:
        with pytest.raises(ValueError, match=f"day {day} does not exist in {MONTHS[month - 1]}"):
            DateValue(year, month, day)


def test_month_names_are_english_whatever_the_locale() -> None:
    assert MONTHS[0] == "January" and MONTHS[-1] == "December" and len(MONTHS) == 12
    assert str(DateValue(2017, 1, 15)) == "15 January 2017"
