"""The app as one browser tab of `quiz serve` sees it (Pilot): the join screen, the assignment
and nothing else, resuming, and the name rules."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quiz.lesson import Assignment, LessonBook, bank_version, code_digest, open_lesson
from quiz.store import Store
from quiz.tui.app import QuizApp
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.join import JoinScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.run import RunScreen

from .helpers import settle

REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "tests" / "data" / "banks" / "harbour.yaml"
SIZE = (90, 30)


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def assignment(tmp_path: Path) -> Assignment:
    path = tmp_path / "progress.sqlite3"
    with Store(path) as store:
        book = LessonBook(path)
        lesson_id = open_lesson(store, book, "7B", "harbour-wall", "practice", 4, {}, _now())
        book.close()
    return Assignment(
        bank_path=str(BANK),
        bank_version=bank_version(BANK),
        class_name="7B",
        lesson_id=lesson_id,
        store_path=str(path),
        title="Islay opens its new harbour wall",
        seed=4,
    )


def _now():
    from quiz.lesson import utc_now

    return utc_now()


def tab(assignment: Assignment) -> QuizApp:
    app = QuizApp(
        bank_path=Path(assignment.bank_path),
        config=assignment.config,
        paths=assignment.paths(REPO),
        name=None,
        assignment=assignment,
    )
    app.cursor_blink = False
    return app


async def join(pilot: Pilot[None], name: str, code: str | None = None) -> None:
    app = pilot.app
    assert isinstance(app.screen, JoinScreen)
    app.screen.query_one("#join-name", Input).value = name
    await pilot.press("enter")
    if code is not None:
        app.screen.query_one("#join-code", Input).value = code
        await pilot.press("enter")
    await settle(pilot)


def join_error(app: QuizApp) -> str:
    screen = app.screen
    assert isinstance(screen, JoinScreen)
    return str(screen.query_one("#join-error").render())


async def test_join_answer_and_nothing_else(assignment: Assignment) -> None:
    app = tab(assignment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        await join(pilot, "[b]Ada[/b]")
        assert isinstance(app.screen, RunScreen)
        run = app.quiz_run
        assert run is not None and run.learner == "[b]Ada[/b]"
        assert run.class_name == "7B" and run.assignment_id == assignment.lesson_id
        # Only the assignment: no bank list, no stats, no palette, no hints, no article.
        for action in ("home", "stats", "class_report", "command_palette"):
            assert app.check_action(action, ()) is False
        assert app.screen.check_action("hint", ()) is False
        assert app.screen.check_action("source", ()) is False
        await pilot.press("ctrl+p", "b", "t")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        await pilot.press(*"478", "enter")
        await settle(pilot)
        assert app.screen.showing_feedback
    with Store(Path(assignment.store_path)) as store:
        (attempt,) = store.run_attempts(run.run_id)
        assert (attempt.learner, attempt.class_name, attempt.credit) == ("[b]Ada[/b]", "7B", 1.0)
        assert attempt.prompt == "How long is the new harbour wall?"


async def test_leave_and_resume_where_it_stopped(assignment: Assignment) -> None:
    app = tab(assignment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "Bob")
        await pilot.press(*"478", "enter")
        await settle(pilot)
        await pilot.press("enter")  # next: the choice question
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code in (None, 0)
    first = app.quiz_run
    assert first is not None and not first.session.finished

    again = tab(assignment)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "bob")  # the same learner, whatever the case
        run = again.quiz_run
        assert run is not None and run.run_id == first.run_id
        assert run.session.position == 1  # the answered question is not asked again
        screen = again.screen
        assert isinstance(screen, RunScreen) and screen.presented.number == 2


async def test_a_name_in_use_is_refused_and_a_finished_run_shows_results(
    assignment: Assignment,
) -> None:
    first, second = tab(assignment), tab(assignment)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "Cleo")
        async with second.run_test(size=SIZE) as other:
            await settle(other)
            await join(other, "CLEO")
            assert isinstance(second.screen, JoinScreen)
            assert "taken" in join_error(second)
        # Cleo skips everything to the end.
        run = first.quiz_run
        assert run is not None
        while not run.session.finished:
            await pilot.press("ctrl+n" if first.screen.check_action("skip", ()) else "enter")
            await settle(pilot)
        await pilot.press("enter")  # past the last feedback
        await settle(pilot)
        assert isinstance(first.screen, ResultsScreen)
    third = tab(assignment)
    async with third.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "Cleo")
        assert isinstance(third.screen, ResultsScreen)
        assert third.check_action("home", ()) is False


async def test_the_code_is_asked_and_checked(assignment: Assignment) -> None:
    coded = replace(assignment, code_salt="pepper", code_digest=code_digest("424242", "pepper"))
    app = tab(coded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "Dan", "111111")
        assert "code" in join_error(app)
        assert app.screen.query_one("#join-code", Input).value == ""  # cleared, to type again
        await join(pilot, "Dan", "424242")
        assert isinstance(app.screen, RunScreen)


async def test_a_bad_name_is_explained(assignment: Assignment) -> None:
    app = tab(assignment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "   ")
        assert join_error(app) == "⚠ Type your name."
        assert app.screen.query_one("#join-name", Input).max_length == 40


async def test_an_idle_tab_closes_and_its_run_stays_open(assignment: Assignment) -> None:
    app = tab(replace(assignment, idle_seconds=1.5))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await join(pilot, "Eve")
        deadline = time.monotonic() + 10
        while app.is_running and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert not app.is_running
    run = app.quiz_run
    assert run is not None and not run.session.finished
    with Store(Path(assignment.store_path)) as store:
        assert store.open_run("Eve", "7B") is not None


async def test_keys_typed_in_one_burst_reach_the_right_field(assignment: Assignment) -> None:
    from textual import events

    coded = replace(assignment, code_salt="pepper", code_digest=code_digest("424242", "pepper"))
    app = tab(coded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # As a paste or a fast typist sends them: all queued before the first is handled.
        for key in [*"Fay", "enter", *"424242", "enter"]:
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await settle(pilot)
        assert isinstance(app.screen, RunScreen)
        assert app.quiz_run is not None and app.quiz_run.learner == "Fay"
