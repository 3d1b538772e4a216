"""Attempts -> a report: which attempts count, grouped by bank version, with every figure.

Pure: the loaders in `quiz.report.load` read the attempts, the renderers draw the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from quiz.folding import text_key
from quiz.meanings import is_right
from quiz.report.figures import (
    QuestionFigures,
    WholeTestFigures,
    question_figures,
    question_flags,
    whole_test_figures,
)
from quiz.report.model import CHOICE_KINDS, Attempt

TOP_WRONG = 5  # most frequent wrong responses listed per typed question


@dataclass(frozen=True, slots=True)
class StudentRow:
    name: str
    status: str
    answered: int
    score: float
    max_score: float
    percent: float | None
    duration: float | None
    counted: bool  # in the statistics (see `build_report`)
    started: str | None
    class_name: str | None
    source: str


@dataclass(frozen=True, slots=True)
class OptionCount:
    option: str
    count: int
    key: bool  # a right option


@dataclass(frozen=True, slots=True)
class ResponseCount:
    response: str
    count: int


@dataclass(frozen=True, slots=True)
class QuestionRow:
    id: str
    number: int
    kind: str | None
    prompt: str | None
    max: float
    attempts: int  # counted students shown the question
    answered: int  # of those, how many answered or skipped it (the rest never reached it)
    skipped: int
    figures: QuestionFigures
    flags: list[str]
    options: list[OptionCount] | None  # choice, multi, claim
    wrong_responses: list[ResponseCount] | None  # typed kinds


@dataclass(frozen=True, slots=True)
class Group:
    """The results of one version of one bank: never mixed with another version's."""

    bank: str
    version: str | None
    title: str | None
    students: list[StudentRow]
    questions: list[QuestionRow]
    test: WholeTestFigures
    attempts: list[Attempt] = field(repr=False)  # the counted ones, for responses.csv


@dataclass(frozen=True, slots=True)
class Report:
    groups: list[Group]  # the first has the most counted students
    notes: list[str]

    @property
    def primary(self) -> Group | None:
        return self.groups[0] if self.groups else None


def _dedupe(attempts: Iterable[Attempt]) -> list[Attempt]:
    # The same run read twice (from the store it was played on and from its handed-in file).
    seen: set[tuple[str, str, str | None, str]] = set()
    out = []
    for a in attempts:
        if a.started is not None:
            key = (a.student, a.bank, a.version, a.started[:19])
            if key in seen:
                continue
            seen.add(key)
        out.append(a)
    return out


def _counted(attempts: list[Attempt], all_attempts: bool) -> set[int]:
    """Indexes of the attempts in the statistics: each student's first finished or timed-out
    attempt (by start time), or every such attempt with `all_attempts`."""
    chosen: set[int] = set()
    firsts: dict[str, int] = {}
    order = sorted(range(len(attempts)), key=lambda i: (attempts[i].started or "", i))
    for i in order:
        a = attempts[i]
        if not a.counts:
            continue
        if all_attempts:
            chosen.add(i)
        elif a.student not in firsts:
            firsts[a.student] = i
            chosen.add(i)
    return chosen


def _student_row(a: Attempt, counted: bool) -> StudentRow:
    max_score = a.max_score
    return StudentRow(
        name=a.student,
        status=a.status,
        answered=len(a.answers),
        score=a.score,
        max_score=max_score,
        percent=100 * a.score / max_score if max_score > 0 else None,
        duration=a.duration,
        counted=counted,
        started=a.started,
        class_name=a.class_name,
        source=a.source,
    )


