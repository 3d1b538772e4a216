"""The shared meanings (quiz.meanings) say what they should, and line mode says them (the
app's side is tests/functional/test_shared_meanings.py).

The examples of format help have their own file (test_meanings_examples.py)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from paths import BANKS, SHIPPED

from quiz import meanings, plain, session, stats
from quiz.bank.load import load_bank
from quiz.cli import build_parser, main
from quiz.store import Store

SMALL = BANKS / "small-all-kinds.yaml"

# -- outcomes: right, partly right, wrong --------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (1.0, meanings.RIGHT),  # the edge: exactly RIGHT_AT is right
        (0.9999, meanings.PARTLY),
        (0.5, meanings.PARTLY),  # a right answer after a hint
        (0.0001, meanings.PARTLY),  # anything above 0 is partly right
        (0.0, meanings.WRONG),
        (None, meanings.UNANSWERED),
    ],
)
def test_the_credit_after_aids_decides_the_outcome(
    credit: float | None, expected: meanings.Outcome
) -> None:
    assert meanings.outcome(credit) == expected


def test_right_is_full_credit_and_a_skip_is_never_right() -> None:
    assert meanings.RIGHT_AT == 1.0
    assert meanings.is_right(1.0) and not meanings.is_right(0.9999)
    assert meanings.outcome(0.0, skipped=True) == meanings.SKIPPED
    assert meanings.outcome(None, skipped=True) == meanings.UNANSWERED  # never reached


def test_line_mode_shows_the_outcome_words() -> None:
    for credit in (1.0, 0.5, 0.0):
        assert plain.outcome(credit) == meanings.outcome(credit).label
    assert plain.outcome(0.0, skipped=True) == "↷ Skipped" == meanings.SKIPPED.label


# -- empty runs and how a run ended ----------------------------------------------------------------


def test_every_mode_has_its_empty_run_reason() -> None:
    assert meanings.empty_reason("mistakes") == (
        "No mistakes to practise: every question you have answered was fully right."
    )
    assert meanings.empty_reason("review") == (
        "Nothing is due for review, and every question has been answered."
    )
    assert meanings.empty_reason("practice") == "No questions to ask."
    assert meanings.empty_reason("exam") == "No questions to ask."


def test_line_mode_says_the_empty_run_reason(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["play", str(SHIPPED), "--plain", "--mode", "mistakes", "--data-dir", str(tmp_path)]
    assert main(argv, stdin=io.StringIO(""), stdout=out, stderr=err) == 0
    lines = out.getvalue().splitlines()
    assert meanings.empty_reason("mistakes") in lines
    assert "mistakes mode, 0 questions" in lines[1]


def test_line_mode_says_how_a_stopped_run_ended(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["play", str(SHIPPED), "--plain", "--data-dir", str(tmp_path)]
    assert main(argv, stdin=io.StringIO(""), stdout=out, stderr=err) == 0
    total = len(load_bank(SHIPPED).questions)
    lines = out.getvalue().splitlines()
    assert meanings.ending_note(meanings.STOPPED, 0, total) in lines
    assert "Score: 0 of 0 (0%)" in lines


def test_a_run_that_did_not_finish_says_what_its_score_is_over() -> None:
    assert meanings.ending_note(meanings.FINISHED, 9, 9) is None
    assert meanings.ending_note(meanings.STOPPED, 2, 9) == (
        "Stopped after 2 of 9 questions: the score is over the questions answered."
    )
    assert meanings.ending_note(meanings.TIMED_OUT, 0, 9) == (
        "Timed out after 0 of 9 questions: those not answered count as 0."
    )
    assert meanings.TIME_UP == "Time is up."


# -- figures and times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "suffix", "shown"),
    [
        (100 / 3, "", "33.3333"),
        (100 / 3, "%", "33.3333%"),
        (1.0, "", "1"),
        (12.5, "%", "12.5%"),
        (0, "", "0"),
        (None, "", "–"),
        (None, "%", "–"),
    ],
)
def test_figures(value: float | None, suffix: str, shown: str) -> None:
    assert meanings.figure(value, suffix) == shown


def test_points_have_at_most_two_decimals_in_both_front_ends() -> None:
    assert meanings.points(2600) == "2,600"
    assert meanings.points(1.0) == "1"
    assert meanings.points(1 / 3) == "0.33"
    assert meanings.points(0.5) == "0.5"


def test_iso_is_utc_to_the_microsecond_and_refuses_naive_times() -> None:
    plus_two = timezone(timedelta(hours=2))
    moment = datetime(2025, 3, 1, 11, 5, 0, 123456, tzinfo=plus_two)
    assert meanings.iso(moment) == "2025-03-01T09:05:00.123456+00:00"
    on_the_second = datetime(2025, 3, 1, 9, 5, tzinfo=UTC)
    assert meanings.iso(on_the_second) == "2025-03-01T09:05:00.000000+00:00"
    assert datetime.fromisoformat(meanings.iso(moment)) == moment
    with pytest.raises(ValueError, match="naive"):
        meanings.iso(datetime(2025, 3, 1, 9, 5))


def test_local_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert meanings.local_minute("2025-03-01T09:05:59.999999+00:00") == "2025-03-01 09:05"
        assert meanings.local_minute(None) == "never"
        assert meanings.local_minute("") == "never"
        assert meanings.local_minute("yesterday") == "yesterday"
    finally:
        monkeypatch.undo()
        time.tzset()


# -- modes ---------------------------------------------------------------------------------------


def test_one_list_of_modes() -> None:
    assert meanings.MODES == ("practice", "exam", "review", "mistakes")
    assert tuple(meanings.MODE_ABOUT) == meanings.MODES  # every mode has its line, in order
    assert session.MODES is meanings.MODES
    parser = build_parser()
    for mode in meanings.MODES:
        assert parser.parse_args(["play", "b", "--mode", mode]).mode == mode
    with pytest.raises(SystemExit):
        parser.parse_args(["play", "b", "--mode", "drill"])


def test_a_question_without_tags_counts_as_untagged(tmp_path: Path) -> None:
    bank = load_bank(SMALL)
    bare = replace(bank.questions[0], tags=())
    bank = replace(bank, questions=(bare, *bank.questions[1:]))
    with Store(tmp_path / "progress.sqlite3") as store:
        report = stats.bank_report(bank.slug, bank, store, datetime.now(UTC))
    assert meanings.UNTAGGED in report.per_tag
    assert session.UNTAGGED is meanings.UNTAGGED == "untagged"
