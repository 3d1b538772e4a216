"""The progress store: runs, attempts and review cards in one SQLite file. The only module that
speaks SQL.

Durability and sharing:
- WAL journal with `synchronous=FULL`: every `record_attempt` is one short transaction, committed
  (and synced) before it returns, so a killed process loses nothing already answered.
- `BEGIN IMMEDIATE` for writes and a busy timeout, so two quiz processes sharing the file wait for
  each other instead of failing or losing answers.
- `PRAGMA user_version` is the schema version; `_MIGRATIONS` moves a file forward one version at a
  time, in one transaction. A fresh file is built by the same migrations, so they are always run.

A file that is not a store (garbage, another program's database, a directory, unreadable), is
damaged, or was written by a newer factquiz raises `StoreError`; the file is never replaced,
deleted or changed. Before its first write a store runs `PRAGMA quick_check`, so a damaged file
is refused before anything is written to it (a store opened `read_only`, as `quiz stats` does,
never writes and skips the check, which costs ~120 ms on 100,000 attempts). Every StoreError is
one line that names the cause (damaged, disk full, read-only medium, locked by another program),
says what is kept, and what to do. A row with a value the store cannot read is reported the
same way ("damaged"), never as a ValueError.

Times are timezone-aware datetimes in the API and UTC ISO-8601 text with microseconds in the file
("2025-01-31T09:05:00.000000+00:00"): fixed width, so text order is time order.

Changed questions: every attempt keeps the `question_hash` (`Question.content_hash`) of the
question as it was asked; old attempts are kept. A review card remembers the hash it was built
from; an attempt with a different hash restarts the card as new, and `due_question_ids` /
`carded_question_ids` given the current hashes treat a changed question as new.

Learners: every run, attempt and review card belongs to one learner (a name). The reading methods
that concern one learner's progress take `learner=`; left out, it is the store's own `learner`
(given to `Store(path, learner=...)`, by default the OS user). Runs and attempts may also belong
to a class (`class_name`), and a class may have assignments (a bank with a fixed mode and seed);
`quiz report` reads them back with `report_runs`.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self

from quiz.errors import Problem, QuizError
from quiz.learners import default_learner
from quiz.meanings import RIGHT_AT, is_right, iso
from quiz.spaced import rating_for, review

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 5000
PASS_HINT = "move it aside (with its -wal and -shm files) or pass --data-dir"
DAMAGED = "it is damaged or not a factquiz store"
UNCHANGED = "nothing in it was changed"
KEPT = "the answers saved before are kept"

# The cause of an sqlite3 error (its primary result code) in words, and what to do about it.
_CAUSES: dict[str, tuple[str, str]] = {
    "SQLITE_FULL": ("the disk is full", "free some space and try again, or pass --data-dir"),
    "SQLITE_READONLY": (
        "it is on a read-only medium or cannot be written",
        "pass --data-dir to keep progress on a writable disk",
    ),
    "SQLITE_PERM": (
        "it is on a read-only medium or cannot be written",
        "pass --data-dir to keep progress on a writable disk",
    ),
    "SQLITE_CANTOPEN": (
        "its folder cannot be written or the file cannot be opened",
        "check the folder's permissions or pass --data-dir",
    ),
    "SQLITE_BUSY": (
        "another program holds it locked",
        "close the other program (or wait for it) and try again",
    ),
    "SQLITE_LOCKED": (
        "another program holds it locked",
        "close the other program (or wait for it) and try again",
    ),
    "SQLITE_IOERR": ("the disk reported an error", "check the disk or pass --data-dir"),
}
_DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT", "SQLITE_SCHEMA"})


def _code(exc: sqlite3.Error) -> str:
    """The primary result code's name: SQLITE_IOERR for SQLITE_IOERR_WRITE."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return "_".join(name.split("_")[:2])


def describe_error(exc: sqlite3.Error, action: str, kept: str) -> str:
    """One line for a failed store operation: `action (sqlite's words): cause; kept; to do`."""
    code = _code(exc)
    words = " ".join(str(exc).split())  # one line, whatever sqlite says
    if code in _CAUSES:
        cause, todo = _CAUSES[code]
        return f"{action} ({words}): {cause}; {kept}; {todo}"
    if code in _DAMAGE_CODES or isinstance(exc, sqlite3.DatabaseError):
        return f"{action} ({words}): {DAMAGED}; {kept}; {PASS_HINT}"
    return f"{action} ({words}); {kept}; {PASS_HINT}"


@dataclass(frozen=True, slots=True)
class _FileProblem(Problem):
    """A problem with the whole file: shown as `path: error: message`, without line and column."""

    def __str__(self) -> str:
        return f"{self.path}: {self.severity}: {self.message}"


class _Busy(Exception):
    """Opening met a lock; the cause is the sqlite3 error."""


class _BadRow(Exception):
    """A value in the file that factquiz did not write (a damaged or edited store); str() says
    which."""


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadRow(f"{what} is not a number ({value!r:.40})")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _BadRow(f"{what} is not text ({value!r:.40})")
    return value


