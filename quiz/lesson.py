"""A lesson: one assignment served to a class by `quiz serve`.

The teacher's process writes an `Assignment` (the bank, its version, the run options, the
class, a digest of the join code) to a private file; every browser tab runs the ordinary app
(`quiz play --assignment FILE`), which reads it and drives a `Lesson` on its core thread:
join with a name (and the code), then the run the teacher set, resumed if that learner
already started it. The dashboard reads the same store (`LessonBook.snapshot`).

`LessonBook` is the class side of the progress store as `quiz serve` needs it: classes,
lessons, which run is whose, what each question looked like when it was shown, and who is
connected (a lease per name, renewed while the tab is open). It keeps its own tables in the
progress store file, next to the runs and attempts that `quiz.store` writes.

No Textual and no web server here: the app, the dashboard and the server glue all use it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from quiz import lazy
from quiz.errors import Problem, QuizError
from quiz.folding import text_key
from quiz.locations import Paths
from quiz.meanings import iso
from quiz.session import SessionConfig
from quiz.textsafe import first_control, strip_format

if TYPE_CHECKING:
    from quiz import runs as service
    from quiz import store as storage
    from quiz.bank.model import Bank
    from quiz.runs import Run
    from quiz.session import Results
    from quiz.store import AttemptRow, RunRow, Store
else:
    # A lesson tab imports this module before its first frame; the run service and the store
    # (fsrs) come once a student joins.
    service = lazy.module("quiz.runs")
    storage = lazy.module("quiz.store")

MAX_NAME = 40  # characters in a learner's name
IDLE_MINUTES = 15  # a tab without a key or a click for this long is closed; its run resumes
LEASE_SECONDS = 45  # a name stays taken this long after its tab last renewed it
RENEW_SECONDS = 10  # how often an open tab renews its lease
BUSY_TIMEOUT_S = 5.0

Status = Literal["open", "finished", "stopped"]


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- names and codes ----------------------------------------------------------------------


class BadName(ValueError):
    """str() says what is wrong with the name, for the join screen."""


def clean_name(text: str) -> str:
    """A learner's name as kept: NFC, surrounding spaces dropped, 1 to MAX_NAME characters,
    no control or invisible format characters. Markup is just text (`[b]` stays `[b]`)."""
    name = unicodedata.normalize("NFC", text).strip()
    if not name:
        raise BadName("Type your name.")
    if first_control(name, allow="") is not None:
        raise BadName("A name cannot hold control characters.")
    if strip_format(name) != name:
        raise BadName("A name cannot hold invisible characters.")
    if len(name) > MAX_NAME:
        raise BadName(f"A name has at most {MAX_NAME} characters.")
    return name


def name_key(name: str) -> str:
    """Two names are the same learner when they match ignoring case and runs of spaces."""
    return text_key(name)


def new_code() -> str:
    """A join code to read out in class: 6 digits."""
    return f"{int.from_bytes(os.urandom(4), 'big') % 1_000_000:06d}"


def code_digest(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{code.strip()}".encode()).hexdigest()


def bank_version(path: Path) -> str:
    """A hash of the bank file's bytes: a tab refuses to start if the file was edited after
    the teacher started serving it (the questions the class gets must not change midway)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# --- the assignment file ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """What the teacher set, as the served app reads it from the private assignment file."""

    bank_path: str
    bank_version: str
    class_name: str
    lesson_id: int  # the class's assignment in the store
    store_path: str
    title: str = ""  # the bank's title, for the join screen
    mode: str = "practice"
    seed: int = 0
    shuffle: bool = False
    limit: int | None = None
    tags: tuple[str, ...] = ()
    time_limit: float | None = None  # seconds
    hints: bool = False
    open_book: bool = False
    code_salt: str = ""
    code_digest: str | None = None  # None: the class has no code
    idle_seconds: float = IDLE_MINUTES * 60
    cache: str | None = None  # the server's Paths.cache; None: always parse the bank

    def paths(self, cwd: Path) -> Paths:
        """A lesson tab's folders: the server's data folder and bank cache."""
        cache = Path(self.cache) if self.cache else None
        return Paths(cwd, Path(self.store_path).parent, cache)

    @property
    def config(self) -> SessionConfig:
        return SessionConfig(
            mode=self.mode,  # type: ignore[arg-type]
            seed=self.seed,
            shuffle=self.shuffle,
            limit=self.limit,
            tags=self.tags,
            time_limit=self.time_limit,
            # Off unless the teacher turned them on, in practice too: a lesson is an assignment.
            hints=self.hints,
            open_book=self.open_book,
        )

    @property
    def needs_code(self) -> bool:
        return self.code_digest is not None

    def code_matches(self, entered: str) -> bool:
        """Constant time, whatever is typed."""
        if self.code_digest is None:
            return True
        given = code_digest(entered, self.code_salt)
        return hmac.compare_digest(given.encode(), self.code_digest.encode())

    def write(self, path: Path) -> None:
        data = asdict(self)
        data["tags"] = list(self.tags)
        # Created readable by the teacher only: it holds the code's digest and the store path.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)

    @classmethod
    def read(cls, path: Path) -> Assignment:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["tags"] = tuple(data.get("tags", ()))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise QuizError(
                Problem(str(path), 0, 0, f"cannot read the assignment ({exc})")
            ) from exc


