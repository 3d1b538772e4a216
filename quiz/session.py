"""A quiz run as a pure state machine: which questions, in what order, and how they scored.

No I/O and no clock of its own: the front end passes in the seconds each answer took, and
reads the exam's time left through an `ExamClock`, which holds when the run's time began on
the front end's monotonic clock. Everything random is derived from `SessionConfig.seed`, so a
run can be replayed exactly from its seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.bank.model import VERDICTS, Question
from quiz.meanings import (
    AID_FACTOR,
    FINISHED,
    MODES,
    STATUSES,
    STOPPED,
    UNTAGGED,
    Mode,
    hints_allowed,
    source_allowed,
)

if TYPE_CHECKING:
    from quiz import grading
    from quiz.grading import Grade
else:
    # The app paints its first question before the grader (its regexes, rapidfuzz) is ready.
    grading = lazy.module("quiz.grading")


HINT_FACTOR = AID_FACTOR
"""Taking the hint (or opening the article before answering) multiplies the credit by this."""


@dataclass(frozen=True, slots=True)
class SessionConfig:
    mode: Mode = "practice"
    seed: int = 0
    shuffle: bool = False  # shuffle question order (choices are always shuffled with seed)
    limit: int | None = None
    tags: tuple[str, ...] = ()  # keep questions having any of these tags
    time_limit: float | None = None  # seconds, exam mode
    hints: bool | None = None  # None: the mode's default (off in exam mode); --hints
    open_book: bool | None = None  # the article before answering; None: the mode's default

    @property
    def allows_hints(self) -> bool:
        return hints_allowed(self.mode, self.hints)

    @property
    def allows_source(self) -> bool:
        """The article may be opened while a question waits (after it, it always may)."""
        return source_allowed(self.mode, self.open_book)

    def __post_init__(self) -> None:
        # Fail here, where the bad value is made, rather than as a puzzling run later.
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}: expected one of {', '.join(MODES)}")
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be 0 or more, not {self.limit}")
        if self.time_limit is not None and not (
            math.isfinite(self.time_limit) and self.time_limit > 0
        ):
            raise ValueError(
                f"time limit must be a positive number of seconds, not {self.time_limit}"
            )


@dataclass(frozen=True, slots=True)
class Presented:
    """A question as shown in this run."""

    number: int  # 1-based position in the run
    question: Question
    options: tuple[str, ...]  # choices/items in display order; VERDICTS for claim; () else


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    presented: Presented
    response: str
    grade: Grade
    hint_used: bool
    skipped: bool
    elapsed: float  # seconds, passed in by the front end
    credit: float  # grade.credit, halved for the hint and halved for the article, if taken
    score: float  # credit * points
    source_opened: bool = False  # the article was opened before this answer

    @property
    def chosen(self) -> tuple[str, ...]:
        """The options named (choice, multi, claim; order: in the order given), as text."""
        options = self.presented.options
        return tuple(options[i] for i in self.grade.picks if 0 <= i < len(options))

    @property
    def chosen_numbers(self) -> tuple[int, ...]:
        """Their 1-based numbers on screen."""
        return tuple(i + 1 for i in self.grade.picks)


@dataclass(frozen=True, slots=True)
class TagScore:
    """One tag's share of a run. A question with several tags counts under each of them."""

    score: float
    max_score: float  # points of every presented question with this tag
    answered: int  # answer records, skips included
    correct: int  # records whose grade was correct (a hinted right answer is correct)


@dataclass(frozen=True, slots=True)
class Results:
    """`status`: finished (every question answered), stopped (quit, end of input: the score
    is over the questions answered) or timed-out (the rest count as 0, as in any exam)."""

    mode: Mode
    seed: int
    score: float
    max_score: float  # finished, timed-out: every question's points; stopped: those answered
    percent: float  # 0..100; 0 when max_score is 0
    elapsed: float  # sum of the answer times
    per_tag: dict[str, TagScore]  # tags in order of first appearance; UNTAGGED for none
    answers: tuple[AnswerRecord, ...]
    unanswered: tuple[Presented, ...]  # presented but never answered or skipped
    status: str = FINISHED
    questions: int = 0  # in the run

    @property
    def answered(self) -> int:
        return len(self.answers)


