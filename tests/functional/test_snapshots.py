"""Snapshots of every screen at 100x30 and at the smallest supported size, 60x20.

The fixture bank (tests/data/banks/harbour.yaml) has every kind once and does not change with
the shipped banks. Fixed seed, a clock that stands still, no cursor blink, no animations, and a
store filled with runs at fixed dates make every picture the same on every run.
Update with `pytest tests/functional/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from paths import BANKS, HARBOUR, MARKUP
from textual.pilot import Pilot

import quiz.locations
from quiz.bank.load import load_bank
from quiz.store import Store

from .helpers import MakeApp, answer, settle

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((60, 20), id="60x20")]
KIND_POSITION = {"number": 0, "choice": 1, "multi": 2, "date": 3, "text": 4, "claim": 5, "order": 6}

RunBefore = Callable[[Pilot[None]], Awaitable[None]]


def keys(*pressed: str) -> RunBefore:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def fill_history(store_path: Path) -> None:
    """Three finished harbour-wall runs in March 2021, so the figures never depend on today."""
    bank = load_bank(HARBOUR)
    start = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
    credits = [(1, 0, 1, 0, 1, 0, 0.5), (1, 1, 1, 0, 1, 1, 0.5), (1, 1, 1, 1, 1, 1, 1)]
    with Store(store_path) as store:
        for day, run_credits in enumerate(credits):
            at = start + timedelta(days=day)
            run_id = store.start_run(bank.slug, "practice", 1, None, at)
            for question, credit in zip(bank.questions, run_credits, strict=True):
                at += timedelta(seconds=20)
                store.record_attempt(
                    run_id,
                    bank.slug,
                    question.id,
                    question.content_hash,
                    "x",
                    float(credit),
                    False,
                    20.0,
                    at,
                    fuzz=False,
                )
            store.finish_run(run_id, at, float(sum(run_credits)), float(len(run_credits)))


@pytest.fixture
def home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_path: Path) -> Path:
    """A folder with ./questions holding the fixture banks, and no bundled banks in view."""
    questions = tmp_path / "questions"
    questions.mkdir()
    for name in ("harbour.yaml", "harbour-article.txt", "markup.yaml", "markup-article.txt"):
        shutil.copy(BANKS / name, questions / name)
    empty = tmp_path / "no-bundled-banks"
    empty.mkdir()
    monkeypatch.setattr(quiz.locations, "bundled_questions_dir", lambda: empty)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    fill_history(store_path)
    return tmp_path


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, make_app: MakeApp, home_folder: Path, size) -> None:
    app = make_app(None, cwd=home_folder)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_stats(snap_compare, make_app: MakeApp, home_folder: Path, size) -> None:
    app = make_app(None, cwd=home_folder)
    assert snap_compare(app, terminal_size=size, run_before=keys("t"))


@pytest.mark.parametrize("kind", list(KIND_POSITION))
@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare, make_app: MakeApp, kind: str, size) -> None:
    # Exam mode goes straight from one question to the next; ctrl+n skips.
    # The order question also shows the exam countdown (the test clock stands still).
    app = make_app(HARBOUR, mode="exam", time_limit=600 if kind == "order" else None)
    skips = ["ctrl+n"] * KIND_POSITION[kind]
    assert snap_compare(app, terminal_size=size, run_before=keys(*skips))


@pytest.mark.parametrize("size", SIZES)
def test_question_with_hint_and_error(snap_compare, make_app: MakeApp, size) -> None:
    app = make_app(HARBOUR)
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+t", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_feedback(snap_compare, make_app: MakeApp, size) -> None:
    # Question 2 (choice) answered wrong: verdict, expected answer, citation, explanation.
    app = make_app(HARBOUR)

    async def run_before(pilot: Pilot[None]) -> None:
        await keys("ctrl+n", "enter")(pilot)
        await answer(pilot, pilot.app.screen.presented, right=False)  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_source(snap_compare, make_app: MakeApp, size) -> None:
    # From question 7's feedback (practice, all seven skipped): it cites the third paragraph,
    # and the cites of the questions answered before it are marked too.
    app = make_app(HARBOUR)
    skips = ["ctrl+n", "enter"] * 6
    assert snap_compare(app, terminal_size=size, run_before=keys(*skips, "ctrl+n", "s"))


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, make_app: MakeApp, size) -> None:
    app = make_app(HARBOUR, mode="exam")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for number in range(7):
            await answer(pilot, pilot.app.screen.presented, right=number % 3 != 0)  # type: ignore[attr-defined]
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_quit_modal(snap_compare, make_app: MakeApp, size) -> None:
    app = make_app(HARBOUR, mode="exam")
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+n", "q"))


@pytest.mark.parametrize("size", SIZES)
def test_markup_question(snap_compare, make_app: MakeApp, size) -> None:
    app = make_app(MARKUP)
    assert snap_compare(app, terminal_size=size, run_before=keys())


def test_every_picture_belongs_to_a_test_and_every_test_has_one() -> None:
    # syrupy reports pictures that no test uses only when the suite runs in one process; under
    # pytest-xdist it cannot, so this compares the folder with the tests' parameters.
    expected: set[str] = set()
    for name, function in list(globals().items()):
        marks = getattr(function, "pytestmark", [])
        if not name.startswith("test_") or not any(m.name == "parametrize" for m in marks):
            continue
        # Marks are listed from the decorator nearest the function, as pytest joins the ids.
        ids = [[p.id if hasattr(p, "id") else str(p) for p in m.args[1]] for m in marks]
        expected |= {f"{name}[{'-'.join(combo)}]" for combo in itertools.product(*ids)}
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    assert {svg.stem for svg in folder.glob("*.svg")} == expected
