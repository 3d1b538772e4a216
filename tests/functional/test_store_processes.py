"""The progress store across processes: a writer killed with SIGKILL loses no committed
attempt, and two writers at once lose nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from paths import REPO

from quiz.store import Store

ROOT = REPO
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
BANK = "kuwait-nato"


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


# --- crashes and concurrency ----------------------------------------------------------------------

CHILD = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from quiz.store import Store

store = Store(Path(sys.argv[1]))
wait = sys.argv[2] == "wait"
t0 = datetime(2025, 3, 1, tzinfo=UTC)
run = store.start_run("kuwait-nato", "practice", 0, None, t0)
for n in range(1, 100_000):
    store.record_attempt(run, "kuwait-nato", f"q{n % 50}", "h", "x", n % 2, False, 5.0,
                         t0 + timedelta(seconds=n))
    print(n, flush=True)  # only after the commit
    if wait:
        sys.stdin.readline()
"""


def _spawn_child(path: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _count(path: Path) -> int:
    with Store(path) as store:
        return store.bank_stats(BANK, T0).attempts


def test_sigkill_loses_no_committed_attempt(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    child = _spawn_child(path, "wait")
    assert child.stdin is not None and child.stdout is not None
    answered = 17
    for n in range(1, answered + 1):
        assert child.stdout.readline().strip() == str(n)
        if n < answered:
            child.stdin.write("\n")
            child.stdin.flush()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert _count(path) == answered
    with raw(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == answered


def test_sigkill_in_the_middle_of_writing(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    child = _spawn_child(path, "run")
    assert child.stdout is not None
    last = 0
    while last < 150:
        last = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    last = max([last, *(int(line) for line in child.stdout.read().split())])  # still in the pipe
    # Everything printed was committed; at most one more committed before its print.
    assert last <= _count(path) <= last + 1
    with raw(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _writer(path: str, name: str, count: int, barrier) -> None:
    barrier.wait()  # both open the (not yet created) store at once
    with Store(Path(path)) as store:
        run = store.start_run(BANK, "practice", 0, name, T0)
        for i in range(count):
            at = T0 + timedelta(seconds=i)
            store.record_attempt(run, BANK, f"q{i % 50}", "h", f"{name}-{i}", 1.0, False, 20, at)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=_writer, args=(str(path), name, 200, barrier)) for name in ("a", "b")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    with Store(path) as store:
        responses = [
            a.response
            for n in "ab"
            for q in range(50)
            for a in store.history(BANK, f"q{q}", learner=n)
        ]
        assert sorted(responses) == sorted(f"{n}-{i}" for n in "ab" for i in range(200))
        for n in "ab":  # each writer is its own learner
            stats = store.bank_stats(BANK, T0, learner=n)
            assert stats.attempts == 200
            assert [(r.name, r.answered) for r in stats.runs] == [(n, 200)]
            assert store.carded_question_ids(BANK, learner=n) == {f"q{q}" for q in range(50)}
