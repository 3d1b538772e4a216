"""The progress store: runs, attempts and review cards in one SQLite file. The only module that
speaks SQL.

Durability and sharing:
- WAL journal with `synchronous=FULL`: every `record_attempt` is one short transaction, committed
  (and synced) before it returns, so a killed process loses nothing already answered.
- `BEGIN IMMEDIATE` for writes and a busy timeout, so two quiz processes sharing the file wait for
  each other instead of failing or losing answers.
- `PRAGMA user_version` is the schema version; `_MIGRATIONS` moves a file forward one version at a
  time, in one transaction. A fresh file is built by the same migrations, so they are always run.

A file that is not a store (garbage, another program's database, a directory, unreadable) or was
written by a newer factquiz raises `StoreError`; the file is never replaced, deleted or changed.

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
from quiz.spaced import rating_for, review, utc

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 5000
PASS_HINT = "move it aside or pass --data-dir"


@dataclass(frozen=True, slots=True)
class _FileProblem(Problem):
    """A problem with the whole file: shown as `path: error: message`, without line and column."""

    def __str__(self) -> str:
        return f"{self.path}: {self.severity}: {self.message}"


class _Busy(Exception):
    """Opening met a lock; the cause is the sqlite3 error."""


class StoreError(QuizError):
    """The progress store cannot be used. One line: `path: error: what; what to do`."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(_FileProblem(str(path), 0, 0, message))
        self.path = path


