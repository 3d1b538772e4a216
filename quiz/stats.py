"""Progress figures per bank: what `quiz stats` prints and the Stats screen draws.

Combines the store's per-question counts with each bank's tags and titles."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quiz import meanings
from quiz.bank.cache import load_bank_cached
from quiz.bank.model import Bank
from quiz.errors import Problem, QuizError
from quiz.locations import Paths, bank_files
from quiz.runs import utc_now
from quiz.store import Store
from quiz.textsafe import json_dumps, printable


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One run, with the same meanings as the `--plain --json` result document: a stopped
    run's score and percent are over the questions answered."""

    started: str
    finished: str | None
    mode: str
    name: str | None
    status: str  # finished, stopped, timed-out, or unfinished (still going, or killed)
    seed: int
    answered: int
    questions: int | None  # in the run; None for runs recorded before this was kept
    score: float | None
    max_score: float | None
    percent: float | None  # rounded to 1 decimal
    hints: bool | None = None
    open_book: bool | None = None

    @property
    def status_text(self) -> str:
        return meanings.status_text(
            None if self.status == meanings.UNFINISHED else self.status,
            self.answered,
            self.questions,
        )


@dataclass(frozen=True, slots=True)
class QuestionLine:
    """One question's record, for the learner to see what they miss."""

    id: str
    prompt: str | None  # None when the bank no longer has the question
    attempts: int
    latest_credit: float | None
    wrong_answers: list[str]  # the latest answers that were not fully right, newest first


@dataclass(frozen=True, slots=True)
class TagAccuracy:
    attempts: int
    correct: int
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class BankReport:
    bank: str
    title: str | None
    questions: int | None
    attempts: int
    correct: int
    accuracy: float | None  # percent of attempts fully right; None before any attempt
    due: int
    last_played: str | None
    best_streak: int
    per_tag: dict[str, TagAccuracy]
    runs: list[RunSummary]  # every run, most recent first
    questions_record: list[QuestionLine] | None = None  # with --questions

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else meanings.iso(moment)


def question_lines(
    slug: str, bank: Bank | None, store: Store, learner: str | None = None
) -> list[QuestionLine]:
    """Every question of the bank in bank order (then any the bank no longer has)."""
    records = {r.question_id: r for r in store.question_records(slug, learner=learner)}
    lines: list[QuestionLine] = []
    for q in bank.questions if bank is not None else ():
        r = records.pop(q.id, None)
        lines.append(
            QuestionLine(
                q.id,
                q.prompt,
                r.attempts if r else 0,
                r.latest_credit if r else None,
                list(r.wrong_answers) if r else [],
            )
        )
    for qid, r in records.items():
        lines.append(QuestionLine(qid, None, r.attempts, r.latest_credit, list(r.wrong_answers)))
    return lines


def bank_report(
    slug: str,
    bank: Bank | None,
    store: Store,
    now: datetime,
    learner: str | None = None,
    questions: bool = False,
) -> BankReport:
    """One bank's figures for `learner` (default: the store's learner)."""
    s = store.bank_stats(slug, now, learner=learner)
    per_tag: dict[str, TagAccuracy] = {}
    if bank is not None:
        counts: dict[str, list[int]] = {}
        for q in bank.questions:
            attempts, correct = s.per_question.get(q.id, (0, 0))
            for tag in q.tags or (meanings.UNTAGGED,):
                pair = counts.setdefault(tag, [0, 0])
                pair[0] += attempts
                pair[1] += correct
        per_tag = {t: TagAccuracy(a, c, _percent(c, a)) for t, (a, c) in sorted(counts.items())}
    runs = [
        RunSummary(
            started=_iso(r.started) or "",
            finished=_iso(r.finished),
            mode=r.mode,
            name=r.name,
            status=r.status or meanings.UNFINISHED,
            seed=r.seed,
            answered=r.answered,
            questions=r.questions,
            score=r.score,
            max_score=r.max_score,
            percent=meanings.percent(r.score, r.max_score),
            hints=r.hints,
            open_book=r.open_book,
        )
        for r in s.runs
    ]
    return BankReport(
        bank=slug,
        title=bank.title if bank else None,
        questions=len(bank.questions) if bank else None,
        attempts=s.attempts,
        correct=s.correct,
        accuracy=_percent(s.correct, s.attempts),
        due=s.due,
        last_played=_iso(s.last_played),
        best_streak=s.best_streak,
        per_tag=per_tag,
        runs=runs,
        questions_record=question_lines(slug, bank, store) if questions else None,
    )


