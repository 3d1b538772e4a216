"""quiz.session: selection and order, option shuffling, scoring, hints, streaks, results, and a
stateful property that no sequence of calls leaves the session inconsistent."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from quiz.bank.model import VERDICTS, DateValue, Question
from quiz.session import (
    UNTAGGED,
    AnswerRecord,
    NotAnAnswer,
    Presented,
    Session,
    SessionConfig,
    SessionOver,
    present_options,
)

# -- builders --------------------------------------------------------------------------------


def choice(qid: str, tags: tuple[str, ...] = (), points: float = 1.0, hint: str | None = None):
    return Question(
        id=qid,
        kind="choice",
        prompt=f"Pick {qid}?",
        answer="Alpha",
        choices=("Alpha", "Bravo", "Charlie", "Delta"),
        tags=tags,
        points=points,
        hint=hint,
    )


def multi(qid: str, tags: tuple[str, ...] = ()) -> Question:
    return Question(
        id=qid,
        kind="multi",
        prompt="Which members?",
        answer=("Kuwait", "Qatar"),
        choices=("Kuwait", "Qatar", "Oman", "Yemen"),
        tags=tags,
    )


def order(qid: str, items: tuple[str, ...] = ("first", "second", "third", "fourth")) -> Question:
    return Question(id=qid, kind="order", prompt="Put in order", answer=items, items=items)


def claim(qid: str, verdict: str = "supported", hint: str | None = None) -> Question:
    return Question(id=qid, kind="claim", prompt="Kuwait joined.", answer=verdict, hint=hint)


def number(qid: str, value: float = 478.0, points: float = 1.0) -> Question:
    return Question(id=qid, kind="number", prompt="How many?", answer=value, points=points)


def date(qid: str) -> Question:
    return Question(id=qid, kind="date", prompt="When?", answer=DateValue(2004))


def text(qid: str) -> Question:
    return Question(id=qid, kind="text", prompt="Who?", answer="Rutte")


def right_response(p: Presented) -> str:
    """The fully right answer, in the form a learner types for what is shown."""
    q = p.question
    match q.kind:
        case "order":
            return ", ".join(str(p.options.index(item) + 1) for item in q.items)
        case "multi":
            return ", ".join(q.answer)  # type: ignore[arg-type]
        case "date":
            return q.answer.iso()  # type: ignore[union-attr]
        case "number":
            return str(q.answer)
        case _:
            return str(q.answer)


def wrong_response(p: Presented) -> str:
    """A valid answer that earns no credit."""
    q = p.question
    match q.kind:
        case "choice":
            return next(c for c in p.options if c != q.answer)
        case "claim":
            return next(v for v in VERDICTS if v != q.answer)
        case "multi":
            return ", ".join(c for c in q.choices if c not in q.answer)  # type: ignore[operator]
        case "order":  # the reverse order: every pair wrong
            return ", ".join(str(p.options.index(item) + 1) for item in reversed(q.items))
        case "number":
            return str(float(q.answer) + 1000)  # type: ignore[arg-type]
        case "date":
            return "1900"
        case _:
            return "Stoltenberg"


BANK = (
    choice("c1", tags=("people",), hint="It starts with A"),
    multi("m1", tags=("members",)),
    order("o1"),
    claim("k1", hint="Read paragraph 2"),
    number("n1", points=2.0),
    date("d1"),
    text("t1"),
)


# -- selection and order ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (SessionConfig(), ["c1", "m1", "o1", "k1", "n1", "d1", "t1"]),
        (SessionConfig(limit=3), ["c1", "m1", "o1"]),
        (SessionConfig(limit=0), []),
        (SessionConfig(limit=100), ["c1", "m1", "o1", "k1", "n1", "d1", "t1"]),
        (SessionConfig(tags=("people",)), ["c1"]),
        (SessionConfig(tags=("People",)), ["c1"]),  # tags match case-insensitively
        (SessionConfig(tags=("people", "members")), ["c1", "m1"]),
        (SessionConfig(tags=("members", "people"), limit=1), ["c1"]),  # bank order, not tag order
        (SessionConfig(tags=("nope",)), []),
        (SessionConfig(mode="review"), ["c1", "m1", "o1", "k1", "n1", "d1", "t1"]),
    ],
)
def test_selection(config: SessionConfig, expected: list[str]) -> None:
    session = Session(BANK, config)
    assert [p.question.id for p in session.presented] == expected
    assert [p.number for p in session.presented] == list(range(1, len(expected) + 1))
    assert session.total == len(expected)


def test_given_list_is_asked_as_given() -> None:
    """Review and mistakes modes hand in their own order; without shuffle it is kept."""
    given_order = [BANK[4], BANK[0], BANK[6], BANK[2]]
    for mode in ("review", "mistakes"):
        session = Session(given_order, SessionConfig(mode=mode, seed=99))
        assert [p.question for p in session.presented] == given_order


def test_shuffle_then_limit_samples() -> None:
    bank = [number(f"q{i}") for i in range(40)]
    ids = {
        tuple(
            p.question.id
            for p in Session(bank, SessionConfig(shuffle=True, seed=s, limit=5)).presented
        )
        for s in range(10)
    }
    assert len(ids) > 1
    assert all(len(run) == 5 for run in ids)


def test_empty_session_is_finished() -> None:
    session = Session([], SessionConfig())
    assert session.finished and session.current is None and session.total == 0
    with pytest.raises(SessionOver):
        session.answer("x", 1.0)
    results = session.results()
    assert results.percent == 0 and results.max_score == 0 and results.per_tag == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mode": "quiz"},
        {"limit": -1},
        {"time_limit": 0},
        {"time_limit": -5},
        {"time_limit": math.nan},
    ],
)
def test_config_rejects_nonsense(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        SessionConfig(**kwargs)


# -- options -----------------------------------------------------------------------------------


def test_claim_options_are_verdicts_in_fixed_order() -> None:
    for seed in range(5):
        assert present_options(claim("k"), seed) == VERDICTS


@pytest.mark.parametrize("factory", [number, date, text])
def test_open_questions_have_no_options(factory) -> None:
    assert present_options(factory("x"), 3) == ()


def test_options_are_a_permutation_and_seeded() -> None:
    q = choice("c")
    for seed in range(20):
        shown = present_options(q, seed)
        assert sorted(shown) == sorted(q.choices)
        assert shown == present_options(q, seed)
    assert len({present_options(q, seed) for seed in range(20)}) > 1


def test_options_do_not_move_when_the_bank_grows() -> None:
    bank = [choice(f"c{i}") for i in range(10)]
    before = {p.question.id: p.options for p in Session(bank, SessionConfig(seed=7)).presented}
    grown = [choice("new"), *bank, multi("m")]
    after = {p.question.id: p.options for p in Session(grown, SessionConfig(seed=7)).presented}
    assert all(after[qid] == opts for qid, opts in before.items())


def test_options_do_not_depend_on_question_order() -> None:
    bank = [choice(f"c{i}") for i in range(10)]
    plain = {p.question.id: p.options for p in Session(bank, SessionConfig(seed=3)).presented}
    shuffled = Session(bank, SessionConfig(seed=3, shuffle=True)).presented
    assert all(p.options == plain[p.question.id] for p in shuffled)


@given(
    items=st.lists(st.text(min_size=1, max_size=5), min_size=2, max_size=8, unique=True),
    seed=st.integers(),
)
def test_order_items_never_shown_in_the_right_order(items: list[str], seed: int) -> None:
    q = order("o", tuple(items))
    shown = present_options(q, seed)
    assert sorted(shown) == sorted(items)
    assert shown != tuple(items)


def test_order_of_two_is_always_reversed() -> None:
    q = order("o", ("a", "b"))
    assert {present_options(q, seed) for seed in range(20)} == {("b", "a")}


def test_order_with_repeated_items_is_still_scrambled() -> None:
    q = order("o", ("a", "a", "b"))
    assert all(present_options(q, seed) != q.items for seed in range(50))


def test_order_of_one_item() -> None:
    assert present_options(order("o", ("only",)), 1) == ("only",)


@settings(max_examples=50)
@given(seed=st.integers(), shuffle=st.booleans())
def test_same_seed_same_run(seed: int, shuffle: bool) -> None:
    bank = [*BANK, *(choice(f"x{i}") for i in range(10))]
    config = SessionConfig(seed=seed, shuffle=shuffle)
    assert Session(bank, config).presented == Session(bank, config).presented


@settings(max_examples=50)
@given(seeds=st.lists(st.integers(), min_size=2, max_size=2, unique=True))
def test_different_seeds_differ_for_large_banks(seeds: list[int]) -> None:
    bank = [number(f"q{i}") for i in range(40)]
    a, b = (Session(bank, SessionConfig(seed=s, shuffle=True)).presented for s in seeds)
    assert [p.question.id for p in a] != [p.question.id for p in b]
    assert sorted(p.question.id for p in a) == sorted(q.id for q in bank)


# -- answering ---------------------------------------------------------------------------------


def test_right_answers_to_every_kind_score_full() -> None:
    session = Session(BANK, SessionConfig(seed=5))
    for p in session.presented:
        assert session.current == p
        record = session.answer(right_response(p), 2.5)
        assert record.grade.valid and record.grade.correct, (p.question.id, record.grade)
        assert record.credit == 1 and record.score == p.question.points
        assert not record.skipped and not record.hint_used and record.elapsed == 2.5
    assert session.finished and session.current is None
    assert session.score == session.max_score == 8.0  # n1 is worth 2
    assert session.streak == session.best_streak == len(BANK)


def test_wrong_answers_to_every_kind_score_nothing() -> None:
    session = Session(BANK, SessionConfig(seed=5))
    for p in session.presented:
        record = session.answer(wrong_response(p), 1.0)
        assert record.credit == 0 and not record.grade.correct, (p.question.id, record.grade)
    assert session.score == 0 and session.max_score == 8.0 and session.best_streak == 0


def test_choice_by_number_means_what_was_shown() -> None:
    session = Session([choice("c")], SessionConfig(seed=11))
    shown = session.current.options  # type: ignore[union-attr]
    record = session.answer(str(shown.index("Alpha") + 1), 1.0)
    assert record.grade.correct


def test_partial_credit_multi() -> None:
    session = Session([multi("m")], SessionConfig())
    record = session.answer("Kuwait", 1.0)  # one of two right picks
    assert record.credit == pytest.approx(0.5)
    assert session.streak == 0


@pytest.mark.parametrize("response", ["", "   "])
def test_not_an_answer_does_not_move(response: str) -> None:
    session = Session([choice("c"), claim("k")], SessionConfig())
    before = session.current
    with pytest.raises(NotAnAnswer) as info:
        session.answer(response, 1.0)
    assert str(info.value)  # the reason to show
    assert session.current == before and session.position == 0 and session.answers == ()


def test_option_out_of_range_is_not_an_answer() -> None:
    session = Session([choice("c")], SessionConfig())
    with pytest.raises(NotAnAnswer):
        session.answer("9", 1.0)
    assert session.position == 0


@pytest.mark.parametrize("elapsed", [-1.0, math.inf, math.nan])
def test_bad_elapsed_is_refused(elapsed: float) -> None:
    session = Session([choice("c")], SessionConfig())
    with pytest.raises(ValueError):
        session.answer("Alpha", elapsed)
    with pytest.raises(ValueError):
        session.skip(elapsed)
    assert session.position == 0


# -- hints -------------------------------------------------------------------------------------


def test_hint_halves_the_credit_of_that_answer_only() -> None:
    session = Session(
        [choice("c", hint="It starts with A", points=4), choice("d")], SessionConfig()
    )
    assert session.hint() == "It starts with A"
    assert session.hint_taken
    assert session.hint() == "It starts with A"  # asking twice costs once
    record = session.answer("Alpha", 1.0)
    assert record.hint_used and record.grade.correct
    assert record.credit == 0.5 and record.score == 2.0
    assert not session.hint_taken
    assert session.streak == 0  # a hinted answer does not extend the streak
    assert session.hint() is None and not session.hint_taken  # d has no hint: nothing marked
    record = session.answer("Alpha", 1.0)
    assert not record.hint_used and record.credit == 1 and session.streak == 1


def test_hint_survives_an_invalid_answer() -> None:
    session = Session([claim("k", hint="Read it")], SessionConfig())
    session.hint()
    with pytest.raises(NotAnAnswer):
        session.answer("", 1.0)
    assert session.answer("supported", 1.0).credit == 0.5


def test_hint_then_skip_records_the_hint() -> None:
    session = Session([claim("k", hint="Read it")], SessionConfig())
    session.hint()
    record = session.skip(3.0)
    assert record.hint_used and record.skipped and record.credit == 0 and record.score == 0


# -- skip, streaks, finish ---------------------------------------------------------------------


def test_skip() -> None:
    session = Session([choice("c"), choice("d")], SessionConfig())
    record = session.skip(4.0)
    assert record.skipped and record.credit == 0 and record.score == 0 and record.response == ""
    assert record.grade.reason == "skipped" and record.grade.valid and not record.grade.correct
    assert session.position == 1 and session.max_score == 1 and session.score == 0


@pytest.mark.parametrize(
    ("moves", "streak", "best"),
    [
        ("RRR", 3, 3),
        ("RRWR", 1, 2),
        ("RSRRR", 3, 3),
        ("RRRH", 0, 3),  # H: hinted right answer, credit 0.5
        ("RRRHR", 1, 3),
        ("WWW", 0, 0),
        ("SSRR", 2, 2),
        ("RRRRW", 0, 4),
        ("", 0, 0),
    ],
)
def test_streaks(moves: str, streak: int, best: int) -> None:
    session = Session([choice(f"c{i}", hint="h") for i in range(6)], SessionConfig())
    for move in moves:
        match move:
            case "R":
                session.answer("Alpha", 1.0)
            case "W":
                session.answer("Bravo", 1.0)
            case "S":
                session.skip(1.0)
            case "H":
                session.hint()
                session.answer("Alpha", 1.0)
    assert (session.streak, session.best_streak) == (streak, best)


def test_finish_early_and_session_over() -> None:
    session = Session(BANK, SessionConfig())
    session.answer(right_response(session.current), 1.0)  # type: ignore[arg-type]
    session.finish()
    session.finish()  # idempotent
    assert session.finished and session.current is None and session.position == 1
    for call in (lambda: session.answer("x", 1.0), lambda: session.skip(1.0), session.hint):
        with pytest.raises(SessionOver):
            call()
    assert isinstance(SessionOver("x"), RuntimeError)
    results = session.results()
    assert len(results.answers) == 1
    assert [p.question.id for p in results.unanswered] == [q.id for q in BANK[1:]]
    # A stopped run is scored over the questions answered, never over the whole run.
    assert results.status == "stopped" and (results.answered, results.questions) == (1, 7)
    assert results.max_score == 1.0 and results.score == 1.0
    assert results.percent == pytest.approx(100.0)


def test_answering_the_last_question_finishes() -> None:
    session = Session([choice("c")], SessionConfig())
    session.answer("Alpha", 1.0)
    assert session.finished
    with pytest.raises(SessionOver):
        session.skip(1.0)


# -- modes and time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "feedback"),
    [("practice", True), ("exam", False), ("review", True), ("mistakes", True)],
)
def test_shows_feedback(mode: str, feedback: bool) -> None:
    assert Session(BANK, SessionConfig(mode=mode)).shows_feedback is feedback  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("time_limit", "elapsed", "left", "expired"),
    [
        (None, 1e9, None, False),
        (60.0, 0.0, 60.0, False),
        (60.0, 59.5, 0.5, False),
        (60.0, 60.0, 0.0, True),
        (60.0, 75.0, 0.0, True),
    ],
)
def test_time_limit(time_limit, elapsed, left, expired) -> None:
    session = Session(BANK, SessionConfig(mode="exam", time_limit=time_limit))
    assert session.time_left(elapsed) == left
    assert session.expired(elapsed) is expired


# -- results -----------------------------------------------------------------------------------


def test_results_per_tag() -> None:
    bank = [
        choice("a", tags=("people",)),
        choice("b", tags=("people", "dates"), points=2),
        choice("c", tags=("dates", "dates")),  # a tag listed twice counts once
        choice("d"),
        choice("e", tags=("people",)),
    ]
    session = Session(bank, SessionConfig(mode="exam", seed=42))
    session.answer("Alpha", 2.0)  # a: right
    session.hint()  # no hint on b: nothing marked
    session.answer("Bravo", 3.0)  # b: wrong
    session.skip(1.5)  # c
    session.answer("Alpha", 0.5)  # d: right
    session.finish("timed-out")  # an exam out of time: what was not reached counts as 0
    r = session.results()
    assert (r.mode, r.seed, r.status) == ("exam", 42, "timed-out")
    assert r.score == 2.0 and r.max_score == 6.0
    assert r.percent == pytest.approx(100 * 2 / 6)
    assert r.elapsed == 7.0
    assert list(r.per_tag) == ["people", "dates", UNTAGGED]
    assert r.per_tag["people"].score == 1.0
    assert r.per_tag["people"].max_score == 4.0
    assert r.per_tag["people"].answered == 2 and r.per_tag["people"].correct == 1
    assert r.per_tag["dates"].score == 0 and r.per_tag["dates"].max_score == 3.0
    assert r.per_tag["dates"].answered == 2 and r.per_tag["dates"].correct == 0
    assert r.per_tag[UNTAGGED].score == 1.0 and r.per_tag[UNTAGGED].correct == 1
    assert [p.question.id for p in r.unanswered] == ["e"]


def test_results_are_frozen() -> None:
    r = Session(BANK, SessionConfig()).results()
    with pytest.raises(AttributeError):
        r.score = 5  # type: ignore[misc]


def test_hinted_right_answer_is_correct_in_results() -> None:
    session = Session([choice("c", hint="h", tags=("t",))], SessionConfig())
    session.hint()
    session.answer("Alpha", 1.0)
    r = session.results()
    assert r.score == 0.5 and r.per_tag["t"].correct == 1 and r.percent == 50.0


# -- properties over random banks and random play ----------------------------------------------

TAGS = st.sampled_from(["people", "dates", "places", "counts"])


@st.composite
def questions(draw: st.DrawFn, qid: str) -> Question:
    tags = tuple(draw(st.lists(TAGS, max_size=2)))
    points = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]))
    hint = draw(st.none() | st.just("a hint"))
    kind = draw(st.sampled_from(["choice", "multi", "order", "claim", "number"]))
    match kind:
        case "choice":
            q = choice(qid)
        case "multi":
            q = multi(qid)
        case "order":
            n = draw(st.integers(2, 5))
            q = order(qid, tuple(f"item {i}" for i in range(n)))
        case "claim":
            q = claim(qid, draw(st.sampled_from(VERDICTS)))
        case _:
            q = number(qid, float(draw(st.integers(0, 5000))))
    return Question(
        id=q.id,
        kind=q.kind,
        prompt=q.prompt,
        answer=q.answer,
        choices=q.choices,
        items=q.items,
        tags=tags,
        points=points,
        hint=hint,
    )


@st.composite
def banks(draw: st.DrawFn, min_size: int = 0, max_size: int = 10) -> list[Question]:
    n = draw(st.integers(min_size, max_size))
    return [draw(questions(f"q{i}")) for i in range(n)]


configs = st.builds(
    SessionConfig,
    mode=st.sampled_from(["practice", "exam", "review", "mistakes"]),
    seed=st.integers(0, 2**32),
    shuffle=st.booleans(),
    limit=st.none() | st.integers(0, 12),
    tags=st.lists(TAGS, max_size=2).map(tuple),
)
# For the state machine: every question is asked, so the run lasts long enough to explore.
full_runs = st.builds(
    SessionConfig,
    mode=st.sampled_from(["practice", "exam"]),
    seed=st.integers(0, 2**32),
    shuffle=st.booleans(),
)


def check_results(session: Session) -> None:
    r = session.results()
    assert 0 <= r.score <= r.max_score
    assert 0 <= r.percent <= 100
    assert r.answers == session.answers
    assert tuple(a.presented for a in r.answers) + r.unanswered == session.presented
    # Finished (or timed out): over the whole run; stopped, or still going: over the answers.
    counted = session.presented if r.status != "stopped" else [a.presented for a in r.answers]
    assert r.max_score == pytest.approx(sum(p.question.points for p in counted))
    assert r.status == (session.status or "stopped")
    assert r.elapsed == pytest.approx(sum(a.elapsed for a in r.answers))
    for tag, ts in r.per_tag.items():
        mine = [a for a in r.answers if tag in (a.presented.question.tags or (UNTAGGED,))]
        assert ts.answered == len(mine)
        assert ts.correct == sum(a.grade.correct for a in mine)
        assert ts.score == pytest.approx(sum(a.score for a in mine))
        assert 0 <= ts.score <= ts.max_score
        assert ts.correct <= ts.answered
    # With at most one tag a question, the tags partition the run: their sums are the totals.
    if all(len(set(p.question.tags)) <= 1 for p in session.presented):
        assert sum(t.score for t in r.per_tag.values()) == pytest.approx(r.score)
        assert sum(t.max_score for t in r.per_tag.values()) == pytest.approx(r.max_score)
        assert sum(t.answered for t in r.per_tag.values()) == len(r.answers)


@settings(max_examples=100)
@given(bank=banks(), config=configs, data=st.data())
def test_any_play_gives_consistent_results(bank, config, data) -> None:
    session = Session(bank, config)
    wanted = {t.casefold() for t in config.tags}
    kept = [q for q in bank if not wanted or wanted & {t.casefold() for t in q.tags}]
    assert session.total == (len(kept) if config.limit is None else min(config.limit, len(kept)))
    shown = [p.question.id for p in session.presented]
    if config.shuffle:
        assert set(shown) <= {q.id for q in kept} and len(set(shown)) == len(shown)
    else:
        assert shown == [q.id for q in kept[: session.total]]
    while not session.finished:
        p = session.current
        assert p is not None
        how = data.draw(st.sampled_from(["right", "wrong", "skip", "hint-right", "stop"]))
        if how == "stop":
            session.finish()
        elif how == "skip":
            session.skip(1.0)
        else:
            if how == "hint-right":
                session.hint()
            session.answer(right_response(p) if how != "wrong" else wrong_response(p), 1.0)
        assert session.score <= session.max_score
    check_results(session)


class SessionMachine(RuleBasedStateMachine):
    """Any interleaving of hint/answer/skip/finish, checked against a simple model."""

    @initialize(bank=banks(min_size=1, max_size=8) | banks(max_size=2), config=full_runs | configs)
    def start(self, bank: list[Question], config: SessionConfig) -> None:
        self.session = Session(bank, config)
        self.ended = False
        self.hint_taken = False
        self.streak = 0
        self.best = 0

    def over(self) -> bool:
        return self.ended or self.session.position >= self.session.total

    def _answered(self, record: AnswerRecord, before: Presented) -> None:
        assert record.presented == before
        assert record.hint_used == self.hint_taken
        expected = record.grade.credit * (0.5 if self.hint_taken else 1.0)
        assert record.credit == expected
        assert record.score == expected * before.question.points
        self.hint_taken = False
        self.streak = self.streak + 1 if record.credit == 1 else 0
        self.best = max(self.best, self.streak)

    @rule(kind=st.sampled_from(["right", "wrong", "junk"]), junk=st.text(max_size=8))
    def answer(self, kind: str, junk: str) -> None:
        if self.over():
            with pytest.raises(SessionOver):
                self.session.answer("x", 1.0)
            return
        before = self.session.current
        assert before is not None
        response = {"right": right_response, "wrong": wrong_response}.get(kind, lambda _: junk)(
            before
        )
        position = self.session.position
        try:
            record = self.session.answer(response, 1.0)
        except NotAnAnswer:
            assert self.session.position == position and self.session.current == before
            assert self.session.hint_taken == self.hint_taken
            return
        assert kind != "right" or record.grade.correct
        self._answered(record, before)

    @rule(elapsed=st.floats(0, 100))
    def skip(self, elapsed: float) -> None:
        if self.over():
            with pytest.raises(SessionOver):
                self.session.skip(elapsed)
            return
        before = self.session.current
        record = self.session.skip(elapsed)
        assert record.skipped and record.credit == 0 and record.elapsed == elapsed
        self._answered(record, before)  # type: ignore[arg-type]

    @rule()
    def hint(self) -> None:
        if self.over():
            with pytest.raises(SessionOver):
                self.session.hint()
            return
        has_hint = self.session.current.question.hint is not None  # type: ignore[union-attr]
        has_hint = has_hint and self.session.config.allows_hints  # off in exam mode
        assert (self.session.hint() is not None) == has_hint
        self.hint_taken = self.hint_taken or has_hint

    @rule()
    def finish(self) -> None:
        self.session.finish()
        self.ended = True

    @invariant()
    def consistent(self) -> None:
        s = self.session
        assert s.position == len(s.answers) <= s.total
        assert s.finished == self.over()
        assert (s.current is None) == s.finished
        if s.current is not None:
            assert s.current.number == s.position + 1
            assert s.current == s.presented[s.position]
        assert s.hint_taken == self.hint_taken
        assert s.score == pytest.approx(sum(a.score for a in s.answers))
        assert s.max_score == pytest.approx(sum(a.presented.question.points for a in s.answers))
        assert 0 <= s.score <= s.max_score
        assert (s.streak, s.best_streak) == (self.streak, self.best)
        assert 0 <= s.streak <= s.best_streak <= len(s.answers)
        check_results(s)


SessionMachine.TestCase.settings = settings(
    max_examples=75, stateful_step_count=30, suppress_health_check=[HealthCheck.too_slow]
)
test_session_machine = SessionMachine.TestCase


# -- house rules -------------------------------------------------------------------------------


def test_session_is_pure() -> None:
    """No front end, no I/O, no clock: the session must be replayable from its inputs."""
    import quiz.session

    tree = ast.parse(Path(quiz.session.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    forbidden = (
        "textual",
        "quiz.tui",
        "quiz.cli",
        "quiz.plain",
        "quiz.store",
        "time",
        "datetime",
        "os",
        "io",
        "pathlib",
        "sqlite3",
        "socket",
        "subprocess",
    )
    assert not [m for m in imported for f in forbidden if m == f or m.startswith(f + ".")]
    assert "open(" not in Path(quiz.session.__file__).read_text(encoding="utf-8")
