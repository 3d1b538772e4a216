"""Progress figures per bank: what `quiz stats` prints and the Stats screen draws.

Combines the store's per-question counts with each bank's tags and titles."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from quiz.bank.load import load_bank
from quiz.bank.model import Bank
from quiz.errors import Problem, QuizError
from quiz.store import Store


@dataclass(frozen=True, slots=True)
class RunSummary:
    started: str
    finished: str | None
    mode: str
    name: str | None
    score: float | None
    max_score: float | None
    percent: float | None


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
    runs: list[RunSummary]  # most recent first

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _iso(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat(timespec="seconds")


def bank_report(
    slug: str, bank: Bank | None, store: Store, now: datetime, learner: str | None = None
) -> BankReport:
    """One bank's figures for `learner` (default: the store's learner)."""
    s = store.bank_stats(slug, now, learner=learner)
    per_tag: dict[str, TagAccuracy] = {}
    if bank is not None:
        counts: dict[str, list[int]] = {}
        for q in bank.questions:
            attempts, correct = s.per_question.get(q.id, (0, 0))
            for tag in q.tags or ("untagged",):
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
            score=r.score,
            max_score=r.max_score,
            percent=_percent(r.score or 0, r.max_score) if r.max_score else None,
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
    )


def collect(
    store: Store, cwd: Path, now: datetime, only: str | None = None, learner: str | None = None
) -> list[BankReport]:
    from quiz.locations import bank_files

    banks: dict[str, Bank] = {}
    for path in bank_files(cwd):
        try:
            bank = load_bank(path)
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
    return [bank_report(slug, banks.get(slug), store, now, who) for slug in slugs]


def run_stats(
    *,
    bank: str | None,
    json_output: bool,
    data_dir: Path | None,
    out: TextIO,
    learner: str | None = None,
) -> int:
    """`quiz stats [--learner NAME]`: one learner's progress (default: the OS user)."""
    from quiz.locations import store_path
    from quiz.runs import utc_now

    store = Store(store_path(data_dir), learner=learner)
    try:
        reports = collect(store, Path.cwd(), utc_now(), only=bank)
    finally:
        store.close()
    if json_output:
        document = {"learner": store.learner, "banks": [r.as_json() for r in reports]}
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_tables(reports, out, store.learner)
    return 0


def _fmt(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:g}{suffix}"


def _print_tables(reports: list[BankReport], out: TextIO, learner: str = "") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, emoji=False, markup=False)
    if not reports:
        console.print("No banks and no progress yet. Start with: quiz play kuwait-nato")
        return
    from quiz.textsafe import printable

    title = f"Progress of {printable(learner, newlines=False)}" if learner else "Progress"
    summary = Table(title=title, title_justify="left")
    for column in (
        "bank",
        "title",
        "questions",
        "attempts",
        "correct",
        "accuracy",
        "due",
        "best streak",
        "last played",
    ):
        summary.add_column(
            column,
            justify="right"
            if column in ("questions", "attempts", "correct", "accuracy", "due", "best streak")
            else "left",
        )
    for r in reports:
        summary.add_row(
            r.bank,
            r.title or "–",
            _fmt(r.questions),
            str(r.attempts),
            str(r.correct),
            _fmt(r.accuracy, "%"),
            str(r.due),
            str(r.best_streak),
            r.last_played or "never",
        )
    console.print(summary)
    for r in reports:
        if r.per_tag:
            tags = Table(title=f"{r.bank}: accuracy by tag", title_justify="left")
            tags.add_column("tag")
            tags.add_column("attempts", justify="right")
            tags.add_column("accuracy", justify="right")
            for tag, t in r.per_tag.items():
                tags.add_row(tag, str(t.attempts), _fmt(t.accuracy, "%"))
            console.print(tags)
        if r.runs:
            runs = Table(title=f"{r.bank}: last runs", title_justify="left")
            for column in ("started", "mode", "name", "score", "percent"):
                runs.add_column(column)
            for run in r.runs:
                score = (
                    "unfinished"
                    if run.finished is None
                    else (f"{_fmt(run.score)} of {_fmt(run.max_score)}")
                )
                runs.add_row(run.started, run.mode, run.name or "–", score, _fmt(run.percent, "%"))
            console.print(runs)
