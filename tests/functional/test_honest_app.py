"""A run means what it says, in the app (Pilot): no leaked answers, a closed-book exam, an
honest source view, Home's options, stopped runs, deadlines, the seed, and the friction fixes.

Self-contained (its own small app fixture) over tests/data/banks/honest.yaml, seed 1: see
test_honest_line_mode.py for the order of its questions."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

import quiz.locations
from quiz.bank.load import load_bank
from quiz.locations import Paths
from quiz.session import SessionConfig
from quiz.store import Store
from quiz.tui.app import QuizApp
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.run import RunScreen
from quiz.tui.screens.source import SourceScreen

from .helpers import QuizTestApp, settle

ROOT = Path(__file__).resolve().parents[2]
HONEST = ROOT / "tests" / "data" / "banks" / "honest.yaml"
ARTICLE = ROOT / "tests" / "data" / "banks" / "honest-harbour.txt"
SIZE = (100, 30)


App = QuizTestApp  # the app on a clock that moves only when a test moves it


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder whose ./questions holds the honest bank, and no bundled banks in view."""
    (tmp_path / "questions").mkdir()
    shutil.copy(HONEST, tmp_path / "questions" / "honest.yaml")
    shutil.copy(ARTICLE, tmp_path / "questions" / "honest-harbour.txt")
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr(quiz.locations, "bundled_questions_dir", lambda: empty)
    return tmp_path


def make(tmp_path: Path, bank: Path | None = HONEST, **config: object) -> App:
    config.setdefault("seed", 1)
    return App(
        bank_path=bank,
        config=SessionConfig(**config),  # type: ignore[arg-type]
        paths=Paths(tmp_path, tmp_path / "data"),
        name=None,
    )


