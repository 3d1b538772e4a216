"""Ratings from grades and fsrs scheduling of review cards (fuzzing off unless a test says so)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card, State

from quiz.spaced import Rating, new_card_json, rating_for, review, utc

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("credit", "hint", "elapsed", "expected"),
    [
        (0.0, False, 3.0, Rating.Again),  # wrong, however fast
        (0.0, True, 30.0, Rating.Again),  # wrong even with the hint
        (0.25, False, 5.0, Rating.Again),  # mostly wrong
        (0.49, False, 5.0, Rating.Again),
        (0.5, False, 5.0, Rating.Hard),  # half right
        (0.75, False, 5.0, Rating.Hard),  # partly right, even if fast
        (0.5, True, 5.0, Rating.Hard),  # right with the hint (the session halved the credit)
        (1.0, True, 5.0, Rating.Hard),  # right with the hint (credit not halved by the caller)
        (1.0, False, 10.0, Rating.Easy),  # right and fast (the limit is inclusive)
        (1.0, False, 2.0, Rating.Easy),
        (1.0, False, 10.01, Rating.Good),  # right, not fast
        (1.0, False, 120.0, Rating.Good),
    ],
)
def test_rating_for(credit: float, hint: bool, elapsed: float, expected: Rating) -> None:
    assert rating_for(credit, hint, elapsed) == expected


def test_rating_for_fast_seconds_is_configurable() -> None:
    assert rating_for(1.0, False, 15.0, fast_seconds=20.0) == Rating.Easy
    assert rating_for(1.0, False, 15.0, fast_seconds=5.0) == Rating.Good


def _state(card_json: str) -> State:
    return Card.from_json(card_json).state


def test_good_on_a_new_card_is_due_later_in_learning() -> None:
    card, due = review(None, Rating.Good, T0, fuzz=False)
    assert due > T0
    assert due - T0 == timedelta(minutes=10)  # fsrs's second learning step
    assert _state(card) == State.Learning
    assert Card.from_json(card).last_review == T0


def test_again_gives_the_shortest_interval() -> None:
    intervals = {r: review(None, r, T0, fuzz=False)[1] - T0 for r in Rating}
    assert intervals[Rating.Again] == timedelta(minutes=1)
    assert intervals[Rating.Again] < intervals[Rating.Hard] <= intervals[Rating.Good]
    assert intervals[Rating.Good] < intervals[Rating.Easy]
    assert intervals[Rating.Easy] >= timedelta(days=1)  # graduates straight to review


def test_successive_good_reviews_space_out() -> None:
    card, due = review(None, Rating.Good, T0, fuzz=False)
    gaps = []
    for _ in range(4):
        at = due
        card, due = review(card, Rating.Good, at, fuzz=False)
        gaps.append(due - at)
    assert _state(card) == State.Review
    assert gaps[0] >= timedelta(days=1)
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] * 4


def test_again_after_review_relearns_soon() -> None:
    card, due = review(None, Rating.Easy, T0, fuzz=False)
    card, due = review(card, Rating.Good, due, fuzz=False)
    at = due
    card, due = review(card, Rating.Again, at, fuzz=False)
    assert _state(card) == State.Relearning
    assert due - at == timedelta(minutes=10)


def test_without_fuzz_the_schedule_is_reproducible() -> None:
    def schedule() -> list[datetime]:
        card, due = None, T0
        dues = []
        for rating in (Rating.Good, Rating.Good, Rating.Easy, Rating.Hard, Rating.Good):
            card, due = review(card, rating, due, fuzz=False)
            dues.append(due)
        return dues

    assert schedule() == schedule()


def test_fuzz_only_nudges_review_intervals() -> None:
    card, due = review(None, Rating.Easy, T0, fuzz=False)
    plain = review(card, Rating.Good, due, fuzz=False)[1] - due
    assert plain >= timedelta(days=3)  # long enough for fsrs to fuzz it
    fuzzed = {review(card, Rating.Good, due, fuzz=True)[1] - due for _ in range(30)}
    assert all(abs(f - plain) <= plain * 0.3 for f in fuzzed)
    assert len(fuzzed) > 1


def test_datetimes_are_utc_and_naive_ones_are_refused() -> None:
    paris = timezone(timedelta(hours=1))
    card, due = review(None, Rating.Good, datetime(2025, 3, 1, 10, 0, tzinfo=paris), fuzz=False)
    assert due.tzinfo == UTC
    assert due == T0 + timedelta(minutes=10)
    assert json.loads(card)["due"].endswith("+00:00")
    with pytest.raises(ValueError, match="naive"):
        review(None, Rating.Good, datetime(2025, 3, 1, 9, 0), fuzz=False)
    with pytest.raises(ValueError, match="naive"):
        utc(datetime(2025, 3, 1))


def test_new_card_is_due_now() -> None:
    card = Card.from_json(new_card_json(T0))
    assert card.due == T0 and card.last_review is None and card.state == State.Learning
