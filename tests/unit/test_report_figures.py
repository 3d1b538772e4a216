"""The report's statistics against figures worked out by hand (and, for the covariances, by a
tiny independent implementation with the statistics module)."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.report.build import build_report
from quiz.report.figures import question_figures, question_flags, whole_test_figures
from quiz.report.model import AnswerData, Attempt


def attempt(
    student: str,
    marks: list[float | None],
    *,
    status: str = "finished",
    started: str | None = None,
    version: str | None = "v1",
    points: float = 1.0,
) -> Attempt:
    """A run of questions q1..qn; None: shown but never reached."""
    answers = tuple(
        AnswerData(f"q{i}", i, "number", f"Q{i}?", (), "x", None, (), m, points, False, 1.0, None)
        for i, m in enumerate(marks, start=1)
        if m is not None
    )
    presented = tuple((f"q{i}", points) for i in range(1, len(marks) + 1))
    return Attempt(
        student, "bank", "Bank", version, None, status, "exam",
        started or f"2025-01-01T09:00:{len(student):02d}", None, 60.0, presented, answers,
        f"{student}.json",
    )  # fmt: skip


# Five students, three questions worth 1 point each.
#            q1 q2 q3   total
MATRIX = {
    "A": [1, 1, 1],  # 3
    "B": [1, 1, 0],  # 2
    "C": [1, 0, 0],  # 1
    "D": [0, 1, 0],  # 1
    "E": [0, 0, 0],  # 0
}


def test_question_figures_by_hand() -> None:
    # q1: marks 1 1 1 0 0 (mean 0.6), rest = total - q1 = 2 1 0 1 0 (mean 0.8).
    # Deviations x: .4 .4 .4 -.6 -.6;  rest: 1.2 .2 -.8 .2 -.8
    # sum dx*dr = .48 + .08 - .32 - .12 + .48 = 0.6  -> cov = 0.6 / 4 = 0.15
    # var x = (3 * .16 + 2 * .36) / 4 = 0.3;  var rest = (1.44 + .04 + .64 + .04 + .64) / 4 = 0.7
    # r = 0.15 / sqrt(0.3 * 0.7) = 0.32733
    # sorted x: 0 0 1 1 1, sorted rest: 0 0 1 1 2 -> devs -.6 -.6 .4 .4 .4 / -.8 -.8 .2 .2 1.2
    # sum = .48 + .48 + .08 + .08 + .48 = 1.6 -> covmax = 0.4; efficiency = 0.15 / 0.4 = 37.5%
    f = question_figures([1, 1, 1, 0, 0], [2, 1, 0, 1, 0], 1)
    assert f.facility == pytest.approx(60)
    assert f.sd == pytest.approx(100 * math.sqrt(0.3))
    assert f.discrimination_index == pytest.approx(100 * 0.15 / math.sqrt(0.21))
    assert f.discriminative_efficiency == pytest.approx(37.5)


def test_facility_and_sd_are_percent_of_the_question_maximum() -> None:
    # Marks out of 2: 2 1 0 -> mean 1 = 50 %, sd 1 = 50 % of 2.
    f = question_figures([2, 1, 0], [3, 2, 0], 2)
    assert (f.facility, f.sd) == (pytest.approx(50), pytest.approx(50))


def test_figures_agree_with_an_independent_implementation() -> None:
    marks = [0.5, 1, 0, 1, 0.25, 1, 0]
    rests = [4, 6, 1, 5, 3, 2, 1]
    f = question_figures(marks, rests, 1)
    cov = statistics.covariance(marks, rests)
    assert f.discrimination_index == pytest.approx(100 * statistics.correlation(marks, rests))
    covmax = statistics.covariance(sorted(marks), sorted(rests))
    assert f.discriminative_efficiency == pytest.approx(100 * cov / covmax)
    assert f.sd == pytest.approx(100 * statistics.stdev(marks))


def test_whole_test_by_hand() -> None:
    # Item variances (n - 1): q1 0.3, q2 0.3, q3 0.2; totals 3 2 1 1 0: mean 1.4,
    # var = (2.56 + .36 + .16 + .16 + 1.96) / 4 = 1.3.
    # alpha = 3/2 * (1 - 0.8 / 1.3) = 0.576923 -> 57.69 %
    # percents 100 66.7 33.3 33.3 0: mean 46.67, median 33.33, sd = 100/3 * sqrt(1.3)
    # error ratio = 100 * sqrt(1 - 0.576923) = 65.04 %; standard error = 0.6504 * sd
    report = build_report(attempt(n, m) for n, m in MATRIX.items())
    t = report.groups[0].test
    assert (t.students, t.questions) == (5, 3)
    assert t.mean == pytest.approx(140 / 3)
    assert t.median == pytest.approx(100 / 3)
    sd = 100 / 3 * math.sqrt(1.3)
    assert t.sd == pytest.approx(sd)
    alpha = 1.5 * (1 - 0.8 / 1.3)
    assert t.alpha == pytest.approx(100 * alpha)
    assert t.error_ratio == pytest.approx(100 * math.sqrt(1 - alpha))
    assert t.standard_error == pytest.approx(math.sqrt(1 - alpha) * sd)
    q1 = report.groups[0].questions[0]
    assert q1.figures.discriminative_efficiency == pytest.approx(37.5)


def test_everyone_right() -> None:
    report = build_report(attempt(n, [1, 1]) for n in "ABCD")
    g = report.groups[0]
    for q in g.questions:
        assert (q.figures.facility, q.figures.sd) == (100, 0)
        assert q.figures.discrimination_index is None  # no spread: undefined, not 0
        assert q.figures.discriminative_efficiency is None
        assert q.flags == ["too-easy"]
    assert g.test.mean == 100 and g.test.sd == 0
    assert g.test.alpha is None and g.test.error_ratio is None  # total variance 0


def test_one_student_gives_no_statistics() -> None:
    report = build_report([attempt("A", [1, 0, 1])])
    g = report.groups[0]
    assert [s.percent for s in g.students] == [pytest.approx(200 / 3)]
    assert all(q.figures.facility is None for q in g.questions)
    assert all(q.flags == ["few-attempts"] for q in g.questions)
    t = g.test
    assert (t.students, t.mean, t.median, t.sd, t.alpha) == (1, None, None, None, None)


def test_a_question_nobody_reached() -> None:
    # Everyone timed out before q3: it counts 0 in their scores but carries no statistics.
    rows = {"A": [1, 1, None], "B": [1, 0, None], "C": [0, 0, None], "D": [0, 1, None]}
    report = build_report(attempt(n, m, status="timed-out") for n, m in rows.items())
    g = report.groups[0]
    q3 = g.questions[2]
    assert (q3.id, q3.attempts, q3.answered) == ("q3", 4, 0)
    assert q3.figures.facility is None and q3.flags == ["not-reached"]
    assert [s.max_score for s in g.students] == [3, 3, 3, 3]
    assert g.test.students == 4 and g.test.alpha is not None


def test_flags_thresholds() -> None:
    f = question_figures([0, 0, 0, 1, 0, 0], [0, 1, 2, 3, 4, 5], 1)
    assert f.facility == pytest.approx(100 / 6)
    assert "too-hard" in question_flags(f, 6, 6)
    neg = question_figures([1, 1, 0, 0], [0, 1, 2, 3], 1)
    assert neg.discrimination_index is not None and neg.discrimination_index < 0
    assert question_flags(neg, 4, 4) == ["negative-discrimination"]
    assert question_flags(question_figures([1, 0, 1], [1, 1, 0], 1), 2, 2) == ["few-attempts"]


def test_only_the_first_finished_attempt_counts_and_stopped_runs_are_listed() -> None:
    attempts = [
        attempt("A", [0, 0], status="stopped", started="2025-01-01T08:00:00"),
        attempt("A", [1, 1], started="2025-01-01T09:00:00"),
        attempt("A", [0, 1], started="2025-01-01T10:00:00"),
        attempt("B", [1, 0]),
        attempt("C", [0, 0]),
    ]
    g = build_report(attempts).groups[0]
    rows = [(s.name, s.status, s.counted, s.score) for s in g.students]
    assert rows == [
        ("A", "stopped", False, 0),
        ("A", "finished", True, 2),
        ("A", "finished", False, 1),
        ("B", "finished", True, 1),
        ("C", "finished", True, 0),
    ]
    assert g.test.students == 3
    every = build_report(attempts, all_attempts=True).groups[0]
    assert every.test.students == 4


def test_bank_versions_are_not_mixed() -> None:
    attempts = [attempt(n, [1, 0], version="v1") for n in "ABC"] + [
        attempt("D", [1, 1], version="v2")
    ]
    report = build_report(attempts)
    assert [(g.version, g.test.students) for g in report.groups] == [("v1", 3), ("v2", 1)]
    assert any("2 versions" in note for note in report.notes)


def test_the_same_run_read_twice_counts_once() -> None:
    a = attempt("A", [1, 0], started="2025-01-01T09:00:00.123+00:00")
    b = attempt("A", [1, 0], started="2025-01-01T09:00:00.123456+00:00")
    assert len(build_report([a, b]).groups[0].students) == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=3, max_size=3),
        min_size=3,
        max_size=9,
    ),
    st.randoms(use_true_random=False),
)
def test_figures_do_not_depend_on_the_order_of_students(rows, rnd) -> None:
    attempts = [attempt(f"s{i}", list(r)) for i, r in enumerate(rows)]
    shuffled = attempts[:]
    rnd.shuffle(shuffled)
    a, b = build_report(attempts).groups[0], build_report(shuffled).groups[0]
    assert a.test == b.test
    assert [q.figures for q in a.questions] == [q.figures for q in b.questions]
    assert [q.flags for q in a.questions] == [q.flags for q in b.questions]


def test_test_figures_need_two_questions() -> None:
    t = whole_test_figures([50, 60, 70], [1, 2, 3], [[1, 2, 3]])
    assert (t.students, t.questions, t.alpha, t.mean) == (3, 1, None, None)