class NotAnAnswer(ValueError):
    """The response is not an answer (empty, option 7 of 4). str() is the reason to show;
    the session did not move."""


class SessionOver(RuntimeError):
    """answer/skip/hint was called on a finished session."""


def question_rng(seed: int, question_id: str) -> random.Random:
    """A generator for one question's options. Keyed on the id, not the position, so adding
    or removing a question never reshuffles the options of the others. A str seed is hashed
    with SHA-512 by `random`, so this is stable across processes (no PYTHONHASHSEED)."""
    return random.Random(f"{seed}\x1f{question_id}")


def present_options(question: Question, seed: int) -> tuple[str, ...]:
    """The options in the order this run shows them."""
    match question.kind:
        case "claim":
            return VERDICTS  # fixed order, so s/r/n and 1/2/3 always mean the same
        case "choice" | "multi":
            options = list(question.choices)
            question_rng(seed, question.id).shuffle(options)
            return tuple(options)
        case "order":
            items = list(question.items)
            question_rng(seed, question.id).shuffle(items)
            if items == list(question.items):
                # Showing the answer would be a free point: swap the first item with the first
                # one that differs from it (with distinct items, the first two). Only a list of
                # identical items stays as it is, and any order of those is the right one.
                for j in range(1, len(items)):
                    if items[j] != items[0]:
                        items[0], items[j] = items[j], items[0]
                        break
            return tuple(items)
        case _:
            return ()


def select_questions(questions: Sequence[Question], config: SessionConfig) -> list[Question]:
    """Filter by tags, order, then limit: the limit takes from the shuffled order, so a
    shuffled run with a limit is a random sample."""
    wanted = {t.casefold() for t in config.tags}
    chosen = [q for q in questions if not wanted or any(t.casefold() in wanted for t in q.tags)]
    if config.shuffle:
        random.Random(config.seed).shuffle(chosen)
    if config.limit is not None:
        chosen = chosen[: config.limit]
    return chosen


