"""The progress store: what it records, what it computes, and how it survives old files and files
that are not stores (crashes and concurrent writers: tests/functional/test_store_processes.py)."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, State

import quiz.store
from quiz.locations import Paths
from quiz.spaced import Rating, review
from quiz.store import SCHEMA_VERSION, QuestionStats, Store, StoreError

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
BANK = "kuwait-nato"


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "progress.sqlite3") as s:
        yield s


def answer(
    store: Store,
    run: int,
    qid: str,
    credit: float,
    at: datetime,
    *,
    qhash: str = "h1",
    hint: bool = False,
    elapsed: float = 20.0,
    bank: str = BANK,
    fuzz: bool = False,
) -> int:
    return store.record_attempt(
        run, bank, qid, qhash, f"answer to {qid}", credit, hint, elapsed, at, fuzz=fuzz
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


# --- where it lives -------------------------------------------------------------------------------


def test_data_folder_is_the_flag_then_the_environment_then_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "env"))
    assert Paths.find(tmp_path, tmp_path / "flag").data == tmp_path / "flag"
    found = Paths.find(tmp_path)
    assert found.data == tmp_path / "env" and found.cwd == tmp_path
    assert found.store == tmp_path / "env" / "progress.sqlite3"
    monkeypatch.setenv("QUIZ_DATA_DIR", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert Paths.find(tmp_path).data == tmp_path / "xdg" / "factquiz"
    assert Paths.find(tmp_path).data.name == "factquiz"


def test_store_creates_its_directory_in_wal_mode_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "progress.sqlite3"
    Store(path).close()
    with raw(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"runs", "attempts", "cards"} <= tables
    Store(path).close()  # reopening an up-to-date store changes nothing


# --- recording ------------------------------------------------------------------------------------


def test_runs_are_recorded_and_finished(store: Store) -> None:
    assert store.last_run(BANK) is None
    run = store.start_run(BANK, "practice", 7, "Ada", T0)
    answer(store, run, "q1", 1.0, T0 + minutes(1))
    answer(store, run, "q2", 0.0, T0 + minutes(2))
    assert store.last_run(BANK) is None  # Ada's run, not the store's default learner's
    last = store.last_run(BANK, learner="Ada")
    assert last is not None
    assert (last.id, last.mode, last.seed, last.name) == (run, "practice", 7, "Ada")
    assert last.learner == "Ada"
    assert last.started == T0
    assert (last.finished, last.score, last.percent, last.answered) == (None, None, None, 2)
    assert store.last_run(BANK, finished_only=True, learner="Ada") is None

    store.finish_run(run, T0 + minutes(3), 1.0, 2.0)
    last = store.last_run(BANK, finished_only=True, learner="Ada")
    assert last is not None and last.finished == T0 + minutes(3)
    assert (last.score, last.max_score, last.percent) == (1.0, 2.0, 50.0)

    later = store.start_run(BANK, "exam", 8, "Ada", T0 + minutes(10))
    assert store.last_run(BANK, learner="Ada").id == later  # type: ignore[union-attr]
    assert store.last_run(BANK, finished_only=True, learner="Ada").id == run  # type: ignore[union-attr]


def test_an_attempt_is_committed_before_record_attempt_returns(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    run = store.start_run(BANK, "practice", 0, None, T0)
    answer(store, run, "q1", 1.0, T0)
    # Another connection sees it while the store is still open: nothing waits in a transaction.
    with raw(path) as db:
        assert db.execute("SELECT question_id, credit FROM attempts").fetchall() == [("q1", 1.0)]
        assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 1
    store.close()


def test_history_keeps_every_attempt_with_its_fields(store: Store) -> None:
    run = store.start_run(BANK, "practice", 0, None, T0)
    answer(store, run, "q1", 0.5, T0 + minutes(2), hint=True, elapsed=12.5)
    answer(store, run, "q1", 1.0, T0 + minutes(1))  # answered_at order, not insertion order
    answer(store, run, "q2", 1.0, T0)
    rows = store.history(BANK, "q1")
    assert [r.answered_at for r in rows] == [T0 + minutes(1), T0 + minutes(2)]
    first, second = rows
    assert (first.credit, first.correct, first.hint_used) == (1.0, True, False)
    assert (second.credit, second.correct, second.hint_used, second.elapsed) == (
        0.5,
        False,
        True,
        12.5,
    )
    assert second.response == "answer to q1" and second.run_id == run and second.bank == BANK
    assert second.answered_at.tzinfo is not None
    assert store.history(BANK, "nope") == [] and store.history("other", "q1") == []


def test_latest_attempts_finds_mistakes(store: Store) -> None:
    run = store.start_run(BANK, "practice", 0, None, T0)
    answer(store, run, "q1", 0.0, T0)
    answer(store, run, "q1", 1.0, T0 + minutes(5))  # fixed
    answer(store, run, "q2", 1.0, T0)
    answer(store, run, "q2", 0.5, T0 + minutes(5))  # got worse
    answer(store, run, "q3", 0.0, T0 + minutes(1))
    answer(store, run, "q4", 0.0, T0 + minutes(9), bank="other")
    latest = store.latest_attempts(BANK)
    assert set(latest) == {"q1", "q2", "q3"}
    assert latest["q2"].credit == 0.5 and latest["q2"].answered_at == T0 + minutes(5)
    assert {q for q, a in latest.items() if not a.correct} == {"q2", "q3"}
    assert store.latest_attempts("never") == {}


def test_latest_attempt_ties_go_to_the_last_recorded(store: Store) -> None:
    run = store.start_run(BANK, "practice", 0, None, T0)
    answer(store, run, "q1", 1.0, T0)
    answer(store, run, "q1", 0.0, T0)
    assert store.latest_attempts(BANK)["q1"].credit == 0.0


def test_a_batch_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    with store.batch():
        run = store.start_run(BANK, "practice", 0, None, T0)
        for i in range(5):
            answer(store, run, f"q{i}", 1.0, T0 + minutes(i))
        assert len(store.latest_attempts(BANK)) == 5  # reads inside see the batch's writes
        with raw(path) as other:  # others see nothing until the end
            assert other.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0
    assert store.bank_stats(BANK, T0).attempts == 5
    with pytest.raises(RuntimeError), store.batch():
        answer(store, run, "q9", 1.0, T0)
        raise RuntimeError("interrupted")
    assert store.history(BANK, "q9") == [] and store.card(BANK, "q9") is None
    store.close()


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.start_run(BANK, "practice", 0, None, datetime(2025, 3, 1))
    assert store.known_banks() == []


# --- review cards ---------------------------------------------------------------------------------


def test_cards_follow_fsrs_and_due_ids_are_ordered(store: Store) -> None:
    run = store.start_run(BANK, "review", 0, None, T0)
    answer(store, run, "good", 1.0, T0)  # Good: due T0 + 10 min
    answer(store, run, "again", 0.0, T0)  # Again: due T0 + 1 min
    answer(store, run, "hard", 1.0, T0, hint=True)  # Hard: due T0 + 5.5 min
    answer(store, run, "easy", 1.0, T0, elapsed=3.0)  # Easy: due in days
    answer(store, run, "old-again", 0.0, T0 - minutes(30))  # due T0 - 29 min

    card = store.card(BANK, "good")
    assert card is not None and card.due == T0 + minutes(10) and card.question_hash == "h1"
    assert Card.from_json(card.card_json).state == State.Learning
    assert store.card(BANK, "easy").due >= T0 + timedelta(days=1)  # type: ignore[union-attr]
    assert store.card(BANK, "never") is None

    assert store.due_question_ids(BANK, T0) == ["old-again"]
    assert store.due_question_ids(BANK, T0 + minutes(1)) == ["old-again", "again"]
    assert store.due_question_ids(BANK, T0 + minutes(10)) == ["old-again", "again", "hard", "good"]
    assert "easy" in store.due_question_ids(BANK, T0 + timedelta(days=400))
    assert store.due_question_ids("other", T0 + timedelta(days=400)) == []
    assert store.carded_question_ids(BANK) == {"good", "again", "hard", "easy", "old-again"}
    assert store.bank_stats(BANK, T0 + minutes(1)).due == 2


def test_a_card_is_updated_by_each_answer(store: Store) -> None:
    run = store.start_run(BANK, "review", 0, None, T0)
    answer(store, run, "q1", 1.0, T0)
    first = store.card(BANK, "q1")
    answer(store, run, "q1", 1.0, first.due)  # type: ignore[union-attr]
    second = store.card(BANK, "q1")
    expected_json, expected_due = review(first.card_json, Rating.Good, first.due, fuzz=False)  # type: ignore[union-attr]
    assert (second.card_json, second.due) == (expected_json, expected_due)  # type: ignore[union-attr]
    assert second.due - first.due >= timedelta(days=1)  # type: ignore[union-attr,operator]


def test_a_changed_question_keeps_its_history_and_its_card_restarts(store: Store) -> None:
    run = store.start_run(BANK, "review", 0, None, T0)
    answer(store, run, "q1", 1.0, T0, qhash="old", elapsed=2.0)  # Easy: review state, days away
    answer(store, run, "q2", 1.0, T0, qhash="same", elapsed=2.0)
    assert Card.from_json(store.card(BANK, "q1").card_json).state == State.Review  # type: ignore[union-attr]
    later = T0 + timedelta(days=30)
    current = {"q1": "new", "q2": "same"}

    # Before it is answered again: with the current hashes, q1 is new, neither due nor carded.
    assert store.due_question_ids(BANK, later) == ["q1", "q2"]
    assert store.due_question_ids(BANK, later, current) == ["q2"]
    assert store.carded_question_ids(BANK, current) == {"q2"}
    assert store.carded_question_ids(BANK) == {"q1", "q2"}

    answer(store, run, "q1", 1.0, later, qhash="new")  # Good
    card = store.card(BANK, "q1")
    assert card is not None and card.question_hash == "new"
    _, fresh_due = review(None, Rating.Good, later, fuzz=False)
    assert card.due == fresh_due == later + minutes(10)  # as a brand-new card, not a 30-day review
    assert Card.from_json(card.card_json).state == State.Learning
    assert [(a.question_hash, a.correct) for a in store.history(BANK, "q1")] == [
        ("old", True),
        ("new", True),
    ]
    assert store.latest_attempts(BANK)["q1"].question_hash == "new"
    assert store.carded_question_ids(BANK, current) == {"q1", "q2"}
    assert store.bank_stats(BANK, later).attempts == 3  # old content still counts in the figures


# --- figures --------------------------------------------------------------------------------------


def test_bank_stats_of_a_bank_never_played(store: Store) -> None:
    stats = store.bank_stats(BANK, T0)
    assert (stats.attempts, stats.correct, stats.accuracy, stats.due) == (0, 0, None, 0)
    assert (stats.last_played, stats.best_streak, stats.per_question, stats.runs) == (
        None,
        0,
        {},
        [],
    )


def test_bank_stats_figures(tmp_path: Path) -> None:
    # The store's learner is Ada: runs without a name are hers too.
    store = Store(tmp_path / "progress.sqlite3", learner="Ada")
    # Run 1: right, right, wrong, right.  Run 2: right, right, right, half.  Run 3: right, skip.
    outcomes = [
        [("q1", 1.0), ("q2", 1.0), ("q3", 0.0), ("q4", 1.0)],
        [("q1", 1.0), ("q2", 1.0), ("q3", 1.0), ("q4", 0.5)],
        [("q3", 1.0), ("q4", 0.0)],
    ]
    runs = []
    at = T0
    for n, answers in enumerate(outcomes):
        run = store.start_run(BANK, "practice", n, "Ada" if n else None, at)
        runs.append(run)
        for qid, credit in answers:
            at += minutes(1)
            answer(store, run, qid, credit, at)
        at += timedelta(hours=1)
        if n < 2:
            store.finish_run(run, at, sum(c for _, c in answers), len(answers))
    other = store.start_run("other", "practice", 0, None, at)
    for i in range(10):  # another bank's perfect streak must not leak in
        answer(store, other, f"x{i}", 1.0, at + minutes(i), bank="other")

    stats = store.bank_stats(BANK, T0 + timedelta(hours=5))
    assert stats.bank == BANK
    assert (stats.attempts, stats.correct) == (10, 7)
    assert stats.accuracy == pytest.approx(0.7)
    # In time order: R R W | R R R R H | R W: the longest streak spans runs 1 and 2.
    assert stats.best_streak == 4
    assert stats.per_question == {
        "q1": (2, 2),
        "q2": (2, 2),
        "q3": (3, 2),
        "q4": (3, 1),
    }
    assert isinstance(stats.per_question["q1"], QuestionStats)
    assert stats.last_played == at - timedelta(hours=1)
    assert [r.id for r in stats.runs] == runs[::-1]
    assert [r.answered for r in stats.runs] == [2, 4, 4]
    assert [r.percent for r in stats.runs] == [None, 87.5, 75.0]
    assert stats.runs[0].name == "Ada" and stats.runs[2].name is None
    assert [r.id for r in store.bank_stats(BANK, T0, last_runs=2).runs] == runs[:0:-1]
    assert store.bank_stats("other", at).best_streak == 10
    assert store.known_banks() == [BANK, "other"]


def test_best_streak_follows_answer_time_not_insertion_order(store: Store) -> None:
    run = store.start_run(BANK, "practice", 0, None, T0)
    # Recorded out of order: in time order it is right, right, right, wrong.
    answer(store, run, "q1", 0.0, T0 + minutes(4))
    answer(store, run, "q2", 1.0, T0 + minutes(1))
    answer(store, run, "q3", 1.0, T0 + minutes(3))
    answer(store, run, "q4", 1.0, T0 + minutes(2))
    assert store.bank_stats(BANK, T0).best_streak == 3


def test_best_streak_and_totals_match_a_plain_count(store: Store) -> None:
    rng = random.Random(4)
    run = store.start_run(BANK, "practice", 0, None, T0)
    outcomes = [
        (T0 + timedelta(seconds=i), rng.choice([0.0, 0.5, 1.0, 1.0, 1.0])) for i in range(300)
    ]
    with store.batch():
        for at, credit in rng.sample(outcomes, len(outcomes)):  # recorded in shuffled order
            answer(store, run, f"q{rng.randrange(12)}", credit, at)
    best = streak = 0
    for _, credit in outcomes:
        streak = streak + 1 if credit == 1.0 else 0
        best = max(best, streak)
    stats = store.bank_stats(BANK, T0)
    assert stats.best_streak == best > 3
    assert stats.correct == sum(c == 1.0 for _, c in outcomes)
    assert stats.attempts == 300 == sum(s.attempts for s in stats.per_question.values())


# --- files that are not (usable) stores -----------------------------------------------------------

CORRUPT_CONTENTS = {
    "random bytes": os.urandom(8192),
    "text": b"these are my notes, not a database\n" * 40,
    "short text": b"hi\n",
    "truncated sqlite header": b"SQLite format 3\x00" + b"\x00" * 20,
}


@pytest.mark.parametrize("content", CORRUPT_CONTENTS.values(), ids=CORRUPT_CONTENTS.keys())
def test_a_corrupt_store_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: error: cannot read the progress store (")
    assert message.endswith(
        ": it is damaged or not a factquiz store; nothing in it was changed;"
        " move it aside (with its -wal and -shm files) or pass --data-dir"
    )
    assert path.read_bytes() == content
    assert caught.value.problems[0].path == str(path)


def test_random_bytes_give_the_documented_message(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (
        f"{path}: error: cannot read the progress store (file is not a database):"
        " it is damaged or not a factquiz store; nothing in it was changed;"
        " move it aside (with its -wal and -shm files) or pass --data-dir"
    )
    assert str(caught.value.problems[0]) == str(caught.value)


def test_a_directory_in_place_of_the_store(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match=r"it is a directory.*move it aside.*or pass --data-dir"):
        Store(path)
    assert [p.name for p in path.iterdir()] == ["keep.txt"]


def test_a_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store(tmp_path / "file" / "progress.sqlite3")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_store(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    content = path.read_bytes()
    path.chmod(0)
    try:
        with pytest.raises(StoreError, match="cannot read the progress store"):
            Store(path)
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == content


def test_another_programs_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with raw(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('bread')")
    db.close()
    content = path.read_bytes()
    with pytest.raises(StoreError, match="another program's database"):
        Store(path)
    assert path.read_bytes() == content


def test_a_store_from_a_newer_factquiz_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    with raw(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    content = path.read_bytes()
    newer = (
        rf"newer factquiz \(schema version {SCHEMA_VERSION + 1}, this one knows up to"
        rf" {SCHEMA_VERSION}\); upgrade factquiz"
    )
    with pytest.raises(StoreError, match=newer):
        Store(path)
    assert path.read_bytes() == content


def test_a_store_locked_too_long_gives_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setattr(quiz.store, "BUSY_TIMEOUT_MS", 100)
    store = Store(path)
    run = store.start_run(BANK, "practice", 0, None, T0)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    locked = r"cannot write to the progress store \(database is locked\)"
    with pytest.raises(StoreError, match=locked):
        answer(store, run, "q1", 1.0, T0)
    assert store.history(BANK, "q1") == []  # readers are not blocked by a writer (WAL)
    blocker.execute("ROLLBACK")
    blocker.close()
    answer(store, run, "q1", 1.0, T0)  # usable again once the lock is gone
    assert len(store.history(BANK, "q1")) == 1
    store.close()


def test_opening_a_store_locked_too_long_blames_the_lock_not_the_file(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setattr(quiz.store, "BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # a new file, locked before the store can build it
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert "database is locked" in str(caught.value)
    assert "move it aside" not in str(caught.value)
    blocker.execute("ROLLBACK")
    blocker.close()
    Store(path).close()


# --- migrations -----------------------------------------------------------------------------------

# What the first release wrote (schema version 1): no student names, no review cards.
V1_SCHEMA = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, bank TEXT NOT NULL, mode TEXT NOT NULL,
    seed INTEGER NOT NULL, started TEXT NOT NULL, finished TEXT, score REAL, max_score REAL);
CREATE TABLE attempts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
    bank TEXT NOT NULL, question_id TEXT NOT NULL, question_hash TEXT NOT NULL,
    response TEXT NOT NULL, credit REAL NOT NULL, hint_used INTEGER NOT NULL,
    elapsed REAL NOT NULL, answered_at TEXT NOT NULL);
CREATE INDEX runs_by_bank ON runs (bank, started);
CREATE INDEX attempts_by_run ON attempts (run_id);
CREATE INDEX attempts_by_question ON attempts (bank, question_id, answered_at, id, credit);
CREATE INDEX attempts_by_time ON attempts (bank, answered_at, id, credit);
PRAGMA user_version = 1;
"""


