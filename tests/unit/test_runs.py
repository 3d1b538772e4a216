"""The run service: bank discovery, question picking per mode, citations, and stats figures."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from answers import right, wrong
from paths import SHIPPED

from quiz.bank.load import load_bank
from quiz.cli import main
from quiz.errors import QuizError
from quiz.locations import Paths, resolve_bank
from quiz.runs import discover_banks, start_run
from quiz.session import SessionConfig
from quiz.stats import collect
from quiz.store import Store

BANK = SHIPPED
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "progress.sqlite3") as s:
        yield s


def answer_all(run, right_ids: set[str]) -> None:
    """Answer every question: right for the ids given, wrong for the rest."""
    while (p := run.session.current) is not None:
        respond = right if p.question.id in right_ids else wrong
        run.answer(respond(p.question, p.options), 30.0)


def test_resolve_bank_by_slug_path_and_error(tmp_path: Path) -> None:
    assert resolve_bank("kuwait-nato", tmp_path) == BANK.resolve()
    assert resolve_bank(str(BANK), tmp_path) == BANK
    with pytest.raises(QuizError) as exc:
        resolve_bank("nope", tmp_path)
    assert "known banks: kuwait-nato" in str(exc.value)


def test_discover_finds_bundled_and_local_banks_once(tmp_path: Path, store: Store) -> None:
    local = tmp_path / "questions"
    local.mkdir()
    (local / "broken.yaml").write_text("bank: broken\ntitle: [\n", encoding="utf-8")
    infos = discover_banks(Paths(tmp_path, tmp_path / "data"), store)
    slugs = [i.slug for i in infos]
    assert slugs.count("kuwait-nato") == 1 and "broken" in slugs
    kuwait = next(i for i in infos if i.slug == "kuwait-nato")
    assert kuwait.questions == len(load_bank(BANK).questions)
    assert kuwait.last_score is None and kuwait.due == 0 and kuwait.error is None
    broken = next(i for i in infos if i.slug == "broken")
    assert broken.error and "broken.yaml:" in broken.error


def test_citation_places_the_quote_in_its_paragraph(store: Store) -> None:
    run = start_run(BANK, SessionConfig(), store)
    for q in run.bank.questions:
        for c in run.citations(q):
            shown = c.paragraph_text[c.start : c.end]
            # The source's own words: equal to the quote up to case, spacing, quotes, dashes.
            assert " ".join(shown.lower().split()).replace("’", "'") == " ".join(
                c.quote.lower().split()
            ).replace("’", "'")
            assert shown in c.sentence and c.sentence in c.paragraph_text


def test_every_answer_is_committed_and_the_run_finished(store: Store) -> None:
    bank = load_bank(BANK)
    run = start_run(BANK, SessionConfig(limit=3), store, name="Ada", clock=Clock(T0))
    answer_all(run, set())
    assert len(store.latest_attempts(bank.slug, learner="Ada")) == 3
    assert store.latest_attempts(bank.slug) == {}  # the store's default learner is not Ada
    results = run.finish()
    last = store.last_run(bank.slug, learner="Ada")
    assert last is not None and last.name == "Ada" and last.finished is not None
    assert last.score == results.score == 0


def test_mistakes_mode_is_the_latest_not_fully_right_in_bank_order(store: Store) -> None:
    bank = load_bank(BANK)
    first, second, third = bank.questions[:3]
    run = start_run(BANK, SessionConfig(limit=3, seed=3), store, clock=Clock(T0))
    answer_all(run, {second.id})
    run = start_run(BANK, SessionConfig(mode="mistakes"), store, clock=Clock(T0))
    assert [p.question.id for p in run.session.presented] == [first.id, third.id]
    # Answering one right takes it off the list.
    p = run.session.current
    assert p is not None
    run.answer(right(p.question, p.options), 5.0)
    run = start_run(BANK, SessionConfig(mode="mistakes"), store, clock=Clock(T0))
    assert [p.question.id for p in run.session.presented] == [third.id]


def test_review_mode_due_first_then_new(store: Store) -> None:
    bank = load_bank(BANK)
    clock = Clock(T0)
    run = start_run(BANK, SessionConfig(limit=4), store, clock=clock)
    answer_all(run, set())  # four wrong answers: Again, due within minutes
    clock.now = T0 + timedelta(days=1)
    run = start_run(BANK, SessionConfig(mode="review", limit=6), store, clock=clock)
    ids = [p.question.id for p in run.session.presented]
    assert set(ids[:4]) == {q.id for q in bank.questions[:4]}
    assert ids[4:] == [q.id for q in bank.questions[4:6]]  # then new cards in bank order


def test_review_mode_leaves_out_cards_not_yet_due(store: Store) -> None:
    bank = load_bank(BANK)
    clock = Clock(T0)
    q = bank.questions[0]
    run = start_run(BANK, SessionConfig(limit=1), store, clock=clock)
    p = run.session.current
    assert p is not None
    run.answer(right(p.question, p.options), 3.0)  # right and fast: Easy, due in days
    clock.now = T0 + timedelta(minutes=5)
    run = start_run(BANK, SessionConfig(mode="review", limit=3), store, clock=clock)
    assert q.id not in [p.question.id for p in run.session.presented]


def test_stats_figures(store: Store, tmp_path: Path) -> None:
    bank = load_bank(BANK)
    q0, q1 = bank.questions[:2]
    clock = Clock(T0)
    run = start_run(BANK, SessionConfig(limit=2), store, clock=clock)
    answer_all(run, {q0.id, q1.id})
    run.finish()
    clock.now = T0 + timedelta(hours=1)
    run = start_run(BANK, SessionConfig(limit=2), store, clock=clock)
    answer_all(run, {q0.id})
    run.finish()
    report = next(
        r
        for r in collect(store, Paths(tmp_path, tmp_path / "data"), T0 + timedelta(hours=2))
        if r.bank == bank.slug
    )
    assert (report.attempts, report.correct, report.accuracy) == (4, 3, 75.0)
    assert report.best_streak == 3
    assert report.questions == len(bank.questions)
    assert [r.percent for r in report.runs] == [50.0, 100.0]  # most recent first
    tag = q1.tags[0]
    assert report.per_tag[tag].attempts >= 2


def test_quiz_stats_json_has_integer_attempts_per_bank(tmp_path: Path) -> None:
    out = io.StringIO()
    main(
        [
            "play",
            "kuwait-nato",
            "--plain",
            "--limit",
            "2",
            "--seed",
            "1",
            "--data-dir",
            str(tmp_path),
        ],
        stdin=io.StringIO("x\n:skip\n"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert main(["stats", "--json", "--data-dir", str(tmp_path)], stdout=out) == 0
    doc = json.loads(out.getvalue())
    kuwait = next(b for b in doc["banks"] if b["bank"] == "kuwait-nato")
    assert kuwait["attempts"] == 2 and isinstance(kuwait["attempts"], int)
    for key in (
        "title",
        "questions",
        "correct",
        "accuracy",
        "due",
        "last_played",
        "best_streak",
        "per_tag",
        "runs",
    ):
        assert key in kuwait
    table = io.StringIO()
    assert main(["stats", "--data-dir", str(tmp_path)], stdout=table) == 0
    assert "kuwait-nato" in table.getvalue() and "Progress" in table.getvalue()
    assert (
        main(
            ["stats", "--bank", "nope", "--data-dir", str(tmp_path)],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        == 1
    )


def test_a_store_attached_late_records_what_was_already_answered(store: Store) -> None:
    bank = load_bank(BANK)
    run = start_run(BANK, SessionConfig(limit=3), None, clock=Clock(T0))
    answer_all_but_last = run.session.presented[:2]
    for p in answer_all_but_last:
        run.answer(right(p.question, p.options), 4.0)
    run.attach_store(store)
    assert set(store.latest_attempts(bank.slug)) == {p.question.id for p in answer_all_but_last}
    p = run.session.current
    assert p is not None
    run.answer(wrong(p.question, p.options), 4.0)
    assert len(store.latest_attempts(bank.slug)) == 3
    run.finish()
    last = store.last_run(bank.slug)
    assert last is not None and last.finished is not None and last.score == 2


def test_a_run_started_unprepared_reads_its_article_on_demand(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One sentence here.\n", encoding="utf-8")
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: b\ntitle: B\nsource: {path: a.txt}\nquestions:\n"
        "  - id: q\n    kind: text\n    prompt: P\n    answer: x\n    cite: not there\n",
        encoding="utf-8",
    )
    run = start_run(bank, SessionConfig(), None, prepare=False)
    assert run.session.current is not None  # the first question can be shown already
    with pytest.raises(QuizError) as exc:
        run.prepare()
    assert "quiz check" in str(exc.value)
    ok = start_run(BANK, SessionConfig(limit=1), None, prepare=False)
    q = ok.session.presented[0].question
    assert ok.citations(q)[0].paragraph >= 1  # prepared on first use
