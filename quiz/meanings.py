"""What a run's words mean, said once for every front end: modes and their book rules,
outcomes (right, partly right, wrong: "verdict" is only ever a claim's supported / refuted /
not in the article), run statuses and how a run ended, empty-run reasons, the cost of aids,
how figures and times are written, and how to answer each kind.

Pure and light (no grader, no Textual): the app's first frame shows a question's instructions.

Format help never uses one of the bank's own values as its example: "e.g. 478" under a
question whose answer is 478 gives the answer away. `examples(bank)` picks, for each shape,
the first candidate that is not an answer, accepted form, choice or item of any question
in the bank (nor a number or year written in one)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, get_args

from quiz import lazy

if TYPE_CHECKING:
    from quiz.bank import model
    from quiz.bank.model import Question
else:
    model = lazy.module("quiz.bank.model")  # the command line imports the modes only

# --- modes ----------------------------------------------------------------------------------

Mode = Literal["practice", "exam", "review", "mistakes"]
MODES: tuple[Mode, ...] = get_args(Mode)
"""Every mode, in the order the command line and Home list them."""

MODE_ABOUT: dict[Mode, str] = {  # one line each, in the order of MODES
    "practice": "the proof after every answer",
    "exam": "closed book, no feedback until the end",
    "review": "due questions first, then new",
    "mistakes": "the ones you last got wrong",
}

CLOSED_BOOK_MODES = frozenset({"exam"})
"""Modes without hints or the article until the end, unless the teacher opens them."""


def hints_allowed(mode: str, hints: bool | None) -> bool:
    """`hints`: the teacher's --hints (True), or None for the mode's default."""
    return hints if hints is not None else mode not in CLOSED_BOOK_MODES


def source_allowed(mode: str, open_book: bool | None) -> bool:
    """Whether the article may be opened before a question is answered."""
    return open_book if open_book is not None else mode not in CLOSED_BOOK_MODES


UNTAGGED = "untagged"
"""The tag a question without tags is counted under (a run's `per_tag`, the stats)."""

# --- aids and their cost ----------------------------------------------------------------------

AID_FACTOR = 0.5
"""A hint, or the article opened before answering, multiplies that answer's credit by this."""

HINT_COST = "a hint halves the credit"
SOURCE_COST = "opening the article before you answer halves the credit, as a hint does"
SOURCE_CONFIRM = (
    "Open the article before answering? It halves this question's credit, as a hint does."
)
NO_HINTS = "Hints are off in this run."
NO_SOURCE = "The article is closed until the end of this run."
NO_HINT_HERE = "This question has no hint."

# --- outcomes (one threshold for both front ends) ---------------------------------------------

RIGHT_AT = 1.0
"""The credit (after aids) from which an answer counts as right; above 0 and below it, partly
right; 0, wrong."""


def is_right(credit: float) -> bool:
    """Fully right: what "correct" means in the results document, and what mistakes mode skips."""
    return credit >= RIGHT_AT


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an answer went, as the learner reads it: a symbol and a word, never colour alone."""

    symbol: str
    word: str
    variant: str  # success, warning, error, muted: the app's colour

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.word}"


RIGHT = Outcome("✓", "Right", "success")
PARTLY = Outcome("◐", "Partly right", "warning")
WRONG = Outcome("✗", "Wrong", "error")
SKIPPED = Outcome("↷", "Skipped", "error")
UNANSWERED = Outcome("–", "Not answered", "muted")

SKIPPED_ANSWER = "(skipped)"
"""What a skipped question shows as the learner's answer."""


def outcome(credit: float | None, skipped: bool = False) -> Outcome:
    """The credit after aids decides (see RIGHT_AT); None: not answered."""
    if credit is None:
        return UNANSWERED
    if skipped:
        return SKIPPED
    if is_right(credit):
        return RIGHT
    return PARTLY if credit > 0 else WRONG


def answer_joiner(kind: str) -> str:
    """How the options a learner picked are joined: an order reads as a sequence."""
    return " → " if kind == "order" else ", "


# --- run statuses -----------------------------------------------------------------------------

FINISHED, STOPPED, TIMED_OUT = "finished", "stopped", "timed-out"
STATUSES = (FINISHED, STOPPED, TIMED_OUT)
UNFINISHED = "unfinished"  # a run still going, or whose process was killed
COMPLETE_STATUSES = frozenset({FINISHED, TIMED_OUT})
"""Runs whose score is over every question asked: the only ones a bank's last score uses.
A timed-out exam counts what was not reached as 0; a stopped run counts only its answers."""


def status_text(status: str | None, answered: int, questions: int | None) -> str:
    """ "finished", "stopped after 26 of 58", "timed out after 10 of 20"."""
    of = f" of {questions}" if questions is not None else ""
    if status == FINISHED:
        return FINISHED
    if status == TIMED_OUT:
        return f"timed out after {answered}{of}"
    if status == STOPPED:
        return f"stopped after {answered}{of}"
    return f"unfinished after {answered}{of}"


def ending_note(status: str | None, answered: int, questions: int) -> str | None:
    """Under a run's score, how it ended when it did not finish: what the score is over."""
    if status == STOPPED:
        return (
            f"Stopped after {answered} of {questions} questions: "
            "the score is over the questions answered."
        )
    if status == TIMED_OUT:
        return (
            f"Timed out after {answered} of {questions} questions: those not answered count as 0."
        )
    return None


TIME_UP = "Time is up."
"""Said when a time limit ends, before the results."""


def percent(score: float | None, max_score: float | None) -> float | None:
    """Rounded to one decimal, as every report shows it; None when there is nothing to count."""
    if score is None or not max_score:
        return None
    return round(100.0 * score / max_score, 1)


# --- figures and times ---------------------------------------------------------------------------


def points(value: float) -> str:
    """Points, scores and credit as both front ends write them: at most two decimals, thousands
    with a comma (2,600), no ".0"."""
    return model.format_number(round(value, 2))


def figure(value: float | None, suffix: str = "") -> str:
    """A figure of the stats: 33.3333, 1, 12.5%; "–" for one there is nothing to count for."""
    return "–" if value is None else f"{value:g}{suffix}"


def iso(moment: datetime) -> str:
    """A moment as the store, the results document and the stats write it: ISO-8601 in UTC, to
    the microsecond (always six digits, so that times written alike sort as text in time
    order). A naive datetime is refused: its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def local_minute(text: str | None) -> str:
    """ "2025-03-01 09:05", in local time, for a time written by `iso`: minutes are enough to
    tell runs apart. "never" for none; text that is not a time is shown as it is."""
    if not text:
        return "never"
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


# --- empty runs --------------------------------------------------------------------------------


def empty_reason(mode: str) -> str:
    """Why a run has no questions, said where its first question would be."""
    if mode == "mistakes":
        return "No mistakes to practise: every question you have answered was fully right."
    if mode == "review":
        return "Nothing is due for review, and every question has been answered."
    return "No questions to ask."


# --- examples that are not answers ---------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_WORDS = re.compile(r"[^\W\d_]+")

NUMBER_DIGITS = ("3,600", "1,250", "2,750", "4,125", "6,030", "7,480", "8,215", "9,640")
NUMBER_WORDS = (
    ("sixty-three", 63),
    ("forty-one", 41),
    ("ninety-two", 92),
    ("eighty-seven", 87),
    ("seventy-six", 76),
    ("thirty-four", 34),
)
YEARS = (1987, 1993, 1961, 2031, 1978, 1949, 2043, 1956)
MONTHS = ("March", "October", "June", "November", "February", "August")
DAYS = (15, 23, 9, 27, 4, 18)
_MONTH_NUMBER = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Examples:
    """Example values for the bank being played, none of them one of its values."""

    digits: str
    words: str
    year: str
    month: str
    day: str


def _bank_values(questions: Iterable[Question]) -> tuple[set[float], set[str], set[int]]:
    """Numbers, words and month numbers that appear in any answer, accept form, choice or item."""
    numbers: set[float] = set()
    words: set[str] = set()
    months: set[int] = set()
    for q in questions:
        texts: list[str] = [*q.accept, *q.choices, *q.items]
        answer = q.answer
        if isinstance(answer, tuple | list):
            texts += [str(a) for a in answer]
        elif isinstance(answer, float | int):
            numbers.add(float(answer))
        elif hasattr(answer, "year"):  # a DateValue
            numbers.add(float(answer.year))  # type: ignore[union-attr]
            if answer.month is not None:  # type: ignore[union-attr]
                months.add(answer.month)  # type: ignore[union-attr]
            if answer.day is not None:  # type: ignore[union-attr]
                numbers.add(float(answer.day))  # type: ignore[union-attr]
        else:
            texts.append(str(answer))
        for text in texts:
            # Generous on purpose: "2,600", "12.5", and each run of digits on its own.
            for m in _DIGITS.finditer(text):
                numbers.add(float(m.group().replace(",", "")))
            numbers.update(float(run) for run in re.findall(r"\d+", text))
            for w in _WORDS.findall(text.casefold()):
                words.add(w)
                if w in _MONTH_NUMBER:
                    months.add(_MONTH_NUMBER[w])
    return numbers, words, months


def _first(candidates: Sequence[str], ok: object) -> str:
    for c in candidates:
        if ok(c):  # type: ignore[operator]
            return c
    return candidates[0]  # pragma: no cover - needs a bank using every candidate


def examples_for(questions: Sequence[Question]) -> Examples:
    numbers, words, months = _bank_values(questions)
    # A number within a question's tolerance is an accepted form of its answer.
    near = [
        (float(q.answer), abs(q.tolerance or 0.0))
        for q in questions
        if isinstance(q.answer, float | int) and q.tolerance
    ]

    def free(value: float) -> bool:
        return value not in numbers and all(abs(value - a) > t for a, t in near)

    def number_ok(text: str) -> bool:
        return free(float(text.replace(",", "")))

    def words_ok(pair: tuple[str, int]) -> bool:
        name, value = pair
        return free(value) and not set(name.split("-")) & words

    year = _first([str(y) for y in YEARS], lambda y: free(float(y)))
    free_months = [m for m in MONTHS if _MONTH_NUMBER[m.lower()] not in months] or list(MONTHS)
    month_name = free_months[0]
    day = _first([str(d) for d in DAYS], lambda d: free(float(d)))
    spelled = next((p for p in NUMBER_WORDS if words_ok(p)), NUMBER_WORDS[0])[0]
    return Examples(
        digits=_first(NUMBER_DIGITS, number_ok),
        words=spelled,
        year=year,
        month=f"{month_name} {year}",
        day=f"{day} {month_name} {year}",
    )


_CACHE: dict[int, tuple[Sequence[Question], Examples]] = {}


def examples(questions: Sequence[Question]) -> Examples:
    """`examples_for`, computed once per bank (keyed on its tuple of questions)."""
    key = id(questions)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is questions:
        return hit[1]
    found = examples_for(questions)
    _CACHE[key] = (questions, found)
    return found


# --- how to answer ------------------------------------------------------------------------------


def _range(n: int) -> str:
    return "1" if n <= 1 else f"1-{min(n, 9)}"


def typed_help(question: Question, bank_questions: Sequence[Question]) -> str:
    """The shape of a typed answer (number, date, text), with examples that are not answers."""
    ex = examples(bank_questions)
    match question.kind:
        case "number":
            unit = f" (unit: {question.unit})" if question.unit else ""
            return f"Type a number in digits or words, e.g. {ex.digits} or {ex.words}{unit}."
        case "date":
            precision = getattr(question.answer, "precision", "year")
            if precision == "day":
                return f"Type the day, month and year, e.g. {ex.day}."
            if precision == "month":
                return f"Type the month and year, e.g. {ex.month}."
            return f"Type the year, e.g. {ex.year}."
        case _:
            return "Type your answer."


def placeholder(question: Question, bank_questions: Sequence[Question]) -> str:
    """The empty input box's text in the app: the shape only."""
    ex = examples(bank_questions)
    match question.kind:
        case "number":
            return f"a number, e.g. {ex.digits}"
        case "date":
            precision = getattr(question.answer, "precision", "year")
            return {"day": f"e.g. {ex.day}", "month": f"e.g. {ex.month}"}.get(
                precision, f"a year, e.g. {ex.year}"
            )
        case _:
            return "your answer"


def app_instructions(question: Question, options: int, bank_questions: Sequence[Question]) -> str:
    """One line under the prompt in the app on how to answer this kind."""
    keys = _range(options)
    match question.kind:
        case "choice":
            return f"Pick one: {keys} or ↑ ↓, then Enter."
        case "claim":
            return f"Is the claim supported, refuted, or not in the article? {keys}, then Enter."
        case "multi":
            return f"Pick all that apply: {keys} or Space toggles, then Enter."
        case "order":
            return "Put them in order: ↑ ↓ choose, u / d move, then Enter."
        case _:
            return typed_help(question, bank_questions)[:-1] + ", then Enter."


def plain_instructions(question: Question, options: int, bank_questions: Sequence[Question]) -> str:
    """How to answer in line mode."""
    match question.kind:
        case "choice":
            letters = "abcdefghi"[: min(options, 9)]
            return (
                f"Answer with a number ({_range(options)}), a letter "
                f"({letters[0]}-{letters[-1]}) or the option's text."
            )
        case "multi":
            return "Choose all that apply: their numbers, separated by commas or spaces."
        case "order":
            return "Give every number once, in the right order, separated by spaces."
        case "claim":
            return "Is this claim supported, refuted, or not in the article? (s / r / n)"
        case _:
            return typed_help(question, bank_questions)


def multi_nothing_picked(options: int) -> str:
    """The app's message for Enter with no pick (the grader's speaks of typing)."""
    return f"pick at least one: {_range(options)} or Space toggles, then Enter"
