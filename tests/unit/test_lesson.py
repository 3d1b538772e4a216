"""A lesson's rules without a browser: names, codes, leases, resuming, stopping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.lesson import (
    MAX_NAME,
    Assignment,
    BadName,
    Lesson,
    LessonBook,
    bank_version,
    clean_name,
    code_digest,
    name_key,
    new_code,
    open_lesson,
    progress,
    snapshot,
    stop_lesson,
)
from quiz.runs import start_run
from quiz.session import SessionConfig
from quiz.store import Store

REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "tests" / "data" / "banks" / "harbour.yaml"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_names_are_data_of_bounded_length() -> None:
    assert clean_name("  Ada Lovelace ") == "Ada Lovelace"
    assert clean_name("[b]Bold[/b]") == "[b]Bold[/b]"  # markup is just text
    assert clean_name("x" * MAX_NAME) == "x" * MAX_NAME
    for bad in ("", "   ", "x" * (MAX_NAME + 1), "Ada\x1b[31m", "A\u200bda", "Ada\nBob"):
        with pytest.raises(BadName):
            clean_name(bad)


def test_the_same_learner_whatever_the_case_and_spacing() -> None:
    assert name_key("Ada  Lovelace") == name_key("ada lovelace")
    assert name_key("Ada") != name_key("Adam")


def test_codes_match_only_themselves() -> None:
    code = new_code()
    assert len(code) == 6 and code.isdigit()
    assignment = _assignment(code_salt="salt", code_digest=code_digest(code, "salt"))
    assert assignment.needs_code
    assert assignment.code_matches(code)
    assert assignment.code_matches(f" {code} ")  # spaces around a typed code do not count
    assert not assignment.code_matches("")
    assert not assignment.code_matches(code[:-1])
    assert _assignment().code_matches("anything")  # no code: any is fine


def test_assignment_file_round_trip(tmp_path: Path) -> None:
    assignment = _assignment(tags=("figures",), time_limit=600.0, hints=True)
    path = tmp_path / "a.json"
    assignment.write(path)
    assert path.stat().st_mode & 0o077 == 0  # the teacher's only
    assert Assignment.read(path) == assignment


def _assignment(**changes: object) -> Assignment:
    values: dict[str, object] = {
        "bank_path": str(BANK),
        "bank_version": bank_version(BANK),
        "class_name": "7B",
        "lesson_id": 1,
        "store_path": "/nowhere/progress.sqlite3",
        "seed": 5,
    }
    values.update(changes)
    return Assignment(**values)  # type: ignore[arg-type]


@pytest.fixture
def lesson_setup(tmp_path: Path) -> tuple[Store, LessonBook, Assignment]:
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    book = LessonBook(path)
    lesson_id = open_lesson(store, book, "7B", "harbour-wall", "practice", 5, {"x": 1}, T0)
    assignment = _assignment(lesson_id=lesson_id, store_path=str(path))
    yield store, book, assignment
    book.close()
    store.close()


def test_a_name_is_taken_while_its_tab_holds_the_lease(lesson_setup) -> None:
    _, book, assignment = lesson_setup
    lid = assignment.lesson_id
    assert book.claim(lid, "Ada", "tab-1", T0, 45)
    assert not book.claim(lid, "ADA", "tab-2", T0 + timedelta(seconds=10), 45)
    assert book.claim(lid, "Ada", "tab-1", T0 + timedelta(seconds=10), 45)  # the same tab
    # The first tab stops renewing (closed without saying so): the lease runs out.
    assert book.claim(lid, "ada", "tab-2", T0 + timedelta(seconds=60), 45)
    book.release(lid, "Ada", "tab-1")  # not tab-1's any more: nothing happens
    assert not book.claim(lid, "Ada", "tab-3", T0 + timedelta(seconds=61), 45)
    book.release(lid, "Ada", "tab-2")
    assert book.claim(lid, "Ada", "tab-3", T0 + timedelta(seconds=61), 45)


def test_the_same_settings_carry_the_lesson_on_until_it_is_stopped(lesson_setup) -> None:
    store, book, assignment = lesson_setup
    again = open_lesson(store, book, "7B", "harbour-wall", "practice", 5, {"x": 1}, T0)
    assert again == assignment.lesson_id
    other = open_lesson(store, book, "7B", "harbour-wall", "practice", 6, {"x": 1}, T0)
    assert other != assignment.lesson_id
    stop_lesson(store, book, assignment, T0)
    after = open_lesson(store, book, "7B", "harbour-wall", "practice", 5, {"x": 1}, T0)
    assert after not in (assignment.lesson_id, other)


def test_join_resume_and_finish(lesson_setup) -> None:
    store, _, assignment = lesson_setup
    first = Lesson(assignment)
    joined = first.join("Ada", "")
    assert joined.error is None and joined.run is not None and joined.results is None
    run = joined.run
    order = [p.question.id for p in run.session.presented]
    run.answer("478", 3.0)  # wall-length: right
    run.skip(1.0)
    assert Lesson(assignment).join("ada", "").error == (
        "That name is taken in this class: add an initial, or ask."
    )
    first.leave()  # the tab closes; the run stays open

    second = Lesson(assignment)
    resumed = second.join(" ADA ", "")
    assert resumed.run is not None and resumed.results is None
    session = resumed.run.session
    assert [p.question.id for p in session.presented] == order  # same order, from the seed
    assert session.position == 2 and session.score == 1.0
    assert resumed.run.run_id == run.run_id
    resumed.run.answer("2", 2.0)
    assert [a.number for a in store.run_attempts(run.run_id)] == [1, 2, 3]
    resumed.run.finish()
    second.leave()

    third = Lesson(assignment).join("Ada", "")
    assert third.results is not None  # finished: only the results
    assert len(third.results.answers) == 3


def test_snapshot_progress_and_stop(lesson_setup) -> None:
    store, book, assignment = lesson_setup
    ada, bob = Lesson(assignment), Lesson(assignment)
    run_a = ada.join("Ada", "").run
    run_b = bob.join("Bob", "").run
    assert run_a is not None and run_b is not None
    run_a.answer("478", 1.0)
    run_b.answer("5", 1.0)  # wrong
    seen = snapshot(store, book, assignment, datetime.now(UTC))
    assert [(row.name, row.status, row.live) for row in seen.learners] == [
        ("Ada", "open", True),
        ("Bob", "open", True),
    ]
    order = [p.question.id for p in run_a.session.presented]
    learners, questions = progress(seen, run_a.bank, order)
    assert [(p.answered, p.score) for p in learners] == [(1, 1.0), (1, 0.0)]
    assert questions[0].answers == 2 and questions[0].facility == 0.5
    assert questions[1].facility is None

    bob.leave()
    assert stop_lesson(store, book, assignment, datetime.now(UTC)) == 2
    seen = snapshot(store, book, assignment, datetime.now(UTC))
    assert [(row.status, row.live) for row in seen.learners] == [("stopped", False)] * 2
    # Every answer is kept, the runs are ended in the store with the score so far, and a
    # stopped learner who comes back sees their results.
    assert len(store.run_attempts(run_b.run_id)) == 1
    ended = {run.learner: run for run, _ in store.report_runs("7B")}
    assert ended["Ada"].finished is not None and ended["Ada"].score == 1.0
    # stopped: scored over the questions answered (one), like any stopped run
    assert (ended["Ada"].status, ended["Ada"].max_score) == ("stopped", 1.0)
    back = Lesson(assignment).join("Bob", "")
    assert back.results is not None and back.results.answers[0].credit == 0
    assert Lesson(assignment).join("Cleo", "").error == "This lesson has ended."


def test_a_wrong_code_or_an_edited_bank_refuses(lesson_setup, tmp_path: Path) -> None:
    _, _, assignment = lesson_setup
    from dataclasses import replace

    coded = replace(assignment, code_salt="s", code_digest=code_digest("123456", "s"))
    assert Lesson(coded).join("Ada", "654321").error == "That code is not this class's code."
    assert Lesson(coded).join("Ada", "123456").error is None
    edited = replace(assignment, bank_version="0" * 16)
    assert "bank changed" in (Lesson(edited).join("Bob", "").error or "")
    assert Lesson(assignment).join("\x07", "").error == "A name cannot hold control characters."


def test_everyone_gets_the_same_run(tmp_path: Path) -> None:
    config = SessionConfig(seed=11, shuffle=True)
    runs = [start_run(BANK, config, None) for _ in range(2)]
    shown = [[(p.question.id, p.options) for p in r.session.presented] for r in runs]
    assert shown[0] == shown[1]