def _group(bank: str, version: str | None, attempts: list[Attempt], all_attempts: bool) -> Group:
    counted_ix = _counted(attempts, all_attempts)
    students = [_student_row(a, i in counted_ix) for i, a in enumerate(attempts)]
    students.sort(key=lambda s: (s.name.casefold(), s.name, s.started or ""))
    counted = [attempts[i] for i in sorted(counted_ix)]

    # The questions, in the order they were asked (a question's lowest position in any run).
    position: dict[str, int] = {}
    points: dict[str, float] = {}
    for a in attempts:
        for n, (qid, pts) in enumerate(a.presented, start=1):
            position[qid] = min(position.get(qid, n), n)
            points.setdefault(qid, pts)
    qids = sorted(position, key=lambda q: (position[q], q))

    totals = [a.score for a in counted]
    marks_by_q: dict[str, list[float]] = {q: [] for q in qids}
    rests_by_q: dict[str, list[float]] = {q: [] for q in qids}
    answers_by_q: dict[str, list] = {q: [] for q in qids}
    for a, total in zip(counted, totals, strict=True):
        given = {ans.question_id: ans for ans in a.answers}
        for qid, _ in a.presented:
            ans = given.get(qid)
            mark = ans.mark if ans is not None else 0.0  # not reached: 0, as in the score
            marks_by_q[qid].append(mark)
            rests_by_q[qid].append(total - mark)
            if ans is not None:
                answers_by_q[qid].append(ans)

    questions: list[QuestionRow] = []
    for qid in qids:
        answers = answers_by_q[qid]
        latest = next((x for x in reversed(answers) if x.prompt is not None), None)
        kind = next((x.kind for x in answers if x.kind), None)
        figures = question_figures(marks_by_q[qid], rests_by_q[qid], points[qid])
        attempts_n = len(marks_by_q[qid])
        if not answers:  # a question nobody reached says nothing about the students
            figures = QuestionFigures(None, None, None, None)
        options: list[OptionCount] | None = None
        wrong: list[ResponseCount] | None = None
        if kind in CHOICE_KINDS:
            shown: dict[str, None] = {}
            key: set[str] = set()
            tally: Counter[str] = Counter()
            for x in answers:
                shown.update(dict.fromkeys(x.options))
                key.update(x.key)
                for option in x.chosen or ():
                    tally[option] += 1
                    shown.setdefault(option, None)
            options = [OptionCount(o, tally[o], o in key) for o in shown]
        else:
            forms: dict[str, Counter[str]] = {}
            for x in answers:
                if x.skipped or is_right(x.credit):
                    continue
                text = " → ".join(x.chosen) if x.chosen else x.response
                forms.setdefault(text_key(text), Counter())[text] += 1
            ranked = sorted(forms.values(), key=lambda c: (-c.total(), min(c)))
            wrong = [ResponseCount(c.most_common(1)[0][0], c.total()) for c in ranked[:TOP_WRONG]]
        questions.append(
            QuestionRow(
                id=qid,
                number=position[qid],
                kind=kind,
                prompt=latest.prompt if latest else None,
                max=points[qid],
                attempts=attempts_n,
                answered=len(answers),
                skipped=sum(1 for x in answers if x.skipped),
                figures=figures,
                flags=question_flags(figures, attempts_n, len(answers)),
                options=options,
                wrong_responses=wrong,
            )
        )
    percents = [100 * a.score / a.max_score for a in counted if a.max_score > 0]
    scored_totals = [a.score for a in counted if a.max_score > 0]
    test = whole_test_figures(percents, scored_totals, [marks_by_q[q] for q in qids])
    title = next((a.title for a in attempts if a.title), None)
    return Group(bank, version, title, students, questions, test, counted)


def build_report(attempts: Iterable[Attempt], *, all_attempts: bool = False) -> Report:
    """Group the attempts by bank and bank version and compute every figure of each group.

    By default each student's first finished or timed-out attempt counts; stopped (and still
    open) runs are listed but left out. The group with the most counted students comes first."""
    unique = _dedupe(attempts)
    groups_in: dict[tuple[str, str | None], list[Attempt]] = {}
    for a in unique:
        groups_in.setdefault((a.bank, a.version), []).append(a)
    groups = [_group(b, v, items, all_attempts) for (b, v), items in groups_in.items()]
    groups.sort(key=lambda g: (-len(g.attempts), -len(g.students), g.bank, g.version or ""))
    notes: list[str] = []
    versions: dict[str, list[Group]] = {}
    for g in groups:
        versions.setdefault(g.bank, []).append(g)
    for bank, gs in versions.items():
        if len(gs) > 1:
            listed = ", ".join(
                f"{g.version or 'unknown version'} ({len(g.attempts)} counted)" for g in gs
            )
            notes.append(
                f"{bank}: results of {len(gs)} versions of the bank are reported apart,"
                f" not mixed: {listed}"
            )
    if not groups:
        notes.append("no results found")
    return Report(groups, notes)
