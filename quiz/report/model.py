"""What a report is made of: one `Attempt` per run of a student, read from a store or a file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

STATUSES = ("finished", "timed-out", "stopped", "open")
COUNTED_STATUSES = ("finished", "timed-out")  # the attempts statistics are made of
CHOICE_KINDS = ("choice", "multi", "claim")  # answers are counted option by option


@dataclass(frozen=True, slots=True)
class AnswerData:
    """One answer (or skip) as recorded."""

    question_id: str
    number: int  # 1-based position in the student's run
    kind: str | None
    prompt: str | None
    options: tuple[str, ...]  # as shown, in display order; () for typed kinds or old records
    response: str
    chosen: tuple[str, ...] | None  # the options picked; None if typed, skipped or unknown
    key: tuple[str, ...]  # the right options of a choice kind; () if typed or unknown
    credit: float  # 0..1, after the hint
    points: float  # the question's maximum mark
    skipped: bool
    time_taken: float | None  # seconds
    answered_at: str | None  # ISO-8601

    @property
    def mark(self) -> float:
        return self.credit * self.points


@dataclass(frozen=True)  # no slots: score and max_score are computed once, on first use
class Attempt:
    """One student's run of one bank.

    `presented`: (question id, points) of every question the run showed or would have shown,
    in order, so a question the student never reached counts as 0 as it does in the score."""

    student: str
    bank: str
    title: str | None
    version: str | None  # the bank's content hash; None in results written before format 2
    class_name: str | None
    status: str  # one of STATUSES
    mode: str | None
    started: str | None  # ISO-8601
    finished: str | None
    duration: float | None  # seconds
    presented: tuple[tuple[str, float], ...]
    answers: tuple[AnswerData, ...]
    source: str  # the file, or "store#run-id"

    @cached_property
    def score(self) -> float:
        return sum(a.mark for a in self.answers)

    @cached_property
    def max_score(self) -> float:
        return sum(points for _, points in self.presented)

    @property
    def counts(self) -> bool:
        return self.status in COUNTED_STATUSES