def collect(
    store: Store,
    paths: Paths,
    now: datetime,
    only: str | None = None,
    learner: str | None = None,
    questions: bool = False,
) -> list[BankReport]:
    banks: dict[str, Bank] = {}
    for path in bank_files(paths.cwd):
        try:
            bank = load_bank_cached(path, paths.cache)
        except QuizError:
            continue  # a broken bank is `quiz check`'s business, not a reason to hide progress
        banks.setdefault(bank.slug, bank)
    who = learner or store.learner
    slugs = list(dict.fromkeys([*banks, *store.known_banks(learner=who)]))
    if only is not None:
        if only not in slugs:
            known = ", ".join(slugs) or "none"
            raise QuizError(
                Problem(only, 0, 0, f"no bank or progress by this slug; known: {known}")
            )
        slugs = [only]
    return [bank_report(slug, banks.get(slug), store, now, who, questions) for slug in slugs]


def run_stats(
    *,
    bank: str | None,
    json_output: bool,
    paths: Paths,
    out: TextIO,
    learner: str | None = None,
    runs: int | None = None,
    questions: bool = False,
) -> int:
    """`quiz stats [--learner NAME]`: one learner's progress (default: the OS user)."""
    # Read-only: `quiz stats` never writes, so it skips the integrity check writers run.
    store = Store(paths.store, learner=learner, read_only=True)
    try:
        reports = collect(store, paths, utc_now(), only=bank, learner=learner, questions=questions)
    finally:
        store.close()
    if json_output:
        docs = []
        for r in reports:
            doc = r.as_json()
            if doc["questions_record"] is None:
                del doc["questions_record"]
            docs.append(doc)
        out.write(json_dumps({"learner": store.learner, "banks": docs}, indent=2) + "\n")
    else:
        _print_tables(reports, out, store.learner, runs=runs, questions=questions)
    return 0


def _safe(text: str) -> str:
    return printable(text, newlines=False)


@dataclass(frozen=True, slots=True)
class _Col:
    header: str
    cells: list[str]
    right: bool = False  # right-aligned (figures)
    flexible: bool = False  # text that may be cut short (…) to fit
    most: int = 24  # a flexible column's widest


def _widths(columns: list[_Col], room: int) -> list[int]:
    """Fixed columns as wide as their widest cell; flexible ones share what is left, each no
    wider than its text or `most`. Two cells between columns."""
    natural = [max([len(c.header), *(len(x) for x in c.cells)]) for c in columns]
    widths = [
        w if not c.flexible else min(w, c.most) for c, w in zip(columns, natural, strict=True)
    ]
    fixed = sum(w for c, w in zip(columns, widths, strict=True) if not c.flexible)
    flexible = [i for i, c in enumerate(columns) if c.flexible]
    # Two cells between columns: the box's separator and each column's right padding.
    left = room - fixed - 2 * (len(columns) - 1)
    # The last text column (names, wrong answers) gives way first, down to 12 cells; then
    # the others, in turn from the right, down to 4.
    for floor in (12, 4):
        for i in reversed(flexible):
            excess = sum(widths[j] for j in flexible) - left
            if excess <= 0:
                break
            widths[i] = max(min(widths[i], floor), widths[i] - excess)
    return widths


