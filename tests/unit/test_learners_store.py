"""Learners: progress kept per learner in one store, and the migration of existing stores."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import quiz.learners
from quiz.learners import FALLBACK_LEARNER, check_learner, default_learner
from quiz.spaced import Rating, review
from quiz.store import _MIGRATIONS, SCHEMA_VERSION, Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
BANK = "kuwait-nato"


def iso(t: datetime) -> str:
    return t.isoformat(timespec="microseconds")


def test_two_learners_sharing_a_store_never_see_each_others_schedule(tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3", learner="Ada") as store:
        ada = store.start_run(BANK, "practice", 1, None, T0)  # the store's learner
        ben = store.start_run(BANK, "practice", 1, "Ben", T0)
        store.record_attempt(ada, BANK, "q1", "h", "x", 0.0, False, 5, T0, fuzz=False)
        store.record_attempt(ben, BANK, "q2", "h", "y", 1.0, False, 5, T0, fuzz=False)
        later = T0 + timedelta(days=30)
        assert store.due_question_ids(BANK, later) == ["q1"]
        assert store.due_question_ids(BANK, later, learner="Ben") == ["q2"]
        assert set(store.latest_attempts(BANK)) == {"q1"}
        assert set(store.latest_attempts(BANK, learner="Ben")) == {"q2"}
        assert store.carded_question_ids(BANK, learner="Ben") == {"q2"}
        assert store.bank_stats(BANK, later).attempts == 1
        assert store.bank_stats(BANK, later, learner="Ben").correct == 1
        assert store.card(BANK, "q2") is None
        assert store.learners() == ["Ada", "Ben"]
        assert [a.learner for a in store.run_attempts(ben)] == ["Ben"]


def test_classes_and_assignments(tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store:
        aid = store.assign("7B", BANK, "exam", 42, T0, {"limit": 10})
        run = store.start_run(BANK, "exam", 42, "Ada", T0, class_name="7B", assignment_id=aid)
        store.create_class("7B", T0)  # already there: nothing happens
        assert [c.name for c in store.classes()] == ["7B"]
        (assignment,) = store.assignments("7B")
        assert (assignment.bank, assignment.seed, assignment.settings) == (BANK, 42, {"limit": 10})
        opened = store.open_run("Ada", "7B")
        assert opened is not None and opened.id == run and opened.assignment_id == aid
        store.finish_run(run, T0, 0, 0)
        assert store.open_run("Ada", "7B") is None


def _version_2_store(path: Path, names: list[str | None]) -> None:
    """A file as schema 2 made it: one run per name, each answering q1 right then q2 wrong."""
    db = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2):
        _MIGRATIONS[version](db, "unused")
    db.execute("PRAGMA user_version = 2")
    at = T0
    for run_id, name in enumerate(names, start=1):
        db.execute(
            "INSERT INTO runs (id, bank, mode, seed, started, name)"
            " VALUES (?, ?, 'practice', 0, ?, ?)",
            (run_id, BANK, iso(at), name),
        )
        for qid, credit in (("q1", 1.0), ("q2", 0.0)):
            at += timedelta(minutes=1)
            db.execute(
                "INSERT INTO attempts (run_id, bank, question_id, question_hash, response, credit,"
                " hint_used, elapsed, answered_at) VALUES (?, ?, ?, 'h', 'r', ?, 0, 30, ?)",
                (run_id, BANK, qid, credit, iso(at)),
            )
    # Cards as schema 2 kept them: one per question, whoever answered (fuzzed, so distinctive).
    for qid in ("q1", "q2"):
        db.execute(
            "INSERT INTO cards VALUES (?, ?, 'h', ?, ?)",
            (BANK, qid, f'{{"card": "{qid}"}}', iso(T0 + timedelta(days=3))),
        )
    db.close()


def test_migration_gives_existing_data_to_the_default_learner(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _version_2_store(path, [None, None])
    with Store(path, learner="ossy") as store:
        assert [run.learner for run, _ in store.report_runs()] == ["ossy", "ossy"]
        card = store.card(BANK, "q1")
        assert card is not None and card.card_json == '{"card": "q1"}'  # kept as it was
        assert store.bank_stats(BANK, T0).attempts == 4
        assert store.bank_stats(BANK, T0, learner="someone").attempts == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migration_splits_named_runs_into_learners(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _version_2_store(path, ["Ada", None])
    with Store(path, learner="ossy") as store:
        assert store.learners() == ["Ada", "ossy"]
        assert store.bank_stats(BANK, T0, learner="Ada").attempts == 2
        assert store.bank_stats(BANK, T0).attempts == 2
        # Each learner's cards rebuilt from their own attempts: q2 (wrong) is due a minute on.
        expected, due = review(None, Rating.Again, T0 + timedelta(minutes=2), fuzz=False)
        ada_q2 = store.card(BANK, "q2", learner="Ada")
        assert ada_q2 is not None and (ada_q2.card_json, ada_q2.due) == (expected, due)
        assert store.card(BANK, "q2") is not None
        assert store.card(BANK, "q2").due > due  # type: ignore[union-attr]


def test_default_learner_falls_back_when_the_os_has_no_user(monkeypatch) -> None:
    def no_user() -> str:
        raise OSError("no user")

    monkeypatch.setattr(quiz.learners.getpass, "getuser", no_user)
    assert default_learner() == FALLBACK_LEARNER
    monkeypatch.setattr(quiz.learners.getpass, "getuser", lambda: "ada\x1b[31m")
    assert "\x1b" not in default_learner()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "empty"), ("  ", "empty"), ("a\x1bb", "control"), ("x" * 81, "at most")],
)
def test_check_learner(name: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        check_learner(name)
    assert check_learner("  Ada Lovelace ") == "Ada Lovelace"