# --- what the store does not keep: who is connected, and which runs were stopped -----------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lesson_state (
    assignment_id INTEGER PRIMARY KEY,
    stopped TEXT
);
CREATE TABLE IF NOT EXISTS lesson_stopped (
    run_id INTEGER PRIMARY KEY,
    stopped TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lesson_leases (
    assignment_id INTEGER NOT NULL,
    learner_key TEXT NOT NULL,
    session TEXT NOT NULL,
    expires TEXT NOT NULL,
    PRIMARY KEY (assignment_id, learner_key)
)
"""


@dataclass(frozen=True, slots=True)
class LearnerRow:
    name: str
    run_id: int
    status: Status
    live: bool
    answers: tuple[tuple[str, float], ...]  # (question id, credit) in answer order
    last_answer: datetime | None


@dataclass(frozen=True, slots=True)
class LessonSnapshot:
    learners: tuple[LearnerRow, ...]  # in joining order


class LessonBook:
    """The lesson's own tables in the progress store file at `path`: leases (a name is taken
    while its tab renews the lease) and stopped runs. Runs, attempts, classes and assignments
    are the store's (`quiz.store`); this only adds what a live lesson needs. Thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            with self._write() as db:
                for statement in _SCHEMA.split(";"):
                    db.execute(statement)
        except (OSError, sqlite3.Error) as exc:
            raise QuizError(
                Problem(str(path), 0, 0, f"cannot use the progress store for a class ({exc})")
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    def is_stopped(self, assignment_id: int) -> bool:
        with self._read() as db:
            row = db.execute(
                "SELECT stopped FROM lesson_state WHERE assignment_id = ?", (assignment_id,)
            ).fetchone()
        return row is not None and row[0] is not None

    def stop(self, assignment_id: int, open_runs: Sequence[int], now: datetime) -> int:
        """The lesson ends: `open_runs` become stopped, every name is free. Returns how many."""
        with self._write() as db:
            db.execute(
                "INSERT INTO lesson_state (assignment_id, stopped) VALUES (?, ?)"
                " ON CONFLICT (assignment_id) DO UPDATE SET stopped = excluded.stopped",
                (assignment_id, iso(now)),
            )
            db.executemany(
                "INSERT OR IGNORE INTO lesson_stopped (run_id, stopped) VALUES (?, ?)",
                [(run_id, iso(now)) for run_id in open_runs],
            )
            db.execute("DELETE FROM lesson_leases WHERE assignment_id = ?", (assignment_id,))
        return len(open_runs)

    def stopped_runs(self, run_ids: Sequence[int]) -> set[int]:
        with self._read() as db:
            return {
                run_id
                for (run_id,) in db.execute("SELECT run_id FROM lesson_stopped")
                if run_id in set(run_ids)
            }

    def live(self, assignment_id: int, now: datetime) -> set[str]:
        """The learner keys whose tab holds a lease now."""
        with self._read() as db:
            return {
                key
                for (key,) in db.execute(
                    "SELECT learner_key FROM lesson_leases WHERE assignment_id = ? AND expires > ?",
                    (assignment_id, iso(now)),
                )
            }

    def claim(
        self, assignment_id: int, name: str, session: str, now: datetime, lease: float
    ) -> bool:
        """Take `name` for this tab (a lease until now + `lease` seconds) unless another open
        tab holds it. One transaction, so two tabs typing the same name cannot both get it."""
        key = name_key(name)
        with self._write() as db:
            held = db.execute(
                "SELECT session, expires FROM lesson_leases"
                " WHERE assignment_id = ? AND learner_key = ?",
                (assignment_id, key),
            ).fetchone()
            if held is not None and held[0] != session and held[1] > iso(now):
                return False
            db.execute(
                "INSERT INTO lesson_leases (assignment_id, learner_key, session, expires)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (assignment_id, learner_key) DO UPDATE SET"
                " session = excluded.session, expires = excluded.expires",
                (assignment_id, key, session, iso(now + timedelta(seconds=lease))),
            )
            return True

    def renew(
        self, assignment_id: int, name: str, session: str, now: datetime, lease: float
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE lesson_leases SET expires = ? WHERE assignment_id = ?"
                " AND learner_key = ? AND session = ?",
                (iso(now + timedelta(seconds=lease)), assignment_id, name_key(name), session),
            )

    def release(self, assignment_id: int, name: str, session: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM lesson_leases WHERE assignment_id = ? AND learner_key = ?"
                " AND session = ?",
                (assignment_id, name_key(name), session),
            )


def lesson_runs(store: Store, assignment: Assignment) -> list[tuple[RunRow, list[AttemptRow]]]:
    """The runs of this lesson (its class and assignment) with their attempts, oldest first."""
    return [
        (run, attempts)
        for run, attempts in store.report_runs(assignment.class_name)
        if run.assignment_id == assignment.lesson_id
    ]


def open_lesson(
    store: Store,
    book: LessonBook,
    class_name: str,
    bank: str,
    mode: str,
    seed: int,
    settings: dict[str, object],
    now: datetime,
) -> int:
    """The class's assignment of this bank with these settings, carried on if one is under
    way (a restarted server), else a new one. Returns the assignment id."""
    for row in reversed(store.assignments(class_name)):
        same = (row.bank, row.mode, row.seed, row.settings) == (bank, mode, seed, settings)
        if same and not book.is_stopped(row.id):
            return row.id
    return store.assign(class_name, bank, mode, seed, now, settings)


def snapshot(
    store: Store, book: LessonBook, assignment: Assignment, now: datetime
) -> LessonSnapshot:
    """Who joined, their status, whether their tab is open, and every answer's credit."""
    runs = lesson_runs(store, assignment)
    stopped = book.stopped_runs([run.id for run, _ in runs])
    live = book.live(assignment.lesson_id, now)
    learners = []
    for run, attempts in runs:
        status: Status = "stopped" if run.id in stopped else "finished" if run.finished else "open"
        learners.append(
            LearnerRow(
                name=run.learner,
                run_id=run.id,
                status=status,
                live=status == "open" and name_key(run.learner) in live,
                answers=tuple((a.question_id, a.credit) for a in attempts),
                last_answer=attempts[-1].answered_at if attempts else None,
            )
        )
    return LessonSnapshot(tuple(learners))


def stop_lesson(store: Store, book: LessonBook, assignment: Assignment, now: datetime) -> int:
    """End the lesson: its open runs become `stopped` (every answer kept). Returns how many."""
    runs = lesson_runs(store, assignment)
    stopped = book.stopped_runs([run.id for run, _ in runs])
    still_open = [(run, a) for run, a in runs if run.finished is None and run.id not in stopped]
    count = book.stop(assignment.lesson_id, [run.id for run, _ in still_open], now)
    # Ended in the store too, as `stopped`: scored over the questions answered, like any
    # stopped run, so `quiz stats` and `quiz report` read it for what it is.
    for run, attempts in still_open:
        points = [a.points if a.points is not None else 1.0 for a in attempts]
        score = sum(a.credit * p for a, p in zip(attempts, points, strict=True))
        store.finish_run(run.id, now, score, sum(points), "stopped")
    return count


# --- one tab's lesson ---------------------------------------------------------------------


@dataclass(slots=True)
class Joined:
    """What joining gave: a run to take (new or resumed), or a finished run's results, or an
    error to show on the join screen."""

    run: Run | None = None
    results: Results | None = None
    error: str | None = None


@dataclass
class Lesson:
    """One browser tab's side of the lesson. Every method may touch disk: the app calls them
    on its core thread."""

    assignment: Assignment
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    name: str | None = None
    run: Run | None = None
    _book: LessonBook | None = None
    _store: Store | None = None

    def _open(self) -> tuple[LessonBook, Store]:
        if self._book is None or self._store is None:
            path = Path(self.assignment.store_path)
            self._store = storage.Store(path)
            self._book = LessonBook(path)
        return self._book, self._store

    def join(self, typed_name: str, typed_code: str) -> Joined:
        """Check the name and the code, take the name, and start or resume the learner's run."""
        try:
            name = clean_name(typed_name)
        except BadName as exc:
            return Joined(error=str(exc))
        assignment = self.assignment
        # Checked even when the class has none, so a wrong code costs what a right one does.
        if not assignment.code_matches(typed_code):
            return Joined(error="That code is not this class's code.")
        bank_path = Path(assignment.bank_path)
        try:
            version = bank_version(bank_path)
        except OSError:
            version = ""
        if version != assignment.bank_version:
            return Joined(error="The bank changed since the lesson began: ask your teacher.")
        book, store = self._open()
        if not book.claim(assignment.lesson_id, name, self.session, utc_now(), LEASE_SECONDS):
            return Joined(error="That name is taken in this class: add an initial, or ask.")
        key = name_key(name)
        mine = [(r, a) for r, a in lesson_runs(store, assignment) if name_key(r.learner) == key]
        cache = assignment.paths(Path.cwd()).cache
        config = assignment.config
        if mine:
            row, attempts = mine[-1]
            ended = row.finished is not None or row.id in book.stopped_runs([row.id])
            if ended:
                run = service.resume_run(bank_path, config, None, row, attempts, cache=cache)
                self.name = name
                return Joined(run=run, results=run.review())
            run = service.resume_run(bank_path, config, store, row, attempts, cache=cache)
        elif book.is_stopped(assignment.lesson_id):
            return Joined(error="This lesson has ended.")
        else:
            run = service.start_run(
                bank_path,
                config,
                store,
                name,
                cache=cache,
                learner=name,
                class_name=assignment.class_name,
                assignment_id=assignment.lesson_id,
            )
        self.name = name
        self.run = run
        return Joined(run=run)

    def renew(self) -> None:
        if self._book is not None and self.name is not None:
            self._book.renew(
                self.assignment.lesson_id, self.name, self.session, utc_now(), LEASE_SECONDS
            )

    def leave(self) -> None:
        """The tab closes: the name is free again; the run stays open, to be resumed."""
        if self._book is not None and self.name is not None:
            self._book.release(self.assignment.lesson_id, self.name, self.session)
        for closer in (self._book, self._store):
            if closer is not None:
                closer.close()
        self._book = self._store = None


# --- the teacher's figures ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearnerProgress:
    name: str
    status: Status
    live: bool
    answered: int
    total: int
    score: float
    max_score: float  # points of the questions answered so far

    @property
    def percent(self) -> float | None:
        return 100 * self.score / self.max_score if self.max_score else None


@dataclass(frozen=True, slots=True)
class QuestionFacility:
    number: int
    question_id: str
    prompt: str
    answers: int
    facility: float | None  # mean credit of the answers so far, 0..1


def progress(
    snapshot: LessonSnapshot, bank: Bank, order: Sequence[str]
) -> tuple[list[LearnerProgress], list[QuestionFacility]]:
    """Per learner: answered, score; per question (in the run's order): its facility so far."""
    points = {q.id: q.points for q in bank.questions}
    learners = []
    credits: dict[str, list[float]] = {qid: [] for qid in order}
    for row in snapshot.learners:
        score = sum(credit * points.get(qid, 1.0) for qid, credit in row.answers)
        out_of = sum(points.get(qid, 1.0) for qid, _ in row.answers)
        for qid, credit in row.answers:
            credits.setdefault(qid, []).append(credit)
        learners.append(
            LearnerProgress(
                row.name, row.status, row.live, len(row.answers), len(order), score, out_of
            )
        )
    questions = [
        QuestionFacility(
            number,
            qid,
            bank.by_id[qid].prompt if qid in bank.by_id else qid,
            len(credits[qid]),
            sum(credits[qid]) / len(credits[qid]) if credits[qid] else None,
        )
        for number, qid in enumerate(order, start=1)
    ]
    return learners, questions