class Session:
    """One run over a list of questions.

    Without `config.shuffle` the questions are asked in the order given, so review and
    mistakes modes hand in their own ordered lists. Tag filtering and the limit still apply.

    `streak` counts consecutive answers with full credit (credit == 1 after hint halving):
    a hinted right answer (credit 0.5), a partial answer, a wrong answer or a skip ends it.
    """

    def __init__(self, questions: Sequence[Question], config: SessionConfig) -> None:
        self._config = config
        self._presented: tuple[Presented, ...] = tuple(
            Presented(number, q, present_options(q, config.seed))
            for number, q in enumerate(select_questions(questions, config), start=1)
        )
        self._answers: list[AnswerRecord] = []
        self._hint_taken = False
        self._source_taken = False
        self._ended_early = False
        self._end_status = STOPPED
        self._streak = 0
        self._best_streak = 0
        self._before = (0, 0)

    # -- state -------------------------------------------------------------------------------

    @property
    def config(self) -> SessionConfig:
        return self._config

    @property
    def presented(self) -> tuple[Presented, ...]:
        """Every question of the run, in the order asked."""
        return self._presented

    @property
    def current(self) -> Presented | None:
        """The question waiting for an answer; None once finished."""
        return None if self.finished else self._presented[self.position]

    @property
    def position(self) -> int:
        """0-based index of the current question, equal to the number answered or skipped."""
        return len(self._answers)

    @property
    def total(self) -> int:
        return len(self._presented)

    @property
    def answers(self) -> tuple[AnswerRecord, ...]:
        return tuple(self._answers)

    @property
    def score(self) -> float:
        return math.fsum(r.score for r in self._answers)

    @property
    def max_score(self) -> float:
        """Points of the questions answered or skipped so far, so that score/max_score is the
        running rate. `Results.max_score` counts every presented question instead."""
        return math.fsum(r.presented.question.points for r in self._answers)

    @property
    def streak(self) -> int:
        return self._streak

    @property
    def best_streak(self) -> int:
        return self._best_streak

    @property
    def finished(self) -> bool:
        return self._ended_early or self.position >= self.total

    @property
    def hint_taken(self) -> bool:
        """Whether the hint of the current question has been taken."""
        return self._hint_taken

    @property
    def source_taken(self) -> bool:
        """Whether the article was opened while the current question waited."""
        return self._source_taken

    @property
    def status(self) -> str | None:
        """None while the run goes on; then finished, stopped or timed-out."""
        if not self.finished:
            return None
        return FINISHED if self.position >= self.total else self._end_status

    @property
    def shows_feedback(self) -> bool:
        """Whether the front end shows the verdict after each answer (not in exam mode)."""
        return self._config.mode != "exam"

    @property
    def time_limit(self) -> float | None:
        """Seconds the run may take: exams only."""
        return self._config.time_limit if self._config.mode == "exam" else None

    def time_left(self, elapsed_total: float) -> float | None:
        """Seconds left of the time limit (never negative); None without a limit."""
        limit = self.time_limit
        return None if limit is None else max(0.0, limit - elapsed_total)

    def expired(self, elapsed_total: float) -> bool:
        """True once `elapsed_total` reaches the time limit; the front end then calls finish()."""
        limit = self.time_limit
        return limit is not None and elapsed_total >= limit

    # -- transitions -------------------------------------------------------------------------

    def _require_current(self) -> Presented:
        current = self.current
        if current is None:
            raise SessionOver("the session is over: there is no current question")
        return current

    def hint(self) -> str | None:
        """The current question's hint, marking it taken (the answer's credit is halved).
        A question without a hint returns None and nothing is marked. Asking twice costs once."""
        hint = self._require_current().question.hint
        if not self._config.allows_hints:
            return None
        if hint is not None:
            self._hint_taken = True
        return hint

    def open_source(self) -> bool:
        """The learner opens the article while the current question waits: that answer's credit
        is halved, as for a hint (once, however often it is opened). False, and nothing is
        marked, when this run keeps the book closed."""
        self._require_current()
        if not self._config.allows_source:
            return False
        self._source_taken = True
        return True

    def answer(self, response: str, elapsed: float) -> AnswerRecord:
        """Grade `response` against the options as shown and move on.
        Raises NotAnAnswer (and stays put, hint still taken) if it is not an answer."""
        current = self._require_current()
        _check_elapsed(elapsed)
        result = grading.grade(current.question, response, current.options or None)
        if not result.valid:
            raise NotAnAnswer(result.reason)
        credit = result.credit * (HINT_FACTOR if self._hint_taken else 1.0)
        credit *= HINT_FACTOR if self._source_taken else 1.0
        return self._record(current, response, result, credit, elapsed, skipped=False)

    def skip(self, elapsed: float) -> AnswerRecord:
        """Give up on the current question: credit 0, and it ends the streak."""
        current = self._require_current()
        _check_elapsed(elapsed)
        result = grading.Grade(
            credit=0.0, correct=False, response="", normalized="", reason="skipped"
        )
        return self._record(current, "", result, 0.0, elapsed, skipped=True)

    def finish(self, status: str = STOPPED) -> None:
        """End the run now: `stopped` (quit, end of input) or `timed-out`. Idempotent (the
        first reason stands); the rest stay unanswered. A run with every question answered
        is `finished` whatever is passed."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}: expected one of {', '.join(STATUSES)}")
        if not self._ended_early:
            self._end_status = status if status != FINISHED else STOPPED
        self._ended_early = True

    def retract(self, record: AnswerRecord) -> None:
        """Take back `record`, the last answer or skip, as if it had not been given: its question
        is current again, with the hint as it was and the streak as before. For a front end
        whose store could not save it, so that the learner can give it again."""
        if not self._answers or self._answers[-1] is not record:
            raise ValueError("only the last answer can be taken back")
        self._answers.pop()
        self._hint_taken = record.hint_used
        self._streak, self._best_streak = self._before

    def _record(
        self,
        current: Presented,
        response: str,
        result: Grade,
        credit: float,
        elapsed: float,
        *,
        skipped: bool,
    ) -> AnswerRecord:
        record = AnswerRecord(
            presented=current,
            response=response,
            grade=result,
            hint_used=self._hint_taken,
            skipped=skipped,
            elapsed=elapsed,
            credit=credit,
            score=credit * current.question.points,
            source_opened=self._source_taken,
        )
        self._before = (self._streak, self._best_streak)  # for retract()
        self._answers.append(record)
        self._hint_taken = False
        self._source_taken = False
        self._streak = self._streak + 1 if credit == 1 else 0
        self._best_streak = max(self._best_streak, self._streak)
        return record

    # -- results -----------------------------------------------------------------------------

    def results(self) -> Results:
        """The run so far; may be called at any time (questions not reached are unanswered).
        Before the end, and for a stopped run, the score is over the questions answered."""
        answers = tuple(self._answers)
        unanswered = self._presented[len(answers) :]
        status = self.status or STOPPED
        score = math.fsum(r.score for r in answers)
        counted = tuple(r.presented for r in answers) if status == STOPPED else self._presented
        max_score = math.fsum(p.question.points for p in counted)
        percent = 100.0 * score / max_score if max_score > 0 else 0.0
        return Results(
            mode=self._config.mode,
            seed=self._config.seed,
            score=score,
            max_score=max_score,
            percent=percent,
            elapsed=math.fsum(r.elapsed for r in answers),
            per_tag=_per_tag(counted, answers),
            answers=answers,
            unanswered=unanswered,
            status=status,
            questions=self.total,
        )


def _check_elapsed(elapsed: float) -> None:
    if not (math.isfinite(elapsed) and elapsed >= 0):
        raise ValueError(f"elapsed must be a finite number of seconds >= 0, not {elapsed}")


def _tags_of(question: Question) -> tuple[str, ...]:
    # dict.fromkeys: a tag listed twice on one question must not count twice.
    return tuple(dict.fromkeys(question.tags)) or (UNTAGGED,)


def _per_tag(
    presented: tuple[Presented, ...], answers: tuple[AnswerRecord, ...]
) -> dict[str, TagScore]:
    maxima: dict[str, list[float]] = {}
    for p in presented:
        for tag in _tags_of(p.question):
            maxima.setdefault(tag, []).append(p.question.points)
    scores: dict[str, list[float]] = {tag: [] for tag in maxima}
    correct = dict.fromkeys(maxima, 0)
    for r in answers:
        for tag in _tags_of(r.presented.question):
            scores[tag].append(r.score)
            correct[tag] += int(r.grade.correct)
    return {
        tag: TagScore(
            score=math.fsum(scores[tag]),
            max_score=math.fsum(maxima[tag]),
            answered=len(scores[tag]),
            correct=correct[tag],
        )
        for tag in maxima
    }


class ExamClock:
    """A run's one clock: answer times, the countdown on screen, the refusal of a late answer
    and the end of an exam all read it, so they can never disagree.

    `now` is the front end's monotonic clock in seconds (a test's may stand still). The time
    the run's answers already took (a resumed run) counts against the limit."""

    def __init__(self, session: Session, now: Callable[[], float]) -> None:
        self.now = now
        self._session = session
        self._origin = now() - sum(record.elapsed for record in session.answers)

    def time_left(self) -> float | None:
        return self._session.time_left(self.now() - self._origin)

    def expired(self) -> bool:
        return self._session.expired(self.now() - self._origin)
