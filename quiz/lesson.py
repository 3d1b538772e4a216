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

from quiz.errors import Problem, QuizError
from quiz.session import SessionConfig
from quiz.textsafe import first_control, strip_format

if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Results
    from quiz.store import Store

MAX_NAME = 40  # characters in a learner's name
IDLE_MINUTES = 15  # a tab without a key or a click for this long is closed; its run resumes
LEASE_SECONDS = 45  # a name stays taken this long after its tab last renewed it
RENEW_SECONDS = 10  # how often an open tab renews its lease
BUSY_TIMEOUT_S = 5.0

Status = Literal["open", "finished", "stopped"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


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
    return " ".join(name.casefold().split())


def new_code() -> str:
    """A join code to read out in class: 6 digits."""
    return f"{int.from_bytes(os.urandom(4), 'big') % 1_000_000:06d}"


def code_digest(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{code.strip()}".encode()).hexdigest()


def bank_version(path: Path) -> str:
    """The bank's version: a hash of its file's bytes. Any edit is a new version."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# --- the assignment file ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """What the teacher set, as the served app reads it from the private assignment file."""

    bank_path: str
    bank_version: str
    class_name: str
    lesson_id: int
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
    cache_dir: str | None = None

    @property
    def config(self) -> SessionConfig:
        return SessionConfig(
            mode=self.mode,  # type: ignore[arg-type]
            seed=self.seed,
            shuffle=self.shuffle,
            limit=self.limit,
            tags=self.tags,
            time_limit=self.time_limit,
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


# --- the store's class tables -------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lesson_classes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lessons (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES lesson_classes(id),
    bank TEXT NOT NULL,
    bank_version TEXT NOT NULL,
    settings TEXT NOT NULL,
    started TEXT NOT NULL,
    stopped TEXT
);
CREATE TABLE IF NOT EXISTS lesson_runs (
    run_id INTEGER PRIMARY KEY,
    lesson_id INTEGER NOT NULL REFERENCES lessons(id),
    learner TEXT NOT NULL,
    learner_key TEXT NOT NULL,
    status TEXT NOT NULL,
    joined TEXT NOT NULL,
    ended TEXT,
    UNIQUE (lesson_id, learner_key)
);
CREATE TABLE IF NOT EXISTS lesson_attempts (
    run_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    prompt TEXT NOT NULL,
    options TEXT NOT NULL,
    response TEXT NOT NULL,
    chosen TEXT,
    credit REAL NOT NULL,
    elapsed REAL NOT NULL,
    asked_at TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS lesson_leases (
    lesson_id INTEGER NOT NULL,
    learner_key TEXT NOT NULL,
    session TEXT NOT NULL,
    expires TEXT NOT NULL,
    PRIMARY KEY (lesson_id, learner_key)
)
"""


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a name in a lesson."""

    kind: Literal["new", "resume", "finished", "taken"]
    run_id: int | None = None


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
    """The class tables of the progress store at `path` (its own connection; thread-safe)."""

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

    # -- the teacher's side ----------------------------------------------------------------

    def open_lesson(
        self, class_name: str, bank: str, version: str, settings: dict[str, object], now: datetime
    ) -> int:
        """The lesson of this class with this bank version and these settings, carried on if
        one is under way (a restarted server), else a new one."""
        text = json.dumps(settings, sort_keys=True)
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO lesson_classes (name, created) VALUES (?, ?)",
                (class_name, _iso(now)),
            )
            (class_id,) = db.execute(
                "SELECT id FROM lesson_classes WHERE name = ?", (class_name,)
            ).fetchone()
            row = db.execute(
                "SELECT id FROM lessons WHERE class_id = ? AND bank = ? AND bank_version = ?"
                " AND settings = ? AND stopped IS NULL ORDER BY id DESC LIMIT 1",
                (class_id, bank, version, text),
            ).fetchone()
            if row is not None:
                return int(row[0])
            cursor = db.execute(
                "INSERT INTO lessons (class_id, bank, bank_version, settings, started)"
                " VALUES (?, ?, ?, ?, ?)",
                (class_id, bank, version, text, _iso(now)),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def stop_lesson(self, lesson_id: int, now: datetime) -> int:
        """End the lesson: its open runs become `stopped` (every answer kept). Returns how many."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE lesson_runs SET status = 'stopped', ended = ?"
                " WHERE lesson_id = ? AND status = 'open'",
                (_iso(now), lesson_id),
            )
            db.execute("UPDATE lessons SET stopped = ? WHERE id = ?", (_iso(now), lesson_id))
            db.execute("DELETE FROM lesson_leases WHERE lesson_id = ?", (lesson_id,))
            return cursor.rowcount

    def snapshot(self, lesson_id: int, now: datetime) -> LessonSnapshot:
        """Who joined, their status, whether their tab is open, and every answer's credit."""
        with self._read() as db:
            runs = db.execute(
                "SELECT r.run_id, r.learner, r.status, EXISTS (SELECT 1 FROM lesson_leases l"
                " WHERE l.lesson_id = r.lesson_id AND l.learner_key = r.learner_key"
                " AND l.expires > ?) FROM lesson_runs r WHERE r.lesson_id = ?"
                " ORDER BY r.joined, r.run_id",
                (_iso(now), lesson_id),
            ).fetchall()
            answers: dict[int, list[tuple[str, float, str]]] = {}
            for run_id, qid, credit, at in db.execute(
                "SELECT a.run_id, a.question_id, a.credit, a.answered_at FROM attempts a"
                " JOIN lesson_runs r ON r.run_id = a.run_id WHERE r.lesson_id = ?"
                " ORDER BY a.id",
                (lesson_id,),
            ):
                answers.setdefault(run_id, []).append((qid, credit, at))
        learners = []
        for run_id, learner, status, live in runs:
            mine = answers.get(run_id, [])
            learners.append(
                LearnerRow(
                    name=learner,
                    run_id=run_id,
                    status=status,
                    live=bool(live) and status == "open",
                    answers=tuple((qid, credit) for qid, credit, _ in mine),
                    last_answer=datetime.fromisoformat(mine[-1][2]) if mine else None,
                )
            )
        return LessonSnapshot(tuple(learners))

    # -- a learner's side ----------------------------------------------------------------

    def claim(self, lesson_id: int, name: str, session: str, now: datetime, lease: float) -> Claim:
        """Take `name` for this tab (a lease until now + `lease` seconds) unless another open
        tab holds it; say whether the learner is new, has a run to resume, or has finished."""
        key = name_key(name)
        with self._write() as db:
            (stopped,) = db.execute(
                "SELECT stopped FROM lessons WHERE id = ?", (lesson_id,)
            ).fetchone()
            held = db.execute(
                "SELECT session, expires FROM lesson_leases"
                " WHERE lesson_id = ? AND learner_key = ?",
                (lesson_id, key),
            ).fetchone()
            if held is not None and held[0] != session and held[1] > _iso(now):
                return Claim("taken")
            run = db.execute(
                "SELECT run_id, status FROM lesson_runs WHERE lesson_id = ? AND learner_key = ?",
                (lesson_id, key),
            ).fetchone()
            if run is not None and run[1] != "open":
                return Claim("finished", run[0])
            if stopped is not None:
                return Claim("finished", None)
            db.execute(
                "INSERT INTO lesson_leases (lesson_id, learner_key, session, expires)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id, learner_key) DO UPDATE SET"
                " session = excluded.session, expires = excluded.expires",
                (lesson_id, key, session, _iso(now + timedelta(seconds=lease))),
            )
            return Claim("new") if run is None else Claim("resume", run[0])

    def add_run(self, lesson_id: int, name: str, run_id: int, now: datetime) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO lesson_runs (run_id, lesson_id, learner, learner_key, status,"
                " joined) VALUES (?, ?, ?, ?, 'open', ?)",
                (run_id, lesson_id, name, name_key(name), _iso(now)),
            )

    def renew(self, lesson_id: int, name: str, session: str, now: datetime, lease: float) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE lesson_leases SET expires = ? WHERE lesson_id = ? AND learner_key = ?"
                " AND session = ?",
                (_iso(now + timedelta(seconds=lease)), lesson_id, name_key(name), session),
            )

    def release(self, lesson_id: int, name: str, session: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM lesson_leases WHERE lesson_id = ? AND learner_key = ? AND session = ?",
                (lesson_id, name_key(name), session),
            )

    def earlier_answers(self, run_id: int) -> list[tuple[str, bool, float]]:
        """(response, hint used, seconds) of every answer of a run, in order: to resume it."""
        with self._read() as db:
            return [
                (response, bool(hint), elapsed)
                for response, hint, elapsed in db.execute(
                    "SELECT response, hint_used, elapsed FROM attempts WHERE run_id = ?"
                    " ORDER BY id",
                    (run_id,),
                )
            ]

    def record_shown(
        self, run_id: int, record: AnswerRecord, asked: datetime, answered: datetime
    ) -> None:
        """What the learner saw and chose, next to the attempt `quiz.store` recorded."""
        presented = record.presented
        chosen = record.grade.normalized if presented.options and not record.skipped else None
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO lesson_attempts (run_id, position, question_id, prompt,"
                " options, response, chosen, credit, elapsed, asked_at, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    presented.number,
                    presented.question.id,
                    presented.question.prompt,
                    json.dumps(list(presented.options), ensure_ascii=False),
                    record.response,
                    chosen,
                    record.credit,
                    record.elapsed,
                    _iso(asked),
                    _iso(answered),
                ),
            )

    def end_run(self, run_id: int, status: Status, now: datetime) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE lesson_runs SET status = ?, ended = ? WHERE run_id = ? AND status = 'open'",
                (status, _iso(now), run_id),
            )


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
            from quiz.store import Store

            path = Path(self.assignment.store_path)
            self._store = Store(path)
            self._book = LessonBook(path)
        return self._book, self._store

    def join(self, typed_name: str, typed_code: str) -> Joined:
        """Check the name and the code, take the name, and start or resume the learner's run."""
        from quiz.runs import resume_run, start_run

        now_fn = utc_now
        try:
            name = clean_name(typed_name)
        except BadName as exc:
            return Joined(error=str(exc))
        assignment = self.assignment
        # Checked even when the class has none, so a wrong code costs the same time as a right one.
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
        claim = book.claim(assignment.lesson_id, name, self.session, now_fn(), LEASE_SECONDS)
        if claim.kind == "taken":
            return Joined(error="That name is taken in this class: add an initial, or ask.")
        cache = Path(assignment.cache_dir) if assignment.cache_dir else None
        if claim.kind == "finished":
            if claim.run_id is None:
                return Joined(error="This lesson has ended.")
            run = resume_run(
                bank_path,
                assignment.config,
                None,
                claim.run_id,
                book.earlier_answers(claim.run_id),
                name,
                cache_dir=cache,
            )
            self.name = name
            return Joined(run=run, results=run.review())
        self.name = name
        if claim.kind == "resume":
            assert claim.run_id is not None
            run = resume_run(
                bank_path,
                assignment.config,
                store,
                claim.run_id,
                book.earlier_answers(claim.run_id),
                name,
                cache_dir=cache,
            )
        else:
            run = start_run(bank_path, assignment.config, store, name, cache_dir=cache)
            assert run.run_id is not None
            book.add_run(assignment.lesson_id, name, run.run_id, now_fn())
        self.run = run
        return Joined(run=run)

    def answered(self, record: AnswerRecord) -> None:
        """Keep what was shown and chosen next to the attempt just committed."""
        if self._book is None or self.run is None or self.run.run_id is None:
            return
        answered = utc_now()
        asked = answered - timedelta(seconds=record.elapsed)
        self._book.record_shown(self.run.run_id, record, asked, answered)

    def finished(self) -> None:
        if self._book is not None and self.run is not None and self.run.run_id is not None:
            self._book.end_run(self.run.run_id, "finished", utc_now())

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