class StoreError(QuizError):
    """The progress store cannot be used. One line: `path: error: what; what to do`."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(_FileProblem(str(path), 0, 0, message))
        self.path = path


# --- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunRow:
    """One quiz run. `finished`, `score`, `max_score` and `status` stay None until `finish_run`
    (a run still going, or whose process was killed). `answered`: attempts recorded in it.

    status: finished (every question answered), stopped (quit, end of input: score and
    max_score are over the questions answered) or timed-out (over every question).
    questions: how many the run asked (None for runs recorded before schema version 3).
    hints / open_book: the run's book rules (None before version 3)."""

    id: int
    bank: str
    mode: str
    seed: int
    name: str | None
    started: datetime
    finished: datetime | None
    score: float | None
    max_score: float | None
    answered: int
    learner: str = ""
    class_name: str | None = None
    bank_hash: str | None = None  # the bank's content hash (`Bank.content_hash`) when played
    presented: tuple[tuple[str, float], ...] = ()  # (question id, points) of every question shown
    assignment_id: int | None = None
    status: str | None = None
    questions: int | None = None
    hints: bool | None = None
    open_book: bool | None = None

    @property
    def complete(self) -> bool:
        """Scored over every question it asked (finished or timed out), not stopped early."""
        return self.status in ("finished", "timed-out")

    @property
    def percent(self) -> float | None:
        """Score as a percentage of the maximum; None if unfinished or the maximum is 0."""
        if self.score is None or not self.max_score:
            return None
        return 100.0 * self.score / self.max_score


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One answer as recorded. `question_hash` is the question's content hash when it was asked."""

    id: int
    run_id: int
    bank: str
    question_id: str
    question_hash: str
    response: str
    credit: float
    hint_used: bool
    elapsed: float
    answered_at: datetime
    learner: str = ""
    class_name: str | None = None
    bank_hash: str | None = None
    # The question as shown (None in attempts recorded before schema 3): its 1-based number in
    # the run, kind, prompt, options in display order, the options picked (None when skipped or
    # not a choice kind), the right options (choice kinds) and the points it was worth.
    number: int | None = None
    kind: str | None = None
    prompt: str | None = None
    options: tuple[str, ...] = ()
    chosen: tuple[str, ...] | None = None
    answer_key: tuple[str, ...] = ()
    points: float | None = None
    source_opened: bool = False  # the article was opened before answering (halves the credit)
    chosen_numbers: tuple[int, ...] = ()  # the options' numbers on screen

    @property
    def answer_text(self) -> str:
        """What the learner answered, in words: the options' text rather than their numbers."""
        return ", ".join(self.chosen) if self.chosen else self.response

    @property
    def correct(self) -> bool:
        """Right, as both front ends say it (`meanings.is_right`)."""
        return is_right(self.credit)


@dataclass(frozen=True, slots=True)
class CardRow:
    """The review card of one question: fsrs JSON, its due time, and the content hash it tracks."""

    bank: str
    question_id: str
    question_hash: str
    card_json: str
    due: datetime
    learner: str = ""


@dataclass(frozen=True, slots=True)
class ClassRow:
    name: str
    created: datetime


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """A bank handed to a class with a fixed mode and seed (so everyone gets the same order);
    `settings` holds the rest of the session config (limit, tags, shuffle, time limit)."""

    id: int
    class_name: str
    bank: str
    mode: str
    seed: int
    settings: dict[str, Any]
    created: datetime


class QuestionStats(NamedTuple):
    attempts: int
    correct: int


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """One question's record: how often answered, the latest credit, the latest wrong answers
    (newest first, as `AttemptRow.answer_text`)."""

    question_id: str
    attempts: int
    latest_credit: float
    wrong_answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BankStats:
    """The figures of one bank.

    attempts / correct: every attempt recorded / those fully right (credit 1), old content included
    accuracy: correct / attempts, None before the first attempt
    due: review cards due at `now` (whatever the question's current content)
    last_played: time of the latest attempt, None if never answered
    best_streak: longest run of fully right attempts, in answer-time order across runs
    per_question: question id -> (attempts, correct), for per-tag figures
    runs: every run (or the latest `last_runs`), most recent first
    """

    bank: str
    attempts: int
    correct: int
    accuracy: float | None
    due: int
    last_played: datetime | None
    best_streak: int
    per_question: dict[str, QuestionStats]
    runs: list[RunRow]


# --- schema ---------------------------------------------------------------------------------------

# attempts_by_question and attempts_by_time are covering indexes for the per-question figures and
# latest answers, and for the best streak and last played. (No ";" inside statements: see
# _run_script.)
_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    bank TEXT NOT NULL,
    mode TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    score REAL,
    max_score REAL
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    bank TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    credit REAL NOT NULL,
    hint_used INTEGER NOT NULL,
    elapsed REAL NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE INDEX runs_by_bank ON runs (bank, started);
CREATE INDEX attempts_by_run ON attempts (run_id);
CREATE INDEX attempts_by_question ON attempts (bank, question_id, answered_at, id, credit);
CREATE INDEX attempts_by_time ON attempts (bank, answered_at, id, credit)
"""

_V2 = """
ALTER TABLE runs ADD COLUMN name TEXT;
CREATE TABLE cards (
    bank TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question_hash TEXT NOT NULL,
    card_json TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (bank, question_id)
) WITHOUT ROWID;
CREATE INDEX cards_by_due ON cards (bank, due)
"""


# Learners and classes. Cards are keyed by learner, so the table is rebuilt (SQLite cannot change a
# primary key); the per-question and per-time indexes gain the learner in front.
_V3_LEARNERS = """
CREATE TABLE classes (
    name TEXT PRIMARY KEY,
    created TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    class_name TEXT NOT NULL REFERENCES classes(name),
    bank TEXT NOT NULL,
    mode TEXT NOT NULL,
    seed INTEGER NOT NULL,
    settings TEXT NOT NULL,
    created TEXT NOT NULL
);
ALTER TABLE runs ADD COLUMN learner TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN class_name TEXT;
ALTER TABLE runs ADD COLUMN bank_hash TEXT;
ALTER TABLE runs ADD COLUMN presented TEXT;
ALTER TABLE runs ADD COLUMN assignment_id INTEGER REFERENCES assignments(id);
ALTER TABLE attempts ADD COLUMN learner TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN class_name TEXT;
ALTER TABLE attempts ADD COLUMN bank_hash TEXT;
ALTER TABLE attempts ADD COLUMN number INTEGER;
ALTER TABLE attempts ADD COLUMN kind TEXT;
ALTER TABLE attempts ADD COLUMN prompt TEXT;
ALTER TABLE attempts ADD COLUMN options TEXT;
ALTER TABLE attempts ADD COLUMN chosen TEXT;
ALTER TABLE attempts ADD COLUMN answer_key TEXT;
ALTER TABLE attempts ADD COLUMN points REAL;
CREATE TABLE learner_cards (
    learner TEXT NOT NULL,
    bank TEXT NOT NULL,
    question_id TEXT NOT NULL,
    question_hash TEXT NOT NULL,
    card_json TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (learner, bank, question_id)
) WITHOUT ROWID;
DROP INDEX attempts_by_question;
DROP INDEX attempts_by_time;
CREATE INDEX attempts_by_question
    ON attempts (learner, bank, question_id, answered_at, id, credit);
