"""Spaced review: turn a graded answer into an fsrs rating and reschedule the question's card.

Pure: no I/O, no clock. Cards travel as fsrs JSON (`fsrs.Card.to_json`), which is what the store
keeps; every datetime in and out is timezone-aware UTC.

The scheduler is fsrs's default (learning steps of 1 and 10 minutes, relearning step of 10 minutes,
90 % desired retention). A quiz run asks each question once, so those minute steps simply mean
"due again at the next review run"; spacing in days starts once a card graduates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from fsrs import Card, Rating, Scheduler

__all__ = ["FAST_SECONDS", "PASS_CREDIT", "Rating", "new_card_json", "rating_for", "review", "utc"]

# Below this credit an answer counts as forgotten. 0.5 is what a right answer earns after taking the
# hint (the session halves the credit), which must stay "Hard", not "Again".
PASS_CREDIT = 0.5
FAST_SECONDS = 10.0


def utc(moment: datetime) -> datetime:
    """`moment` in UTC. Naive datetimes are refused: their zone is a guess, and fsrs needs UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware datetime")
    return moment.astimezone(UTC)


def rating_for(
    credit: float, hint_used: bool, elapsed: float, fast_seconds: float = FAST_SECONDS
) -> Rating:
    """The fsrs rating a graded answer earns.

    - credit < 0.5 (wrong, skipped, or mostly wrong)        -> Again
    - credit < 1 (partly right) or the hint was taken      -> Hard
    - fully right within `fast_seconds`                     -> Easy
    - fully right                                           -> Good
    """
    if credit < PASS_CREDIT:
        return Rating.Again
    if credit < 1.0 or hint_used:
        return Rating.Hard
    return Rating.Easy if elapsed <= fast_seconds else Rating.Good


@cache
def _scheduler(fuzz: bool) -> Scheduler:
    return Scheduler(enable_fuzzing=fuzz)


def new_card_json(now: datetime) -> str:
    """A card never reviewed, due at `now`."""
    now = utc(now)
    # An explicit id: fsrs's default reads the wall clock and sleeps a millisecond per card.
    return Card(card_id=int(now.timestamp() * 1000), due=now).to_json()


def review(
    card_json: str | None, rating: Rating, now: datetime, fuzz: bool = True
) -> tuple[str, datetime]:
    """Review a card (None: a new one) with `rating` at `now`; return the new card and its due time.

    `fuzz` spreads the intervals of cards in the Review state by a few days, as fsrs recommends;
    turn it off for reproducible schedules (tests).
    """
    now = utc(now)
    card = Card.from_json(card_json if card_json is not None else new_card_json(now))
    card, _log = _scheduler(fuzz).review_card(card, rating, review_datetime=now)
    return card.to_json(), utc(card.due)