def _print_tables(
    reports: list[BankReport],
    out: TextIO,
    learner: str = "",
    *,
    runs: int | None = None,
    questions: bool = False,
) -> None:
    """Tables that stay one line a row at 80 columns: text that does not fit is cut short (…),
    never wrapped; figures and statuses keep their full width."""
    # Titles, slugs, tags and names come from bank files and from people: each cell goes
    # through `printable` (via add_row below), so no control character reaches the terminal.
    console = Console(file=out, highlight=False, emoji=False, markup=False)
    if not reports:
        console.print("No banks and no progress yet. Start with: quiz play kuwait-nato")
        return

    def show(title: str, columns: list[_Col]) -> None:
        t = Table(
            title=Text(title, no_wrap=True, overflow="ellipsis"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1, 0, 0),
        )
        widths = _widths(columns, console.width)
        for col, width in zip(columns, widths, strict=True):
            t.add_column(
                col.header,
                justify="right" if col.right else "left",
                no_wrap=True,
                overflow="ellipsis",
                width=width,
            )
        for row in zip(*(c.cells for c in columns), strict=True):
            t.add_row(*(_safe(cell) for cell in row))
        console.print(t)

    show(
        f"Progress of {_safe(learner)}" if learner else "Progress",
        [
            _Col("bank", [r.bank for r in reports], flexible=True),
            _Col("questions", [meanings.figure(r.questions) for r in reports], right=True),
            _Col("answers", [str(r.attempts) for r in reports], right=True),
            _Col("right", [str(r.correct) for r in reports], right=True),
            _Col("accuracy", [meanings.figure(r.accuracy, "%") for r in reports], right=True),
            _Col("due", [str(r.due) for r in reports], right=True),
            _Col("streak", [str(r.best_streak) for r in reports], right=True),
            _Col("last played", [meanings.local_minute(r.last_played) for r in reports]),
        ],
    )
    for r in reports:
        console.print()
        console.print(
            Text(_safe(f"{r.bank} · {r.title or 'a bank not found'}"), style="bold"),
            no_wrap=True,
            overflow="ellipsis",
        )
        if r.per_tag:
            tags = list(r.per_tag.values())
            show(
                "accuracy by tag",
                [
                    _Col("tag", list(r.per_tag), flexible=True),
                    _Col("answers", [str(t.attempts) for t in tags], right=True),
                    _Col("accuracy", [meanings.figure(t.accuracy, "%") for t in tags], right=True),
                ],
            )
        if r.runs:
            shown = r.runs if runs is None else r.runs[:runs]
            heading = "runs, latest first"
            if len(shown) < len(r.runs):
                heading = f"the latest {len(shown)} of {len(r.runs)} runs"
            columns = [
                _Col("started", [meanings.local_minute(run.started) for run in shown]),
                _Col("mode", [run.mode for run in shown]),
                _Col("status", [run.status_text for run in shown]),
                _Col(
                    "score",
                    [
                        "–"
                        if run.score is None
                        else f"{meanings.figure(round(run.score, 2))} of "
                        f"{meanings.figure(run.max_score)}"
                        for run in shown
                    ],
                ),
                _Col("%", [meanings.figure(run.percent, "%") for run in shown], right=True),
                _Col("seed", [str(run.seed) for run in shown], right=True),
            ]
            if any(run.name for run in shown):
                columns.append(_Col("name", [run.name or "–" for run in shown], flexible=True))
            show(heading, columns)
        if questions and r.questions_record is not None:
            lines = r.questions_record
            show(
                "questions: your latest wrong answers, newest first",
                [
                    _Col("question", [q.id for q in lines], flexible=True, most=22),
                    _Col("answers", [str(q.attempts) for q in lines], right=True),
                    _Col(
                        "latest",
                        [meanings.figure(q.latest_credit) for q in lines],
                        right=True,
                    ),
                    _Col(
                        "wrong answers",
                        [" | ".join(q.wrong_answers) or "–" for q in lines],
                        flexible=True,
                        most=200,
                    ),
                ],
            )
