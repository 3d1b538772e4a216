"""The statistics of a report, with Moodle's definitions (docs/report.md has the formulas).

Pure functions of lists of marks: no I/O, no order dependence beyond what the formulas sort.
Variances and covariances are sample ones (divided by n - 1) throughout. A figure whose
denominator is 0, or that needs more students than there are, is None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_STUDENTS = 3  # fewer attempts than this: no statistics
MIN_QUESTIONS = 2  # for the whole-test figures
# Thresholds of the question flags (percent).
TOO_EASY = 90.0  # facility above
TOO_HARD = 20.0  # facility below
WEAK_DISCRIMINATION = 30.0  # discrimination index below (and not negative)
# Below this (relative to the scale of the marks) a variance is rounding noise, not spread:
# marks that are all equal must not give a discrimination out of float error.
_EPSILON = 1e-9


def mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def median(xs: Sequence[float]) -> float:
    ordered = sorted(xs)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (n - 1); needs at least two pairs."""
    mx, my = mean(xs), mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def variance(xs: Sequence[float]) -> float:
    return covariance(xs, xs)


def _zero(value: float, scale: float) -> bool:
    return value <= _EPSILON * max(1.0, scale)


@dataclass(frozen=True, slots=True)
class QuestionFigures:
    facility: float | None  # mean mark as % of the question's maximum
    sd: float | None  # sample SD of the marks as % of the maximum
    discrimination_index: float | None  # 100 x r(marks, rest of the test)
    discriminative_efficiency: float | None  # 100 x cov(marks, rest) / largest possible cov


def question_figures(
    marks: Sequence[float], rests: Sequence[float], max_mark: float
) -> QuestionFigures:
    """The figures of one question from each student's mark on it and on the rest of the test
    (their total minus this mark), pair by pair. None below MIN_STUDENTS students."""
    n = len(marks)
    if n < MIN_STUDENTS or max_mark <= 0:
        return QuestionFigures(None, None, None, None)
    facility = 100 * mean(marks) / max_mark
    var_x = variance(marks)
    var_rest = variance(rests)
    sd = 100 * math.sqrt(max(var_x, 0.0)) / max_mark
    x_scale = max_mark * max_mark
    rest_scale = max(1.0, max(abs(r) for r in rests)) ** 2
    if _zero(var_x, x_scale):
        sd = 0.0
    if _zero(var_x, x_scale) or _zero(var_rest, rest_scale):
        return QuestionFigures(facility, sd, None, None)
    cov = covariance(marks, rests)
    index = 100 * cov / math.sqrt(var_x * var_rest)
    # The largest covariance marks and rests could have: both sorted the same way, so the
    # best students on the rest also have the best marks here.
    cov_max = covariance(sorted(marks), sorted(rests))
    efficiency = None if _zero(cov_max, math.sqrt(x_scale * rest_scale)) else 100 * cov / cov_max
    return QuestionFigures(facility, sd, index, efficiency)


def question_flags(figures: QuestionFigures, attempts: int, answered: int) -> list[str]:
    """What a teacher should look at (docs/report.md): thresholds above."""
    if answered == 0:
        return ["not-reached"]
    if attempts < MIN_STUDENTS:
        return ["few-attempts"]
    flags = []
    if figures.facility is not None and figures.facility > TOO_EASY:
        flags.append("too-easy")
    if figures.facility is not None and figures.facility < TOO_HARD:
        flags.append("too-hard")
    index = figures.discrimination_index
    if index is not None and index < 0:
        flags.append("negative-discrimination")
    elif index is not None and index < WEAK_DISCRIMINATION:
        flags.append("weak-discrimination")
    return flags


@dataclass(frozen=True, slots=True)
class WholeTestFigures:
    students: int
    questions: int
    mean: float | None  # of the students' percents
    median: float | None
    sd: float | None  # sample SD of the percents
    alpha: float | None  # Cronbach's coefficient, %
    error_ratio: float | None  # %
    standard_error: float | None  # in percentage points, like sd


def whole_test_figures(
    percents: Sequence[float],
    totals: Sequence[float],
    question_marks: Sequence[Sequence[float]],
) -> WholeTestFigures:
    """Whole-test figures from each student's percent and total mark, and each question's marks
    (over the students shown it). None unless MIN_STUDENTS students and MIN_QUESTIONS questions.
    """
    n, k = len(percents), len(question_marks)
    if n < MIN_STUDENTS or k < MIN_QUESTIONS:
        return WholeTestFigures(n, k, None, None, None, None, None, None)
    sd = math.sqrt(max(variance(percents), 0.0))
    var_total = variance(totals)
    alpha = error_ratio = standard_error = None
    if not _zero(var_total, max(1.0, max(abs(t) for t in totals)) ** 2):
        item_variances = [variance(m) if len(m) >= 2 else 0.0 for m in question_marks]
        alpha = 100 * k / (k - 1) * (1 - math.fsum(item_variances) / var_total)
        if alpha <= 100:
            error_ratio = 100 * math.sqrt(1 - alpha / 100)
            standard_error = error_ratio / 100 * sd
    return WholeTestFigures(
        n, k, mean(percents), median(percents), sd, alpha, error_ratio, standard_error
    )