# --- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunRow:
    """One quiz run. `finished`, `score` and `max_score` stay None until `finish_run` (a run that
    was killed or quit without finishing keeps them None). `answered`: attempts recorded in it."""

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

    @property
    def correct(self) -> bool:
        """Fully right (credit 1)."""
        return self.credit >= 1.0


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
class BankStats:
    """The figures of one bank.

    attempts / correct: every attempt recorded / those fully right (credit 1), old content included
    accuracy: correct / attempts, None before the first attempt
    due: review cards due at `now` (whatever the question's current content)
    last_played: time of the latest attempt, None if never answered
    best_streak: longest run of fully right attempts, in answer-time order across runs
    per_question: question id -> (attempts, correct), for per-tag figures
    runs: the latest runs (up to `last_runs`), most recent first
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
        rating = rating_for(credit, bool(hint_used), elapsed)
        card_json, due = review(old_json, rating, datetime.fromisoformat(answered_at), fuzz=False)
        cards[(bank, qid)] = (qhash, card_json, due)
    db.executemany(
        "INSERT INTO cards (bank, question_id, question_hash, card_json, due)"
        " VALUES (?, ?, ?, ?, ?)",
        [(b, q, h, j, _iso(d)) for (b, q), (h, j, d) in cards.items()],
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
            [(w, b, q, h, j, _iso(d)) for (w, b, q), (h, j, d) in cards.items()],
        )
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE learner_cards RENAME TO cards")
    db.execute("CREATE INDEX cards_by_due ON cards (learner, bank, due)")


# _MIGRATIONS[n] takes a file from version n - 1 to n. Never edit a released one; add the next.
# A migration takes the connection and the default learner (for data recorded before learners).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection, str], None]] = {
    1: lambda db, _learner: _migrate_to_1(db),
    2: lambda db, _learner: _migrate_to_2(db),
    3: _migrate_learners_and_classes,
}
assert max(_MIGRATIONS) == SCHEMA_VERSION


def _iso(moment: datetime) -> str:
    return utc(moment).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _time_or_none(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# Every outcome of the bank as one string of "1" (fully right) and "0" in answer-time order; the
# best streak is its longest run of "1". One row instead of 100,000 Python rows: about 4x faster.
# SQLite >= 3.44 orders an aggregate's input as documented; before that, a subquery's ORDER BY
# does it in practice (the covering index attempts_by_time gives that order without a sort).
if sqlite3.sqlite_version_info >= (3, 44, 0):
    _STREAK_SQL = (
        "SELECT group_concat(credit >= 1.0, '' ORDER BY answered_at, id)"
        " FROM attempts WHERE learner = ? AND bank = ?"
    )
else:  # pragma: no cover - depends on the SQLite Python was built with
    _STREAK_SQL = (
        "SELECT group_concat(ok, '') FROM (SELECT credit >= 1.0 AS ok FROM attempts"
        " WHERE learner = ? AND bank = ? ORDER BY answered_at, id)"
    )

_RUN_COLUMNS = (
    "r.id, r.bank, r.mode, r.seed, r.name, r.started, r.finished, r.score, r.max_score,"
    " (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id),"
    " r.learner, r.class_name, r.bank_hash, r.presented, r.assignment_id"
)
_ATTEMPT_COLUMNS = (
    "id, run_id, bank, question_id, question_hash, response, credit, hint_used, elapsed,"
    " answered_at, learner, class_name, bank_hash, number, kind, prompt, options, chosen,"
    " answer_key, points"
)


@functools.lru_cache(maxsize=4096)
def _json_list(text: str | None) -> tuple[Any, ...] | None:
    # Cached: a class's attempts repeat the same options and picks thousands of times, and
    # decoding them is most of the cost of reading a report's attempts. Tuples of str are
    # immutable, so sharing them is safe.
    return None if text is None else tuple(json.loads(text))


def _run_row(row: tuple) -> RunRow:
    # row: the columns of _RUN_COLUMNS, in order
    started, finished = _time(row[5]), _time_or_none(row[6])
    presented = tuple((str(q), float(p)) for q, p in _json_list(row[13]) or ())
    return RunRow(*row[:5], started, finished, *row[7:13], presented, row[14])


def _attempt_row(row: tuple) -> AttemptRow:
    # row: the columns of _ATTEMPT_COLUMNS, in order
    return AttemptRow(
        *row[:7],
        bool(row[7]),
        row[8],
        _time(row[9]),
        *row[10:16],
        _json_list(row[16]) or (),
        _json_list(row[17]),
        _json_list(row[18]) or (),
        row[19],
    )


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(list(value), ensure_ascii=False)


# --- the store ------------------------------------------------------------------------------------


class Store:
    """A progress store file, opened (and created or migrated) on construction.

    Safe to share between threads (calls are serialised) and between processes (SQLite locking).
    Raises `StoreError` for a file it cannot use; never modifies such a file.
    """

    def __init__(self, path: Path, learner: str | None = None) -> None:
        self.path = path
        # The learner the per-learner methods mean when not told; also the one that data
        # recorded before learners existed is given to when an old file is migrated.
        self.learner = learner or default_learner()
        self._lock = threading.RLock()
        self._batching = False
        self._db = self._open(path)

    # -- opening -----------------------------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection:
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
                return self._connect(path)
            except _Busy as busy:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        path, f"cannot open the progress store ({busy.__cause__})"
                    ) from busy.__cause__
                time.sleep(0.05)

    def _connect(self, path: Path) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        try:
            # isolation_level=None: no implicit transactions; this class says BEGIN and COMMIT.
            db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read-only checks first: nothing is written to a file that turns out not to be ours.
            version = self._check_version(db)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                self._migrate(db)
        except StoreError:
            if db is not None:
                db.close()
            raise
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY"):
                # Another process holds the file: nothing is wrong with it; `_open` retries.
                raise _Busy() from exc
            raise StoreError(path, f"cannot read the progress store ({exc}); {PASS_HINT}") from exc
        return db

    def _check_version(self, db: sqlite3.Connection) -> int:
        # One statement, so one snapshot: read apart, another process's first migration could
        # commit in between, and its new tables at version 0 would look like a foreign file.
        version: int
        version, tables = db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT COUNT(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(
                self.path,
                f"the progress store was written by a newer factquiz (schema version {version},"
                f" this one knows up to {SCHEMA_VERSION}); upgrade factquiz or pass --data-dir",
            )
        if version == 0 and tables:
            raise StoreError(
                self.path,
                f"cannot read the progress store (it is another program's database); {PASS_HINT}",
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

    def close(self) -> None:
        with self._lock:
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

    def _fail(self, exc: sqlite3.Error, action: str) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, disk full, I/O
            return StoreError(self.path, f"cannot {action} the progress store ({exc})")
        return StoreError(self.path, f"cannot read the progress store ({exc}); {PASS_HINT}")

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
                raise self._fail(exc, "write to" if write else "read") from exc

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
    ) -> int:
        """Record the start of a run; return its id.

        `name` is the name given with `--name` (kept as given); `learner` whose run it is (by
        default `name`, else the store's learner). A `class_name` not yet known is added to
        the classes. `presented`: (question id, points) of every question the run will ask,
        so that a run ended early still knows what it did not reach."""
        who = learner or name or self.learner
        with self._transaction(write=True) as db:
            if class_name is not None:
                db.execute(
                    "INSERT OR IGNORE INTO classes (name, created) VALUES (?, ?)",
                    (class_name, _iso(started)),
                )
            cursor = db.execute(
                "INSERT INTO runs (bank, mode, seed, name, started, learner, class_name,"
                " bank_hash, presented, assignment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bank,
                    mode,
                    seed,
                    name,
                    _iso(started),
                    who,
                    class_name,
                    bank_hash,
                    json.dumps([[q, p] for q, p in presented], ensure_ascii=False),
                    assignment_id,
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
    ) -> int:
        """Record one answer and reschedule the question's review card, in one transaction that is
        committed before this returns. Return the attempt id.

        The attempt belongs to the run's learner and class and carries the run's bank hash; the
        keyword fields say how the question was shown (see `AttemptRow`). The card is the run
        learner's. Its rating is `quiz.spaced.rating_for(credit, hint_used, elapsed)`. If the
        card was built for other content (`question_hash` differs), it restarts as a new card.
        """
        rating = rating_for(credit, hint_used, elapsed)
        at_text = _iso(at)
        with self._transaction(write=True) as db:
            owner = db.execute(
                "SELECT learner, class_name, bank_hash FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
            if owner is None:
                raise sqlite3.IntegrityError(f"no run {run_id}")  # a caller's bug
            learner = owner[0]
            cursor = db.execute(
                f"INSERT INTO attempts ({_ATTEMPT_COLUMNS})"
                " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            row = db.execute(
                "SELECT question_hash, card_json FROM cards"
                " WHERE learner = ? AND bank = ? AND question_id = ?",
                (learner, bank, question_id),
            ).fetchone()
            old_json = row[1] if row is not None and row[0] == question_hash else None
            card_json, due = review(old_json, rating, at, fuzz=fuzz)
            db.execute(
                "INSERT INTO cards (learner, bank, question_id, question_hash, card_json, due)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner, bank, question_id) DO UPDATE"
                " SET question_hash = excluded.question_hash, card_json = excluded.card_json,"
                " due = excluded.due",
                (learner, bank, question_id, question_hash, card_json, _iso(due)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(self, run_id: int, finished: datetime, score: float, max_score: float) -> None:
        """Mark a run finished with its final score."""
        with self._transaction(write=True) as db:
            db.execute(
                "UPDATE runs SET finished = ?, score = ?, max_score = ? WHERE id = ?",
                (_iso(finished), score, max_score, run_id),
            )

    # -- classes -----------------------------------------------------------------------------------

    def create_class(self, name: str, at: datetime) -> None:
        """Add a class (nothing happens if it exists)."""
        with self._transaction(write=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO classes (name, created) VALUES (?, ?)", (name, _iso(at))
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
                (class_name, _iso(at)),
            )
            cursor = db.execute(
                "INSERT INTO assignments (class_name, bank, mode, seed, settings, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (class_name, bank, mode, seed, json.dumps(dict(settings or {})), _iso(at)),
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
            AssignmentRow(i, c, b, m, s, json.loads(settings), _time(t))
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
        self, bank: str, finished_only: bool = False, *, learner: str | None = None
    ) -> RunRow | None:
        """The learner's most recently started run of `bank` (only finished ones if
        `finished_only`)."""
        where = " AND r.finished IS NOT NULL" if finished_only else ""
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
                (learner or self.learner, bank, _iso(now)),
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

    def bank_stats(
        self, bank: str, now: datetime, last_runs: int = 10, *, learner: str | None = None
    ) -> BankStats:
        """The learner's figures of one bank at `now` (see `BankStats`), from one consistent
        snapshot."""
        now_text = _iso(now)
        who = learner or self.learner
        with self._transaction(write=False) as db:
            per_question = {
                qid: QuestionStats(n, ok)
                for qid, n, ok in db.execute(
                    "SELECT question_id, COUNT(*), SUM(credit >= 1.0) FROM attempts"
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
                    (who, bank, last_runs),
                )
            ]
        attempts = sum(s.attempts for s in per_question.values())
        correct = sum(s.correct for s in per_question.values())
        return BankStats(
            bank=bank,
            attempts=attempts,
            correct=correct,
            accuracy=correct / attempts if attempts else None,
            due=due,
            last_played=_time_or_none(last_played),
            best_streak=max(map(len, (outcomes or "").split("0"))),
            per_question=per_question,
            runs=runs,
        )
