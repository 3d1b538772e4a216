"""Store faults: every failure is one line naming the cause (damaged, disk full, read-only
medium, locked), what is kept and what to do; a damaged file is refused before anything is
written to it; odd schema versions and garbage rows are StoreErrors, not KeyError/ValueError."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.runs import start_run
from quiz.session import SessionConfig
from quiz.store import Store, StoreError, describe_error

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
BANK = "kuwait-nato"
SHIPPED = Path(__file__).resolve().parents[2] / "questions" / "kuwait-nato.yaml"


def record(store: Store, run: int, qid: str, n: int = 0) -> int:
    return store.record_attempt(
        run_id=run,
        bank=BANK,
        question_id=qid,
        question_hash="h",
        response=f"answer {n}",
        credit=1.0,
        hint_used=False,
        elapsed=5.0,
        at=T0 + timedelta(minutes=n),
        fuzz=False,
    )


def filled(path: Path, attempts: int = 40) -> None:
    with Store(path) as store:
        run = store.start_run(BANK, "practice", 1, None, T0)
        with store.batch():
            for n in range(attempts):
                record(store, run, f"q{n % 25}", n)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(exc: StoreError) -> str:
    message = str(exc)
    assert "\n" not in message
    return message


def fake(code: str, text: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorname = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        ("SQLITE_FULL", "the disk is full"),
        ("SQLITE_READONLY", "read-only medium"),
        ("SQLITE_READONLY_DBMOVED", "read-only medium"),
        ("SQLITE_BUSY", "another program holds it locked"),
        ("SQLITE_LOCKED", "another program holds it locked"),
        ("SQLITE_IOERR_WRITE", "the disk reported an error"),
        ("SQLITE_CANTOPEN", "cannot be opened"),
        ("SQLITE_CORRUPT", "damaged"),
        ("SQLITE_NOTADB", "damaged"),
    ],
)
def test_each_cause_is_named_with_what_is_kept(code: str, cause: str) -> None:
    message = describe_error(fake(code, "sqlite says"), "cannot write to the progress store", "K")
    assert message.startswith("cannot write to the progress store (sqlite says): ")
    assert cause in message
    assert "; K; " in message


def test_a_full_disk_during_a_run_keeps_the_answers_before(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    run = store.start_run(BANK, "practice", 1, None, T0)
    record(store, run, "q0")
    (pages,) = store._db.execute("PRAGMA page_count").fetchone()
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" is full now
    with pytest.raises(StoreError) as caught:
        for n in range(1, 500):
            record(store, run, f"q{n}", n)
    message = one_line(caught.value)
    assert "cannot write to the progress store (database or disk is full): the disk is full;" in (
        message
    )
    assert "the answers saved before are kept; free some space" in message
    assert [a.response for a in store.history(BANK, "q0")] == ["answer 0"]
    store.close()


def test_a_read_only_medium_is_named(tmp_path: Path) -> None:
    store = Store(tmp_path / "progress.sqlite3")
    run = store.start_run(BANK, "practice", 1, None, T0)
    store._db.execute("PRAGMA query_only = ON")  # as on a medium that refuses writes
    with pytest.raises(StoreError) as caught:
        record(store, run, "q0")
    assert "it is on a read-only medium or cannot be written" in one_line(caught.value)
    assert "pass --data-dir" in str(caught.value)
    store.close()


def test_random_bytes_in_the_middle_are_refused_before_any_write(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    filled(path, attempts=400)
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    middle = (pages // 2) * 4096
    data[middle : middle + 4096] = random.Random(7).randbytes(4096)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = one_line(caught.value)
    assert "it is damaged or not a factquiz store; nothing in it was changed" in message
    assert message.endswith("move it aside (with its -wal and -shm files) or pass --data-dir")
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


@pytest.mark.parametrize("version", [-1, -(2**31)])
def test_a_negative_schema_version_is_one_line(tmp_path: Path, version: int) -> None:
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert f"unknown schema version {version}" in one_line(caught.value)
    assert digest(path) == before


GARBAGE = {
    "time": ("UPDATE attempts SET answered_at = 'yesterday-ish'", "history"),
    "credit": ("UPDATE attempts SET credit = 'lots'", "history"),
    "run start": ("UPDATE runs SET started = X'00ff'", "last_run"),
    "seed": ("UPDATE runs SET seed = 'abc'", "last_run"),
    "card": ("UPDATE cards SET card_json = '{not json'", "record"),
    "card shape": ("UPDATE cards SET card_json = '[1, 2]'", "record"),
    "stats time": ("UPDATE attempts SET answered_at = 'zzz'", "bank_stats"),
}


@pytest.mark.parametrize(("sql", "call"), GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_in_a_row_is_one_line_not_a_traceback(tmp_path: Path, sql: str, call: str) -> None:
    path = tmp_path / "progress.sqlite3"
    filled(path, attempts=3)
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()
    store = Store(path)
    with pytest.raises(StoreError) as caught:
        if call == "history":
            store.history(BANK, "q0")
        elif call == "last_run":
            store.last_run(BANK)
        elif call == "record":
            record(store, 1, "q0", 9)
        else:
            store.bank_stats(BANK, T0)
    message = one_line(caught.value)
    assert "it is damaged or not a factquiz store" in message
    if call == "record":  # the failed write left nothing behind
        assert len(store._db.execute("SELECT * FROM attempts").fetchall()) == 3
    store.close()


def test_a_read_only_store_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    filled(path)
    before = digest(path)
    store = Store(path, read_only=True)
    assert store.bank_stats(BANK, T0).attempts == 40
    with pytest.raises(StoreError):
        store.start_run(BANK, "practice", 1, None, T0)
    store.close()
    assert digest(path) == before


def test_a_failed_save_takes_the_answer_back(tmp_path: Path, monkeypatch) -> None:
    store = Store(tmp_path / "progress.sqlite3")
    run = start_run(SHIPPED, SessionConfig(seed=1), store)
    first = run.session.current
    assert first is not None

    def full(**_: object) -> int:
        raise StoreError(store.path, "cannot write to the progress store (full): the disk is full")

    monkeypatch.setattr(store, "record_attempt", full)
    with pytest.raises(StoreError):
        run.answer("2004", 3.0)
    assert run.session.position == 0 and run.session.current == first
    assert run.session.answers == ()
    monkeypatch.undo()
    run.answer("2004", 3.0)  # given again, now saved
    assert run.session.position == 1
    assert len(store.history(run.bank.slug, first.question.id)) == 1
    store.close()


def test_retract_restores_the_hint_and_the_streak() -> None:
    from quiz.bank.load import load_bank
    from quiz.session import Session

    questions = [q for q in load_bank(SHIPPED).questions if q.hint][:2]
    session = Session(questions, SessionConfig(seed=1))
    session.hint()
    record = session.skip(1.0)
    session.retract(record)
    assert session.position == 0 and session.hint_taken
    with pytest.raises(ValueError):
        session.retract(record)
