"""Schema version 3: how a run ended, its size and book rules; per attempt the article flag and
the options chosen. A version 2 file (as the previous factquiz wrote it) is moved forward."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz import store as store_module
from quiz.store import SCHEMA_VERSION, Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
BANK = "kuwait-nato"


def iso(t: datetime) -> str:
    return t.isoformat(timespec="microseconds")


def version_2_file(path: Path) -> None:
    """The tables exactly as version 2 left them: one finished run, one that was killed."""
    db = sqlite3.connect(path)
    db.executescript(
        store_module._V1.replace("\n", " ") + ";" + store_module._V2.replace("\n", " ")
    )
    db.execute(
        "INSERT INTO runs (id, bank, mode, seed, started, finished, score, max_score)"
        " VALUES (1, ?, 'practice', 3, ?, ?, 1.5, 2.0)",
        (BANK, iso(T0), iso(T0 + timedelta(minutes=5))),
    )
    db.execute(
        "INSERT INTO runs (id, bank, mode, seed, started) VALUES (2, ?, 'exam', 4, ?)",
        (BANK, iso(T0 + timedelta(hours=1))),
    )
    db.execute(
        "INSERT INTO attempts (run_id, bank, question_id, question_hash, response, credit,"
        " hint_used, elapsed, answered_at) VALUES (1, ?, 'q1', 'h', '2', 1.0, 0, 3.0, ?)",
        (BANK, iso(T0 + timedelta(minutes=1))),
    )
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()


def test_a_version_2_store_gets_run_status_and_the_options_chosen(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    version_2_file(path)
    with Store(path) as store:
        runs = store.bank_stats(BANK, T0 + timedelta(days=1)).runs
        killed, finished = runs
        assert (finished.status, finished.score, finished.max_score) == ("finished", 1.5, 2.0)
        assert finished.questions is None and finished.hints is None
        assert (killed.status, killed.finished, killed.answered) == (None, None, 0)
        (attempt,) = store.history(BANK, "q1")
        assert (attempt.source_opened, attempt.chosen, attempt.chosen_numbers) == (False, None, ())
        assert attempt.answer_text == "2"
        # The new columns work on the migrated file.
        later = T0 + timedelta(hours=2)
        run = store.start_run(
            BANK, "exam", 5, None, later, questions=3, hints=False, open_book=True
        )
        store.record_attempt(
            run, BANK, "q2", "h2", "4", 0.0, False, 2.0, T0, chosen=("Doha",), chosen_numbers=(4,)
        )
        store.finish_run(run, later, 0.0, 1.0, "stopped")
        row = store.last_run(BANK)
        assert row is not None and (row.status, row.questions, row.hints, row.open_book) == (
            "stopped",
            3,
            False,
            True,
        )
        assert store.history(BANK, "q2")[0].answer_text == "Doha"
        assert store.last_run(BANK, complete_only=True).id == 1  # type: ignore[union-attr]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    db.close()


def test_the_step_can_be_replayed_over_columns_already_there(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    version_2_file(path)
    db = sqlite3.connect(path, isolation_level=None)
    store_module._migrate_run_status(db, "learner")
    store_module._migrate_run_status(db, "learner")  # each column is added only if missing
    columns = {row[1] for row in db.execute("PRAGMA table_info(runs)")}
    assert {"status", "questions", "hints", "open_book"} <= columns
    db.close()


def test_finish_run_refuses_an_unknown_status(tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store:
        run = store.start_run(BANK, "practice", 0, None, T0)
        with pytest.raises(ValueError, match="unknown run status"):
            store.finish_run(run, T0, 0.0, 0.0, "quit")