def text(app: QuizApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer(app: QuizApp) -> str:
    return text(app).splitlines()[-1]


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


# -- 1. no leaked answers ----------------------------------------------------------------------


async def test_format_help_never_shows_an_answer(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = text(app)
        assert "Type a number in digits or words, e.g. 3,600 or sixty-three" in screen
        assert "478" not in screen
        assert "478" not in app.screen.query_one(Input).placeholder
        await press(pilot, "ctrl+n", "enter")
        # March is in one of the bank's answers (3 March 2021): the example month is not.
        assert "Type the month and year, e.g. October 1987" in text(app)
        assert "2018" not in text(app) and "2018" not in app.screen.query_one(Input).placeholder
        await press(pilot, "ctrl+n", "enter")
        assert "Type the day, month and year" in text(app)


# -- 2. a closed-book exam; practice open-book but honest --------------------------------------


async def test_an_exam_is_closed_book(tmp_path: Path) -> None:
    app = make(tmp_path, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = footer(app)
        assert "Hint" not in keys and "Source" not in keys
        assert "for a hint" not in app.screen.query_one(Input).placeholder
        assert "halves the credit" not in text(app)
        await press(pilot, "ctrl+t", "ctrl+s")
        assert isinstance(app.screen, RunScreen)
        assert not app.quiz_run.session.hint_taken and not app.quiz_run.session.source_taken
        app.action_source()  # the command palette's way in
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert "Hint:" not in text(app)


async def test_an_open_book_exam_with_hints(tmp_path: Path) -> None:
    app = make(tmp_path, mode="exam", hints=True, open_book=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        offer = "? or ctrl+t hint, ctrl+s article: each halves the credit."
        assert offer in text(app)
        await press(pilot, "ctrl+t")
        assert "Hint: Between 400 and 500." in text(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
    db = sqlite3.connect(tmp_path / "data" / "progress.sqlite3")
    assert db.execute("SELECT hints, open_book FROM runs").fetchall() == [(1, 1)]
    db.close()


async def test_practice_source_is_announced_and_does_not_mark_the_waiting_question(
    tmp_path: Path,
) -> None:
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "ctrl+s article: each halves the credit." in text(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Open the article before answering?" in text(app)
        assert "It halves this" in text(app) and "question's credit, as a hint does" in text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, RunScreen) and not app.quiz_run.session.source_taken
        await press(pilot, "ctrl+s", "y")
        source = app.screen
        assert isinstance(source, SourceScreen)
        assert not source.query(".-current") and not source.query(".-cited")
        assert "this question" not in text(app)
        await press(pilot, "escape")
        await pilot.press(*"478", "enter")
        await settle(pilot)
        record = app.quiz_run.session.answers[-1]
        assert record.source_opened and record.credit == 0.5
        assert "Article: opened before answering, so the credit is halved" in text(app)
        await press(pilot, "s")  # answered: the proof is marked now, and it is free
        assert isinstance(app.screen, SourceScreen) and app.screen.query(".-current")


# -- 3. Home honours and shows its options -----------------------------------------------------


async def test_home_starts_with_the_options_it_was_given(home: Path) -> None:
    app = make(home, bank=None, mode="exam", limit=3, time_limit=300.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = text(app)
        assert "limit 3" in screen and "5 min" in screen and "seed 1" in screen
        assert "9 questions · 3 in a run" in screen
        await press(pilot, "enter")
        run = app.quiz_run
        assert run is not None and run.session.config.mode == "exam"
        assert run.session.total == 3
        assert "05:00 left" in text(app)


async def test_home_changes_limit_tag_and_shuffle(home: Path) -> None:
    app = make(home, bank=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no limit" in text(app) and "every tag" in text(app) and "bank order" in text(app)
        await press(pilot, "l", "g", "g", "s")  # limit 5; tags: figures, then dates
        screen = text(app)
        assert "limit 5" in screen and "tag dates" in screen and "shuffled" in screen
        assert "9 questions · 4 in a run" in screen  # four questions are tagged dates
        await press(pilot, "enter")
        config = app.quiz_run.session.config
        assert (config.limit, config.tags, config.shuffle) == (5, ("dates",), True)
        assert {p.question.id for p in app.quiz_run.session.presented} == {
            "work-began",
            "opened-day",
            "foundations-year",
            "stages",
        }


async def test_home_due_count_and_review_agree(home: Path) -> None:
    bank = load_bank(home / "questions" / "honest.yaml")
    store_path = home / "data" / "progress.sqlite3"
    at = datetime.now(UTC) - timedelta(days=3)
    with Store(store_path) as store:  # every question answered wrong three days ago: all due
        run = store.start_run(bank.slug, "practice", 1, None, at)
        for q in bank.questions:
            store.record_attempt(run, bank.slug, q.id, q.content_hash, "x", 0.0, False, 5.0, at)
    app = make(home, bank=None, tags=("dates",))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "4 due" in text(app)  # the dates questions, as the review run will ask
        await press(pilot, "r", "enter")
        assert app.quiz_run.session.total == 4


# -- 4. a stopped run --------------------------------------------------------------------------


async def test_quitting_from_a_run_started_on_home_stops_it_and_returns_home(home: Path) -> None:
    app = make(home, bank=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await pilot.press(*"478", "enter")
        await settle(pilot)
        await press(pilot, "enter", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and "Stop this run" in text(app)
        await press(pilot, "y")
        assert isinstance(app.screen, HomeScreen), "back Home, not out of the app"
        assert app.is_running
        assert "no score yet" in text(app)  # a stopped run is not the bank's last score
    with Store(home / "data" / "progress.sqlite3") as store:
        row = store.last_run("honest-harbour")
    assert row is not None and (row.status, row.answered, row.questions) == ("stopped", 1, 9)
    assert (row.score, row.max_score) == (1.0, 1.0)


# -- 5. the deadline ---------------------------------------------------------------------------


async def test_an_answer_after_the_time_is_not_counted(tmp_path: Path) -> None:
    app = make(tmp_path, mode="exam", time_limit=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"478")
        app.now += 61  # the time ends while the answer is typed
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.quiz_run.session.answers == ()
        # The line mode's words for a run that timed out (quiz.meanings.ending_note).
        assert "Timed out after 0 of 9 questions: those not answered count as 0." in text(app)


# -- 6. the seed -------------------------------------------------------------------------------


async def test_the_seed_is_on_the_run_screen_and_the_results(tmp_path: Path) -> None:
    app = make(tmp_path, mode="exam", seed=4242)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "seed 4242" in text(app).splitlines()[0]
        await press(pilot, *["ctrl+n"] * 9)
        assert isinstance(app.screen, ResultsScreen)
        assert "seed 4242" in text(app).splitlines()[0] and "Seed 4242" in text(app)


# -- 8. friction -------------------------------------------------------------------------------


async def test_not_an_answer_clears_the_box(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"lots", "enter")
        await settle(pilot)
        assert "Not an answer: 'lots'" in text(app)
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"478", "enter")
        await settle(pilot)
        assert app.quiz_run.session.answers[-1].response == "478"


async def test_hint_offer_only_where_there_is_one_and_keys_follow_the_options(
    tmp_path: Path,
) -> None:
    app = make(tmp_path, mode="exam", hints=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "(? for a hint)" in app.screen.query_one(Input).placeholder
        await press(pilot, "ctrl+n")
        assert "(? for a hint)" not in app.screen.query_one(Input).placeholder
        assert "a hint" not in text(app)
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")  # to the choice question, 4 options
        assert "Pick one: 1-4 or ↑ ↓, then Enter." in text(app)
        await press(pilot, "n", "enter")  # the multi question: Enter with nothing picked
        screen = text(app)
        assert "pick at least one: 1-4 or Space toggles" in screen
        assert "separated by commas" not in screen


async def test_a_skip_and_two_quotes_of_one_paragraph(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(5):
            await press(pilot, "ctrl+n")
            assert "↷ Skipped" in text(app)
            await press(pilot, "enter")
        await press(pilot, "2", "4", "enter")  # payers: two quotes in paragraph 2
        assert text(app).count("Source · paragraph 2") == 1
        assert "✓ Right" in text(app)
        await press(pilot, "enter")
        # The chosen options are recorded as text, with their numbers on screen.
        record = app.quiz_run.session.answers[-1]
        assert record.chosen == ("a fund for coastal towns", "the island council")
        assert record.chosen_numbers == (2, 4)
    db = sqlite3.connect(tmp_path / "data" / "progress.sqlite3")
    row = db.execute("SELECT chosen, chosen_numbers FROM attempts WHERE question_id = 'payers'")
    assert row.fetchone() == ('["a fund for coastal towns", "the island council"]', "[2, 4]")
    db.close()


async def test_a_tag_that_matches_nothing_exits_1_with_the_tags(tmp_path: Path) -> None:
    app = make(tmp_path, tags=("place",))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 1