def test_a_version_1_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    iso = lambda t: t.isoformat(timespec="microseconds")  # noqa: E731
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.execute(
        "INSERT INTO runs VALUES (1, ?, 'practice', 3, ?, ?, 1.5, 2.0)",
        (BANK, iso(T0), iso(T0 + minutes(5))),
    )
    attempts = [  # q1: right then wrong; q2: right fast, then (changed content) right
        (1, "q1", "a", "1.0", 1.0, 0, 30.0, T0 + minutes(1)),
        (1, "q2", "b", "2017", 1.0, 0, 4.0, T0 + minutes(2)),
        (1, "q1", "a", "2.0", 0.0, 0, 30.0, T0 + minutes(3)),
        (1, "q2", "c", "2017", 1.0, 0, 30.0, T0 + minutes(4)),
    ]
    db.executemany(
        "INSERT INTO attempts (run_id, bank, question_id, question_hash, response, credit,"
        " hint_used, elapsed, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r, BANK, q, h, resp, c, hint, e, iso(t)) for r, q, h, resp, c, hint, e, t in attempts],
    )
    db.commit()
    db.close()

    with Store(path) as store:
        last = store.last_run(BANK)
        assert last is not None and last.name is None and last.percent == 75.0
        assert last.answered == 4
        stats = store.bank_stats(BANK, T0 + minutes(5))
        assert (stats.attempts, stats.correct, stats.best_streak) == (4, 3, 2)
        # Cards rebuilt from the history: q1 (Good, then Again) is due a minute after its lapse;
        # q2 restarted with its new content, so one Good review of a new card.
        q1 = store.card(BANK, "q1")
        q1_json, q1_due = review(None, Rating.Good, T0 + minutes(1), fuzz=False)
        q1_json, q1_due = review(q1_json, Rating.Again, T0 + minutes(3), fuzz=False)
        assert q1 is not None and (q1.card_json, q1.due) == (q1_json, q1_due)
        q2 = store.card(BANK, "q2")
        assert q2 is not None and q2.question_hash == "c" and q2.due == T0 + minutes(14)
        assert store.due_question_ids(BANK, T0 + minutes(5)) == ["q1"]
        # The new column and table work.
        run = store.start_run(BANK, "review", 4, "Ada", T0 + timedelta(days=1))
        answer(store, run, "q1", 1.0, T0 + timedelta(days=1), qhash="a")
        assert store.last_run(BANK, learner="Ada").name == "Ada"  # type: ignore[union-attr]
        assert len(store.history(BANK, "q1")) == 2
        assert len(store.history(BANK, "q1", learner="Ada")) == 1
    with raw(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "c"))
    assert Paths.find(tmp_path).cache == tmp_path / "c"
    monkeypatch.delenv("QUIZ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert Paths.find(tmp_path).cache == tmp_path / "xdg" / "factquiz"
    assert Paths.find(tmp_path).cache.name == "factquiz"


class _Rows:
    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None


def test_a_store_created_by_another_process_mid_check_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two processes open the same new file; the other one's first migration commits right
    # after this one has read the schema version. Read apart from the table count, the file
    # then looked like "another program's database" (seen once in CI, two writers at once).
    path = tmp_path / "progress.sqlite3"

    class Racing(sqlite3.Connection):
        raced = False

        def execute(self, sql: str, *args: object):  # type: ignore[override]
            cursor = super().execute(sql, *args)
            if Racing.raced or "user_version" not in sql or "=" in sql:
                return cursor
            Racing.raced = True
            rows = cursor.fetchall()  # this statement's answer, before the other commits
            Store(path).close()  # the other process creates the store meanwhile
            return _Rows(rows)

    real_connect = sqlite3.connect
    monkeypatch.setattr(
        "quiz.store.sqlite3.connect", lambda *a, **k: real_connect(*a, factory=Racing, **k)
    )
    with Store(path) as store:
        assert store.bank_stats(BANK, T0).attempts == 0
    assert Racing.raced