CREATE INDEX attempts_by_time ON attempts (learner, bank, answered_at, id, credit);
CREATE INDEX runs_by_learner ON runs (learner, bank, started);
CREATE INDEX runs_by_class ON runs (class_name, learner, started);
CREATE INDEX assignments_by_class ON assignments (class_name, created)
"""


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it would commit the migration's transaction half-way.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_to_1(db: sqlite3.Connection) -> None:
    _run_script(db, _V1)


def _migrate_to_2(db: sqlite3.Connection) -> None:
    """Student names on runs, and review cards, rebuilt from the attempts already recorded (fuzz
    off, so the migration is reproducible)."""
    _run_script(db, _V2)
    cards: dict[tuple[str, str], tuple[str, str, datetime]] = {}
    rows = db.execute(
        "SELECT bank, question_id, question_hash, credit, hint_used, elapsed, answered_at"
        " FROM attempts ORDER BY answered_at, id"
    )
    for bank, qid, qhash, credit, hint_used, elapsed, answered_at in rows:
        previous = cards.get((bank, qid))
        old_json = previous[1] if previous is not None and previous[0] == qhash else None
        rating = rating_for(
            _number(credit, "a credit"), bool(hint_used), _number(elapsed, "a time taken")
        )
        card_json, due = review(old_json, rating, _time(answered_at), fuzz=False)
        cards[(bank, qid)] = (qhash, card_json, due)
    db.executemany(
        "INSERT INTO cards (bank, question_id, question_hash, card_json, due)"
        " VALUES (?, ?, ?, ?, ?)",
        [(b, q, h, j, iso(d)) for (b, q), (h, j, d) in cards.items()],
    )


def _migrate_learners_and_classes(db: sqlite3.Connection, learner: str) -> None:
    """Learners and classes. Existing runs and attempts go to the learner named on the run
    (`--name`), or to `learner` (the default learner: the OS user) when none was given.
    Review cards: with a single learner they are kept as they are, for that learner; with
    several (a shared store of named runs), each learner's cards are rebuilt from that learner's
    own attempts (fuzz off, as in migration 2), since one shared card says nothing about each."""
    _run_script(db, _V3_LEARNERS)
    db.execute("UPDATE runs SET learner = COALESCE(NULLIF(TRIM(name), ''), ?)", (learner,))
    db.execute(
        "UPDATE attempts SET learner = (SELECT r.learner FROM runs r WHERE r.id = attempts.run_id)"
    )
    learners = [
        name for (name,) in db.execute("SELECT DISTINCT learner FROM attempts ORDER BY learner")
    ]
    if len(learners) <= 1:
        owner = learners[0] if learners else learner
        db.execute(
            "INSERT INTO learner_cards (learner, bank, question_id, question_hash, card_json, due)"
            " SELECT ?, bank, question_id, question_hash, card_json, due FROM cards",
            (owner,),
        )
    else:
        cards: dict[tuple[str, str, str], tuple[str, str, datetime]] = {}
        rows = db.execute(
            "SELECT learner, bank, question_id, question_hash, credit, hint_used, elapsed,"
            " answered_at FROM attempts ORDER BY answered_at, id"
        )
        for who, bank, qid, qhash, credit, hint_used, elapsed, answered_at in rows:
            previous = cards.get((who, bank, qid))
            old_json = previous[1] if previous is not None and previous[0] == qhash else None
            rating = rating_for(credit, bool(hint_used), elapsed)
            at = datetime.fromisoformat(answered_at)
            card_json, due = review(old_json, rating, at, fuzz=False)
            cards[(who, bank, qid)] = (qhash, card_json, due)
        db.executemany(
            "INSERT INTO learner_cards (learner, bank, question_id, question_hash, card_json, due)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(w, b, q, h, j, iso(d)) for (w, b, q), (h, j, d) in cards.items()],
        )
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE learner_cards RENAME TO cards")
    db.execute("CREATE INDEX cards_by_due ON cards (learner, bank, due)")


def _add_columns(db: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """ALTER TABLE ADD COLUMN for each column the table does not have yet, so a step can be
    replayed over a file that already has some of them."""
    have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    for name, declaration in columns.items():
        if name not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


def _migrate_run_status(db: sqlite3.Connection, _learner: str) -> None:
    """How a run ended (finished, stopped, timed-out), how many questions it asked and its book
    rules; per attempt, whether the article was opened first and the options chosen (text and
    numbers on screen, JSON lists). Runs finished before this version keep status finished:
    older factquiz recorded a quit run the same way, so there is nothing to tell them apart."""
    _add_columns(
        db,
        "runs",
        {"status": "TEXT", "questions": "INTEGER", "hints": "INTEGER", "open_book": "INTEGER"},
    )
    _add_columns(
        db,
        "attempts",
        {
            "source_opened": "INTEGER NOT NULL DEFAULT 0",
            "chosen": "TEXT",
            "chosen_numbers": "TEXT",
        },
    )
    db.execute("UPDATE runs SET status = 'finished' WHERE finished IS NOT NULL AND status IS NULL")


# _MIGRATIONS[n] takes a file from version n - 1 to n. Never edit a released one; add the next.
# A migration takes the connection and the default learner (for data recorded before learners).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection, str], None]] = {
    1: lambda db, _learner: _migrate_to_1(db),
    2: lambda db, _learner: _migrate_to_2(db),
    3: _migrate_learners_and_classes,
    4: _migrate_run_status,
}
assert max(_MIGRATIONS) == SCHEMA_VERSION


def _time(text: object) -> datetime:
    try:
        moment = datetime.fromisoformat(_text(text, "a time"))
    except ValueError:
        raise _BadRow(f"a time is unreadable ({text!r:.40})") from None
    if moment.tzinfo is None:
        raise _BadRow(f"a time has no time zone ({text!r:.40})")
    return moment


def _time_or_none(text: object) -> datetime | None:
    return None if text is None else _time(text)


# Every outcome of the bank as one string of "1" (fully right) and "0" in answer-time order; the
# best streak is its longest run of "1". One row instead of a Python row per attempt (faster:
# bench/stats_scale.py).
# SQLite >= 3.44 orders an aggregate's input as documented; before that, a subquery's ORDER BY
# does it in practice (the covering index attempts_by_time gives that order without a sort).
_RIGHT_SQL = f"credit >= {RIGHT_AT!r}"  # meanings.is_right, in SQL
if sqlite3.sqlite_version_info >= (3, 44, 0):
    _STREAK_SQL = (
        f"SELECT group_concat({_RIGHT_SQL}, '' ORDER BY answered_at, id)"
        " FROM attempts WHERE learner = ? AND bank = ?"
    )
else:  # pragma: no cover - depends on the SQLite Python was built with
    _STREAK_SQL = (
        f"SELECT group_concat(ok, '') FROM (SELECT {_RIGHT_SQL} AS ok FROM attempts"
        " WHERE learner = ? AND bank = ? ORDER BY answered_at, id)"
    )

_RUN_COLUMNS = (
    "r.id, r.bank, r.mode, r.seed, r.name, r.started, r.finished, r.score, r.max_score,"
    " (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id),"
    " r.learner, r.class_name, r.bank_hash, r.presented, r.assignment_id,"
    " r.status, r.questions, r.hints, r.open_book"
)
_ATTEMPT_COLUMNS = (
    "id, run_id, bank, question_id, question_hash, response, credit, hint_used, elapsed,"
    " answered_at, learner, class_name, bank_hash, number, kind, prompt, options, chosen,"
    " answer_key, points, source_opened, chosen_numbers"
)


@functools.lru_cache(maxsize=4096)
def _json_list(text: str | None) -> tuple[Any, ...] | None:
    # Cached: a class's attempts repeat the same options and picks thousands of times, and
    # decoding them is most of the cost of reading a report's attempts. Tuples of str are
    # immutable, so sharing them is safe.
    if text is None:
        return None
    try:
        value = json.loads(_text(text, "a list"))
    except ValueError:
        raise _BadRow(f"a list is unreadable ({text!r:.40})") from None
    if not isinstance(value, list):
        raise _BadRow(f"a list is not a list ({text!r:.40})")
    return tuple(value)


def _settings(text: object) -> dict[str, Any]:
    try:
        value = json.loads(_text(text, "an assignment's settings"))
    except ValueError:
        raise _BadRow(f"an assignment's settings are unreadable ({text!r:.40})") from None
    if not isinstance(value, dict):
        raise _BadRow(f"an assignment's settings are not a mapping ({text!r:.40})")
    return value


def _flag(value: object) -> bool | None:
    return None if value is None else bool(_number(value, "a flag"))


def _optional_number(value: object, what: str) -> float | None:
    return None if value is None else _number(value, what)


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _run_row(row: tuple) -> RunRow:
    # row: the columns of _RUN_COLUMNS, in order; each checked, since the file may have been
    # edited or damaged, and a wrong type would fail later, far from here.
    (id_, bank, mode, seed, name, started, finished, score, max_score, answered, learner,
     class_name, bank_hash, presented, assignment_id, status, questions, hints,
     open_book) = row  # fmt: skip
    try:
        shown = tuple((str(q), float(p)) for q, p in _json_list(presented) or ())
    except (TypeError, ValueError):
        raise _BadRow(f"a run's questions are unreadable ({presented!r:.40})") from None
    return RunRow(
        int(_number(id_, "a run id")),
        _text(bank, "a bank"),
        _text(mode, "a mode"),
        int(_number(seed, "a seed")),
        _optional_text(name, "a name"),
        _time(started),
        _time_or_none(finished),
        _optional_number(score, "a score"),
        _optional_number(max_score, "a maximum score"),
        answered,
        _text(learner, "a learner"),
        _optional_text(class_name, "a class"),
        _optional_text(bank_hash, "a bank version"),
        shown,
        None if assignment_id is None else int(_number(assignment_id, "an assignment id")),
        _optional_text(status, "a run's status"),
        None if questions is None else int(_number(questions, "a question count")),
        _flag(hints),
        _flag(open_book),
    )


# The column types of rows already checked field by field: a class report reads ~100,000
# attempts of a handful of shapes, so a row of a known shape skips the per-field checks (the
# type checks are all they do; times and lists are still parsed).
_CHECKED_SHAPES: set[tuple[type, ...]] = set()


def _attempt_row(row: tuple) -> AttemptRow:
    # row: the columns of _ATTEMPT_COLUMNS, in order
    shape = tuple(map(type, row))
    if shape in _CHECKED_SHAPES:
        (id_, run_id, bank, qid, qhash, response, credit, hint_used, elapsed, at, learner,
         class_name, bank_hash, number, kind, prompt, options, chosen, answer_key,
         points, source_opened, chosen_numbers) = row  # fmt: skip
        return AttemptRow(
            id_, run_id, bank, qid, qhash, response, credit, bool(hint_used), elapsed,
            _time(at), learner, class_name, bank_hash, number, kind, prompt,
            _json_list(options) or (), _json_list(chosen), _json_list(answer_key) or (),
            points, bool(source_opened), _numbers(chosen_numbers),
        )  # fmt: skip
    attempt = _checked_attempt_row(row)
    if len(_CHECKED_SHAPES) < 64 and shape[0] is int and shape[1] is int:
        _CHECKED_SHAPES.add(shape)
    return attempt


def _checked_attempt_row(row: tuple) -> AttemptRow:
    (id_, run_id, bank, qid, qhash, response, credit, hint_used, elapsed, at, learner,
     class_name, bank_hash, number, kind, prompt, options, chosen, answer_key,
     points, source_opened, chosen_numbers) = row  # fmt: skip
    return AttemptRow(
        int(_number(id_, "an attempt id")),
        int(_number(run_id, "a run id")),
        _text(bank, "a bank"),
        _text(qid, "a question id"),
        _text(qhash, "a question hash"),
        _text(response, "a response"),
        _number(credit, "a credit"),
        bool(hint_used),
        _number(elapsed, "a time taken"),
        _time(at),
        _text(learner, "a learner"),
        _optional_text(class_name, "a class"),
        _optional_text(bank_hash, "a bank version"),
        None if number is None else int(_number(number, "a question number")),
        _optional_text(kind, "a kind"),
        _optional_text(prompt, "a prompt"),
        _json_list(options) or (),
        _json_list(chosen),
        _json_list(answer_key) or (),
        _optional_number(points, "points"),
        bool(source_opened),
        _numbers(chosen_numbers),
    )


def _numbers(text: object) -> tuple[int, ...]:
    try:
        return tuple(int(n) for n in _json_list(text) or ())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _BadRow(f"option numbers are unreadable ({text!r:.40})") from None


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(list(value), ensure_ascii=False)


# --- the store ------------------------------------------------------------------------------------


class Store:
    """A progress store file, opened (and created or migrated) on construction.

    Safe to share between threads (calls are serialised) and between processes (SQLite locking).
    Raises `StoreError` for a file it cannot use; never modifies such a file.
    """

    def __init__(self, path: Path, learner: str | None = None, *, read_only: bool = False) -> None:
        """`read_only`: for a reader such as `quiz stats`: the file is opened read-only (SQLite
        then never writes to it, not even to fold in the -wal file on close) and not checked
        first. A file that does not exist yet, or needs a migration, is opened for writing."""
        self.path = path
        # The learner the per-learner methods mean when not told; also the one that data
        # recorded before learners existed is given to when an old file is migrated.
        self.learner = learner or default_learner()
        self._lock = threading.RLock()
        self._batching = False
        self._db = self._open(path, read_only)
        self._read_only = bool(self._db.execute("PRAGMA query_only").fetchone()[0])

    # -- opening -----------------------------------------------------------------------------------

    def _open(self, path: Path, read_only: bool = False) -> sqlite3.Connection:
        if path.is_dir():
            raise StoreError(
                path, f"cannot read the progress store (it is a directory); {PASS_HINT}"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError(
                path, f"cannot create the data directory ({reason}); pass --data-dir"
            ) from exc
        # Two processes creating or migrating the same new file at once can get SQLITE_BUSY
        # from steps that do not wait on the busy handler (switching to WAL): try again.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if path.is_file() and path.stat().st_size > 0:
                    # Checked on a read-only connection: closing a read-write one on a damaged
                    # file would fold its -wal file into it, a write.
                    db = self._connect(path, read_only=True, check=not read_only)
                    if db is not None:
                        if read_only:
                            return db
                        db.close()
                db = self._connect(path)
                assert db is not None
                return db
            except _Busy as busy:
                if time.monotonic() >= deadline:
                    cause = busy.__cause__
                    assert isinstance(cause, sqlite3.Error)
                    message = describe_error(cause, "cannot open the progress store", UNCHANGED)
                    raise StoreError(path, message) from cause
                time.sleep(0.05)

    def _connect(
        self, path: Path, read_only: bool = False, check: bool = False
    ) -> sqlite3.Connection | None:
        """A connection to a usable store; with `read_only`, None if the file needs writing
        first (a migration). `check`: run the integrity check too."""
        db: sqlite3.Connection | None = None
        try:
            # isolation_level=None: no implicit transactions; this class says BEGIN and COMMIT.
            target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
            db = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
                uri=read_only,
            )
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read-only checks first: nothing is written to a file that turns out not to be ours,
            # or to be damaged.
            version = self._check_version(db)
            if read_only:
                if check:
                    self._check_integrity(db)
                if version < SCHEMA_VERSION:
                    db.close()
                    return None
                db.execute("PRAGMA query_only = ON")
                return db
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                self._migrate(db)
        except StoreError:
            if db is not None:
                db.close()
            raise
        except _BadRow as exc:
            if db is not None:
                db.close()
            raise StoreError(path, self._damaged(exc)) from exc
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            if _code(exc) == "SQLITE_BUSY":
                # Another process holds the file: nothing is wrong with it; `_open` retries.
                raise _Busy() from exc
            message = describe_error(exc, "cannot read the progress store", UNCHANGED)
            raise StoreError(path, message) from exc
        return db

    def _damaged(self, exc: _BadRow) -> str:
        return f"cannot read the progress store ({exc}): {DAMAGED}; {UNCHANGED}; {PASS_HINT}"

    def _check_integrity(self, db: sqlite3.Connection) -> None:
        """Refuse a damaged file before the first write: SQLite's structural check (b-trees,
        page and cell layout; not every byte of every value), ~1.2 ms per MB."""
        problems = db.execute("PRAGMA quick_check(1)").fetchall()
        if problems != [("ok",)]:
            # SQLite's report runs over several lines ("*** in database main ***\nPage 16: ...").
            detail = " ".join(str(problems[0][0]).split()) if problems else "no result"
            raise StoreError(
                self.path,
                f"cannot read the progress store ({detail[:120]}): {DAMAGED}; {UNCHANGED};"
                f" {PASS_HINT}",
            )

    def _check_version(self, db: sqlite3.Connection) -> int:
        # One statement, so one snapshot: read apart, another process's first migration could
        # commit in between, and its new tables at version 0 would look like a foreign file.
        version: int
        version, tables = db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT COUNT(*) FROM sqlite_master)"
        ).fetchone()
        if not isinstance(version, int) or version < 0:
            raise StoreError(
                self.path,
                f"cannot read the progress store (unknown schema version {version}): {DAMAGED};"
                f" {UNCHANGED}; {PASS_HINT}",
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                self.path,
                f"the progress store was written by a newer factquiz (schema version {version},"
                f" this one knows up to {SCHEMA_VERSION}); upgrade factquiz or pass --data-dir",
            )
        if version == 0 and tables:
            raise StoreError(
                self.path,
                f"cannot read the progress store (it is another program's database); {UNCHANGED};"
                f" {PASS_HINT}",
            )
        return version

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self._check_version(db)
            for target in range(version + 1, SCHEMA_VERSION + 1):
                _MIGRATIONS[target](db, self.learner)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    # -- plumbing ----------------------------------------------------------------------------------

    def checkpoint(self) -> bool:
        """Fold what the -wal file holds into the store file itself, so that the file alone has
        every answer (what `close` does too). False if another quiz still had the file open, so
        part of it stays in the -wal file; never raises."""
        with self._lock:
            try:
                busy, _log, _done = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                return False
        return busy == 0

    def close(self) -> None:
        """Close the file; a store opened for writing first folds its -wal file in
        (`checkpoint`), so that a store file copied or moved on its own has every answer."""
        with self._lock:
            if not self._read_only:
                self.checkpoint()
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _fail(self, exc: sqlite3.Error, write: bool) -> StoreError:
        if write:
            message = describe_error(exc, "cannot write to the progress store", KEPT)
        else:
            message = describe_error(exc, "cannot read the progress store", UNCHANGED)
        return StoreError(self.path, message)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction: IMMEDIATE for writes (no lock upgrade that could deadlock two
        writers), DEFERRED for reads (a consistent snapshot that never blocks a writer)."""
        with self._lock:
            db = self._db
            if self._batching:  # already inside batch()'s transaction
                yield db
                return
            try:
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield db
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
                raise  # a bug in the caller, not a problem with the file
            except sqlite3.Error as exc:
                raise self._fail(exc, write) from exc
            except _BadRow as exc:
                raise StoreError(self.path, self._damaged(exc)) from exc

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make every call inside one transaction, committed at the end (all or nothing).

        For bulk loads (benchmarks, imports). A quiz must not use it: each answer is committed on
        its own so that it is safe as soon as it is given.
        """
        with self._transaction(write=True):
            self._batching = True
            try:
                yield
            finally:
                self._batching = False

    # -- writing -----------------------------------------------------------------------------------

    def start_run(
        self,
        bank: str,
        mode: str,
        seed: int,
        name: str | None,
        started: datetime,
        *,
        learner: str | None = None,
        class_name: str | None = None,
        bank_hash: str | None = None,
        presented: tuple[tuple[str, float], ...] = (),
        assignment_id: int | None = None,
        questions: int | None = None,
        hints: bool | None = None,
        open_book: bool | None = None,
    ) -> int:
        """Record the start of a run; return its id.

        `name` is the name given with `--name` (kept as given); `learner` whose run it is (by
        default `name`, else the store's learner). A `class_name` not yet known is added to
        the classes. `presented`: (question id, points) of every question the run will ask,
        so that a run ended early still knows what it did not reach. `questions`, `hints`,
        `open_book`: how many questions it asks, whether hints and the article are open."""
        who = learner or name or self.learner
        with self._transaction(write=True) as db:
            if class_name is not None:
                db.execute(
                    "INSERT OR IGNORE INTO classes (name, created) VALUES (?, ?)",
                    (class_name, iso(started)),
                )
            cursor = db.execute(
                "INSERT INTO runs (bank, mode, seed, name, started, learner, class_name,"
                " bank_hash, presented, assignment_id, questions, hints, open_book)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bank,
                    mode,
                    seed,
                    name,
                    iso(started),
                    who,
                    class_name,
                    bank_hash,
                    json.dumps([[q, p] for q, p in presented], ensure_ascii=False),
                    assignment_id,
                    questions,
                    None if hints is None else int(hints),
                    None if open_book is None else int(open_book),
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record_attempt(
        self,
        run_id: int,
        bank: str,
        question_id: str,
        question_hash: str,
        response: str,
        credit: float,
        hint_used: bool,
        elapsed: float,
        at: datetime,
        fuzz: bool = True,
        *,
        number: int | None = None,
        kind: str | None = None,
        prompt: str | None = None,
        options: tuple[str, ...] | None = None,
        chosen: tuple[str, ...] | None = None,
        answer_key: tuple[str, ...] | None = None,
        points: float | None = None,
        source_opened: bool = False,
        chosen_numbers: tuple[int, ...] = (),
    ) -> int:
        """Record one answer and reschedule the question's review card, in one transaction that is
        committed before this returns. Return the attempt id. `chosen` / `chosen_numbers`: the
        options named, as text and as numbers on screen (option kinds only).

        The attempt belongs to the run's learner and class and carries the run's bank hash; the
        keyword fields say how the question was shown (see `AttemptRow`). The card is the run
        learner's. Its rating is `quiz.spaced.rating_for(credit, hint_used, elapsed)`. If the
        card was built for other content (`question_hash` differs), it restarts as a new card.
        """
        rating = rating_for(credit, hint_used or source_opened, elapsed)
        at_text = iso(at)
        with self._transaction(write=True) as db:
            owner = db.execute(
                "SELECT learner, class_name, bank_hash FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
            if owner is None:
                raise sqlite3.IntegrityError(f"no run {run_id}")  # a caller's bug
            learner = owner[0]
            cursor = db.execute(
                f"INSERT INTO attempts ({_ATTEMPT_COLUMNS})"
                " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    bank,
                    question_id,
                    question_hash,
                    response,
                    credit,
                    int(hint_used),
                    elapsed,
                    at_text,
                    *owner,
                    number,
                    kind,
                    prompt,
                    _dumps(options),
                    _dumps(chosen),
                    _dumps(answer_key),
                    points,
                    int(source_opened),
                    json.dumps(list(chosen_numbers)) if chosen_numbers else None,
                ),
            )
            row = db.execute(
                "SELECT question_hash, card_json FROM cards"
                " WHERE learner = ? AND bank = ? AND question_id = ?",
                (learner, bank, question_id),
            ).fetchone()
            old_json = row[1] if row is not None and row[0] == question_hash else None
            try:
                card_json, due = review(old_json, rating, at, fuzz=fuzz)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # JSONDecodeError is a ValueError; fsrs raises the others on a card of the
                # wrong shape.
                raise _BadRow(f"the review card of {question_id!r} is unreadable") from exc
            db.execute(
                "INSERT INTO cards (learner, bank, question_id, question_hash, card_json, due)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner, bank, question_id) DO UPDATE"
                " SET question_hash = excluded.question_hash, card_json = excluded.card_json,"
                " due = excluded.due",
                (learner, bank, question_id, question_hash, card_json, iso(due)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(
        self,
        run_id: int,
        finished: datetime,
        score: float,
        max_score: float,
        status: str = "finished",
    ) -> None:
        """Mark a run ended: `status` finished, stopped or timed-out, with its score (a stopped
        run's over the questions answered)."""
        if status not in ("finished", "stopped", "timed-out"):
            raise ValueError(f"unknown run status {status!r}")
        with self._transaction(write=True) as db:
            db.execute(
                "UPDATE runs SET finished = ?, score = ?, max_score = ?, status = ? WHERE id = ?",
                (iso(finished), score, max_score, status, run_id),
            )

    # -- classes -----------------------------------------------------------------------------------

    def create_class(self, name: str, at: datetime) -> None:
        """Add a class (nothing happens if it exists)."""
        with self._transaction(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO classes (name, created) VALUES (?, ?)", (name, iso(at))
            )

    def classes(self) -> list[ClassRow]:
        """Every class, by name."""
        with self._transaction(write=False) as db:
            rows = db.execute("SELECT name, created FROM classes ORDER BY name").fetchall()
            return [ClassRow(n, _time(c)) for n, c in rows]

    def assign(
        self,
        class_name: str,
        bank: str,
        mode: str,
        seed: int,
        at: datetime,
        settings: Mapping[str, Any] | None = None,
    ) -> int:
        """Hand `bank` to a class (created if needed) with a fixed mode and seed; return the
        assignment's id. `settings` (JSON-able) holds the rest of the run's config."""
        with self._transaction(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO classes (name, created) VALUES (?, ?)",
                (class_name, iso(at)),
            )
            cursor = db.execute(
                "INSERT INTO assignments (class_name, bank, mode, seed, settings, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (class_name, bank, mode, seed, json.dumps(dict(settings or {})), iso(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def assignments(self, class_name: str) -> list[AssignmentRow]:
        """A class's assignments, oldest first."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT id, class_name, bank, mode, seed, settings, created FROM assignments"
                " WHERE class_name = ? ORDER BY created, id",
                (class_name,),
            ).fetchall()
            return [
                AssignmentRow(i, c, b, m, s, _settings(settings), _time(t))
                for i, c, b, m, s, settings, t in rows
            ]

    def open_run(
        self, learner: str, class_name: str | None, bank: str | None = None
    ) -> RunRow | None:
        """The learner's latest run in `class_name` (None: outside any class) that was never
        finished, to resume; only runs of `bank` if given."""
        where = "r.learner = ? AND r.class_name IS ? AND r.finished IS NULL"
        params: list[Any] = [learner, class_name]
        if bank is not None:
            where += " AND r.bank = ?"
            params.append(bank)
        with self._transaction(write=False) as db:
            row = db.execute(
                f"SELECT {_RUN_COLUMNS} FROM runs r WHERE {where}"
                " ORDER BY r.started DESC, r.id DESC LIMIT 1",
                params,
            ).fetchone()
            return None if row is None else _run_row(row)

    def run_attempts(self, run_id: int) -> list[AttemptRow]:
        """The attempts of one run, in the order given."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE run_id = ?"
                " ORDER BY answered_at, id",
                (run_id,),
            ).fetchall()
            return [_attempt_row(r) for r in rows]

    def report_runs(
        self, class_name: str | None = None, bank: str | None = None
    ) -> list[tuple[RunRow, list[AttemptRow]]]:
        """Every run (of every learner) with its attempts, oldest first, for `quiz report`:
        only those of `class_name` and of `bank` when given. One snapshot, two queries."""
        where, params = "1", []
        if class_name is not None:
            where += " AND r.class_name = ?"
            params.append(class_name)
        if bank is not None:
            where += " AND r.bank = ?"
            params.append(bank)
        with self._transaction(write=False) as db:
            runs = [
                _run_row(r)
                for r in db.execute(
                    f"SELECT {_RUN_COLUMNS} FROM runs r WHERE {where} ORDER BY r.started, r.id",
                    params,
                )
            ]
            by_run: dict[int, list[AttemptRow]] = {r.id: [] for r in runs}
            cols = ", ".join(f"a.{c.strip()}" for c in _ATTEMPT_COLUMNS.split(","))
            for row in db.execute(
                f"SELECT {cols} FROM attempts a JOIN runs r ON r.id = a.run_id WHERE {where}"
                " ORDER BY a.run_id, a.answered_at, a.id",
                params,
            ):
                attempt = _attempt_row(row)
                by_run[attempt.run_id].append(attempt)
        return [(r, by_run[r.id]) for r in runs]

    # -- reading -----------------------------------------------------------------------------------

    def known_banks(self, learner: str | None = None) -> list[str]:
        """Every bank slug with at least one run (of `learner` if given), sorted."""
        with self._transaction(write=False) as db:
            if learner is None:
                rows = db.execute("SELECT DISTINCT bank FROM runs ORDER BY bank")
            else:
                rows = db.execute(
                    "SELECT DISTINCT bank FROM runs WHERE learner = ? ORDER BY bank", (learner,)
                )
            return [b for (b,) in rows]

    def learners(self) -> list[str]:
        """Every learner with at least one run, sorted."""
        with self._transaction(write=False) as db:
            return [n for (n,) in db.execute("SELECT DISTINCT learner FROM runs ORDER BY learner")]

    def last_run(
        self,
        bank: str,
        finished_only: bool = False,
        complete_only: bool = False,
        *,
        learner: str | None = None,
    ) -> RunRow | None:
        """The learner's most recently started run of `bank`: only ended ones if
        `finished_only`; only those scored over every question (finished, timed-out; not
        stopped) if `complete_only`."""
        where = " AND r.finished IS NOT NULL" if finished_only else ""
        if complete_only:
            where += " AND r.status IN ('finished', 'timed-out')"
        with self._transaction(write=False) as db:
            row = db.execute(
                f"SELECT {_RUN_COLUMNS} FROM runs r WHERE r.learner = ? AND r.bank = ?{where}"
                " ORDER BY r.started DESC, r.id DESC LIMIT 1",
                (learner or self.learner, bank),
            ).fetchone()
            return None if row is None else _run_row(row)

    def history(
        self, bank: str, question_id: str, *, learner: str | None = None
    ) -> list[AttemptRow]:
        """The learner's every attempt at one question, oldest first, whatever content (hash)
        it had then."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts"
                " WHERE learner = ? AND bank = ? AND question_id = ? ORDER BY answered_at, id",
                (learner or self.learner, bank, question_id),
            ).fetchall()
            return [_attempt_row(r) for r in rows]

    def latest_attempts(self, bank: str, *, learner: str | None = None) -> dict[str, AttemptRow]:
        """Question id -> the learner's latest attempt (for mistakes mode: those not
        `.correct`). Compare `.question_hash` with the current content to tell whether the
        question changed since."""
        with self._transaction(write=False) as db:
            # One index probe per question rather than a scan of every attempt of the bank. Every
            # attempted question has a card (record_attempt and the migrations make them together).
            rows = db.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id IN ("
                " SELECT (SELECT a.id FROM attempts a WHERE a.learner = c.learner"
                "   AND a.bank = c.bank AND a.question_id = c.question_id"
                "   ORDER BY a.answered_at DESC, a.id DESC LIMIT 1)"
                " FROM cards c WHERE c.learner = ? AND c.bank = ?)",
                (learner or self.learner, bank),
            ).fetchall()
            return {r.question_id: r for r in map(_attempt_row, rows)}

    def card(self, bank: str, question_id: str, *, learner: str | None = None) -> CardRow | None:
        """The learner's review card of one question, None if never answered."""
        who = learner or self.learner
        with self._transaction(write=False) as db:
            row = db.execute(
                "SELECT bank, question_id, question_hash, card_json, due FROM cards"
                " WHERE learner = ? AND bank = ? AND question_id = ?",
                (who, bank, question_id),
            ).fetchone()
            if row is None:
                return None
            return CardRow(row[0], row[1], row[2], row[3], _time(row[4]), who)

    def due_question_ids(
        self,
        bank: str,
        now: datetime,
        hashes: Mapping[str, str] | None = None,
        *,
        learner: str | None = None,
    ) -> list[str]:
        """Ids of the questions whose card (the learner's) is due at `now`, most overdue first.

        With `hashes` (question id -> current content hash) only those questions count, and a
        question whose content changed since its card was made is left out: it is new again.
        """
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT question_id, question_hash FROM cards"
                " WHERE learner = ? AND bank = ? AND due <= ? ORDER BY due, question_id",
                (learner or self.learner, bank, iso(now)),
            ).fetchall()
        return [qid for qid, qhash in rows if hashes is None or hashes.get(qid) == qhash]

    def carded_question_ids(
        self, bank: str, hashes: Mapping[str, str] | None = None, *, learner: str | None = None
    ) -> set[str]:
        """Ids of the questions the learner has a review card for (answered at least once); the
        rest are new. With `hashes`, as in `due_question_ids`: a changed question counts as new.
        """
        with self._transaction(write=False) as db:
            rows = db.execute(
                "SELECT question_id, question_hash FROM cards WHERE learner = ? AND bank = ?",
                (learner or self.learner, bank),
            ).fetchall()
        return {qid for qid, qhash in rows if hashes is None or hashes.get(qid) == qhash}

    def question_records(
        self, bank: str, wrong_answers: int = 3, *, learner: str | None = None
    ) -> list[QuestionRecord]:
        """Per question answered: attempts, latest credit and up to `wrong_answers` of the latest
        answers that were not fully right (skips left out), newest first; by question id."""
        with self._transaction(write=False) as db:
            rows = db.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE learner = ? AND bank = ?"
                " ORDER BY question_id, answered_at DESC, id DESC",
                (learner or self.learner, bank),
            ).fetchall()
            attempts = [_attempt_row(r) for r in rows]
        out: list[QuestionRecord] = []
        current: list[AttemptRow] = []

        def flush() -> None:
            if current:
                wrong = [a.answer_text for a in current if not is_right(a.credit) and a.response]
                out.append(
                    QuestionRecord(
                        current[0].question_id,
                        len(current),
                        current[0].credit,
                        tuple(wrong[:wrong_answers]),
                    )
                )

        for attempt in attempts:
            if current and attempt.question_id != current[0].question_id:
                flush()
                current = []
            current.append(attempt)
        flush()
        return out

    def bank_stats(
        self, bank: str, now: datetime, last_runs: int | None = None, *, learner: str | None = None
    ) -> BankStats:
        """The learner's figures of one bank at `now` (see `BankStats`), from one consistent
        snapshot."""
        now_text = iso(now)
        who = learner or self.learner
        with self._transaction(write=False) as db:
            per_question = {
                qid: QuestionStats(n, ok)
                for qid, n, ok in db.execute(
                    f"SELECT question_id, COUNT(*), SUM({_RIGHT_SQL}) FROM attempts"
                    " WHERE learner = ? AND bank = ? GROUP BY question_id",
                    (who, bank),
                )
            }
            (due,) = db.execute(
                "SELECT COUNT(*) FROM cards WHERE learner = ? AND bank = ? AND due <= ?",
                (who, bank, now_text),
            ).fetchone()
            (last_played,) = db.execute(
                "SELECT MAX(answered_at) FROM attempts WHERE learner = ? AND bank = ?",
                (who, bank),
            ).fetchone()
            (outcomes,) = db.execute(_STREAK_SQL, (who, bank)).fetchone()
            runs = [
                _run_row(r)
                for r in db.execute(
                    f"SELECT {_RUN_COLUMNS} FROM runs r WHERE r.learner = ? AND r.bank = ?"
                    " ORDER BY r.started DESC, r.id DESC LIMIT ?",
                    (who, bank, -1 if last_runs is None else last_runs),
                )
            ]
            last_time = _time_or_none(last_played)
        attempts = sum(s.attempts for s in per_question.values())
        correct = sum(s.correct for s in per_question.values())
        return BankStats(
            bank=bank,
            attempts=attempts,
            correct=correct,
            accuracy=correct / attempts if attempts else None,
            due=due,
            last_played=last_time,
            best_streak=max(map(len, (outcomes or "").split("0"))),
            per_question=per_question,
            runs=runs,
        )
