"""A quiz run as a pure state machine: which questions, in what order, and how they scored.

No I/O and no clock: the front end passes in the seconds each answer took, and asks
`expired(elapsed_total)` itself. Everything random is derived from `SessionConfig.seed`, so a
run can be replayed exactly from its seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from quiz.bank.model import VERDICTS, Question

if TYPE_CHECKING:
    from quiz.grading import Grade

Mode = Literal["practice", "exam", "review", "mistakes"]
MODES: tuple[str, ...] = get_args(Mode)

UNTAGGED = "untagged"
"""The `Results.per_tag` key for questions that have no tags."""

HINT_FACTOR = 0.5
"""Taking the hint multiplies the credit of that answer by this."""


@dataclass(frozen=True, slots=True)
class SessionConfig:
    mode: Mode = "practice"
    seed: int = 0
    shuffle: bool = False  # shuffle question order (choices are always shuffled with seed)
    limit: int | None = None
    tags: tuple[str, ...] = ()  # keep questions having any of these tags
    time_limit: float | None = None  # seconds, exam mode

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
    credit: float  # grade.credit, halved if the hint was taken
    score: float  # credit * points


@dataclass(frozen=True, slots=True)
class TagScore:
    """One tag's share of a run. A question with several tags counts under each of them."""

    score: float
    max_score: float  # points of every presented question with this tag
    answered: int  # answer records, skips included
    correct: int  # records whose grade was correct (a hinted right answer is correct)


@dataclass(frozen=True, slots=True)
class Results:
    mode: Mode
    seed: int
    score: float
    max_score: float  # points of ALL presented questions: unanswered ones count as 0
    percent: float  # 0..100; 0 when max_score is 0
    elapsed: float  # sum of the answer times
    per_tag: dict[str, TagScore]  # tags in order of first appearance; UNTAGGED for none
    answers: tuple[AnswerRecord, ...]
    unanswered: tuple[Presented, ...]  # presented but never answered or skipped


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


def _select(questions: Sequence[Question], config: SessionConfig) -> list[Question]:
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
            for number, q in enumerate(_select(questions, config), start=1)
        )
        self._answers: list[AnswerRecord] = []
        self._hint_taken = False
        self._ended_early = False
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
    def shows_feedback(self) -> bool:
        """Whether the front end shows the verdict after each answer (not in exam mode)."""
        return self._config.mode != "exam"

    def time_left(self, elapsed_total: float) -> float | None:
        """Seconds left of `config.time_limit` (never negative); None without a limit."""
        limit = self._config.time_limit
        return None if limit is None else max(0.0, limit - elapsed_total)

    def expired(self, elapsed_total: float) -> bool:
        """True once `elapsed_total` reaches the time limit; the front end then calls finish()."""
        limit = self._config.time_limit
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
        if hint is not None:
            self._hint_taken = True
        return hint

    def answer(self, response: str, elapsed: float) -> AnswerRecord:
        """Grade `response` against the options as shown and move on.
        Raises NotAnAnswer (and stays put, hint still taken) if it is not an answer."""
        current = self._require_current()
        _check_elapsed(elapsed)
        # Imported here: the app paints its first question before the grader (and its
        # regexes and rapidfuzz) have to be ready.
        from quiz.grading import grade

        result = grade(current.question, response, current.options or None)
        if not result.valid:
            raise NotAnAnswer(result.reason)
        credit = result.credit * (HINT_FACTOR if self._hint_taken else 1.0)
        return self._record(current, response, result, credit, elapsed, skipped=False)

    def skip(self, elapsed: float) -> AnswerRecord:
        """Give up on the current question: credit 0, and it ends the streak."""
        current = self._require_current()
        _check_elapsed(elapsed)
        from quiz.grading import Grade

        result = Grade(credit=0.0, correct=False, response="", normalized="", reason="skipped")
        return self._record(current, "", result, 0.0, elapsed, skipped=True)

    def finish(self) -> None:
        """End the run now (quit, time up, end of input). Idempotent; the rest stay unanswered."""
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
        )
        self._before = (self._streak, self._best_streak)  # for retract()
        self._answers.append(record)
        self._hint_taken = False
        self._streak = self._streak + 1 if credit == 1 else 0
        self._best_streak = max(self._best_streak, self._streak)
        return record

    # -- results -----------------------------------------------------------------------------

    def results(self) -> Results:
        """The run so far; may be called at any time (questions not reached are unanswered)."""
        answers = tuple(self._answers)
        unanswered = self._presented[len(answers) :]
        score = math.fsum(r.score for r in answers)
        max_score = math.fsum(p.question.points for p in self._presented)
        percent = 100.0 * score / max_score if max_score > 0 else 0.0
        return Results(
            mode=self._config.mode,
            seed=self._config.seed,
            score=score,
            max_score=max_score,
            percent=percent,
            elapsed=math.fsum(r.elapsed for r in answers),
            per_tag=_per_tag(self._presented, answers),
            answers=answers,
            unanswered=unanswered,
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
